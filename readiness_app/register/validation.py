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


# The years a date may fall in. Bank holidays are known up to 2100, and a year such as
# 9999 or 0001 (a slip of the keyboard) would send working-day counts and calendars
# past what Python's dates can hold.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def check_year(day: date, field: str = "date", shown: object = None) -> date:
    """`day` itself, or ReadinessError naming the field when its year is outside FIRST_YEAR..LAST_YEAR."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ReadinessError(
            f"{str(shown if shown is not None else day)!r} is not a date this app can use: "
            f"years run from {FIRST_YEAR} to {LAST_YEAR}",
            field=field,
        )
    return day


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
        return check_year(value.date(), field, value.date().isoformat()).isoformat()
    if isinstance(value, date):
        return check_year(value, field).isoformat()
    text = str(value).strip().lower()
    found: date | None = None
    try:
        if m := re.match(_ISO, text):
            found = date(int(m[1]), int(m[2]), int(m[3]))
        elif m := re.match(_UK, text):
            found = date(full_year(m[3]), int(m[2]), int(m[1]))
        elif m := re.match(_WORDS, text):
            month = MONTHS.get(m[2])
            if month:
                found = date(int(m[3]), month, int(m[1]))
        elif m := re.match(_DAY_MON, text):
            month = MONTHS.get(m[2])
            if month:
                found = date(full_year(m[3]), month, int(m[1]))
    except ValueError:
        raise ReadinessError(f"{value!r} is not a real date", field=field) from None
    if found is not None:
        return check_year(found, field, value).isoformat()
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


def web_link(value: object, field: str = "link", *, what: str = "a web link", email: bool = False) -> str:
    """A link someone can safely follow: http(s) with a host (or mailto: where an e-mail address is meant).

    Refused: other schemes (file:, javascript:), control characters and spaces (a
    hidden line break or tab would change where it goes), and a user name or
    password in the address (https://user:secret@host), which would be printed.
    """
    from urllib.parse import urlsplit  # only when a link is given: pages read this module at start-up

    text = str(value or "").strip()
    allowed = ("http", "https", "mailto") if email else ("http", "https")
    if any(ord(ch) < 32 or ord(ch) == 127 or ch.isspace() for ch in text):
        raise ReadinessError(f"{text!r} is not {what}: it holds a space or a control character", field=field)
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme == "mailto" and scheme in allowed:
        if not re.fullmatch(r"[^@\s/]+@[^@\s/]+\.[^@\s/]+", parts.path):
            raise ReadinessError(f"{text!r} is not an e-mail link (mailto:name@example.gov.uk)", field=field)
        return text
    if scheme not in allowed or not parts.netloc or not parts.hostname:
        starts = "http://, https:// or mailto:" if email else "http:// or https://"
        raise ReadinessError(
            f"{text!r} is not {what}; links must start {starts}",
            "give the public address of the page, e.g. https://www.example.gov.uk/report",
            field=field,
        )
    if "@" in parts.netloc:
        raise ReadinessError(
            f"{what[0].upper() + what[1:]} cannot hold a user name or password (the part before '@')",
            "give the address without them; people sign in when they open it",
            field=field,
        )
    return text


def name_part(value: object, field: str) -> str:
    """Text that becomes part of a file name (an item number, a plan reference): no folders in it.

    A '/' or '\\' would put a gathered file in another folder, and '..' climb out of it.
    """
    text = str(value or "").strip()
    if "/" in text or "\\" in text or ".." in text:
        raise ReadinessError(f"{text!r} cannot contain '/', '\\' or '..'", "use - instead, e.g. 3-2", field=field)
    return text


_EMAIL = re.compile(r"[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\".]+")


def email_address(value: object, field: str = "email") -> str:
    """An e-mail address, trimmed ('mailto:' and <> dropped); blank stays blank."""
    text = str(value or "").strip().removeprefix("mailto:").removeprefix("MAILTO:").strip("<> ")
    if text and not _EMAIL.fullmatch(text):
        raise ReadinessError(f"{text!r} is not an e-mail address", hint="e.g. jo.smith@northmoor.gov.uk", field=field)
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
