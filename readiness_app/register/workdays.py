"""Working days in England and Wales: weekends and bank holidays do not count.

This is the one module that knows which days are working days: the factual
accuracy deadline, the visit days chosen by `init`, the register settings and
the demo all count through it.

Bank holidays come from the `holidays` package (GB, England subdivision),
which works out every year from the standing rules, substitute days included,
so a re-assessment years ahead is counted the same way as this year's visit.
One-off days announced after a release (a coronation, a jubilee) are kept in a
small local file, `resources/bank-holidays/one-off-days.json`; a council can
add one without waiting for a new release by dropping a file of the same name
and shape into `<data dir>/bank-holidays/` (both files are read).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.paths import resource, user_data_dir
from readiness_app.register.validation import FIRST_YEAR, LAST_YEAR, parse_date

FILE_NAME = "one-off-days.json"
ONSITE, VIRTUAL = "onsite", "virtual"

# The package's names, in the words GOV.UK uses.
_TITLES = {"May Day": "Early May bank holiday", "Late Summer Bank Holiday": "Summer bank holiday"}


class BankHolidays:
    """Bank holidays of England and Wales for any year, plus the one-off days on file."""

    def __init__(self, one_offs: dict[date, str], sources: list[Path]):
        self.one_offs = one_offs
        self.sources = sources
        self._years: dict[int, dict[date, str]] = {}

    def year(self, year: int) -> dict[date, str]:
        """Every bank holiday of `year` (date -> title), weekend days included as the package lists them.

        The package works years out only up to LAST_YEAR (2100) and is silent after it, so a
        count that reaches past it is refused rather than made without bank holidays.
        """
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ReadinessError(
                f"bank holidays are known for {FIRST_YEAR} to {LAST_YEAR} only; a count of working days"
                f" cannot reach into {year}",
                field="date",
            )
        if year not in self._years:
            days = {date.fromisoformat(d): t for d, t in _computed_year(year).items()}
            days.update({d: t for d, t in self.one_offs.items() if d.year == year})
            self._years[year] = days
        return self._years[year]

    def title(self, day: date) -> str | None:
        return self.year(day.year).get(day)

    @property
    def dates(self) -> dict[date, str]:
        """This year's and the next four years' holidays (enough for a visit and its follow-up)."""
        this = clock.today().year
        return {d: t for y in range(this - 1, this + 5) for d, t in self.year(y).items()}


def _title(name: str) -> str:
    name = name.replace(" (observed)", " (substitute day)")
    base, _, rest = name.partition(" (")
    return _TITLES.get(base, base) + (f" ({rest}" if rest else "")


_cache: dict[tuple[Any, ...], BankHolidays] = {}
CACHE_NAME = "computed-years.json"


def _package_stamp(origin: str) -> str:
    """Which holidays package (and app) computed a year: a cached year is used only by the same ones."""
    from readiness_app import __version__

    try:
        mtime = Path(origin).stat().st_mtime
    except OSError:
        mtime = 0
    return f"{__version__}|{origin}|{mtime}"


def _cached_years() -> dict[str, dict[str, str]]:
    """The years in the cache file, if the same app and holidays package computed them ({} if not).

    The package's file named in the stamp is checked with one stat, not looked up on the
    import path: this runs before the window's first paint.
    """
    try:
        cached = json.loads((user_data_dir() / "bank-holidays" / CACHE_NAME).read_text(encoding="utf-8"))
        stamp = str(cached.get("stamp", ""))
        origin = "|".join(stamp.split("|")[1:-1])  # version|path|mtime
        years = cached.get("years", {})
        return years if stamp == _package_stamp(origin) and isinstance(years, dict) else {}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def years_ready(first: int, last: int) -> bool:
    """True if counting working days over these years needs no slow import (in memory or cached on disk)."""
    known = load()._years
    wanted = [y for y in range(first, last + 1) if y not in known]
    if not wanted:
        return True
    cached = _cached_years()
    return all(str(y) in cached for y in wanted)


def _computed_year(year: int) -> dict[str, str]:
    """The package's holidays for `year`, through a small cache file in the user data folder.

    Importing `holidays` loads every country's tables (~0.3 s), which the dashboard and
    `status` must not pay each time; a year once worked out is read back from the file.
    """
    years = _cached_years()
    if str(year) in years:
        return dict(years[str(year)])
    import holidays

    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    days = {day.isoformat(): _title(name) for day, name in sorted(found.items())}
    years[str(year)] = days
    stamp = _package_stamp(str(holidays.__file__))
    try:
        from readiness_app.output_files import write_atomically

        cache_file = user_data_dir() / "bank-holidays" / CACHE_NAME
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(cache_file, json.dumps({"stamp": stamp, "years": years}, indent=1).encode("utf-8"))
    except (OSError, ReadinessError):
        pass  # a read-only data folder only costs the import next time
    return days


def one_off_files() -> list[Path]:
    """The shipped one-off file, then the user's own (if there is one)."""
    files = [resource("bank-holidays", FILE_NAME)]
    own = user_data_dir() / "bank-holidays" / FILE_NAME
    return files + ([own] if own.is_file() else [])


