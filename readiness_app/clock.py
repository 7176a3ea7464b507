"""The one clock: every "today" and "now" in the app comes from here.

No other module calls `date.today()` or `datetime.now()`: overdue flags, days to
the visit, audit stamps and file names all read this clock, so a test (or a
demo recorded for training) can pin the date and get the same answers on any
day of the year.

The clock can be pinned two ways:

- in-process, with `pin(moment)` / `unpin()` (the test fixtures do this);
- for a whole process, with `READINESS_NOW=YYYY-MM-DD[THH:MM[:SS]]` in the
  environment (tests that start real command-line processes pass it on).

A pinned clock still moves: it starts at the pinned moment and runs at the
real rate, so timings, backup ages and "last scanned" stamps stay ordered.
File times (`st_mtime`) are compared with `time.time()` where they meet the file
system; that is the file system's clock, not the calendar, and stays real.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta

ENV = "READINESS_NOW"

_pinned_at: datetime | None = None  # the pinned moment (naive, local)
_pinned_real: float = 0.0  # time.monotonic() when it was pinned
_env_seen: str | None = None  # the READINESS_NOW value last parsed


def _parse(text: str) -> datetime:
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{ENV} must be a date or date and time such as 2026-11-23T09:00, not {text!r}") from None
    if len(text) <= 10:  # a bare date: the start of a working morning
        moment = moment.replace(hour=9)
    return moment.replace(tzinfo=None, microsecond=0)


def pin(moment: date | datetime) -> None:
    """From now on, the clock starts at `moment` (a bare date means 09:00 that day)."""
    global _pinned_at, _pinned_real, _env_seen
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, 9)
    _pinned_at = moment.replace(tzinfo=None)
    _pinned_real = time.monotonic()
    _env_seen = os.environ.get(ENV)  # an in-process pin wins over the environment


def unpin() -> None:
    """Back to the real clock (or to READINESS_NOW, if set)."""
    global _pinned_at, _env_seen
    _pinned_at = None
    _env_seen = None


def now() -> datetime:
    """The local date and time, without a time zone."""
    global _env_seen
    wanted = os.environ.get(ENV)
    if wanted != _env_seen:
        _env_seen = wanted
        if wanted:
            pin(_parse(wanted))
        else:
            unpin()
    if _pinned_at is None:
        return datetime.now()  # the one place that reads the wall clock
    return _pinned_at + timedelta(seconds=time.monotonic() - _pinned_real)


def now_utc() -> datetime:
    """`now()` as an aware UTC time (audit stamps, calendar DTSTAMP)."""
    return now().astimezone(UTC)


def today() -> date:
    return now().date()
