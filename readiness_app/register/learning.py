"""The learning log: one debrief entry after each interview session.

An entry records what CQC asked about (QS tags), what went well, what needs
correcting or clarifying and by whom, evidence to send, and themes heard. It is
usually linked to a session (one click from the timetable), which supplies the
date and the QS tags unless they are given.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.framework.matcher import qs_ids_from
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.visit_dates import checked_date
from readiness_app.register.where import Where

TEXT_FIELDS = ("went_well", "to_correct", "correct_by", "evidence_to_send", "themes")
# Entries are made during and just after the visit; a wider gap is a typing slip.
BEFORE_VISIT_DAYS, AFTER_VISIT_DAYS = 60, 120


def _qs_ids(qs: list[str] | str | None) -> list[str] | None:
    return None if qs is None else qs_ids_from(qs)


def _clean(reg: Register, values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key in TEXT_FIELDS:
            clean[key] = str(value or "").strip()
        elif key == "date":
            clean["date"] = checked_date(
                reg, value, "date", before=BEFORE_VISIT_DAYS, after=AFTER_VISIT_DAYS, required=True
            )
        elif key == "session_id":
            if value in (None, ""):
                clean["session_id"] = None
            else:
                try:
                    sid = int(value)
                except (TypeError, ValueError):
                    raise ReadinessError(f"session {value!r} is not a session id", field="session") from None
                if not reg.scalar("SELECT 1 FROM session WHERE id = ?", (sid,)):
                    raise ReadinessError(f"no session with id {sid}", field="session")
                clean["session_id"] = sid
        else:
            raise ReadinessError(f"unknown learning log field {key!r}", field=key)
    return clean


def draft_from_session(reg: Register, session_id: int) -> dict[str, Any]:
    """Starting values for a new entry about a session (the one-click debrief)."""
    row = reg.conn.execute("SELECT id, date, title FROM session WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise ReadinessError(f"no session with id {session_id}", field="session")
    qs = records.links(reg, "session_qs", "session_id", session_id, "qs")
    return {"session_id": row["id"], "date": row["date"], "qs": qs, "session_title": row["title"]}


def create(reg: Register, *, qs: list[str] | str | None = None, **values: Any) -> int:
    """Add an entry. Something must be said: at least one text field or a QS tag."""
    if values.get("session_id") not in (None, "") and ("date" not in values or qs is None):
        draft = draft_from_session(reg, int(values["session_id"]))
        values.setdefault("date", draft["date"])
        if qs is None:
            qs = draft["qs"]
    values.setdefault("date", clock.today().isoformat())
    clean = _clean(reg, values)
    qs_ids = _qs_ids(qs) or []
    if not qs_ids and not any(clean.get(k) for k in TEXT_FIELDS):
        raise ReadinessError("the entry is empty: say what went well, what to correct, or tag a QS", field="went_well")
    if clean.get("correct_by") and not clean.get("to_correct"):
        raise ReadinessError("'correct by' names someone but there is nothing to correct", field="to_correct")
    clean["created_at"] = records.now_iso()
    with reg.transaction():
        entry_id = records.insert(reg, "learning_entry", clean)
        records.set_links(
            reg, "learning_qs", "entry_id", entry_id, "qs", qs_ids, audit_table="learning_entry", audit_field="qs"
        )
    return entry_id


def update(reg: Register, entry_id: int, *, qs: list[str] | str | None = None, **values: Any) -> dict[str, Any]:
    clean = _clean(reg, values)
    qs_ids = _qs_ids(qs)
    with reg.transaction():
        changes = records.update(reg, "learning_entry", entry_id, clean) if clean else {}
        if not clean:
            records.get(reg, "learning_entry", entry_id)  # unknown id -> error
        if qs_ids is not None and records.set_links(
            reg, "learning_qs", "entry_id", entry_id, "qs", qs_ids, audit_table="learning_entry", audit_field="qs"
        ):
            changes["qs"] = qs_ids
    return changes


def delete(reg: Register, entry_id: int) -> None:
    with reg.transaction():
        records.delete(reg, "learning_entry", entry_id)


def get(reg: Register, entry_id: int) -> dict[str, Any]:
    rows = list_entries(reg, entry_ids=[entry_id])
    if not rows:
        raise ReadinessError(f"no learning log entry with id {entry_id}")
    return rows[0]


def list_entries(
    reg: Register,
    *,
    day: str | None = None,
    session_id: int | None = None,
    qs: str | None = None,
    search: str | None = None,
    corrections_only: bool = False,
    entry_ids: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Entries with their session (time, title, room) and QS tags, oldest first.

    `search` matches any words in the text fields or the session title
    (every word must appear somewhere, case-insensitive).
    """
    where = Where()
    if day:
        where.add("l.date = ?", day)
    if session_id is not None:
        where.add("l.session_id = ?", session_id)
    if qs:
        where.add("l.id IN (SELECT entry_id FROM learning_qs WHERE qs = ?)", qs)
    if corrections_only:
        where.add("l.to_correct != ''")
    if entry_ids is not None:
        where.among("l.id", entry_ids)
    for word in (search or "").split():
        fields = " || ' ' || ".join(f"l.{f}" for f in TEXT_FIELDS) + " || ' ' || COALESCE(s.title, '')"
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.add(f"({fields}) LIKE ? ESCAPE '\\'", f"%{escaped}%")
    sql = (
        "SELECT l.*, s.title AS session_title, s.start AS session_start, s.end AS session_end, r.name AS room"
        " FROM learning_entry l LEFT JOIN session s ON s.id = l.session_id LEFT JOIN room r ON r.id = s.room_id"
        + str(where)
        + " ORDER BY l.date, COALESCE(s.start, ''), l.id"
    )
    rows = [dict(r) for r in reg.query(sql, where.params)]
    tags: dict[int, list[str]] = {}
    for r in reg.query("SELECT entry_id, qs FROM learning_qs ORDER BY qs"):
        tags.setdefault(r[0], []).append(r[1])
    order = current().qs_ids
    for row in rows:
        row["qs"] = sorted(tags.get(row["id"], []), key=lambda q: order.index(q) if q in order else 99)
    return rows


