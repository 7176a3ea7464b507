"""Interview sessions: when, where, who, which QS; and the rules that bind them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict, cast

from readiness_app.errors import ReadinessError
from readiness_app.framework.matcher import parse_qs_list
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.cqc_team import ASSESSOR_ROLE
from readiness_app.register.reads import reads
from readiness_app.register.validation import choice, parse_date, parse_time, required_text
from readiness_app.register.vocabulary import SESSION_KIND, SESSION_PURPOSE, SESSION_STATUS
from readiness_app.register.where import Where

LINKS = {
    # argument: (link table, column, audit field)
    "qs": ("session_qs", "qs", "qs"),
    "people": ("session_person", "person_id", "attendees"),
    "assessors": ("session_assessor", "assessor_id", "assessors"),
    "evidence": ("session_evidence", "evidence_id", "evidence"),
}


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "date" in clean:
        clean["date"] = parse_date(clean["date"], "date", required=True)
    for key in ("start", "end"):
        if key in clean:
            clean[key] = parse_time(clean[key], key)
    if "title" in clean:
        clean["title"] = required_text(clean["title"], "title")
    if "kind" in clean:
        clean["kind"] = choice(clean["kind"] or "other", SESSION_KIND, "kind")
    if "status" in clean:
        clean["status"] = choice(clean["status"] or "planned", SESSION_STATUS, "status")
    if "purpose" in clean:
        clean["purpose"] = str(clean["purpose"] or "").strip()
    if "host" in clean:
        clean["host"] = " ".join(str(clean["host"] or "").split())
    return clean


DROP_IN_OPEN = "drop-ins are open: staff choose on the day, so no one is invited by name; name the host instead"


def drop_in_problems(reg: Register) -> list[str]:
    """Drop-in sessions that name invitees, or have no host or room (for `check`)."""
    problems = []
    for r in reg.query(
        "SELECT s.id, s.title, s.host, s.room_id, (SELECT COUNT(*) FROM session_person sp WHERE sp.session_id = s.id)"
        " FROM session s WHERE s.kind = 'drop_in' AND s.status != 'cancelled' ORDER BY s.date, s.start, s.id"
    ):
        if r[4]:
            problems.append(f"drop-in session {r[0]} ({r[1]}) names {r[4]} invitee{'s' * (r[4] != 1)}: {DROP_IN_OPEN}")
        if not r[2]:
            problems.append(f"drop-in session {r[0]} ({r[1]}) has no host: name the council officer who hosts it")
        if r[3] is None:
            problems.append(f"drop-in session {r[0]} ({r[1]}) has no room")
    return problems


def purpose(session: Mapping[str, Any]) -> str:
    """Why the session is held: its own purpose, or the default for its kind."""
    return (session.get("purpose") or "").strip() or SESSION_PURPOSE.get(session.get("kind") or "other", "")


def check_times(start: str, end: str) -> None:
    """A session ends after it starts, on the same day (imports and forms share this rule)."""
    if end <= start:
        raise ReadinessError(f"the session ends ({end}) before it starts ({start})", field="end")


def _check_refs(reg: Register, clean: dict[str, Any], links: dict[str, list[Any]]) -> None:
    if clean.get("room_id") is not None and not reg.scalar("SELECT 1 FROM room WHERE id = ?", (clean["room_id"],)):
        raise ReadinessError(f"no room with id {clean['room_id']}", field="room")
    if clean.get("case_id") is not None and not reg.scalar(
        "SELECT 1 FROM tracked_case WHERE id = ?", (clean["case_id"],)
    ):
        raise ReadinessError(f"no case with id {clean['case_id']}", field="case")
    for name, table in (("people", "person"), ("assessors", "assessor"), ("evidence", "evidence")):
        for ref in links.get(name) or []:
            if not reg.scalar(f"SELECT 1 FROM {table} WHERE id = ?", (ref,)):
                raise ReadinessError(f"no {table} with id {ref}", field=name)


def _set_links(reg: Register, session_id: int, links: dict[str, Any]) -> None:
    for name, values in links.items():
        if values is None:
            continue
        if name == "qs" and isinstance(values, str):
            values = parse_qs_list(values)
        table, column, audit_field = LINKS[name]
        records.set_links(
            reg, table, "session_id", session_id, column, values, audit_table="session", audit_field=audit_field
        )


def create(reg: Register, *, qs=(), people=(), assessors=(), evidence=(), **values: Any) -> int:
    """Create a session. Conflicts are allowed (the plan may be mid-change) but reported."""
    clean = _clean(values)
    for key in ("date", "start", "end", "title"):
        if key not in clean:
            raise ReadinessError(f"{key} is required", field=key)
    check_times(clean["start"], clean["end"])
    links = {"qs": qs, "people": list(people), "assessors": list(assessors), "evidence": list(evidence)}
    with reg.transaction():
        _check_refs(reg, clean, links)
        session_id = records.insert(reg, "session", clean)
        _set_links(reg, session_id, links)
    return session_id


def update(
    reg: Register, session_id: int, *, qs=None, people=None, assessors=None, evidence=None, **values: Any
) -> dict[str, Any]:
    clean = _clean(values)
    links = {"qs": qs, "people": people, "assessors": assessors, "evidence": evidence}
    with reg.transaction():
        before = records.get(reg, "session", session_id)
        check_times(clean.get("start", before["start"]), clean.get("end", before["end"]))
        _check_refs(reg, clean, links)
        changes = records.update(reg, "session", session_id, clean) if clean else {}
        _set_links(reg, session_id, links)
    return changes


def delete(reg: Register, session_id: int) -> None:
    with reg.transaction():
        records.delete(reg, "session", session_id)


def get(reg: Register, session_id: int) -> Session:
    rows = list_sessions(reg, session_ids=[session_id])
    if not rows:
        raise ReadinessError(f"no session with id {session_id}")
    return rows[0]


def dates_times_titles(reg: Register) -> list[tuple[str, str, str]]:
    """(date, start, title) of every session not cancelled, in time order (a light read for checks)."""
    return [
        (r[0], r[1], r[2])
        for r in reg.query("SELECT date, start, title FROM session WHERE status != 'cancelled' ORDER BY date, start")
    ]


class SessionPerson(TypedDict):
    id: int
    name: str
    role: str
    organisation: str
    kind: str
    access_needs: str  # for the host's pack; never printed for anyone else
    email: str  # for meeting invitations


class SessionAssessor(TypedDict):
    id: int
    name: str
    role: str  # as people read it: "Lead inspector"
    role_key: str  # as stored
    email: str  # for meeting invitations


class Session(TypedDict):
    """A session as the pages, the printed documents and `session list --json` read it."""

    id: int
    date: str  # ISO
    start: str  # HH:MM
    end: str
    room_id: int | None
    title: str
    kind: str
    case_id: int | None
    status: str
    briefing_owner: str
    host: str  # the council officer hosting (drop-ins name a host, never invitees)
    key_messages: str
    notes: str
    purpose: str
    room: str | None  # the room's name
    room_virtual: int | None
    room_link: str | None
    room_location: str | None
    case_code: str | None
    qs: list[str]
    people: list[SessionPerson]
    assessors: list[SessionAssessor]
    evidence: list[int]  # evidence item ids


@reads(
    "session",
    "session_qs",
    "session_person",
    "session_assessor",
    "session_evidence",
    "person",
    "assessor",
    "room",
    "tracked_case",
)
def list_sessions(
    reg: Register,
    *,
    day: str | None = None,
    person_id: int | None = None,
    session_ids: list[int] | None = None,
    include_cancelled: bool = True,
) -> list[Session]:
    """Sessions with room, case code, QS, attendees and assessors, in time order."""
    where = Where()
    if day:
        where.add("s.date = ?", day)
    if person_id is not None:
        where.add("s.id IN (SELECT session_id FROM session_person WHERE person_id = ?)", person_id)
    if session_ids is not None:
        where.among("s.id", session_ids)
    if not include_cancelled:
        where.add("s.status != 'cancelled'")
        # a declined consent takes the case's sessions off the packs, bulletin and timetable at once
        where.add("(c.id IS NULL OR c.consent != 'declined')")
    sql = (
        "SELECT s.*, r.name AS room, r.virtual AS room_virtual, r.link AS room_link, r.location AS room_location,"
        " c.code AS case_code FROM session s LEFT JOIN room r ON r.id = s.room_id"
        " LEFT JOIN tracked_case c ON c.id = s.case_id" + str(where) + " ORDER BY s.date, s.start, r.name, s.id"
    )
    rows = [dict(r) for r in reg.query(sql, where.params)]
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    marks = ",".join("?" * len(ids)) if len(ids) < 900 else None
    filt = f"WHERE session_id IN ({marks})" if marks else ""
    args = tuple(ids) if marks else ()
    qs: dict[int, list[str]] = {}
    for r in reg.query(f"SELECT session_id, qs FROM session_qs {filt} ORDER BY qs", args):
        qs.setdefault(r[0], []).append(r[1])
    people: dict[int, list[SessionPerson]] = {}
    for r in reg.query(
        "SELECT sp.session_id, p.id, p.name, p.role, p.organisation, p.kind, p.access_needs, p.email"
        " FROM session_person sp"
        f" JOIN person p ON p.id = sp.person_id {filt.replace('session_id', 'sp.session_id')} ORDER BY p.name",
        args,
    ):
        people.setdefault(r[0], []).append(
            SessionPerson(id=r[1], name=r[2], role=r[3], organisation=r[4], kind=r[5], access_needs=r[6], email=r[7])
        )
    assessors: dict[int, list[SessionAssessor]] = {}
    for r in reg.query(
        f"SELECT sa.session_id, a.id, a.name, a.role, a.email FROM session_assessor sa"
        f" JOIN assessor a ON a.id = sa.assessor_id"
        f" {filt.replace('session_id', 'sa.session_id')} ORDER BY a.name",
        args,
    ):
        assessors.setdefault(r[0], []).append(
            SessionAssessor(id=r[1], name=r[2], role=ASSESSOR_ROLE.get(r[3], r[3]), role_key=r[3], email=r[4])
        )
    evidence: dict[int, list[int]] = {}
    for r in reg.query(f"SELECT session_id, evidence_id FROM session_evidence {filt}", args):
        evidence.setdefault(r[0], []).append(r[1])
    for row in rows:
        row["qs"] = qs.get(row["id"], [])
        row["people"] = people.get(row["id"], [])
        row["assessors"] = assessors.get(row["id"], [])
        row["evidence"] = sorted(evidence.get(row["id"], []))
    return cast(list[Session], rows)


def days(reg: Register) -> list[str]:
    return [r[0] for r in reg.query("SELECT DISTINCT date FROM session ORDER BY date")]


def revisions(reg: Register) -> dict[int, tuple[int, str]]:
    """Session id -> (number of recorded changes, time of the last one), from the audit trail.

    A calendar export uses these as SEQUENCE and LAST-MODIFIED, so a calendar
    that re-imports the file knows which events changed.
    """
    rows = reg.query("SELECT record_id, COUNT(*), MAX(at) FROM audit WHERE record_table = 'session' GROUP BY record_id")
    return {int(r[0]): (int(r[1]), r[2]) for r in rows if str(r[0]).isdigit()}


# ---------------------------------------------------------------- rooms and CQC team an import names
