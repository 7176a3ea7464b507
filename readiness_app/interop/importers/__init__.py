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

One module per kind of import; `base` holds what they share and `workbook`
decides which sheets of a file are read, and how.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Iterator
from pathlib import Path

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop import columns as cols
from readiness_app.interop.columns import Column
from readiness_app.interop.importers.base import CellProblem, Change, ImportResult, RowImporter
from readiness_app.interop.importers.cases import CaseImporter
from readiness_app.interop.importers.evidence import EvidenceImporter
from readiness_app.interop.importers.findings import FindingImporter
from readiness_app.interop.importers.people import PeopleImporter, parse_attendee
from readiness_app.interop.importers.sessions import SessionImporter
from readiness_app.interop.importers.workbook import plan_sheets
from readiness_app.interop.mapping import ImportOptions
from readiness_app.interop.readers import Table, read_sheets
from readiness_app.logs import get_logger
from readiness_app.register import snapshots
from readiness_app.register.connection import Register

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
KINDS = ("cases", "sessions", "people", "evidence", "findings")


def import_file(
    reg: Register,
    kind: str,
    path: Path | str,
    *,
    dry_run: bool = False,
    sheet: str | None = None,
    options: ImportOptions | None = None,
    allow_personal_data: bool = False,
) -> ImportResult:
    """Import `path` as `kind` (cases, sessions, people, evidence). All or nothing.

    Every visible sheet with a recognisable header is read unless `sheet`
    (or options.sheet) names one; `options` carries the lead's mapping.
    `allow_personal_data`: the lead confirms a case list holds personal data on purpose.
    """
    if kind not in IMPORTERS:
        raise ReadinessError(f"unknown import {kind!r}; choose one of {', '.join(KINDS)}")
    options = options or ImportOptions()
    if sheet:
        options = dataclasses.replace(options, sheet=sheet)
    with _collector_paused():  # reading a workbook makes as many small lists as planning does
        tables = read_sheets(path)
        return import_tables(reg, kind, tables, options, dry_run=dry_run, allow_personal_data=allow_personal_data)


def import_tables(
    reg: Register,
    kind: str,
    tables: list[Table],
    options: ImportOptions,
    *,
    dry_run: bool = False,
    allow_personal_data: bool = False,
) -> ImportResult:
    importer_class = IMPORTERS[kind][1]
    source = tables[0].source if tables else "file"
    result = ImportResult(kind=kind, source=source, sheet="", dry_run=dry_run)
    plans = plan_sheets(reg, kind, IMPORTERS[kind][0], tables, options, result)
    importer = importer_class(reg, result)
    importer.allow_personal_data = allow_personal_data
    with _collector_paused():
        importer.plan([(layout.hm, layout.data, context) for layout, context in plans])
        if importer.problems:
            raise ValidationErrors(importer.problems, what=source)
        if not dry_run and result.changed:
            with reg.transaction("import"):
                snapshots.take_before_import(reg, source)  # the self-assessment as it was before this import
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
    "findings": (cols.FINDINGS, FindingImporter),
}
