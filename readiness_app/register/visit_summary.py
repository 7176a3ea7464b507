"""Visit week and after, at a glance: the `visit` part of `status --json` and the dashboard.

Kept cheap (a handful of COUNT queries) because `status` runs it every time.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.register.connection import Register

OVERDUE_LISTED = 10


def summary(reg: Register, today: date | None = None) -> dict[str, Any]:
    from readiness_app.register import accuracy, improvement, requests

    today = today or clock.today()
    # The ten most overdue, straight from SQL: status must stay quick with hundreds of requests.
    overdue = [
        dict(r)
        for r in reg.query(
            "SELECT id, description, owner, due_date, CAST(julianday(?) - julianday(due_date) AS INTEGER)"
            " AS days_overdue FROM cqc_request WHERE status NOT IN ('sent', 'closed') AND due_date IS NOT NULL"
            " AND due_date < ? ORDER BY due_date, id LIMIT ?",
            (today.isoformat(), today.isoformat(), OVERDUE_LISTED),
        )
    ]
    learning = reg.conn.execute(
        "SELECT COUNT(*), SUM(to_correct != ''), SUM(date = ?) FROM learning_entry", (today.isoformat(),)
    ).fetchone()
    try:
        fa = accuracy.deadline(reg, today)
    except ReadinessError as exc:  # e.g. the bank holiday list does not cover the dates
        fa = {"received": reg.scalar("SELECT fa_received_date FROM assessment WHERE id = 1"), "error": str(exc)}
    fa["points"] = reg.scalar("SELECT COUNT(*) FROM fa_point")
    published = reg.conn.execute("SELECT published_rating, published_date FROM assessment WHERE id = 1").fetchone()
    return {
        "learning": {"entries": learning[0], "corrections": learning[1] or 0, "today": learning[2] or 0},
        "requests": requests.counts(reg, today),
        "overdue_requests": overdue,
        "factual_accuracy": fa,
        "published_rating": published[0] if published else None,
        "published_date": published[1] if published else None,
        "plan": improvement.rag_counts(reg, today),
    }
