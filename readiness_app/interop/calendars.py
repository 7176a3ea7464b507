"""The interview schedule as an .ics calendar (Outlook, Google): one event per session.

Times are Europe/London with the zone's rules written out, each event's UID is
stable across exports (so re-importing updates rather than duplicates), and the
description carries the protective marking. `attendee_text` is also the form the
timetable import reads back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from readiness_app import clock
from readiness_app.framework import current
from readiness_app.register import assessment
from readiness_app.register.connection import UUID_KEY, Register
from readiness_app.register.validation import uk_date
from readiness_app.register.vocabulary import PEOPLE_KINDS, SESSION_KIND, SESSION_STATUS

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session

TIMEZONE = "Europe/London"


def attendee_text(person: Mapping[str, Any]) -> str:
    """'Jane Smith (Team Manager, Northmoor ICB)': the form the timetable import reads back."""
    extra = [p for p in (person.get("role", ""), person.get("organisation", "")) if p]
    return f"{person['name']} ({', '.join(extra)})" if extra else person["name"]


def council_slug(council: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", council.lower()).strip("-") or "council"


def session_uid(session_id: int, register_id: str) -> str:
    """Stable across exports, so a calendar updates the event instead of adding a second one.

    `register_id` is the register's assessment id (or, for a register without
    one, the council's name), so two registers never share event ids.
    """
    return f"session-{session_id}@{council_slug(register_id)}.readiness-app"


def london_timezone():
    """Europe/London as a VTIMEZONE with yearly rules (the form Outlook and Google both read).

    BST starts at 01:00 UTC on the last Sunday of March and ends at 01:00 UTC
    (02:00 BST) on the last Sunday of October.
    """
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", TIMEZONE)
    tz.add("x-lic-location", TIMEZONE)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", _offset(0))
    summer.add("tzoffsetto", _offset(60))
    summer.add("dtstart", datetime(1981, 3, 29, 1, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", _offset(60))
    winter.add("tzoffsetto", _offset(0))
    winter.add("dtstart", datetime(1996, 10, 27, 2, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _offset(minutes: int):
    from datetime import timedelta

    return timedelta(minutes=minutes)


def schedule_calendar(
    reg: Register,
    sessions: list[Session],
    *,
    person_id: int | None = None,
    day: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """An iCalendar file: one event per session, in UK local time with the zone defined in the file."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    from readiness_app.register import sessions as session_register

    info = assessment.get(reg)
    marking = info["marking"] or ""
    london = ZoneInfo(TIMEZONE)
    stamp = (now or clock.now_utc()).astimezone(UTC).replace(microsecond=0)
    revisions = session_register.revisions(reg)
    cal = Calendar()
    cal.add("prodid", "-//readiness-app//CQC assessment schedule//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{info['council']}: CQC assessment"
    person = None
    if person_id is not None and sessions:
        person = next((p for p in sessions[0]["people"] if p["id"] == person_id), None)
        if person:
            name += f" ({person['name']})"
    # a calendar for someone who uses services, or a carer, says when, where and who from CQC: nothing else
    for_people = person is not None and person["kind"] in PEOPLE_KINDS
    if day:
        name += f", {uk_date(day)}"
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TIMEZONE)
    if marking:
        cal.add("x-wr-caldesc", marking)
    cal.add_component(london_timezone())
    register_id = assessment.setting(reg, UUID_KEY) or info["council"]
    for s in sessions:
        event = Event()
        event.add("uid", session_uid(s["id"], register_id))
        event.add("dtstamp", stamp)
        start = datetime.combine(date.fromisoformat(s["date"]), _clock(s["start"]), tzinfo=london)
        end = datetime.combine(date.fromisoformat(s["date"]), _clock(s["end"]), tzinfo=london)
        event.add("dtstart", start)
        event.add("dtend", end)
        cancelled = s["status"] == "cancelled"
        event.add("summary", ("Cancelled: " if cancelled else "") + s["title"])
        location = _location(s)
        if location:
            event.add("location", location)
        if s.get("room_link"):
            event.add("url", s["room_link"])
        event.add("description", _description(s, marking, for_people=for_people))
        event.add("status", "CANCELLED" if cancelled else ("CONFIRMED" if s["status"] != "planned" else "TENTATIVE"))
        count, last = revisions.get(s["id"], (1, None))
        event.add("sequence", max(count - 1, 0))
        if last:
            event.add("last-modified", datetime.fromisoformat(last).astimezone(UTC))
        event.add("categories", [SESSION_KIND.get(s["kind"], s["kind"])])
        event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
        cal.add_component(event)
    if person_id is None and day is None:  # the whole schedule carries the assessment's milestones too
        from readiness_app.interop.timeline_events import add_milestones

        add_milestones(cal, reg, council_slug(register_id), stamp)
    return cal.to_ical()


def _clock(text: str):
    from datetime import time

    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def _location(s: Session) -> str:
    parts = [p for p in (s.get("room") or "", s.get("room_location") or "") if p]
    if s.get("room_virtual") and (link := s["room_link"]):
        parts.append(link)
    return ", ".join(dict.fromkeys(parts))


def _description(s: Session, marking: str, *, for_people: bool = False) -> str:
    """What an event says. Never a name beside a case code: a case-tracking session names roles only,
    as its pack does; people who use services and carers are never named to anyone else."""
    fw = current()
    lines = [marking] if marking else []
    lines.append(f"Kind: {SESSION_KIND.get(s['kind'], s['kind'])}")
    case = s["kind"] == "case_tracking" or bool(s.get("case_id"))
    if for_people:
        if s["assessors"]:
            lines.append("From CQC: " + "; ".join(a["role"] or "CQC assessor" for a in s["assessors"]))
        return "\n".join(lines)
    lines.append(f"Status: {SESSION_STATUS.get(s['status'], s['status'])}")
    if s["qs"]:
        lines.append("QS focus: " + "; ".join(fw.qs(q).label for q in s["qs"]))
    if s["kind"] == "drop_in":  # open: no invitees, a host
        lines.append("Open drop-in run by CQC: staff choose on the day whether to come")
        if s.get("host"):
            lines.append(f"Host: {s['host']}")
        if s["assessors"]:
            lines.append("CQC assessors: " + "; ".join(a["name"] for a in s["assessors"]))
    elif case:
        roles = sorted(p["role"] or "practitioner" for p in s["people"] if p["kind"] in ("leader", "staff"))
        if roles:
            lines.append("Practitioners by role: " + ", ".join(roles))
        if s["assessors"]:
            lines.append("CQC assessors: " + "; ".join(a["role"] or "CQC assessor" for a in s["assessors"]))
        if s.get("case_code"):
            lines.append(f"Case: {s['case_code']}")
    else:
        named = [p for p in s["people"] if p["kind"] not in PEOPLE_KINDS]
        if named:
            lines.append("Attendees: " + "; ".join(attendee_text(p) for p in named))
        unnamed = len(s["people"]) - len(named)
        if unnamed:
            lines.append(f"Also: {unnamed} people who use services or carers (not named)")
        if s["assessors"]:
            lines.append("CQC assessors: " + "; ".join(a["name"] for a in s["assessors"]))
    if s.get("briefing_owner"):
        lines.append(f"Briefing owner: {s['briefing_owner']}")
    return "\n".join(lines)
