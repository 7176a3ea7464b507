"""Loaded only by `tests/any_date.sh` (first on its PYTHONPATH): a `time.sleep` that works under libfaketime.

The script moves the system's calendar clock with libfaketime and leaves the monotonic clock alone
(FAKETIME_DONT_FAKE_MONOTONIC=1): durations, timeouts and thread waits have no date in them. But
libfaketime 0.9.10 still translates an absolute sleep on the monotonic clock
(`clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)`, which Python 3.11's `time.sleep` uses) as if
that clock were moved too, and the sleep fails with EINVAL. Here `time.sleep` waits with a relative
timeout on a lock instead (a `sem_clockwait` that libfaketime leaves alone), in this process and
in every Python process it starts, for the same number of seconds.
"""

from __future__ import annotations

import os
import threading
import time

if os.environ.get("READINESS_ANY_DATE_SLEEP") == "1":
    _never_released = threading.Lock()
    _never_released.acquire()

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        _never_released.acquire(timeout=seconds)

    time.sleep = _sleep
