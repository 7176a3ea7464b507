"""Guessing a new file's quality statements, evidence category and information-return reference.

All name matching goes through `framework.matcher`, so a folder called
`07 Safeguarding`, `QS3 - equity` or `Safe pathways, systems and transitions`
means the same here as in a spreadsheet import.

Rules, in the users' terms:
- QS: explicit QS numbers anywhere on the path (`QS3`, `[QS5]`, `qs_07`) and
  QS named or numbered by any folder (`07 Safeguarding/`). Words in the file
  name count only when no folder names a QS, and a leading number on a file
  name ("01 Agenda.pdf") never does: files are numbered for many reasons.
- Category: the innermost folder that names an evidence category
  (`People's experience/`); a folder that names a QS is never read as a
  category ("Supporting people to live healthier lives" is not "people").
- Reference: the first match of the information-return pattern in the file
  name (setting `evidence.reference_pattern`, a regular expression; a group
  named `ref` picks part of the match). Spaces and underscores become '-'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from readiness_app.errors import ReadinessError
from readiness_app.framework import Framework, current
from readiness_app.framework.matcher import match_all_qs, match_category

DEFAULT_REFERENCE_PATTERN = r"(?i)(?<![a-z0-9])(?:LAIR|IR)[ _-]?\d{1,4}(?![0-9])"
REFERENCE_SETTING = "evidence.reference_pattern"

_EXPLICIT_QS = re.compile(r"(?i)(?<![a-z0-9])qs[\s_\-]*0*\d{1,2}(?![0-9])")
_LEADING_NUMBER = re.compile(r"^\s*\d+\s*[.)\-_:]?\s*")


@dataclass(frozen=True)
class Classification:
    qs: list[str] = field(default_factory=list)
    category: str | None = None
    reference: str | None = None

    @property
    def complete(self) -> bool:
        """Enough to take the file in without the lead: at least one QS and a category."""
        return bool(self.qs) and self.category is not None


@lru_cache(maxsize=16)
def compile_reference_pattern(pattern: str | None) -> re.Pattern[str]:
    try:
        regex = re.compile(pattern or DEFAULT_REFERENCE_PATTERN)
    except re.error as exc:
        raise ReadinessError(
            f"the reference pattern {pattern!r} is not a valid regular expression ({exc})",
            hint="fix the setting evidence.reference_pattern, or clear it to use the default",
            field=REFERENCE_SETTING,
        ) from None
    if pattern:
        _refuse_slow_pattern(pattern)
    return regex


# Python's matcher backtracks: a repeat around something that can itself match in
# several ways ("([a-z]+ ?)*") tries exponentially many splits of a long file name,
# and the scan and the watcher would hang on it. Such patterns are refused when the
# setting is saved and when it is read, so no file name is ever matched against one.
# Two open-ended repeats cost at most n² steps on a name of n characters (about 1 s per
# 1,000 long names); each more multiplies that by n.
MAX_OPEN_REPEATS = 2


def _refuse_slow_pattern(pattern: str) -> None:
    from re import _parser  # type: ignore[attr-defined]  # the stdlib's own parse of a pattern

    tree = _parser.parse(pattern)
    open_repeats = 0
    for repeat, body in _repeats(list(tree)):
        if repeat[1] == _parser.MAXREPEAT:
            open_repeats += 1
        if repeat[1] > 1 and _varies(body):
            raise _slow(pattern, "it repeats a part that itself repeats or has alternatives (a nested quantifier)")
    if open_repeats > MAX_OPEN_REPEATS:
        raise _slow(pattern, f"it has {open_repeats} open-ended repeats (* or +); at most {MAX_OPEN_REPEATS}")


def _slow(pattern: str, why: str) -> ReadinessError:
    return ReadinessError(
        f"the reference pattern {pattern!r} could take hours on one long file name: {why}",
        hint=r"write it without repeating a repeat, e.g. (?i)LAIR-\d+ , or clear the setting to use the default",
        field=REFERENCE_SETTING,
    )


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT"}  # a possessive repeat never backtracks: it is safe


def _repeats(items: list) -> list[tuple[tuple[int, int], list]]:
    """Every (min, max) repeat in a parsed pattern with its body, nested ones included."""
    found: list[tuple[tuple[int, int], list]] = []
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            low, high, body = arg
            found.append(((low, high), list(body)))
            found += _repeats(list(body))
        else:
            for sub in _children(name, arg):
                found += _repeats(sub)
    return found


def _children(name: str, arg: object) -> list[list]:
    """The sub-patterns below one node of the parse (groups, alternatives, look-arounds)."""
    if name == "SUBPATTERN":
        return [list(arg[-1])]  # type: ignore[index]
    if name == "BRANCH":
        return [list(b) for b in arg[1]]  # type: ignore[index]
    if name in ("ASSERT", "ASSERT_NOT", "POSSESSIVE_REPEAT"):
        return [list(arg[-1])]  # type: ignore[index]
    if name == "ATOMIC_GROUP":
        return [list(arg)]  # type: ignore[call-overload]
    if name == "GROUPREF_EXISTS":
        return [list(b) for b in arg[1:] if b is not None]  # type: ignore[index]
    return []


def _varies(body: list) -> bool:
    """True when `body` can match the same text in more than one way: a variable repeat or alternatives."""
    for op, arg in body:
        name = str(op)
        if name in _REPEATS and arg[0] != arg[1]:
            return True
        if name == "BRANCH":
            return True
        if name == "ATOMIC_GROUP" or name == "POSSESSIVE_REPEAT":
            continue  # matched once, never retried
        if any(_varies(sub) for sub in _children(name, arg)):
            return True
    return False


def reference_from_name(name: str, pattern: str | None = None) -> str | None:
    regex = compile_reference_pattern(pattern)
    m = regex.search(name)
    if not m:
        return None
    text = m.group("ref") if "ref" in regex.groupindex else m.group(0)
    text = re.sub(r"[\s_]+", "-", text.strip())
    return text.upper() or None


@lru_cache(maxsize=4096)
def _folder_qs(folder: str, fw: Framework) -> tuple[str, ...]:
    # Folder names repeat for every file inside them: match each once.
    return tuple(q.id for q in match_all_qs(folder, fw))


@lru_cache(maxsize=4096)
def _folder_category(folder: str, fw: Framework) -> str | None:
    cat = match_category(folder, fw)
    return cat.id if cat else None


def classify(rel_path: str, reference_pattern: str | None = None, fw: Framework | None = None) -> Classification:
    """Classify a path relative to the evidence folder ('folder/sub/file.ext')."""
    fw = fw or current()
    parts = [p for p in rel_path.replace("\\", "/").split("/") if p]
    folders, name = parts[:-1], parts[-1] if parts else ""
    stem = PurePosixPath(name).stem if name else ""

    found: set[str] = set()
    qs_folders: set[int] = set()
    for n, folder in enumerate(folders):
        named = _folder_qs(folder, fw)
        if named:
            qs_folders.add(n)
            found.update(named)
    for m in _EXPLICIT_QS.finditer(stem):
        found.update(q.id for q in match_all_qs(m.group(0), fw))
    if not found:
        found.update(q.id for q in match_all_qs(_LEADING_NUMBER.sub("", stem), fw))

    category = None
    for n in reversed(range(len(folders))):
        if n in qs_folders:
            continue  # "Supporting people to ..." names a QS, not the people's-experience category
        category = _folder_category(folders[n], fw)
        if category:
            break
    return Classification(
        qs=[qid for qid in fw.qs_ids if qid in found],
        category=category,
        reference=reference_from_name(name, reference_pattern),
    )