def summary_by_qs(reg: Register) -> list[dict[str, Any]]:
    """Per QS: how often CQC asked about it, corrections raised, evidence promised, themes heard."""
    entries = list_entries(reg)
    out = []
    for qs in current().statements:
        mine = [e for e in entries if qs.id in e["qs"]]
        themes: list[str] = []
        for e in mine:
            for theme in (t.strip() for t in e["themes"].replace(";", ",").split(",")):
                if theme and theme.lower() not in (t.lower() for t in themes):
                    themes.append(theme)
        out.append(
            {
                "qs": qs.id,
                "name": qs.name,
                "entries": len(mine),
                "sessions": len({e["session_id"] for e in mine if e["session_id"]}),
                "corrections": [
                    {"id": e["id"], "date": e["date"], "to_correct": e["to_correct"], "correct_by": e["correct_by"]}
                    for e in mine
                    if e["to_correct"]
                ],
                "evidence_to_send": [e["evidence_to_send"] for e in mine if e["evidence_to_send"]],
                "themes": themes,
            }
        )
    return out


def sessions_without_entry(reg: Register, day: str) -> list[dict[str, Any]]:
    """Held or planned sessions on `day` with no debrief yet (the log's to-do list)."""
    return [
        dict(r)
        for r in reg.query(
            "SELECT s.id, s.start, s.end, s.title FROM session s WHERE s.date = ? AND s.status != 'cancelled'"
            " AND NOT EXISTS (SELECT 1 FROM learning_entry l WHERE l.session_id = s.id) ORDER BY s.start, s.id",
            (day,),
        )
    ]


class EntryRow(NamedTuple):
    """A learning-log entry as a line of a table: the log page's rows and the log spreadsheet's."""

    id: int
    date: str  # ISO
    time: str  # the debriefed session's start, or ""
    session: str  # its title, or ""
    qs: str  # "QS1, QS3"
    went_well: str
    to_correct: str
    by: str
    evidence: str
    themes: str


def entry_rows(reg: Register) -> list[EntryRow]:
    """Every entry as a table line, in log order."""
    return [
        EntryRow(
            e["id"],
            e["date"],
            e["session_start"] or "",
            e["session_title"] or "",
            ", ".join(e["qs"]),
            e["went_well"],
            e["to_correct"],
            e["correct_by"],
            e["evidence_to_send"],
            e["themes"],
        )
        for e in list_entries(reg)
    ]
