"""Reading a passphrase (or a PDF password) from a file: the one reader for commands and the app.

A file saved by an editor may carry a byte-order mark, a trailing newline, or
characters composed differently from what a keyboard types (é as one code point
or as e plus an accent). So the text is decoded as UTF-8, the BOM and ONE
trailing newline are dropped, and it is normalised to NFC: the same words give
the same key however they were saved. A line break inside is refused (no
password box could type it), and so is a file that is not text. The file's
content is never echoed: someone may have put the secret itself on the command line.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from readiness_app.errors import ReadinessError

MAX_BYTES = 4096  # a passphrase file is a line, not a document


def typed(text: str) -> str:
    """A passphrase typed in a terminal or a password box, composed as the file reader composes it (NFC)."""
    return unicodedata.normalize("NFC", text)


def read_secret_file(path: Path | str, *, what: str = "passphrase", option: str = "--passphrase-file") -> str:
    """The secret held in `path`, normalised; ReadinessError (one line, no secret in it) otherwise."""
    path = Path(path)
    hint = f"give with {option} the path of a file holding the {what} on one line, never the {what} itself"
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReadinessError(
            f"cannot read the {what} file given with {option}: {exc.strerror or 'not readable'}", hint
        ) from None
    if len(data) > MAX_BYTES:
        raise ReadinessError(f"the {what} file {path} is too large to hold a {what}", hint)
    try:
        text = data.decode("utf-8-sig")  # -sig: drops a byte-order mark
    except UnicodeDecodeError:
        raise ReadinessError(f"the {what} file {path} is not a text file (it is not UTF-8 text)", hint) from None
    if "\x00" in text:
        raise ReadinessError(f"the {what} file {path} is not a text file (it holds NUL bytes)", hint)
    for ending in ("\r\n", "\n", "\r"):
        if text.endswith(ending):
            text = text[: -len(ending)]
            break
    if "\n" in text or "\r" in text:
        raise ReadinessError(
            f"the {what} in {path} contains a line break, which no {what} box could type; nothing was done",
            f"put the {what} on the first line of the file, alone",
        )
    if not text:
        raise ReadinessError(f"the {what} file {path} is empty", hint)
    return typed(text)
