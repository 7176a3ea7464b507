"""Double bookings: a person, room or assessor in two overlapping sessions.

One rule for every caller (check, status, the window, the printed timetable).
Cancelled sessions never conflict; a virtual room can host parallel calls.
Bookings are grouped by resource and day and swept in start order, so the cost
and the output grow with the number of sessions, never with the number of pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from readiness_app.register.connection import Register
from readiness_app.register.reads import reads
from readiness_app.register.validation import long_date
from readiness_app.values import Value

MESSAGE_SESSIONS = 5  # sessions named in one message before "and N more"
PROPOSED_LINES = 12  # clashes a session dialog lists before "and N more"


def kind_and_name(kind: str, name: str) -> str:
    """'room Teams', but 'Room 1' and 'Assessor 9', not 'room Room 1' or 'assessor Assessor 9'."""
    if not kind or name.casefold().startswith(kind.casefold()):
        return name
    return f"{kind} {name}"


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
        # sessions by time and title, as the timetable shows them (users never see their ids)
        shown = ", ".join(f"{s.start}-{s.end} {s.title}" for s in self.sessions[:MESSAGE_SESSIONS])
        more = len(self.sessions) - MESSAGE_SESSIONS
        if more > 0:
            shown += f" and {more:,} more"
        return (
            f"{kind_and_name(self.kind, self.who)} is booked into {len(self.sessions):,} overlapping sessions on "
            f"{long_date(self.date)} {self.start}-{self.end}: {shown}"
        )

    def others(self, session_id: int, limit: int = MESSAGE_SESSIONS) -> str:
        """'room Room 1 also in 09:30 Carers' voice and 12 more': what one of the block's sessions clashes with.

        Bounded work as well as a bounded line: every session of a 3,000-session block asks.
        """
        others = []
        for s in self.sessions:
            if s.id != session_id:
                others.append(s)
                if len(others) == limit:
                    break
        text = ", ".join(f"{s.start} {s.title}" for s in others)
        more = len(self.sessions) - 1 - len(others)
        if more > 0:
            text += f" and {more:,} more"
        return f"{kind_and_name(self.kind, self.who)} also in {text}"

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


@reads("session", "session_person", "session_assessor", "person", "assessor", "room")
def find_conflicts(reg: Register) -> list[Conflict]:
    """Every double booking, as blocks per resource and day (a sweep over sessions sorted by start)."""
    rows = reg.query(_BOOKINGS + " ORDER BY 1, 2, 3, 4, 5, 6")  # by resource, day, start
    found: list[Conflict] = []
    block: list[Any] = []  # rows of one resource and day that overlap
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


def _close(block: list[Any], block_end: str, found: list[Conflict]) -> None:
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
    people: Sequence[int] = (),
    assessors: Sequence[int] = (),
    session_id: int | None = None,
    title: str = "this session",
) -> list[str]:
    """Explain, before saving, what a new or moved session would clash with.

    Three queries whatever the size of the timetable, and at most PROPOSED_LINES lines
    (a session dropped into a room booked 3,000 times says so in a few lines).
    """
    window = (date, end, start, session_id)
    live = "SELECT id FROM session WHERE date = ? AND status != 'cancelled' AND start < ? AND ? < end AND id IS NOT ?"
    others = {
        r["id"]: f"{r['start']}-{r['end']} {r['title']}"  # by time and title, as the timetable shows it
        for r in reg.query(
            "SELECT id, title, start, end, room_id FROM session WHERE date = ? AND status != 'cancelled'"
            " AND start < ? AND ? < end AND id IS NOT ? ORDER BY start, id",
            window,
        )
    }
    if not others:
        return []
    clashes: list[tuple[int, str]] = []  # (session id, message), in the order above: room, people, assessors
    # A virtual room (a Teams link) holds any number of meetings at once.
    if room_id is not None:
        for r in reg.query(
            f"SELECT s.id, r.name FROM session s JOIN room r ON r.id = s.room_id AND r.virtual = 0"
            f" WHERE s.room_id = ? AND s.id IN ({live})",
            (room_id, *window),
        ):
            clashes.append((r[0], f"{kind_and_name('room', r[1])} is already booked for {others[r[0]]}"))
    for ids, table, column, who, prefix in (
        (people, "session_person", "person_id", "person", ""),
        (assessors, "session_assessor", "assessor_id", "assessor", "assessor "),
    ):
        ids = [int(i) for i in ids]
        if not ids:
            continue
        marks = ",".join("?" * len(ids))
        for r in reg.query(
            f"SELECT x.session_id, w.name FROM {table} x JOIN {who} w ON w.id = x.{column}"
            f" WHERE x.{column} IN ({marks}) AND x.session_id IN ({live}) ORDER BY w.name",
            (*ids, *window),
        ):
            clashes.append((r[0], f"{kind_and_name(prefix.strip(), r[1])} is already in {others[r[0]]}"))
    order = {sid: n for n, sid in enumerate(others)}
    clashes.sort(key=lambda c: order[c[0]])  # stable: per clashing session, room then people then assessors
    messages = [m for _, m in clashes[:PROPOSED_LINES]]
    if len(clashes) > PROPOSED_LINES:
        messages.append(f"... and {len(clashes) - PROPOSED_LINES:,} more clashes (run check for the full list)")
    return messages
