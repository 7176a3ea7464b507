"""Double bookings: a person, room or assessor in two overlapping sessions.

One rule for every caller (check, status, the window, the printed timetable).
Cancelled sessions never conflict; a virtual room can host parallel calls.
"""

from __future__ import annotations

from typing import Any

from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date
from readiness_app.values import Value


class Conflict(Value):
    __slots__ = (
        "kind",
        "who",
        "who_id",
        "first",
        "second",
        "date",
        "first_title",
        "second_title",
        "first_time",
        "second_time",
    )
    kind: str  # "person", "room" or "assessor"
    who: str  # the name of the person, room or assessor
    who_id: int
    first: int  # session ids, first < second
    second: int
    date: str
    first_title: str
    second_title: str
    first_time: str
    second_time: str

    @property
    def message(self) -> str:
        return (
            # sessions by time and title, as the timetable shows them (users never see their ids)
            f"{self.kind} {self.who} is booked into two sessions on {long_date(self.date)}: "
            f"{self.first_time} {self.first_title} and {self.second_time} {self.second_title}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "who": self.who,
            "who_id": self.who_id,
            "date": self.date,
            "sessions": [self.first, self.second],
            "message": self.message,
        }


_PAIRS = """
WITH live AS (SELECT id, date, start, end, title, room_id FROM session WHERE status != 'cancelled'),
pairs AS (
  SELECT a.id AS a_id, b.id AS b_id, a.date AS date, a.title AS a_title, b.title AS b_title,
         a.start || '-' || a.end AS a_time, b.start || '-' || b.end AS b_time,
         a.room_id AS a_room, b.room_id AS b_room
  FROM live a JOIN live b ON a.date = b.date AND a.id < b.id AND a.start < b.end AND b.start < a.end
)
"""

_SQL = (
    _PAIRS
    + """
SELECT 'person', p.id, p.name, pairs.* FROM pairs
  JOIN session_person x ON x.session_id = a_id
  JOIN session_person y ON y.session_id = b_id AND y.person_id = x.person_id
  JOIN person p ON p.id = x.person_id
UNION ALL
SELECT 'assessor', s.id, s.name, pairs.* FROM pairs
  JOIN session_assessor x ON x.session_id = a_id
  JOIN session_assessor y ON y.session_id = b_id AND y.assessor_id = x.assessor_id
  JOIN assessor s ON s.id = x.assessor_id
UNION ALL
SELECT 'room', r.id, r.name, pairs.* FROM pairs
  JOIN room r ON r.id = a_room AND a_room = b_room AND r.virtual = 0
"""
)


def _rows_to_conflicts(rows) -> list[Conflict]:
    out = [Conflict(r[0], r[2], r[1], r[3], r[4], r[5], r[6], r[7], r[8], r[9]) for r in rows]
    return sorted(out, key=lambda c: (c.date, c.first, c.second, c.kind, c.who))


def find_conflicts(reg: Register) -> list[Conflict]:
    return _rows_to_conflicts(reg.query(_SQL))


def conflicting_session_ids(reg: Register) -> set[int]:
    ids: set[int] = set()
    for c in find_conflicts(reg):
        ids.update((c.first, c.second))
    return ids


def check_proposed(
    reg: Register,
    *,
    date: str,
    start: str,
    end: str,
    room_id: int | None = None,
    people: list[int] = (),
    assessors: list[int] = (),
    session_id: int | None = None,
    title: str = "this session",
) -> list[str]:
    """Explain, before saving, what a new or moved session would clash with."""
    others = reg.query(
        "SELECT s.id, s.title, s.start, s.end, s.room_id FROM session s WHERE s.date = ? AND s.status != 'cancelled'"
        " AND s.start < ? AND ? < s.end AND s.id IS NOT ?",
        (date, end, start, session_id),
    )
    # A virtual room (a Teams link) holds any number of meetings at once.
    room = reg.query("SELECT name FROM room WHERE id = ? AND virtual = 0", (room_id,)) if room_id is not None else []
    messages: list[str] = []
    for other in others:
        label = f"{other['start']}-{other['end']} {other['title']}"
        if room and other["room_id"] == room_id:
            messages.append(f"room {room[0]['name']} is already booked for {label}")
        for pid in people:
            hit = reg.scalar(
                "SELECT p.name FROM session_person sp JOIN person p ON p.id = sp.person_id"
                " WHERE sp.session_id = ? AND sp.person_id = ?",
                (other["id"], pid),
            )
            if hit:
                messages.append(f"{hit} is already in {label}")
        for aid in assessors:
            hit = reg.scalar(
                "SELECT a.name FROM session_assessor sa JOIN assessor a ON a.id = sa.assessor_id"
                " WHERE sa.session_id = ? AND sa.assessor_id = ?",
                (other["id"], aid),
            )
            if hit:
                messages.append(f"assessor {hit} is already in {label}")
    return messages
