"""Noticing changes made by other programs (`watch`, a command in a terminal) while the app is open.

SQLite's `PRAGMA data_version` on a connection changes whenever another
connection has committed to the same file, whichever process it is in. The
window's read connection asks every two seconds and whenever the app comes back
to the front; when the number moved since the app last refreshed, it emits
`ctx.data_changed`, the same signal the app's own writes send, so the page on
screen refreshes and the others are marked stale (see MainWindow._on_data_changed).
The app's own writes move the number too; they are taken as the new baseline
when their own `data_changed` arrives, so they are not refreshed twice.

After the refresh, `ctx.outside_change` tells open forms to compare their
record with what they loaded (and say "changed outside"), and the undo history
is checked for steps that can no longer run (`ui/undo.check_history`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication

from readiness_app.logs import get_logger
from readiness_app.register.connection import database_errors
from readiness_app.ui.context import AppContext

CHECK_MS = 2000
log = get_logger(__name__)


class OutsideChanges(QObject):
    """Polls `data_version` on the window's read connection; emits `ctx.data_changed` when it moved."""

    def __init__(self, ctx: AppContext, parent: QObject | None = None, interval_ms: int = CHECK_MS):
        super().__init__(parent)
        self.ctx = ctx
        self._seen = self._version()
        self._emitting = False
        self._told_replaced = False
        ctx.data_changed.connect(self._take_baseline)
        self.timer = QTimer(self)
        self.timer.setObjectName("outside_changes_timer")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._on_state)

    def _version(self) -> int | None:
        try:
            return self.ctx.read.data_version()
        except database_errors():  # a busy or closed connection: try again on the next tick
            return None

    def _take_baseline(self) -> None:
        if not self._emitting:
            self._seen = self._version()

    def _on_state(self, state) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def check(self) -> bool:
        """Refresh if another program changed the register; returns whether it had."""
        if not self._told_replaced and self.ctx.read.file_replaced():
            # a copy was put over the open register: the writer refuses from now on; say so once, at once
            self._told_replaced = True
            error = self.ctx.read.replaced_error()
            self.ctx.notice.emit(error.message)
            self.ctx.show_error(error, "Register replaced")
            return False
        now = self._version()
        if now is None or now == self._seen:
            return False
        self._seen = now
        log.info("the register was changed by another program; refreshing")
        self._emitting = True
        self.ctx.changing_outside = True
        try:
            self.ctx.data_changed.emit()
            self.ctx.outside_change.emit()  # open forms say "changed outside"
        finally:
            self._emitting = False
            self.ctx.changing_outside = False
        from readiness_app.ui import undo

        undo.check_history(self.ctx)  # and the undo history marks what can no longer be undone
        return True

    def stop(self) -> None:
        self.timer.stop()
