"""Field rules shared by every caller: forms, imports, the command line.

Each function returns a clean value or raises ReadinessError naming the field.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import lru_cache
from typing import Literal, overload

from readiness_app.errors import ReadinessError

# Month names and their usual short forms, as councils write them; the timetable reader uses them too.
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
# Patterns as text, compiled by `re` on first use: most starts of the window parse no date, and
# compiling them all on import cost the first paint ~1 ms.
# An optional time after an ISO date (a spreadsheet's date-time cell as text) is dropped.
_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_UK = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$"
_WORDS = r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$"
# Excel's own styles: 21-May-24, 21-May-2024, 21 May 24.
_DAY_MON = r"^(\d{1,2})[\s\-]([a-z]{3,9})[\s\-](\d{2}|\d{4})$"
_TIME = r"^(\d{1,2})(?:[:.](\d{2})(?::00)?)?\s*(am|pm|a\.m\.|p\.m\.)?$"


def full_year(text: str) -> int:
    """'24' -> 2024, '2024' -> 2024: a two-digit year is this century's."""
    return int(text) + (2000 if len(text) == 2 else 0)


@overload
def parse_date(value: object, field: str = ..., *, required: Literal[True]) -> str: ...
@overload
def parse_date(value: object, field: str = ..., *, required: bool = ...) -> str | None: ...
def parse_date(value: object, field: str = "date", *, required: bool = False) -> str | None:
    """A date as ISO 'YYYY-MM-DD'. UK day-first forms only; never US month-first.

    Accepts 2024-05-21, 21/05/2024, 21-05-24, 21 May 2024, Tuesday 21st May 2024,
    21-May-24, and date/datetime objects (Excel date cells).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ReadinessError("a date is required", field=field)
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip().lower()
    try:
        if m := re.match(_ISO, text):
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := re.match(_UK, text):
            return date(full_year(m[3]), int(m[2]), int(m[1])).isoformat()
        if m := re.match(_WORDS, text):
            month = MONTHS.get(m[2])
            if month:
                return date(int(m[3]), month, int(m[1])).isoformat()
        if m := re.match(_DAY_MON, text):
            month = MONTHS.get(m[2])
            if month:
                return date(full_year(m[3]), month, int(m[1])).isoformat()
    except ValueError:
        raise ReadinessError(f"{value!r} is not a real date", field=field) from None
    raise ReadinessError(f"{value!r} is not a date (use 21/05/2024, 2024-05-21 or 21 May 2024)", field=field)


@overload
def parse_time(value: object, field: str = ..., *, required: Literal[True] = ...) -> str: ...
@overload
def parse_time(value: object, field: str = ..., *, required: bool) -> str | None: ...
def parse_time(value: object, field: str = "time", *, required: bool = True) -> str | None:
    """A time of day as 'HH:MM' (24-hour). Accepts 09:30, 09:30:00, 9.30, 9.30am, 2pm, time objects."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ReadinessError("a time is required", field=field)
        return None
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return f"{value.hour:02d}:{value.minute:02d}"
    text = str(value).strip().lower().replace(" ", "")
    m = re.match(_TIME, text)
    if m:
        hour, minute, suffix = int(m[1]), int(m[2] or 0), (m[3] or "").replace(".", "")
        if suffix:
            if not 1 <= hour <= 12:
                m = None
            elif suffix == "pm" and hour != 12:
                hour += 12
            elif suffix == "am" and hour == 12:
                hour = 0
        elif m[2] is None:
            m = None  # a bare number such as "9" is ambiguous
        if m and 0 <= hour <= 23 and 0 <= minute <= 59:
            return f"{hour:02d}:{minute:02d}"
    raise ReadinessError(f"{value!r} is not a time (use 09:30 or 9.30am)", field=field)


def choice(value: object, allowed: dict[str, str] | tuple[str, ...], field: str) -> str:
    """One of the allowed keys; labels ("In progress") and keys ("in_progress") both accepted."""
    text = str(value or "").strip()
    labels = allowed if isinstance(allowed, dict) else {k: k for k in allowed}
    key = re.sub(r"[\s\-]+", "_", text.lower())
    for k, label in labels.items():
        if key == k or text.lower() == label.lower():
            return k
    options = ", ".join(labels.values())
    raise ReadinessError(f"{text!r} is not one of: {options}", field=field)


def required_text(value: object, field: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ReadinessError(f"{field.replace('_', ' ')} is required", field=field)
    return text


def uk_date(iso: str | date | None) -> str:
    """An ISO date as forms and spreadsheets show it: '15/12/2026' (blank stays blank)."""
    if not iso:
        return ""
    day = iso if isinstance(iso, date) else date.fromisoformat(str(iso)[:10])
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@lru_cache(maxsize=1024)  # an import labels thousands of rows with a handful of days
def long_date(iso: str | date | None) -> str:
    """An ISO date as printed documents show it: 'Tue 15 Dec 2026' (blank stays blank)."""
    if not iso:
        return ""
    day = iso if isinstance(iso, date) else date.fromisoformat(str(iso)[:10])
    return f"{day:%a} {day.day} {day:%b %Y}"
