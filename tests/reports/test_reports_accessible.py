"""The accessible version of every printed document: HTML with the PDF's headings (in its
bookmarks' order), real tables with header cells, the same words, and the protective marking."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from readiness_app.cli import main
from readiness_app.reports.registry import DOCUMENTS

SCOPES = {"bulletin": ["--for", "2026-12-15"]}
# the timetable grid's legend describes how the picture is drawn; the HTML has no picture
PICTURE_ONLY = {"Blocks", "show", "red", "border"}


class Outline(HTMLParser):
    """Headings, tables and text of an HTML page, as a screen reader meets them."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.tables = 0
        self.header_cells: list[str] = []  # scope of every <th>
        self.data_rows_without_header_table = 0
        self.text: list[str] = []
        self.lang = ""
        self._heading: int | None = None
        self._buffer: list[str] = []
        self.markings: list[str] = []
        self._marking = False
        self.sections: list[str] = []  # the headings the PDF bookmarks, in order
        self._bookmarked = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._buffer = int(tag[1]), []
            self._bookmarked = "id" in attrs
        if tag == "table":
            self.tables += 1
        if tag == "th":
            self.header_cells.append(attrs.get("scope", ""))
        if tag == "p" and attrs.get("class") == "marking":
            self._marking, self._buffer = True, []

    def handle_endtag(self, tag):
        if self._heading is not None and tag == f"h{self._heading}":
            self.headings.append((self._heading, " ".join("".join(self._buffer).split())))
            if self._bookmarked:
                self.sections.append(self.headings[-1][1])
            self._heading = None
        if tag == "p" and self._marking:
            self.markings.append("".join(self._buffer).strip())
            self._marking = False

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None or self._marking:
            self._buffer.append(data)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z'’-]+", text)


@pytest.mark.parametrize("key", list(DOCUMENTS))
def test_every_document_has_an_accessible_html_version(key, demo_dir, tmp_path, capsys, pdf):
    register = str(demo_dir / "register.sqlite")
    scope = SCOPES.get(key, [])
    fixed = ["--generated-at", "2026-11-23 09:30"]
    for name in ("doc.pdf", "doc.html"):
        if key == "snapshot-comparison":  # printed from `snapshot compare`, two snapshots side by side
            command = ["snapshot", "compare", register, "1", "2", "-o", str(tmp_path / name)]
        else:
            command = ["report", key, register, "-o", str(tmp_path / name), *scope, *fixed]
        assert main(command) == 0
    if key != "snapshot-comparison":
        assert "accessible version" in capsys.readouterr().out
    page = (tmp_path / "doc.html").read_text(encoding="utf-8")
    printed = pdf(tmp_path / "doc.pdf")

    outline = Outline()
    outline.feed(page)
    assert outline.lang == "en-GB"
    assert outline.markings == ["OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"]  # top and bottom, as each page
    levels = [level for level, _text in outline.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), "a heading level is skipped"
    # the PDF's bookmarks, in order, are the HTML's section headings (a bookmark may be worded
    # shorter or longer than its heading: "Summary" for the title, the day before a session's name)
    bookmarks = [" ".join(t.split()) for t in printed.outline_titles()]
    assert len(outline.sections) == len(bookmarks), (outline.sections, bookmarks)
    for n, (heading, bookmark) in enumerate(zip(outline.sections, bookmarks, strict=True)):
        shared = {w.casefold() for w in _words(heading) if len(w) > 3} & {w.casefold() for w in _words(bookmark)}
        assert shared or n == 0, (heading, bookmark)  # the same section (the title's bookmark may say "Summary")
    # tables have header cells: a row of column headers, or the key of each key/value row
    if outline.tables:
        assert outline.header_cells and set(outline.header_cells) <= {"col", "row"}
    # the same words: what the PDF prints (less its page numbers and legends) is in the HTML
    html_words = {w.casefold() for w in _words(" ".join(outline.text))}
    pdf_words = [w.casefold() for w in _words(printed.text) if w not in ("Page", "of") and w not in PICTURE_ONLY]
    missing = sorted({w for w in pdf_words if w not in html_words})
    # a long file name the PDF breaks inside a narrow column ("direct-pa" / "yments-policy") is whole in the HTML
    missing = [w for w in missing if not any(w in whole for whole in html_words if len(whole) > len(w))]
    assert len(missing) <= max(3, len(set(pdf_words)) // 100), missing


def test_the_timetable_html_reads_in_time_order_with_double_bookings_in_words(demo_dir, tmp_path):
    from readiness_app.opening import open_register
    from readiness_app.register import conflicts, sessions
    from readiness_app.reports.options import ReportOptions
    from readiness_app.reports.rendering import render

    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    try:
        day = "2026-12-15"
        render(reg, "timetable", tmp_path / "day.html", ReportOptions(day=day))
        planned = sessions.list_sessions(reg, day=day, include_cancelled=False)
        clashes = [c.message for c in conflicts.find_conflicts(reg) if c.date == day]
    finally:
        reg.close()
    page = (tmp_path / "day.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td>(\d\d:\d\d)–(\d\d:\d\d)</td><td>[^<]*</td><td>([^<]*)</td>", page)
    assert len(rows) == len(planned)
    starts = [start for start, _end, _title in rows]
    assert starts == sorted(starts)  # read down the day, not down each room
    assert {title.removeprefix("⚠ ") for *_t, title in rows} == {s["title"] for s in planned}
    assert clashes and all(message in page.replace("&#x27;", "'") for message in clashes)


def test_a_password_is_refused_for_html(demo_dir, tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("correct horse battery", encoding="utf-8")
    code = main(
        [
            "report",
            "cases",
            str(demo_dir / "register.sqlite"),
            "-o",
            str(tmp_path / "c.html"),
            "--password-file",
            str(secret),
        ]
    )
    assert code == 1
    assert "password protects PDF files only" in capsys.readouterr().err
    assert not (tmp_path / "c.html").exists()
