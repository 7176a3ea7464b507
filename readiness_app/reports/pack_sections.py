"""What an interview pack says about each quality statement in focus.

The council's position (score, strengths, areas for development, the actions
under way with their RAG), the QS lead's key messages, and what the visit has
taught so far: learning-log corrections and themes recorded before this session,
so a correction logged on day 1 reaches every pack from day 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reportlab.platypus import Paragraph

from readiness_app.framework.model import QualityStatement
from readiness_app.register.validation import long_date
from readiness_app.reports import flowables as F
from readiness_app.reports import statements
from readiness_app.reports import styles as S
from readiness_app.reports.audience import INTERNAL, Sees, sees

# Improvement-plan RAG as the pack prints it (the plan's own RAG, see register/improvement.py).
ACTION_RAG = {"overdue": ("red", "Overdue"), "not_started": ("amber", "Not started"), "on_track": ("green", "On track")}


@dataclass
class PackData:
    """What every pack in one print run shares, read from the register once."""

    items: dict[int, dict[str, Any]] = field(default_factory=dict)
    cases: dict[int, dict[str, Any]] = field(default_factory=dict)
    self_assessment: dict[str, dict[str, Any]] = field(default_factory=dict)
    actions: list[dict[str, Any]] = field(default_factory=list)
    learning: list[dict[str, Any]] = field(default_factory=list)
    figures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # the data pack, by QS
    today: date | None = None
    audience: str = INTERNAL  # who the packs are printed for (reports/audience.py)
    arrangements: dict[str, str] = field(default_factory=dict)  # adjustments contact and expenses, for attendees

    @property
    def sees(self) -> Sees:
        return sees(self.audience)


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def previous_score(sa: dict[str, Any], labels: dict) -> list[tuple[str, str]]:
    """The score CQC's previous report gave (a re-assessment is judged against it), when one is held."""
    published = sa.get("published_score")
    if not published:
        return []
    return [("Previous assessment", f"{published} ({labels.get(published, '')}) in CQC's published report")]


def council_position(q: QualityStatement, sa: dict[str, Any], actions: list[dict[str, Any]], labels: dict) -> list:
    """Score, strengths, areas for development and actions under way, as the self-assessment says."""
    score = sa.get("score")
    score_text = f"{score} ({labels.get(score, '')})" if score else "not scored yet"
    if sa.get("target"):
        score_text += f"; aiming for {sa['target']}"
    under_way = [a for a in actions if q.id in a["qs"] and a["rag"] != "complete"]
    action_lines = []
    for a in under_way:
        _colour, word = ACTION_RAG.get(a["rag"], ("", a["rag"]))
        due = f", due {long_date(a['target_date'])}" if a.get("target_date") else ""
        action_lines.append(f"{a['reference']} {a['description']} ({a['lead']}{due}): {word.upper()}")
    if sa.get("published_score"):  # on the score's line: a pack has no room to spare
        score_text += f"; previous assessment {previous_score(sa, labels)[0][1]}"
    rows = [
        ("Self-assessed score", score_text),
        ("Strengths", sa.get("strengths") or "not written yet"),
        ("Areas for development", sa.get("development") or "not written yet"),
        ("Improvement actions under way", "\n".join(action_lines) or "none recorded for this statement"),
    ]
    return [F.facts(rows, key_width=0.25)]


def key_messages(q: QualityStatement, sa: dict[str, Any]) -> list:
    messages = _lines(sa.get("key_messages") or "")
    if not messages:
        return []
    lead = f" (from the QS lead, {sa['owner']})" if sa.get("owner") else " (from the QS lead)"
    return [F.markup(f"Key messages{F.esc(lead)}", "h3"), *F.bullets(messages)]


def qs_in_focus(q: QualityStatement, data: PackData, labels: dict, *, prompts: bool = True) -> list:
    sa = data.self_assessment.get(q.id, {})
    out: list = [F.subheading(f"{q.id} {q.name} ({q.theme.name})")]
    out += statements.wording(q)
    out += council_position(q, sa, data.actions, labels)
    out += key_messages(q, sa)
    if prompts and q.prompts:
        out.append(F.markup("Questions to be ready for <font size=7.5>(the app's own prompts)</font>", "h3"))
        out += F.bullets(q.prompts)
    return out


def earlier(entry: dict[str, Any], session: Mapping[str, Any]) -> bool:
    """Recorded before this session: an earlier day, or a session that ended before this one starts."""
    if entry["date"] < session["date"]:
        return True
    ended = entry.get("session_end") or ""
    return entry["date"] == session["date"] and bool(ended) and ended <= session["start"]


def since_visit_began(session: Mapping[str, Any], qs_ids: list[str], entries: list[dict[str, Any]]) -> list:
    """Learning-log corrections and themes for the QS in focus, recorded before this session."""
    mine = [e for e in entries if set(e["qs"]) & set(qs_ids) and earlier(e, session)]
    corrections = [e for e in mine if e["to_correct"]]
    themes: list[str] = []
    for e in mine:
        for theme in (t.strip() for t in e["themes"].replace(";", ",").split(",")):
            if theme and theme.lower() not in (t.lower() for t in themes):
                themes.append(theme)
    if not corrections and not themes:
        return []
    out: list = [F.heading("Since the visit began", 1, bookmark="Since the visit began")]
    for e in corrections:
        who = f" (correcting: {e['correct_by']})" if e["correct_by"] else ""
        where = f", after {e['session_title']}" if e.get("session_title") else ""
        text = (
            f"<b>Correct this</b> ({F.esc(long_date(e['date']))}{F.esc(where)}, "
            f"{F.esc(' '.join(e['qs']))}): {F.esc(e['to_correct'])}{F.esc(who)}"
        )
        out.append(Paragraph(text, S.style_sheet()["bullet"], bulletText="•"))
    if themes:
        out.append(F.markup(f"<b>Themes CQC has raised so far:</b> {F.esc('; '.join(themes))}", "body"))
    return out


class PackNotes(F.NotesBox):
    """Ruled space for notes that never pushes a pack onto a page of its own: with too little
    room left it becomes one line pointing to the back of the page."""

    def __init__(self, label: str):
        super().__init__(70, label, min_height_mm=22)
        self.compact = False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.compact = avail_height < self.min + 2
        if self.compact:
            # Never taller than what is left: a pointer that does not fit would carry a page of its own.
            self.width, self.height = avail_width, max(0.0, min(12.0, avail_height - 0.5))
            return self.width, self.height
        return super().wrap(avail_width, avail_height)

    def draw(self) -> None:
        if not self.compact:
            return super().draw()
        c = self.canv
        c.saveState()
        c.setFont(S.FAMILY, 7.5)
        c.setFillColor(S.MUTED)
        # With little or no height left the line sits in the blank band above the footer rule (18 pt deep).
        c.drawString(0, self.height - 9, self.label + ": use the back of this page.")
        c.restoreState()
        return None
