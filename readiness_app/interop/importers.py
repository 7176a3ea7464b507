"""Bringing a case list, a timetable, people or evidence details in from a spreadsheet.

Every import runs in two steps. `plan` reads every row, checks it against the
register and works out what would change, collecting every problem (row,
column, reason) instead of stopping at the first. Only a clean plan is applied,
in ONE register transaction with source "import": a file with any bad row
changes nothing. `--dry-run` stops after the plan.

Matching makes re-imports safe: cases by code, sessions by Session ID (in files
exported from this app) or by date + start + room + title, people by name and
organisation, evidence by relative path. A record whose cells all agree with
the register is left alone, so importing the same file twice writes nothing.
A blank cell never erases what the register holds; it means "no change".
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.framework import current
from readiness_app.framework.matcher import match_category, normalise, parse_qs_list
from readiness_app.interop import columns as cols
from readiness_app.interop.columns import Column, HeaderMap, cell_text, is_ticked, split_list
from readiness_app.interop.readers import Table, read_table
from readiness_app.logs import get_logger
from readiness_app.register import assessment, records
from readiness_app.register.connection import Register
from readiness_app.register.snapshots import take_before_import as before_import
from readiness_app.register.validation import choice, parse_date, parse_time, uk_date
from readiness_app.register.vocabulary import (
    CONSENT,
    CONTACT,
    EVIDENCE_STATUS,
    PERSON_KIND,
    SESSION_KIND,
    SESSION_STATUS,
    STAGE,
)
from readiness_app.safety.privacy import check_case

log = get_logger("readiness_app.interop")
_norm = lru_cache(maxsize=8192)(normalise)  # the same organisations and words come up row after row

KINDS = ("cases", "sessions", "people", "evidence")
_BAD = object()  # a cell that failed its check (the problem is already recorded)
_NOBODY = object()  # an attendee text with no name in it
_EXCEL_EPOCH = datetime(1899, 12, 30)

# Words councils use for the fixed choices, beyond the app's own labels.
STAGE_WORDS = {
    "longlist": "long_list",
    "long list": "long_list",
    "shortlist": "shortlisted",
    "short list": "shortlisted",
    "short listed": "shortlisted",
    "selected to track": "selected",
    "tracking": "tracked",
    "reserved": "reserve",
    "removed": "withdrawn",
}
CONSENT_WORDS = {
    "yes": "given",
    "y": "given",
    "consented": "given",
    "obtained": "given",
    "no": "declined",
    "n": "declined",
    "refused": "declined",
    "pending": "requested",
    "awaiting": "requested",
    "asked": "requested",
    "sought": "requested",
    "n a": "not_required",
    "na": "not_required",
}
STATUS_WORDS = {"canceled": "cancelled", "tentative": "planned", "booked": "confirmed", "done": "held"}
EVIDENCE_STATUS_WORDS = {"submitted": "submitted", "sent": "submitted", "sent to cqc": "submitted", "new": "inbox"}


# ---------------------------------------------------------------- results


class CellProblem(ReadinessError):
    """One bad cell: always shown as 'row 7: Column: reason'."""

    def __str__(self) -> str:
        return f"row {self.row}: {self.field}: {self.message}"


@dataclass
class Change:
    """One record the import creates or updates: `key` is how users know it (code, path, name)."""

    action: str  # "create" | "update"
    key: str
    row: int
    changes: dict[str, list[Any]] = field(default_factory=dict)  # field -> [before, after]

    def as_dict(self) -> dict[str, Any]:
        return {"action": self.action, "key": self.key, "row": self.row, "changes": self.changes}


@dataclass
class ImportResult:
    kind: str
    source: str
    sheet: str
    dry_run: bool
    rows: int = 0
    created: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: int = 0
    also_created: dict[str, list[str]] = field(default_factory=dict)  # "people" -> names made for attendees
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or any(self.also_created.values()))

    def summary(self) -> str:
        verb = ("would create", "would update") if self.dry_run else ("created", "updated")
        where = f"{self.source}" + (f" [{self.sheet}]" if self.sheet else "")
        text = f"{where}: {self.rows} rows; {verb[0]} {len(self.created)}, {verb[1]} {len(self.updated)}, "
        text += f"{self.unchanged} unchanged"
        extra = [f"{len(v)} new {k}" for k, v in self.also_created.items() if v]
        if extra:
            text += f" (plus {', '.join(extra)})"
        if self.dry_run:
            text += "; dry run: nothing was changed"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "source": self.source,
            "sheet": self.sheet,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": [c.as_dict() for c in self.created],
            "updated": [c.as_dict() for c in self.updated],
            "unchanged": self.unchanged,
            "also_created": self.also_created,
            "notes": self.notes,
        }


# ---------------------------------------------------------------- entry point


def import_file(
    reg: Register, kind: str, path: Path | str, *, dry_run: bool = False, sheet: str | None = None
) -> ImportResult:
    """Import `path` as `kind` (cases, sessions, people, evidence). All or nothing."""
    if kind not in IMPORTERS:
        raise ReadinessError(f"unknown import {kind!r}; choose one of {', '.join(KINDS)}")
    spec, importer_class = IMPORTERS[kind]
    table = read_table(path, sheet=sheet, looks_right=lambda rows: cols.find_header(rows, spec) is not None)
    return import_table(reg, kind, table, dry_run=dry_run)


def import_table(reg: Register, kind: str, table: Table, *, dry_run: bool = False) -> ImportResult:
    spec, importer_class = IMPORTERS[kind]
    if not table.rows:
        raise ReadinessError(f"{table.source} has no rows")
    hm = cols.require_header(table.rows, spec, table.source)
    data = [
        (index + 1, row)
        for index, row in enumerate(table.rows[hm.header_index + 1 :], start=hm.header_index + 1)
        if any(cell_text(c) for c in row)
    ]
    if not data:
        raise ReadinessError(
            f"{table.source}: there is a header row but no data rows", "fill in at least one row under the headers"
        )
    result = ImportResult(kind=kind, source=table.source, sheet=table.sheet, dry_run=dry_run, rows=len(data))
    result.notes.extend(table.notes)
    if hm.ignored:
        result.notes.append(f"columns not used: {', '.join(hm.ignored)}")
    importer = importer_class(reg, hm, result)
    with _collector_paused():
        importer.plan(data)
        if importer.problems:
            raise ValidationErrors(importer.problems, what=f"{table.source}")
        if not dry_run and result.changed:
            with reg.transaction("import"):
                before_import(reg, table.source)
                importer.apply()
    log.info(
        "import %s: %d rows, %d created, %d updated, dry_run=%s",
        kind,
        result.rows,
        len(result.created),
        len(result.updated),
        dry_run,
    )
    return result


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while an import runs, back on after.

    A 10,000-row import makes hundreds of thousands of small dicts, lists and
    tuples, and the collector would walk them hundreds of times (a fifth of the
    import's time); none of them need it, and reference counting frees them as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# ---------------------------------------------------------------- shared row handling


class _Importer:
    spec: tuple[Column, ...] = ()

    def __init__(self, reg: Register, hm: HeaderMap, result: ImportResult):
        self.reg = reg
        self.hm = hm
        self.result = result
        self.problems: list[ReadinessError] = []
        self._row_failed = False
        self._labels = {c.key: c.label for c in self.spec}
        self._parsed: dict[tuple, Any] = {}

    # -- cells
    def label(self, key: str) -> str:
        return self.hm.labels.get(key) or self._labels.get(key, key)

    def problem(self, row: int, key: str, message: str) -> None:
        self.problems.append(CellProblem(message, field=self.label(key), row=row))
        self._row_failed = True

    def text(self, cells: list[Any], key: str) -> str:
        # HeaderMap.get inlined: an import of 10,000 rows asks for about 100,000 cells.
        index = self.hm.columns.get(key)
        if index is None or index >= len(cells):
            return ""
        return cell_text(cells[index])

    def parse(self, row: int, cells: list[Any], key: str, fn: Callable[[Any], Any]) -> Any:
        """fn(cell) for a non-blank cell; None for a blank one; _BAD (problem recorded) if fn refuses it."""
        value = self.hm.get(cells, key)
        if value is None or value == "":
            return None
        # Columns repeat themselves ("Long list", "QS1; QS7", the same date): check each value once.
        memo = (key, type(value), value)
        if memo not in self._parsed:
            if not cell_text(value):
                self._parsed[memo] = None
            else:
                try:
                    self._parsed[memo] = fn(value)
                except ReadinessError as exc:
                    self._parsed[memo] = exc
        result = self._parsed[memo]
        if isinstance(result, ReadinessError):
            self.problem(row, key, result.message)
            return _BAD
        return result

    def qs(self, row: int, cells: list[Any]) -> list[str] | None:
        """QS from the QS column and any QS tick columns; None if the row names none (no change)."""
        found: list[str] = []
        value = self.parse(row, cells, "qs", lambda v: parse_qs_list(cell_text(v)))
        if value is _BAD:
            return None
        found.extend(value or [])
        for index, qs_id in self.hm.qs_ticks.items():
            if index < len(cells) and is_ticked(cells[index]):
                found.append(qs_id)
        if not found:
            return None
        return [q for q in current().qs_ids if q in found]

    def start_row(self) -> None:
        self._row_failed = False

    @property
    def row_ok(self) -> bool:
        return not self._row_failed

    # -- diffs
    @staticmethod
    def diff(before: dict[str, Any], values: dict[str, Any]) -> dict[str, list[Any]]:
        changes = {}
        for key, value in values.items():
            old = before.get(key)
            if isinstance(value, list):
                if sorted(map(str, old or [])) != sorted(map(str, value)):
                    changes[key] = [sorted(old or []), sorted(value)]
            elif old != value:
                changes[key] = [old, value]
        return changes

    def plan(self, data: list[tuple[int, list[Any]]]) -> None:
        raise NotImplementedError

    def apply(self) -> None:
        raise NotImplementedError


def _word_choice(value: Any, allowed: dict[str, str], words: dict[str, str], field_name: str) -> str:
    key = normalise(cell_text(value))
    if key in words:
        return words[key]
    return choice(cell_text(value), allowed, field_name)


def excel_date(value: Any) -> Any:
    """An Excel serial day number (a date cell formatted as a number) as a datetime; else the value."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 <= value <= 80000:
        return _EXCEL_EPOCH + timedelta(days=float(value))
    return value


