"""The Word (.docx) version of any printed document, written from the same outline as the HTML version.

`accessible.outline` turns a builder's story into headings, paragraphs, lists and tables in the
PDF's order; this writes that outline with Word's own styles (Heading 1 for the title, Heading 2
and 3 for the sections, List Bullet, Table Grid), so Word's navigation pane and a screen reader's
heading keys find every section, and each table's header row is marked to repeat (`w:tblHeader`),
which is also what tells a screen reader the row holds the column headers. The protective
marking, council, title, date printed and audience are in the page header and footer as on the
PDF; the title and language (en-GB) are in the document's properties.

No Qt; python-docx is imported only when a .docx is asked for.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from typing import Any

from readiness_app.reports.accessible import Block, Bullets, Heading, Para, TableBlock, outline
from readiness_app.reports.audience import footer
from readiness_app.reports.document import PageFurniture
from readiness_app.reports.options import Story

LANGUAGE = "en-GB"
PARA_STYLES = {"notice": "Intense Quote", "subtitle": "Subtitle"}  # others: Normal (muted and small in italics)
_INLINE = re.compile(r"(<[^>]*>)")


def story_docx(story: Story, furniture: PageFurniture) -> bytes:
    """The whole document as a .docx file's bytes."""
    from docx import Document

    doc = Document()
    write_blocks(doc, outline(story))
    return finish(doc, furniture, story.subject)


def finish(doc: Any, furniture: PageFurniture, subject: str = "") -> bytes:
    """What every Word version carries, as the PDF does: properties, language, header and footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    props = doc.core_properties
    props.title = furniture.title
    props.subject = subject or furniture.title
    props.author = furniture.council or "readiness-app"
    props.language = LANGUAGE
    props.created = props.modified = furniture.generated_at
    set_language(doc)
    section = doc.sections[0]
    head = section.header.paragraphs[0]
    lines = [(furniture.marking, True), (f"{furniture.council}: {furniture.title}", False)]
    for n, (text, bold) in enumerate(line for line in lines if line[0]):
        paragraph = head if n == 0 else section.header.add_paragraph()
        paragraph.add_run(text).bold = bold
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if bold else None
    foot = section.footer.paragraphs[0]
    foot.add_run(f"{furniture.generated_text}. {footer(furniture.audience or None)}. ")
    _page_numbers(foot)
    if furniture.marking:
        marking = section.footer.add_paragraph()
        marking.add_run(furniture.marking).bold = True
        marking.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def set_language(doc: Any) -> None:
    """en-GB for every style (the spelling checker and a screen reader's voice follow it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    rpr = run_defaults.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run_defaults.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _page_numbers(paragraph: Any) -> None:
    """'Page X of Y' as Word fields (Word fills them in on every page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for text, field in (("Page ", "PAGE"), (" of ", "NUMPAGES")):
        paragraph.add_run(text)
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), field)
        number = OxmlElement("w:r")  # what a reader that does not update fields shows
        text = OxmlElement("w:t")
        text.text = "1"
        number.append(text)
        simple.append(number)
        paragraph._p.append(simple)


def write_blocks(container: Any, blocks: Sequence[Block]) -> None:
    """Add the outline to a document or a table cell (both have add_paragraph and add_table)."""
    for block in blocks:
        if isinstance(block, Heading):
            _inline(container.add_paragraph(style=f"Heading {min(block.level, 9)}"), block.text)
        elif isinstance(block, Para):
            paragraph = container.add_paragraph(style=PARA_STYLES.get(block.style))
            _inline(paragraph, block.text, italic=block.style in ("muted", "small"))
        elif isinstance(block, Bullets):
            for item in block.items:
                _inline(container.add_paragraph(style="List Bullet"), item)
        else:
            _table(container, block)


def _table(container: Any, block: TableBlock) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if not block.rows or not block.columns:
        return
    table = container.add_table(rows=len(block.rows), cols=block.columns)
    table.style = "Table Grid"
    last_row, last_col = len(block.rows) - 1, block.columns - 1
    for r, row in enumerate(block.rows):  # spans first, so each cell's content goes in once
        for cell in row:
            if cell.colspan > 1 or cell.rowspan > 1:
                corner = table.cell(min(r + cell.rowspan - 1, last_row), min(cell.column + cell.colspan - 1, last_col))
                table.cell(r, cell.column).merge(corner)
    for r, row in enumerate(block.rows):
        if r < block.header_rows:  # repeats on every page and tells a screen reader these are column headers
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            table.rows[r]._tr.get_or_add_trPr().append(header)
        for cell in row:
            target = table.cell(r, cell.column)
            if cell.blocks:
                write_blocks(target, cell.blocks)
                first = target.paragraphs[0]
                if not first.text and len(target._tc) > 1:  # the empty paragraph every new cell starts with
                    first._p.getparent().remove(first._p)
            else:
                _inline(target.paragraphs[0], cell.text, bold=bool(cell.header))


def _inline(paragraph: Any, markup: str, *, bold: bool = False, italic: bool = False) -> None:
    """The outline's inline HTML (strong, em, u, br, a, sup and entities) as runs."""
    state = {"strong": bold, "em": italic, "u": False, "sup": False}
    for piece in _INLINE.split(markup):
        if not piece:
            continue
        if piece.startswith("<"):
            name = piece.strip("</>").split()[0].lower() if piece.strip("</>").split() else ""
            if name == "br":
                paragraph.add_run().add_break()
            elif name in state:
                state[name] = not piece.startswith("</") or (name == "strong" and bold) or (name == "em" and italic)
            continue
        run = paragraph.add_run(html.unescape(piece))
        run.bold = state["strong"] or None
        run.italic = state["em"] or None
        run.underline = state["u"] or None
        run.font.superscript = state["sup"] or None
