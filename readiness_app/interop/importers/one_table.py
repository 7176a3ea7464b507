"""The steps every one-table import shares: the data pack's indicators, CQC's request
list and the rating characteristics.

Find the sheet and its header row, walk the rows that are not blank (numbered as in
the spreadsheet), refuse the whole file if any row is bad, then write every change in
one transaction after a snapshot of the self-assessment (the shared import hook).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop import columns as cols
from readiness_app.interop.columns import Column, HeaderMap, cell_text, error_cells, error_message
from readiness_app.interop.importers import ImportResult
from readiness_app.interop.importers.base import CellProblem
from readiness_app.interop.readers import Table, read_table
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.snapshots import take_before_import


@dataclass(frozen=True)
class HeadedTable:
    """One table and where its known columns are."""

    table: Table
    header: HeaderMap
    labels: dict[str, str]  # column key -> the heading the file uses (or ours, if it lacks the column)

    def excel_errors(self) -> list[ReadinessError]:
        """A problem for each cell of a known column that holds an Excel error (#N/A, #REF! ...)."""
        wanted = {index: self.labels.get(key, key) for key, index in self.header.columns.items()}
        return [
            CellProblem(error_message(row, index, code), field=header, row=row)
            for row, cells in self.rows()
            for index, header, code in error_cells(cells, wanted)
        ]

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(spreadsheet row number, cells) for each row under the header that is not blank."""
        for index in range(self.header.header_index + 1, len(self.table.rows)):
            cells = self.table.rows[index]
            if any(cell_text(c) for c in cells):
                yield index + 1, cells


def read_headed(path: Path | str, spec: tuple[Column, ...], sheet: str | None = None) -> HeadedTable:
    """The table in `path` (the named sheet, or the first that has spec's header); refused without one."""
    table = read_table(path, sheet=sheet, looks_right=lambda rows: cols.find_header(rows, spec) is not None)
    header = cols.require_header(table.rows, spec, table.source)
    return HeadedTable(table, header, {c.key: header.labels.get(c.key, c.label) for c in spec})


def new_result(kind: str, headed: HeadedTable, dry_run: bool) -> ImportResult:
    result = ImportResult(kind=kind, source=headed.table.source, sheet=headed.table.sheet, dry_run=dry_run)
    result.notes.extend(headed.table.notes)
    return result


def refuse_if_bad(result: ImportResult, problems: list[ReadinessError], noun: str) -> None:
    """Refuse a file with no rows under its header, or with any bad row (naming every one)."""
    if not result.rows:
        raise ReadinessError(f"{result.source}: there is a header row but no {noun} under it")
    if problems:
        raise ValidationErrors(problems, what=result.source)


def write_changes(
    reg: Register,
    result: ImportResult,
    table: str,
    creates: list[dict[str, Any]],
    updates: list[tuple[int, dict[str, Any]]],
) -> None:
    """Write a checked import's new and changed records in one transaction (none on a dry run)."""
    if result.dry_run or not result.changed:
        return
    with reg.transaction("import"):
        take_before_import(reg, result.source)
        records.insert_many(reg, table, creates)
        for record_id, values in updates:
            records.update(reg, table, record_id, values)
