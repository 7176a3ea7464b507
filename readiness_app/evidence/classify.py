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
        return re.compile(pattern or DEFAULT_REFERENCE_PATTERN)
    except re.error as exc:
        raise ReadinessError(
            f"the reference pattern {pattern!r} is not a valid regular expression ({exc})",
            hint="fix the setting evidence.reference_pattern, or clear it to use the default",
            field=REFERENCE_SETTING,
        ) from None


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
