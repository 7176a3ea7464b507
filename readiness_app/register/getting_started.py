"""How far a new register has come: the steps from an empty register to a plan, each done or not.

The dashboard shows these as a getting-started list until every step is done.
"""

from __future__ import annotations

from typing import Any

from readiness_app.register import assessment, self_assessment
from readiness_app.register.connection import Register

# key: what the step asks for
STEPS = {
    "visit": "Set the visit dates",
    "rooms_team": "Add the rooms and the CQC team",
    "people": "Import or add the people to be interviewed",
    "cases": "Import or add the case list",
    "timetable": "Import or build the interview timetable",
    "evidence": "Point at the evidence folder and accept the first evidence",
    "self_assessment": "Enter the self-assessment scores and owners",
}


def steps(reg: Register) -> list[dict[str, Any]]:
    """Each step with `done` and a short `detail` of what is there so far."""
    count = reg.scalar
    rooms, team = count("SELECT COUNT(*) FROM room"), count("SELECT COUNT(*) FROM assessor")
    days = assessment.visit_days(reg)
    folder = assessment.evidence_folder(reg)
    accepted = count("SELECT COUNT(*) FROM evidence WHERE status IN ('accepted', 'submitted')")
    rows = self_assessment.all_rows(reg).values()
    complete = sum(1 for r in rows if r["score"] is not None and str(r["owner"] or "").strip())
    people, cases, sessions = (count(f"SELECT COUNT(*) FROM {t}") for t in ("person", "tracked_case", "session"))
    facts = {
        "visit": (bool(days), f"{len(days)} visit days" if days else "not set"),
        "rooms_team": (rooms > 0 and team > 0, f"{rooms} rooms, {team} in the CQC team"),
        "people": (people > 0, f"{people} people"),
        "cases": (cases > 0, f"{cases} cases"),
        "timetable": (sessions > 0, f"{sessions} sessions"),
        # From the register alone: touching a share that has gone away could hang the dashboard.
        "evidence": (bool(folder and accepted), f"{accepted} accepted items" if folder else "no folder set"),
        "self_assessment": (complete == len(rows), f"{complete} of {len(rows)} quality statements"),
    }
    return [{"key": k, "label": label, "done": facts[k][0], "detail": facts[k][1]} for k, label in STEPS.items()]


def finished(reg: Register) -> bool:
    return all(step["done"] for step in steps(reg))
