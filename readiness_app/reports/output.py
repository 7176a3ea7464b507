"""Encrypting a finished PDF (writing it goes through `readiness_app.output_files`).

Encryption is AES-256 via pypdf: reportlab's own encryption is RC4 by default
and its AES output does not open in poppler-based viewers, while pypdf's opens
in poppler and pdfium (QtPdf) alike.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator

from readiness_app.errors import ReadinessError


@contextlib.contextmanager
def _pypdf_quiet() -> Iterator[None]:
    """pypdf logs a SASLprep warning (for a password with, say, a tab or mixed scripts) that
    Python would print on stderr; it goes to the app's log file instead (no password in it)."""
    import logging

    pypdf_log = logging.getLogger("pypdf")

    class ToAppLog(logging.Handler):  # built here: `logging` loads only when printing
        def emit(self, record: logging.LogRecord) -> None:
            _log_record(record)

    handler = ToAppLog()
    pypdf_log.addHandler(handler)
    previous, pypdf_log.propagate = pypdf_log.propagate, False
    try:
        yield
    finally:
        pypdf_log.removeHandler(handler)
        pypdf_log.propagate = previous


def _log_record(record) -> None:
    from readiness_app.logs import get_logger

    get_logger(__name__).info("pypdf: %s", record.getMessage().split(":")[0])


MIN_PASSWORD = 8  # the same floor as a register's passphrase


def check_password(password: str) -> str:
    """Refuse a PDF password too short to protect anything (the app, the commands and `encrypt` ask here)."""
    if not password:
        raise ReadinessError("the password is empty", field="password")
    if len(password) < MIN_PASSWORD:
        raise ReadinessError(
            f"a PDF password needs at least {MIN_PASSWORD} characters; nothing was printed", field="password"
        )
    return password


def encrypt(data: bytes, password: str) -> bytes:
    """AES-256 encrypt a PDF so it opens only with `password`."""
    check_password(password)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    with _pypdf_quiet():
        writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
