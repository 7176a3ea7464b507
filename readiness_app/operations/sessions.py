"""Interview sessions: add, edit, move, remove."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from readiness_app.operations import Operation
from readiness_app.register import sessions

if TYPE_CHECKING:
    from readiness_app.register.connection import Register


def add(**fields: Any) -> Operation[int]:
    """A new session (fields and links as `register.sessions.create` takes them); returns its id."""
    return Operation("adding a session", "New session", lambda reg: sessions.create(reg, **fields))


def edit(session_id: int, **fields: Any) -> Operation[dict[str, Any]]:
    """Change a session's fields and links; returns the audited changes."""
    return Operation("saving the session", "Edit session", lambda reg: sessions.update(reg, session_id, **fields))


def move(
    session_id: int, *, shown: dict[str, Any] | None = None, **when_and_where: Any
) -> Operation[dict[str, Any] | None]:
    """Another day, time or room for a session (the timetable's drag and Ctrl+arrows).

    With `shown` (the day, times and room the window showed), the move is written only if
    nobody moved the session since; otherwise it raises `ChangedWhileOpen` and writes nothing.
    """
    if shown is None:
        return Operation(
            "moving the session", "Move session", lambda reg: sessions.update(reg, session_id, **when_and_where)
        )
    from readiness_app.register.changed_since import save_if_unchanged

    def read(reg: Register) -> dict[str, Any]:
        stored = cast(dict[str, Any], sessions.get(reg, session_id))
        return {k: stored[k] for k in shown}

    return Operation(
        "moving the session",
        "Move session",
        lambda reg: save_if_unchanged(
            reg,
            noun="session",
            read=read,
            loaded=shown,
            changes=when_and_where,
            write=lambda r, fields: sessions.update(r, session_id, **fields),
        ),
    )


def remove(session_id: int) -> Operation[None]:
    return Operation("deleting the session", "Delete session", lambda reg: sessions.delete(reg, session_id))
