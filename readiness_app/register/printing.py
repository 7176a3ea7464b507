"""Read-only look-ups that the printed documents need and no aggregate offers yet."""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register.connection import Register


def get_person(reg: Register, person_id: int) -> dict[str, Any]:
    """One person to be interviewed, or a ReadinessError naming the unknown id."""
    row = reg.conn.execute("SELECT * FROM person WHERE id = ?", (person_id,)).fetchone()
    if row is None:
        raise ReadinessError(
            f"no person with id {person_id}",
            "check the id against the people list in the app or an export",
            field="person",
        )
    return dict(row)


def cases_by_id(reg: Register, case_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Coded cases with their criteria and QS, keyed by id (for session packs)."""
    if not case_ids:
        return {}
    marks = ",".join("?" * len(case_ids))
    rows = {r["id"]: dict(r) for r in reg.query(f"SELECT * FROM tracked_case WHERE id IN ({marks})", tuple(case_ids))}
    for row in rows.values():
        row["criteria"], row["qs"] = [], []
    for r in reg.query(
        f"SELECT case_id, tag FROM case_criterion WHERE case_id IN ({marks}) ORDER BY tag", tuple(case_ids)
    ):
        rows[r[0]]["criteria"].append(r[1])
    for r in reg.query(f"SELECT case_id, qs FROM case_qs WHERE case_id IN ({marks}) ORDER BY qs", tuple(case_ids)):
        rows[r[0]]["qs"].append(r[1])
    return rows
