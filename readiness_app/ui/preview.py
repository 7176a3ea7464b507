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
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from readiness_app.errors import ReadinessError
from readiness_app.ui import feedback

POINTS_PER_INCH = 72


class PdfPages:
    """A PDF in memory: page count, page sizes, and pages rendered to QImages."""

    def __init__(self, data: bytes):
        import pypdfium2  # here: it loads PDFium, which start-up does not need

        self.data = data
        self.document = pypdfium2.PdfDocument(data)

    def __len__(self) -> int:
        return len(self.document)

    def size(self, index: int) -> tuple[float, float]:
        """Page size in points (width, height)."""
        return self.document[index].get_size()

    def image(self, index: int, scale: float) -> QImage:
        """Page `index` at `scale` pixels per point, as an RGB image that owns its pixels."""
        bitmap = self.document[index].render(scale=scale, rev_byteorder=True, draw_annots=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
        return image.copy()  # detach from pdfium's buffer

    def close(self) -> None:
        self.document.close()


class PageView(QWidget):
    """The pages one under another in a scroll area; each is drawn when it first comes into view."""

    page_shown = Signal(int)  # a page's image is on screen (tests and the benchmark wait for page 0)

    GAP = 12

    def __init__(self, pages: PdfPages, width: int = 720, parent: QWidget | None = None):
        super().__init__(parent)
        self.pages = pages
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
        self.area.verticalScrollBar().valueChanged.connect(lambda _v: self.schedule_visible())
        self.schedule_visible()

    def _size_labels(self) -> None:
        for n, label in enumerate(self.labels):
            w, h = self.pages.size(n)
            label.setFixedSize(QSize(self.page_width, round(self.page_width * h / w)))

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

    def stop(self) -> None:
        self._timer.stop()
        self._queue.clear()


class PreviewDialog(QDialog):
    """A document's pages, with Print... (the system print dialog) and Close."""

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None, *, file_name: str = ""):
        super().__init__(parent)
        self.setWindowTitle(f"Preview: {title}")
        self.setAccessibleName(f"Preview of {title}")
        self.title = title
        self.file_name = file_name
        self.pages = PdfPages(data)
        layout = QVBoxLayout(self)
        self.summary = QLabel(f"{title}: {len(self.pages)} page{'s' if len(self.pages) != 1 else ''}")
        self.summary.setAccessibleDescription("Pages in the document")
        layout.addWidget(self.summary)
        self.view = PageView(self.pages)
        layout.addWidget(self.view, 1)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Printing")
        self.progress.hide()
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = self.buttons.addButton("&Print...", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setAccessibleDescription("Print on a printer")
        self.print_button.clicked.connect(self.choose_printer)
        self.buttons.rejected.connect(self.reject)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.job: PrintJob | None = None
        self.partial = False  # showing only the first part while the whole document is built
        self._fit()

    def show_part(self, total_hint: str) -> None:
        """The pages shown are the first part of the document: say so, and hold Print until the whole is in."""
        self.summary.setText(f"{self.title}: the first pages, while {total_hint} are prepared...")
        self.print_button.setEnabled(False)
        self.partial = True

    def show_document(self, data: bytes) -> None:
        """The whole document, in place of the first part shown so far."""
        old_view, old_pages = self.view, self.pages
        old_view.stop()
        self.pages = PdfPages(data)
        self.view = PageView(self.pages)
        layout = self.layout()
        if layout is not None:
            layout.replaceWidget(old_view, self.view)
        old_view.deleteLater()
        old_pages.close()
        self.summary.setText(f"{self.title}: {len(self.pages)} page{'s' if len(self.pages) != 1 else ''}")
        self.print_button.setEnabled(True)
        self.partial = False

    def _fit(self) -> None:
        screen = self.screen()
        free = screen.availableGeometry() if screen is not None else None
        height = 900 if free is None else min(900, free.height() - 60)
        self.resize(self.view.page_width + 60, height)

    def choose_printer(self) -> None:
        """The system print dialog (printer, pages, copies, two-sided); printing starts when it is accepted."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        printer.setFromTo(1, len(self.pages))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print {self.title}")
        dialog.setMinMax(1, len(self.pages))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.accepted.connect(lambda *_printer: self.print_on(printer))
        self.print_dialog = dialog
        dialog.open()  # type: ignore[call-arg]  # the stub lists only open(receiver, member); QDialog.open() is there

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
