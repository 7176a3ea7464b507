"""The published outcome: CQC's score per QS, the overall rating and its date,
compared with the council's own self-assessment. Once published it is the
previous assessment: the baseline the next visit (a re-assessment) is judged against.

Published scores live in `self_assessment.published_score`; the rating and date
in `assessment.published_rating` / `published_date`.
"""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.framework.rating import rate, validate_score
from readiness_app.register import assessment, self_assessment
from readiness_app.register.connection import Register
from readiness_app.register.visit_dates import checked_date


def _rating_name(value: object) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    for band in current().bands:
        if text.lower() == band.name.lower():
            return band.name
    names = ", ".join(b.name for b in current().bands)
    raise ReadinessError(f"{text!r} is not a rating (use one of: {names})", field="rating")


def set_outcome(
    reg: Register,
    *,
    scores: dict[str, object] | list[object] | None = None,
    rating: object = None,
    published_date: object = None,
) -> dict[str, Any]:
    """Record published scores (all or some), the rating and the date, in one change.

    With no rating given and all nine scores present, the rating is worked out
    from the scores; a given rating that differs from the arithmetic is kept
    (the published report is the record) and flagged by `compare`.
    """
    fw = current()
    if isinstance(scores, list):
        if len(scores) != len(fw.qs_ids):
            raise ReadinessError(f"expected {len(fw.qs_ids)} scores (one per QS), got {len(scores)}", field="scores")
        scores = dict(zip(fw.qs_ids, scores, strict=True))
    clean_scores = {}
    for qs_id, value in (scores or {}).items():
        fw.qs(qs_id)
        clean_scores[qs_id] = validate_score(value, f"{qs_id} score")
    name = _rating_name(rating)
    # The previous report is the baseline for a re-assessment: up to five years before the next visit.
    day = checked_date(reg, published_date, "published_date", before=5 * 365, after=2 * 365) if published_date else None
    with reg.transaction():
        for qs_id, score in clean_scores.items():
            self_assessment.update(reg, qs_id, published_score=score)
        if name is None and clean_scores:
            worked = self_assessment.published_rating(reg)
            if worked.state == "rated":
                name = worked.band
        values: dict[str, Any] = {}
        if name:
            values["published_rating"] = name
        if day:
            values["published_date"] = day
        if values:
            assessment.update(reg, **values)
    return show(reg)


def clear(reg: Register) -> None:
    """Remove the published outcome (entered against the wrong register, say)."""
    with reg.transaction():
        for qs_id in current().qs_ids:
            if self_assessment.all_rows(reg)[qs_id]["published_score"] is not None:
                self_assessment.update(reg, qs_id, published_score=None)
        assessment.update(reg, published_rating=None, published_date=None)


def show(reg: Register) -> dict[str, Any]:
    """The published outcome beside the self-assessment, QS by QS."""
    fw = current()
    rows = self_assessment.all_rows(reg)
    info = assessment.get(reg)
    own = rate({q: rows[q]["score"] for q in fw.qs_ids})
    published = rate({q: rows[q]["published_score"] for q in fw.qs_ids})
    statements = []
    for qs in fw.statements:
        mine, theirs = rows[qs.id]["score"], rows[qs.id]["published_score"]
        if mine is None or theirs is None:
            verdict = "not compared"
        elif mine > theirs:
            verdict = "over-rated"
        elif mine < theirs:
            verdict = "under-rated"
        else:
            verdict = "matched"
        statements.append(
            {
                "qs": qs.id,
                "name": qs.name,
                "theme": qs.theme.name,
                "self_score": mine,
                "published_score": theirs,
                "difference": None if verdict == "not compared" else theirs - mine,
                "verdict": verdict,
            }
        )
    notes = []
    if info["published_rating"] and published.state == "rated" and published.band != info["published_rating"]:
        notes.append(
            f"the published rating ({info['published_rating']}) differs from the published scores' arithmetic "
            f"({published.total}/{published.maximum} = {published.band})"
        )
    if published.state == "between bands":
        notes.append(published.note)
    return {
        "published_date": info["published_date"],
        "published_rating": info["published_rating"],
        "published": published.as_dict(),
        "self_assessment": own.as_dict(),
        "quality_statements": statements,
        "over_rated": [s["qs"] for s in statements if s["verdict"] == "over-rated"],
        "under_rated": [s["qs"] for s in statements if s["verdict"] == "under-rated"],
        "matched": [s["qs"] for s in statements if s["verdict"] == "matched"],
        "notes": notes,
    }
