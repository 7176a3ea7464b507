"""Putting a finished PDF on disk safely, optionally encrypted.

The file is written to a temporary name in the target folder and renamed into
place, so a crash, a full disk or a locked target never leaves half a PDF.
Encryption is AES-256 via pypdf: reportlab's own encryption is RC4 by default
and its AES output does not open in poppler-based viewers, while pypdf's opens
in poppler and pdfium (QtPdf) alike.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from readiness_app.errors import ReadinessError


def check_target(path: Path | str) -> Path:
    """Refuse an unusable output path before any work is done."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise ReadinessError(f"{path} is a folder; give a file name such as {path / 'document.pdf'}", field="output")
    folder = path.parent.resolve() if str(path.parent) else Path.cwd()
    if not folder.exists():
        raise ReadinessError(f"cannot write {path.name}: folder {folder} does not exist", field="output")
    if not folder.is_dir():
        raise ReadinessError(f"cannot write {path.name}: {folder} is not a folder", field="output")
    if not os.access(folder, os.W_OK):
        raise ReadinessError(f"cannot write to folder {folder} (permission denied)", field="output")
    return folder / path.name


def encrypt(data: bytes, password: str) -> bytes:
    """AES-256 encrypt a PDF so it opens only with `password`."""
    if not password:
        raise ReadinessError("the password is empty", field="password")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_atomically(data: bytes, path: Path | str) -> Path:
    """Write bytes to `path` via a temporary file in the same folder."""
    target = check_target(path)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise ReadinessError(f"cannot write to folder {target.parent}: {exc.strerror or exc}", field="output") from None
    temp = Path(temp_name)  # mkstemp makes it owner-only (0600): packs may hold personal data
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(temp, target)
        except PermissionError:
            raise ReadinessError(
                f"cannot replace {target.name}: it is open in another program or read-only",
                "close the PDF (in Acrobat, Edge, a preview pane ...) and print again, or choose another file name",
                field="output",
            ) from None
    except OSError as exc:
        raise ReadinessError(f"cannot write {target}: {exc.strerror or exc}", field="output") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()  # already gone after a successful rename
    return target
