"""The council's self-assessment per quality statement."""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.framework.rating import Rating, rate, validate_score
from readiness_app.register import records
from readiness_app.register.connection import Register

FIELDS = ("score", "target", "narrative", "strengths", "development", "owner", "published_score", "key_messages")


def all_rows(reg: Register) -> dict[str, dict[str, Any]]:
    """Every QS of the framework, with blanks where nothing is recorded yet."""
    stored = {r["qs"]: dict(r) for r in reg.query("SELECT * FROM self_assessment")}
    blank = {f: ("" if f not in ("score", "target", "published_score") else None) for f in FIELDS}
    return {qid: stored.get(qid, {"qs": qid, **blank}) for qid in current().qs_ids}


def update(reg: Register, qs_id: str, **values: Any) -> dict[str, Any]:
    current().qs(qs_id)  # unknown QS -> ReadinessError
    for key in ("score", "target", "published_score"):
        if key in values:
            values[key] = validate_score(values[key], key)
    for key in values:
        if key not in FIELDS:
            raise ReadinessError(f"unknown self-assessment field {key!r}", field=key)
    with reg.transaction():
        exists = reg.scalar("SELECT 1 FROM self_assessment WHERE qs = ?", (qs_id,))
        if not exists:
            records.insert(reg, "self_assessment", {"qs": qs_id, **values})
            return values
        return records.update(reg, "self_assessment", qs_id, values, key="qs")


def indicative_rating(reg: Register) -> Rating:
    rows = all_rows(reg)
    return rate({qid: row["score"] for qid, row in rows.items()})


def published_rating(reg: Register) -> Rating:
    rows = all_rows(reg)
    return rate({qid: row["published_score"] for qid, row in rows.items()})
