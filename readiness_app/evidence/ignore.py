"""Which files in the evidence folder are not evidence: temporary, lock and system files.

The rules are visible (`DEFAULT_PATTERNS`, `IgnoreRules.patterns`) and a council
can add its own glob patterns in the register setting `evidence.ignore_patterns`
(one per line). A pattern is matched against every part of a file's path, so
`@eaDir` ignores that folder and everything below it. Matching is
case-insensitive, because Windows and OneDrive do not care about case either.

Online-only OneDrive/SharePoint placeholders are not ignored: they are listed
as "not downloaded" but never opened, because reading one downloads it
(`is_online_only`).
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field

# Windows file attributes (st_file_attributes); named here because the stat
# module lacks some of them on older Pythons and on non-Windows builds.
FILE_ATTRIBUTE_HIDDEN = 0x2
FILE_ATTRIBUTE_SYSTEM = 0x4
FILE_ATTRIBUTE_OFFLINE = 0x1000
FILE_ATTRIBUTE_RECALL_ON_OPEN = 0x40000
FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS = 0x400000
SF_DATALESS = 0x40000000  # macOS st_flags: a File Provider (OneDrive, iCloud) file whose content is in the cloud

# (pattern, why) in the order they are checked.
DEFAULT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("~$*", "Office owner/lock file"),
    (".~lock.*#", "LibreOffice lock file"),
    ("*.tmp", "temporary file"),
    ("~*.tmp", "temporary file"),
    ("*.part", "partial download"),
    ("*.crdownload", "partial download"),
    ("*.partial", "partial download"),
    ("*.download", "partial download"),
    ("Thumbs.db", "Windows thumbnail cache"),
    ("ehthumbs.db", "Windows thumbnail cache"),
    ("desktop.ini", "Windows folder settings"),
    (".DS_Store", "macOS folder settings"),
    ("._*", "macOS resource fork"),
    ("@eaDir", "Synology index folder"),
    (".stfolder", "Syncthing marker"),
    (".*", "hidden file"),
)

SETTING_KEY = "evidence.ignore_patterns"


@dataclass(frozen=True)
class IgnoreRules:
    """Glob patterns tested against each part of a path relative to the evidence folder."""

    extra: tuple[str, ...] = ()
    _compiled: list[tuple[re.Pattern[str], str, str]] = field(default_factory=list, compare=False, repr=False)
    _any: re.Pattern[str] = field(init=False, compare=False, repr=False)  # set in __post_init__

    def __post_init__(self) -> None:
        for pattern, why in self.patterns:
            self._compiled.append((re.compile(fnmatch.translate(pattern.lower())), pattern, why))
        # One combined pattern answers "ignored at all?" in a single match: most names are evidence.
        combined = "|".join(f"(?:{regex.pattern})" for regex, _, _ in self._compiled)
        object.__setattr__(self, "_any", re.compile(combined))

    @property
    def patterns(self) -> list[tuple[str, str]]:
        """Every rule as (pattern, reason): the built-in ones, then the council's own."""
        return list(DEFAULT_PATTERNS) + [(p, "added in settings") for p in self.extra]

    def reason(self, rel_path: str) -> str | None:
        """Why `rel_path` (folder/sub/file.ext, '/'-separated) is ignored, or None if it is evidence."""
        for part in rel_path.replace("\\", "/").split("/"):
            why = self.reason_for_name(part)
            if why:
                return why
        return None

    def reason_for_name(self, name: str) -> str | None:
        """Why a single file or folder name is ignored, or None."""
        if not name:
            return None
        lowered = name.lower()
        if not self._any.match(lowered):
            return None
        for regex, pattern, why in self._compiled:
            if regex.match(lowered):
                return f"{why} ({pattern})"
        return None

    def matches_any(self, lowered_name: str) -> bool:
        """Fast check on a lower-cased name: does any rule match it?"""
        return self._any.match(lowered_name) is not None

    def ignores(self, rel_path: str) -> bool:
        return self.reason(rel_path) is not None


def parse_patterns(text: str | None) -> tuple[str, ...]:
    """Extra patterns from the setting: one per line (';' also separates); blanks and '#' comments skipped."""
    if not text:
        return ()
    out = []
    for line in re.split(r"[\n;]+", text):
        line = line.strip()
        if line and not line.startswith("#") and line not in out:
            out.append(line)
    return tuple(out)


def attribute_reason(st: os.stat_result) -> str | None:
    """Ignore reasons that come from file attributes rather than names (Windows hidden/system)."""
    attrs = getattr(st, "st_file_attributes", 0) or 0
    if attrs & FILE_ATTRIBUTE_SYSTEM:
        return "system file (attribute)"
    if attrs & FILE_ATTRIBUTE_HIDDEN:
        return "hidden file (attribute)"
    return None


def is_online_only(st: os.stat_result) -> bool:
    """True for a cloud placeholder whose content is not on this disk (OneDrive "online-only").

    Opening such a file makes OneDrive download it, so the scan must not hash
    it. Windows reports it with RECALL_ON_DATA_ACCESS (current OneDrive) or
    OFFLINE (older clients); macOS marks it "dataless" in st_flags.
    """
    attrs = getattr(st, "st_file_attributes", 0) or 0
    flags = getattr(st, "st_flags", 0) or 0
    return bool(attrs & (FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS | FILE_ATTRIBUTE_OFFLINE)) or bool(flags & SF_DATALESS)
