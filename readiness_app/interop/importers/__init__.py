"""Bringing a case list, a timetable, people or evidence details in from a spreadsheet.

Every import runs in two steps. `plan` reads every row, checks it against the
register and works out what would change, collecting every problem (row,
column, reason) instead of stopping at the first. Only a clean plan is applied,
in ONE register transaction with source "import": a file with any bad row
changes nothing. `--dry-run` stops after the plan.

Matching makes re-imports safe: cases by code, sessions by Session ID (in files
exported from this app) or by date + start + title, people by name and
organisation, evidence by relative path. A record whose cells all agree with
the register is left alone, so importing the same file twice writes nothing.
A blank cell never erases what the register holds; it means "no change".

One module per kind of import; `base` holds what they share.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop import columns as cols
from readiness_app.interop.columns import Column
from readiness_app.interop.importers.base import CellProblem, Change, ImportResult, RowImporter
from readiness_app.interop.importers.cases import CaseImporter
from readiness_app.interop.importers.evidence import EvidenceImporter
from readiness_app.interop.importers.people import PeopleImporter, parse_attendee
from readiness_app.interop.importers.sessions import SessionImporter
from readiness_app.interop.mapping import ImportOptions
from readiness_app.interop.readers import Table, read_sheets
from readiness_app.interop.sheet_dates import VisitDays, date_in_text
from readiness_app.interop.sheets import SheetLayout, lay_out
from readiness_app.logs import get_logger
from readiness_app.register import assessment
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date

__all__ = [
    "KINDS",
    "CellProblem",
    "Change",
    "ImportOptions",
    "ImportResult",
    "import_file",
    "import_tables",
    "parse_attendee",
]

log = get_logger("readiness_app.interop")
KINDS = ("cases", "sessions", "people", "evidence")
MAX_SHEETS = 100  # a timetable has a sheet a day; more than this is not a timetable


def import_file(
    reg: Register,
    kind: str,
    path: Path | str,
    *,
    dry_run: bool = False,
    sheet: str | None = None,
    options: ImportOptions | None = None,
) -> ImportResult:
    """Import `path` as `kind` (cases, sessions, people, evidence). All or nothing.

    Every visible sheet with a recognisable header is read unless `sheet`
    (or options.sheet) names one; `options` carries the lead's mapping.
    """
    if kind not in IMPORTERS:
        raise ReadinessError(f"unknown import {kind!r}; choose one of {', '.join(KINDS)}")
    options = options or ImportOptions()
    if sheet:
        options = ImportOptions(sheet=sheet, header_row=options.header_row, columns=options.columns, date=options.date)
    with _collector_paused():  # reading a workbook makes as many small lists as planning does
        tables = read_sheets(path)
        return import_tables(reg, kind, tables, options, dry_run=dry_run)


def import_tables(
    reg: Register, kind: str, tables: list[Table], options: ImportOptions, *, dry_run: bool = False
) -> ImportResult:
    spec, importer_class = IMPORTERS[kind]
    source = tables[0].source if tables else "file"
    result = ImportResult(kind=kind, source=source, sheet="", dry_run=dry_run)
    plans = plan_sheets(reg, kind, tables, options, result)
    importer = importer_class(reg, result)
    with _collector_paused():
        importer.plan([(layout.hm, layout.data, context) for layout, context in plans])
        if importer.problems:
            raise ValidationErrors(importer.problems, what=source)
        if not dry_run and result.changed:
            with reg.transaction("import"):
                importer.apply()
    log.info(
        "import %s: %d sheets, %d rows, %d created, %d updated, dry_run=%s",
        kind,
        len(plans),
        result.rows,
        len(result.created),
        len(result.updated),
        dry_run,
    )
    return result


def plan_sheets(
    reg: Register, kind: str, tables: list[Table], options: ImportOptions, result: ImportResult
) -> list[tuple[SheetLayout, dict[str, Any]]]:
    """The sheets to read, each laid out; the rest skipped with a reason in result.sheets.

    Raises ValidationErrors when a timetable sheet has no date (nothing is imported), and
    ReadinessError when no sheet can be read at all.
    """
    spec = IMPORTERS[kind][0]
    workbook = bool(tables and tables[0].sheet)
    several = sum(not t.hidden for t in tables) > 1
    if len(tables) > MAX_SHEETS:
        raise ReadinessError(
            f"{tables[0].source} has {len(tables)} sheets; an import reads at most {MAX_SHEETS}",
            "copy the sheets you need into a new workbook, or name one with --sheet",
        )
    chosen = tables
    if not options.all_sheets:
        if not workbook:
            raise ReadinessError(
                f"{tables[0].source} is a CSV file, which has no sheets; leave out --sheet", field="sheet"
            )
        wanted = options.sheet.strip().lower()
        chosen = [t for t in tables if t.sheet.strip().lower() == wanted]
        if not chosen:
            listed = ", ".join(repr(t.sheet) for t in tables)
            raise ReadinessError(
                f"{tables[0].source} has no sheet named {options.sheet!r}; its sheets are {listed}", field="sheet"
            )
    visit = _visit(reg) if kind == "sessions" else VisitDays()
    plans: list[tuple[SheetLayout, dict[str, Any]]] = []
    problems: list[ReadinessError] = []
    failures: list[tuple[Table, ReadinessError]] = []
    for table in chosen:
        label = f"sheet {table.sheet!r}" if table.sheet else table.source
        if table.hidden:
            result.sheets.append(f"{label}: skipped (hidden)")
            continue
        if not table.rows:
            result.sheets.append(f"{label}: skipped (empty)")
            failures.append((table, ReadinessError("it has no rows")))
            continue
        try:
            layout = lay_out(table, spec, options, date_optional=kind == "sessions")
        except ReadinessError as exc:
            result.sheets.append(f"{label}: skipped ({exc.message})")
            failures.append((table, exc))
            continue
        context: dict[str, Any] = {"sheet": table.sheet if several else "", "extras": layout.extras}
        count = len(layout.data)
        read = f"{label}: read {count} row{'s' if count != 1 else ''} under the header on row {layout.header_row}"
        if kind == "sessions":
            found = _sheet_date(table, layout, options, visit)
            if isinstance(found, ReadinessError):
                problems.append(CellProblem(found.message, field="Date", row=layout.header_row, sheet=context["sheet"]))
                result.sheets.append(f"{label}: {found.message}")
                continue
            if found:
                context["date"], how = found
                read += f", date {long_date(context['date'])} ({how})"
        skipped = [
            f"{n} {what if n != 1 else what.replace(' rows', ' row')}" for what, n in layout.skipped_rows.items()
        ]
        if skipped:
            read += f"; skipped {', '.join(skipped)}"
        result.sheets.append(read)
        prefix = f"{label}: " if several else ""
        result.notes.extend(prefix + note for note in table.notes)
        result.notes.extend(prefix + note for note in layout.notes if not note.startswith("header on row"))
        if layout.extras and kind != "people":
            shown = ", ".join(h for _, h in layout.extras)
            result.notes.append(f"columns {shown} were added to each row's notes" + (f" ({label})" if several else ""))
        elif layout.hm.ignored:
            result.notes.append(f"columns not used: {', '.join(layout.hm.ignored)}")
        plans.append((layout, context))
    if problems:
        raise ValidationErrors(problems, what=tables[0].source)
    if not plans:
        if not failures:  # every sheet asked for is hidden
            names = ", ".join(repr(t.sheet) for t in chosen)
            raise ReadinessError(
                f"{tables[0].source}: the only sheets to read ({names}) are hidden",
                "unhide the sheet in Excel (right-click a sheet tab > Unhide), save, and import again",
            )
        if len(failures) == 1 or not several:
            table, exc = failures[0]
            where = tables[0].source if not table.sheet or not several else f"{table.source} [{table.sheet}]"
            raise ReadinessError(f"{where}: {exc.message}", exc.hint) from None
        raise ReadinessError(
            f"{tables[0].source}: no sheet has a header row this import recognises",
            "; ".join(result.sheets) + ". Name the sheet and header row, or map the columns",
        )
    data_rows = sum(len(layout.data) for layout, _ in plans)
    if not data_rows:
        raise ReadinessError(
            f"{source_of(plans)}: there is a header row but no data rows", "fill in at least one row under the headers"
        )
    result.rows = data_rows
    result.sheet = ", ".join(layout.name for layout, _ in plans if layout.name)
    return plans


def source_of(plans: list[tuple[SheetLayout, dict[str, Any]]]) -> str:
    return plans[0][0].table.source


def _visit(reg: Register) -> VisitDays:
    days = assessment.visit_days(reg)
    return VisitDays(
        onsite=tuple(d["date"] for d in days if d["kind"] == "onsite"),
        virtual=tuple(d["date"] for d in days if d["kind"] != "onsite"),
    )


def _sheet_date(
    table: Table, layout: SheetLayout, options: ImportOptions, visit: VisitDays
) -> tuple[str, str] | ReadinessError | None:
    """(date, where it came from) for a timetable sheet; None when a Date column gives each row's date."""
    if layout.hm.has("date") and not options.date:
        return None
    try:
        if table.sheet and (found := date_in_text(table.sheet, visit)):
            return found, "from the sheet name"
        for text in layout.above:
            if found := date_in_text(text, visit):
                return found, "from the title"
    except ReadinessError as exc:
        if layout.hm.has("date"):
            return None  # each row has its own date; the name was only a label
        return exc
    if options.date:
        return options.date, "as given"
    if layout.hm.has("date"):
        return None
    return ReadinessError(
        "no date for this sheet: no Date column, and none in the sheet name or title"
        " (add --date or a date in the sheet name)"
    )


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


IMPORTERS: dict[str, tuple[tuple[Column, ...], type[RowImporter]]] = {
    "cases": (cols.CASES, CaseImporter),
    "sessions": (cols.SESSIONS, SessionImporter),
    "people": (cols.PEOPLE, PeopleImporter),
    "evidence": (cols.EVIDENCE, EvidenceImporter),
}
