"""The demo register: a fictional council a few weeks before its on-site visit.

`build_demo(folder)` writes `folder/register.sqlite` and `folder/evidence/`.
Everything is drawn from a seeded random generator, so the same `today`
always gives the same register and the same files. No real person appears:
names are made up, cases are coded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from readiness_app import clock
from readiness_app.demo.content import (
    CATEGORY_OWNERS,
    COUNCIL,
    DOCUMENTS,
    GENERAL_GAPS,
    NARRATIVES,
    QS_LEADS,
    REPORT_TITLE,
    SELF_ASSESSMENT_TITLE,
    TEAMS,
)
from readiness_app.demo.files import register_file, write_item
from readiness_app.demo.information_return import ANSWER_TITLES, add_information_return_demo
from readiness_app.demo.previous_report import add_previous_report, iso_working_day, published_day, working_day
from readiness_app.demo.timetable import make_people, make_sessions
from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.opening import create_register
from readiness_app.register import (
    assessment,
    cases,
    evidence,
    gaps,
    improvement,
    records,
    requests,
    self_assessment,
)
from readiness_app.register.connection import Register

SEED = 20240521
INBOX_FOLDER = "00 Inbox - to sort"
INBOX_DROPS = 20  # unsorted files colleagues have dropped in the evidence folder

# Case criteria to draw from; hospital discharge and mental health are listed twice
# because they are the commonest reasons a case is picked.
CRITERIA_WEIGHTED = [
    "autism",
    "carer",
    "hospital discharge",
    "mental health",
    "hospital discharge",
    "learning disability",
    "mental health",
    "safeguarding",
    "self-funder",
    "sensory",
    "transitions",
]
# The QS a case speaks to, from its criteria (every case speaks to assessing needs).
CRITERIA_QS = {
    "hospital discharge": "QS6",
    "transitions": "QS6",
    "carer": "QS2",
    "safeguarding": "QS7",
    "learning disability": "QS3",
    "autism": "QS3",
    "mental health": "QS3",
    "sensory": "QS3",
    "self-funder": "QS4",
}
OPERATIONAL_TEAMS = tuple(t for t in TEAMS if t not in ("Commissioning", "Quality Assurance"))
EXTENSIONS = (".pdf", ".docx", ".xlsx", ".csv", ".txt")


@dataclass
class DemoResult:
    register: Path
    evidence: Path
    counts: dict[str, int]


def _visit_start(today: date) -> date:
    """The Tuesday at least three weeks from `today`."""
    day = today + timedelta(days=21)
    while day.weekday() != 1:
        day += timedelta(days=1)
    return day


# ---------------------------------------------------------------- build


def build_demo(folder: Path | str, today: date | None = None) -> DemoResult:
    """Build the demo register and evidence folder inside `folder` (must be empty or new)."""
    folder = Path(folder)
    register_path = folder / "register.sqlite"
    evidence_root = folder / "evidence"
    if register_path.exists() or evidence_root.exists():
        raise ReadinessError(f"{folder} already holds a demo; choose an empty folder")
    try:
        evidence_root.mkdir(parents=True)
    except OSError as exc:
        raise ReadinessError(f"cannot create {evidence_root}: {exc.strerror or exc}") from None
    today = today or clock.today()
    rng = random.Random(SEED)
    reg = create_register(register_path, council=COUNCIL, evidence_folder="evidence")
    reg.source = "demo"
    try:
        with reg.transaction("demo"):
            counts = _fill(reg, evidence_root, today, rng)
            counts.update(add_information_return_demo(reg, today))
            counts["snapshots"] += add_previous_report(reg, today)  # last year's version: a snapshot too
            counts["snapshots"] += _this_years_self_assessment(reg, today)
            _readiness_history(reg, today)
    finally:
        reg.close()
    return DemoResult(register_path, evidence_root, counts)


def _this_years_self_assessment(reg: Register, today: date) -> int:
    """This year's self-assessment, kept as the 2026 version on the day the DASS signed it off."""
    from readiness_app.register import annual_self_assessment, assessment, workdays

    start = min(d["date"] for d in assessment.visit_days(reg))
    signed = min(sign_off_day(workdays.as_date(start)), today)
    year = str(signed.year)
    annual_self_assessment.take(reg, year, today=signed)
    annual_self_assessment.set_status(reg, year, "signed off", today=signed)
    return 1


