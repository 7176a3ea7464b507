"""Checks on the timetable and the briefing that are warnings, not rule breaks.

- A room booked for more people (attendees and CQC team) than its capacity.
- Key messages for a QS while it has an open high-severity gap or an action that
  is overdue or at risk: the messages may claim what the gap or the action
  contradicts, so the QS lead is asked to check them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from readiness_app import clock
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date

OFF_TRACK = ("overdue", "at_risk")


def over_capacity(reg: Register) -> list[dict[str, Any]]:
    """Sessions in a room with a capacity that more people are booked into (cancelled ones and virtual rooms aside)."""
    rows = reg.query(
        "SELECT s.id, s.date, s.start, s.title, r.name, r.capacity,"
        " (SELECT COUNT(*) FROM session_person p WHERE p.session_id = s.id)"
        " + (SELECT COUNT(*) FROM session_assessor a WHERE a.session_id = s.id) AS booked"
        " FROM session s JOIN room r ON r.id = s.room_id"
        " WHERE s.status != 'cancelled' AND r.capacity IS NOT NULL AND r.virtual = 0"
        " ORDER BY s.date, s.start"
    )
    out = []
    for sid, day, start, title, room, capacity, booked in rows:
        if booked > capacity:
            out.append(
                {
                    "session": sid,
                    "room": room,
                    "capacity": capacity,
                    "booked": booked,
                    "message": f"{room} holds {capacity} but {booked} are booked into {long_date(day)} {start} "
                    f"{title}: choose a bigger room or split the session",
                }
            )
    return out


def key_messages_to_check(reg: Register, today: date | None = None) -> list[dict[str, Any]]:
    """QS whose key messages sit beside an open high gap or an off-track action: for the QS lead to check."""
    from readiness_app.framework import current
    from readiness_app.register import improvement, self_assessment

    sa = self_assessment.all_rows(reg)
    gaps: dict[str, list[str]] = {}
    for qs, description in reg.query("SELECT qs, description FROM gap WHERE status != 'closed' AND severity = 'high'"):
        gaps.setdefault(qs, []).append(description)
    actions: dict[str, list[str]] = {}
    for a in improvement.list_actions(reg, today=today or clock.today()):
        if a["rag"] in OFF_TRACK:
            for qs in a["qs"]:
                actions.setdefault(qs, []).append(f"action {a['reference']} is {improvement.RAG[a['rag']].lower()}")
    out = []
    for qs in current().qs_ids:
        if not (sa[qs].get("key_messages") or "").strip():
            continue
        reasons = [f"open high gap: {g}" for g in gaps.get(qs, [])] + actions.get(qs, [])
        if reasons:
            lead = sa[qs].get("owner") or "the QS lead"
            out.append(
                {
                    "qs": qs,
                    "lead": lead,
                    "reasons": reasons,
                    "message": f"{qs} key messages: {lead} to check they still hold ({'; '.join(reasons)})",
                }
            )
    return out
