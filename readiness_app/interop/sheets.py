"""Finding the table in a sheet built for people to read.

Councils' sheets carry a title, notes and blank rows above the header, spacer
rows and repeated headers in the body, and columns the import has no field
for. `lay_out` finds the header row (the candidate with the most recognised
columns wins, and the report says which row), applies the lead's mapping,
and hands back only the data rows, numbered as Excel numbers them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.interop.columns import Column, HeaderMap, cell_text, header_key, match_header
from readiness_app.interop.mapping import IGNORE, ImportOptions
from readiness_app.interop.readers import Table

SEARCH_ROWS = 20  # non-blank rows looked at for the header
AFTER_HEADER = 3  # rows looked at below the best header so far, for a fuller one
OWN_EXPORT_ONLY = {"sha 256", "sha256"}  # columns this app's exports write that no import reads
STANDS_IN_FOR = {"name": "last_name"}  # an HR list gives Forename and Surname, not Name


@dataclass
class SheetLayout:
    """One sheet's table: where its header is, what each column means, and its data rows."""

    table: Table
    hm: HeaderMap
    data: list[tuple[int, list[Any]]]
    extras: list[tuple[int, str]] = field(default_factory=list)  # (column index, header): go into notes
    above: list[str] = field(default_factory=list)  # texts above the header (a title may hold the date)
    skipped_rows: dict[str, int] = field(default_factory=dict)  # "spacer rows" -> count
    notes: list[str] = field(default_factory=list)

    @property
    def header_row(self) -> int:
        return self.hm.header_index + 1

    @property
    def name(self) -> str:
        return self.table.sheet


def _map_row(row: list[Any], spec: tuple[Column, ...], columns: dict[str, str]) -> tuple[HeaderMap, set[int]]:
    """match_header, then the lead's own COLUMN=FIELD choices on top. Returns the map and ignored indices."""
    hm = match_header(row, spec)
    ignored: set[int] = set()
    if not columns:
        return hm, ignored
    wanted = {header_key(k): v for k, v in columns.items()}
    for index, cell in enumerate(row):
        target = wanted.get(header_key(cell))
        if target is None:
            continue
        hm.qs_ticks.pop(index, None)
        for key in [k for k, i in hm.columns.items() if i == index or k == target]:
            del hm.columns[key]
            hm.labels.pop(key, None)
        if target == IGNORE:
            ignored.add(index)
        else:
            hm.columns[target] = index
            hm.labels[target] = cell_text(cell)
    used = set(hm.columns.values()) | set(hm.qs_ticks) | ignored
    hm.ignored = [cell_text(c) for i, c in enumerate(row) if i not in used and cell_text(c)]
    return hm, ignored


def _score(hm: HeaderMap) -> int:
    return len(hm.columns) + len(hm.qs_ticks)


def _filled(row: list[Any]) -> int:
    return sum(1 for cell in row if cell_text(cell))


def lay_out(
    table: Table, spec: tuple[Column, ...], options: ImportOptions, *, date_optional: bool = False
) -> SheetLayout:
    """The sheet's header and data rows. Raises ReadinessError (saying why) when it has no usable header."""
    required = [c for c in spec if c.required and not (date_optional and c.key == "date")]

    def usable(hm: HeaderMap, row: list[Any]) -> bool:
        present = all(hm.has(c.key) or hm.has(STANDS_IN_FOR.get(c.key, "-")) for c in required)
        # Two recognised columns make a header; so does a row of nothing but the required
        # ones (a list of just "Case code" or just "Name").
        return present and (_score(hm) >= 2 or len(spec) == 1 or _score(hm) == _filled(row))

    rows = table.rows
    notes: list[str] = []
    if options.header_row:
        index = options.header_row - 1
        if index >= len(rows) or not any(cell_text(c) for c in rows[index]):
            raise ReadinessError(f"row {options.header_row} is blank or past the end of the sheet", field="header row")
        hm, ignored = _map_row(rows[index], spec, options.columns)
        hm.header_index = index
        if not usable(hm, rows[index]):
            missing = ", ".join(c.label for c in required if not hm.has(c.key)) or "a second recognised column"
            raise ReadinessError(
                f"row {options.header_row} is not a header row: no column for {missing}",
                "choose another header row, or say what the columns are (on the command line: --map 'Meeting=title')",
            )
    else:
        found = _best_header(rows, spec, options.columns, usable)
        if found is None:
            names = ", ".join(repr(c.label) for c in required)
            first = next((r for r in rows if any(cell_text(c) for c in r)), [])
            shown = ", ".join(repr(cell_text(c)) for c in first[:8] if cell_text(c)) or "nothing"
            raise ReadinessError(
                f"no header row with the columns {names} (the first row has {shown})",
                "check this is the right file or sheet, or say which row is the header and map the columns",
            )
        hm, ignored, others = found
        if others:
            shown = " and ".join(str(r) for r in sorted({*others, hm.header_index + 1}))
            notes.append(
                f"rows {shown} both look like headers; used row {hm.header_index + 1} ({_score(hm)} recognised columns)"
            )
        elif any(any(cell_text(c) for c in r) for r in rows[: hm.header_index]):
            notes.append(f"header on row {hm.header_index + 1}; the rows above it were read as a title")
    header = rows[hm.header_index]
    used = set(hm.columns.values()) | set(hm.qs_ticks) | ignored
    # A second header for a field already taken ("Quality statement" beside "QS") is a duplicate, not a note.
    known = {header_key(n) for col in spec for n in col.names} | OWN_EXPORT_ONLY
    extras = [(i, cell_text(c)) for i, c in enumerate(header) if i not in used and header_key(c) not in known]
    extras = [(i, text) for i, text in extras if text]
    above = [cell_text(c) for r in rows[: hm.header_index] for c in r if cell_text(c)]
    layout = SheetLayout(table=table, hm=hm, data=[], extras=extras, above=above, notes=notes)
    _body(layout, rows, spec)
    return layout


