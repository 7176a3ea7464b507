"""Print preview and printing of a built PDF, with pypdfium2 (PDFium, the engine QtPdf wraps).

pypdfium2 is a small self-contained wheel; QtPdf would need PySide6-Addons
(hundreds of MB). Pages are rendered lazily: only those scrolled into view, one
per event-loop turn, so the first page of a 113-page pack shows at once and the
window stays responsive. Printing draws each page, rendered at the printer's
resolution, onto a QPrinter chosen in the system print dialog (pages, copies,
two-sided), again one page per turn.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from readiness_app.errors import ReadinessError
from readiness_app.evidence.contents import PDFIUM_LOCK  # PDFium is not thread-safe: search reads PDFs too
from readiness_app.ui import feedback

POINTS_PER_INCH = 72


class PdfPages:
    """A PDF in memory: page count, page sizes, and pages rendered to QImages."""

    def __init__(self, data: bytes):
        import pypdfium2  # here: it loads PDFium, which start-up does not need

        self.data = data
        try:
            with PDFIUM_LOCK:
                self.document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            raise ReadinessError(*print_problem(data, str(exc))) from None

    def __len__(self) -> int:
        with PDFIUM_LOCK:
            return len(self.document)

    def size(self, index: int) -> tuple[float, float]:
        """Page size in points (width, height)."""
        with PDFIUM_LOCK:
            return self.document[index].get_size()

    def image(self, index: int, scale: float) -> QImage:
        """Page `index` at `scale` pixels per point, as an RGB image that owns its pixels."""
        with PDFIUM_LOCK:
            bitmap = self.document[index].render(scale=scale, rev_byteorder=True, draw_annots=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
            return image.copy()  # detach from pdfium's buffer

    def close(self) -> None:
        with PDFIUM_LOCK:
            self.document.close()


def print_problem(data: bytes, detail: str = "") -> tuple[str, str]:
    """Why a PDF cannot go to a printer, as (message, hint), for the line shown before any print dialog."""
    if b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096] or "password" in detail.lower():
        return (
            "this PDF is password protected, so it cannot be shown or sent to a printer from here",
            "print it without a password (paper cannot carry one; the marking is printed on every page)",
        )
    return ("this file cannot be read as a PDF, so it cannot be printed", detail or "build the document again")


def open_print_dialog(
    parent: QWidget, title: str, page_count: int, on_accept: Callable[[QPrinter], object]
) -> QPrintDialog:
    """The system print dialog (printer, pages, copies, two-sided), window-modal; `on_accept` gets the printer.

    QDialog.open() is called through the class: PySide6 6.11 binds QPrintDialog.open to the
    (receiver, member) overload only, so `dialog.open()` raises "open expected 2 arguments".
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFromTo(1, page_count)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {title}")
    dialog.setMinMax(1, page_count)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda *_args: on_accept(printer))
    QDialog.open(dialog)
    return dialog


