"""The main window's start-up: drawn first, then the work that waits for the first paint; its size
and place on the screen (a part of `MainWindow`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from readiness_app.logs import get_logger
from readiness_app.ui import startup

if TYPE_CHECKING:
    from collections.abc import Callable

    from readiness_app.ui.context import AppContext
    from readiness_app.ui.pages import Page
    from readiness_app.ui.sidebar import PageEntry

    _Window = QMainWindow
else:
    _Window = object

log = get_logger("readiness_app.ui")

SHOWN_FALLBACK_MS = 1500
# Small enough for a 1024x600 netbook screen; pages, dialogs and side panels scroll below it.
MINIMUM_SIZE = (1000, 560)
FIRST_SIZE = (1280, 760)


class WindowStartup(_Window):
    if TYPE_CHECKING:  # from MainWindow and its other parts
        ctx: AppContext
        page_types: dict[str, PageEntry]
        _paint_seen: bool
        _drawn: bool
        _closed: bool
        _after_shown: list[Callable[[], Any]]

        def current_page(self) -> Page | None: ...

    @property
    def drawn(self) -> bool:
        """The window has been drawn once and its after-paint work (menus, shortcuts, watcher) has run."""
        return self._drawn

    def when_shown(self, fn: Callable[[], Any]) -> None:
        """Run `fn` on the GUI thread once the window has first been drawn (at once if it has)."""
        if self._drawn:
            QTimer.singleShot(0, fn)
        else:
            self._after_shown.append(fn)

    def _run_after_shown(self) -> None:
        self._drawn = True
        jobs, self._after_shown = self._after_shown, []
        for fn in jobs:
            if not self._closed:
                fn()

    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.value("window/geometry")
        if geometry is not None:
            from PySide6.QtCore import QByteArray  # only with a saved geometry (~0.3 ms to load)

            if isinstance(geometry, QByteArray | bytes) and not self.restoreGeometry(geometry):
                log.info("saved window geometry ignored")
                geometry = None
        if geometry is None:
            self.resize(*FIRST_SIZE)
        self.fit_to_screen(centre=geometry is None)

    def fit_to_screen(self, free: QRect | None = None, *, centre: bool = False) -> None:
        """Keep the whole window (frame included) on the screen's free area, above the taskbar."""
        if free is None:
            screen = self.screen() or QApplication.primaryScreen()
            if screen is None:
                return
            free = screen.availableGeometry()
        # the frame (title bar, borders) is known once shown; before that allow for a typical one
        frame = self.frameGeometry()
        frame_w, frame_h = frame.width() - self.width(), frame.height() - self.height()
        if frame_w <= 0 and frame_h <= 0:
            frame_w, frame_h = 16, 40
        # below the minimum only on a screen smaller than it (then the pages scroll)
        self.setMinimumSize(min(MINIMUM_SIZE[0], free.width() - frame_w), min(MINIMUM_SIZE[1], free.height() - frame_h))
        width = max(min(self.width(), free.width() - frame_w), self.minimumWidth())
        height = max(min(self.height(), free.height() - frame_h), self.minimumHeight())
        self.resize(width, height)
        x, y = frame.x(), frame.y()  # move() places the frame's top-left corner
        if centre:
            x = free.left() + (free.width() - width - frame_w) // 2
            y = free.top() + (free.height() - height - frame_h) // 2
        x = max(min(x, free.right() + 1 - width - frame_w), free.left())
        y = max(min(y, free.bottom() + 1 - height - frame_h), free.top())
        self.move(x, y)

    def initial_page(self) -> str:
        key = str(self.ctx.settings.value("window/page") or "dashboard")
        return key if key in self.page_types else next(iter(self.page_types))

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._paint_seen:
            self._paint_seen = True
            # the zero timer runs once this first drawing of the whole window is finished
            QTimer.singleShot(0, self._first_drawn)

    def _first_drawn(self) -> None:
        startup.mark("window_shown")
        # The first page finishes drawing (the dashboard adds its tiles and pictures right after its first
        # paint) before the menus, the watcher and the backup start.
        page = self.current_page()
        if page is None:
            QTimer.singleShot(0, self._run_after_shown)
        else:
            page.when_complete(self._run_after_shown)
