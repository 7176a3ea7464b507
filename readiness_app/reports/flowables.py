"""Building blocks for document builders: headings with bookmarks, tables that
wrap and repeat their header, notices, tick boxes and space for notes.

Text passed to `para`, `table` and friends is plain text and is escaped here;
use `markup` only for text you wrote yourself with <b>/<i> tags.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.rl_config import _FUZZ

from readiness_app.reports import styles as S
from readiness_app.reports.scripts import printable

Cell = Any  # str, None, a number or a Flowable


def esc(text: object) -> str:
    """Plain text -> safe paragraph markup (keeps line breaks; other scripts shaped or replaced, see scripts.py)."""
    if text is None:
        return ""
    return escape(printable(str(text))).replace("\n", "<br/>")


def para(text: object, style: str = "body") -> Paragraph:
    return paragraph(esc(text), style)


def markup(xml: str, style: str = "body") -> Paragraph:
    return paragraph(xml, style)


class _Paragraph(Paragraph):
    """A paragraph that remembers how it broke into lines at each width, shared by its copies.

    reportlab breaks a paragraph into lines on every wrap (a table wraps each cell to size its
    rows, then again to draw it), and the same text recurs across a run of packs at the same
    widths; the line breaks depend only on the text, its style and the width.
    """

    blPara: Any
    _wrapWidths: list[float]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._breaks: dict[float, tuple[Any, list[float], float]] = {}

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab's names)
        known = self._breaks.get(availWidth)
        if known is None:
            width, height = super().wrap(availWidth, availHeight)
            if availWidth >= _FUZZ:
                self._breaks[availWidth] = (self.blPara, self._wrapWidths, height)
            return width, height
        self.width = availWidth
        self.blPara, self._wrapWidths, self.height = known
        return availWidth, self.height


@lru_cache(maxsize=8192)
def _parsed(xml: str, style: str, bullet: str | None = None) -> Paragraph:
    return _Paragraph(xml, S.style_sheet()[style], bulletText=bullet)


def forget_parsed() -> None:
    """Start a build with no parsed text kept from the last one (its figures show what one build costs)."""
    _parsed.cache_clear()


def paragraph(xml: str, style: str = "body", bullet: str | None = None) -> Paragraph:
    """A paragraph of markup in a named style. Parsing the markup is the dearest part of building
    one, and a run of packs repeats much text (wording, prompts, the same figures per QS): each
    text is parsed once and later uses get a copy sharing the parsed words (laying out and
    splitting never change them)."""
    return copy(_parsed(xml, style, bullet))


class Heading(Paragraph):
    """A paragraph that becomes a PDF bookmark (see document.ReadinessDocTemplate.afterFlowable).

    Keeps Paragraph's constructor (reportlab rebuilds split parts through it);
    build one with `heading()`.
    """

    bookmark_text: str | None = None
    bookmark_level: int = 0

    def split(self, avail_width, avail_height):
        parts = super().split(avail_width, avail_height)
        for n, part in enumerate(parts):  # only the first part is bookmarked
            part.bookmark_text = self.bookmark_text if n == 0 else None
            part.bookmark_level = self.bookmark_level
        return parts


def _heading(text: str, level: int, style: str, bookmark: str | None = None, keep_with_next: bool = True) -> Heading:
    para_style = S.style_sheet()[style]
    if not keep_with_next:
        para_style = ParagraphStyle(f"{style}-loose", parent=para_style, keepWithNext=0)
    flowable = Heading(esc(text), para_style)
    flowable.bookmark_text = bookmark or text
    flowable.bookmark_level = level
    return flowable


def heading(
    text: str, level: int = 0, *, style: str | None = None, bookmark: str | None = None, keep_with_next: bool = True
) -> Heading:
    """Level 0 = a section (h1), level 1 = a part of it (h2). Both are bookmarked
    (as `bookmark` when given, else as the heading text).

    A heading normally moves to the next page with what follows it; that also
    moves a long table whole. Before a long table pass keep_with_next=False and
    put `keep_space(mm)` in front instead."""
    return _heading(text, level, style or ("h1" if level == 0 else "h2"), bookmark, keep_with_next)


def keep_space(height_mm: float = 40) -> CondPageBreak:
    """Start a new page unless this much room is left (use before a heading + long table)."""
    return CondPageBreak(height_mm * mm)


def document_title(title: str, subtitle: str = "", bookmark: str | None = None) -> list[Flowable]:
    """The big title at the top of a document, bookmarked as a level-0 section."""
    out: list[Flowable] = [_heading(title, 0, "title", bookmark)]
    if subtitle:
        out.append(para(subtitle, "subtitle"))
    return out


def subheading(text: str) -> Paragraph:
    """A small heading that is not bookmarked."""
    return para(text, "h3")


def title_block(title: str, subtitle: str = "") -> list[Flowable]:
    out: list[Flowable] = [para(title, "title")]
    if subtitle:
        out.append(para(subtitle, "subtitle"))
    return out


def switch_page(template: str) -> list[Flowable]:
    """Start a new page on the named template ("portrait" or "landscape")."""
    return [NextPageTemplate(template), PageBreak()]


def new_page() -> PageBreak:
    return PageBreak()


def space(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def notice(text: str) -> Paragraph:
    """A boxed, honest statement of what is missing or empty."""
    return para(text, "notice")


def bullets(items: Iterable[object], style: str = "bullet") -> list[Paragraph]:
    return [paragraph(esc(item), style, "•") for item in items]


def _cell(value: Cell, style: str) -> Any:
    """A table cell as a wrapping paragraph; never cut short (a long row runs on across pages)."""
    if isinstance(value, (Flowable, list)):
        return value
    text = "" if value is None else str(value)
    return paragraph(esc(text), style)


def table(
    rows: Sequence[Sequence[Cell]],
    headers: Sequence[str],
    widths: Sequence[float],
    *,
    extra_style: Sequence[tuple] = (),
    zebra: bool = True,
    first_column_bold: bool = False,
) -> Table:
    """A full-width table: header row repeats on every page, cells wrap.

    `widths` are fractions of the frame width (they should add up to 1), so the
    same builder fits portrait and landscape pages and nothing runs off.
    """
    data = [[_cell(h, "header_cell") for h in headers]]
    for row in rows:
        data.append([_cell(v, "cell_bold" if (first_column_bold and i == 0) else "cell") for i, v in enumerate(row)])
    total = sum(widths)
    col_widths = [f"{100.0 * w / total:.3f}%" for w in widths]
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), S.ACCENT),
        ("FONT", (0, 0), (-1, -1), S.FAMILY, 8),  # Table's own default would pull in Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, S.RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, S.RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if zebra and len(data) > 2:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, S.ZEBRA]))
    commands.extend(extra_style)
    # splitInRow: a row taller than the room left (a long narrative, many lines) runs on to the next page
    return Table(data, colWidths=col_widths, repeatRows=1, style=TableStyle(commands), hAlign="LEFT", splitInRow=1)


def facts(pairs: Sequence[tuple[str, Cell]], key_width: float = 0.22) -> Table:
    """A two-column key/value block (date, time, room ...)."""
    data = [[paragraph(esc(k), "cell_bold"), _cell(v, "cell")] for k, v in pairs]
    return Table(
        data,
        colWidths=[f"{key_width * 100:.1f}%", f"{(1 - key_width) * 100:.1f}%"],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), S.FAMILY, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), S.ACCENT_LIGHT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, S.RULE),
                ("BOX", (0, 0), (-1, -1), 0.6, S.RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        ),
        hAlign="LEFT",
        splitInRow=1,
    )


def rag_style(rag: str, column: int, row: int) -> list[tuple]:
    """Table style commands that colour one RAG cell."""
    colour = S.RAG.get(rag)
    if colour is None:
        return []
    return [("BACKGROUND", (column, row), (column, row), colour)]


def rag_cell(rag: str) -> Paragraph:
    """The RAG word, in a colour that reads on its background."""
    sheet = S.style_sheet()
    colour = S.RAG_TEXT.get(rag, S.INK)
    return Paragraph(f'<font color="{colour.hexval()}"><b>{esc(rag.upper())}</b></font>', sheet["cell"])


class NotesBox(Flowable):
    """Ruled space for handwritten notes; shrinks to fit what is left on the page."""

    def __init__(self, height_mm: float = 60, label: str = "Notes", min_height_mm: float = 25):
        super().__init__()
        self.want = height_mm * mm
        self.min = min_height_mm * mm
        self.label = label
        self.height = self.want

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = max(self.min, min(self.want, avail_height - 2))
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(S.RULE)
        c.setLineWidth(0.6)
        c.rect(0, 0, self.width, self.height)
        c.setFont(S.FAMILY, 7.5)
        c.setFillColor(S.MUTED)
        c.drawString(4, self.height - 10, self.label)
        y = self.height - 22
        c.setLineWidth(0.3)
        while y > 6:
            c.line(4, y, self.width - 4, y)
            y -= 16
        c.restoreState()


def notes_box(height_mm: float = 60, label: str = "Notes") -> list[Flowable]:
    return [CondPageBreak(30 * mm), NotesBox(height_mm, label)]


def sign_off(items: Sequence[str]) -> KeepTogether:
    """Tick boxes with space for initials and date, kept on one page."""
    sheet = S.style_sheet()
    rows = [
        [
            Paragraph("☐", sheet["h2"]),
            Paragraph(esc(text), sheet["cell"]),
            Paragraph("Initials ________", sheet["small"]),
            Paragraph("Date __________", sheet["small"]),
        ]
        for text in items
    ]
    tbl = Table(
        rows,
        colWidths=["5%", "59%", "18%", "18%"],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), S.FAMILY, 8),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, S.RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
        hAlign="LEFT",
    )
    return KeepTogether([subheading("Sign-off"), tbl])
