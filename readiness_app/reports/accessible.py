"""The accessible version of any printed document: HTML with real headings, lists and tables.

reportlab writes untagged PDFs, which a screen reader reads as a stream of lines (and the
timetable's grid in no sensible order). The same story every builder hands back is walked
here into an outline (`outline`: headings, paragraphs, lists, tables), written as HTML here
and as Word in accessible_word.py, so both versions say the same in the same order: the
title as <h1>, each bookmarked heading one level below it, paragraphs, bullet lists, tables
with header cells (`<th scope="col">` for a header row, `<th scope="row">` for a key/value
block), in the PDF's own order, with the protective marking at the top and the bottom.
Nothing is rewritten per document: a flowable that draws a picture (the timetable's day
grid) says what it shows through an `accessible_content()` method returning ordinary
flowables, which are written instead.

No Qt and no reportlab import at module level: `render` imports this only for .html and .docx.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from readiness_app.reports.audience import footer
from readiness_app.reports.document import PageFurniture
from readiness_app.reports.options import Story

HEADING_STYLES = {"title": 1, "h1": 2, "h2": 3, "h3": 4}

# colours, fonts and sizes are the reader's: only layout and a visible focus are set
CSS = """
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; line-height: 1.45; max-width: 60em;
       margin: 1em auto; padding: 0 1em; }
