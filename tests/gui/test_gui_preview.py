"""Print like a desktop app: a preview in the app, the system print dialog, Save as PDF as before."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from readiness_app.reports.rendering import render_bytes
from readiness_app.ui import preview

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


def test_print_button_opens_the_system_print_dialog_then_prints(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "printed.pdf"
    opened: list[QPrintDialog] = []

    class ChosenPrinter(QPrintDialog):
        def open(self) -> None:  # the user picks a printer (here: a file) and presses Print
            opened.append(self)
            self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer().setOutputFileName(str(target))
            self.accepted.emit(
                self.printer()
            )  # as Print does (accept() would read back the dialog's own, unshown, fields)

    monkeypatch.setattr(preview, "QPrintDialog", ChosenPrinter)
    page = window.open_page("print")
    page.apply_filters(document="cases")
    page.print_button.click()
    qtbot.waitUntil(lambda: getattr(page, "preview_dialog", None) is not None, timeout=30_000)
    job_done = lambda: page.preview_dialog.job is not None and page.preview_dialog.job.finished  # noqa: E731
    qtbot.waitUntil(job_done, timeout=30_000)
    assert opened and opened[0].minPage() == 1 and opened[0].maxPage() == len(page.preview_dialog.pages)
    assert len(PdfReader(target).pages) == len(page.preview_dialog.pages)
    page.preview_dialog.reject()
    wait_idle(qtbot, window)


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
