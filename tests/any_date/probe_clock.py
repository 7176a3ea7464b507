"""Run only by tests/core/test_core_any_date.py under `tests/any_date.sh`: the clock moved, waits still work."""

from __future__ import annotations

import datetime
import os
import threading
import time


def test_the_calendar_moved_and_sleeps_and_timed_waits_take_their_time():
    day = os.environ.get("READINESS_PROBE_DAY")
    assert day, "run by tests/core/test_core_any_date.py, which names the day"
    assert datetime.date.today().isoformat() == day
    for wait in (time.sleep, threading.Event().wait):
        started = time.monotonic()
        wait(0.2)
        assert 0.19 <= time.monotonic() - started < 5
