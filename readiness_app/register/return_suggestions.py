"""Suggested answers for unanswered information-return items: library files that may fit.

Only suggestions: nothing is linked until the lead picks one (one click in the
app, `return answer` on the command line). A file scores for sharing the item's
quality statement and evidence category (read with the framework matcher when the
item does not say), for title words in common, and most for being named by its
reference in the item's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from readiness_app.framework.matcher import match_all_qs, match_category, normalise
from readiness_app.register.connection import Register

# Words too common in requests and titles to say anything about a match.
STOP_WORDS = frozenset(
    "the and for with from that this your their our any all are was were has have been into per of "
    "policy policies report reports document documents evidence copy copies latest current please provide "
    "including include local authority council adult social care data information plan plans".split()
)
MIN_SCORE = 4
LIMIT = 5


@dataclass(frozen=True)
class Suggestion:
    evidence_id: int
    reference: str
    title: str
    score: int
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "evidence_id": self.evidence_id,
            "reference": self.reference,
            "title": self.title,
            "score": self.score,
            "reasons": list(self.reasons),
        }


def _words(text: str) -> set[str]:
    return {w for w in normalise(text).split() if len(w) >= 4 and w not in STOP_WORDS}


class Suggester:
    """Reads the library once; then suggests for any number of items."""

    def __init__(self, reg: Register):
        self.reg = reg
        self.library = []
        for r in reg.query(
            "SELECT e.id, e.reference, e.title, e.category,"
            " (SELECT group_concat(qs) FROM evidence_qs q WHERE q.evidence_id = e.id)"
            " FROM evidence e WHERE e.status != 'withdrawn' AND e.presence IN ('present', 'duplicate')"
        ):
            self.library.append(
                (r[0], r[1] or "", r[2] or "", r[3], set((r[4] or "").split(",")) - {""}, _words(r[2] or ""))
            )
        self.linked: dict[int, set[int]] = {}
        for item, evidence in reg.query("SELECT item_id, evidence_id FROM return_answer WHERE evidence_id IS NOT NULL"):
            self.linked.setdefault(item, set()).add(evidence)

    def for_item(self, item: dict[str, Any], limit: int = LIMIT) -> list[Suggestion]:
        text = f"{item.get('title', '')} {item.get('description', '')}"
        qs = set(item.get("qs") or [q.id for q in match_all_qs(text)])
        category = item.get("category") or getattr(match_category(text), "id", None)
        words = _words(text)
        upper = text.upper()
        taken = self.linked.get(item["id"], set()) if item.get("id") is not None else set()
        found = []
        for evidence_id, reference, title, cat, tags, title_words in self.library:
            if evidence_id in taken:
                continue
            score, reasons = 0, []
            if reference and reference.upper() in upper:
                score += 6
                reasons.append(f"reference {reference} named in the request")
            common = words & title_words
            if common:
                score += 2 * len(common)
                reasons.append("title words: " + ", ".join(sorted(common)[:4]))
            if qs & tags:
                score += 2
                reasons.append("same QS " + ", ".join(sorted(qs & tags)))
            if category and cat == category:
                score += 1
                reasons.append("same evidence category")
            if score >= MIN_SCORE and (common or score >= 6):
                found.append(Suggestion(evidence_id, reference, title, score, tuple(reasons)))
        found.sort(key=lambda s: (-s.score, s.reference or "~", s.evidence_id))
        return found[:limit]


def suggest(reg: Register, item: dict[str, Any], limit: int = LIMIT) -> list[Suggestion]:
    """Suggestions for one item (a row from information_return.list_items)."""
    return Suggester(reg).for_item(item, limit)