def _best_header(
    rows: list[list[Any]], spec: tuple[Column, ...], columns: dict[str, str], usable: Any
) -> tuple[HeaderMap, set[int], list[int]] | None:
    """The candidate header with the most recognised columns (the first of equals), and the other candidates."""
    best: tuple[HeaderMap, set[int]] | None = None
    candidates: dict[tuple[str, ...], int] = {}  # distinct header texts -> first row
    seen = best_seen = 0
    for index, row in enumerate(rows):
        if not any(cell_text(c) for c in row):
            continue
        seen += 1
        if seen > SEARCH_ROWS:
            break
        if best is not None and seen > best_seen + AFTER_HEADER:
            break  # the rows below a header are data; a better header would be right under it
        hm, ignored = _map_row(row, spec, columns)
        if not usable(hm, row):
            continue
        hm.header_index = index
        candidates.setdefault(tuple(header_key(c) for c in row), index + 1)
        if best is None or _score(hm) > _score(best[0]):
            best = (hm, ignored)
            best_seen = seen
    if best is None:
        return None
    others = [r for r in candidates.values() if r != best[0].header_index + 1]
    return best[0], best[1], others


def _body(layout: SheetLayout, rows: list[list[Any]], spec: tuple[Column, ...]) -> None:
    """Data rows under the header; blank rows, spacer rows and repeated headers left out."""
    hm = layout.hm
    header = rows[hm.header_index]
    lone_field_count = sum(1 for c in spec if c.required)
    checks = [(i, cell_text(header[i])) for i in sorted(hm.columns.values())[:3] if i < len(header)]
    spacers = repeats = 0
    data = layout.data
    for index in range(hm.header_index + 1, len(rows)):
        row = rows[index]
        first = None
        several = False
        for cell in row:
            if cell is None or cell == "":
                continue
            if first is None:
                first = cell
            elif cell != first:
                several = True
                break
        if first is None or not cell_text(first):
            continue  # blank
        if not several:
            # One value across the row ("Lunch" merged across) is a spacer. So is one lone cell in a
            # timetable ("Morning"); in a list keyed by one column it is a row, right or wrong.
            filled = sum(1 for cell in row if cell is not None and cell != "")
            if filled > 1 or lone_field_count != 1:
                spacers += 1
                continue
        elif checks and all(i < len(row) and cell_text(row[i]) == text for i, text in checks):
            repeats += 1  # the header again, as printed timetables repeat it per page or per day
            continue
        data.append((index + 1, row))
    if spacers:
        layout.skipped_rows["spacer rows"] = spacers
    if repeats:
        layout.skipped_rows["repeated header rows"] = repeats


# ---------------------------------------------------------------- a first look, for the import dialog

PREVIEW_ROWS = 12


@dataclass
class SheetPreview:
    """The opening rows of one sheet and what the import would make of them."""

    name: str
    rows: list[list[str]]  # the first PREVIEW_ROWS rows as text
    hidden: bool = False
    header_row: int | None = None  # as Excel numbers it; None when no header was found
    headers: list[str] = field(default_factory=list)  # the header row's cells
    fields: dict[int, str] = field(default_factory=dict)  # column index -> field key
    problem: str = ""  # why the sheet would be skipped


def preview_sheets(tables: list[Table], spec: tuple[Column, ...], options: ImportOptions) -> list[SheetPreview]:
    """Each sheet's opening rows, header and column fields, as the import would read them with `options`."""
    out = []
    for table in tables:
        shown = [[cell_text(c) for c in row] for row in table.rows[:PREVIEW_ROWS]]
        preview = SheetPreview(name=table.sheet, rows=shown, hidden=table.hidden)
        if table.hidden:
            preview.problem = "hidden"
        else:
            try:
                layout = lay_out(table, spec, options, date_optional=any(c.key == "date" for c in spec))
            except ReadinessError as exc:
                preview.problem = exc.message
                index = (options.header_row or 0) - 1
                if 0 <= index < len(table.rows):  # the lead's chosen row: show its columns so they can be mapped
                    hm, _ = _map_row(table.rows[index], spec, options.columns)
                    preview.headers = [cell_text(c) for c in table.rows[index]]
                    preview.fields = {i: key for key, i in hm.columns.items()}
            else:
                preview.header_row = layout.header_row
                preview.headers = [cell_text(c) for c in table.rows[layout.hm.header_index]]
                preview.fields = {index: key for key, index in layout.hm.columns.items()}
                preview.fields.update({index: "qs" for index in layout.hm.qs_ticks})
        out.append(preview)
    return out
