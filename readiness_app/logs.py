"""Logging to a file in the user's data folder.

What may be logged: counts, ids, paths inside the evidence folder, timings,
errors. What never is: names, notes, case details, passphrases. Code logs ids,
not records.
"""

from __future__ import annotations

import logging
from pathlib import Path

from readiness_app.paths import user_data_dir

MAX_BYTES = 1_000_000
KEEP = 3
_configured = False


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


def setup_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    logger = logging.getLogger("readiness_app")
    logger.setLevel(level)
    logger.propagate = False
    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        _rotate(path)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        handler = logging.NullHandler()  # an unwritable data folder must not stop the app
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
