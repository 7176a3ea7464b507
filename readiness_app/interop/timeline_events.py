"""The assessment timeline's milestones as all-day calendar events, added to the whole schedule's .ics."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from readiness_app.register import timeline
from readiness_app.register.connection import Register


def milestone_uid(milestone: dict[str, Any], register_slug: str) -> str:
    """Stable across exports (the standard key, or the council's own milestone's id)."""
    ident = milestone["key"] or f"own-{milestone['id']}"
    return f"milestone-{ident}@{register_slug}.readiness-app"


def add_milestones(cal: Any, reg: Register, register_slug: str, stamp: datetime) -> int:
    """Add an all-day event per dated milestone; returns how many were added."""
    from icalendar import Event

    added = 0
    for m in timeline.milestones(reg):
        if not m["date"]:
            continue
        event = Event()
        event.add("uid", milestone_uid(m, register_slug))
        event.add("dtstamp", stamp)
        event.add("dtstart", date.fromisoformat(m["date"]))
        event.add("dtend", date.fromisoformat(m["end"] or m["date"]) + timedelta(days=1))  # exclusive
        event.add("summary", f"CQC assessment: {m['title']}")
        whose = "The council's milestone" if m["whose"] == "council" else "CQC's milestone"
        details = [whose, f"Status: {m['status_label']}"] + ([f"Owner: {m['owner']}"] if m["owner"] else [])
        event.add("description", "\n".join(details))
        event.add("categories", ["Assessment timeline"])
        event.add("transp", "TRANSPARENT")  # a milestone does not make anyone busy
        cal.add_component(event)
        added += 1
    return added
