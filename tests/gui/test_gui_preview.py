"""Print like a desktop app: a preview in the app, the system print dialog, Save as PDF as before."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QFileDialog, QLineEdit, QRadioButton, QSpinBox

from readiness_app.reports.rendering import render_bytes
from readiness_app.ui import preview
from readiness_app.ui.preview import PdfPages

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _file_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # quick: the test reads pages, not ink
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_preview_shows_the_first_page_and_counts_them_all(window, qtbot):
    page = window.open_page("print")
    page.apply_filters(document="cases")
    page.preview()
    qtbot.waitUntil(lambda: getattr(page, "preview_dialog", None) is not None, timeout=30_000)
    dialog = page.preview_dialog
    view = dialog.view
    qtbot.waitUntil(lambda: 0 in view.rendered, timeout=5000)
    assert not view.labels[0].pixmap().isNull()
    assert view.labels[0].pixmap().width() >= 500
    data, pages = render_bytes(window.ctx.read, "cases")
    assert len(dialog.pages) == pages == len(PdfReader(io.BytesIO(data)).pages)
    assert f"{pages} page" in dialog.summary.text()
    assert len(view.rendered) < pages or pages <= 3  # lazily: not every page at once
    dialog.reject()
    wait_idle(qtbot, window)


def test_print_to_a_file_printer_gives_the_chosen_pages(window, qtbot, tmp_path, demo_register):
    data, pages = render_bytes(demo_register, "cases")
    assert pages >= 3
    dialog = preview.PreviewDialog(data, "Case-tracking summary", window)
    qtbot.addWidget(dialog)
    whole = tmp_path / "all.pdf"
    finished: list[int] = []
    dialog.print_on(_file_printer(whole), finished.append)
    qtbot.waitUntil(lambda: finished == [pages], timeout=20_000)
    assert whole.read_bytes().startswith(b"%PDF") and len(PdfReader(whole).pages) == pages

    some = tmp_path / "pages-2-3.pdf"
    printer = _file_printer(some)
    printer.setFromTo(2, 3)
    printer.setCopyCount(2)  # a PDF "printer" cannot make copies itself: the job repeats the pages
    dialog.print_on(printer, finished.append)
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=20_000)
    reader = PdfReader(some)
    assert len(reader.pages) == 4
    second_page_words = PdfReader(io.BytesIO(data)).pages[1].extract_text().split()[:3]
    assert second_page_words  # the text itself is an image on paper; the page shape is kept
    source = PdfReader(io.BytesIO(data)).pages
    for printed, original in zip(reader.pages, [source[1], source[2], source[1], source[2]], strict=True):
        # the paper turns with the page: portrait pages on portrait paper, landscape on landscape
        assert (printed.mediabox.width > printed.mediabox.height) == (
            original.mediabox.width > original.mediabox.height
        )
    dialog.reject()


def test_landscape_pages_print_on_landscape_paper(window, qtbot, tmp_path, demo_register):
    data, pages = render_bytes(demo_register, "timetable")  # one landscape page per day
    dialog = preview.PreviewDialog(data, "Visit timetable", window)
    qtbot.addWidget(dialog)
    target = tmp_path / "timetable.pdf"
    finished: list[int] = []
    dialog.print_on(_file_printer(target), finished.append)
    qtbot.waitUntil(lambda: finished == [pages], timeout=20_000)
    boxes = [page.mediabox for page in PdfReader(target).pages]
    assert len(boxes) == pages and all(float(b.width) > float(b.height) for b in boxes)
    dialog.reject()


def real_print_dialog(qtbot) -> QPrintDialog:
    """The system print dialog the window opened (found as a user sees it: a top-level window)."""
    found: list[QPrintDialog] = []

    def opened() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QPrintDialog) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(opened, timeout=30_000)
    return found[0]


def print_to_file(dialog: QPrintDialog, target, *, pages: tuple[int, int] | None = None, copies: int = 1) -> None:
    """Fill in the real dialog as a user would (the PDF file printer, pages, copies) and press Print."""
    printers = dialog.findChild(QComboBox, "printers")
    printers.setCurrentIndex(printers.findText("Print to File (PDF)"))
    dialog.findChild(QLineEdit, "filename").setText(str(target))
    if pages is not None:
        dialog.findChild(QRadioButton, "printRange").setChecked(True)
        dialog.findChild(QSpinBox, "from").setValue(pages[0])
        dialog.findChild(QSpinBox, "to").setValue(pages[1])
    dialog.findChild(QSpinBox, "copies").setValue(copies)
    buttons = dialog.findChild(QDialogButtonBox)
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_print_button_opens_the_system_print_dialog_then_prints(window, qtbot, tmp_path):
    target = tmp_path / "printed.pdf"
    page = window.open_page("print")
    page.apply_filters(document="cases")
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    dialog = real_print_dialog(qtbot)
    assert dialog.windowTitle() == "Print Case-tracking summary"
    data, pages = render_bytes(window.ctx.read, "cases", page.options())
    assert dialog.minPage() == 1 and dialog.maxPage() == pages >= 3
    print_to_file(dialog, target, pages=(2, 3))
    qtbot.waitUntil(lambda: "Sent 2 pages" in page.result.text(), timeout=30_000)
    written = PdfReader(target)
    assert len(written.pages) == 2
    # the printed pages are pictures of pages 2 and 3: same shape as the document's own
    source = PdfReader(io.BytesIO(data)).pages
    for printed, original in zip(written.pages, source[1:3], strict=True):
        assert (printed.mediabox.width > printed.mediabox.height) == (
            original.mediabox.width > original.mediabox.height
        )
    wait_idle(qtbot, window)


def test_ctrl_p_prints_the_current_pages_document_and_the_preview_prints_too(window, qtbot, tmp_path):
    window.open_page("cases")
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = real_print_dialog(qtbot)
    assert dialog.windowTitle() == "Print Case-tracking summary"
    print_to_file(dialog, tmp_path / "cases.pdf")
    page = window.current_page()
    qtbot.waitUntil(lambda: "Sent" in page.result.text(), timeout=30_000)
    _data, pages = render_bytes(window.ctx.read, "cases", page.options())
    assert len(PdfReader(tmp_path / "cases.pdf").pages) == pages

    # File > Print preview..., then Print... in the preview: the same real dialog
    window.findChild(QAction, "print_preview").trigger()
    qtbot.waitUntil(lambda: getattr(page, "preview_dialog", None) is not None, timeout=30_000)
    preview_dialog = page.preview_dialog
    qtbot.waitUntil(lambda: not preview_dialog.partial and 0 in preview_dialog.view.rendered, timeout=30_000)
    qtbot.mouseClick(preview_dialog.print_button, Qt.MouseButton.LeftButton)
    dialog = real_print_dialog(qtbot)
    print_to_file(dialog, tmp_path / "again.pdf", copies=2)
    qtbot.waitUntil(lambda: preview_dialog.job is not None and preview_dialog.job.finished, timeout=30_000)
    assert len(PdfReader(tmp_path / "again.pdf").pages) == 2 * pages
    preview_dialog.reject()
    wait_idle(qtbot, window)


def test_preview_zooms_goes_to_a_page_and_saves_as_pdf(window, qtbot, tmp_path, demo_register, monkeypatch):
    data, pages = render_bytes(demo_register, "cases")
    dialog = preview.PreviewDialog(data, "Case-tracking summary", window, file_name="cases.pdf")
    qtbot.addWidget(dialog)
    dialog.resize(1000, 560)
    dialog.show()
    view = dialog.view
    qtbot.waitUntil(lambda: 0 in view.rendered, timeout=5000)
    fit_width = view.page_width
    dialog.zoom.setCurrentIndex(dialog.zoom.findData("fit-page"))
    assert view.page_width < fit_width  # a whole A4 page fits a short window
    height = view.labels[0].height()
    assert height <= view.area.viewport().height()
    dialog.zoom.setCurrentIndex(dialog.zoom.findData("100"))
    w_pt, _h = PdfPages(data).size(0)
    assert view.page_width == round(w_pt * view.logicalDpiX() / 72)
    qtbot.waitUntil(lambda: 0 in view.rendered, timeout=5000)  # drawn again at the new size
    assert view.labels[0].pixmap().width() == view.page_width

    assert dialog.page_count.text() == f"of {pages}" and dialog.page_box.maximum() == pages
    dialog.page_box.setValue(pages)
    qtbot.waitUntil(lambda: pages - 1 in view.rendered, timeout=5000)  # scrolled there and drawn
    assert view.current == pages - 1

    saved = tmp_path / "saved"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(saved), "")))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "saved.pdf").read_bytes() == data
    dialog.reject()


def test_a_password_protected_pdf_says_so_before_any_print_dialog(window, qtbot, demo_register):
    from readiness_app.errors import ReadinessError
    from readiness_app.reports.options import ReportOptions

    locked, _pages = render_bytes(demo_register, "cases", ReportOptions(password="long enough secret"))
    with pytest.raises(ReadinessError, match="password protected"):
        PdfPages(locked)
    page = window.open_page("print")
    page.apply_filters(document="cases")
    page.password.setText("long enough secret")
    page.password_again.setText("long enough secret")
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert page.error.isVisible() and "cannot be sent to a printer" in page.error.text()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QPrintDialog) and w.isVisible()]
    assert not page.building


def test_interview_packs_preview_shows_the_first_pack_at_once_then_every_page(window, qtbot, monkeypatch):
    shown_first: list[int] = []
    original = preview.PreviewDialog.show_part

    def show_part(self, total_hint):
        shown_first.append(len(self.pages))
        original(self, total_hint)

    monkeypatch.setattr(preview.PreviewDialog, "show_part", show_part)
    page = window.open_page("print")
    page.apply_filters(document="interview-packs")
    page.preview()
    qtbot.waitUntil(lambda: bool(shown_first), timeout=30_000)  # the first session's pack, on its own
    dialog = page.preview_dialog
    qtbot.waitUntil(lambda: not dialog.partial, timeout=60_000)  # then the whole run takes its place
    assert dialog.print_button.isEnabled() and "page" in dialog.summary.text()
    data, pages = render_bytes(window.ctx.read, "interview-packs", page.options())
    assert len(dialog.pages) == pages == len(PdfReader(io.BytesIO(data)).pages)
    assert 0 < shown_first[0] < pages
    qtbot.waitUntil(lambda: 0 in dialog.view.rendered, timeout=5000)
    dialog.reject()
    wait_idle(qtbot, window)


@pytest.mark.allow_log(r"unexpected error")
def test_an_exception_in_a_slot_is_shown_to_the_user_in_one_line(qtbot, monkeypatch):
    import sys

    from PySide6.QtWidgets import QPushButton

    from readiness_app.ui import feedback

    previous = sys.excepthook
    monkeypatch.setattr(sys, "excepthook", previous)  # put back whatever the test hooks had installed
    feedback.catch_slot_errors()
    app_hook = sys.excepthook
    assert app_hook is not previous
    button = QPushButton("Broken")
    qtbot.addWidget(button)

    def broken() -> None:
        raise TypeError("open expected 2 arguments, got 0")

    button.clicked.connect(broken)
    shown_before = len(feedback.shown)
    try:
        broken()
    except TypeError:
        app_hook(*sys.exc_info())  # as Qt hands a slot's exception to sys.excepthook
    assert feedback.shown[shown_before:] == ["Something went wrong: TypeError."]
