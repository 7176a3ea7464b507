"""Which sheets of a file an import reads, and how: header, data rows, the sheet's date.

`plan_sheets` lays out every sheet asked for (every visible one, or one by
name), skips the rest with a reason, and records per sheet what was read in
`ImportResult.sheets`. A timetable sheet with no date stops the import.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop.columns import Column, cell_text, header_key, personal_data_notes
from readiness_app.interop.importers.base import CellProblem, ImportResult
from readiness_app.interop.mapping import ImportOptions
from readiness_app.interop.readers import Table
from readiness_app.interop.sheet_dates import VisitDays, date_in_text, visit_span, year_in
from readiness_app.interop.sheets import SheetLayout, lay_out
from readiness_app.register import assessment
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date

MAX_SHEETS = 100  # a timetable has a sheet a day; more than this is not a timetable
Plan = tuple[SheetLayout, dict[str, Any]]  # a sheet's layout, and what rows need from it (name, date, extras)


def plan_sheets(
    reg: Register,
    kind: str,
    spec: tuple[Column, ...],
    tables: list[Table],
    options: ImportOptions,
    result: ImportResult,
) -> list[Plan]:
    """The sheets to read, each laid out; the rest skipped with a reason in result.sheets.

    Raises ValidationErrors when a timetable sheet has no date (nothing is imported), and
    ReadinessError when no sheet can be read at all.
    """
    chosen = _chosen(tables, options)
    several = sum(not t.hidden for t in tables) > 1
    visit = _visit(reg) if kind == "sessions" else VisitDays()
    plans: list[Plan] = []
    problems: list[ReadinessError] = []
    failures: list[tuple[Table, ReadinessError]] = []
    for table in chosen:
        label = f"sheet {table.sheet!r}" if table.sheet else table.source
        if table.hidden:
            result.sheets.append(f"{label}: skipped (hidden)")
            continue
        try:
            if not table.rows:
                raise ReadinessError("it has no rows")
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
        result.sheets.append(read + _skipped(layout))
        result.rows_by_sheet[context["sheet"]] = count
        _notes(result, kind, spec, table, layout, label if several else "")
        plans.append((layout, context))
    if problems:
        raise ValidationErrors(problems, what=tables[0].source)
    if not plans:
        raise _nothing_read(tables, chosen, failures, several, result)
    _refuse_unknown_mapped(tables[0].source, options, plans)
    result.rows = sum(len(layout.data) for layout, _ in plans)
    if not result.rows:
        raise ReadinessError(
            f"{tables[0].source}: there is a header row but no data rows", "fill in at least one row under the headers"
        )
    result.sheet = ", ".join(layout.name for layout, _ in plans if layout.name)
    return plans


def _refuse_unknown_mapped(source: str, options: ImportOptions, plans: list[Plan]) -> None:
    """A mapped column that no header read has is a typing slip: say so rather than import without it."""
    headers = [cell_text(c) for layout, _ in plans for c in layout.table.rows[layout.hm.header_index]]
    present = {header_key(h) for h in headers if h}
    unknown = [name for name in options.columns if header_key(name) not in present]
    if unknown:
        listed = ", ".join(repr(h) for h in dict.fromkeys(h for h in headers if h))
        raise ReadinessError(
            f"the mapping names {', '.join(repr(u) for u in unknown)}, which {source} has no column called"
            f" (its columns: {listed})",
            "check the spelling in --map or the mapping file",
            field="map",
        )


def _chosen(tables: list[Table], options: ImportOptions) -> list[Table]:
    if len(tables) > MAX_SHEETS:
        raise ReadinessError(
            f"{tables[0].source} has {len(tables)} sheets; an import reads at most {MAX_SHEETS}",
            "copy the sheets you need into a new workbook, or name one with --sheet",
        )
    if options.all_sheets:
        return tables
    if not tables[0].sheet:
        raise ReadinessError(f"{tables[0].source} is a CSV file, which has no sheets; leave out --sheet", field="sheet")
    wanted = (options.sheet or "").strip().lower()
    chosen = [t for t in tables if t.sheet.strip().lower() == wanted]
    if not chosen:
        listed = ", ".join(repr(t.sheet) for t in tables)
        raise ReadinessError(
            f"{tables[0].source} has no sheet named {options.sheet!r}; its sheets are {listed}", field="sheet"
        )
    return chosen


def _skipped(layout: SheetLayout) -> str:
    parts = [f"{n} {what if n != 1 else what.replace(' rows', ' row')}" for what, n in layout.skipped_rows.items()]
    return f"; skipped {', '.join(parts)}" if parts else ""


def _notes(
    result: ImportResult, kind: str, spec: tuple[Column, ...], table: Table, layout: SheetLayout, label: str
) -> None:
    prefix = f"{label}: " if label else ""
    result.notes.extend(prefix + note for note in table.notes)
    # The personal-data guard: a note per row and column, never the text itself.
    result.notes.extend(prefix + note for note in personal_data_notes(spec, layout.hm, layout.data))
    result.notes.extend(prefix + note for note in layout.notes if not note.startswith("header on row"))
    if layout.extras and kind != "people":  # people have no notes to keep them in
        shown = ", ".join(h for _, h in layout.extras)
        result.notes.append(f"columns {shown} were added to each row's notes" + (f" ({label})" if label else ""))
    elif layout.hm.ignored:
        result.notes.append(f"columns not used: {', '.join(layout.hm.ignored)}")


def _nothing_read(
    tables: list[Table],
    chosen: list[Table],
    failures: list[tuple[Table, ReadinessError]],
    several: bool,
    result: ImportResult,
) -> ReadinessError:
    source = tables[0].source
    if not failures:  # every sheet asked for is hidden
        names = ", ".join(repr(t.sheet) for t in chosen)
        return ReadinessError(
            f"{source}: the only sheets to read ({names}) are hidden",
            "unhide the sheet in Excel (right-click a sheet tab > Unhide), save, and import again",
        )
    if len(failures) == 1 or not several:
        table, exc = failures[0]
        where = f"{source} [{table.sheet}]" if table.sheet and several else source
        return ReadinessError(f"{where}: {exc.message}", exc.hint)
    return ReadinessError(
        f"{source}: no sheet has a header row this import recognises",
        "; ".join(result.sheets) + ". Name the sheet and header row, or map the columns",
    )


def _visit(reg: Register) -> VisitDays:
    days = assessment.visit_days(reg)
    return VisitDays(
        onsite=tuple(d["date"] for d in days if d["kind"] == "onsite"),
        virtual=tuple(d["date"] for d in days if d["kind"] != "onsite"),
    )


def _sheet_date(
    table: Table, layout: SheetLayout, options: ImportOptions, visit: VisitDays
) -> tuple[str, str] | ReadinessError | None:
    """(date, where it came from) for a timetable sheet; None when a Date column gives each row's date.

    A date set for the sheet in the import dialog wins (and so does --date when one sheet is
    named). A sheet-name date takes its year from the title when the title names one, and a
    date that falls outside the visit is one message for the sheet, not one per row.
    """
    if set_for := options.sheet_dates.get(table.sheet):
        return set_for, "as set"
    if options.date and not options.all_sheets:
        return options.date, "as given"
    if layout.hm.has("date") and not options.date:
        return None
    label = f"sheet {table.sheet!r}" if table.sheet else "the sheet"
    year = next((y for y in map(year_in, layout.above) if y), None)
    try:
        found: tuple[str, str] | None = None
        if table.sheet and (day := date_in_text(table.sheet, visit, year)):
            how = "from the sheet name and title" if year and not year_in(table.sheet) else "from the sheet name"
            found = day, how
        else:
            for text in layout.above:
                if day := date_in_text(text, visit):
                    found = day, "from the title"
                    break
    except ReadinessError as exc:
        if layout.hm.has("date"):
            return None  # each row has its own date; the name was only a label
        return ReadinessError(f"{label}: {exc.message}", exc.hint)
    if found:
        if visit.all and not visit.all[0] <= found[0] <= visit.all[-1]:
            return ReadinessError(
                f"{label} is dated {_day_month_year(found[0])} ({found[1]});"
                f" the visit is {visit_span(visit)}; set the date for this sheet",
                "choose the sheet in the import window and type its date, or correct the sheet's name",
            )
        return found
    if options.date:
        return options.date, "as given"
    if layout.hm.has("date"):
        return None
    return ReadinessError(
        "no date for this sheet: no Date column, and none in the sheet name or title"
        " (add --date or a date in the sheet name)"
    )


def _day_month_year(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%b %Y}"
