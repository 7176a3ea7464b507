"""Keeping the inbox live: the evidence watcher seen from the window.

The watcher (readiness_app.evidence.watcher, no Qt) runs on the writer thread,
because reconciling writes the register and the writer is the only writer:
`start()` and every `process_pending()` are queued there as jobs. A QTimer on
the GUI thread queues the next `process_pending()` only when the previous one
has come back, so ticks never pile up behind a long job. When a run changed
something, the window refreshes and the status bar says what arrived.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from readiness_app.logs import get_logger
from readiness_app.ui.context import AppContext
from readiness_app.ui.wording import counted

log = get_logger("readiness_app.ui.watching")

TICK_MS = 400
PROGRESS_FROM = 200  # files to read before a scan shows its progress


def _watcher_class() -> Any:
    # Imported when watching starts (after the first paint): watchdog costs start-up time.
    from readiness_app.evidence.watcher import EvidenceWatcher

    return EvidenceWatcher


class WatcherBridge(QObject):
    state_changed = Signal()
    files_arrived = Signal(int)  # how many new items reached the inbox in one run
    reconciled = Signal(object)  # the ReconcileResult of a run that changed something
    indexing = Signal(int, int, bool)  # files read for search, files in the batch, paused
    scan_progress = Signal(int, int)  # (files hashed, files to hash), from the writer thread

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.watcher: Any = None
        self.state = "off"
        self.error = ""
        self.last_reconcile: datetime | None = None
        self._in_flight = False
        self._stopping = False
        self._indexing_shown = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self.scan_progress.connect(self._show_progress)  # queued: emitted on the writer thread
        self._progress_shown = -1

    # ------------------------------------------------------------ control (GUI thread)

    def start(self) -> None:
        if self._stopping:
            return
        if self.ctx.evidence_folder() is None:
            self._set_state("unavailable", "no evidence folder is set for this register")
            return

        cls = _watcher_class()

        report = self.scan_progress.emit

        def start_on_writer(reg) -> Any:
            watcher = cls(reg, source="watcher", progress=report)
            watcher.start()
            return watcher

        self._in_flight = True
        self.ctx.writer.submit(
            start_on_writer, description="starting the evidence watcher", on_done=self._started, on_error=self._failed
        )

    def _started(self, watcher: Any) -> None:
        self._in_flight = False
        if self._stopping:
            return
        self.watcher = watcher
        self._set_state(watcher.state, watcher.last_error)
        self._timer.start()
        self._tick()

    def _failed(self, error: BaseException) -> None:
        from readiness_app.errors import RegisterReplaced

        self._in_flight = False
        if isinstance(error, RegisterReplaced):  # nothing more may be written: stop watching, say why once
            self.stop()
            self.error = str(error)
            self.state_changed.emit()
            self.ctx.notice.emit(error.message)
            return
        log.warning("evidence watcher problem: %s", type(error).__name__)
        self._set_state("offline", str(error))

    def stop(self) -> None:
        """Stop the observer on the writer thread (queued before the writer itself stops)."""
        self._stopping = True
        self._timer.stop()
        watcher, self.watcher = self.watcher, None
        if watcher is not None and not self.ctx.writer.stopped:
            self.ctx.writer.submit(lambda _reg: watcher.stop(), description="stopping the evidence watcher")
        self.state = "off"

    def pause_indexing(self, pause: bool) -> None:
        """Hold (or go on with) the reading of files for search; safe from the GUI thread."""
        if self.watcher is not None:
            if pause:
                self.watcher.pause_indexing()
            else:
                self.watcher.resume_indexing()

    def rescan(self) -> None:
        """Ask for a full reconciliation now (F5)."""
        if self.watcher is not None:
            self.watcher.request_rescan()
            self._tick()
        elif not self._in_flight:
            self.start()

    def rescan_soon(self) -> None:
        """After the app itself copied files in: make sure a run happens soon even if events were missed."""
        if self.watcher is not None:
            QTimer.singleShot(3000, self.rescan)

    def _show_progress(self, done: int, total: int) -> None:
        """The first scan of a big folder takes a while: say how far it has got, in steps of 5%."""
        if total < PROGRESS_FROM:
            return
        step = done * 20 // total
        if step == self._progress_shown and done != total:
            return
        self._progress_shown = step
        if done >= total:
            self.ctx.notice.emit(f"Evidence folder checked: {total:,} files read")
        else:
            self.ctx.notice.emit(f"Checking the evidence folder: {done:,} of {total:,} files read ({step * 5}%)")

    # ------------------------------------------------------------ ticking

    def _tick(self) -> None:
        if self._in_flight or self.watcher is None or self._stopping:
            return
        watcher = self.watcher
        self._in_flight = True
        self.ctx.writer.submit(
            lambda _reg: watcher.process_pending(),
            description="checking the evidence folder",
            on_done=self._processed,
            on_error=self._failed,
        )

    def _processed(self, result: Any) -> None:
        self._in_flight = False
        watcher = self.watcher
        if watcher is None:
            return
        if watcher.last_reconcile:
            self.last_reconcile = datetime.fromtimestamp(watcher.last_reconcile)
        self._set_state(watcher.state, watcher.last_error)
        done, total, paused = watcher.indexing
        if total or self._indexing_shown:
            self._indexing_shown = bool(total)
            self.indexing.emit(done, total, paused)
        if result is not None and result.has_changes:
            self.reconciled.emit(result)
            self._announce(result)
            if result.inbox or result.added:
                count = result.inbox or result.added
                self.files_arrived.emit(count)
                text = f"{count} new file{'s' if count != 1 else ''} in the evidence inbox"
                self.ctx.notice.emit(text)
                from readiness_app.ui.notifications import notify_arrival

                notify_arrival(self.parent(), text)
            elif result.missing:
                self.ctx.notice.emit(f"{counted(result.missing, 'evidence file')} went missing from the folder")

    def _announce(self, result: Any) -> None:
        """Name the items the run touched, so pages reload only those rows; anything unclear reloads all."""
        ids = {c.item_id for c in result.changes}
        if None in ids or any(c.kind == "duplicate" for c in result.changes):
            self.ctx.data_changed.emit()  # a duplicate flag can change the other copy's row too
            return
        from readiness_app.register.changes import Changes

        self.ctx.announce(Changes.of(evidence=ids))

    def _set_state(self, state: str, error: str = "") -> None:
        changed = (state, error) != (self.state, self.error)
        self.state, self.error = state, error
        if changed or self.last_reconcile is not None:
            self.state_changed.emit()

    def describe(self) -> str:
        if self.state == "off":
            return "Evidence folder: not watched"
        if self.state == "unavailable":
            return "Evidence folder: not watched" + (f" ({self.error})" if self.error else "")
        words = {"live": "live", "polling": "polling", "offline": "OFFLINE", "stopped": "stopped"}
        text = f"Evidence folder: {words.get(self.state, self.state)}"
        if self.last_reconcile is not None:
            text += f", checked {self.last_reconcile:%H:%M:%S}"
        return text