class PageView(QWidget):
    """The pages one under another in a scroll area; each is drawn when it first comes into view."""

    page_shown = Signal(int)  # a page's image is on screen (tests and the benchmark wait for page 0)
    current_changed = Signal(int)  # the page at the top of the view (0-based)

    GAP = 12
    ZOOMS = {"fit-width": "Fit width", "fit-page": "Fit page", "100": "100 %"}

    def __init__(self, pages: PdfPages, width: int = 720, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages = pages
        self.zoom = "fit-width"
        self.setAccessibleName("Print preview")
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.area.setStyleSheet("QScrollArea { background: #8a8f96; }")
        inner = QWidget()
        inner.setStyleSheet("background: #8a8f96;")
        self.column = QVBoxLayout(inner)
        self.column.setSpacing(self.GAP)
        self.column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.labels: list[QLabel] = []
        self.rendered: set[int] = set()
        self.page_width = width
        self.current = 0
        for n in range(len(pages)):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: white; color: #777;")
            label.setText(f"Page {n + 1}")
            label.setAccessibleName(f"Page {n + 1} of {len(pages)}")
            self.labels.append(label)
            self.column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self._size_labels()
        self.area.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area)
        self._queue: list[int] = []
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._render_next)
        self.area.verticalScrollBar().valueChanged.connect(lambda _v: self._scrolled())
        self.schedule_visible()

    def _size_labels(self) -> None:
        for n, label in enumerate(self.labels):
            w, h = self.pages.size(n)
            label.setFixedSize(QSize(self.page_width, round(self.page_width * h / w)))

    def _width_for(self, zoom: str) -> int:
        """The page width in pixels that `zoom` asks for, in the room the scroll area has now."""
        if not len(self.pages):
            return self.page_width
        w, h = self.pages.size(self.current)
        room_w = max(200, self.area.viewport().width() - 2 * self.GAP)
        if zoom == "100":
            return max(100, round(w * self.logicalDpiX() / POINTS_PER_INCH))
        if zoom == "fit-page":
            room_h = max(150, self.area.viewport().height() - 2 * self.GAP)
            return max(100, min(room_w, round(room_h * w / h)))
        return room_w

    def set_zoom(self, zoom: str) -> None:
        """Fit width, fit page or 100 %: the pages are resized and drawn again as they come into view."""
        self.zoom = zoom
        self._apply_width(self._width_for(zoom))

    def _apply_width(self, width: int) -> None:
        if width == self.page_width:
            return
        keep = self.current
        self.page_width = width
        self._size_labels()
        for n in self.rendered:
            self.labels[n].clear()
            self.labels[n].setText(f"Page {n + 1}")
        self.rendered.clear()
        self._queue.clear()
        inner = self.area.widget()
        if inner is not None:
            inner.adjustSize()
        self.go_to(keep)
        self.schedule_visible()

    def _page_top(self, index: int) -> int:
        y = self.column.contentsMargins().top()
        for label in self.labels[:index]:
            y += label.height() + self.GAP
        return y

    def go_to(self, index: int) -> None:
        """Scroll so page `index` (0-based) is at the top."""
        index = max(0, min(index, len(self.labels) - 1))
        self.area.verticalScrollBar().setValue(self._page_top(index))
        self._set_current(index)

    def _set_current(self, index: int) -> None:
        if index != self.current:
            self.current = index
            self.current_changed.emit(index)

    def _scrolled(self) -> None:
        top = self.area.verticalScrollBar().value()
        y = self.column.contentsMargins().top()
        index = 0
        for n, label in enumerate(self.labels):
            if y + label.height() / 2 > top:
                index = n
                break
            y += label.height() + self.GAP
        self._set_current(index)
        self.schedule_visible()

    def visible_pages(self) -> list[int]:
        top = self.area.verticalScrollBar().value()
        bottom = top + max(self.area.viewport().height(), 600)
        found = []
        y = self.column.contentsMargins().top()
        for n, label in enumerate(self.labels):
            height = label.height()
            if y + height >= top and y <= bottom:
                found.append(n)
            elif y > bottom:
                break
            y += height + self.GAP
        return found or [0]

    def schedule_visible(self) -> None:
        wanted = [n for n in self.visible_pages() if n not in self.rendered]
        self._queue = wanted + [n for n in self._queue if n not in wanted]
        if self._queue and not self._timer.isActive():
            self._timer.start()

    def _render_next(self) -> None:
        if not self._queue:
            self._timer.stop()
            return
        n = self._queue.pop(0)
        if n in self.rendered:
            return
        label = self.labels[n]
        ratio = self.devicePixelRatioF()
        scale = label.width() * ratio / self.pages.size(n)[0]
        pixmap = QPixmap.fromImage(self.pages.image(n, scale))
        pixmap.setDevicePixelRatio(ratio)
        label.setPixmap(pixmap)
        self.rendered.add(n)
        self.page_shown.emit(n)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.schedule_visible()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.zoom != "100" and self.isVisible():
            width = self._width_for(self.zoom)
            if abs(width - self.page_width) > 8:  # not for a scroll bar coming and going
                self._apply_width(width)

    def stop(self) -> None:
        self._timer.stop()
        self._queue.clear()