def load(path: Path | None = None) -> BankHolidays:
    """Bank holidays with the one-off days from `path` (default: the shipped and the user's files)."""
    paths = [Path(path)] if path else one_off_files()
    try:
        key = tuple((str(p), p.stat().st_mtime) for p in paths)
    except OSError as exc:
        raise ReadinessError(f"one-off bank holiday file not found: {exc.filename}") from None
    if key in _cache:
        return _cache[key]
    one_offs: dict[date, str] = {}
    for p in paths:
        one_offs.update(_read_one_offs(p))
    result = BankHolidays(one_offs, paths)
    _cache[key] = result
    return result


def _read_one_offs(path: Path) -> dict[date, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {date.fromisoformat(e["date"]): str(e.get("title") or "Bank holiday") for e in data["days"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReadinessError(
            f"one-off bank holiday file {path} is damaged ({type(exc).__name__}: {exc})",
            hint='it needs "days": [{"date": "YYYY-MM-DD", "title": "..."}]',
        ) from None


def as_date(value: date | str, field: str = "date") -> date:
    """A date, or text read as one (day first: 18/12/2026)."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(parse_date(value, field, required=True))


def is_working_day(day: date | str, holidays: BankHolidays | None = None) -> bool:
    day = as_date(day)
    holidays = holidays or load()
    return day.weekday() < 5 and holidays.title(day) is None


def why_not_working(day: date | str, holidays: BankHolidays | None = None) -> str | None:
    """Why `day` is not a working day ("Christmas Day", "a Saturday"), or None if it is one."""
    day = as_date(day)
    holidays = holidays or load()
    title = holidays.title(day)
    if title:
        return title
    return f"a {day:%A}" if day.weekday() >= 5 else None


def add_working_days(start: date | str, count: int, holidays: BankHolidays | None = None) -> date:
    """The `count`-th working day after `start` (the start day itself is day 0).

    From Friday 18 December 2026, 10 working days skip 25 and 28 December and
    1 January and land on Wednesday 6 January 2027.
    """
    if count < 0:
        raise ReadinessError("the number of working days cannot be negative", field="days")
    day = as_date(start)
    holidays = holidays or load()
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
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count


def holidays_between(
    start: date | str, end: date | str, holidays: BankHolidays | None = None
) -> list[tuple[date, str]]:
    """Bank holidays on weekdays after `start` up to and including `end` (the days a deadline skips)."""
    a, b = as_date(start), as_date(end)
    holidays = holidays or load()
    found = []
    for year in range(a.year, b.year + 1):
        found += [(d, t) for d, t in holidays.year(year).items() if a < d <= b and d.weekday() < 5]
    return sorted(found)


# ---------------------------------------------------------------- visit days


def check_start(start: date | str, holidays: BankHolidays | None = None) -> date:
    """The first on-site day, refused if it is not a working day ("Fri 25 Dec 2026 is Christmas Day")."""
    from readiness_app.register.validation import long_date

    day = as_date(start, "onsite_start")
    reason = why_not_working(day, holidays)
    if reason:
        raise ReadinessError(
            f"{long_date(day)} is {reason}; the on-site visit must start on a working day",
            hint=f"the next working day is {long_date(next_working_day(day, holidays))}",
            field="onsite_start",
        )
    return day


def next_working_day(day: date | str, holidays: BankHolidays | None = None) -> date:
    """`day` itself if it is a working day, else the first one after it."""
    day = as_date(day)
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def check_day_counts(onsite: int, virtual: int = 0) -> None:
    """Refuse a visit of no on-site days, or of more on-site or virtual days than an assessment has."""
    if not 1 <= onsite <= 10:
        raise ReadinessError("the number of on-site days must be between 1 and 10", field="onsite_days")
    if not 0 <= virtual <= 10:
        raise ReadinessError("the number of virtual days must be between 0 and 10", field="virtual_days")


def visit_days(
    start: date | str, onsite: int, virtual: int = 0, holidays: BankHolidays | None = None
) -> dict[str, str]:
    """{ISO date: 'onsite' | 'virtual'}: `onsite` working days from `start`, then `virtual` working days.

    The start must itself be a working day; later days step over weekends and bank holidays.
    """
    check_day_counts(onsite, virtual)
    holidays = holidays or load()
    day = check_start(start, holidays)
    days = {day.isoformat(): ONSITE}
    for n in range(1, onsite + virtual):
        day = add_working_days(day, 1, holidays)
        days[day.isoformat()] = ONSITE if n < onsite else VIRTUAL
    return days


def christmas_warning(days: list[str] | dict[str, str]) -> str | None:
    """A warning when visit days fall in Christmas week (24 December to 1 January), else None."""
    from readiness_app.register.validation import long_date

    hit = sorted(d for d in days if (d[5:] >= "12-24" or d[5:] <= "01-01"))
    if not hit:
        return None
    span = long_date(hit[0]) if len(hit) == 1 else f"{long_date(hit[0])} to {long_date(hit[-1])}"
    return f"the visit runs into Christmas week ({span}): many staff, partners and people who use services are away"


def clear_visit_start(earliest: date, onsite: int, virtual: int = 0) -> date:
    """The first date from `earliest`, stepping a week at a time, whose visit avoids bank holidays and Christmas week.

    Keeps the weekday of `earliest` where it can (the demo starts on a Tuesday).
    """
    day = earliest
    while not is_working_day(day) or christmas_warning(visit_days(day, onsite, virtual)):
        day += timedelta(days=7)
    return day
