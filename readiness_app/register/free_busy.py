"""Who is busy when on one day: each person's and assessor's sessions, for the session dialog."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from readiness_app.register.connection import Register


@dataclass(frozen=True, slots=True)
class Busy:
    """One attendee's other sessions that day, in time order: (start, end, title)."""

    name: str
    assessor: bool
    sessions: tuple[tuple[str, str, str], ...]


def day_plan(
    reg: Register,
    date: str,
    *,
    people: Iterable[int] = (),
    assessors: Iterable[int] = (),
    session_id: int | None = None,
) -> list[Busy]:
    """People first, then assessors (in the order given); cancelled sessions and `session_id` left out."""
    plan = []
    for ids, link, table, column, is_assessor in (
        (people, "session_person", "person", "person_id", False),
        (assessors, "session_assessor", "assessor", "assessor_id", True),
    ):
        for record_id in ids:
            name = reg.scalar(f"SELECT name FROM {table} WHERE id = ?", (record_id,))
            if name is None:
                continue
            rows = reg.query(
                f"SELECT s.start, s.end, s.title FROM session s JOIN {link} l ON l.session_id = s.id"
                f" WHERE l.{column} = ? AND s.date = ? AND s.status != 'cancelled' AND s.id IS NOT ?"
                " ORDER BY s.start, s.end",
                (record_id, date, session_id),
            )
            plan.append(Busy(name, is_assessor, tuple((r[0], r[1], r[2]) for r in rows)))
    return plan
