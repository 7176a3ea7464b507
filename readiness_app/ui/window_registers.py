"""The main window's register: its title, closing it, its settings (a part of `MainWindow`;
switching registers is in `ui/registers.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QMainWindow

from readiness_app.ui import registers

if TYPE_CHECKING:
    from readiness_app.ui.context import AppContext
    from readiness_app.ui.main_window import MainWindow
    from readiness_app.ui.pages import Page

    _Window = QMainWindow
else:
    _Window = object


class WindowRegisters(_Window):
    if TYPE_CHECKING:  # from MainWindow and its other parts
        ctx: AppContext
        pages: dict[str, Page]

        def current_page(self) -> Page | None: ...

    def update_title(self) -> None:
        """'Northmoor County Council - register.sqlite - Readiness'."""
        self.setWindowTitle(registers.window_title(self.ctx))

    def close_register(self) -> None:
        """Ctrl+W: close this register and go back to the welcome screen (the app keeps running)."""
        registers.close_register(cast("MainWindow", self))

    def open_register_settings(self) -> None:
        registers.open_settings(cast("MainWindow", self))

    def _load_bank_holidays(self) -> None:
        from readiness_app.ui import next_milestone

        next_milestone.preload(self.ctx, self._redraw_dashboard)

    def _redraw_dashboard(self) -> None:
        """Only the dashboard shows working days left; other pages keep their state (and forms)."""
        page = self.pages.get("dashboard")
        if page is not None:
            page.stale = True
            if self.current_page() is page:
                page.stale = False
                page.refresh()
