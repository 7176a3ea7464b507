"""What every page can reach: the register (read) and the job runners.

One `AppContext` per open register. Pages read through `ctx.read` (a read-only
connection used on the GUI thread for small queries) and change the register
only through `ctx.write(fn)`, which runs `fn(register)` on the single writer
thread and, once it has committed, emits `data_changed` so every page shows the
new state. Heavy reads (20,000 evidence rows) go through `ctx.read_later`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from readiness_app.register.connection import Register
from readiness_app.ui import feedback
from readiness_app.ui.jobs import JobRunner


class AppContext(QObject):
    data_changed = Signal()  # after any committed change (app, watcher, import)
    navigate_requested = Signal(str, dict)  # page key, filters
    notice = Signal(str)  # a short, unobtrusive message for the status bar
    runner_added = Signal(object)  # a JobRunner started on demand (the printer)

    def __init__(
        self,
        register_path: Path,
        read: Register,
        writer: JobRunner,
        reader: JobRunner,
        settings: QSettings,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.register_path = register_path
        self.read = read
        self.writer = writer
        self.reader = reader
        self.settings = settings
        self.open_reader: Callable[[], Register] | None = None  # makes another read-only connection
        self._printer: JobRunner | None = None
        # "Today" for overdue and days-to-visit figures; tests replace it to stay off the real clock.
        self.today: Callable[[], date] = date.today
        self.window: Any = None  # the MainWindow (for dialogs' parent)
        # (description, fn) that reverses the last simple edit; Edit > Undo runs it
        self.last_undo: tuple[str, Callable[[Register], Any]] | None = None

    def write(
        self,
        fn: Callable[[Register], Any],
        description: str,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Run a register change on the writer thread; errors go to a dialog unless on_error is given."""

        def done(result: Any) -> None:
            self.data_changed.emit()
            if on_done is not None:
                on_done(result)

        def failed(error: BaseException) -> None:
            if on_error is not None:
                on_error(error)
            else:
                feedback.show_error(self.window, error, description.capitalize())

        return self.writer.submit(fn, description=description, on_done=done, on_error=failed)

    def undo(self) -> bool:
        """Reverse the last simple edit (one level), if there is one."""
        if self.last_undo is None:
            return False
        description, fn = self.last_undo
        self.last_undo = None
        self.write(
            fn,
            f"undoing the change to {description}",
            on_done=lambda _r: self.notice.emit(f"Undone: change to {description}"),
        )
        return True

    def read_later(
        self, fn: Callable[[Register], Any], on_done: Callable[[Any], None], description: str = "reading"
    ) -> int:
        """Run a big read on the reader thread (own connection) and hand the result back."""
        return self.reader.submit(
            fn, description=description, on_done=on_done, on_error=lambda e: feedback.show_error(self.window, e)
        )

    @property
    def printer(self) -> JobRunner:
        """The thread that builds PDFs, one at a time (reportlab is not thread-safe), with its own connection."""
        if self._printer is None:
            self._printer = JobRunner("printer", self.open_reader, self)
            self.runner_added.emit(self._printer)
        return self._printer

    def runners(self) -> list[JobRunner]:
        return [r for r in (self.writer, self.reader, self._printer) if r is not None]

    def navigate(self, page_key: str, **filters: Any) -> None:
        self.navigate_requested.emit(page_key, filters)

    def evidence_folder(self) -> Path | None:
        from readiness_app.register import assessment

        return assessment.evidence_folder(self.read)
