"""Watching the evidence folder while the app (or `watch`) runs.

Events are hints; the reconcile is the truth. The watchdog observer thread
only puts events on a `queue.Queue`. Everything else (stability checks,
hashing, writing the register) happens in `process_pending()`, on whichever
thread the owner chooses, and that thread is the register's only writer.

For the desktop app (issue 5), from a worker thread or a QTimer slot::

    watcher = EvidenceWatcher(register, on_change=callback)   # Register, or a function that opens one
    watcher.start()                  # starts the observer; never hashes or writes
    ...
    result = watcher.process_pending()   # call every ~0.25-1 s; returns a ReconcileResult
    watcher.state                    # 'live' | 'polling' | 'offline' | 'stopped'
    watcher.last_reconcile           # time.time() of the last reconcile, or None
    watcher.last_result              # the last ReconcileResult that changed something
    watcher.last_error               # text of the last problem, or ''
    watcher.request_rescan()         # "Scan now": a full reconcile on the next call
    watcher.indexing                 # (files read, files in the batch, paused) for search
    watcher.pause_indexing() / resume_indexing()
    watcher.stop()                   # stops and joins the observer (and closes a register it opened)

`on_change(result)` is called from the thread that calls `process_pending`,
only when something changed; a Qt caller must hand it to the GUI thread
(a queued signal), never touch widgets in it directly.

What `process_pending` does each call:
- every `health_interval` seconds: checks the folder is reachable (without
  hanging on a dead share) and the observer threads are alive and watching
  the same folder; if the folder has gone the state becomes 'offline'; when it
  returns, or the observer died, a new observer starts and a full reconcile runs;
- drains the queue: file events restart that file's quiet period in the
  `FileStabilityTracker`; folder events, or a burst of more than
  `burst_threshold` events, ask for one full reconcile once things go quiet;
- reconciles the files that became stable (and the ones that vanished);
- runs a full reconcile at start, on request, after a burst or folder change,
  when the folder comes back, and every `rescan_minutes`;
- reads the text of new and changed files for search on its own reader thread
  (`evidence/indexing.py`), and stores what was read: reading a huge or hostile
  file never holds up the watching, and only this thread writes the register.

Local folders get native events ('live'); network folders (UNC paths, mapped
network drives, NFS/SMB/CIFS mounts) get a `PollingObserver` ('polling'),
as do folders where the user forces polling.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers.api import BaseObserver

from readiness_app.errors import ReadinessError, RegisterReplaced
from readiness_app.evidence.folder import FolderUnreachable, check_root, full_path
from readiness_app.evidence.indexing import ContentReader
from readiness_app.evidence.names import shown
from readiness_app.evidence.network import network_kind
from readiness_app.evidence.reconcile import ReconcileResult, evidence_root, reconcile
from readiness_app.evidence.settings import EvidenceSettings
from readiness_app.evidence.settings import load as load_settings
from readiness_app.evidence.stability import FileStabilityTracker
from readiness_app.logs import get_logger
from readiness_app.register.connection import Register

log = get_logger(__name__)

IGNORED_EVENTS = {"opened", "closed_no_write"}  # our own hashing opens files: not a change


class _QueueHandler(FileSystemEventHandler):
    """The only code on the observer thread: copy each event onto the queue."""

    def __init__(self, events: queue.Queue):
        super().__init__()
        self.events = events

    def dispatch(self, event) -> None:
        if event.event_type in IGNORED_EVENTS:
            return
        dest = getattr(event, "dest_path", "") or ""
        self.events.put_nowait((event.event_type, os.fsdecode(event.src_path), os.fsdecode(dest), event.is_directory))


class EvidenceWatcher:
    """Keeps the register in step with the evidence folder. See the module docstring for the API."""

    def __init__(
        self,
        register: Register | Callable[[], Register],
        *,
        on_change: Callable[[ReconcileResult], None] | None = None,
        root: Path | str | None = None,
        polling: float | None = None,
        settings: EvidenceSettings | None = None,
        clock: Callable[[], float] = time.monotonic,
        source: str = "watcher",
        burst_threshold: int = 500,
        health_interval: float = 5.0,
        probe_timeout: float = 5.0,
        workers: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ):
        self._register_arg = register
        self.progress = progress  # (hashed, to hash) during a full scan: the first look at a big folder
        self.reg: Register | None = register if isinstance(register, Register) else None
        self._owns_register = not isinstance(register, Register)
        self.on_change = on_change
        self._root_arg = root
        self._forced_polling = polling
        self._settings_arg = settings
        self.clock = clock
        self.source = source
        self.burst_threshold = burst_threshold
        self.health_interval = health_interval
        self.probe_timeout = probe_timeout
        self.workers = workers

        self.root: Path | None = None
        self.settings: EvidenceSettings | None = None
        self.events: queue.Queue = queue.Queue()
        self.tracker: FileStabilityTracker | None = None
        self.network: str | None = None
        self.last_reconcile: float | None = None
        self.last_result: ReconcileResult | None = None
        self.last_error = ""
        self._observer: BaseObserver | None = None
        self._observer_root_id: tuple[int, int] | None = None
        self._state = "stopped"
        self._full_due = False
        self._full_after_quiet = False
        self._last_event = float("-inf")
        self._next_health = 0.0
        self._next_periodic = 0.0
        self._probe: threading.Thread | None = None
        self._lock = threading.Lock()
        self.reader: ContentReader | None = None
        self._contents_due = True

    # ------------------------------------------------------------ public API

    @property
    def state(self) -> str:
        """'live' (native events), 'polling', 'offline' (folder unreachable) or 'stopped'."""
        return self._state

    @property
    def uses_polling(self) -> bool:
        assert self.settings is not None
        return bool(self._forced_polling) or self.settings.polling == "always" or self.network is not None

    @property
    def polling_seconds(self) -> float:
        assert self.settings is not None
        return float(self._forced_polling or self.settings.polling_seconds)

    @property
    def pending(self) -> int:
        """Files waiting to settle plus events not yet drained."""
        return (len(self.tracker) if self.tracker else 0) + self.events.qsize()

    def start(self) -> None:
        """Start watching. Quick: the first full reconcile runs on the first `process_pending()`."""
        if self._state != "stopped":
            return
        if self.reg is None:
            assert not isinstance(self._register_arg, Register)  # a Register given is `reg` already
            self.reg = self._register_arg()
        self.settings = self._settings_arg or load_settings(self.reg)
        self.root = Path(self._root_arg) if self._root_arg is not None else evidence_root(self.reg)
        self.tracker = FileStabilityTracker(self.settings.stability_seconds, clock=self.clock)
        self.reader = ContentReader(self.root)
        self._contents_due = True
        self.network = network_kind(self.root)
        self._full_due = True
        now = self.clock()
        self._next_health = now + self.health_interval
        self._next_periodic = now + self.settings.rescan_minutes * 60
        self._state = "offline"
        try:
            self._start_observer()
        except FolderUnreachable as exc:
            self.last_error = str(exc)
            log.warning("evidence folder offline at start")

    def stop(self) -> None:
        """Stop and join the observer and the reader; close the register if this watcher opened it."""
        self._stop_observer()
        if self.reader is not None:
            self.reader.stop()
        self._state = "stopped"
        if self._owns_register and self.reg is not None:
            self.reg.close()
            self.reg = None

    def request_rescan(self) -> None:
        self._full_due = True

    @property
    def indexing(self) -> tuple[int, int, bool]:
        """(files read, files in this batch, paused) of the reading for search; (0, 0, False) when idle."""
        reader = self.reader
        if reader is None or not reader.busy:
            return (0, 0, False)
        return (reader.done, reader.total, reader.paused)

    def pause_indexing(self) -> None:
        if self.reader is not None:
            self.reader.pause()

    def resume_indexing(self) -> None:
        if self.reader is not None:
            self.reader.resume()

    def process_pending(self, now: float | None = None) -> ReconcileResult:
        """Do whatever is due (see the module docstring); returns what changed (maybe nothing)."""
        if self._state == "stopped":
            raise RuntimeError("start() the watcher first")
        assert self.tracker is not None  # set by start()
        with self._lock:
            now = self.clock() if now is None else now
            result = ReconcileResult(full=False)
            if now >= self._next_health:
                self._next_health = now + self.health_interval
                self._health_check()
            self._drain(now)
            if self._state == "offline":
                return result
            if (
                self._full_due
                or now >= self._next_periodic
                or (self._full_after_quiet and now - self._last_event >= self.tracker.delay)
            ):
                self._run(result, now, paths=None)
            check = self.tracker.check()
            if check.ready or check.gone:
                self._run(result, now, paths=check.ready + check.gone)
            if result.has_changes or result.full:
                self._contents_due = True
            self._index_contents()
            if result.has_changes:
                self.last_result = result
                if self.on_change is not None:
                    self.on_change(result)
            return result

    def run(self, stop: threading.Event, tick: float = 0.25) -> None:
        """Loop until `stop` is set (the `watch` command). Each pass finishes its transaction first."""
        while not stop.is_set():
            self.process_pending()
            stop.wait(tick)

    # ------------------------------------------------------------ internals

    def _run(self, result: ReconcileResult, now: float, paths: list[str] | None) -> None:
        assert self.reg is not None and self.root is not None and self.settings is not None
        assert self.tracker is not None
        full = paths is None
        try:
            one = reconcile(
                self.reg,
                self.root,
                paths=paths,
                source=self.source,
                settings=self.settings,
                defer=self._defer if full else None,
                workers=self.workers,
                progress=self.progress if full else None,
            )
        except FolderUnreachable as exc:
            self.last_error = str(exc)
            self._go_offline()
            return
        except RegisterReplaced:
            raise  # a copy was put over the register: stop writing to it (the caller says so)
        except ReadinessError as exc:
            self.last_error = str(exc)
            log.warning("evidence reconcile failed: %s", type(exc).__name__)  # its text may name a file
            log.debug("evidence reconcile failed: %s", shown(str(exc)))
            if full:
                self._full_due = False
                self._next_periodic = now + self.settings.rescan_minutes * 60
            return
        except Exception:  # a bug or a locked register: keep watching, try again later
            log.exception("evidence reconcile failed")
            self.last_error = "the evidence scan failed; it will be retried (details in the log)"
            if full:
                self._full_due = False
                self._next_periodic = now + 60
            return
        if full:
            self._full_due = False
            self._full_after_quiet = False
            self._next_periodic = now + self.settings.rescan_minutes * 60
        self.last_error = ""
        for rel in one.retry:
            self.tracker.touch(rel, full_path(self.root, rel))
        self.last_reconcile = one.finished_at
        result.merge(one)

    def _index_contents(self) -> None:
        """Store what the reader has read; start reading the files not read yet when it is idle."""
        from readiness_app.register import search

        reader, reg = self.reader, self.reg
        if reader is None or reg is None:
            return
        try:
            assert self.settings is not None
            reader.store_ready(reg, self.settings)
            if reader.busy or not self._contents_due:
                return
            self._contents_due = False
            if reader.total and reader.done == reader.total:
                log.info("search: %s", reader.result.summary())
                reader.total = reader.done = 0
            settings = load_settings(reg)  # the setting may have been turned off meanwhile
            self.settings = settings
            if not settings.index_contents:
                if search.has_contents(reg):
                    search.forget_contents(reg)
                return
            reader.start(search.files_to_read(reg))
        except ReadinessError as exc:
            self.last_error = str(exc)
            self._contents_due = True
        except Exception:  # a locked register or a bug: keep watching, try again on the next run
            log.exception("storing evidence text for search failed")
            self._contents_due = True

    def _defer(self, rel: str, size: int, mtime: float) -> bool:
        """During a full reconcile, hold back files that are still arriving (the tracker takes them)."""
        assert self.tracker is not None and self.root is not None
        if rel in self.tracker:
            return True
        if abs(time.time() - mtime) < self.tracker.delay:
            self.tracker.touch(rel, full_path(self.root, rel))
            return True
        return False

    def _drain(self, now: float) -> None:
        assert self.tracker is not None and self.settings is not None and self.root is not None
        batch = []
        while True:
            try:
                batch.append(self.events.get_nowait())
            except queue.Empty:
                break
        if not batch or self._state == "offline":
            return
        self._last_event = now
        if len(batch) > self.burst_threshold:
            # A burst (a whole folder copied in): one full reconcile once it goes quiet.
            self._full_after_quiet = True
            self.tracker.clear()
            log.info("evidence burst of %d events; full reconcile when quiet", len(batch))
            return
        rules = self.settings.ignore_rules
        root = str(self.root)
        for kind, src, dest, is_dir in batch:
            if is_dir:
                if kind in ("created", "deleted", "moved"):
                    self._full_after_quiet = True
                continue
            for path in (src, dest) if kind == "moved" else (src,):
                if not path:
                    continue
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                if rel.startswith("../") or rel == ".." or rel == "." or rules.ignores(rel):
                    continue
                if self._full_after_quiet:
                    continue  # the coming full reconcile covers it
                self.tracker.touch(rel, full_path(self.root, rel))

    def _health_check(self) -> None:
        st = self._probe_root()
        if st is None:
            if self._state != "offline":
                log.warning("evidence folder unreachable; watching paused")
                self._go_offline()
            return
        root_id = (st.st_dev, st.st_ino)
        healthy = (
            self._observer is not None
            and self._observer.is_alive()
            and all(e.is_alive() for e in list(self._observer.emitters))
            and bool(self._observer.emitters)
            and root_id == self._observer_root_id
        )
        if not healthy:
            was = self._state
            log.info("evidence watcher restarting (was %s)", was)
            self._stop_observer()
            try:
                self._start_observer()
            except FolderUnreachable as exc:
                self.last_error = str(exc)
                self._go_offline()
                return
            self._full_due = True  # events may have been lost meanwhile

    def _probe_root(self):
        """Stat the root on a helper thread, so a hung network share cannot hang the caller."""
        if self._probe is not None and self._probe.is_alive():
            return None  # the last probe is still stuck: the share is not answering
        box: dict = {}
        done = threading.Event()
        root = self.root
        assert root is not None

        def probe() -> None:
            try:
                box["st"] = check_root(root)
            except (FolderUnreachable, OSError) as exc:
                box["error"] = str(exc)
            finally:
                done.set()

        self._probe = threading.Thread(target=probe, name="evidence-probe", daemon=True)
        self._probe.start()
        if not done.wait(self.probe_timeout):
            self.last_error = f"evidence folder {self.root} is not answering"
            return None
        if "error" in box:
            self.last_error = box["error"]
        return box.get("st")

    def _go_offline(self) -> None:
        self._stop_observer()
        self._state = "offline"
        if self.tracker is not None:
            self.tracker.clear()
        self._full_due = True  # reconcile as soon as it is back

    def _start_observer(self) -> None:
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        assert self.root is not None
        st = check_root(self.root)
        handler = _QueueHandler(self.events)
        observer: BaseObserver
        if self.uses_polling:
            observer = PollingObserver(timeout=self.polling_seconds)
            state = "polling"
        else:
            observer = Observer()
            state = "live"
        try:
            observer.schedule(handler, str(self.root), recursive=True)
            observer.start()
        except OSError as exc:
            if state == "polling":
                raise FolderUnreachable(f"cannot watch {self.root}: {exc.strerror or exc}") from None
            # Native watching refused (e.g. the Linux inotify limit): poll instead.
            log.warning("native watching unavailable (%s); polling instead", exc.strerror or exc)
            self._stop(observer)
            observer = PollingObserver(timeout=self.polling_seconds)
            observer.schedule(handler, str(self.root), recursive=True)
            observer.start()
            state = "polling"
        self._observer = observer
        self._observer_root_id = (st.st_dev, st.st_ino)
        self._state = state
        log.info("evidence folder watched (%s)", state)

    @staticmethod
    def _stop(observer) -> None:
        try:
            observer.stop()
            if observer.is_alive():
                observer.join(timeout=10)
        except Exception:  # stopping a broken observer must not stop the app
            log.exception("stopping the evidence observer failed")

    def _stop_observer(self) -> None:
        if self._observer is not None:
            self._stop(self._observer)
            self._observer = None
            self._observer_root_id = None

    def __enter__(self) -> EvidenceWatcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
