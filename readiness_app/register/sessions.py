"""Interview sessions: when, where, who, which QS; and the rules that bind them."""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework.matcher import parse_qs_list
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.cqc_team import ASSESSOR_ROLE
from readiness_app.register.validation import choice, parse_date, parse_time, required_text
from readiness_app.register.vocabulary import SESSION_KIND, SESSION_PURPOSE, SESSION_STATUS

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
    return clean


def purpose(session: dict[str, Any]) -> str:
    """Why the session is held: its own purpose, or the default for its kind."""
    return (session.get("purpose") or "").strip() or SESSION_PURPOSE.get(session.get("kind") or "other", "")


def check_times(start: str, end: str) -> None:
    """A session ends after it starts, on the same day (imports and forms share this rule)."""
    if end <= start:
        raise ReadinessError(f"the session ends ({end}) before it starts ({start})", field="end")


def _check_refs(reg: Register, clean: dict[str, Any], links: dict[str, list]) -> None:
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
) -> dict:
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


def get(reg: Register, session_id: int) -> dict[str, Any]:
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


def list_sessions(
    reg: Register,
    *,
    day: str | None = None,
    person_id: int | None = None,
    session_ids: list[int] | None = None,
    include_cancelled: bool = True,
) -> list[dict[str, Any]]:
    """Sessions with room, case code, QS, attendees and assessors, in time order."""
    where: list[str] = []
    params: list[Any] = []
    if day:
        where.append("s.date = ?")
        params.append(day)
    if person_id is not None:
        where.append("s.id IN (SELECT session_id FROM session_person WHERE person_id = ?)")
        params.append(person_id)
    if session_ids is not None:
        where.append(f"s.id IN ({','.join('?' * len(session_ids))})")
        params.extend(session_ids)
    if not include_cancelled:
        where.append("s.status != 'cancelled'")
    sql = (
        "SELECT s.*, r.name AS room, r.virtual AS room_virtual, r.link AS room_link, r.location AS room_location,"
        " c.code AS case_code FROM session s LEFT JOIN room r ON r.id = s.room_id"
        " LEFT JOIN tracked_case c ON c.id = s.case_id"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY s.date, s.start, r.name, s.id"
    )
    rows = [dict(r) for r in reg.query(sql, tuple(params))]
    if not rows:
        return rows
    ids = [r["id"] for r in rows]
    marks = ",".join("?" * len(ids)) if len(ids) < 900 else None
    filt = f"WHERE session_id IN ({marks})" if marks else ""
    args = tuple(ids) if marks else ()
    qs: dict[int, list[str]] = {}
    for r in reg.query(f"SELECT session_id, qs FROM session_qs {filt} ORDER BY qs", args):
        qs.setdefault(r[0], []).append(r[1])
    people: dict[int, list[dict]] = {}
    for r in reg.query(
        f"SELECT sp.session_id, p.id, p.name, p.role, p.organisation, p.kind, p.email FROM session_person sp"
        f" JOIN person p ON p.id = sp.person_id {filt.replace('session_id', 'sp.session_id')} ORDER BY p.name",
        args,
    ):
        people.setdefault(r[0], []).append(
            {"id": r[1], "name": r[2], "role": r[3], "organisation": r[4], "kind": r[5], "email": r[6]}
        )
    assessors: dict[int, list[dict]] = {}
    for r in reg.query(
        f"SELECT sa.session_id, a.id, a.name, a.role, a.email FROM session_assessor sa"
        f" JOIN assessor a ON a.id = sa.assessor_id"
        f" {filt.replace('session_id', 'sa.session_id')} ORDER BY a.name",
        args,
    ):
        assessors.setdefault(r[0], []).append(
            {"id": r[1], "name": r[2], "role": ASSESSOR_ROLE.get(r[3], r[3]), "role_key": r[3], "email": r[4]}
        )
    evidence: dict[int, list[int]] = {}
    for r in reg.query(f"SELECT session_id, evidence_id FROM session_evidence {filt}", args):
        evidence.setdefault(r[0], []).append(r[1])
    for row in rows:
        row["qs"] = qs.get(row["id"], [])
        row["people"] = people.get(row["id"], [])
        row["assessors"] = assessors.get(row["id"], [])
        row["evidence"] = sorted(evidence.get(row["id"], []))
    return rows


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
