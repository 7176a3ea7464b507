"""Double bookings: a person, room or assessor in two overlapping sessions.

One rule for every caller (check, status, the window, the printed timetable).
Cancelled sessions never conflict; a virtual room can host parallel calls.
Bookings are grouped by resource and day and swept in start order, so the cost
and the output grow with the number of sessions, never with the number of pairs.
"""

from __future__ import annotations

from typing import Any

from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date
from readiness_app.values import Value

MESSAGE_SESSIONS = 5  # sessions named in one message before "and N more"


class Conflict(Value):
    """One double booking: a person, room or assessor in a block of sessions that overlap on one day.

    Overlap chains into one block (9:00-10:00, 9:30-11:00 and 10:30-12:00 are one
    block), so 3,000 sessions booked into one room at once are ONE conflict with
    3,000 sessions, not 4.5 million pairs.
    """

    __slots__ = ("kind", "who", "who_id", "date", "start", "end", "sessions")
    kind: str  # "person", "room" or "assessor"
    who: str  # the name of the person, room or assessor
    who_id: int
    date: str
    start: str  # the block: earliest start, latest end
    end: str
    sessions: tuple[BookedSession, ...]  # in start order

    @property
    def session_ids(self) -> list[int]:
        return [s.id for s in self.sessions]

    @property
    def message(self) -> str:
        shown = ", ".join(f"#{s.id} {s.title} ({s.start}-{s.end})" for s in self.sessions[:MESSAGE_SESSIONS])
        more = len(self.sessions) - MESSAGE_SESSIONS
        if more > 0:
            shown += f" and {more:,} more"
        return (
            f"{self.kind} {self.who} is booked into {len(self.sessions):,} overlapping sessions on "
            f"{long_date(self.date)} {self.start}-{self.end}: {shown}"
        )

    def others(self, session_id: int, limit: int = MESSAGE_SESSIONS) -> str:
        """'room Room 1 also in #4, #7 and 12 more': what one of the block's sessions clashes with.

        Bounded work as well as a bounded line: every session of a 3,000-session block asks.
        """
        ids: list[int] = []
        for s in self.sessions:
            if s.id != session_id:
                ids.append(s.id)
                if len(ids) == limit:
                    break
        text = ", ".join(f"#{i}" for i in ids)
        more = len(self.sessions) - 1 - len(ids)
        if more > 0:
            text += f" and {more:,} more"
        return f"{self.kind} {self.who} also in {text}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "who": self.who,
            "who_id": self.who_id,
            "date": self.date,
            "start": self.start,
            "end": self.end,
            "sessions": self.session_ids,
            "message": self.message,
        }


class BookedSession(Value):
    __slots__ = ("id", "title", "start", "end")
    id: int
    title: str
    start: str
    end: str


# Every booking of a resource, one row per (resource, session), never per pair:
# kind, resource id, date, start, end, session id, resource name, session title.
_BOOKINGS = """
WITH live AS (SELECT id, date, start, end, title, room_id FROM session WHERE status != 'cancelled')
SELECT 'person', p.id, live.date, live.start, live.end, live.id, p.name, live.title FROM live
  JOIN session_person x ON x.session_id = live.id JOIN person p ON p.id = x.person_id
UNION ALL
SELECT 'assessor', a.id, live.date, live.start, live.end, live.id, a.name, live.title FROM live
  JOIN session_assessor x ON x.session_id = live.id JOIN assessor a ON a.id = x.assessor_id
UNION ALL
SELECT 'room', r.id, live.date, live.start, live.end, live.id, r.name, live.title FROM live
  JOIN room r ON r.id = live.room_id AND r.virtual = 0
"""


def find_conflicts(reg: Register) -> list[Conflict]:
    """Every double booking, as blocks per resource and day (a sweep over sessions sorted by start)."""
    rows = sorted(tuple(r) for r in reg.query(_BOOKINGS))  # by resource, day, start
    found: list[Conflict] = []
    block: list[tuple] = []
    block_end = ""
    for row in rows:
        if block and row[:3] == block[0][:3] and row[3] < block_end:  # same resource and day, starts inside
            block.append(row)
            block_end = max(block_end, row[4])
            continue
        _close(block, block_end, found)
        block, block_end = [row], row[4]
    _close(block, block_end, found)
    return sorted(found, key=lambda c: (c.date, c.start, c.sessions[0].id, c.kind, c.who))


def _close(block: list[tuple], block_end: str, found: list[Conflict]) -> None:
    if len(block) < 2:
        return
    kind, who_id, day, start = block[0][:4]
    sessions = tuple(BookedSession(r[5], r[7], r[3], r[4]) for r in block)
    found.append(Conflict(kind, block[0][6], who_id, day, start, block_end, sessions))


def conflicting_session_ids(reg: Register) -> set[int]:
    ids: set[int] = set()
    for c in find_conflicts(reg):
        ids.update(c.session_ids)
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
        label = f"#{other['id']} {other['title']} ({other['start']}-{other['end']})"
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
