"""Encrypting a finished PDF (writing it goes through `readiness_app.output_files`).

Encryption is AES-256 via pypdf: reportlab's own encryption is RC4 by default
and its AES output does not open in poppler-based viewers, while pypdf's opens
in poppler and pdfium (QtPdf) alike.
"""

from __future__ import annotations

import io

from readiness_app.errors import ReadinessError


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
