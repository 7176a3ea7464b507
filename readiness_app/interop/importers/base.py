"""What every import shares: results, cell problems, row handling, council words for the fixed choices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.framework.matcher import normalise, parse_qs_list
from readiness_app.interop.columns import Column, HeaderMap, cell_text, error_cells, error_message, is_ticked
from readiness_app.register.connection import Register
from readiness_app.register.validation import choice, long_date, parse_date, parse_time
from readiness_app.register.vocabulary import (
    CONSENT,
    CONTACT,
    EVIDENCE_STATUS,
    PERSON_KIND,
    SESSION_KIND,
    SESSION_STATUS,
    STAGE,
)

norm = lru_cache(maxsize=8192)(normalise)  # the same organisations and words come up row after row

BAD = object()  # a cell that failed its check (the problem is already recorded)
EXCEL_EPOCH = datetime(1899, 12, 30)

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

ALSO_LABELS = {"assessors": "CQC team"}  # how reports name the records an import makes on the side


def _singular(noun: str, count: int) -> str:
    if count != 1:
        return noun
    return {"people": "person", "rooms": "room"}.get(noun, noun)


class CellProblem(ReadinessError):
    """One bad cell: shown as 'row 7: Column: reason', after the sheet's name in a workbook of several."""

    def __init__(self, message: str, *, field: str, row: int | None, sheet: str = "", hint: str = ""):
        super().__init__(message, hint, field=field, row=row)
        self.sheet = sheet

    def __str__(self) -> str:
        where = f"sheet {self.sheet!r}, " if self.sheet else ""
        return f"{where}row {self.row}: {self.field}: {self.message}"


@dataclass
class Change:
    """One record the import creates or updates: `key` is how users know it (code, path, name)."""

    action: str  # "create" | "update"
    key: str
    row: int
    changes: dict[str, list[Any]] = field(default_factory=dict)  # field -> [before, after]
    sheet: str = ""  # in a workbook of several sheets

    def as_dict(self) -> dict[str, Any]:
        out = {"action": self.action, "key": self.key, "row": self.row, "changes": self.changes}
        if self.sheet:
            out["sheet"] = self.sheet
        return out


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
    also_updated: dict[str, list[str]] = field(default_factory=dict)  # "people" -> names given a role
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # per sheet: what was read or skipped, and why
    rows_by_sheet: dict[str, int] = field(default_factory=dict)  # sheet name ("" for a CSV) -> data rows read

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or any(self.also_created.values()) or any(self.also_updated.values()))

    def summary(self) -> str:
        verb = ("would create", "would update") if self.dry_run else ("created", "updated")
        where = f"{self.source}" + (f" [{self.sheet}]" if self.sheet else "")
        text = f"{where}: {self.rows} rows; {verb[0]} {len(self.created)}, {verb[1]} {len(self.updated)}, "
        text += f"{self.unchanged} unchanged"
        extra = [f"{len(v)} new {_singular(ALSO_LABELS.get(k, k), len(v))}" for k, v in self.also_created.items() if v]
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
            "also_updated": self.also_updated,
            "notes": self.notes,
            "sheets": self.sheets,
        }


# ---------------------------------------------------------------- shared row handling


