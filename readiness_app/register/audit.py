"""Reading the audit trail: every change the app, CLI, watcher or an import made.

The `audit` table is append-only: triggers in the schema refuse UPDATE and
DELETE, and the app only ever inserts through `records.audit`. Private fields
(names, notes, and every case field but its code, stage and QS: criteria,
consent and its dates, team, contact) are recorded by name as "(changed)",
never by value, so an export carries no personal data beyond what the user
typed into other fields. In an encrypted register the trail is encrypted with
everything else (it is a table of the same file).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register.connection import Register
from readiness_app.register.validation import parse_date
from readiness_app.register.where import Where

COLUMNS = ("id", "at", "source", "record_table", "record_id", "action", "changes")


def entries(
    reg: Register, *, since: str | None = None, table: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Audit entries oldest first; `since` is a date (UK day-first or ISO), inclusive."""
    if limit is not None and (isinstance(limit, bool) or limit < 1):
        raise ReadinessError(f"the number of entries must be 1 or more (got {limit})", field="last")
    where = Where()
    if since:
        where.add("at >= ?", parse_date(since, "since", required=True))
    if table:
        where.add("record_table = ?", table)
    sql = f"SELECT id, at, source, record_table, record_id, action, changes FROM audit{where}"
    if limit:  # the newest `limit`, still shown oldest first
        sql = f"SELECT * FROM ({sql} ORDER BY id DESC LIMIT {int(limit)}) ORDER BY id"
    else:
        sql += " ORDER BY id"
    rows = []
    for r in reg.query(sql, where.params):
        row = dict(r)
        try:
            row["changes"] = json.loads(row["changes"] or "{}")
        except ValueError:
            pass  # keep the stored text as it is
        rows.append(row)
    return rows


def summarise(changes: Any, width: int = 80) -> str:
    """One line for a table cell: field names and new values."""
    if not isinstance(changes, dict) or not changes:
        return ""
    parts = []
    for key, value in changes.items():
        new = value[1] if isinstance(value, list) and len(value) == 2 else value
        parts.append(f"{key}={new}" if new not in (None, "") else key)
    text = ", ".join(parts)
    return text if len(text) <= width else text[: width - 3] + "..."


def export_csv(reg: Register, target: Path | str, **filters: Any) -> int:
    """Write the trail to CSV (temp file + rename, never a partial file). Returns the row count."""
    from readiness_app.output_files import refuse_inside_evidence, write_atomically
    from readiness_app.register import assessment

    refuse_inside_evidence(target, assessment.evidence_folder(reg), "the audit trail")
    rows = entries(reg, **filters)

    def write(temp: Path) -> None:
        with open(temp, "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for row in rows:
                writer.writerow([json.dumps(row[c], sort_keys=True) if c == "changes" else row[c] for c in COLUMNS])

    write_atomically(target, write)
    return len(rows)