class PreviewDialog(QDialog):
    """A document's pages, with zoom, a page number box, Save as PDF, Print... and Close."""

    view: PageView

    def __init__(
        self,
        data: bytes,
        title: str,
        parent: QWidget | None = None,
        *,
        file_name: str = "",
        save: Callable[[], None] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(f"Preview: {title}")
        self.setAccessibleName(f"Preview of {title}")
        self.title = title
        self.file_name = file_name or "document.pdf"
        self.save_with = save  # the Print page's own Save as PDF (its folder, name and password)
        self.pages = PdfPages(data)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel(f"{title}: {len(self.pages)} page{'s' if len(self.pages) != 1 else ''}")
        self.summary.setAccessibleDescription("Pages in the document")
        top.addWidget(self.summary, 1)
        self.zoom = QComboBox()
        self.zoom.setAccessibleName("Zoom")
        for key, label in PageView.ZOOMS.items():
            self.zoom.addItem(label, key)
        self.zoom.currentIndexChanged.connect(lambda _i: self.view.set_zoom(self.zoom.currentData()))
        zoom_label = QLabel("&Zoom")
        zoom_label.setBuddy(self.zoom)
        top.addWidget(zoom_label)
        top.addWidget(self.zoom)
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName("Page number")
        self.page_box.valueChanged.connect(lambda n: self.view.go_to(n - 1))
        page_label = QLabel("Pa&ge")
        page_label.setBuddy(self.page_box)
        self.page_count = QLabel()
        top.addWidget(page_label)
        top.addWidget(self.page_box)
        top.addWidget(self.page_count)
        layout.addLayout(top)
        self.view = PageView(self.pages)
        layout.addWidget(self.view, 1)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Printing")
        self.progress.hide()
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton("&Save as PDF...", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setAccessibleName("Save the document as a PDF file")
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = self.buttons.addButton("&Print...", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setAccessibleDescription("Print on a printer")
        self.print_button.clicked.connect(self.choose_printer)
        self.buttons.rejected.connect(self.reject)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.job: PrintJob | None = None
        self.print_dialog: QPrintDialog | None = None
        self.partial = False  # showing only the first part while the whole document is built
        self._connect_view()
        self._fit()

    def _connect_view(self) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setRange(1, max(1, len(self.pages)))
        self.page_box.setValue(self.view.current + 1)
        self.page_box.blockSignals(False)
        self.page_count.setText(f"of {len(self.pages)}")
        self.view.current_changed.connect(self._on_current)
        self.view.zoom = self.zoom.currentData()

    def _on_current(self, index: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(index + 1)
        self.page_box.blockSignals(False)

    def show_part(self, total_hint: str) -> None:
        """The pages shown are the first part of the document: say so, and hold Print until the whole is in."""
        self.summary.setText(f"{self.title}: the first pages, while {total_hint} are prepared...")
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.partial = True

    def show_document(self, data: bytes) -> None:
        """The whole document, in place of the first part shown so far."""
        old_view, old_pages = self.view, self.pages
        old_view.stop()
        self.pages = PdfPages(data)
        self.view = PageView(self.pages, old_view.page_width)
        layout = self.layout()
        if layout is not None:
            layout.replaceWidget(old_view, self.view)
        old_view.deleteLater()
        old_pages.close()
        self._connect_view()
        self.summary.setText(f"{self.title}: {len(self.pages)} page{'s' if len(self.pages) != 1 else ''}")
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.partial = False

    def _fit(self) -> None:
        screen = self.screen()
        free = screen.availableGeometry() if screen is not None else None
        height = 900 if free is None else min(900, free.height() - 60)
        width = 780 if free is None else min(780, free.width() - 40)
        self.resize(width, height)

    def save_pdf(self) -> None:
        """Save as PDF: through the Print page when it opened the preview (its folder, name and password)."""
        if self.save_with is not None:
            self.save_with()
            return
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, f"Save {self.title} as PDF", self.file_name, "PDF files (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            with open(path, "wb") as out:
                out.write(self.pages.data)
        except OSError as exc:
            feedback.show_error(self, ReadinessError(f"cannot save {path}: {exc.strerror or exc}"), "Save as PDF")
            return
        self.summary.setText(f"{self.title}: saved as {path}")

    def choose_printer(self) -> None:
        """The system print dialog (printer, pages, copies, two-sided); printing starts when it is accepted."""
        self.print_dialog = open_print_dialog(self, self.title, len(self.pages), self.print_on)

    def print_on(self, printer: QPrinter, on_done: Callable[[int], None] | None = None) -> PrintJob:
        self.print_button.setEnabled(False)
        self.progress.show()

        def finished(count: int) -> None:
            self.print_button.setEnabled(True)
            self.progress.hide()
            if on_done is not None:
                on_done(count)

        self.job = PrintJob(self.pages, printer, self, on_progress=self._progress, on_done=finished)
        try:
            self.job.start()
        except ReadinessError as error:
            finished(0)
            feedback.show_error(self, error, "Printing failed")
        return self.job

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def done(self, result: int) -> None:
        self.view.stop()
        if self.job is not None:
            self.job.cancel()
        super().done(result)


class PrintJob:
    """Draws the chosen pages onto a printer, one page per event-loop turn."""

    def __init__(
        self,
        pages: PdfPages,
        printer: QPrinter,
        parent: QWidget,
        *,
        on_progress: Callable[[int, int], None] | None = None,
        on_done: Callable[[int], None] | None = None,
    ):
        self.pages, self.printer = pages, printer
        first, last = printer.fromPage(), printer.toPage()
        if first == 0 and last == 0:  # "all pages"
            first, last = 1, len(pages)
        last = min(last, len(pages))
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        self.order = [n for _copy in range(copies) for n in range(first - 1, last)]
        self.done_count = 0
        self.on_progress, self.on_done = on_progress, on_done
        self.painter: QPainter | None = None
        self.timer = QTimer(parent)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._next)

    def _turn_paper(self, index: int) -> None:
        """Landscape paper for a landscape page (the timetable), portrait for the rest."""
        from PySide6.QtGui import QPageLayout

        width, height = self.pages.size(index)
        wanted = QPageLayout.Orientation.Landscape if width > height else QPageLayout.Orientation.Portrait
        if self.printer.pageLayout().orientation() != wanted:
            self.printer.setPageOrientation(wanted)

    def start(self) -> None:
        if self.order:
            self._turn_paper(self.order[0])
        self.painter = QPainter()
        if not self.painter.begin(self.printer):
            self.painter = None
            raise ReadinessError("the printer could not be started", "check that it is switched on and try again")
        self.timer.start()

    def _next(self) -> None:
        if self.done_count >= len(self.order):
            self._finish()
            return
        n = self.order[self.done_count]
        if self.done_count:
            self._turn_paper(n)  # before newPage(): the new page takes the new orientation
            self.printer.newPage()
        painter = self.painter
        assert painter is not None, "begun in start()"
        target = self.printer.pageLayout().paintRectPixels(self.printer.resolution())
        width_pt, height_pt = self.pages.size(n)
        dpi = min(self.printer.resolution(), 300)  # sharp enough; 1200 dpi pages would take seconds each
        image = self.pages.image(n, dpi / POINTS_PER_INCH)
        # fit the page into the printable area, keeping its shape
        factor = min(target.width() / width_pt, target.height() / height_pt)
        w, h = round(width_pt * factor), round(height_pt * factor)
        # the painter's origin is the printable area's corner: centre the page in it
        painter.drawImage(QRect((target.width() - w) // 2, (target.height() - h) // 2, w, h), image)
        self.done_count += 1
        if self.on_progress is not None:
            self.on_progress(self.done_count, len(self.order))

    def _finish(self) -> None:
        self.timer.stop()
        if self.painter is not None:
            self.painter.end()
            self.painter = None
        if self.on_done is not None:
            self.on_done(self.done_count)

    def cancel(self) -> None:
        if self.painter is not None:
            self.timer.stop()
            self.printer.abort()
            self.painter.end()
            self.painter = None

    @property
    def finished(self) -> bool:
        return self.painter is None and self.done_count == len(self.order)
