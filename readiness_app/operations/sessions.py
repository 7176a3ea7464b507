"""Interview sessions: add, edit, move, remove."""

from __future__ import annotations

from typing import Any

from readiness_app.operations import Operation
from readiness_app.register import sessions


def add(**fields: Any) -> Operation[int]:
    """A new session (fields and links as `register.sessions.create` takes them); returns its id."""
    return Operation("adding a session", "New session", lambda reg: sessions.create(reg, **fields))


def edit(session_id: int, **fields: Any) -> Operation[dict[str, Any]]:
    """Change a session's fields and links; returns the audited changes."""
    return Operation("saving the session", "Edit session", lambda reg: sessions.update(reg, session_id, **fields))


def move(session_id: int, **when_and_where: Any) -> Operation[dict[str, Any]]:
    """Another day, time or room for a session (the timetable's drag and Ctrl+arrows)."""
    return Operation(
        "moving the session", "Move session", lambda reg: sessions.update(reg, session_id, **when_and_where)
    )


def remove(session_id: int) -> Operation[None]:
    return Operation("deleting the session", "Delete session", lambda reg: sessions.delete(reg, session_id))
