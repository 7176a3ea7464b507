"""Start-up milestones: when the window and the filled-in dashboard were first drawn.

The log gets one line with both times (so "the app is slow to open" can be
checked on a user's laptop without a profiler) and the start-up benchmark reads
`marks`. Times are `time.time()` so a parent process can compare them with the
moment it launched the app. No Qt here: this module is imported first.
"""

from __future__ import annotations

import gc
import time
from typing import TYPE_CHECKING

from readiness_app.logs import get_logger

if TYPE_CHECKING:
    from typing import Any

log = get_logger("readiness_app.ui")

# name -> time.time() of the first occurrence: "window_shown", "dashboard_shown" (its headline figures),
# "dashboard_complete" (with the quality statement tiles and the pictures)
marks: dict[str, float] = {}
_listeners: list[Any] = []


def hold_collector() -> None:
    """No cyclic garbage collection until the dashboard is drawn.

    Importing PySide6 and building the window allocate enough objects to trigger
    ~40 collections (~7 ms) before the first paint, and nearly all of those
    objects live as long as the app. The collector resumes once the dashboard is
    drawn, or after `COLLECTOR_HELD_MS` at most (a welcome screen, a failed open).
    """
    gc.disable()


COLLECTOR_HELD_MS = 2000


def release_collector() -> None:
    gc.enable()


def mark(name: str) -> None:
    """Record the first time `name` happened; later calls are ignored."""
    if name in marks:
        return
    marks[name] = time.time()
    if name == "dashboard_shown":
        release_collector()
    if name == "dashboard_shown" and "window_shown" in marks:
        log.info("dashboard shown %.0f ms after the window", (marks["dashboard_shown"] - marks["window_shown"]) * 1000)
    for listener in list(_listeners):
        listener(name)


def on_mark(listener) -> None:
    """Call `listener(name)` for every new milestone (the benchmark waits on this)."""
    _listeners.append(listener)
