"""Logging to a rotating file in the user's data folder.

What may be logged: counts, ids, paths inside the evidence folder, timings,
errors. What never is: names, notes, case details, passphrases. Code logs ids,
not records.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from readiness_app.paths import user_data_dir

_configured = False


def log_file() -> Path:
    return user_data_dir() / "logs" / "readiness.log"


def setup_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    logger = logging.getLogger("readiness_app")
    logger.setLevel(level)
    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True
        )
    except OSError:
        handler = logging.NullHandler()  # an unwritable data folder must not stop the app
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.propagate = False
