"""Text in other scripts, printed the right way round and shaped, or replaced by a clear placeholder.

Councils serve people who write their names in Arabic, Hebrew, Chinese, Japanese,
Korean or Devanagari. The bundled DejaVu Sans has Arabic (with its joined forms) and
Hebrew, so right-to-left runs are shaped (arabic-reshaper) and put in visual order
(python-bidi) before reportlab lays them out, which it would otherwise print
reversed and unjoined. Scripts the font does not cover (CJK, Hangul, Devanagari ...)
would print as empty boxes: each run is replaced by "[Devanagari script: not
printable here]" and the build collects what it replaced, so the caller can name
the records (see `rendering.text_warnings`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

# Hebrew, Arabic (and its supplements and presentation forms): printed right to left.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")

# Texts that needed help in the build under way: what was replaced or is too long, by text.
_replaced: ContextVar[dict[str, set[str]] | None] = ContextVar("replaced", default=None)
# A word longer than this, or more line breaks than this, is broken or runs on across pages; it is
# reported so the record can be put right, and never stops the document.
LONG_WORD = re.compile(r"\S{90,}")
MANY_LINES = 60
TOO_LONG = "too long"


@cache
def _covered() -> frozenset[int]:
    """Code points the bundled font has a glyph for."""
    from reportlab.pdfbase import pdfmetrics

    from readiness_app.reports.fonts import FAMILY, register_fonts

    register_fonts()
    font = pdfmetrics.getFont(FAMILY)
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]


def script_name(ch: str) -> str:
    """'Devanagari', 'CJK', 'Hangul', 'Hiragana' ... from the character's Unicode name."""
    try:
        word = unicodedata.name(ch).split()[0]
    except ValueError:
        return "unknown"
    return {"CJK": "Chinese or Japanese (CJK)", "HANGUL": "Korean (Hangul)"}.get(word, word.title())


def _missing(ch: str) -> bool:
    return ord(ch) not in _covered() and unicodedata.category(ch)[0] not in "ZC"


def printable(text: str) -> str:
    """`text` as it must reach reportlab; ASCII and Latin text comes back untouched, at once."""
    if len(text) >= 90 and (text.count("\n") > MANY_LINES or LONG_WORD.search(text)):
        seen = _replaced.get()
        if seen is not None:
            seen.setdefault(text, set()).add(TOO_LONG)
        # reportlab splits an over-long word letter by letter, which takes seconds for thousands of letters
        text = LONG_WORD.sub(lambda m: " ".join(m[0][i : i + 60] for i in range(0, len(m[0]), 60)), text)
    if text.isascii():
        return text
    scripts: set[str] = set()
    if any(_missing(ch) for ch in text):
        out: list[str] = []
        run: list[str] = []
        for ch in text:
            if _missing(ch) or (run and ch == " "):
                run.append(ch)
                continue
            if run:
                out.append(_placeholder(run, scripts))
                run = []
            out.append(ch)
        if run:
            out.append(_placeholder(run, scripts))
        seen = _replaced.get()
        if seen is not None:
            seen.setdefault(text, set()).update(scripts)
        text = "".join(out)
    if _RTL.search(text):
        text = "\n".join(_visual(line) for line in text.split("\n"))
    return text


def _placeholder(run: list[str], scripts: set[str]) -> str:
    trailing = len(run) - len("".join(run).rstrip(" "))
    names = sorted({script_name(ch) for ch in run if ch != " "})
    scripts.update(names)
    return f"[{' and '.join(names)} script: not printable here]" + " " * trailing


def _visual(line: str) -> str:
    """One line of mixed text with its right-to-left runs shaped and in the order they are read."""
    if not _RTL.search(line):
        return line
    from bidi import get_display

    if _ARABIC.search(line):
        import arabic_reshaper

        line = arabic_reshaper.reshape(line)
    return get_display(line)


@contextmanager
def collecting() -> Iterator[dict[str, set[str]]]:
    """Collect, for one build, each text that had a run replaced by a placeholder and its scripts."""
    seen: dict[str, set[str]] = {}
    token = _replaced.set(seen)
    try:
        yield seen
    finally:
        _replaced.reset(token)
