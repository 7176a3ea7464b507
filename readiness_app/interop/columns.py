"""Which column is which: header names as councils write them.

Each import has a list of `Column`s with the header variants people use. A
header row is found among the first few rows (a title line above it is fine),
matched case- and punctuation-blind. A column headed by a quality statement
("Safeguarding", "QS7", "7. Safeguarding") is a tick column: a mark in it tags
the row with that QS. Values of QS columns go through the framework matcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import Framework, current
from readiness_app.framework.matcher import normalise

HEADER_SEARCH_ROWS = 10
_SEPARATORS = re.compile(r"[;,\n|]")
# A comma followed by a ")" before any "(" sits inside brackets: "Jane (Manager, ICB)".
_SEPARATORS_OUTSIDE_BRACKETS = re.compile(r"[;\n|]|,(?![^(\[]*[)\]])")
NO_MARKS = {"no", "n", "0", "false", "-", "n a", "na", "none", "not applicable"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header we write in samples and exports, and name in messages
    variants: tuple[str, ...] = ()
    required: bool = False
    help: str = ""
    free_text: bool = False  # checked by the personal-data guard (a note per row and column)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


QS_VARIANTS = (
    "QS",
    "QS focus",
    "QS ids",
    "Quality statement",
    "Quality statements",
    "Quality statement(s)",
    "Quality statement focus",
    "Focus",
    "QS tags",
    "Statements",
    "Theme",
    "Themes",
    "QS theme",
)

CASES = (
    Column(
        "code",
        "Case code",
        (
            "Code",
            "Coded reference",
            "Case reference",
            "Case ref",
            "Reference",
            "Ref",
            "Case ID",
            "Case",
            "Case no",
            "Case number",
            "Anonymised reference",
            "Pseudonymised ID",
            "Client ref",
            "Client reference",
            "Client ID",
            "Person ref",
            "Person reference",
        ),
        required=True,
        help="the coded reference (letters, digits, - _ / . only; never a name)",
    ),
    Column(
        "criteria",
        "Criteria",
        (
            "Criteria tags",
            "Tags",
            "Selection criteria",
            "Criterion",
            "CQC criteria",
            "Case type",
            "Cohort",
            "Reason for selection",
            "Reason selected",
            "Selection reason",
        ),
        help="tags separated by ; or , (e.g. carer; mental health)",
        free_text=True,  # a case's code, team and notes are checked by the case importer itself
    ),
    Column("team", "Team", ("Service", "Team name", "Allocated team", "Service area", "Team service")),
    Column(
        "stage",
        "Stage",
        ("Status", "Case status", "Shortlist", "Shortlist status", "Selection"),
        help="Long list, Shortlisted, Selected, Reserve, Tracked or Withdrawn",
    ),
    Column(
        "consent",
        "Consent",
        ("Consent status", "Consent obtained", "Consent given"),
        help="Not sought, Requested, Given, Declined or Not required",
    ),
    Column("consent_date", "Consent date", ("Date of consent", "Consent on", "Date consent given", "Consent received")),
    Column("records_shared_date", "Records shared", ("Records shared date", "Date records shared", "Shared with CQC")),
    Column(
        "contact", "Contact", ("Contact via", "Contact route", "Who to contact"), help="The person, Family or Advocate"
    ),
    Column("qs", "QS", QS_VARIANTS[1:], help="QS ids or names, e.g. QS1; Safeguarding"),
    Column("notes", "Notes", ("Note", "Comments", "Comment")),
)

SESSIONS = (
    Column(
        "session_id",
        "Session ID",
        ("Session id", "Session no", "Session number"),
        help="only in a file exported from this app; matches sessions exactly",
    ),
    Column("date", "Date", ("Day", "Session date", "Interview date", "Date of session", "Meeting date"), required=True),
    Column("start", "Start", ("Start time", "From", "Time from", "Begins", "Starts")),
    Column("end", "End", ("End time", "Finish", "Finish time", "To", "Time to", "Until", "Ends")),
    Column(
        "time",
        "Time",
        ("Times", "Time slot", "Slot", "Timing", "Session time", "Meeting time"),
        help="a range such as 09:00 - 10:00 instead of Start/End, or one time with a Duration",
    ),
    Column("duration", "Duration", ("Length", "Minutes", "Mins", "Duration mins"), help="60, 45 mins, 1 hour"),
    Column(
        "room",
        "Room",
        ("Location", "Venue", "Where", "Room name", "Meeting room", "Room venue", "Room location"),
        help="a room's name; rooms the register does not know yet are created",
    ),
    Column(
        "title",
        "Title",
        (
            "Session",
            "Session title",
            "Session name",
            "Meeting",
            "Meeting title",
            "Interview",
            "Subject",
            "Topic",
            "Description",
        ),
        required=True,
        free_text=True,
    ),
    Column(
        "kind",
        "Kind",
        ("Type", "Session type", "Format", "Kind of session", "Meeting type", "Session format"),
        help="One-to-one, Focus group, Drop-in, Case tracking, Partner or provider meeting, Other",
    ),
    Column(
        "status", "Status", ("Session status", "State"), help="Planned, Invited, Confirmed, Briefed, Held, Cancelled"
    ),
    Column("qs", "QS", QS_VARIANTS[1:], help="QS ids or names, e.g. QS8; Learning, improvement and innovation"),
    Column(
        "assessors",
        "Assessors",
        (
            "Assessor",
            "CQC assessors",
            "CQC assessor",
            "CQC",
            "Inspectors",
            "Inspector",
            "CQC team",
            "CQC colleagues",
            "CQC colleague",
            "CQC attendees",
            "CQC team members",
        ),
        help="one per line or separated by ; e.g. Jo Smith (Inspector); Assessor 7",
    ),
    Column(
        "people",
        "Attendees",
        (
            "Attendee",
            "Interviewees",
            "Interviewee",
            "People",
            "Participants",
            "Who",
            "Invitees",
            "Invited",
            "Staff attending",
            "Attending",
            "Council attendees",
            "Who is attending",
        ),
        help="one per line or separated by ;  Name – Role, Name - Role, Organisation or Name (Role, Organisation)",
    ),
    Column("case", "Case", ("Linked case", "Case code", "Case ref", "Case reference", "Tracked case")),
    Column("briefing_owner", "Briefing owner", ("Briefing lead", "Briefing by", "Lead officer", "Council lead")),
    Column("notes", "Notes", ("Note", "Comments", "Comment"), free_text=True),
)

PEOPLE = (
    Column("person_id", "Person ID", ("Person id",), help="only in a file exported from this app"),
    Column(
        "name",
        "Name",
        ("Full name", "Person", "Attendee", "Interviewee", "Staff name", "Participant", "Employee name"),
        required=True,
        help="or Forename and Surname columns",
    ),
    Column("first_name", "Forename", ("First name", "Given name", "Forenames", "Known as")),
    Column("last_name", "Surname", ("Last name", "Family name")),
    Column("role", "Role", ("Job title", "Position", "Post", "Designation")),
    Column("team", "Team", ("Service", "Team name", "Department", "Service area", "Team service")),
    Column("organisation", "Organisation", ("Organization", "Org", "Employer", "Agency", "Company")),
    Column("access_needs", "Access needs", ("Accessibility needs", "Reasonable adjustments", "Adjustments")),
    Column("email", "E-mail", ("Email", "Email address", "E-mail address", "Work email", "Mail")),
    Column(
        "kind",
        "Kind",
        ("Type", "Group", "Person type", "Stakeholder group", "Category"),
        help="Leader, Staff, Partner, Provider, Voluntary sector, Carer, Person with lived experience",
    ),
)

EVIDENCE = (
    Column(
        "rel_path",
        "Relative path",
        ("Path", "File path", "File", "Filename", "File name", "Location", "Document path"),
        required=True,
        help="the file's path inside the evidence folder, e.g. 07 Safeguarding/Processes/s42 audit.pdf",
    ),
    Column(
        "reference",
        "Reference",
        (
            "Ref",
            "Ref no",
            "Reference number",
            "Evidence ref",
            "Evidence reference",
            "Evidence number",
            "Evidence no",
            "Doc ref",
            "Document reference",
            "No",
            "Number",
        ),
    ),
    Column("title", "Title", ("Document title", "Document name", "Evidence title", "Name of document"), free_text=True),
    Column("qs", "QS", QS_VARIANTS[1:]),
    Column("category", "Category", ("Evidence category", "Evidence type", "Type of evidence")),
    Column("owner", "Owner", ("Lead", "Responsible officer", "Evidence owner", "Submitted by", "Author")),
    Column(
        "status", "Status", ("Evidence status", "Review status"), help="Inbox, Accepted, Submitted to CQC or Withdrawn"
    ),
    Column("document_date", "Document date", ("Date", "Dated", "Date of document", "Published")),
    Column("notes", "Notes", ("Note", "Comments", "Comment"), free_text=True),
)

# The previous report's findings (issue 26): one row per finding.
FINDINGS = (
    Column("qs", "QS", QS_VARIANTS[1:], required=True, help="QS1 to QS9 or the statement's name"),
    Column(
        "text",
        "Finding",
        ("Findings", "Finding text", "Key finding", "What CQC found", "Summary", "Description"),
        required=True,
        free_text=True,
    ),
    Column(
        "kind",
        "Kind",
        ("Type", "Went well or improve", "Finding type", "Category"),
        required=True,
        help="Went well, or Area for improvement",
    ),
    Column("page", "Page", ("Paragraph", "Page or paragraph", "Para", "Reference", "Report page")),
)


def header_key(text: Any) -> str:
    """A header reduced to lower-case words: 'Quality statement(s)*' -> 'quality statements'."""
    raw = cell_text(text).replace("(s)", "s")
    raw = re.sub(r"\([^)]*\)", " ", raw)  # "Start time (hh:mm)" -> "Start time"
    return normalise(raw)


@lru_cache(maxsize=4)
def _qs_headers(fw: Framework) -> dict[str, str]:
    """Header texts that name exactly one QS: 'safeguarding', 'qs7', 'qs7 safeguarding', '7 safeguarding'."""
    forms: dict[str, str] = {}
    for qs in fw.statements:
        names = [normalise(n) for n in (qs.name, *qs.aliases)]
        ids = [normalise(qs.id), f"qs {qs.number}", str(qs.number), f"{qs.number:02d}"]
        for name in names:
            forms[name] = qs.id
            for prefix in ids:
                forms[f"{prefix} {name}"] = qs.id
        for prefix in ids[:2]:
            forms[prefix] = qs.id
    return forms


@dataclass
class HeaderMap:
    """Where each known column is in one table."""

    header_index: int  # index in Table.rows of the header row
    columns: dict[str, int]  # key -> column index
    labels: dict[str, str]  # key -> header as written in the file (for messages)
    qs_ticks: dict[int, str] = field(default_factory=dict)  # column index -> QS id
    ignored: list[str] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return key in self.columns

    def get(self, row: list[Any], key: str) -> Any:
        index = self.columns.get(key)
        if index is None or index >= len(row):
            return None
        return row[index]


@lru_cache(maxsize=8)
def _lookup(spec: tuple[Column, ...]) -> dict[str, tuple[Column, int]]:
    """Header text -> (column, priority): when two headers fit one column ("Title" and
    "Description"), the one nearer the start of the variant list wins."""
    lookup: dict[str, tuple[Column, int]] = {}
    for col in spec:
        for priority, name in enumerate(col.names):
            lookup.setdefault(header_key(name), (col, priority))
    return lookup


def match_header(row: list[Any], spec: tuple[Column, ...], fw: Framework | None = None) -> HeaderMap:
    """Map one row of header cells to the columns of `spec` (and QS tick columns)."""
    fw = fw or current()
    lookup = _lookup(spec)
    qs_forms = _qs_headers(fw)
    hm = HeaderMap(header_index=0, columns={}, labels={})
    best: dict[str, tuple[int, int]] = {}  # key -> (priority, index)
    for index, cell in enumerate(row):
        key = header_key(cell)
        if not key:
            continue
        if key in lookup:
            col, priority = lookup[key]
            if col.key not in best or priority < best[col.key][0]:
                best[col.key] = (priority, index)
        elif key in qs_forms:
            hm.qs_ticks[index] = qs_forms[key]
    for key, (_, index) in sorted(best.items(), key=lambda kv: kv[1][1]):
        hm.columns[key] = index
        hm.labels[key] = cell_text(row[index])
    used = set(hm.columns.values()) | set(hm.qs_ticks)
    hm.ignored = [cell_text(c) for i, c in enumerate(row) if i not in used and cell_text(c)]
    return hm


def find_header(rows: list[list[Any]], spec: tuple[Column, ...]) -> HeaderMap | None:
    """The first row, among the first few non-blank ones, that has every required column."""
    seen = 0
    for index, row in enumerate(rows):
        if not any(cell_text(c) for c in row):
            continue
        hm = match_header(row, spec)
        hm.header_index = index
        if all(hm.has(c.key) for c in spec if c.required) and (len(hm.columns) >= 2 or len(spec) == 1):
            return hm
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    return None


def require_header(rows: list[list[Any]], spec: tuple[Column, ...], source: str) -> HeaderMap:
    hm = find_header(rows, spec)
    if hm is not None:
        return hm
    required = ", ".join(repr(c.label) for c in spec if c.required)
    first = next((r for r in rows if any(cell_text(c) for c in r)), [])
    found = ", ".join(repr(cell_text(c)) for c in first[:8] if cell_text(c)) or "nothing"
    raise ReadinessError(
        f"{source}: no header row with the columns {required} (the first row has {found})",
        "check this is the right file or sheet; see resources/samples/ for the expected columns",
    )


# Text a spreadsheet would run as a formula. Exports write it with a leading
# apostrophe (`exporters.neutralise`); reading takes exactly that apostrophe off
# again, so an exported file imports back unchanged ("=Budget" stays "=Budget").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARDED_STARTS = tuple("'" + c for c in FORMULA_STARTS) + ("''",)


# What Excel shows in a cell whose formula failed. Read as text they would become a
# room, a person or a title called "#N/A"; an import refuses the row instead.
EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
)


def excel_error(value: Any) -> str | None:
    """The Excel error code a cell holds ('#N/A'), or None for any real value."""
    if type(value) is str and value[:1] == "#":
        code = value.strip().upper()
        return code if code in EXCEL_ERRORS else None
    return None


def column_letters(index: int) -> str:
    """'A' for column index 0, 'AA' for 26: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def error_cells(cells: list[Any], wanted: dict[int, str]) -> list[tuple[int, str, str]]:
    """(column index, its header, error code) for each cell of `wanted` (index -> header) holding an Excel error."""
    found = []
    for index, cell in enumerate(cells):
        if type(cell) is str and cell[:1] == "#" and index in wanted and (code := excel_error(cell)):
            found.append((index, wanted[index], code))
    return found


