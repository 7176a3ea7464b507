"""What every page can reach: the register (read) and the job runners.

One `AppContext` per open register. Pages read through `ctx.read` (a read-only
connection used on the GUI thread for small queries) and change the register
only through `ctx.write(fn)`, which runs `fn(register)` on the single writer
thread, records which rows it touched (`register.changes`), puts it on the one
undo stack (`ctx.undo_stack`) and, once it has committed, emits
`changed(Changes)` and `data_changed`. Pages that show those tables reload
(only those rows where they can). A bare `data_changed.emit()` (the watcher,
an import, another program's change) means "anything may have changed".
Heavy reads (20,000 evidence rows) go through `ctx.read_later`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal

from readiness_app import clock
from readiness_app.logs import get_logger
from readiness_app.register.connection import Register
from readiness_app.ui.jobs import JobRunner

if TYPE_CHECKING:
    from readiness_app.operations import Operation

log = get_logger("readiness_app.ui")


class AppContext(QObject):
    data_changed = Signal()  # after any committed change (app, watcher, import)
    changed = Signal(object)  # Changes: the tables and rows touched (Changes.all() when unknown)
    undone = Signal(str, str)  # "undo" or "redo", the action's name: pages clear "Saved ..." messages
    navigate_requested = Signal(str, dict)  # page key, filters
    notice = Signal(str)  # a short, unobtrusive message for the status bar
    runner_added = Signal(object)  # a JobRunner started on demand (the printer)
    outside_change = Signal()  # another program wrote to the register (after the pages have refreshed)
    refused = Signal(str)  # an undo or redo that another program's change stood in the way of: the one line

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
        self.window: Any = None  # the MainWindow (for dialogs' parent)
        self._announcing = False
        self.closed = False  # set when the window shuts down: deferred work must not read any more
        self.changing_outside = False  # True while the pages refresh for another program's change
        self.data_changed.connect(self._on_data_changed)
        self._undo_stack: Any = None

    @staticmethod
    def today() -> date:
        """ "Today" for overdue and days-to-visit figures: the app's one clock (tests pin it)."""
        return clock.today()

    @property
    def undo_stack(self):  # -> QUndoStack, made on first use
        if self._undo_stack is None:
            from readiness_app.ui.undo import make_stack

            self._undo_stack = make_stack(self)
        return self._undo_stack

    def write(
        self,
        fn: Callable[[Register], Any],
        description: str,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        undo: str | None = None,
    ) -> int:
        """Run a register change on the writer thread; errors go to a dialog unless on_error is given.

        `undo` names the action in Edit > Undo ("Next stage"); by default it is made from
        `description`. Every change that touched a row can be undone.
        """

        from readiness_app.register import changes as change_log

        def run(reg: Register) -> tuple[Any, Any]:
            result, recording = change_log.record(reg, fn)
            self.keep_readiness(reg, recording.changes)
            return result, recording

        def done(outcome: tuple[Any, Any]) -> None:
            result, recording = outcome
            if recording.inverse:
                from readiness_app.ui.undo import RegisterChange, action_name

                self.undo_stack.push(RegisterChange(self, undo or action_name(description), recording.inverse))
            self.announce(recording.changes)
            if on_done is not None:
                on_done(result)

        def failed(error: BaseException) -> None:
            if on_error is not None:
                on_error(error)
            else:
                self.show_error(error, description.capitalize())

        return self.writer.submit(run, description=description, on_done=done, on_error=failed)

    def run(
        self,
        operation: Operation[Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Run a named change (`readiness_app.operations`) on the writer thread, undoable under its name."""
        return self.write(operation.write, operation.description, on_done, on_error, undo=operation.undo)

    def keep_readiness(self, reg: Register, changes: Any) -> None:
        """On the writer thread, after a change: today's RAG counts for the dashboard's chart."""
        from readiness_app.register import readiness_history

        if not changes.touches(readiness_history.COUNTED_TABLES):
            return
        try:
            readiness_history.keep_today(reg, self.today())
        except Exception:  # a snapshot must never undo or hide the change the user made
            log.exception("today's readiness was not kept")

    def announce(self, changes: Any) -> None:
        """Tell the pages what a committed write touched (a `register.changes.Changes`)."""
        # then `data_changed`, for older listeners
        self._announcing = True
        try:
            self.changed.emit(changes)
            self.data_changed.emit()
        finally:
            self._announcing = False

    def _on_data_changed(self) -> None:
        if not self._announcing:  # a change the app did not record: anything may have changed
            from readiness_app.register.changes import Changes

            self.changed.emit(Changes.all())

    def undo(self) -> bool:
        """Edit > Undo: reverse the newest change still done; False when there is none."""
        if not self.undo_stack.canUndo():
            return False
        self.undo_stack.undo()
        return True

    def replayed(self, kind: str, name: str, changes: Any) -> None:
        """An undo or redo has committed: say so (replacing any "Saved ..." message) and refresh."""
        if not changes:  # nothing was put back: never claim "Undone"
            self.notice.emit(f"Nothing to {kind}: {name} had already been taken back")
            return
        self.undone.emit(kind, name)
        self.notice.emit(f"{'Undone' if kind == 'undo' else 'Redone'}: {name}")
        self.announce(changes)

    def replay_failed(self, kind: str, name: str, error: BaseException, step: Any = None) -> None:
        """The register refused an undo or redo.

        Another program changed or deleted the record since: one line, and that step leaves the
        history (the others stay). Any other refusal (a later change stands in its way): say why in a
        box and start a fresh history.
        """
        from readiness_app.register.changes import ChangedSince

        if isinstance(error, ChangedSince) and step is not None:
            step.drop(self.undo_stack)
            self.notice.emit(error.message)
            self.refused.emit(error.message)
        else:
            self.undo_stack.clear()
            self.show_error(error, f"Could not {kind} {name}")
        self.data_changed.emit()

    def show_error(self, error: BaseException, title: str = "Readiness") -> None:
        """The error in a message box over the window (the feedback module loads on the first error)."""
        from readiness_app.ui import feedback

        feedback.show_error(self.window, error, title)

    def read_later(
        self, fn: Callable[[Register], Any], on_done: Callable[[Any], None], description: str = "reading"
    ) -> int:
        """Run a big read on the reader thread (own connection) and hand the result back."""
        return self.reader.submit(fn, description=description, on_done=on_done, on_error=self.show_error)

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
