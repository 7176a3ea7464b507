"""Reading the evidence files' text into the search index, off the thread that writes the register.

    result = index_contents(reg)                 # all at once (the `search --reindex` and `scan` commands)
    reader = ContentReader(root)                 # the watcher's way: reading on its own thread,
    reader.start(search.files_to_read(reg))      # while the register's one writer
    reader.store_ready(reg, settings)            # stores what has been read, in short transactions

A file is read only when its content (SHA-256) has not been read before, so a
moved or renamed file keeps its text without being read again, and a changed one
is read again. A file that changes while it is read is left for the next round
(the reconcile sees the new content first). Nothing read is logged; only counts.
The register never grows past the `index_limit_mb` setting through file text: a
file that would take it past is indexed by name and details, with the reason.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from readiness_app.evidence.contents import Extracted, ReadLimits, read_text
from readiness_app.evidence.folder import full_path
from readiness_app.evidence.settings import EvidenceSettings
from readiness_app.evidence.settings import load as load_settings
from readiness_app.logs import get_logger
from readiness_app.register import search
from readiness_app.register.connection import Register
from readiness_app.register.search import FileToRead

log = get_logger(__name__)

CHANGED_WHILE_READ = "changed while it was read"
BYTES_PER_CHAR = 3  # what a character of text costs the register, with its share of the index (measured: ~2.5)


@dataclass
class IndexResult:
    read: int = 0
    with_text: int = 0
    no_text: int = 0
    skipped: int = 0  # changed while read, or gone: read again next round
    seconds: float = 0.0
    reasons: dict[str, str] = field(default_factory=dict)  # rel_path -> why it has no text

    def summary(self) -> str:
        return f"{self.read} files read for search: {self.with_text} with text, {self.no_text} with no text"


def read_one(
    root: Path, item: FileToRead, limits: ReadLimits | None = None, cancel: threading.Event | None = None
) -> Extracted | None:
    """The text of one file, or None when it is not the content the register knows (changed, gone,
    or the reading was cancelled)."""
    path = Path(full_path(root, item.rel_path))
    try:
        before = os.stat(path)
    except OSError:
        return None
    if before.st_size != item.size:
        return None
    found = read_text(path, limits, cancel)
    if cancel is not None and cancel.is_set():
        return None
    try:
        after = os.stat(path)
    except OSError:
        return None
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        return None
    return found


def store(reg: Register, item: FileToRead, found: Extracted, settings: EvidenceSettings) -> str:
    """Write one file's text (or its reason for none); returns 'text', 'no_text' or 'skipped'."""
    text, reason = found.text, found.reason
    limit = int(settings.index_limit_mb * 1024 * 1024)
    if text and search.register_bytes(reg) + len(text) * BYTES_PER_CHAR > limit:
        limit_mb = f"{settings.index_limit_mb:g} MB"
        text, reason = "", f"not indexed: the register has reached its size limit for search ({limit_mb})"
    if not search.store_contents(reg, item, text, reason=reason):
        return "skipped"
    return "text" if text else "no_text"


def index_contents(
    reg: Register,
    root: Path | None = None,
    *,
    settings: EvidenceSettings | None = None,
    limits: ReadLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> IndexResult:
    """Read every file whose text is not indexed yet, on this thread. Turned off: forget all file text."""
    from readiness_app.evidence.reconcile import evidence_root

    started = time.perf_counter()
    settings = settings or load_settings(reg)
    result = IndexResult()
    if not settings.index_contents:
        search.forget_contents(reg)
        return result
    root = root or evidence_root(reg)
    todo = search.files_to_read(reg)
    for done, item in enumerate(todo, start=1):
        if cancel is not None and cancel.is_set():
            break
        found = read_one(root, item, limits)
        _count(result, item, found, store(reg, item, found, settings) if found is not None else "skipped")
        if progress is not None:
            progress(done, len(todo))
    result.seconds = time.perf_counter() - started
    log.info("search: %s in %.1f s", result.summary(), result.seconds)
    return result


def _count(result: IndexResult, item: FileToRead, found: Extracted | None, outcome: str) -> None:
    result.read += outcome != "skipped"
    if outcome == "text":
        result.with_text += 1
    elif outcome == "no_text":
        result.no_text += 1
        result.reasons[item.rel_path] = found.reason if found else ""
    else:
        result.skipped += 1


class ContentReader:
    """Reads files on its own thread; the owner stores what it read from the register's writer thread.

    `pause()` / `resume()` hold the reading between two files; `stop()` ends it and joins the thread.
    `done` and `total` tell the progress of the current batch.
    """

    def __init__(self, root: Path, limits: ReadLimits | None = None):
        self.root = root
        self.limits = limits
        self.ready: queue.Queue[tuple[FileToRead, Extracted | None]] = queue.Queue()
        self.total = 0
        self.done = 0
        self.result = IndexResult()
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._running = threading.Event()
        self._running.set()

    @property
    def busy(self) -> bool:
        return (self._thread is not None and self._thread.is_alive()) or not self.ready.empty()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def start(self, items: list[FileToRead]) -> bool:
        """Start reading `items` unless a batch is still being read. True if a batch started."""
        if self.busy or not items:
            return False
        self.total, self.done = len(items), 0
        self.result = IndexResult()
        self._cancel.clear()
        self._thread = threading.Thread(target=self._read_all, args=(items,), name="evidence-reader", daemon=True)
        self._thread.start()
        return True

    def _read_all(self, items: list[FileToRead]) -> None:
        for item in items:
            while not self._running.wait(0.2):
                if self._cancel.is_set():
                    return
            if self._cancel.is_set():
                return
            try:
                found = read_one(self.root, item, self.limits, self._cancel)
            except Exception:  # read_text never raises; a bug here must not end the batch
                log.exception("reading an evidence file for search failed")
                found = None
            self.ready.put((item, found))

    def store_ready(self, reg: Register, settings: EvidenceSettings, budget_seconds: float = 0.5) -> int:
        """Store what has been read (for at most about `budget_seconds`); returns how many were stored."""
        stored = 0
        deadline = time.monotonic() + budget_seconds
        while time.monotonic() < deadline:
            try:
                item, found = self.ready.get_nowait()
            except queue.Empty:
                break
            outcome = store(reg, item, found, settings) if found is not None else "skipped"
            _count(self.result, item, found, outcome)
            self.done += 1
            stored += 1
        return stored

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def stop(self) -> None:
        self._cancel.set()
        self._running.set()
        if self._thread is not None:
            self._thread.join(timeout=10)  # reading stops at the next page; a daemon thread never holds the exit
            self._thread = None
        while not self.ready.empty():
            self.ready.get_nowait()


__all__ = ["ContentReader", "IndexResult", "index_contents", "read_one", "store"]
