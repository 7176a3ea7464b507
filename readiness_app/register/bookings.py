"""A CQC team member or a person is removed only when no session has them down; else refused, naming the sessions."""

from __future__ import annotations

from readiness_app.errors import ReadinessError
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.rooms import describe_sessions
from readiness_app.register.validation import long_date

LINKS = {"assessor": ("session_assessor", "assessor_id"), "person": ("session_person", "person_id")}


def sessions_with(reg: Register, table: str, record_id: int) -> list[str]:
    """The sessions that have this assessor or person down, as people read them: 'Tue 15 Dec 2026 09:30 Title'."""
    link_table, column = LINKS[table]
    rows = reg.query(
        f"SELECT s.date, s.start, s.title FROM session s JOIN {link_table} l ON l.session_id = s.id"
        f" WHERE l.{column} = ? ORDER BY s.date, s.start",
        (record_id,),
    )
    return [f"{long_date(r[0])} {r[1]} {r[2]}" for r in rows]


def remove_unless_booked(reg: Register, table: str, record_id: int) -> None:
    with reg.transaction():
        record = records.get(reg, table, record_id)
        used = sessions_with(reg, table, record_id)
        if used:
            raise ReadinessError(
                f"{record['name']!r} is down for {len(used)} session{'s' if len(used) > 1 else ''}: "
                f"{describe_sessions(used)}",
                hint="take them off those sessions first",
            )
        records.delete(reg, table, record_id)
