"""Importing CQC's request list for the information return (CSV or XLSX).

Rows are matched to the register by item number, so a re-sent list updates
titles and descriptions without losing answers. A number used twice in one
file is refused, naming both rows. All rows or none; a snapshot of the
self-assessment is taken first (the shared import hook).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.framework.matcher import match_category, parse_qs_list
from readiness_app.interop.columns import QS_VARIANTS, Column, cell_text
from readiness_app.interop.importers import CellProblem, Change, ImportResult
from readiness_app.interop.importers.one_table import new_result, read_headed, refuse_if_bad, write_changes
from readiness_app.register import information_return as ir
from readiness_app.register.connection import Register
from readiness_app.register.validation import parse_date

REQUEST_LIST = (
    Column(
        "number",
        "Item number",
        ("Item", "Item no", "No", "Number", "Ref", "Request number", "Request no", "Request ref", "Reference", "#"),
        required=True,
    ),
    Column(
        "title",
        "Title",
        ("Item title", "Request", "Document requested", "Evidence requested", "Information requested", "Item name"),
        required=True,
    ),
    Column("description", "Description", ("Details", "Detail", "Guidance", "Further detail", "Notes")),
    Column("qs", "QS", QS_VARIANTS[1:]),
    Column("category", "Evidence category", ("Category", "Evidence type", "Type of evidence")),
    Column("owner", "Owner", ("Lead", "Responsible officer")),
    Column("due_date", "Due date", ("Due", "Deadline")),
)
FIELDS = ("title", "description", "qs", "category", "owner", "due_date")


def import_request_list(
    reg: Register, path: Path | str, *, dry_run: bool = False, sheet: str | None = None
) -> ImportResult:
    """Import (or re-import) the request list in `path`. Raises ValidationErrors listing every bad row."""
    headed = read_headed(path, REQUEST_LIST, sheet)
    labels = headed.labels
    result = new_result("request list", headed, dry_run)
    problems: list[ReadinessError] = headed.excel_errors()
    stored = ir.stored_items(reg)
    seen: dict[str, int] = {}
    decimal_note: list[str] = []
    creates: list[tuple[Change, dict[str, Any]]] = []
    updates: list[tuple[Change, int, dict[str, Any]]] = []
    hm = headed.header
    for row, cells in headed.rows():
        result.rows += 1
        values, failed = {}, False
        for column in REQUEST_LIST:
            text = cell_text(hm.get(cells, column.key))
            try:
                values[column.key] = _value(column.key, text, hm.get(cells, column.key))
            except ReadinessError as exc:
                problems.append(CellProblem(exc.message, field=labels[column.key], row=row))
                failed = True
        number = str(values.get("number") or "")
        raw_number = hm.get(cells, "number")
        if isinstance(raw_number, float) and not raw_number.is_integer() and not decimal_note:
            decimal_note.append(
                f"row {row}: item {number} is a number in the workbook, so Excel may have dropped a final 0"
                " (3.10 reads as 3.1); format the column as text if CQC's numbers end in 0"
            )
        if number:
            key = number.lower()
            if key in seen:
                problems.append(
                    CellProblem(f"item {number} is also on row {seen[key]}", field=labels["number"], row=row)
                )
                failed = True
            seen.setdefault(key, row)
        before = stored.get(number.lower()) if number else None
        if number and before is None and not values.get("title"):
            problems.append(CellProblem("a new item needs a title", field=labels["title"], row=row))
            failed = True
        if failed:
            continue
        if before is None:
            clean = {k: v for k, v in values.items() if v not in (None, "")}
            creates.append((Change("create", number, row), clean))
            continue
        changes = {k: [before[k], values[k]] for k in FIELDS if values[k] not in (None, "") and before[k] != values[k]}
        if changes:
            updates.append(
                (Change("update", number, row, changes), before["id"], {k: v[1] for k, v in changes.items()})
            )
        else:
            result.unchanged += 1
    refuse_if_bad(result, problems, "items")
    result.notes.extend(decimal_note)
    result.created = [c for c, _ in creates]
    result.updated = [c for c, _, _ in updates]
    write_changes(reg, result, "return_item", [v for _, v in creates], [(i, v) for _, i, v in updates])
    return result


def _value(key: str, text: str, raw: Any) -> Any:
    if key == "number":
        return ir.clean_number(text)
    if key == "title":
        return text
    if key == "qs":
        ids = parse_qs_list(text) if text else []
        return ",".join(ids) or None
    if key == "category":
        if not text:
            return None
        found = match_category(text)
        if found is None:
            names = ", ".join(c.name for c in current().categories)
            raise ReadinessError(f"unknown evidence category {text!r} (use one of: {names})")
        return found.id
    if key == "due_date":
        return parse_date(raw if raw not in (None, "") else None, "due date")
    return text
