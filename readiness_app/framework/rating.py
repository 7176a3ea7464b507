"""Rating arithmetic: nine scores 1-4 to a total, a percentage and a band."""

from __future__ import annotations

from readiness_app.errors import ReadinessError
from readiness_app.framework.model import Framework, current
from readiness_app.values import Value


class Rating(Value):
    __slots__ = ("scores", "total", "maximum", "percent", "band", "state", "missing", "note")
    _defaults = {"missing": list, "note": ""}
    scores: dict[str, int | None]
    total: int | None
    maximum: int
    percent: float | None
    band: str | None
    state: str  # "rated", "between bands" or "incomplete"
    missing: list[str]
    note: str

    def as_dict(self) -> dict:
        return {
            "scores": self.scores,
            "total": self.total,
            "maximum": self.maximum,
            "percent": None if self.percent is None else round(self.percent, 1),
            "band": self.band,
            "state": self.state,
            "missing": self.missing,
            "note": self.note,
        }

    @property
    def summary(self) -> str:
        if self.state == "incomplete":
            return f"incomplete: no score for {', '.join(self.missing)}"
        assert self.total is not None and self.percent is not None
        head = f"{self.total}/{self.maximum} = {self.percent:.1f}%"
        return f"{head} {self.band}" if self.band else f"{head} {self.note}"


def validate_score(value: object, field_name: str = "score") -> int | None:
    """A score 1-4, or None for blank; anything else is a ReadinessError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ReadinessError(f"score {value!r} is not a whole number 1-4", field=field_name) from None
    if str(value).strip() != str(number) and not isinstance(value, int):
        raise ReadinessError(f"score {value!r} is not a whole number 1-4", field=field_name)
    if not 1 <= number <= 4:
        raise ReadinessError(f"score {number} is outside 1-4", field=field_name)
    return number


def band_for(percent: float, fw: Framework | None = None) -> str | None:
    fw = fw or current()
    for band in fw.bands:
        if band.min_percent <= percent <= band.max_percent:
            return band.name
    return None


def rate(scores: dict[str, object] | list[object], fw: Framework | None = None) -> Rating:
    """Score the framework's quality statements.

    `scores` is {QS id: score} or a list in QS order; blanks are allowed and
    make the rating "incomplete". Out-of-range scores raise ReadinessError.
    """
    fw = fw or current()
    ids = fw.qs_ids
    if isinstance(scores, list):
        if len(scores) != len(ids):
            raise ReadinessError(
                f"expected {len(ids)} scores (one per quality statement), got {len(scores)}",
                field="scores",
            )
        scores = dict(zip(ids, scores, strict=True))
    unknown = [k for k in scores if k not in ids]
    if unknown:
        raise ReadinessError(f"unknown quality statement {unknown[0]!r}", field="scores")
    clean = {qid: validate_score(scores.get(qid), qid) for qid in ids}
    maximum = 4 * len(ids)
    missing = [qid for qid, s in clean.items() if s is None]
    if missing:
        return Rating(clean, None, maximum, None, None, "incomplete", missing)
    total = sum(s for s in clean.values() if s is not None)
    percent = 100.0 * total / maximum
    band = band_for(percent, fw)
    if band:
        return Rating(clean, total, maximum, percent, band, "rated")
    lower = max((b for b in fw.bands if b.max_percent < percent), key=lambda b: b.max_percent, default=None)
    upper = min((b for b in fw.bands if b.min_percent > percent), key=lambda b: b.min_percent, default=None)
    names = " and ".join(b.name for b in (lower, upper) if b)
    note = f"between bands ({names}); CQC publishes no rounding rule, so this is not assigned"
    return Rating(clean, total, maximum, percent, None, "between bands", note=note)


def parse_scores(text: str) -> list[object]:
    """'2,2,2,2,3,3,3,3,3' (blanks or '-' allowed) to a list for `rate`."""
    return [None if p.strip() in ("", "-") else p.strip() for p in text.split(",")]
