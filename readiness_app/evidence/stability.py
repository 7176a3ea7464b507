"""Deciding when a file in the evidence folder has finished arriving.

`FileStabilityTracker` is pure: it is given a clock and a stat function, and
never sleeps or starts threads, so tests drive it with a fake clock.

A file is stable when, all at once:
- no event has been seen for it for `delay` seconds,
- its size and modification time have not changed for `delay` seconds
  (at least two looks, `delay` apart, agree),
- it is not empty (0-byte files are usually a copy that has not started), and
- it opens for reading.
Until then it stays pending; nothing is ever given up on. A file that vanishes
is reported as gone so the caller can reconcile that path.
"""

from __future__ import annotations

import os
import stat as stat_module
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def can_open(path: str) -> bool:
    """True if the file opens for reading (Windows refuses while a writer holds it)."""
    try:
        with open(path, "rb") as fh:
            fh.read(1)
        return True
    except OSError:
        return False


@dataclass
class _Pending:
    path: str
    last_event: float
    last_change: float
    look: tuple[int, int] | None = None  # (size, mtime_ns) at the latest look


@dataclass
class StabilityCheck:
    ready: list[str] = field(default_factory=list)  # stable: take these in
    gone: list[str] = field(default_factory=list)  # vanished: reconcile these paths too
    waiting: int = 0  # still pending after this check


class FileStabilityTracker:
    """Pending files; `check()` says which are ready and which are gone.

    Each file is known by a key (the watcher uses the path relative to the
    evidence folder) and looked at through `path` (the full path); by default
    they are the same.
    """

    def __init__(
        self,
        delay: float = 3.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        stat: Callable[[str], os.stat_result] = os.stat,
        opener: Callable[[str], bool] = can_open,
    ):
        self.delay = delay
        self._clock = clock
        self._stat = stat
        self._opener = opener
        self._pending: dict[str, _Pending] = {}

    def __len__(self) -> int:
        return len(self._pending)

    def __contains__(self, key: object) -> bool:
        return key in self._pending

    @property
    def keys(self) -> list[str]:
        return list(self._pending)

    def touch(self, key: str, path: str | None = None) -> None:
        """An event (created, modified, moved here) was seen: restart this file's quiet period."""
        now = self._clock()
        entry = self._pending.get(key)
        if entry is None:
            self._pending[key] = _Pending(path=path or key, last_event=now, last_change=now)
        else:
            entry.last_event = now

    def clear(self) -> None:
        self._pending.clear()

    def check(self) -> StabilityCheck:
        """Look at every pending file once; return those now stable and those gone."""
        now = self._clock()
        result = StabilityCheck()
        for key, entry in list(self._pending.items()):
            path = entry.path
            try:
                st = self._stat(path)
            except FileNotFoundError:
                result.gone.append(key)
                continue
            except OSError:
                # Unreachable for now (share hiccup, permissions): keep waiting.
                continue
            if not stat_module.S_ISREG(getattr(st, "st_mode", stat_module.S_IFREG)):
                # A pipe or device never settles and must never be opened (reading a pipe waits for
                # a writer): hand it straight to the reconcile, which counts it as ignored.
                result.ready.append(key)
                continue
            look = (st.st_size, st.st_mtime_ns)
            if look != entry.look:
                entry.look = look
                entry.last_change = now
                continue
            quiet_since = max(entry.last_event, entry.last_change)
            if now - quiet_since < self.delay or st.st_size == 0:
                continue
            if not self._opener(path):
                entry.last_change = now  # locked by the writer: give it another quiet period
                continue
            result.ready.append(key)
        for key in result.ready + result.gone:
            self._pending.pop(key, None)
        result.waiting = len(self._pending)
        return result