def error_message(row: int, index: int, code: str) -> str:
    where = f"{column_letters(index)}{row}"
    return f"cell {where} holds the Excel error {code}, not a value (fix the formula or type the value)"


def cell_text(value: Any) -> str:
    """A cell as trimmed text: whole-number floats lose '.0', dates become ISO, non-breaking spaces go,
    and the formula guard's apostrophe comes off."""
    if type(value) is str:  # every cell of a CSV file, most of a workbook: the hot path of an import
        text = value.replace("\u00a0", " ").strip()
        if text[:1] == "'" and text.startswith(GUARDED_STARTS):
            return text[1:]  # strip() came first, so a guarded leading tab survives
        return text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).replace("\u00a0", " ").strip()


def personal_data_notes(spec: tuple[Column, ...], hm: HeaderMap, data: list[tuple[int, list[Any]]]) -> list[str]:
    """'row 7: Notes: looks like it holds an NHS number; ...' for each free-text cell that looks personal.

    Notes, not problems: the import goes ahead (the lead decides), and the note never repeats the text.
    """
    from readiness_app import clock
    from readiness_app.safety.privacy import check_text

    today = clock.today()  # once, not once per cell that holds a number
    notes: list[str] = []
    for col in spec:
        index = hm.columns.get(col.key) if col.free_text else None
        if index is None:
            continue
        label = hm.labels.get(col.key) or col.label
        seen: dict[str, list] = {}  # titles repeat down a timetable: check each text once
        for row, cells in data:
            text = cell_text(cells[index]) if index < len(cells) else ""
            if not text:
                continue
            if text not in seen:
                seen[text] = check_text(label, text, today)
            notes += [f"row {row}: {warning}" for warning in seen[text]]
    return sorted(notes, key=lambda n: int(n.split(":", 1)[0][4:]))


def is_ticked(value: Any) -> bool:
    text = cell_text(value)
    return bool(text) and normalise(text) not in NO_MARKS


def split_list(value: Any) -> list[str]:
    """'a; b, c' or one per line -> ['a', 'b', 'c'], ignoring commas inside brackets."""
    text = cell_text(value)
    separators = _SEPARATORS if "(" not in text and "[" not in text else _SEPARATORS_OUTSIDE_BRACKETS
    return [p.strip() for p in separators.split(text) if p and p.strip()]