class RowImporter:
    spec: tuple[Column, ...] = ()
    allow_personal_data = False  # a case import refuses what looks personal unless the lead confirms it

    def __init__(self, reg: Register, result: ImportResult):
        self.reg = reg
        self.hm = HeaderMap(header_index=0, columns={}, labels={})
        self.result = result
        self.problems: list[ReadinessError] = []
        self.sheet = ""  # named in problems when the workbook has several sheets
        self.sheet_date: str | None = None  # a timetable sheet's own date (name, title or --date)
        self.extras: list[tuple[int, str]] = []  # columns with no field: added to the notes
        self._row_failed = False
        self._labels = {c.key: c.label for c in self.spec}
        self._parsed: dict[tuple, Any] = {}

    # -- the steps: prepare once, then each sheet's rows, then finish
    def plan(self, sheets: list[tuple[HeaderMap, list[tuple[int, list[Any]]], dict[str, Any]]]) -> None:
        """Check every row of every sheet against the register; problems are collected, nothing written."""
        self.prepare()
        for hm, data, context in sheets:
            self.hm = hm
            self.sheet = context.get("sheet", "")
            self.sheet_date = context.get("date")
            self.extras = context.get("extras", [])
            self._parsed.clear()  # a memo is per column, and columns differ between sheets
            marks = len(self.result.created), len(self.result.updated)
            self.plan_rows(self._without_excel_errors(data))
            if self.sheet:
                for change in self.result.created[marks[0] :] + self.result.updated[marks[1] :]:
                    change.sheet = self.sheet
        self.finish()

    def _without_excel_errors(self, data: list[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
        """The rows with no Excel error (#N/A, #REF! ...) in a column the import reads; each error is a problem."""
        wanted = {index: self.label(key) for key, index in self.hm.columns.items()}
        wanted.update({index: self.hm.labels.get(qs, qs) for index, qs in self.hm.qs_ticks.items()})
        wanted.update(dict(self.extras))
        kept = []
        for row, cells in data:
            found = error_cells(cells, wanted)
            for index, header, code in found:
                self.problems.append(
                    CellProblem(error_message(row, index, code), field=header, row=row, sheet=self.sheet)
                )
            if not found:
                kept.append((row, cells))
        return kept

    def prepare(self) -> None:
        """Load what the rows are matched against."""

    def plan_rows(self, data: list[tuple[int, list[Any]]]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Checks across all rows, and notes, once every row is planned."""

    def apply(self) -> None:
        raise NotImplementedError

    # -- cells
    def label(self, key: str) -> str:
        return self.hm.labels.get(key) or self._labels.get(key, key)

    def problem(self, row: int, key: str, message: str) -> None:
        self.problems.append(CellProblem(message, field=self.label(key), row=row, sheet=self.sheet))
        self._row_failed = True

    def where(self, row: int) -> str:
        """'row 7', or 'row 7 of sheet 'Day 2'' in a workbook of several sheets."""
        return f"row {row}" + (f" of sheet {self.sheet!r}" if self.sheet else "")

    def notes_with_extras(self, cells: list[Any]) -> str:
        """The Notes cell plus 'Header: value' for each column the import has no field for."""
        parts = [self.text(cells, "notes")]
        for index, header in self.extras:
            if index < len(cells) and (value := cell_text(cells[index])):
                parts.append(f"{header}: {value}")
        return "\n".join(p for p in parts if p)

    def text(self, cells: list[Any], key: str) -> str:
        # HeaderMap.get inlined: an import of 10,000 rows asks for about 100,000 cells.
        index = self.hm.columns.get(key)
        if index is None or index >= len(cells):
            return ""
        return cell_text(cells[index])

    def parse(self, row: int, cells: list[Any], key: str, fn: Callable[[Any], Any]) -> Any:
        """fn(cell) for a non-blank cell; None for a blank one; BAD (problem recorded) if fn refuses it."""
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
            return BAD
        return result

    def qs(self, row: int, cells: list[Any]) -> list[str] | None:
        """QS from the QS column and any QS tick columns; None if the row names none (no change)."""
        found: list[str] = []
        value = self.parse(row, cells, "qs", lambda v: parse_qs_list(cell_text(v)))
        if value is BAD:
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
        changes: dict[str, list[Any]] = {}
        for key, value in values.items():
            old = before.get(key)
            if isinstance(value, list):
                if sorted(map(str, old or [])) != sorted(map(str, value)):
                    changes[key] = [sorted(old or []), sorted(value)]
            elif old != value:
                changes[key] = [old, value]
        return changes


def word_choice(value: Any, allowed: dict[str, str], words: dict[str, str], field_name: str) -> str:
    key = normalise(cell_text(value))
    if key in words:
        return words[key]
    return choice(cell_text(value), allowed, field_name)


def excel_date(value: Any) -> Any:
    """An Excel serial day number (a date cell formatted as a number) as a datetime; else the value."""
    if isinstance(value, int | float) and not isinstance(value, bool) and 20000 <= value <= 80000:
        return EXCEL_EPOCH + timedelta(days=float(value))
    return value


def excel_time(value: Any) -> Any:
    """An Excel time fraction (0.375 is 09:00) as 'HH:MM'; else the value."""
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return value


def cell_date(value: Any) -> str:
    return parse_date(excel_date(value), "date", required=True)


def cell_time(value: Any) -> str:
    value = excel_time(value)
    if isinstance(value, datetime):
        value = value.time()
    return parse_time(value, "time")


def private(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Free-text notes are reported as changed, never shown; stored keys are shown as their labels."""
    return {
        k: (["(changed)", "(changed)"] if k == "notes" else [label_of(k, x) for x in v]) for k, v in changes.items()
    }


_LABELS = {
    "stage": STAGE,
    "consent": CONSENT,
    "contact": CONTACT,
    "status": {**EVIDENCE_STATUS, **SESSION_STATUS},
    "kind": {**SESSION_KIND, **PERSON_KIND},
}


def label_of(key: str, value: Any) -> Any:
    """What a reader expects to see: 'Given' not 'given', Tue 21 May 2024 not 2024-05-21."""
    if value in (None, "") or isinstance(value, list):
        return value
    if key in _LABELS:
        return _LABELS[key].get(value, value)
    if key == "category":
        return _category_name(value)
    if key in ("date", "consent_date", "records_shared_date", "document_date") and len(str(value)) == 10:
        return long_date(str(value))
    return value


def _category_name(category_id: str) -> str:
    try:
        return current().category(category_id).name
    except ReadinessError:
        return category_id