def excel_time(value: Any) -> Any:
    """An Excel time fraction (0.375 is 09:00) as 'HH:MM'; else the value."""
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return value


def _date(value: Any) -> str:
    return parse_date(excel_date(value), "date", required=True)


def _time(value: Any) -> str:
    value = excel_time(value)
    if isinstance(value, datetime):
        value = value.time()
    return parse_time(value, "time")


# ---------------------------------------------------------------- cases


class CaseImporter(_Importer):
    spec = cols.CASES

    def plan(self, data: list[tuple[int, list[Any]]]) -> None:
        from readiness_app.register import cases

        existing = {c["code"].lower(): c for c in cases.list_cases(self.reg)}
        seen: dict[str, int] = {}
        self.creates: list[tuple[dict[str, Any], list[str], list[str]]] = []
        self.updates: list[tuple[int, dict[str, Any]]] = []
        for row, cells in data:
            self.start_row()
            code = self.parse(row, cells, "code", cases.validate_code)
            if code is None:
                self.problem(row, "code", "a coded reference is required")
                continue
            if code is _BAD:
                continue
            if code.lower() in seen:
                self.problem(row, "code", f"duplicate case code {code!r} (also on row {seen[code.lower()]})")
                continue
            seen[code.lower()] = row
            values: dict[str, Any] = {}
            for key, fn in (
                ("team", cell_text),
                ("stage", lambda v: _word_choice(v, STAGE, STAGE_WORDS, "stage")),
                ("consent", lambda v: _word_choice(v, CONSENT, CONSENT_WORDS, "consent")),
                ("consent_date", _date),
                ("records_shared_date", _date),
                ("contact", lambda v: choice(cell_text(v), CONTACT, "contact")),
                ("notes", cell_text),
            ):
                value = self.parse(row, cells, key, fn)
                if value is not None and value is not _BAD:
                    values[key] = value
            criteria = [t.lower() for t in split_list(self.hm.get(cells, "criteria"))]
            qs = self.qs(row, cells)
            if not self.row_ok:
                continue
            # Personal data in a case row is a warning, not a refusal: the lead decides.
            for warning in check_case(values):
                self.result.notes.append(f"row {row}: {warning}")
            before = existing.get(code.lower())
            if before is None:
                values = {"code": code, **values}
                self.creates.append((values, criteria, qs or []))
                self.result.created.append(Change("create", code, row))
                continue
            if criteria:
                values["criteria"] = criteria
            if qs is not None:
                values["qs"] = qs
            changes = self.diff(before, values)
            if changes:
                self.updates.append((before["id"], {k: values[k] for k in changes}))
                self.result.updated.append(Change("update", before["code"], row, _private(changes)))
            else:
                self.result.unchanged += 1

    def apply(self) -> None:
        from readiness_app.register import cases

        ids = records.insert_many(self.reg, "tracked_case", [values for values, _, _ in self.creates])
        records.add_links(
            self.reg, "case_criterion", "case_id", "tag",
            {case_id: crit for case_id, (_, crit, _) in zip(ids, self.creates, strict=True)},
            audit_table="tracked_case", audit_field="criteria",
        )  # fmt: skip
        records.add_links(
            self.reg, "case_qs", "case_id", "qs",
            {case_id: qs for case_id, (_, _, qs) in zip(ids, self.creates, strict=True)},
            audit_table="tracked_case", audit_field="qs",
        )  # fmt: skip
        for case_id, values in self.updates:
            criteria = values.pop("criteria", None)
            qs = values.pop("qs", None)
            cases.update(self.reg, case_id, criteria=criteria, qs=qs, **values)