def _readiness_history(reg: Register, today: date) -> None:
    """Three weeks of weekday snapshots before today, red giving way to amber and green (the dashboard chart)."""
    from readiness_app.register import readiness_history

    for back in range(20, 0, -1):
        day = today - timedelta(days=back)
        if day.weekday() < 5:
            red = 3 + back // 5  # 7 three weeks ago, down to 3
            green = max(0, 2 - back // 7)
            readiness_history.record(reg, day, {"red": red, "amber": 9 - red - green, "green": green})


def _fill(reg: Register, root: Path, today: date, rng: random.Random) -> dict[str, int]:
    fw = current()
    from readiness_app.register import workdays

    start = workdays.clear_visit_start(_visit_start(today), 3, 1)  # no weekend, bank holiday or Christmas week
    days = workdays.visit_days(start, 3, 1)
    onsite = [d for d, kind in days.items() if kind == "onsite"]
    virtual = [d for d, kind in days.items() if kind == "virtual"]
    assessment.set_visit_days(reg, days)
    assessment.update(
        reg,
        notification_date=iso_working_day(start - timedelta(weeks=10), back=True),
        lair_due_date=iso_working_day(start - timedelta(weeks=7), back=True),
    )
    _self_assessment(reg, fw)
    evidence_ids = _evidence(reg, root, fw, rng, today, start)
    _gaps(reg, fw, start, rng)
    case_ids = _cases(reg, fw, today, rng)
    cast = make_people(reg, rng)
    session_count = make_sessions(reg, fw, rng, onsite, virtual, cast, case_ids[:6], evidence_ids)
    _visit_records(reg, today, start, evidence_ids)
    _milestones(reg, today, start)
    records.audit(reg, "assessment", 1, "update", {"demo": [None, "built"]})
    return {
        "sessions": session_count,
        "people": len(cast.all_ids),
        "evidence": sum(len(v) for v in evidence_ids.values()) + INBOX_DROPS + 1,  # + the duplicate
        "cases": len(case_ids),
        "gaps": len(THIN) + len(GENERAL_GAPS),
    }


# Cells (QS, category) left without evidence, so the demo shows gaps.
THIN = (("QS2", "staff"), ("QS3", "partners"), ("QS3", "staff"), ("QS6", "people"), ("QS9", "partners"))
SCORES = {"QS1": 2, "QS2": 3, "QS3": 2, "QS4": 3, "QS5": 3, "QS6": 2, "QS7": 3, "QS8": 3, "QS9": 3}


def _self_assessment(reg: Register, fw) -> None:
    for qs in fw.statements:
        score = SCORES[qs.id]
        lead, strengths, development, messages = QS_LEADS[qs.id]
        self_assessment.update(
            reg,
            qs.id,
            score=score,
            target=min(4, score + 1),
            narrative=NARRATIVES[qs.id],
            strengths=strengths,
            development=development,
            owner=lead,
            key_messages=messages,
        )


def _extension(title: str, n: int) -> str:
    lowered = title.lower()
    if any(w in lowered for w in ("data", "dashboard", "scorecard", "tracker")):
        return ".xlsx"
    if any(w in lowered for w in ("notes", "minutes", "log")):
        return ".docx"
    return (".pdf", ".docx")[n % 2]  # a council files its documents as PDF or Word; plain text only lands in the inbox


def sign_off_day(start: date) -> date:
    """The day the DASS signed off this year's self-assessment (about eight weeks before the visit)."""
    from readiness_app.register import workdays

    day = working_day(start - timedelta(weeks=8), back=True)  # before the information return is due
    while workdays.christmas_warning([day.isoformat()]):
        day = working_day(day - timedelta(days=1), back=True)
    return day


def document_day(title: str, months: int, today: date, start: date) -> str:
    """A document's date: the report's from its publication, the self-assessment's from its sign-off,
    any other `months` before today; always a working day, never in the future."""
    if title == REPORT_TITLE:
        day = published_day(today)
    elif title == SELF_ASSESSMENT_TITLE:
        day = min(sign_off_day(start), today)
    else:
        day = today - timedelta(days=months * 30)
    return iso_working_day(day, back=True)


def _evidence(reg: Register, root: Path, fw, rng: random.Random, today: date, start: date) -> dict[str, list[int]]:
    """Information-return documents in QS/category folders, each with its document date; an inbox of
    unsorted drops; one duplicate."""
    evidence_ids: dict[str, list[int]] = {q.id: [] for q in fw.statements}
    reference = 0
    first: tuple[int, str] | None = None
    for qs in fw.statements:
        qs_folder = f"{qs.number:02d} {qs.name}"
        for cat in fw.categories:
            if (qs.id, cat.id) in THIN:
                continue
            for n, (title, months) in enumerate(DOCUMENTS[qs.id][cat.id]):
                reference += 1
                ext = _extension(title, reference + n)
                file_name = f"LAIR-{reference:03d} {title.replace(':', ' -')}{ext}"
                status = "accepted" if rng.random() < 0.8 else ("submitted" if rng.random() < 0.5 else "inbox")
                if status == "inbox" and title in ANSWER_TITLES:
                    status = "accepted"  # a file that answers the return has been looked at
                rel = f"{qs_folder}/{cat.name}/{file_name}"
                item = write_item(
                    reg,
                    root,
                    rel,
                    rng,
                    qs=[qs.id],
                    category=cat.id,
                    status=status,
                    reference=f"LAIR-{reference:03d}",
                    title=title,
                    document_date=document_day(title, months, today, start),
                )
                first = first or (item, rel)
                evidence_ids[qs.id].append(item)
    for n in range(1, INBOX_DROPS + 1):
        ext = EXTENSIONS[n % len(EXTENSIONS)]
        rel = f"{INBOX_FOLDER}/Scan {n:02d} from team drive{ext}"
        write_item(reg, root, rel, rng, qs=[], category=None, status="inbox", reference=None, title=None)
    # One deliberate duplicate: the same file dropped twice under different names.
    assert first is not None, "the demo writes evidence before the inbox"
    first_id, first_rel = first
    dup_rel = f"{INBOX_FOLDER}/Copy of {Path(first_rel).name}"
    (root / dup_rel).write_bytes((root / first_rel).read_bytes())
    register_file(
        reg, root, dup_rel, qs=[], category=None, status="inbox", reference=None, title=None, presence="duplicate"
    )
    evidence.update(reg, first_id, presence="duplicate")
    return evidence_ids


def _gaps(reg: Register, fw, start: date, rng: random.Random) -> None:
    """A "no evidence" gap for each thin cell, owned by whoever gathers that kind; then named gaps."""
    for qs_id, cat_id in sorted(THIN):
        gaps.create(
            reg,
            qs_id,
            f"No {fw.category(cat_id).name.lower()} evidence yet",
            severity="high" if cat_id == "people" else "medium",
            kind="no_evidence",
            category=cat_id,
            owner=CATEGORY_OWNERS[cat_id],
            due_date=iso_working_day(start - timedelta(days=rng.randint(5, 15)), back=True),
        )
    for qs_id, text, severity, owner in GENERAL_GAPS:
        gaps.create(
            reg,
            qs_id,
            text,
            severity=severity,
            owner=owner,
            due_date=iso_working_day(start - timedelta(days=rng.randint(3, 20)), back=True),
        )


CONSENTS = (
    "given",
    "given",
    "given",
    "requested",
    "given",
    "declined",
    "not_sought",
    "requested",
    "given",
    "not_required",
)


def _cases(reg: Register, fw, today: date, rng: random.Random) -> list[int]:
    """50 coded cases; 10 shortlisted by CQC (6 selected, 4 in reserve), one of them declined."""
    case_ids = []
    for n in range(1, 51):
        tags = sorted(set(rng.sample(CRITERIA_WEIGHTED, k=rng.randint(1, 3))))
        stage, consent, consent_date = "long_list", "not_sought", None
        if n <= 10:
            stage = "selected" if n <= 6 else "reserve"
            consent = CONSENTS[n - 1]
            if consent in ("given", "declined", "requested"):
                consent_date = iso_working_day(today - timedelta(days=rng.randint(1, 10)), back=True)
        case_ids.append(
            cases.create(
                reg,
                f"NM-{n:03d}",
                criteria=tags,
                team=rng.choice(OPERATIONAL_TEAMS),
                stage=stage,
                consent=consent,
                consent_date=consent_date,
                records_shared_date=iso_working_day(today - timedelta(days=1), back=True)
                if consent == "given" and n <= 3
                else None,
                contact=rng.choice(["person", "family", "advocate"]) if n <= 10 else "",
                qs=sorted({"QS1", *(CRITERIA_QS[t] for t in tags if t in CRITERIA_QS)}),
            )
        )
    return case_ids


def _milestones(reg: Register, today: date, start: date) -> None:
    """The timeline a council keeps: CQC's two notices and set-up meeting, the council's own deadlines and
    preparation (self-assessment sign-off, mock interviews), each dated on a working day."""
    from readiness_app.register import timeline, workdays

    def on(weeks: float) -> str:
        day = working_day(start + timedelta(days=round(weeks * 7)), back=True)
        while workdays.christmas_warning([day.isoformat()]):  # nothing booked between Christmas and New Year
            day = working_day(day - timedelta(days=1), back=True)
        return day.isoformat()

    def status(day: str) -> str:
        return "done" if day < today.isoformat() else "planned"

    standard = (
        ("first_notice", -16, "Director of Adult Social Services"),
        ("setup_meeting", -8, "Assurance Lead"),
        ("case_list_due", -6, "Head of Practice"),
        ("consent_deadline", -1.5, "Principal Social Worker"),
    )
    for key, weeks, owner in standard:
        day = on(weeks)
        timeline.set_milestone(reg, key, date=day, owner=owner, status=status(day))
    timeline.set_milestone(reg, "plan_due", owner="Assistant Director, Operations")  # dated once the report is out
    own = (
        ("Information return evidence checked against the request list", -7.5, "Assurance Lead", "council"),
        ("Self-assessment 2026 signed off by the DASS", -7, "Director of Adult Social Services", "council"),
        ("CQC calls with partners and providers", -4, "CQC assessment lead", "cqc"),
        ("Lead Member and Cabinet briefing", -2, "Director of Adult Social Services", "council"),
        ("Mock interviews for senior leaders", -1, "Assurance Lead", "council"),
    )
    for title, weeks, owner, whose in own:
        day = sign_off_day(start).isoformat() if title.startswith("Self-assessment") else on(weeks)
        timeline.add(reg, title, day, owner=owner, status=status(day), whose=whose)


def _visit_records(reg: Register, today: date, start: date, evidence_ids: dict[str, list[int]]) -> None:
    """What a council has before the visit: CQC's early requests and its own improvement plan."""
    day = timedelta(days=1)
    asks = [
        ("Lead assessor", "Latest safeguarding performance report and SAB annual report", "QS7", 12, 5, "sent"),
        ("Lead assessor", "Waiting list trajectory for Care Act assessments", "QS1", 6, 3, "open"),
        ("Assessor", "Co-production charter and examples of its use", "QS9", 4, 7, "in_progress"),
        ("Specialist adviser", "Market sustainability plan and fee uplift decision", "QS4", 2, 10, "open"),
    ]
    for who, text, qs, days_ago, allow, status in asks:
        received = working_day(today - days_ago * day, back=True)
        requests.create(
            reg,
            received_date=received.isoformat(),
            from_whom=who,
            description=text,
            qs=qs,
            owner="Assurance team",
            due_date=iso_working_day(received + allow * day),
            status=status,
            evidence=evidence_ids[qs][:2] if status == "sent" else [],
            sent_date=iso_working_day(received + 2 * day) if status == "sent" else None,
            today=today,
        )
    actions = [
        ("QS1", "Clear the assessment waiting list to under four weeks", "H", "Head of Practice", 90, "on_track"),
        (
            "QS1",
            "Offer every unpaid carer a carer's assessment at first contact",
            "M",
            "Carers Lead",
            120,
            "on_track",  # two teams of five already offer it at first contact
        ),
        (
            "QS3",
            "Publish equality data by protected characteristic each quarter",
            "H",
            "Head of Performance and Intelligence",
            -10,
            "not_started",
        ),
        ("QS4", "Refresh the market position statement with providers", "M", "Head of Commissioning", 60, "on_track"),
        (
            "QS6",
            "Joint discharge protocol with the hospital trust",
            "H",
            "Hospital Discharge Team Manager",
            -70,
            "complete",  # signed with the trust in the autumn
        ),
        ("QS7", "Clear the DoLS waiting list, highest risk first", "H", "Head of Safeguarding", 75, "on_track"),
        (
            "QS2",
            "Cut equipment delivery times in the south to seven days",
            "M",
            "Reablement Service Manager",
            45,
            "not_started",
        ),
        ("QS5", "Information sharing protocol with district housing", "M", "Partnerships Manager", -75, "complete"),
        (
            "QS9",
            "Feed learning from complaints back to teams every month",
            "L",
            "Principal Social Worker",
            20,
            "on_track",
        ),
        (
            "QS8",
            "Workforce strategy action plan with RAG reporting to ACMT",
            "M",
            "Assistant Director, Operations",
            -120,
            "complete",
        ),
    ]
    for qs, text, priority, lead, days, status in actions:
        improvement.create(
            reg,
            qs=qs,
            description=text,
            priority=priority,
            lead=lead,
            target_date=iso_working_day(start + days * day),
            status=status,
            board="Adult Care Management Team",
        )
