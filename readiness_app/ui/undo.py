"""Undo and redo for every change made in the app: one QUndoStack, one command class.

Every `ctx.write` runs its change through `register.changes.record`, which
logs the SQL that reverses each row it touched. `RegisterChange` holds that
log: undo replays it (newest first, one transaction, audited as "undo: ..."),
which yields the log for redo, and so on. Because it works on rows, the same
class undoes session moves, case stages, evidence triage, gap edits, QS
owners, visit-week records and bulk actions alike; pages need no undo code.

Replays run on the writer thread in order with every other write, and read
the log they need when they run, so pressing Ctrl+Z twice quickly is safe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from readiness_app.register import changes

if TYPE_CHECKING:
    from readiness_app.ui.context import AppContext


class RegisterChange(QUndoCommand):
    """One change to the register, already made when it is pushed (so the first redo does nothing)."""

    def __init__(self, ctx: AppContext, text: str, inverse: list[str]):
        super().__init__(text)
        self._ctx = ctx
        self._name = text
        self._inverse = inverse
        self._made = True

    def redo(self) -> None:
        if self._made:
            self._made = False  # QUndoStack.push calls redo(); the change is already in the register
            return
        self._replay("redo")

    def undo(self) -> None:
        self._replay("undo")

    def _replay(self, kind: str) -> None:
        name, ctx = self._name, self._ctx

        def job(reg: Any) -> changes.Recording:
            recording = changes.replay(reg, self._inverse, f"{kind}: {name}")
            ctx.keep_readiness(reg, recording.changes)
            self._inverse = recording.inverse  # what reverses this replay: the next undo or redo
            return recording

        ctx.writer.submit(
            job,
            description=f"{kind} {name}",
            on_done=lambda recording: ctx.replayed(kind, name, recording.changes),
            on_error=lambda error: ctx.replay_failed(kind, name, error),
        )


def make_stack(parent: Any) -> QUndoStack:
    stack = QUndoStack(parent)
    stack.setUndoLimit(200)  # each step holds only the rows it changed
    return stack


def action_name(description: str) -> str:
    """A menu name from a job description: "saving the case" -> "Save the case"."""
    text = description.strip()
    first, _, rest = text.partition(" ")
    verbs = {"saving": "Save", "deleting": "Delete", "moving": "Move", "creating": "Create", "closing": "Close"}
    verb = verbs.get(first.lower())
    if verb is not None:
        return f"{verb} {rest}".strip()
    return text[:1].upper() + text[1:]
