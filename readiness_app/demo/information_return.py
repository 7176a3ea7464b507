"""The demo's information return, data pack and self-assessment snapshots.

Called once from demo.build_demo, inside its transaction. The return was due a
few weeks before the visit: most items are submitted, a few are late, some are
unanswered (with library files retitled so suggestions have something to find),
and one answer points at a file that has gone missing. About thirty figures
cover the nine QS, some with England and regional benchmarks, some stale.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from readiness_app.demo.previous_report import iso_working_day, working_day
from readiness_app.register import assessment, evidence, indicators, self_assessment, snapshots
from readiness_app.register import information_return as ir
from readiness_app.register.connection import Register

SEED = 18
# (number, title, QS, category) as a council might receive them.
REQUESTS = (
    ("1", "Self-assessment", "QS1,QS2,QS3,QS4,QS5,QS6,QS7,QS8,QS9", None),
    ("2", "Adult social care strategy and delivery plan", "QS8", "processes"),
    ("3.1", "Assessment waiting list data by team", "QS1", "processes"),
    ("3.2", "Review waiting list data and trajectory", "QS1", "processes"),
    ("3.3", "Practice quality assurance framework and audit results", "QS1", "processes"),
    ("3.4", "Carers assessment and support plan data", "QS1", "processes"),
    ("4", "Prevention and early help strategy", "QS2", "processes"),
    ("5", "Reablement outcomes and capacity", "QS2", "processes"),
    ("6.1", "Equality impact assessments for recent decisions", "QS3", "processes"),
    ("6.2", "Feedback from seldom-heard groups", "QS3", "people"),
    ("7", "Market position statement", "QS4", "processes"),
    ("8", "Market sustainability and fair cost of care", "QS4", "processes"),
    ("9", "Provider quality monitoring reports", "QS4", "processes"),
    ("10", "Voluntary and community sector partnership agreements", "QS5", "processes"),
    ("11", "Carers strategy", "QS1", "processes"),
    ("12.1", "Hospital discharge pathway and data", "QS6", "processes"),
    ("12.2", "Transitions protocol for young people moving to adult services", "QS6", "processes"),
    ("13", "Safeguarding Adults Board annual report", "QS7", "processes"),
    ("14", "Section 42 enquiry timeliness data", "QS7", "processes"),
    ("15", "Learning from safeguarding adults reviews", "QS7", "processes"),
    ("16", "Deprivation of Liberty Safeguards waiting list", "QS7", "processes"),
    ("17", "Workforce strategy and vacancy data", "QS8", "staff"),
    ("18", "Corporate risk register entries for adult social care", "QS8", "processes"),
    ("19", "Medium-term financial plan for adult social care", "QS8", "processes"),
    ("20", "Principal Social Worker annual report", "QS9", "staff"),
    ("21", "Complaints and compliments annual report", "QS9", "people"),
    ("22", "Co-production charter and examples", "QS9", "people"),
    ("23", "Staff survey results and action plan", "QS8", "staff"),
    ("24", "Direct payments policy and uptake", "QS2", "processes"),
    ("25", "Occupational therapy waiting times", "QS1", "processes"),
)
# The library files that answer each item, as the assurance lead chose them: the item's own document,
# never a file that merely shares a word with it. Items not here are answered otherwise (below).
ANSWERED_BY: dict[str, tuple[str, ...]] = {
    "1": ("Self-assessment 2026, signed off by the DASS",),
    "2": ("Adult social care strategy 2025-30: delivery plan 2026-27",),
    "3.1": ("Assessment waiting list report Q2 2026-27",),
    "3.2": ("Reviews performance dashboard, October 2026",),
    "3.3": ("Practice quality assurance framework 2026", "Case file audit report Q2 2026-27"),
    "3.4": ("Carers' assessments and support plans data Q2 2026-27",),
    "4": ("Prevention strategy 2026-29",),
    "5": ("Reablement outcomes dashboard Q2 2026-27",),
    "6.2": ("Deaf Links BSL access co-design report", "Case study: culturally appropriate day support"),
    "7": ("Market position statement 2026-29: consultation draft",),
    "8": ("Market sustainability plan (2026 refresh)", "Fee setting report 2026-27: cost of care"),
    "9": ("Provider quality monitoring report Q2 2026-27", "Provider quality monitoring framework 2026"),
    "10": ("VCS grant agreements and outcomes framework 2026-27",),
    "12.1": ("Hospital discharge pathway (2026)", "Discharge to assess performance data Q2 2026-27"),
    "13": ("Safeguarding Adults Board annual report 2025-26",),
    "14": ("Section 42 enquiries performance report Q2 2026-27",),
    "15": ("Safeguarding adults review action tracker, October 2026",),
    "16": ("DoLS waiting list report",),
    "17": ("Workforce strategy 2026-29 and action plan",),
    "18": ("Risk register extract Q2 2026-27",),
    "19": ("Medium-term financial plan 2026-30: adult social care",),
    "20": ("Principal Social Worker annual report 2025-26",),
    "21": ("Complaints annual report 2025-26", "Learning from complaints: what changed"),
    "23": ("Staff survey 2026 results",),
    "24": ("Direct payments policy and support offer (revised 2026)", "Direct payments users' survey 2026"),
}
# Items answered (also) by a section of a larger document: (number, document, pages).
SECTIONS = (
    ("6.2", "Healthwatch Northmoor annual report 2025-26: what people told us", "pages 8-11"),
    ("15", "Safeguarding Adults Board annual report 2025-26", "pages 14-19"),
)
ANSWER_TITLES = frozenset({t for titles in ANSWERED_BY.values() for t in titles} | {t for _, t, _ in SECTIONS})
PUBLIC = "https://www.northmoor.example.gov.uk/adult-social-care/"
NOT_HELD = "6.1"  # answered "not held", with the reason


def add_information_return_demo(reg: Register, today: date) -> dict[str, int]:
    """Add the request list and its answers, the indicators and two snapshots. Returns counts for the demo."""
    rng = random.Random(SEED)
    _requests(reg, today, rng)
    _indicators(reg, today)
    _snapshots(reg, today)
    return {
        "return items": ir.counts(reg)["total"],
        "indicators": indicators.counts(reg, today)["total"],
        "snapshots": snapshots.count(reg),
    }


def _library(reg: Register) -> dict[str, list[dict[str, Any]]]:
    by_qs: dict[str, list[dict[str, Any]]] = {}
    for item in evidence.list_items(reg):
        if item["reference"] and item["presence"] == "present" and item["status"] != "inbox":
            for q in item["qs"]:
                by_qs.setdefault(q, []).append(item)
    return by_qs


def _requests(reg: Register, today: date, rng: random.Random) -> None:
    library = _library(reg)
    unanswered = {"11", "12.2", "22", "25"}
    late = {"8", "16", "19"}
    for number, title, qs, category in REQUESTS:
        item = ir.create_item(reg, number=number, title=title, qs=qs, category=category)
        if number in unanswered:  # agreed with CQC to follow within the week, not weeks overdue
            ir.update_item(reg, item, owner="Assurance lead", due_date=iso_working_day(today + timedelta(days=5)))
            continue
        if number == NOT_HELD:
            reason = "No decision in the period needed a full assessment; the screening records are kept by each team"
            ir.add_answer(reg, item, "not_held", reason=reason)
            ir.update_item(reg, item, status="submitted", owner="Equality and Inclusion Lead")
            continue
        every = {f["title"]: f for files in library.values() for f in files}
        pick = [every[t] for t in ANSWERED_BY[number]]
        for f in pick:
            ir.add_answer(reg, item, "evidence", evidence=f["id"])
        for _, document, pages in (x for x in SECTIONS if x[0] == number):
            ir.add_answer(reg, item, "section", evidence=every[document]["id"], section=pages)
        if number in ("7", "13", "24"):
            ir.add_answer(reg, item, "link", link=PUBLIC + title.lower().split(" and ")[0].replace(" ", "-"))
        status = "in_progress" if number in late else "submitted"  # the rest went in on the day
        due = iso_working_day(today + timedelta(days=5)) if number in late else None
        ir.update_item(reg, item, status=status, due_date=due, owner=rng.choice(OWNERS))
    # One answer whose file has since gone from the folder: flagged, never dropped.
    gone = ir.evidence_answered_once(reg)[5]  # a file only one answer uses
    folder = assessment.evidence_folder(reg)
    if folder is not None:
        (folder / evidence.get(reg, gone)["rel_path"]).unlink(missing_ok=True)
    evidence.update(reg, gone, presence="missing", problem="")  # as a folder scan would record it


OWNERS = ("Head of Practice", "Performance manager", "Head of Commissioning", "Safeguarding lead", "Assurance lead")
M = 30  # days in a month, near enough for the demo's dates
# name, QS, value, unit, period, months old, source, better, England, region, target, history.
# ASCOF codes are the 2023-24 onward set (the handbook of definitions renumbered them: direct payments
# 3D, short-term support 2A, long-term admissions 65+ 2C); activity from 2024-25 comes from Client Level Data.
FIGURES = (
    ("People waiting for a Care Act assessment", "QS1", 412, "people", "Oct 2026", 1, "Case system", "lower",
     None, None, 250, "Apr 2026: 655; Jul 2026: 530"),
    ("Median wait for a Care Act assessment", "QS1", 34, "days", "Oct 2026", 1, "Case system", "lower",
     None, None, 28, "Apr 2026: 52; Jul 2026: 31"),
    ("Reviews completed within 12 months", "QS1", 61.5, "%", "2025/26", 3, "Client Level Data", "higher",
     58.0, 60.2, 75, "2023/24: 52; 2024/25: 57.4"),
    ("Carers' assessments completed", "QS1", 1183, "carers", "2025/26", 4, "Case system", "higher",
     None, None, 1300, "2023/24: 904; 2024/25: 1046"),
    ("Occupational therapy waiting list", "QS1", 287, "people", "Mar 2026", 8, "OT service", "lower",
     None, None, 150, "Sep 2025: 344"),
    ("Older people at home 91 days after reablement", "QS2", 84.1, "%", "2025/26", 4, "ASCOF 2025/26",
     "higher", 82.8, 83.5, 85, "2023/24: 80.2; 2024/25: 81.9"),
    ("People using direct payments (ASCOF 3D)", "QS2", 24.3, "%", "2025/26", 4, "ASCOF 2025/26", "higher",
     26.2, 27.0, 28, "2023/24: 25.1; 2024/25: 24.8"),
    ("Short-term support with no further need (ASCOF 2A)", "QS2", 77.0, "%", "2025/26", 4, "ASCOF 2025/26", "higher",
     77.6, 76.3, None, "2024/25: 73.9"),
    ("Social care-related quality of life (ASCOF 1A)", "QS3", 19.2, "score out of 24", "2025/26", 4,
     "Adult Social Care Survey", "higher", 19.0, 19.2, None, "2023/24: 19.0; 2024/25: 19.1"),
    ("Satisfaction with care and support (ASCOF 3A)", "QS3", 64.6, "%", "2025/26", 4,
     "Adult Social Care Survey", "higher", 64.4, 65.1, None, "2023/24: 64.2; 2024/25: 63.8"),
    ("People supported from ethnic minority groups", "QS3", 7.9, "%", "2025/26", 3, "Case system", "higher",
     None, None, 9.5, "2024/25: 6.8"),
    ("Carer-reported quality of life", "QS3", 7.2, "score out of 12", "2025/26", 5,
     "Survey of Adult Carers", "higher", 7.3, 7.2, None, "2021/22: 7.0; 2023/24: 7.1"),
    ("Long-term admissions to care homes, 65+ (ASCOF 2C)", "QS4", 548, "per 100,000", "2025/26", 4, "ASCOF 2025/26",
     "lower", 566.0, 601.0, 520, "2023/24: 612; 2024/25: 580"),
    ("Care homes rated good or outstanding", "QS4", 79.0, "%", "Oct 2026", 1, "CQC ratings data", "higher",
     78.0, 80.0, 85, "Oct 2025: 75; Apr 2026: 77"),
    ("Home care hours not yet placed", "QS4", 1240, "hours a week", "Oct 2026", 1, "Brokerage", "lower",
     None, None, 500, "Apr 2026: 2100; Jul 2026: 1650"),
    ("Carers known to the council", "QS5", 6410, "carers", "Sep 2026", 2, "Carers Centre", "higher",
     None, None, 7000, "2024/25: 5200"),
    ("People supported by funded community groups", "QS5", 3120, "people", "2025/26", 5,
     "Grant monitoring", "higher", None, None, None, "2024/25: 2790"),
    ("Discharged on the day they were ready", "QS6", 71.0, "%", "Oct 2026", 1, "NHS discharge data", "higher",
     68.0, 70.5, 80, "Apr 2026: 63; Jul 2026: 67"),
    ("Young people with a transition plan by 17½", "QS6", 66.0, "%", "2025/26", 7, "Transitions team",
     "higher", None, None, 90, "2024/25: 58"),
    ("Section 42 enquiries concluded within 3 months", "QS7", 78.4, "%", "Q2 2026/27", 2, "Safeguarding data",
     "higher", None, None, 85, "Q4 2025/26: 69.0; Q1 2026/27: 74.5"),
    ("Concerns leading to a section 42 enquiry", "QS7", 31.0, "%", "2025/26", 4, "SAC return", "higher",
     29.0, 33.0, None, "2024/25: 27.5"),
    ("Desired outcomes fully or partly met (MSP)", "QS7", 94.0, "%", "2025/26", 4, "SAC return", "higher",
     95.0, 94.5, 95, "2024/25: 92"),
    ("DoLS applications awaiting allocation", "QS7", 386, "applications", "Feb 2026", 9, "DoLS team", "lower",
     None, None, 200, "Aug 2025: 455"),
    ("People who use services who feel safe (ASCOF 4A)", "QS7", 71.0, "%", "2025/26", 4,
     "Adult Social Care Survey", "higher", 71.1, 70.8, None, "2023/24: 70.9; 2024/25: 70.2"),
    ("Social worker vacancy rate", "QS8", 9.8, "%", "Sep 2026", 2, "Workforce data", "lower",
     11.2, 10.5, 8, "Sep 2025: 14.1; Mar 2026: 12.0"),
    ("Agency social workers", "QS8", 6.5, "%", "Sep 2026", 2, "Workforce data", "lower",
     7.0, 6.0, 5, "Sep 2025: 9.0; Mar 2026: 6.1"),
    ("Forecast adult social care overspend", "QS8", 2.4, "£m", "Month 6 2026/27", 2, "Finance", "lower",
     None, None, 0, "Month 3: 3.1"),
    ("Complaints upheld in full or part", "QS9", 38.0, "%", "2025/26", 5, "Complaints team", "lower",
     None, None, None, "2023/24: 45; 2024/25: 36"),
    ("Case file audits rated good or better", "QS9", 64.0, "%", "Q2 2026/27", 2, "Practice audit", "higher",
     None, None, 75, "Q4 2025/26: 55; Q1 2026/27: 60"),
    ("Staff who say we learn from mistakes", "QS9", 72.0, "%", "2025 staff survey", 11, "Staff survey",
     "higher", None, None, 80, "2024 staff survey: 66"),
)  # fmt: skip


def _indicators(reg: Register, today: date) -> None:
    for name, qs, value, unit, period, age, source, better, england, region, target, history in FIGURES:
        indicators.create(
            reg,
            name=name,
            qs=qs,
            value=value,
            unit=unit,
            period=period,
            data_date=iso_working_day(today - timedelta(days=age * M), back=True),
            source=source,
            better=better,
            england=england,
            region=region,
            target=target,
            history=history,
            owner="Performance team",
        )


def _snapshots(reg: Register, today: date) -> None:
    """A summer board refresh and the version sent with the information return, then today's text."""
    now = self_assessment.all_rows(reg)
    earlier = {
        "QS1": {
            "score": 2,
            "narrative": "Waiting lists for assessment are long and growing; a recovery plan is agreed.",
        },
        "QS6": {"score": 1, "development": "Transitions for young people are late and inconsistent."},
        "QS7": {"score": 2, "strengths": "A committed safeguarding hub; partners attend the board."},
    }
    for qs, values in earlier.items():
        self_assessment.update(reg, qs, **values)
    snapshots.take(reg, "Board refresh (summer)", today=working_day(today - timedelta(days=120), back=True))
    self_assessment.update(reg, "QS7", **{k: now["QS7"][k] for k in earlier["QS7"]})
    snapshots.take(reg, "Sent with the information return", today=working_day(today - timedelta(days=30), back=True))
    for qs, values in earlier.items():
        self_assessment.update(reg, qs, **{k: now[qs][k] for k in values})
