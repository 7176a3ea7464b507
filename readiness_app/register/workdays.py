"""Working days in England and Wales: weekends and bank holidays do not count.

The bank holiday list is data (`resources/bank-holidays/england-and-wales.json`),
not a rule engine: one-off holidays (a coronation, a funeral) and substitute days
cannot be worked out reliably, so asking about a year the list does not cover is
an error, never a guess. A council can drop an updated copy of the file into the
user data folder (`<data dir>/bank-holidays/`) and it is used instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from readiness_app.errors import ReadinessError
from readiness_app.paths import resource, user_data_dir
from readiness_app.register.validation import parse_date

FILE_NAME = "england-and-wales.json"


@dataclass(frozen=True)
class BankHolidays:
    first_year: int
    last_year: int
    dates: dict[date, str]  # date -> title
    source: Path

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def check(self, day: date) -> None:
        if not self.covers(day.year):
            raise ReadinessError(
                f"the bank holiday list covers {self.first_year}-{self.last_year}, not {day.year}; "
                f"cannot count working days in {day.year} without guessing",
                hint=f"add {day.year}'s bank holidays to {self.source.name} "
                f"(a copy in {user_data_dir() / 'bank-holidays'} is used in preference)",
                field="date",
            )


_cache: dict[tuple[str, float], BankHolidays] = {}


def holiday_file() -> Path:
    """The list in use: the user's updated copy if there is one, else the one shipped."""
    override = user_data_dir() / "bank-holidays" / FILE_NAME
    return override if override.is_file() else resource("bank-holidays", FILE_NAME)


def load(path: Path | None = None) -> BankHolidays:
    """Read and check a bank holiday file (cached until the file changes)."""
    path = Path(path) if path else holiday_file()
    try:
        key = (str(path), path.stat().st_mtime)
    except OSError:
        raise ReadinessError(f"bank holiday list not found: {path}") from None
    if key in _cache:
        return _cache[key]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        first, last = int(data["covers"]["first_year"]), int(data["covers"]["last_year"])
        dates = {date.fromisoformat(e["date"]): str(e.get("title", "")) for e in data["events"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReadinessError(
            f"bank holiday list {path.name} is damaged ({type(exc).__name__}: {exc})",
            hint="it needs 'covers' {first_year, last_year} and 'events' [{date, title}]",
        ) from None
    if first > last:
        raise ReadinessError(f"bank holiday list {path.name}: first_year is after last_year")
    outside = sorted(d for d in dates if not first <= d.year <= last)
    if outside:
        raise ReadinessError(f"bank holiday list {path.name}: {outside[0]} is outside the years it says it covers")
    result = BankHolidays(first, last, dates, path)
    _cache[key] = result
    return result


def as_date(value: date | str, field: str = "date") -> date:
    """A date, or text read as one (day first: 18/12/2026)."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(parse_date(value, field, required=True))


def is_working_day(day: date | str, holidays: BankHolidays | None = None) -> bool:
    day = as_date(day)
    holidays = holidays or load()
    holidays.check(day)
    return day.weekday() < 5 and day not in holidays.dates


def add_working_days(start: date | str, count: int, holidays: BankHolidays | None = None) -> date:
    """The `count`-th working day after `start` (the start day itself is day 0).

    From Friday 18 December 2026, 10 working days skip 25 and 28 December and
    1 January and land on Wednesday 6 January 2027.
    """
    if count < 0:
        raise ReadinessError("the number of working days cannot be negative", field="days")
    day = as_date(start)
    holidays = holidays or load()
    holidays.check(day)
    left = count
    while left:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day


def working_days_between(start: date | str, end: date | str, holidays: BankHolidays | None = None) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
    a, b = as_date(start), as_date(end)
    if b < a:
        return -working_days_between(b, a, holidays)
    holidays = holidays or load()
    holidays.check(a)
    holidays.check(b)
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays.dates:
            count += 1
    return count


def holidays_between(
    start: date | str, end: date | str, holidays: BankHolidays | None = None
) -> list[tuple[date, str]]:
    """Bank holidays falling after `start` up to and including `end` (for explaining a deadline)."""
    a, b = as_date(start), as_date(end)
    holidays = holidays or load()
    return sorted((d, t) for d, t in holidays.dates.items() if a < d <= b)