def _private(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Free-text notes are reported as changed, never shown; stored keys are shown as their labels."""
    return {k: (["(changed)", "(changed)"] if k == "notes" else [_label(k, x) for x in v]) for k, v in changes.items()}


_LABELS = {
    "stage": STAGE,
    "consent": CONSENT,
    "contact": CONTACT,
    "status": {**EVIDENCE_STATUS, **SESSION_STATUS},
    "kind": {**SESSION_KIND, **PERSON_KIND},
}


def _label(key: str, value: Any) -> Any:
    """What a reader expects to see: 'Given' not 'given', 21/05/2024 not 2024-05-21."""
    if value in (None, "") or isinstance(value, list):
        return value
    if key in _LABELS:
        return _LABELS[key].get(value, value)
    if key == "category":
        return _category_name(value)
    if key in ("date", "consent_date", "records_shared_date", "document_date") and len(str(value)) == 10:
        return uk_date(str(value))
    return value


def _category_name(category_id: str) -> str:
    try:
        return current().category(category_id).name
    except ReadinessError:
        return category_id


# ---------------------------------------------------------------- people (shared by people and sessions)


class _PeopleIndex:
    """Existing people by name, plus the new ones an import will create, for matching."""

    def __init__(self, reg: Register):
        from readiness_app.register import people

        self.council = normalise(assessment.get(reg)["council"])
        self.by_name: dict[str, list[dict[str, Any]]] = {}
        for person in people.list_people(reg):
            self.by_name.setdefault(person["name"].strip().lower(), []).append(person)
        self.new: dict[tuple[str, str], dict[str, Any]] = {}  # (name, org) -> values, with a placeholder id
        self.organisations = {normalise(p["organisation"]) for ps in self.by_name.values() for p in ps}

    def match(self, name: str, organisation: str) -> dict[str, Any] | None:
        """The one person meant, or None for someone new. Raises ReadinessError if several fit."""
        candidates = self.by_name.get(name.lower(), [])
        if organisation:
            org = _norm(organisation)
            same = [p for p in candidates if _norm(p["organisation"]) == org]
            if same:
                return same[0]
            blank = [p for p in candidates if not p["organisation"].strip()]
            return blank[0] if blank else None
        if len(candidates) > 1:
            raise ReadinessError(
                f"{len(candidates)} people are called {name!r}; add the organisation to tell them apart",
            )
        return candidates[0] if candidates else None

    def kind_for(self, organisation: str) -> str:
        """A new person's kind: staff of the council unless they come from another organisation."""
        org = _norm(organisation)
        return "partner" if org and org != self.council and "council" not in org else "staff"

    def add_new(self, values: dict[str, Any]) -> dict[str, Any]:
        key = (values["name"].lower(), _norm(values.get("organisation", "")))
        if key not in self.new:
            values = {**values, "id": -(len(self.new) + 1)}  # placeholder until inserted
            self.new[key] = values
        return self.new[key]


def parse_attendee(text: str) -> dict[str, str]:
    """'Jane Smith (Team Manager, Northmoor ICB)' -> name, role, organisation.

    One item in brackets is a role, unless it names an organisation already
    known; with two or more, the last is the organisation.
    """
    text = text.strip()
    name, role, organisation = text, "", ""
    if text.endswith(")") and "(" in text:
        name, inner = text[: text.index("(")].strip(), text[text.index("(") + 1 : -1]
        parts = [p.strip() for p in inner.split(",") if p.strip()]
        if len(parts) >= 2:
            role, organisation = ", ".join(parts[:-1]), parts[-1]
        elif parts:
            role = parts[0]
    elif " - " in text:  # "Jane Smith - Team Manager"
        name, role = (p.strip() for p in text.split(" - ", 1))
    return {"name": " ".join(name.split()), "role": role, "organisation": organisation}


class PeopleImporter(_Importer):
    spec = cols.PEOPLE

    def plan(self, data: list[tuple[int, list[Any]]]) -> None:
        index = _PeopleIndex(self.reg)
        by_id = {p["id"]: p for ps in index.by_name.values() for p in ps}
        seen: dict[tuple[str, str], int] = {}
        self.updates: list[tuple[int, dict[str, Any]]] = []
        self.index = index
        for row, cells in data:
            self.start_row()
            name = " ".join(self.text(cells, "name").split())
            if not name:
                self.problem(row, "name", "a name is required")
                continue
            values = {k: self.text(cells, k) for k in ("role", "team", "organisation") if self.text(cells, k)}
            kind = self.parse(row, cells, "kind", lambda v: choice(cell_text(v), PERSON_KIND, "kind"))
            if kind is not None and kind is not _BAD:
                values["kind"] = kind
            key = (name.lower(), normalise(values.get("organisation", "")))
            if key in seen:
                self.problem(row, "name", f"{name!r} is listed twice (also on row {seen[key]})")
                continue
            seen[key] = row
            before = None
            person_id = self.parse(row, cells, "person_id", lambda v: int(cell_text(v)))
            if person_id is _BAD or (person_id is not None and person_id not in by_id):
                self.problem(row, "person_id", f"no person with id {self.text(cells, 'person_id')!r} in the register")
            elif person_id is not None:
                before = by_id[person_id]
                values["name"] = name
            else:
                try:
                    before = index.match(name, values.get("organisation", ""))
                except ReadinessError as exc:
                    self.problem(row, "name", exc.message)
            if not self.row_ok:
                continue
            if before is None:
                values = {"name": name, **values}
                values.setdefault("kind", index.kind_for(values.get("organisation", "")))
                index.add_new(values)
                self.result.created.append(Change("create", name, row))
                continue
            changes = self.diff(before, values)
            if changes:
                self.updates.append((before["id"], {k: values[k] for k in changes}))
                self.result.updated.append(Change("update", before["name"], row, _private(changes)))
            else:
                self.result.unchanged += 1

    def apply(self) -> None:
        from readiness_app.register import people

        _insert_people(self.reg, self.index)
        for person_id, values in self.updates:
            people.update_person(self.reg, person_id, **values)


def _insert_people(reg: Register, index: _PeopleIndex) -> dict[int, int]:
    """Create the people an import found new; returns placeholder id -> real id."""
    new = list(index.new.values())
    rows = [{k: v for k, v in p.items() if k != "id"} for p in new]
    for values in rows:
        for key in ("role", "team", "organisation"):
            values.setdefault(key, "")
    ids = records.insert_many(reg, "person", rows)
    return {p["id"]: real for p, real in zip(new, ids, strict=True)}


# ---------------------------------------------------------------- sessions


def _session_kind(value: Any) -> str:
    text = cell_text(value)
    words = normalise(text)
    try:
        return choice(text, SESSION_KIND, "kind")
    except ReadinessError:
        pass
    if "focus" in words or words in ("group", "group discussion", "workshop"):
        return "focus_group"
    if "drop" in words:
        return "drop_in"
    if "case" in words:
        return "case_tracking"
    if "partner" in words or "provider" in words:
        return "partner_provider"
    if words in ("1 1", "121", "one to one", "1 to 1", "interview", "individual", "individual interview"):
        return "one_to_one"
    return "other"


class SessionImporter(_Importer):
    spec = cols.SESSIONS

    def plan(self, data: list[tuple[int, list[Any]]]) -> None:
        from readiness_app.register import people, sessions

        reg = self.reg
        rooms = {r["name"].strip().lower(): r for r in people.list_rooms(reg)}
        case_ids = {code.lower(): case_id for code, case_id in records.pairs(reg, "tracked_case", "code")}
        self.assessors = {a["name"].strip().lower(): a["id"] for a in people.list_assessors(reg)}
        for a in people.list_assessors(reg):  # "Sam Jones" finds "Sam Jones (CQC)"
            short = a["name"].lower().replace("(cqc)", "").strip()
            self.assessors.setdefault(short, a["id"])
        self.new_assessors: dict[str, int] = {}
        self._assessor_cells: dict[str, list[int]] = {}
        self._attendee_cells: dict[str, list[int] | ReadinessError] = {}
        self._attendee_items: dict[str, Any] = {}  # one attendee's text -> person id, _NOBODY or the error
        self.people = _PeopleIndex(reg)
        visit_days = [d["date"] for d in assessment.visit_days(reg)]
        window = (visit_days[0], visit_days[-1]) if visit_days else None
        existing = sessions.list_sessions(reg)
        by_id = {s["id"]: s for s in existing}
        by_key = {(s["date"], s["start"], s["room_id"], s["title"].strip().lower()): s for s in existing}
        seen: dict[tuple, int] = {}
        self.creates: list[tuple[dict[str, Any], dict[str, list]]] = []
        self.updates: list[tuple[int, dict[str, Any]]] = []
        unknown_kinds: dict[str, list[int]] = {}

        for row, cells in data:
            self.start_row()
            values: dict[str, Any] = {}
            day = self.parse(row, cells, "date", _date)
            if day is None:
                self.problem(row, "date", "a date is required")
            elif day is not _BAD:
                values["date"] = day
                if window and not window[0] <= day <= window[1]:
                    self.problem(
                        row, "date",
                        f"{uk_date(day)} is outside the visit ({uk_date(window[0])} to {uk_date(window[1])})",
                    )  # fmt: skip
            start, end = self._times(row, cells)
            if start and end:
                values["start"], values["end"] = start, end
                if end <= start:
                    self.problem(row, "end", f"the session ends ({end}) before it starts ({start})")
            title = self.text(cells, "title")
            if not title:
                self.problem(row, "title", "a title is required")
            values["title"] = title
            room_name = self.text(cells, "room")
            if room_name:
                room = rooms.get(room_name.lower())
                if room is None:
                    known = ", ".join(r["name"] for r in rooms.values()) or "none set up yet"
                    self.problem(row, "room", f"unknown room {room_name!r} (rooms: {known})")
                else:
                    values["room_id"] = room["id"]
            kind = self.parse(row, cells, "kind", _session_kind)
            if kind is not None:
                values["kind"] = kind
                if kind == "other" and normalise(self.text(cells, "kind")) != "other":
                    unknown_kinds.setdefault(self.text(cells, "kind"), []).append(row)
            status = self.parse(row, cells, "status", lambda v: _word_choice(v, SESSION_STATUS, STATUS_WORDS, "status"))
            if status is not None and status is not _BAD:
                values["status"] = status
            case_code = self.text(cells, "case")
            if case_code:
                if case_code.lower() not in case_ids:
                    self.problem(row, "case", f"no case with code {case_code!r} in the register")
                else:
                    values["case_id"] = case_ids[case_code.lower()]
            for key in ("briefing_owner", "notes"):
                if text := self.text(cells, key):
                    values[key] = text
            links: dict[str, list] = {}
            qs = self.qs(row, cells)
            if qs is not None:
                links["qs"] = qs
            if text := self.text(cells, "assessors"):
                links["assessors"] = self._assessors(text)
            if text := self.text(cells, "people"):
                attendees = self._attendees(row, text)
                if attendees is not None:
                    links["people"] = attendees
            if not self.row_ok:
                continue
            key = (values["date"], values["start"], values.get("room_id"), title.lower())
            if key in seen:
                self.problem(row, "title", f"the same session is on row {seen[key]} (same date, start, room and title)")
                continue
            seen[key] = row
            before = None
            session_id = self.parse(row, cells, "session_id", lambda v: int(cell_text(v)))
            if session_id is _BAD or (session_id is not None and session_id not in by_id):
                self.problem(row, "session_id", f"no session with id {self.text(cells, 'session_id')!r}")
                continue
            before = by_id[session_id] if session_id is not None else by_key.get(key)
            label = f"{uk_date(values['date'])} {values['start']} {title}"
            if before is None:
                self.creates.append((values, links))
                self.result.created.append(Change("create", label, row))
                continue
            compare = {**values}
            for name, ids in links.items():
                compare[name] = ids
            current_links = {
                "qs": before["qs"],
                "people": [p["id"] for p in before["people"]],
                "assessors": [a["id"] for a in before["assessors"]],
            }
            changes = self.diff({**before, **current_links}, compare)
            if changes:
                self.updates.append((before["id"], {k: compare[k] for k in changes}))
                self.result.updated.append(Change("update", label, row, _readable(changes)))
            else:
                self.result.unchanged += 1
        for text, rows in unknown_kinds.items():
            shown = ", ".join(map(str, rows[:10])) + (" ..." if len(rows) > 10 else "")
            self.result.notes.append(f"kind {text!r} is not one the app knows; rows {shown} will be 'Other'")
        self.result.also_created = {
            "people": [p["name"] for p in self.people.new.values()],
            "assessors": list(self.new_assessors),
        }

    def _times(self, row: int, cells: list[Any]) -> tuple[str | None, str | None]:
        start = self.parse(row, cells, "start", _time)
        end = self.parse(row, cells, "end", _time)
        span = self.text(cells, "time")
        if span and (start is None or end is None):
            parts = [p for p in span.replace("\u2013", "-").replace(" to ", "-").split("-") if p.strip()]
            if len(parts) == 2:
                try:
                    start, end = start or _time(parts[0]), end or _time(parts[1])
                except ReadinessError as exc:
                    self.problem(row, "time", exc.message)
                    return None, None
        if start is None:
            self.problem(row, "start", "a start time is required")
        if end is None:
            self.problem(row, "end", "an end time is required")
        if start is _BAD or end is _BAD or start is None or end is None:
            return None, None
        return start, end

    def _assessors(self, text: str) -> list[int]:
        if text in self._assessor_cells:
            return self._assessor_cells[text]
        ids = []
        for name in split_list(text):
            key = name.lower()
            found = self.assessors.get(key) or self.assessors.get(key.replace("(cqc)", "").strip())
            if found is None:
                found = self.new_assessors.setdefault(name, -(len(self.new_assessors) + 1))
            ids.append(found)
        self._assessor_cells[text] = list(dict.fromkeys(ids))
        return self._assessor_cells[text]

    def _attendees(self, row: int, text: str) -> list[int] | None:
        if text not in self._attendee_cells:  # a group's attendee list often repeats row after row
            try:
                self._attendee_cells[text] = self._resolve_attendees(text)
            except ReadinessError as exc:
                self._attendee_cells[text] = exc
        found = self._attendee_cells[text]
        if isinstance(found, ReadinessError):
            self.problem(row, "people", found.message)
            return None
        return found

    def _resolve_attendees(self, text: str) -> list[int]:
        ids = []
        for item in split_list(text):
            # The same attendee turns up in many different lists: resolve each text once.
            if item not in self._attendee_items:
                try:
                    self._attendee_items[item] = self._resolve_attendee(item)
                except ReadinessError as exc:
                    self._attendee_items[item] = exc
            found = self._attendee_items[item]
            if isinstance(found, ReadinessError):
                raise found
            if found is not _NOBODY:
                ids.append(found)
        return list(dict.fromkeys(ids))

    def _resolve_attendee(self, item: str) -> Any:
        """The person id (or placeholder id) one attendee text means; _NOBODY for a text with no name."""
        values = parse_attendee(item)
        if not values["name"]:
            return _NOBODY
        if values["role"] and not values["organisation"] and _norm(values["role"]) in self.people.organisations:
            values["organisation"], values["role"] = values["role"], ""
        person = self.people.match(values["name"], values["organisation"])
        if person is None:
            values["kind"] = self.people.kind_for(values["organisation"])
            values["team"] = ""
            person = self.people.add_new(values)
        return person["id"]

    def apply(self) -> None:
        from readiness_app.register import sessions

        reg = self.reg
        person_ids = _insert_people(reg, self.people)
        names = list(self.new_assessors)
        real = records.insert_many(reg, "assessor", [{"name": n, "role": ""} for n in names])
        assessor_ids = {self.new_assessors[n]: i for n, i in zip(names, real, strict=True)}

        def resolve(links: dict[str, list]) -> dict[str, list]:
            out = dict(links)
            if "people" in out:
                out["people"] = [person_ids.get(p, p) for p in out["people"]]
            if "assessors" in out:
                out["assessors"] = [assessor_ids.get(a, a) for a in out["assessors"]]
            return out

        rows = []
        for values, _ in self.creates:
            row = {"kind": "other", "status": "planned", **values}
            rows.append(row)
        ids = records.insert_many(reg, "session", rows)
        resolved = [resolve(links) for _, links in self.creates]
        for name, (table, column, audit_field) in sessions.LINKS.items():
            if name == "evidence":
                continue
            records.add_links(
                reg, table, "session_id", column,
                {sid: links.get(name, []) for sid, links in zip(ids, resolved, strict=True)},
                audit_table="session", audit_field=audit_field,
            )  # fmt: skip
        for session_id, values in self.updates:
            links = resolve({k: values.pop(k) for k in ("qs", "people", "assessors") if k in values})
            sessions.update(reg, session_id, **links, **values)


def _readable(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Attendee and assessor changes as counts (ids mean nothing to a reader); notes hidden."""
    out = {}
    for key, (old, new) in _private(changes).items():
        if key in ("people", "assessors"):
            out[key] = [f"{len(old)} listed", f"{len(new)} listed"]
        else:
            out[key] = [old, new]
    return out


# ---------------------------------------------------------------- evidence metadata


class EvidenceImporter(_Importer):
    spec = cols.EVIDENCE

    def plan(self, data: list[tuple[int, list[Any]]]) -> None:
        from readiness_app.register import evidence

        items = evidence.list_items(self.reg)
        by_path = {i["rel_path"]: i for i in items}
        by_lower: dict[str, list[dict]] = {}
        by_file: dict[str, list[dict]] = {}
        for item in items:
            by_lower.setdefault(item["rel_path"].lower(), []).append(item)
            by_file.setdefault(PurePosixPath(item["rel_path"]).name.lower(), []).append(item)
        seen: dict[int, int] = {}
        planned_refs: dict[int, tuple[str, int]] = {}  # item id -> (reference, row)
        self.updates: list[tuple[int, dict[str, Any]]] = []
        for row, cells in data:
            self.start_row()
            raw = self.text(cells, "rel_path").replace("\\", "/").strip("/")
            if not raw:
                self.problem(row, "rel_path", "the file's relative path is required")
                continue
            item = by_path.get(raw)
            if item is None:
                matches = by_lower.get(raw.lower()) or by_file.get(raw.lower()) or []
                item = matches[0] if len(matches) == 1 else None
            if item is None:
                self.problem(
                    row, "rel_path", f"{raw!r} is not in the register (the file must be in the evidence folder and"
                    " found by a scan first)",
                )  # fmt: skip
                continue
            if item["id"] in seen:
                self.problem(row, "rel_path", f"{item['rel_path']!r} is also on row {seen[item['id']]}")
                continue
            seen[item["id"]] = row
            values: dict[str, Any] = {}
            for key in ("title", "owner", "notes"):
                if self.text(cells, key):
                    values[key] = self.text(cells, key)
            reference = self.text(cells, "reference")
            if reference:
                planned_refs[item["id"]] = (reference, row)
                values["reference"] = reference
            category = self.parse(row, cells, "category", _category)
            if category is not None and category is not _BAD:
                values["category"] = category
            status = self.parse(
                row, cells, "status", lambda v: _word_choice(v, EVIDENCE_STATUS, EVIDENCE_STATUS_WORDS, "status")
            )
            if status is not None and status is not _BAD:
                values["status"] = status
            doc_date = self.parse(row, cells, "document_date", _date)
            if doc_date is not None and doc_date is not _BAD:
                values["document_date"] = doc_date
            qs = self.qs(row, cells)
            if qs is not None:
                values["qs"] = qs
            if not self.row_ok:
                continue
            changes = self.diff(item, values)
            if changes:
                self.updates.append((item["id"], {k: values[k] for k in changes}))
                self.result.updated.append(Change("update", item["rel_path"], row, _private(changes)))
            else:
                self.result.unchanged += 1
        self._check_references(items, planned_refs)

    def _check_references(self, items: list[dict[str, Any]], planned: dict[int, tuple[str, int]]) -> None:
        """Each reference number names one file once the import is done (two files may swap numbers)."""
        final: dict[str, list[dict[str, Any]]] = {}
        for item in items:
            ref = planned[item["id"]][0] if item["id"] in planned else item["reference"]
            if ref and ref.strip():
                final.setdefault(ref.strip().lower(), []).append(item)
        for holders in final.values():
            if len(holders) < 2:
                continue
            for item in holders:
                if item["id"] not in planned:
                    continue
                ref, row = planned[item["id"]]
                others = [h for h in holders if h["id"] != item["id"]]
                where = [f"row {planned[o['id']][1]}" if o["id"] in planned else repr(o["rel_path"]) for o in others]
                self.problem(row, "reference", f"reference {ref!r} is also given to {', '.join(where)}")

    def apply(self) -> None:
        from readiness_app.register import evidence

        for item_id, values in self.updates:
            qs = values.pop("qs", None)
            evidence.update(self.reg, item_id, qs=qs, **values)


def _category(value: Any) -> str:
    found = match_category(cell_text(value))
    if found is None:
        names = ", ".join(c.name for c in current().categories)
        raise ReadinessError(f"unknown evidence category {cell_text(value)!r} (use one of: {names})")
    return found.id


IMPORTERS: dict[str, tuple[tuple[Column, ...], type[_Importer]]] = {
    "cases": (cols.CASES, CaseImporter),
    "sessions": (cols.SESSIONS, SessionImporter),
    "people": (cols.PEOPLE, PeopleImporter),
    "evidence": (cols.EVIDENCE, EvidenceImporter),
}
