"""Match free text (a folder name, a file name, a spreadsheet cell) to the framework.

The single place that knows how people write QS and category names:
"07 Safeguarding", "QS3 - equity", "[QS5]", "Safe pathways, systems and
transitions", "People's experience". Everything that classifies text uses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from readiness_app.framework.model import (
    EvidenceCategory,
    Framework,
    QualityStatement,
    Theme,
    current,
)

# Patterns as text, compiled by `re` on first use (not on import: the window's start needs none of them).
_QS_ID = r"(?<![a-z0-9])qs[\s_\-]*0*(\d{1,2})(?![0-9])"
# "3. Equity", "07 Safeguarding", "7 - Safeguarding", "7_Safeguarding" at the start.
_NUMBER_PREFIX = r"^\s*0*(\d{1,2})\s*(?:[.)\-_:]|\s)\s*\S"
_NON_WORD = r"[^a-z0-9]+"


def normalise(text: str) -> str:
    """Lower-case words separated by single spaces; apostrophes vanish, '&' is 'and'."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"['\u2019\u2018`]", "", text)
    return " ".join(re.split(_NON_WORD, text)).strip()


def _contains(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "


# Keyed by the framework itself, so switching framework (`use_framework`) needs no reset;
# a few old frameworks' lists stay cached, which is a little memory and nothing else.
@lru_cache(maxsize=4)
def _qs_names(fw: Framework) -> list[tuple[str, QualityStatement]]:
    pairs = []
    for qs in fw.statements:
        for name in (qs.name, *qs.aliases):
            pairs.append((normalise(name), qs))
    # Longest first, so "safe pathways systems and transitions" beats "transitions".
    return sorted(pairs, key=lambda p: -len(p[0]))


@lru_cache(maxsize=4)
def _category_names(fw: Framework) -> list[tuple[str, EvidenceCategory]]:
    pairs = []
    for cat in fw.categories:
        for name in (cat.name, *cat.aliases, cat.id):
            pairs.append((normalise(name), cat))
    return sorted(pairs, key=lambda p: -len(p[0]))


def _by_number(fw: Framework, number: int) -> QualityStatement | None:
    for qs in fw.statements:
        if qs.number == number:
            return qs
    return None


def match_qs(text: str | None, fw: Framework | None = None) -> QualityStatement | None:
    """The one quality statement `text` names, or None if it names none (or is ambiguous)."""
    found = match_all_qs(text, fw)
    return found[0] if len(found) == 1 else None


def match_all_qs(text: str | None, fw: Framework | None = None) -> list[QualityStatement]:
    """Every quality statement named in `text`, in framework order ("QS1; Safeguarding")."""
    if not text or not str(text).strip():
        return []
    fw = fw or current()
    raw = str(text)
    lowered = raw.lower()
    hits: set[str] = set()
    for m in re.finditer(_QS_ID, lowered):
        qs = _by_number(fw, int(m.group(1)))
        if qs:
            hits.add(qs.id)
    words = normalise(raw)
    remaining = f" {words} "
    for name, qs in _qs_names(fw):
        if name and _contains(remaining, name):
            hits.add(qs.id)
            remaining = remaining.replace(f" {name} ", " | ")
    if not hits:
        prefix = re.match(_NUMBER_PREFIX, lowered)
        if prefix:
            qs = _by_number(fw, int(prefix.group(1)))
            if qs:
                hits.add(qs.id)
    return [qs for qs in fw.statements if qs.id in hits]


def match_category(text: str | None, fw: Framework | None = None) -> EvidenceCategory | None:
    """The evidence category named in `text` (a folder or cell), or None."""
    if not text or not str(text).strip():
        return None
    fw = fw or current()
    words = normalise(str(text))
    found = {cat.id: cat for name, cat in _category_names(fw) if name and _contains(words, name)}
    return next(iter(found.values())) if len(found) == 1 else None


def match_theme(text: str | None, fw: Framework | None = None) -> Theme | None:
    if not text:
        return None
    fw = fw or current()
    words = normalise(str(text))
    for theme in fw.themes:
        for name in (theme.name, *theme.aliases, theme.id):
            if normalise(name) == words:
                return theme
    return None


def parse_qs_list(text: str | None, fw: Framework | None = None) -> list[str]:
    """QS ids from a cell such as "QS1, QS7" or "Safeguarding; Assessing needs".

    CQC's own names hold commas ("Safe pathways, systems and transitions"), so
    whole names are matched before a comma counts as a separator: within each
    piece between ';', '/', '|' or line breaks, the longest run of comma parts
    that names a QS (its name or alias, either published order, a theme name,
    "QS6", or an unambiguous first few words) is taken first.

    Raises ReadinessError naming the part that matches nothing.
    """
    from readiness_app.errors import ReadinessError

    if not text or not str(text).strip():
        return []
    fw = fw or current()
    ids: list[str] = []
    for chunk in re.split(r"[;/\n|]+", str(text)):
        parts = [p.strip() for p in chunk.split(",")]
        i = 0
        while i < len(parts):
            if not parts[i]:
                i += 1
                continue
            for j in range(len(parts), i, -1):
                found = _whole_name(", ".join(parts[i:j]), fw)
                if found:
                    i = j
                    break
            else:
                found = match_all_qs(parts[i], fw)
                if not found:
                    raise ReadinessError(f"unknown quality statement {parts[i]!r}", field="qs")
                i += 1
            ids.extend(qs.id for qs in found if qs.id not in ids)
    return [qid for qid in fw.qs_ids if qid in ids]


@lru_cache(maxsize=4)
def _whole_names(fw: Framework) -> tuple[dict[str, tuple[QualityStatement, ...]], list[tuple[str, str]]]:
    """Normalised QS names, aliases and theme names -> their QS; and (name, QS id) pairs for prefixes."""
    exact: dict[str, tuple[QualityStatement, ...]] = {}
    for qs in fw.statements:
        for name in (qs.name, *qs.aliases):
            exact[normalise(name)] = (qs,)
    for theme in fw.themes:
        in_theme = tuple(qs for qs in fw.statements if qs.theme.id == theme.id)
        for name in (theme.name, *theme.aliases):
            exact.setdefault(normalise(name), in_theme)
    prefixes = [(normalise(name), qs.id) for qs in fw.statements for name in (qs.name, *qs.aliases)]
    return exact, prefixes


def _whole_name(text: str, fw: Framework) -> list[QualityStatement]:
    """The QS `text` names as a whole (no more, no less); [] if it is not one whole name."""
    words = normalise(text)
    if not words:
        return []
    if m := re.fullmatch(_QS_ID, text.strip().lower()):
        qs = _by_number(fw, int(m.group(1)))
        return [qs] if qs else []
    exact, prefixes = _whole_names(fw)
    if words in exact:
        return list(exact[words])
    # "Safe pathways, systems" or "Learning, improvement": the first whole words of one QS's names.
    if len(words) >= 4:
        owners = {qid for name, qid in prefixes if name.startswith(words + " ")}
        if len(owners) == 1:
            return [fw.qs(owners.pop())]
    return []


def qs_ids_from(value: str | Iterable[str]) -> list[str]:
    """QS ids from a cell's text ("QS1, Safeguarding") or from a list of ids (where " qs3" means QS3).

    Raises ReadinessError for a part or an id that names no quality statement.
    """
    if isinstance(value, str):
        return parse_qs_list(value)
    fw = current()
    return [fw.qs(str(q).strip().upper()).id for q in value]
