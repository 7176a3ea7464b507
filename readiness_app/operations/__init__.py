"""Named changes to the register, a module per kind of record (Anki's `aqt/operations` is the model).

Each function returns an `Operation`: what the change is in the users' words (for the
progress line, error titles and Edit > Undo) and the write itself, which returns what
it changed (the new record's id, or the audited field changes). The desktop app runs
it on its one writer thread (`AppContext.run`), which also records the rows touched,
so the pages that show them reload and the change can be undone; the command line runs
it in one transaction (`Operation.run`). The window and the commands therefore make
the same change through the same function, never two versions of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from readiness_app.register.connection import Register

Result = TypeVar("Result")


@dataclass(frozen=True)
class Operation(Generic[Result]):
    description: str  # what is being done, for progress and errors: "moving the session"
    undo: str  # the action's name in Edit > Undo: "Move session"
    write: Callable[[Register], Result]  # the change; returns what it changed

    def run(self, reg: Register) -> Result:
        """Make the change in one transaction (the command line's way; the window uses `AppContext.run`)."""
        with reg.transaction():
            return self.write(reg)
