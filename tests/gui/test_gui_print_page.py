"""The Print page: the Word version of a document, and every label whole on a small screen."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _save_word(window, qtbot, tmp_path, document: str, **filters):
    page = window.open_page("print")
    page.apply_filters(document=document, **filters)
    page.folder.setText(str(tmp_path / "out"))
    page.word_button.click()
    qtbot.waitUntil(lambda: not page.building, timeout=60_000)
    assert page.last_result is not None, page.error.text()
    saved = page.last_result.path
    assert saved.suffix == ".docx" and saved.parent == tmp_path / "out"
    wait_idle(qtbot, window)
    return page, Document(str(saved)), saved


def test_the_print_page_saves_a_word_version_with_headings_and_header_rows(window, qtbot, tmp_path, opened_urls):
    page, doc, saved = _save_word(window, qtbot, tmp_path, "timetable", scope="day")
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0][0] == "Heading 1" and headings[0][1].startswith("Timetable for ")
    header = doc.tables[0].rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells][:3] == ["Time", "Room", "Session"]
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert doc.core_properties.language == "en-GB"
    assert "accessible version" in page.result.text()
    assert opened_urls == [str(saved)]


def test_the_self_assessment_saves_its_own_word_document_from_the_window(window, qtbot, tmp_path):
    _page, doc, saved = _save_word(window, qtbot, tmp_path, "self-assessment")
    assert saved.name == "self-assessment.docx"
    assert 'TOC \\o "1-2"' in doc.element.xml  # its own document, with a table of contents
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= styles
    assert any(p.text.startswith("Theme: ") for p in doc.paragraphs if p.style.name == "Heading 1")
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"


def cut_labels(root) -> list[str]:
    """Labels in `root` whose text does not fit their box: a wrapping label shorter than its text's
    height at its width, or a one-line label narrower or shorter than its text."""
    from PySide6.QtWidgets import QLabel

    problems = []
    for label in root.findChildren(QLabel):
        if not label.isVisibleTo(root) or not label.text():
            continue
        hint = label.minimumSizeHint()
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if label.height() + 1 < needed:
                problems.append(f"{label.text()[:40]!r}: {label.height()} px high, needs {needed}")
        elif label.width() + 1 < hint.width() or label.height() + 1 < hint.height():
            problems.append(
                f"{label.text()[:40]!r}: {label.width()}x{label.height()}, needs {hint.width()}x{hint.height()}"
            )
    return problems


LONG_WORDING = "Northmoor County Council CQC wording statements, approved by the DASS, November 2026 (final).toml"


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768), (1000, 560)], ids=["1024x600", "1366x768", "2x"])
def test_every_label_on_the_print_page_is_whole(window, qtbot, tmp_path, size):
    """1000x560 is what a 1920x1080 screen at 200 % leaves (the window's smallest size)."""
    from PySide6.QtWidgets import QApplication

    window.resize(*size)
    page, _doc, _saved = _save_word(window, qtbot, tmp_path, "interview-packs")  # a long result line with links
    page.wording_label.setText(f"{LONG_WORDING} (printed with its source)")
    page.error.setText("the file name must not contain a folder: choose the folder in Save in, then a plain name")
    page.error.show()
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    assert (window.width(), window.height()) == size
    assert page.result.text().startswith("Saved ")
    assert cut_labels(page) == []
