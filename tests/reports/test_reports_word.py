"""The Word version of every printed document, for every audience: Word's heading styles in the HTML
version's order, header rows marked as such, the same text as the HTML version, the marking and
audience in the header and footer, and nothing the audience must not read."""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn

from readiness_app.cli import main
from readiness_app.reports import audience as A
from readiness_app.reports.rendering import render_accessible

from .test_reports_audiences import CASES, forbidden, options_for
from .test_reports_audiences import visit_register as visit_register  # the fixture, shared

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "br", "tr", "table", "ul"}


class HtmlText(HTMLParser):
    """The HTML version's <main>: headings (level, text), text with block boundaries, header rows."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.parts: list[str] = []
        self.header_rows = 0
        self.tables = 0
        self._in_main = self._in_thead = False
        self._heading: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self._in_main = True
        if not self._in_main:
            return
        if tag in BLOCKS:
            self.parts.append(" ")
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = (int(tag[1]), [])
        self.tables += tag == "table"
        self._in_thead = self._in_thead or tag == "thead"
        self.header_rows += tag == "tr" and self._in_thead

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        if tag in BLOCKS:
            self.parts.append(" ")
        if tag == "thead":
            self._in_thead = False
        if self._heading is not None and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], _flat("".join(self._heading[1]))))
            self._heading = None

    def handle_data(self, data):
        if self._in_main:
            self.parts.append(data)
            if self._heading is not None:
                self._heading[1].append(data)

    @property
    def text(self) -> str:
        return _flat("".join(self.parts))


def _flat(text: str) -> str:
    return " ".join(text.split())


def word_body(doc) -> tuple[list[tuple[int, str]], str, int, int]:
    """(headings, text, tables, header rows) of a Word document's body, in reading order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    headings: list[tuple[int, str]] = []
    parts: list[str] = []
    counts = {"tables": 0, "header_rows": 0}

    def walk(parent, element) -> None:
        for child in element.iterchildren():
            if child.tag == qn("w:p"):
                paragraph = Paragraph(child, parent)
                style = paragraph.style.name if paragraph.style is not None else ""
                if style.startswith("Heading "):
                    headings.append((int(style.split()[1]), _flat(paragraph.text)))
                parts.append(paragraph.text)
            elif child.tag == qn("w:tbl"):
                table = Table(child, parent)
                counts["tables"] += 1
                for row in table.rows:
                    counts["header_rows"] += (
                        row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
                    )
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) not in seen:  # a merged cell is listed once per grid column
                            seen.add(id(cell._tc))
                            walk(cell, cell._tc)

    walk(doc, doc.element.body)
    return headings, _flat(" ".join(parts)), counts["tables"], counts["header_rows"]


def furniture_text(doc) -> str:
    section = doc.sections[0]
    return " / ".join(p.text for p in section.header.paragraphs + section.footer.paragraphs)


@pytest.mark.parametrize(("key", "audience"), CASES, ids=[f"{k}-for-{a}" for k, a in CASES])
def test_every_document_for_every_audience_has_a_word_version_like_its_html(visit_register, key, audience):
    reg = visit_register
    options = options_for(reg, key, audience)
    data = render_accessible(reg, key, options, "docx")
    doc = Document(io.BytesIO(data))
    headings, text, tables, header_rows = word_body(doc)
    furniture = furniture_text(doc)

    assert doc.core_properties.language == "en-GB"
    assert next(doc.styles.element.find(qn("w:docDefaults")).iter(qn("w:lang"))).get(qn("w:val")) == "en-GB"
    assert "OFFICIAL-SENSITIVE" in furniture and A.footer(audience) in furniture, furniture
    assert headings and all(level <= 3 or key != "self-assessment" for level, _t in headings)
    levels = [level for level, _t in headings]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))

    if key == "self-assessment":  # its own Word document, with a contents field
        assert 'TOC \\o "1-2"' in doc.element.xml and doc.core_properties.title == "Self-assessment"
    else:  # written from the same outline as the HTML version: the same headings, text and tables
        source = render_accessible(reg, key, options, "html").decode("utf-8")
        page = HtmlText()
        page.feed(source)
        assert f"<title>{html.escape(doc.core_properties.title)} - " in source  # the document's own title
        assert headings == page.headings
        assert text == page.text
        assert (tables, header_rows) == (page.tables, page.header_rows)
        if page.header_rows:
            assert header_rows >= 1

    everything = f"{text} {furniture}"
    for what, strings in forbidden(reg, audience).items():
        for s in strings:
            found = re.search(re.escape(s), everything, flags=re.IGNORECASE) if s.islower() else s in everything
            assert not found, f"{key}.docx for {audience} contains {what}: {s!r}"


def test_report_writes_word_from_the_command_line(demo_dir, tmp_path, capsys):
    out = tmp_path / "timetable.docx"
    assert main(["report", "timetable", str(demo_dir / "register.sqlite"), "-o", str(out), "--day", "2026-12-15"]) == 0
    assert "accessible version" in capsys.readouterr().out
    doc = Document(str(out))
    headings, text, tables, header_rows = word_body(doc)
    assert headings[0] == (1, "Timetable for Tue 15 Dec 2026")
    assert tables >= 1 and header_rows >= 1
    first = doc.tables[0].rows[0]
    assert [c.text for c in first.cells][:3] == ["Time", "Room", "Session"]
    assert all(run.bold for cell in first.cells for run in cell.paragraphs[0].runs)


def test_a_password_is_refused_for_word(demo_dir, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("correct horse battery", encoding="utf-8")
    out = tmp_path / "c.docx"
    code = main(
        ["report", "self-assessment", str(demo_dir / "register.sqlite"), "-o", str(out), "--password-file", str(secret)]
    )
    assert code == 1
    assert "password protects PDF files only" in capsys.readouterr().err
    assert not out.exists()
