"""Rating characteristics: what each score looks like for a QS, as a rubric beside the score.

The framework file may carry an example set; the lead loads the current version
from CQC's publication (with its source and status, draft or final), which then
replaces the framework's set for this register. Loading replaces the whole set
in one transaction.
"""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.register import records
from readiness_app.register.connection import Register

STATUS = {"draft": "Draft", "final": "Final", "example": "Example, not CQC's text"}


def for_qs(reg: Register, qs_id: str) -> list[dict[str, Any]]:
    """The rubric for one QS, score 1 to 4: the register's loaded set, else the framework's."""
    rows = [dict(r) for r in reg.query("SELECT * FROM rating_characteristic WHERE qs = ? ORDER BY score", (qs_id,))]
    if rows or reg.scalar("SELECT 1 FROM rating_characteristic LIMIT 1"):
        return rows
    return [
        {"qs": c.qs, "score": c.score, "description": c.description, "source": c.source, "status": c.status}
        for c in sorted(current().characteristics, key=lambda c: c.score)
        if c.qs == qs_id
    ]


def source_text(row: dict[str, Any]) -> str:
    """Where a characteristic's words come from: 'CQC, March 2026, draft'; 'Example, not CQC's text'."""
    if row["status"] == "example":
        return STATUS["example"]
    return f"{row['source']}, {STATUS[row['status']].lower()}"


def replace_all(reg: Register, rows: list[dict[str, Any]], *, source: str, status: str) -> int:
    """Replace the register's rubric with `rows` ({qs, score, description}); returns how many."""
    source = str(source or "").strip()
    if not source:
        raise ReadinessError("say where the characteristics come from (e.g. CQC, March 2026)", field="source")
    if status not in ("draft", "final"):
        raise ReadinessError("the status must be draft or final", field="status")
    with reg.transaction():
        reg.conn.execute("DELETE FROM rating_characteristic")
        stamp = records.now_iso()
        reg.conn.executemany(
            "INSERT INTO rating_characteristic (qs, score, description, source, status, loaded_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(r["qs"], r["score"], r["description"], source, status, stamp) for r in rows],
        )
        records.audit(
            reg, "rating_characteristic", "all", "update", {"loaded": [None, len(rows)], "source": [None, source]}
        )
    return len(rows)
