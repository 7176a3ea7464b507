"""Start-up milestones: when the window and the filled-in dashboard were first drawn.

The log gets one line with both times (so "the app is slow to open" can be
checked on a user's laptop without a profiler) and the start-up benchmark reads
`marks`. Times are `time.time()` so a parent process can compare them with the
moment it launched the app. No Qt here: this module is imported first.
"""

from __future__ import annotations

import time

from readiness_app.logs import get_logger

log = get_logger("readiness_app.ui")

# name -> time.time() of the first occurrence: "window_shown", "dashboard_shown"
marks: dict[str, float] = {}
_listeners: list = []


def mark(name: str) -> None:
    """Record the first time `name` happened; later calls are ignored."""
    if name in marks:
        return
    marks[name] = time.time()
    if name == "dashboard_shown" and "window_shown" in marks:
        log.info("dashboard shown %.0f ms after the window", (marks["dashboard_shown"] - marks["window_shown"]) * 1000)
    for listener in list(_listeners):
        listener(name)


def on_mark(listener) -> None:
    """Call `listener(name)` for every new milestone (the benchmark waits on this)."""
    _listeners.append(listener)