table { border-collapse: collapse; margin: 0.6em 0 1em; width: 100%; }
th, td { border: 1px solid currentColor; padding: 0.25em 0.4em; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: bold; }
.marking { font-weight: bold; text-align: center; letter-spacing: 0.05em; }
.notice { border: 2px solid currentColor; padding: 0.4em 0.6em; }
.muted, .subtitle { font-style: italic; }
a:focus { outline: 3px solid; }
"""


def story_html(story: Story, furniture: PageFurniture) -> str:
    """The whole document as one HTML page (UTF-8, lang en-GB)."""
    body = blocks_html(outline(story))
    marking = f'<p class="marking">{_e(furniture.marking)}</p>\n' if furniture.marking else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(story.title)} - {_e(furniture.council)}</title>\n"
        f'<meta name="description" content="{_e(story.subject or story.title)}">\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        f"<header>\n{marking}<p>{_e(furniture.council)}: {_e(story.title)}</p>\n</header>\n"
        f"<main>\n{body}</main>\n"
        f"<footer>\n<p>{_e(furniture.generated_text)}</p>\n<p>{_e(footer(furniture.audience or None))}</p>\n"
        f"{marking}</footer>\n"
        "</body>\n</html>\n"
    )


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# reportlab paragraph markup -> HTML: keep emphasis, links and line breaks, drop fonts and colours
_KEEP = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "u": "u", "br": "br", "a": "a", "sup": "sup"}
_TAG = re.compile(r"<(/?)([a-zA-Z]+)([^>]*?)(/?)>")


def markup_html(text: str) -> str:
    def tag(m: re.Match) -> str:
        closing, name, attrs, _selfclosing = m.groups()
        kept = _KEEP.get(name.lower())
        if kept is None:
            return ""
        if kept == "br":
            return "<br>"
        if kept == "a" and not closing:
            href = re.search(r'href\s*=\s*["\']([^"\']*)["\']', attrs)
            return f'<a href="{href.group(1)}">' if href else ""
        return f"<{closing}{kept}>"

    return _TAG.sub(tag, text).strip()


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub(" ", text)).strip()


@dataclass
class Heading:
    level: int  # 1 is the document's title; a level is never skipped
    text: str  # inline HTML: <strong>, <em>, <u>, <br>, <a>, <sup> and entities
    section: int | None = None  # the n-th heading the PDF bookmarks


@dataclass
class Para:
    text: str
    style: str = ""  # "", "notice", "muted", "subtitle" or "small"


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Cell:
    column: int
    text: str = ""  # inline markup, or
    blocks: list[Any] = field(default_factory=list)  # a nested table or several paragraphs
    header: str = ""  # "col" (a header row), "row" (the key of a key/value row) or ""
    colspan: int = 1
    rowspan: int = 1


@dataclass
class TableBlock:
    rows: list[list[Cell]]  # empty data rows are left out; a spanned cell's covered places are absent
    header_rows: int
    columns: int


Block = Heading | Para | Bullets | TableBlock


def outline(story: Story) -> list[Block]:
    """The document as headings, paragraphs, lists and tables in the PDF's order: what both the HTML
    and the Word versions are written from."""
    walker = _Outline()
    walker.flowables(story.flowables)
    blocks = walker.finish()
    if not walker.has_h1:  # every document has one top heading a reader can jump to
        blocks.insert(0, Heading(1, _e(story.title)))
    return blocks


def blocks_html(blocks: Sequence[Block]) -> str:
    out = []
    for block in blocks:
        if isinstance(block, Heading):
            anchor = f' id="section-{block.section}"' if block.section is not None else ""
            out.append(f"<h{block.level}{anchor}>{block.text}</h{block.level}>\n")
        elif isinstance(block, Para):
            css = f' class="{block.style}"' if block.style else ""
            out.append(f"<p{css}>{block.text}</p>\n")
        elif isinstance(block, Bullets):
            out.append("<ul>\n" + "".join(f"<li>{b}</li>\n" for b in block.items) + "</ul>\n")
        else:
            out.append(_table_html(block))
    return "".join(out)


def _table_html(table: TableBlock) -> str:
    parts = ["<table>\n"]
    if table.header_rows:
        parts.append("<thead>\n")
    for r, row in enumerate(table.rows):
        if table.header_rows and r == table.header_rows:
            parts.append("</thead>\n<tbody>\n")
        cells = []
        for cell in row:
            attrs = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            attrs += f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            text = cell.text or blocks_html(cell.blocks)
            if cell.header:
                cells.append(f'<th scope="{cell.header}"{attrs}>{text}</th>')
            else:
                cells.append(f"<td{attrs}>{text}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>\n")
    if table.header_rows:
        parts.append("</tbody>\n")
    parts.append("</table>\n")
    return "".join(parts)


class _Outline:
    def __init__(self) -> None:
        self.out: list[Block] = []
        self.bullets: list[str] = []  # an open list
        self.has_h1 = False
        self.last_level = 1  # the document's title is the one level-1 heading
        self.sections = 0  # headings the PDF bookmarks (each gets an id a contents list could link to)

    def finish(self) -> list[Block]:
        self._close_list()
        return self.out

    def _close_list(self) -> None:
        if self.bullets:
            self.out.append(Bullets(self.bullets))
            self.bullets = []

    def flowables(self, items: Iterable[Any]) -> None:
        for item in items:
            self.flowable(item)

    def flowable(self, item: Any) -> None:
        from reportlab.platypus import Paragraph, Table
        from reportlab.platypus.flowables import KeepTogether

        accessible = getattr(item, "accessible_content", None)
        if callable(accessible):
            self.flowables(accessible())
            return
        if isinstance(item, list | tuple):
            self.flowables(item)
        elif isinstance(item, Paragraph):
            self.paragraph(item)
        elif isinstance(item, Table):
            self._close_list()
            self.out.append(self.table(item))
        elif isinstance(item, KeepTogether):
            self.flowables(getattr(item, "_content", []))
        elif hasattr(item, "label") and type(item).__name__ == "NotesBox":
            self._close_list()
            self.out.append(Para(f"{_e(item.label)}: space for notes on the printed copy."))
        # page breaks, spacers and template switches have nothing to say

    def paragraph(self, item: Any) -> None:
        style = getattr(item.style, "name", "body")
        text = markup_html(item.text)
        if getattr(item, "bulletText", None):
            self.bullets.append(text)
            return
        self._close_list()
        if not text:
            return
        level = HEADING_STYLES.get(style.split("-")[0])
        bookmark = getattr(item, "bookmark_text", None) and getattr(item, "bookmark_level", None)
        if level == 1 and self.has_h1:  # a second title (a pack per person): a section of the one page
            level = 2
        if level is not None:
            if level == 1:
                self.has_h1, self.last_level = True, 1
            elif bookmark is not None:  # the PDF's outline level: a section is level 2, a part of it 3
                # never skipping a level (a reader moving by heading would think one was missing)
                level = self.last_level = min(2 + int(bookmark), self.last_level + 1)
            else:  # a small heading inside the latest section
                level = self.last_level + 1
            self.sections += bookmark is not None
            self.out.append(Heading(level, text, self.sections if bookmark is not None else None))
        elif style in ("notice", "muted", "subtitle", "small"):
            self.out.append(Para(text, style))
        else:
            self.out.append(Para(text))

    def cell(self, value: Any, column: int) -> Cell:
        from reportlab.platypus import Paragraph, Table

        if value is None:
            return Cell(column)
        if isinstance(value, Paragraph):
            return Cell(column, markup_html(value.text))
        if isinstance(value, Table):
            return Cell(column, blocks=[self.table(value)])
        if isinstance(value, list | tuple) or hasattr(value, "wrap"):  # flowables in a cell
            inner = _Outline()
            inner.flowables(value if isinstance(value, list | tuple) else [value])
            return Cell(column, blocks=inner.finish())
        return Cell(column, _e(value))

    def table(self, item: Any) -> TableBlock:
        rows: Sequence[Sequence[Any]] = getattr(item, "_cellvalues", [])
        covered = _spanned(item)
        header_rows = int(getattr(item, "repeatRows", 0) or 0)
        width = max((len(r) for r in rows), default=0)
        key_value = not header_rows and width == 2
        kept: list[list[Cell]] = []
        for r, row in enumerate(rows):
            cells = []
            for c, value in enumerate(row):
                span = covered.get((r, c), (1, 1))
                if isinstance(span, str):  # covered by a span that starts earlier
                    continue
                cell = self.cell(value, c)
                cell.colspan, cell.rowspan = span
                cell.header = "col" if r < header_rows else "row" if key_value and c == 0 else ""
                cells.append(cell)
            if r < header_rows or any(_plain(c.text or blocks_html(c.blocks)) for c in cells):
                kept.append(cells)
        return TableBlock(kept, min(header_rows, len(kept)), width)


def _spanned(table: Any) -> dict[tuple[int, int], tuple[int, int] | str]:
    """(row, column) -> (columns, rows) spanned from a span's first cell, "skip" for the rest."""
    out: dict[tuple[int, int], tuple[int, int] | str] = {}
    rows = len(getattr(table, "_cellvalues", []))
    cols = max((len(r) for r in table._cellvalues), default=0)
    for command in getattr(table, "_spanCmds", []):
        _name, (c0, r0), (c1, r1) = command[:3]
        c0, c1 = (c % cols if c < 0 else c for c in (c0, c1))
        r0, r1 = (r % rows if r < 0 else r for r in (r0, r1))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                out[(r, c)] = "skip"
        out[(r0, c0)] = (c1 - c0 + 1, r1 - r0 + 1)
    return out
