"""File names from the evidence folder: how they are stored and how they are shown.

Anyone who can drop a file in the shared folder chooses its name, and a name
may hold a line break, a terminal escape or bytes that are not text at all.

- Shown: every output that prints a name (the `watch` log, `scan`, listings,
  the log file) goes through `shown`, which writes control characters as
  escapes (`\\n`, `\\x1b`, `\\u202e`), so a name can never start a new line or
  dress itself up as another one.
- Stored: a Linux name that is not valid UTF-8 arrives from the OS with each
  bad byte as a lone surrogate (Python's "surrogateescape"), which SQLite
  cannot store. The register keeps it with each such byte written `\\xNN`
  (`report-\\xe9t\\xe9.pdf`), which is also how it is shown; `os_name` turns
  that back into the name the OS knows, to open or hash the file. (A real name
  holding a literal backslash, x and two hex digits would be misread; Windows
  forbids backslashes in names, and on Linux such a name is vanishingly rare.)
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the Unicode line/paragraph separators and the bidi
# overrides (which can make "gpj.exe" read as "exe.jpg").
# Lone surrogates (a name straight from the OS) are shown as the bytes they stand for.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BYTE_ESCAPE = re.compile(r"\\x([89a-f][0-9a-f])")


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(name: str) -> str:
    """A file name (or any text holding one) safe to print on one line."""
    if name.isprintable():
        return name  # the usual name: nothing to do
    return _CONTROL.sub(_escape, name)


def stored_name(os_text: str) -> str | None:
    """The register's text for a name or path the OS gave; None if it cannot be stored at all.

    None is for a Windows name with an unpaired UTF-16 surrogate: the scan counts it as unreadable.
    """
    try:
        os_text.encode("utf-8")
        return os_text
    except UnicodeEncodeError:
        pass
    try:
        raw = os_text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return None
    return raw.decode("utf-8", "backslashreplace")


def os_name(stored: str) -> str:
    """The OS's name for a stored name or path (undoing `stored_name`)."""
    if "\\x" not in stored:
        return stored
    return _BYTE_ESCAPE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), stored)
