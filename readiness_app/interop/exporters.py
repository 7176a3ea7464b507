"""Handing the register back out: evidence index, schedule, gaps and actions.

Formats follow the file name: .xlsx (Excel, frozen bold header row with
filters, dates as real dates, protective marking in the printed header and
footer, the document properties and an "About" sheet), .csv (UTF-8 with a BOM
so Excel shows accents; comma-separated) and .ics (calendar).

Every text cell that a spreadsheet could take for a formula (it begins with
= + - @, a tab or a carriage return) gets a leading apostrophe. Every file is
written to a temporary name in the target folder and renamed into place, so
a crash or a file locked by Excel never leaves half a file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.interop.xlsx import SheetTable, write_xlsx
from readiness_app.output_files import write_atomically
from readiness_app.register import assessment
from readiness_app.register.connection import UUID_KEY, Register
from readiness_app.register.validation import uk_date
from readiness_app.register.vocabulary import (
    EVIDENCE_STATUS,
    GAP_KIND,
    GAP_STATUS,
    SESSION_KIND,
    SESSION_STATUS,
    SEVERITY,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TIMEZONE = "Europe/London"


@dataclass
class Written:
    path: Path
    rows: int
    format: str
    noun: str


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


CLOSE_SPREADSHEET = "close it in Excel or Outlook and export again, or choose another file name"


def output_format(path: Path | str, allowed: Sequence[str], what: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in allowed:
        options = ", ".join(f".{a}" for a in allowed)
        raise ReadinessError(
            f"cannot export {what} as {Path(path).name!r}: the file name must end in {options}", field="output"
        )
    return suffix


# ---------------------------------------------------------------- generic tables


@dataclass
class Table:
    name: str
    columns: Sequence[tuple[str, float]]  # header, width
    rows: list[list[Any]]
    wrap: tuple[int, ...] = ()


def _write_tables(path: Path | str, fmt: str, tables: list[Table], reg: Register, title: str) -> Path:
    marking = assessment.get(reg)["marking"] or ""
    if fmt == "csv":
        table = tables[0]

        def write_csv(temp: Path) -> None:
            with open(temp, "w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow([h for h, _ in table.columns])
                writer.writerows([[_csv_value(v) for v in row] for row in table.rows])

        return write_atomically(path, write_csv, close_hint=CLOSE_SPREADSHEET)
    sheets = [
        SheetTable(
            name=t.name,
            headers=[h for h, _ in t.columns],
            rows=[[neutralise(v) for v in row] for row in t.rows],
            widths=[w for _, w in t.columns],
            wrap=set(t.wrap),
        )
        for t in tables
    ]
    sheets.append(_about_sheet(reg, title, marking, tables))
    return write_atomically(
        path, lambda temp: write_xlsx(temp, sheets, title=title, marking=marking), close_hint=CLOSE_SPREADSHEET
    )


write_tables = _write_tables  # the shared writer, for exports that live in their own modules


def _csv_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


def _about_sheet(reg: Register, title: str, marking: str, tables: list[Table]) -> SheetTable:
    info = assessment.get(reg)
    rows = [
        ["Protective marking", marking],
        ["Council", neutralise(info["council"])],
        ["Contents", title],
        ["Exported", datetime.now().strftime("%d/%m/%Y %H:%M")],
        ["From register", reg.path.name],
    ]
    rows += [[f"Rows in '{t.name}'", len(t.rows)] for t in tables]
    rows.append(["Note", "Text that began with = + - or @ starts with an apostrophe so it cannot run as a formula."])
    return SheetTable(name="About", headers=["About this file", ""], rows=rows, widths=[24, 90], table=False)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _qs_names(ids: list[str]) -> str:
    fw = current()
    return "; ".join(fw.qs(q).name for q in ids)


def _category_name(category_id: str | None) -> str:
    if not category_id:
        return ""
    try:
        return current().category(category_id).name
    except ReadinessError:
        return category_id


# ---------------------------------------------------------------- evidence index


EVIDENCE_COLUMNS = (
    ("Reference", 12),
    ("Title", 48),
    ("QS", 14),
    ("Quality statement", 40),
    ("Category", 26),
    ("Owner", 20),
    ("Status", 16),
    ("Document date", 13),
    ("Relative path", 60),
    ("SHA-256", 66),
)


def evidence_rows(reg: Register) -> list[list[Any]]:
    from readiness_app.register import evidence

    rows = []
    for item in evidence.list_items(reg):
        rows.append(
            [
                item["reference"] or "",
                item["title"],
                "; ".join(item["qs"]),
                _qs_names(item["qs"]),
                _category_name(item["category"]),
                item["owner"],
                EVIDENCE_STATUS.get(item["status"], item["status"]),
                _day(item["document_date"]),
                item["rel_path"],
                item["sha256"] or "",
            ]
        )
    return rows


def export_evidence_index(reg: Register, path: Path | str) -> Written:
    """The information-return list: one row per evidence item."""
    fmt = output_format(path, ("xlsx", "csv"), "the evidence index")
    rows = evidence_rows(reg)
    table = Table("Evidence index", EVIDENCE_COLUMNS, rows, wrap=(1,))
    written = _write_tables(path, fmt, [table], reg, "Evidence index")
    return Written(written, len(rows), fmt, "evidence items")


# ---------------------------------------------------------------- schedule


SCHEDULE_COLUMNS = (
    ("Session ID", 10),
    ("Date", 12),
    ("Start", 7),
    ("End", 7),
    ("Room", 16),
    ("Title", 40),
    ("Kind", 18),
    ("Status", 11),
    ("QS", 12),
    ("Assessors", 30),
    ("Attendees", 60),
    ("Case", 12),
    ("Briefing owner", 20),
)


def attendee_text(person: dict[str, Any]) -> str:
    """'Jane Smith (Team Manager, Northmoor ICB)': the form the timetable import reads back."""
    extra = [p for p in (person.get("role", ""), person.get("organisation", "")) if p]
    return f"{person['name']} ({', '.join(extra)})" if extra else person["name"]


def _sessions(reg: Register, person_id: int | None, day: str | None) -> list[dict[str, Any]]:
    from readiness_app.register import people, sessions

    if person_id is not None and not any(p["id"] == person_id for p in people.list_people(reg)):
        raise ReadinessError(f"no person with id {person_id}", field="person")
    rows = sessions.list_sessions(reg, day=day, person_id=person_id)
    if not rows:
        days = ", ".join(uk_date(d) for d in sessions.days(reg)) or "none"
        who = f" for person {person_id}" if person_id is not None else ""
        when = f" on {uk_date(day)}" if day else ""
        raise ReadinessError(f"no sessions{who}{when} to export", f"days with sessions: {days}")
    return rows


def schedule_rows(sessions: list[dict[str, Any]]) -> list[list[Any]]:
    return [
        [
            s["id"],
            _day(s["date"]),
            s["start"],
            s["end"],
            s["room"] or "",
            s["title"],
            SESSION_KIND.get(s["kind"], s["kind"]),
            SESSION_STATUS.get(s["status"], s["status"]),
            "; ".join(s["qs"]),
            "; ".join(a["name"] for a in s["assessors"]),
            "; ".join(attendee_text(p) for p in s["people"]),
            s["case_code"] or "",
            s["briefing_owner"],
        ]
        for s in sessions
    ]


def export_schedule(
    reg: Register, path: Path | str, *, person_id: int | None = None, day: str | None = None
) -> Written:
    """The interview schedule (whole, one person's, or one day's) as .ics, .xlsx or .csv."""
    fmt = output_format(path, ("ics", "xlsx", "csv"), "the schedule")
    sessions = _sessions(reg, person_id, day)
    if fmt == "ics":
        data = schedule_calendar(reg, sessions, person_id=person_id, day=day)

        return Written(write_atomically(path, data, close_hint=CLOSE_SPREADSHEET), len(sessions), fmt, "sessions")
    table = Table("Schedule", SCHEDULE_COLUMNS, schedule_rows(sessions), wrap=(5, 9, 10))
    return Written(_write_tables(path, fmt, [table], reg, "Interview schedule"), len(sessions), fmt, "sessions")


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
    sessions: list[dict[str, Any]],
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
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    revisions = session_register.revisions(reg)
    cal = Calendar()
    cal.add("prodid", "-//readiness-app//CQC assessment schedule//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    name = f"{info['council']}: CQC assessment"
    if person_id is not None and sessions:
        person = next((p for p in sessions[0]["people"] if p["id"] == person_id), None)
        if person:
            name += f" ({person['name']})"
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
        event.add("description", _description(s, marking))
        event.add("status", "CANCELLED" if cancelled else ("CONFIRMED" if s["status"] != "planned" else "TENTATIVE"))
        count, last = revisions.get(s["id"], (1, None))
        event.add("sequence", max(count - 1, 0))
        if last:
            event.add("last-modified", datetime.fromisoformat(last).astimezone(UTC))
        event.add("categories", [SESSION_KIND.get(s["kind"], s["kind"])])
        event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
        cal.add_component(event)
    return cal.to_ical()


def _clock(text: str):
    from datetime import time

    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def _location(s: dict[str, Any]) -> str:
    parts = [p for p in (s.get("room") or "", s.get("room_location") or "") if p]
    if s.get("room_virtual") and s.get("room_link"):
        parts.append(s["room_link"])
    return ", ".join(dict.fromkeys(parts))


def _description(s: dict[str, Any], marking: str) -> str:
    fw = current()
    lines = [marking] if marking else []
    lines.append(f"Kind: {SESSION_KIND.get(s['kind'], s['kind'])}")
    lines.append(f"Status: {SESSION_STATUS.get(s['status'], s['status'])}")
    if s["qs"]:
        lines.append("QS focus: " + "; ".join(fw.qs(q).label for q in s["qs"]))
    if s["people"]:
        lines.append("Attendees: " + "; ".join(attendee_text(p) for p in s["people"]))
    if s["assessors"]:
        lines.append("CQC assessors: " + "; ".join(a["name"] for a in s["assessors"]))
    if s.get("case_code"):
        lines.append(f"Case: {s['case_code']}")
    if s.get("briefing_owner"):
        lines.append(f"Briefing owner: {s['briefing_owner']}")
    return "\n".join(lines)


# ---------------------------------------------------------------- gaps and actions


GAP_COLUMNS = (
    ("Gap ID", 8),
    ("QS", 7),
    ("Quality statement", 36),
    ("Category", 26),
    ("Kind", 26),
    ("Description", 60),
    ("Severity", 10),
    ("Owner", 20),
    ("Due date", 12),
    ("Status", 12),
    ("Closed by evidence", 30),
)
ACTION_COLUMNS = (
    ("Reference", 10),
    ("Theme", 26),
    ("QS", 10),
    ("Action", 60),
    ("Priority", 9),
    ("Lead", 22),
    ("Target date", 12),
    ("Status", 18),
    ("RAG", 12),
    ("Board", 24),
    ("Progress", 50),
)


def gap_rows(reg: Register) -> list[list[Any]]:
    from readiness_app.register import evidence, gaps

    closing = {
        e["id"]: e["reference"] or e["rel_path"]
        for e in evidence.list_items(reg)
        if e["id"] in {g["closed_by"] for g in gaps.list_gaps(reg) if g["closed_by"]}
    }
    fw = current()
    return [
        [
            g["id"],
            g["qs"],
            fw.qs(g["qs"]).name if g["qs"] in fw.qs_ids else "",
            _category_name(g["category"]),
            GAP_KIND.get(g["kind"], g["kind"]),
            g["description"],
            SEVERITY.get(g["severity"], g["severity"]),
            g["owner"],
            _day(g["due_date"]),
            GAP_STATUS.get(g["status"], g["status"]),
            closing.get(g["closed_by"], ""),
        ]
        for g in gaps.list_gaps(reg)
    ]


def action_rows(reg: Register, today: date | None = None) -> list[list[Any]]:
    from readiness_app.register import improvement

    return [
        [
            a["reference"],
            a.get("theme_name") or "",
            "; ".join(a["qs"]),
            a["description"],
            improvement.PRIORITY.get(a["priority"], a["priority"]),
            a["lead"],
            _day(a["target_date"]),
            improvement.ACTION_STATUS.get(a["status"], a["status"]),
            improvement.RAG.get(a["rag"], a["rag"]),
            a["board"],
            a["progress"],
        ]
        for a in improvement.list_actions(reg, today=today)
    ]


def export_gaps(reg: Register, path: Path | str, *, today: date | None = None) -> Written:
    """Evidence gaps and improvement actions: two sheets in .xlsx; the gaps alone in .csv."""
    fmt = output_format(path, ("xlsx", "csv"), "gaps and actions")
    gaps_table = Table("Gaps", GAP_COLUMNS, gap_rows(reg), wrap=(5,))
    tables = [gaps_table]
    if fmt == "xlsx":
        tables.append(Table("Improvement actions", ACTION_COLUMNS, action_rows(reg, today), wrap=(3, 10)))
    written = _write_tables(path, fmt, tables, reg, "Evidence gaps and improvement actions")
    return Written(written, sum(len(t.rows) for t in tables), fmt, "rows")
