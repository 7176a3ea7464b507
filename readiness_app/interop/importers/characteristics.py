"""Loading CQC's rating characteristics from a spreadsheet: QS, score (1-4), description."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.framework.matcher import parse_qs_list
from readiness_app.interop.columns import QS_VARIANTS, Column, cell_text
from readiness_app.interop.importers import CellProblem
from readiness_app.interop.importers.one_table import read_headed
from readiness_app.register import rating_characteristics
from readiness_app.register.connection import Register
from readiness_app.register.snapshots import take_before_import

CHARACTERISTICS = (
    Column("qs", "QS", QS_VARIANTS[1:], required=True),
    Column("score", "Score", ("Rating", "Rating score", "Level"), required=True),
    Column("description", "Description", ("Characteristics", "What it looks like", "Text"), required=True),
)


def load_characteristics(reg: Register, path: Path | str, *, source: str, status: str) -> int:
    """Replace the register's rating characteristics with those in `path`. All rows or none."""
    headed = read_headed(path, CHARACTERISTICS)
    table, hm = headed.table, headed.header
    rows: list[dict[str, Any]] = []
    problems: list[ReadinessError] = headed.excel_errors()
    seen: dict[tuple[str, int], int] = {}
    for row, cells in headed.rows():
        try:
            qs = parse_qs_list(cell_text(hm.get(cells, "qs")))
            if len(qs) != 1:
                raise ReadinessError("name one quality statement", field="qs")
            score = cell_text(hm.get(cells, "score"))
            if score not in ("1", "2", "3", "4"):
                raise ReadinessError(f"{score!r} is not a score from 1 to 4", field="score")
            description = cell_text(hm.get(cells, "description"))
            if not description:
                raise ReadinessError("the description is blank", field="description")
        except ReadinessError as exc:
            problems.append(CellProblem(exc.message, field=hm.labels.get(exc.field, exc.field), row=row))
            continue
        key = (qs[0], int(score))
        if key in seen:
            problems.append(CellProblem(f"{qs[0]} score {score} is also on row {seen[key]}", field="QS", row=row))
            continue
        seen[key] = row
        rows.append({"qs": qs[0], "score": int(score), "description": description})
    if problems:
        raise ValidationErrors(problems, what=table.source)
    if not rows:
        raise ReadinessError(f"{table.source}: no characteristics under the header row")
    with reg.transaction("import"):
        take_before_import(reg, table.source)
        return rating_characteristics.replace_all(reg, rows, source=source, status=status)
