"""Readiness per quality statement (RAG with reasons) and the overall summary.

The rules, in order of weight (documented in docs/user-guide/readiness.md too):

Red when any of:
  - an open high-severity gap;
  - an area for improvement from the previous report with no improvement action;
  - no accepted, present evidence of people's experience (it counts for every QS);
  - two or more evidence categories with no accepted, present evidence.
Amber when none of the above but any of:
  - one evidence category with no accepted, present evidence;
  - an open medium-severity gap;
  - no planned (non-cancelled) session covers the QS;
  - no self-assessment score, or no narrative;
  - an area for improvement from the previous report with no evidence of change.
Green otherwise. "Accepted" means review status accepted or submitted to CQC;
"present" means the file is in the folder (a duplicate still counts).
Low-severity gaps are listed but do not change the colour.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from readiness_app import clock
from readiness_app.framework import current
from readiness_app.register import assessment, cases, findings, self_assessment
from readiness_app.register.conflicts import find_conflicts
from readiness_app.register.connection import Register
from readiness_app.register.sessions import drop_in_problems
from readiness_app.register.vocabulary import SHORTLIST_STAGES
from readiness_app.values import Value

COUNTED_STATUS = ("accepted", "submitted")
COUNTED_PRESENCE = ("present", "duplicate")


class QsReadiness(Value):
    __slots__ = (
        "qs",
        "name",
        "theme",
        "rag",
        "reasons",
        "evidence_by_category",
        "open_gaps",
        "sessions",
        "score",
        "target",
        "extra",
    )
    _defaults = {"extra": dict}
    qs: str
    name: str
    theme: str
    rag: str  # "red", "amber" or "green"
    reasons: list[str]
    evidence_by_category: dict[str, int]
    open_gaps: dict[str, int]
    sessions: int
    score: int | None
    target: int | None
    extra: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "qs": self.qs,
            "name": self.name,
            "theme": self.theme,
            "rag": self.rag,
            "reasons": self.reasons,
            "evidence_by_category": self.evidence_by_category,
            "open_gaps": self.open_gaps,
            "sessions": self.sessions,
            "score": self.score,
            "target": self.target,
        }


def _grouped(reg: Register, sql: str, params: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    return {tuple(r[:-1]): r[-1] for r in reg.query(sql, params)}


def per_qs(reg: Register) -> list[QsReadiness]:
    fw = current()
    coverage = _grouped(
        reg,
        # CROSS JOIN fixes the order: counted items first (by index), then their tags by key.
        # Left to itself SQLite walks every tag and looks each item up: twice as slow at 20,000.
        "SELECT q.qs, e.category, COUNT(*) FROM evidence e CROSS JOIN evidence_qs q ON q.evidence_id = e.id"
        f" WHERE e.status IN {COUNTED_STATUS} AND e.presence IN {COUNTED_PRESENCE} GROUP BY q.qs, e.category",
    )
    gaps = _grouped(reg, "SELECT qs, severity, COUNT(*) FROM gap WHERE status != 'closed' GROUP BY qs, severity")
    sessions = _grouped(
        reg,
        "SELECT q.qs, COUNT(*) FROM session_qs q JOIN session s ON s.id = q.session_id"
        " WHERE s.status != 'cancelled' GROUP BY q.qs",
    )
    sa = self_assessment.all_rows(reg)
    open_by_qs = findings.unanswered(reg)
    out = []
    for qs in fw.statements:
        by_cat = {c.id: coverage.get((qs.id, c.id), 0) for c in fw.categories}
        open_gaps = {s: gaps.get((qs.id, s), 0) for s in ("high", "medium", "low")}
        covered = sessions.get((qs.id,), 0)
        row = sa[qs.id]
        empty = [c for c in fw.categories if by_cat[c.id] == 0]
        red, amber = [], []
        if open_gaps["high"]:
            red.append(f"{open_gaps['high']} open high-severity gap{'s' if open_gaps['high'] > 1 else ''}")
        open_findings = open_by_qs.get(qs.id, {"no_action": 0, "no_evidence": 0})
        if open_findings["no_action"]:
            n = open_findings["no_action"]
            red.append(f"{n} area{'s' if n > 1 else ''} for improvement from the previous report with no action")
        people = fw.categories[0]
        if by_cat.get(people.id, 0) == 0:
            red.append(f"no accepted evidence of {people.name.lower()}")
        others = [c for c in empty if c.id != people.id]
        if len(empty) >= 2 and others:
            red.append("no accepted evidence: " + ", ".join(c.name.lower() for c in others))
        elif others:
            amber.append("no accepted evidence: " + others[0].name.lower())
        if open_gaps["medium"]:
            amber.append(f"{open_gaps['medium']} open medium-severity gap{'s' if open_gaps['medium'] > 1 else ''}")
        if covered == 0:
            amber.append("no interview session covers it")
        if row["score"] is None:
            amber.append("no self-assessment score")
        if not (row["narrative"] or "").strip():
            amber.append("no self-assessment narrative")
        if open_findings["no_evidence"]:
            n = open_findings["no_evidence"]
            amber.append(f"{n} area{'s' if n > 1 else ''} for improvement with no evidence of change")
        rag = "red" if red else "amber" if amber else "green"
        out.append(
            QsReadiness(
                qs=qs.id,
                name=qs.name,
                theme=qs.theme.name,
                rag=rag,
                reasons=red + amber,
                evidence_by_category=by_cat,
                open_gaps=open_gaps,
                sessions=covered,
                score=row["score"],
                target=row["target"],
            )
        )
    return out


def summary(reg: Register, today: date | None = None) -> dict[str, Any]:
    """Everything `status` prints and the dashboard shows, as plain data."""
    info = assessment.get(reg)
    rating = self_assessment.indicative_rating(reg)
    # One pass over evidence for all its counts (status runs on 20,000-item registers).
    ev = reg.conn.execute(
        "SELECT COUNT(*), SUM(status = 'inbox' AND presence != 'missing'), SUM(presence = 'missing'),"
        " SUM(presence = 'duplicate'), SUM(presence = 'unreadable') FROM evidence"
    ).fetchone()
    counts = dict(zip(("evidence", "inbox", "missing", "duplicates", "unreadable"), (n or 0 for n in ev), strict=True))
    counts["sessions"] = reg.scalar("SELECT COUNT(*) FROM session WHERE status != 'cancelled'")
    counts["people"] = reg.scalar("SELECT COUNT(*) FROM person")
    counts["cases"] = reg.scalar("SELECT COUNT(*) FROM tracked_case")
    gaps = {
        r[0]: r[1] for r in reg.query("SELECT severity, COUNT(*) FROM gap WHERE status != 'closed' GROUP BY severity")
    }
    marks = ",".join("?" * len(SHORTLIST_STAGES))
    # A refusal is not "awaiting": it closes the route, and the case is offered for replacement.
    awaiting = reg.scalar(
        f"SELECT COUNT(*) FROM tracked_case WHERE stage IN ({marks}) AND consent IN ('not_sought', 'requested')",
        SHORTLIST_STAGES,
    )
    conflicts = find_conflicts(reg)
    qs_rows = per_qs(reg)
    days = assessment.visit_days(reg)
    data = {
        "council": info["council"],
        "register": str(reg.path),
        "evidence_folder": info["evidence_folder"],
        "days_to_onsite": assessment.days_to_onsite(reg, today),
        "visit_days": days,
        "rating": rating.as_dict(),
        "rag": {r: sum(1 for q in qs_rows if q.rag == r) for r in ("red", "amber", "green")},
        "quality_statements": [q.as_dict() for q in qs_rows],
        "counts": counts,
        "open_gaps": {s: gaps.get(s, 0) for s in ("high", "medium", "low")},
        "cases_awaiting_consent": awaiting,
        "cases_declined": cases.declined_codes(reg),
        "sessions_on_withdrawn_cases": cases.sessions_on_withdrawn(reg),
        "case_deadline_problems": cases.consent_deadline_problems(reg, today or clock.today()),
        "drop_in_problems": drop_in_problems(reg),
        "conflicts": [c.as_dict() for c in conflicts],
    }
    # Visit week and after: learning log, CQC requests (overdue ones), factual accuracy, plan RAG.
    from readiness_app.register.visit_summary import summary as visit_summary

    data["visit"] = visit_summary(reg, today)
    return data
