"""The date of a timetable sheet that has no Date column: from its name or its title.

"Tue 11 Mar", "Day 2 - 12.03.25", "CQC on-site assessment timetable –
Tuesday 11 March 2025". A date without a year takes the visit's year (the one
that puts it nearest the visit); "Day 1", "Day 2" ... are the on-site days in
order. An explicit date wins over a day number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from readiness_app.errors import ReadinessError
from readiness_app.register.validation import MONTHS, full_year, long_date

_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?[\s\-]+" + _MONTH + r"(?:[\s,\-]+(\d{4}|\d{2}))?\b")
_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_DAY_NUMBER = re.compile(r"\bday\s*(\d{1,2})\b")
_VIRTUAL_DAY = re.compile(r"\bvirtual\s+day\s*(\d{1,2})?\b")
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY = re.compile(r"\b(monday|mon|tuesday|tues|tue|wednesday|weds|wed|thursday|thurs|thur|thu|friday|fri)\b\.?")
_YEAR = re.compile(r"\b(20\d{2})\b")


@dataclass(frozen=True)
class VisitDays:
    """The visit's days (ISO dates) that a sheet's date is read against."""

    onsite: tuple[str, ...] = ()
    virtual: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return tuple(sorted(self.onsite + self.virtual))


def date_in_text(text: str, visit: VisitDays, year: int | None = None) -> str | None:
    """The ISO date a sheet name, title or cell names; None if it names none.

    A date without a year takes `year` (from the sheet's title) when given, else
    the year whose calendar agrees with a weekday it names ("Tue 11 Mar"), else
    the one nearest the visit. A weekday the date contradicts is an error.

    Raises ReadinessError when it names a date that cannot be (31 February, Day 9
    of a three-day visit, Wed 11 Mar 2025, or a year-less date with no visit
    dates and no title year to take a year from).
    """
    low = " ".join(str(text or "").lower().replace("\u2013", "-").replace("\u2014", "-").split())
    weekday = _weekday(low)
    found = _date_in(text, low, visit, year, weekday)
    if found and weekday is not None and found[1] and date.fromisoformat(found[0]).weekday() != weekday:
        day = date.fromisoformat(found[0])
        raise ReadinessError(
            f"{text!r} says {_DAY_NAMES[weekday]}, but {day.day} {day:%B %Y} is a {day:%A}",
            "correct the sheet's name or title, or set the date for this sheet",
        )
    return found[0] if found else None


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _weekday(low: str) -> int | None:
    m = _WEEKDAY.search(low)
    return _WEEKDAYS[m[1][:3]] if m else None


def year_in(text: str) -> int | None:
    """The year a sheet's title names ("... timetable 2025"), if any."""
    m = _YEAR.search(str(text or ""))
    return int(m[1]) if m else None


def _date_in(text: str, low: str, visit: VisitDays, year: int | None, weekday: int | None) -> tuple[str, bool] | None:
    """(ISO date, whether it was written as a calendar date) or None."""
    if not low:
        return None
    try:
        if m := _ISO.search(low):
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat(), True
        if m := _NUMERIC.search(low):
            return date(full_year(m[3]), int(m[2]), int(m[1])).isoformat(), True
        if m := _DAY_MONTH.search(low):
            return _with_year(int(m[1]), MONTHS[m[2]], m[3] or year, visit, text, weekday), True
        if m := _MONTH_DAY.search(low):
            return _with_year(int(m[2]), MONTHS[m[1]], m[3] or year, visit, text, weekday), True
    except ValueError:
        raise ReadinessError(f"{text!r} names a date that does not exist") from None
    if m := _VIRTUAL_DAY.search(low):
        return _nth(visit.virtual, int(m[1] or 1), "virtual", text), False
    if m := _DAY_NUMBER.search(low):
        return _nth(visit.onsite, int(m[1]), "on-site", text), False
    return None


def _nth(days: tuple[str, ...], n: int, kind: str, text: str) -> str:
    if not days:
        raise ReadinessError(
            f"{text!r} names a visit day, but the register has no {kind} days set",
            "set the visit dates first, or put the date in the sheet",
        )
    if not 1 <= n <= len(days):
        key = "onsite_days" if kind == "on-site" else "virtual_days"
        raise ReadinessError(
            f"{text!r}: the visit has {len(days)} {kind} day{'s' if len(days) != 1 else ''} (set more in File >"
            f" Register settings or with `settings --set {key}=N`, or put this sheet's date in its name)"
        )
    return days[n - 1]


def _with_year(
    day: int, month: int, year: str | int | None, visit: VisitDays, text: str, weekday: int | None = None
) -> str:
    if year:
        return date(full_year(str(year)), month, day).isoformat()
    if not visit.all:
        raise ReadinessError(
            f"{text!r} has no year and the register has no visit dates to take one from",
            "add the year, or set the visit dates first",
        )
    anchor = date.fromisoformat(visit.all[0])
    candidates = []
    for y in range(anchor.year - 6, anchor.year + 7):
        try:
            candidates.append(date(y, month, day))
        except ValueError:  # 29 February
            continue
    if not candidates:
        raise ValueError("no such day")
    # "Tue 11 Mar": the year whose 11 March is a Tuesday, nearest the visit (so last year's copy shows).
    agreeing = [d for d in candidates if weekday is not None and d.weekday() == weekday]
    candidates = agreeing or [d for d in candidates if abs(d.year - anchor.year) <= 1]
    return min(candidates, key=lambda d: abs((d - anchor).days)).isoformat()


def describe(iso: str) -> str:
    return long_date(iso)


def visit_span(visit: VisitDays) -> str:
    """The visit's days as a reader says them: '9-11 Feb 2027', '30 Jan-2 Feb 2027'."""
    if not visit.all:
        return "not set"
    first, last = date.fromisoformat(visit.all[0]), date.fromisoformat(visit.all[-1])
    if first == last:
        return f"{first.day} {first:%b %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b}-{last.day} {last:%b %Y}"
    return f"{first.day} {first:%b %Y}-{last.day} {last:%b %Y}"
