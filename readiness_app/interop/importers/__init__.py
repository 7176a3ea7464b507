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

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop import columns as cols
from readiness_app.interop.columns import Column, cell_text
from readiness_app.interop.importers.base import CellProblem, Change, ImportResult, RowImporter
from readiness_app.interop.importers.cases import CaseImporter
from readiness_app.interop.importers.evidence import EvidenceImporter
from readiness_app.interop.importers.people import PeopleImporter, parse_attendee
from readiness_app.interop.importers.sessions import SessionImporter
from readiness_app.interop.readers import Table, read_table
from readiness_app.logs import get_logger
from readiness_app.register.connection import Register

__all__ = ["KINDS", "CellProblem", "Change", "ImportResult", "import_file", "import_table", "parse_attendee"]

log = get_logger("readiness_app.interop")
KINDS = ("cases", "sessions", "people", "evidence")


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


IMPORTERS: dict[str, tuple[tuple[Column, ...], type[RowImporter]]] = {
    "cases": (cols.CASES, CaseImporter),
    "sessions": (cols.SESSIONS, SessionImporter),
    "people": (cols.PEOPLE, PeopleImporter),
    "evidence": (cols.EVIDENCE, EvidenceImporter),
}
