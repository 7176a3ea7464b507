"""Session times as timetables write them: a range in one cell, or a start and a duration.

"09:00 - 10:00", "09:00–10:00", "9-10am", "9.30am to 10.15am", "0900-1000";
"Duration" cells such as 60, "45 mins", "1 hour", "1h30", "1:30" or an Excel
time. A session never runs past midnight or backwards: both are refused.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.interop.columns import cell_text
from readiness_app.register import sessions
from readiness_app.register.validation import parse_time

_SPLIT = re.compile(r"\s*(?:-|\bto\b|\buntil\b|\btill\b)\s*")
_SUFFIX = re.compile(r"(am|pm|a\.m\.|p\.m\.)$")
_FOUR_DIGITS = re.compile(r"^(\d{2})(\d{2})$")  # 0900, 1430
_DURATION = re.compile(
    r"^(?:(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours))?\s*(?:(\d+)\s*(?:m|min|mins|minute|minutes)?)?$"
)


def _one(text: str, suffix: str = "") -> str:
    text = text.strip().replace(" ", "")
    if m := _FOUR_DIGITS.match(text):
        text = f"{m[1]}:{m[2]}"
    return parse_time(text + suffix, "time")


def time_range(value: Any) -> tuple[str, str]:
    """'9-10am' -> ('09:00', '10:00'). Raises ReadinessError for anything else."""
    text = cell_text(value).lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2012", "-")
    parts = [p for p in _SPLIT.split(text) if p.strip()]
    if len(parts) != 2:
        raise ReadinessError(f"{cell_text(value)!r} is not a time range (write it as 09:00 - 10:00)")
    first, second = (p.strip().replace(" ", "") for p in parts)
    try:
        end = _one(second)
        shared = _SUFFIX.search(second)
        if shared and not _SUFFIX.search(first) and re.fullmatch(r"\d{1,2}(?:[:.]\d{2})?", first):
            # "9-10am": the suffix covers both; "11-1pm" means 11am, since 11pm would end before it starts.
            start = _one(first, shared[1])
            if start > end:
                start = _one(first, "am")
        else:
            start = _one(first)
    except ReadinessError:
        raise ReadinessError(f"{cell_text(value)!r} is not a time range (write it as 09:00 - 10:00)") from None
    return start, end


def duration_minutes(value: Any) -> int:
    """A length of time in minutes: 60, '45 mins', '1 hour', '1h30', '1.5 hours', '1:30' or an Excel time."""
    if isinstance(value, time | datetime):
        return value.hour * 60 + value.minute
    if isinstance(value, float) and 0 < value < 1:  # an Excel time cell: a fraction of a day
        return round(value * 24 * 60)
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return round(value)
    text = cell_text(value).lower().replace(" ", "")
    if m := re.fullmatch(r"(\d{1,2})[:.](\d{2})", text):
        return int(m[1]) * 60 + int(m[2])
    m = _DURATION.match(text)
    if text and m and (m[1] or m[2]):
        minutes = round(float(m[1] or 0) * 60) + int(m[2] or 0)
        if minutes > 0:
            return minutes
    raise ReadinessError(f"{cell_text(value)!r} is not a duration (write 60, 45 mins or 1 hour)")


def add_minutes(start: str, minutes: int) -> str:
    """HH:MM plus minutes; refused when it runs past midnight."""
    total = int(start[:2]) * 60 + int(start[3:]) + minutes
    if total >= 24 * 60:
        raise ReadinessError(f"a session starting at {start} for {minutes} minutes runs past midnight")
    return f"{total // 60:02d}:{total % 60:02d}"


def check_span(start: str, end: str) -> None:
    """The register's rule (ends after it starts), with a plainer word for a session that crosses midnight."""
    try:
        sessions.check_times(start, end)
    except ReadinessError as exc:
        if start >= "12:00" and end < "12:00":
            raise ReadinessError(
                f"the session runs past midnight ({start} to {end}); a session must end on the day it starts",
                field="end",
            ) from None
        raise exc
