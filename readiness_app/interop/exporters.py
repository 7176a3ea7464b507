"""Handing the register back out: evidence index, schedule, case list, gaps and actions.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.interop.calendars import attendee_text
from readiness_app.interop.columns import FORMULA_STARTS, GUARDED_STARTS
from readiness_app.interop.xlsx import SheetTable, write_xlsx
from readiness_app.output_files import write_atomically
from readiness_app.register import assessment
from readiness_app.register.connection import Register
from readiness_app.register.validation import uk_date
from readiness_app.register.vocabulary import (
    CONSENT,
    CONTACT,
    EVIDENCE_STATUS,
    GAP_KIND,
    GAP_STATUS,
    SESSION_KIND,
    SESSION_STATUS,
    SEVERITY,
    STAGE,
)

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session


@dataclass
class Written:
    path: Path
    rows: int
    format: str
    noun: str


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; other values pass through.

    Text that already looks guarded ("'=x", "''") gets one more, so that reading the
    file back (`columns.cell_text` takes exactly one off) gives the original text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS + GUARDED_STARTS):
        return "'" + value
    return value


def xlsx_text(value: Any) -> Any:
    """A value for an .xlsx text cell: text stays as written (the cell's type and quote prefix keep
    "=..." or "-5% budget variance" from running as a formula, with no apostrophe shown); only text
    that already starts like a guarded value, or with a tab or return (which reading trims), keeps the
    apostrophe, so reading it back is exact."""
    if isinstance(value, str) and value.startswith(GUARDED_STARTS + ("\t", "\r")):
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
    choices: Mapping[int, Sequence[str]] = field(default_factory=dict)  # fixed-choice columns: drop-down values


def _write_tables(
    path: Path | str,
    fmt: str,
    tables: list[Table],
    reg: Register,
    title: str,
    *,
    audience: str | None = None,
    about: Sequence[tuple[str, str]] = (),
) -> Path:
    """The tables as .csv (the first alone) or .xlsx (each its own sheet, then an About sheet).

    `audience` (reports/audience.py) names who the file is for on the About sheet; `about` adds lines there.
    """
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
            rows=[[xlsx_text(v) for v in row] for row in t.rows],
            widths=[w for _, w in t.columns],
            wrap=set(t.wrap),
            choices=t.choices,
        )
        for t in tables
    ]
    sheets.append(_about_sheet(reg, title, marking, tables, audience, about))
    return write_atomically(
        path, lambda temp: write_xlsx(temp, sheets, title=title, marking=marking), close_hint=CLOSE_SPREADSHEET
    )


write_tables = _write_tables  # the shared writer, for exports that live in their own modules


def _csv_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


def _about_sheet(
    reg: Register,
    title: str,
    marking: str,
    tables: list[Table],
    audience: str | None = None,
    about: Sequence[tuple[str, str]] = (),
) -> SheetTable:
    from readiness_app.reports import audience as audiences

    info = assessment.get(reg)
    rows = [
        ["Protective marking", marking],
        ["Council", xlsx_text(info["council"])],
        ["Contents", title],
    ]
    if audience is not None:
        rows.append(["For", audiences.label(audience)])
    rows += [
        ["Exported", clock.now().strftime("%d/%m/%Y %H:%M")],
        ["From register", reg.path.name],
    ]
    rows += [[f"Rows in '{t.name}'", len(t.rows)] for t in tables]
    rows += [[label, text] for label, text in about]
    rows.append(["Note", "Text that begins with = + - or @ is stored as text, so it can never run as a formula."])
    return SheetTable(name="About", headers=["About this file", ""], rows=rows, widths=[24, 90], table=False)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _time(value: str | None) -> time | str:
    """'09:30' as a time of day, so Excel sorts and sums it; anything else stays as it is."""
    try:
        hour, minute = (int(p) for p in str(value).split(":"))
        return time(hour, minute)
    except (TypeError, ValueError):
        return value or ""


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
    fw = current()
    choices = {2: fw.qs_ids, 4: [c.name for c in fw.categories], 6: list(EVIDENCE_STATUS.values())}
    table = Table("Evidence index", EVIDENCE_COLUMNS, rows, wrap=(1,), choices=choices)
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


def _sessions(reg: Register, person_id: int | None, day: str | None) -> list[Session]:
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


def register_tag(reg: Register) -> str:
    """The short form of the register's assessment id that exported Session IDs carry ('17@3f2a9c1b').

    A schedule imported into another register (a colleague's copy of last year's) then
    cannot overwrite that register's sessions that happen to share a bare number.
    """
    from readiness_app.register import assessment
    from readiness_app.register.connection import UUID_KEY

    return str(assessment.setting(reg, UUID_KEY) or "")[:8].lower()


def schedule_rows(sessions: list[Session], tag: str = "") -> list[list[Any]]:
    return [
        [
            f"{s['id']}@{tag}" if tag else s["id"],
            _day(s["date"]),
            _time(s["start"]),
            _time(s["end"]),
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
        from readiness_app.interop.calendars import schedule_calendar

        data = schedule_calendar(reg, sessions, person_id=person_id, day=day)

        return Written(write_atomically(path, data, close_hint=CLOSE_SPREADSHEET), len(sessions), fmt, "sessions")
    choices = {6: list(SESSION_KIND.values()), 7: list(SESSION_STATUS.values()), 8: current().qs_ids}
    table = Table(
        "Schedule", SCHEDULE_COLUMNS, schedule_rows(sessions, register_tag(reg)), wrap=(5, 9, 10), choices=choices
    )
    return Written(_write_tables(path, fmt, [table], reg, "Interview schedule"), len(sessions), fmt, "sessions")


# ---------------------------------------------------------------- case list

# The headers are the case import's own column names (interop/columns.py CASES), so the file comes
# back through `import cases` with nothing read as an extra column into the notes.
CASE_COLUMNS = (
    ("Case code", 14),
    ("Criteria", 30),
    ("Team", 22),
    ("Stage", 14),
    ("Consent", 14),
    ("Consent date", 13),
    ("Records shared", 14),
    ("Contact", 14),
    ("QS", 14),
    ("Notes", 50),
)
CASE_LIST_NOTE = "Cases are coded references only: never add a name, NHS number, date of birth or address."


def case_rows(reg: Register) -> list[list[Any]]:
    from readiness_app.register import cases

    return [
        [
            c["code"],
            "; ".join(c["criteria"]),
            c["team"],
            STAGE.get(c["stage"], c["stage"]),
            CONSENT.get(c["consent"], c["consent"]),
            _day(c["consent_date"]),
            _day(c["records_shared_date"]),
            CONTACT.get(c["contact"], c["contact"]),
            "; ".join(c["qs"]),
            c["notes"],
        ]
        for c in cases.list_cases(reg)
    ]


def export_cases(reg: Register, path: Path | str) -> Written:
    """The case list (coded references, stage, consent) as .xlsx or .csv, for the council's own team.

    It comes back through `import cases`: stage, consent and contact changed in Excel are matched
    to the case by its code.
    """
    from readiness_app.reports.audience import INTERNAL

    fmt = output_format(path, ("xlsx", "csv"), "the case list")
    rows = case_rows(reg)
    choices = {3: list(STAGE.values()), 4: list(CONSENT.values()), 7: list(CONTACT.values()), 8: current().qs_ids}
    table = Table("Cases", CASE_COLUMNS, rows, wrap=(1, 9), choices=choices)
    written = _write_tables(
        path, fmt, [table], reg, "Case list", audience=INTERNAL, about=[("Case references", CASE_LIST_NOTE)]
    )
    return Written(written, len(rows), fmt, "cases")


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
