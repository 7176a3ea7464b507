"""Undo and redo for every change made in the app: one QUndoStack, one command class.

Every `ctx.write` runs its change through `register.changes.record`, which
logs the SQL that reverses each row it touched. `RegisterChange` holds that
log: undo replays it (newest first, one transaction, audited as "undo: ..."),
which yields the log for redo, and so on. Because it works on rows, the same
class undoes session moves, case stages, evidence triage, gap edits, QS
owners, visit-week records and bulk actions alike; pages need no undo code.

Replays run on the writer thread in order with every other write, and read
the log they need when they run, so pressing Ctrl+Z twice quickly is safe.

Another program may have changed a record since: a replay puts back only the
columns its own change set, and only while they still hold what it wrote
(`changes.replay` is a compare-and-set). When they do not, the undo is refused
in one line ("Someone changed this gap since; undo skipped"), nothing changes,
and the step leaves the history. When another program writes, the history is
checked on the reader thread and the steps that could no longer run are
marked "(changed outside)" in the Edit menu.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from readiness_app.register import changes

if TYPE_CHECKING:
    from readiness_app.ui.context import AppContext


class RegisterChange(QUndoCommand):
    """One change to the register, already made when it is pushed (so the first redo does nothing)."""

    def __init__(self, ctx: AppContext, text: str, inverse: list[changes.RowStep]):
        super().__init__(text)
        self._ctx = ctx
        self._name = text
        self._inverse = inverse
        self._made = True
        self.dropped = False  # refused: the stack removes it the next time it is reached
        self.changed_outside = False

    @property
    def inverse(self) -> list[changes.RowStep]:
        """The steps the next undo (or redo) of this change would take back."""
        return self._inverse

    def redo(self) -> None:
        if self.dropped:
            self.setObsolete(True)  # QUndoStack then deletes this step instead of moving past it
            return
        if self._made:
            self._made = False  # QUndoStack.push calls redo(); the change is already in the register
            return
        self._replay("redo")

    def undo(self) -> None:
        if self.dropped:
            self.setObsolete(True)
            return
        self._replay("undo")

    def mark_changed_outside(self, changed: bool) -> None:
        """Another program changed what this step would put back (or changed it back again)."""
        if changed != self.changed_outside:
            self.changed_outside = changed
            self.setText(f"{self._name} (changed outside)" if changed else self._name)

    def drop(self, stack: QUndoStack) -> None:
        """Leave the history: at once where the stack allows it, else when the step is next reached."""
        self.dropped = True
        index = stack.index()
        if index < stack.count() and stack.command(index) is self:
            stack.redo()  # redo() sees `dropped`, turns obsolete, and the stack deletes it
        elif index > 0 and stack.command(index - 1) is self:
            stack.undo()

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
            on_error=lambda error: ctx.replay_failed(kind, name, error, self),
        )


def check_history(ctx: AppContext) -> None:
    """After another program wrote: mark the steps whose undo (or redo) could no longer run."""
    stack = ctx.undo_stack
    steps = [stack.command(n) for n in range(stack.count())]
    steps = [s for s in steps if isinstance(s, RegisterChange) and not s.dropped]
    if not steps:
        return
    wanted = [s.inverse for s in steps]

    def job(reg: Any) -> list[bool]:
        return [changes.still_as_left(reg, inverse) for inverse in wanted]

    def done(still: list[bool]) -> None:
        if ctx.closed:
            return
        present = {id(stack.command(n)) for n in range(stack.count())}
        for step, inverse, ok in zip(steps, wanted, still, strict=True):
            if id(step) in present and step.inverse is inverse:  # not replayed meanwhile
                step.mark_changed_outside(not ok)
        # a step's new text reaches the Edit menu only through the stack's own signals
        stack.undoTextChanged.emit(stack.undoText())
        stack.redoTextChanged.emit(stack.redoText())

    ctx.read_later(job, done, "checking the undo history")


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
