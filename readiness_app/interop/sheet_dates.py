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


@dataclass(frozen=True)
class VisitDays:
    """The visit's days (ISO dates) that a sheet's date is read against."""

    onsite: tuple[str, ...] = ()
    virtual: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return tuple(sorted(self.onsite + self.virtual))


def date_in_text(text: str, visit: VisitDays) -> str | None:
    """The ISO date a sheet name, title or cell names; None if it names none.

    Raises ReadinessError when it names a date that cannot be (31 February, Day 9
    of a three-day visit, or a year-less date with no visit dates to take a year from).
    """
    low = " ".join(str(text or "").lower().replace("\u2013", "-").replace("\u2014", "-").split())
    if not low:
        return None
    try:
        if m := _ISO.search(low):
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := _NUMERIC.search(low):
            return date(full_year(m[3]), int(m[2]), int(m[1])).isoformat()
        if m := _DAY_MONTH.search(low):
            return _with_year(int(m[1]), MONTHS[m[2]], m[3], visit, text)
        if m := _MONTH_DAY.search(low):
            return _with_year(int(m[2]), MONTHS[m[1]], m[3], visit, text)
    except ValueError:
        raise ReadinessError(f"{text!r} names a date that does not exist") from None
    if m := _VIRTUAL_DAY.search(low):
        return _nth(visit.virtual, int(m[1] or 1), "virtual", text)
    if m := _DAY_NUMBER.search(low):
        return _nth(visit.onsite, int(m[1]), "on-site", text)
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


def _with_year(day: int, month: int, year: str | None, visit: VisitDays, text: str) -> str:
    if year:
        return date(full_year(year), month, day).isoformat()
    if not visit.all:
        raise ReadinessError(
            f"{text!r} has no year and the register has no visit dates to take one from",
            "add the year, or set the visit dates first",
        )
    anchor = date.fromisoformat(visit.all[0])
    candidates = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(y, month, day))
        except ValueError:  # 29 February
            continue
    if not candidates:
        raise ValueError("no such day")
    return min(candidates, key=lambda d: abs((d - anchor).days)).isoformat()


def describe(iso: str) -> str:
    return long_date(iso)
