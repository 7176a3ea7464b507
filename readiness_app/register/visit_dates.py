"""Sensible date windows for visit-week and after-visit records.

A date typed as 2062 instead of 2026, or a year out, would silently drop a
record off every list and deadline; so each date is checked against the visit:
it must fall within a window around the on-site days (or around today, while
no visit days are set). The windows are generous on purpose; they catch slips,
not plans.
"""

from __future__ import annotations

from datetime import date, timedelta

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.register.connection import Register
from readiness_app.register.validation import parse_date

YEAR = 365


def visit_span(reg: Register, today: date | None = None) -> tuple[date, date]:
    """First and last visit day (on-site or virtual); today twice if none are set."""
    rows = reg.query("SELECT MIN(date), MAX(date) FROM visit_day")
    first, last = rows[0][0], rows[0][1]
    if not first:
        anchor = today or clock.today()
        return anchor, anchor
    return date.fromisoformat(first), date.fromisoformat(last)


def checked_date(
    reg: Register,
    value: object,
    field: str,
    *,
    before: int = YEAR,
    after: int = YEAR,
    required: bool = False,
    today: date | None = None,
) -> str | None:
    """Parse a date and refuse one more than `before` days before the visit or `after` days after it."""
    text = parse_date(value, field, required=required)
    if text is None:
        return None
    day = date.fromisoformat(text)
    first, last = visit_span(reg, today)
    earliest, latest = first - timedelta(days=before), last + timedelta(days=after)
    if not earliest <= day <= latest:
        what = "the on-site visit" if reg.scalar("SELECT 1 FROM visit_day LIMIT 1") else "today"
        raise ReadinessError(
            f"{day:%d/%m/%Y} is too far from {what} for the {field.replace('_', ' ')} "
            f"(expected {earliest:%d/%m/%Y} to {latest:%d/%m/%Y})",
            hint="check the year; dates are read day first (21/05/2024)",
            field=field,
        )
    return text
