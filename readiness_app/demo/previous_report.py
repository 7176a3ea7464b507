"""The demo's previous report: CQC's published scores, its findings per QS, the plan's two parts
linked to them, and last year's self-assessment kept as a sent version.

Every date is a working day (a published report, a signed-off self-assessment).
"""

from __future__ import annotations

from datetime import date, timedelta

from readiness_app.register import annual_self_assessment, findings, improvement, outcome, workdays
from readiness_app.register.connection import Register

PUBLISHED_SCORES = {"QS1": 2, "QS2": 2, "QS3": 2, "QS4": 3, "QS5": 3, "QS6": 2, "QS7": 3, "QS8": 3, "QS9": 3}
# (QS, kind, finding in the council's words, report page, action references it led to)
FINDINGS = (
    ("QS1", "went_well", "Practitioners worked in a strengths-based way and people felt listened to", "8", ()),
    ("QS1", "improve", "People waited too long for a Care Act assessment in the locality teams", "9", ("1.1",)),
    ("QS1", "improve", "Carers were offered an assessment late and inconsistently", "10", ("1.2",)),
    ("QS2", "improve", "Equipment took too long to arrive in the south of the county", "13", ("1.4",)),
    ("QS3", "improve", "The council could not show outcomes by protected characteristic", "16", ("1.3",)),
    ("QS4", "improve", "The market position statement was out of date", "19", ("2.1",)),
    ("QS5", "went_well", "Partnerships with the voluntary sector were strong and trusted", "22", ()),
    ("QS5", "improve", "Information sharing with district housing teams was informal", "23", ("2.2",)),
    ("QS6", "improve", "Hospital discharge arrangements were not agreed in writing with the trust", "26", ("3.1",)),
    ("QS7", "went_well", "The Safeguarding Adults Board was well led and partners attended", "29", ()),
    ("QS7", "improve", "DoLS applications waited too long for allocation", "30", ("3.2",)),
    ("QS8", "improve", "Workforce plans were not reported regularly to leaders", "33", ("4.2",)),
    ("QS9", "improve", "Learning from complaints did not reach front-line teams", "36", ("4.1",)),
)
READINESS_PART = ("1.4", "2.2", "4.1")  # part A: readiness actions before the next visit
# The document that shows change for each area for improvement (by the finding's report page). QS3's has
# none yet: its action has not started, and the progress view shows that.
EVIDENCE_OF_CHANGE = {
    "9": "Assessment waiting list report Q2 2026-27",
    "10": "Carers' assessments and support plans data Q2 2026-27",
    "13": "Community equipment service performance data Q2 2026-27",
    "19": "Market position statement 2026-29: consultation draft",
    "23": "Information sharing protocol: adult social care and district housing",
    "26": "Hospital discharge pathway (2026)",
    "30": "DoLS waiting list report",
    "33": "Workforce strategy 2026-29 and action plan",
    "36": "Learning from complaints: what changed",
}


def working_day(day: date, *, back: bool = False) -> date:
    """The day itself, or the next working day (the one before with `back`, for a day in the past).

    Every date the demo generates goes through here: no weekend or bank holiday in it.
    """
    while not workdays.is_working_day(day):
        day += timedelta(days=-1 if back else 1)
    return day


def iso_working_day(day: date, *, back: bool = False) -> str:
    return working_day(day, back=back).isoformat()


def published_day(today: date) -> date:
    """The previous report's publication: about a year and a half before the demo's today."""
    return working_day(today - timedelta(days=540))


# Last year's self-assessment where it differed from this year's (the rest was as now).
LAST_YEAR: dict[str, dict[str, object]] = {
    "QS1": {
        "score": 2,
        "narrative": "CQC found people waited too long for an assessment. A recovery plan is agreed with the "
        "teams; the list has stopped growing but is not yet shorter.",
    },
    "QS2": {"score": 2, "development": "Equipment delivery in the south; reablement capacity over winter."},
    "QS6": {"score": 2, "narrative": "The discharge protocol with the trust is drafted but not yet signed."},
    "QS8": {"narrative": "Workforce plans are being rebuilt so that leaders see them every month."},
}


def add_previous_report(reg: Register, today: date) -> int:
    """Returns how many snapshots it took (last year's self-assessment version)."""
    from readiness_app.register import evidence, self_assessment

    by_title = {item["title"]: item["id"] for item in evidence.list_items(reg) if item["reference"]}
    published = published_day(today)
    outcome.set_outcome(reg, scores=dict(PUBLISHED_SCORES), published_date=published.isoformat())
    for ref in READINESS_PART:
        improvement.update(reg, ref, part="readiness")
    for qs, kind, text, page, refs in FINDINGS:
        finding_id = findings.create(reg, qs=qs, kind=kind, text=text, page=page)
        if refs:
            findings.set_actions(reg, finding_id, list(refs))
        if kind == "improve" and page in EVIDENCE_OF_CHANGE:
            findings.set_evidence(reg, finding_id, [by_title[EVIDENCE_OF_CHANGE[page]]])
    last_year = working_day(today - timedelta(days=365))
    version = str(last_year.year)
    now = self_assessment.all_rows(reg)
    for qs, values in LAST_YEAR.items():
        self_assessment.update(reg, qs, **values)
    annual_self_assessment.take(reg, version, today=last_year)
    for qs, values in LAST_YEAR.items():
        self_assessment.update(reg, qs, **{k: now[qs][k] for k in values})
    annual_self_assessment.set_status(reg, version, "signed off", today=working_day(last_year + timedelta(days=7)))
    annual_self_assessment.set_status(reg, version, "sent", today=working_day(last_year + timedelta(days=14)))
    return 1
