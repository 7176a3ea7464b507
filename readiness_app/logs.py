"""Logging to a file in the user's data folder; every module gets its logger here.

What may be logged: counts, ids, timings, errors. What never is: names,
notes, case details, passphrases. Code logs ids, not records. Evidence file
names can name people (a colleague's "J Smith care plan.docx"), so they go to
the log only at debug level, which is off unless `READINESS_LOG=debug` is set
for a troubleshooting run.

`get_logger` hands out a stand-in that imports and configures `logging` on its
first use: the desktop window's cold start is measured against a bare Qt
window, and importing `logging` costs several milliseconds that a start-up
which logs nothing need not pay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness_app.paths import user_data_dir

MAX_BYTES = 1_000_000
KEEP = 3
_configured = False


class _Logger:
    """Looks like a `logging.Logger`; becomes one on first use."""

    __slots__ = ("name", "_real")

    def __init__(self, name: str) -> None:
        self.name = name
        self._real: Any = None

    def __getattr__(self, attribute: str) -> Any:
        if self._real is None:
            import logging

            setup_logging()
            self._real = logging.getLogger(self.name)
        return getattr(self._real, attribute)


def get_logger(name: str) -> Any:
    """The logger for a module (pass `__name__`)."""
    return _Logger(name)


def log_file() -> Path:
    return user_data_dir() / "logs" / "readiness.log"


def _rotate(path: Path) -> None:
    """Keep KEEP old logs; done once at start-up (logging.handlers costs start-up time)."""
    try:
        if not path.exists() or path.stat().st_size < MAX_BYTES:
            return
        for n in range(KEEP - 1, 0, -1):
            older = path.with_name(f"{path.name}.{n}")
            if older.exists():
                older.replace(path.with_name(f"{path.name}.{n + 1}"))
        path.replace(path.with_name(f"{path.name}.1"))
    except OSError:
        pass


def _owner_only(path: Path) -> None:
    """The log names files and ids: create it (and tighten one from an older release) owner-only."""
    import os

    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        if os.name == "posix":
            os.chmod(path, 0o600)
            os.chmod(path.parent, 0o700)
    except OSError:
        pass


def setup_logging(level: int | None = None) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    import logging

    logger = logging.getLogger("readiness_app")
    import os

    if level is None:
        level = logging.DEBUG if os.environ.get("READINESS_LOG", "").lower() == "debug" else logging.INFO
    logger.setLevel(level)
    logger.propagate = False
    try:
        path = log_file()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _rotate(path)
        _owner_only(path)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        handler = logging.NullHandler()  # an unwritable data folder must not stop the app
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
