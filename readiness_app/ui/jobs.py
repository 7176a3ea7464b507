"""Background work: one thread per runner, results posted back to the GUI thread.

`JobRunner` owns a thread and (optionally) its own register connection. Jobs
are plain callables `fn(register) -> result` queued in order and run one at a
time, so the writer runner is the register's single writer (and reportlab,
which is not thread-safe, only ever builds one PDF at a time). When a job ends,
`on_done(result)` or `on_error(exception)` runs on the GUI thread. Exceptions
are never swallowed: a `ReadinessError` goes to the caller as-is, anything else
is logged with its traceback and handed over too, so the window can say
"Something went wrong ... details in the log file".

The worker thread never touches a widget; it only emits signals (queued to
the GUI thread), which is the one safe way across threads in Qt.
"""

from __future__ import annotations

import itertools
import queue
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from readiness_app.errors import ReadinessError
from readiness_app.logs import get_logger

log = get_logger("readiness_app.ui.jobs")

Opener = Callable[[], Any]


class _Job:
    __slots__ = ("id", "fn", "description", "on_done", "on_error")

    def __init__(
        self,
        id: int,  # noqa: A002
        fn: Callable[[Any], Any],
        description: str,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ):
        self.id, self.fn, self.description, self.on_done, self.on_error = id, fn, description, on_done, on_error


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues, the GUI thread receives."""

    finished = Signal(int, object, object)  # job id, result, exception (one of them None)


class _Loop(QThread):
    def __init__(self, runner: JobRunner):
        super().__init__()
        self._runner = runner

    def run(self) -> None:
        self._runner._thread_main()


class JobRunner(QObject):
    """A queue of jobs on one thread. `opener` makes the thread's own register (or None)."""

    busy_changed = Signal(int)  # how many jobs are queued or running
    job_failed = Signal(str, object)  # description, exception (for the status bar's "failed work")
    job_succeeded = Signal(str)  # description

    def __init__(self, name: str, opener: Opener | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._opener = opener
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._jobs: dict[int, _Job] = {}
        self._ids = itertools.count(1)
        self._relay = _Relay()
        # The relay lives on the GUI thread and emits from the worker, so the automatic connection
        # is a queued one (naming Qt.QueuedConnection would load the whole Qt namespace at start-up).
        self._relay.finished.connect(self._on_finished)
        self._thread = _Loop(self)
        self._thread.setObjectName(f"readiness-{name}")
        self.register: Any = None
        self.open_error: BaseException | None = None
        self._stopped = False
        self._thread.start()

    # ------------------------------------------------------------ GUI thread

    def submit(
        self,
        fn: Callable[[Any], Any],
        *,
        description: str = "",
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Queue `fn(register)`; returns the job id. Callbacks run on the GUI thread."""
        if self._stopped:
            raise RuntimeError(f"job runner {self.name} has been stopped")
        job = _Job(next(self._ids), fn, description or getattr(fn, "__name__", "job"), on_done, on_error)
        self._jobs[job.id] = job
        self._queue.put(job)
        self.busy_changed.emit(len(self._jobs))
        return job.id

    @property
    def pending(self) -> int:
        return len(self._jobs)

    @property
    def stopped(self) -> bool:
        """True once `stop` has been called: no more jobs are taken."""
        return self._stopped

    def stop(self, timeout_ms: int = 30_000) -> None:
        """Finish the queued jobs, close the thread's register and join the thread."""
        if self._stopped:
            return
        self._stopped = True
        self._queue.put(None)
        if not self._thread.wait(timeout_ms):
            log.error("job runner %s did not stop within %d ms", self.name, timeout_ms)
        self._jobs.clear()

    def _on_finished(self, job_id: int, result: Any, error: BaseException | None) -> None:
        job = self._jobs.pop(job_id, None)
        self.busy_changed.emit(len(self._jobs))
        if job is None:
            return
        if error is None:
            self.job_succeeded.emit(job.description)
            if job.on_done is not None:
                job.on_done(result)
            return
        self.job_failed.emit(job.description, error)
        if job.on_error is not None:
            job.on_error(error)

    # ------------------------------------------------------------ worker thread

    def _thread_main(self) -> None:
        opener = self._opener
        while True:
            job = self._queue.get()
            if job is None:
                break
            if opener is not None:
                # Opened with the first job, not at thread start, so a runner that is not
                # needed yet (the reader at start-up) does not compete with the first paint.
                try:
                    self.register = opener()
                except BaseException as exc:  # reported for every job instead
                    self.open_error = exc
                opener = None
            result: Any = None
            error: BaseException | None = None
            try:
                if self.open_error is not None:
                    raise self.open_error
                result = job.fn(self.register)
            except ReadinessError as exc:
                error = exc
            except BaseException as exc:
                from readiness_app.opening import database_problem

                # busy, damaged or a full disk met by a job: one line the user can act on, not a bug
                error = database_problem(exc, getattr(self.register, "path", None))
                if error is None:
                    log.exception("background job %r failed", job.description)
                    error = exc
            self._relay.finished.emit(job.id, result, error)
            catch_up = getattr(self.register, "bring_file_up_to_date", None)
            if catch_up is not None:  # the writer's journal into the file, after the window heard of the write
                try:
                    catch_up()
                except Exception:
                    log.exception("bringing the %s register file up to date failed", self.name)
        if self.register is not None:
            try:
                self.register.close()
            except Exception:
                log.exception("closing the %s connection failed", self.name)
            self.register = None
