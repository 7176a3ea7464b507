"""Importing the data pack's indicators from CSV or XLSX.

Rows are matched to stored indicators by name; a blank cell leaves the stored
value alone. Values must be numbers with a unit ("72.5" with unit "%", or
"72.5%"); percentages must be 0-100. All rows or none; a snapshot of the
self-assessment is taken first (the shared import hook).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.interop.columns import QS_VARIANTS, Column, cell_text
from readiness_app.interop.importers import CellProblem, Change, ImportResult
from readiness_app.interop.importers.one_table import new_result, read_headed, refuse_if_bad, write_changes
from readiness_app.register import indicators
from readiness_app.register.connection import Register

INDICATORS = (
    Column("name", "Indicator", ("Indicator name", "Measure", "Name", "Metric", "Figure"), required=True),
    Column("qs", "QS", QS_VARIANTS[1:], required=True),
    Column("value", "Value", ("Latest value", "Current value", "Result"), required=True),
    Column("unit", "Unit", ("Units", "Unit of measure")),
    Column("period", "Period", ("Reporting period", "Time period", "Year")),
    Column("data_date", "Date of data", ("Data date", "As at", "Date", "Data as at")),
    Column("source", "Source", ("Data source",)),
    Column("better", "Better when", ("Polarity", "Better", "Good is", "Direction", "Higher or lower is better")),
    Column("england", "England", ("England average", "England benchmark", "National")),
    Column("region", "Region", ("Regional", "Region average", "Regional benchmark")),
    Column("comparator", "Comparator", ("Comparator group", "Nearest neighbours", "Comparator average")),
    Column("target", "Target", ()),
    Column("history", "Previous values", ("Trend", "History", "Previous")),
    Column("owner", "Owner", ("Lead",)),
    Column("cycle", "Publication cycle", ("Cycle", "Frequency", "Published", "Cadence")),
    Column("benchmark_period", "Benchmark period", ("Benchmark year", "Period of benchmarks", "Comparator period")),
)
KEYS = [c.key for c in INDICATORS]


def import_indicators(
    reg: Register, path: Path | str, *, dry_run: bool = False, sheet: str | None = None
) -> ImportResult:
    headed = read_headed(path, INDICATORS, sheet)
    labels = headed.labels
    result = new_result("indicators", headed, dry_run)
    problems: list[ReadinessError] = headed.excel_errors()
    stored = indicators.by_name(reg)
    seen: dict[str, int] = {}
    creates: list[dict[str, Any]] = []
    updates: list[tuple[int, dict[str, Any]]] = []
    hm = headed.header
    for row, cells in headed.rows():
        result.rows += 1
        raw = {k: hm.get(cells, k) for k in KEYS if hm.has(k) and cell_text(hm.get(cells, k))}
        if isinstance(raw.get("value"), str) and raw["value"].strip().endswith("%") and "unit" not in raw:
            raw["unit"] = "%"
        name = cell_text(raw.get("name"))
        before = stored.get(name.lower())
        if name.lower() in seen:
            problems.append(CellProblem(f"{name!r} is also on row {seen[name.lower()]}", field=labels["name"], row=row))
            continue
        seen[name.lower()] = row
        try:
            if before is None:
                clean = indicators.checked(raw)
            else:
                clean = indicators.clean_values(raw, before["unit"])
        except ReadinessError as exc:
            field = labels.get(exc.field, exc.field or "row")
            problems.append(CellProblem(exc.message, field=field, row=row))
            continue
        if before is None:
            creates.append(clean)
            result.created.append(Change("create", clean["name"], row))
            continue
        changes = {k: [before[k], v] for k, v in clean.items() if before[k] != v}
        if changes:
            updates.append((before["id"], {k: v[1] for k, v in changes.items()}))
            result.updated.append(Change("update", before["name"], row, changes))
        else:
            result.unchanged += 1
    refuse_if_bad(result, problems, "indicators")
    write_changes(reg, result, "indicator", creates, updates)
    return result
