"""`qs import`: the self-assessment per QS from a spreadsheet, including the QS lead's key messages.

One row per quality statement; the QS may be written as an id ("QS1") or any
name variant the matcher knows. Only the columns present are changed, so a
sheet with just "QS" and "Key messages" updates the key messages alone. All
rows or none: every problem is reported with its row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.framework.matcher import match_qs
from readiness_app.framework.rating import validate_score
from readiness_app.interop.columns import Column, cell_text, require_header
from readiness_app.interop.readers import read_table
from readiness_app.register import self_assessment
from readiness_app.register.connection import Register

COLUMNS = (
    Column("qs", "QS", ("Quality statement", "QS id", "Statement"), required=True),
    Column("score", "Score", ("Self-assessed score", "Our score")),
    Column("target", "Target", ("Target score",)),
    Column("owner", "QS lead", ("Lead", "Owner")),
    Column("strengths", "Strengths", ("Key strengths",)),
    Column("development", "Areas for development", ("Development", "Areas for improvement")),
    Column("key_messages", "Key messages", ("Key message", "Messages")),
    Column("narrative", "Narrative", ("Self-assessment", "Summary")),
)


def read_rows(path: Path | str) -> dict[str, dict[str, Any]]:
    """QS id -> the values to set, or ValidationErrors naming each bad cell."""
    table = read_table(path, looks_right=lambda rows: any("key" in " ".join(map(cell_text, r)).lower() for r in rows))
    header = require_header(table.rows, COLUMNS, table.source)
    problems: list[ReadinessError] = []
    out: dict[str, dict[str, Any]] = {}
    for index in range(header.header_index + 1, len(table.rows)):
        row = table.rows[index]
        if not any(cell_text(c) for c in row):
            continue
        where = f"row {index + 1}"
        qs_text = cell_text(header.get(row, "qs"))
        q = match_qs(qs_text)
        if q is None:
            problems.append(ReadinessError(f"{where}, {header.labels['qs']}: {qs_text!r} is not a quality statement"))
            continue
        if q.id in out:
            problems.append(ReadinessError(f"{where}: {q.id} appears twice"))
            continue
        values: dict[str, Any] = {}
        for col in COLUMNS[1:]:
            if not header.has(col.key):
                continue
            text = cell_text(header.get(row, col.key))
            if col.key in ("score", "target"):
                try:
                    values[col.key] = validate_score(text or None, col.label.lower())
                except ReadinessError as exc:
                    problems.append(ReadinessError(f"{where}, {header.labels[col.key]}: {exc}"))
            else:
                values[col.key] = text
        out[q.id] = values
    if problems:
        raise ValidationErrors(problems, what=f"self-assessment import from {Path(path).name}")
    if not out:
        raise ReadinessError(f"{Path(path).name}: no quality statement rows found under the header")
    return out


def import_self_assessment(reg: Register, path: Path | str) -> dict[str, list[str]]:
    """Apply the sheet in one transaction. Returns QS id -> the fields that changed."""
    rows = read_rows(path)
    changed: dict[str, list[str]] = {}
    with reg.transaction("import"):
        for qs_id, values in rows.items():
            diff = self_assessment.update(reg, qs_id, **values)
            if diff:
                changed[qs_id] = sorted(diff)
    return changed
