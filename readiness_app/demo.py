"""The demo register: a fictional council a few weeks before its on-site visit.

`build_demo(folder)` writes `folder/register.sqlite` and `folder/evidence/`.
Everything is drawn from a seeded random generator, so the same `today`
always gives the same register and the same files. No real person appears:
names are made up, cases are coded.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import re
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.register import (
    assessment,
    cases,
    evidence,
    gaps,
    improvement,
    people,
    records,
    requests,
    self_assessment,
    sessions,
)
from readiness_app.register.connection import Register, create_register

COUNCIL = "Northmoor County Council"
SEED = 20240521
INBOX_FOLDER = "00 Inbox - to sort"

FIRST = (
    "Aisha Alun Amara Ben Bethan Carys Chidi Daniel Dylan Eleri Emma Fatima Gareth Grace Harriet Hassan Ieuan "
    "Imran Jacek Joanna Kamal Katarzyna Leah Liam Lowri Marek Maryam Megan Niamh Nia Oliver Olu Priya Rhys "
    "Rosa Ruth Samir Sean Siân Sophie Tomasz Wojciech Yusuf Zoë Zofia"
).split()
LAST = (
    "Abbott Ahmed Bennett Bowen Brontë Chowdhury Clarke Davies Evans Fraser Griffiths Hughes Iqbal Jenkins "
    "Kowalski Lewandowski Llewelyn Malik Morgan Nowak O'Brien Okafor Patel Price Pritchard Quinn Rees Roberts "
    "Shah Thomas Vaughan Walsh Wiśniewska Williams Wójcik"
).split()

TEAMS = (
    "Front Door",
    "Hospital Discharge",
    "Locality North",
    "Locality South",
    "Transitions",
    "Learning Disability",
    "Mental Health",
    "Safeguarding Hub",
    "Reablement",
    "Commissioning",
    "Quality Assurance",
    "Carers Support",
)
ORGS = {
    "partner": ("Northmoor ICB", "Northmoor Hospitals NHS Trust", "Northmoor Police", "District Housing"),
    "provider": ("Moorside Care Homes", "Brightpath Home Care", "Heather Lodge", "Greenway Supported Living"),
    "voluntary": ("Age Concern Northmoor", "Northmoor Carers Centre", "Mind in Northmoor", "Deaf Links"),
    "carer": ("Carers' Forum",),
    "lived_experience": ("Making It Real group",),
}
LEADERS = (
    ("Director of Adult Social Services", "leader"),
    ("Principal Social Worker", "leader"),
    ("Principal Occupational Therapist", "leader"),
    ("Chief Executive", "leader"),
    ("Lead Member for Adult Social Care", "leader"),
    ("Head of Safeguarding", "leader"),
    ("Head of Commissioning", "leader"),
    ("Assistant Director, Operations", "leader"),
)
STAFF_ROLES = ("Social Worker", "Senior Practitioner", "Occupational Therapist", "Team Manager", "Care Coordinator")

DOC_TITLES = {
    "people": ("Survey results", "Compliments and complaints summary", "Case study", "Co-production feedback"),
    "staff": ("Staff survey", "Practice forum notes", "Workforce health check", "Team manager briefing"),
    "partners": ("Partner feedback", "Joint working agreement", "Board minutes extract", "Provider forum notes"),
    "processes": ("Policy", "Performance dashboard", "Audit report", "Procedure", "Data return"),
}
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
EXTENSIONS = (".pdf", ".docx", ".xlsx", ".csv", ".txt")

SLOTS = (
    ("09:00", "10:00"),
    ("10:15", "11:15"),
    ("11:30", "12:30"),
    ("13:30", "14:30"),
    ("14:45", "15:45"),
    ("16:00", "17:00"),
)

SESSION_TOPICS = {
    "one_to_one": ("Conversation with the {role}",),
    "focus_group": ("Staff focus group: {team}", "Front-line practitioners: {team}", "Managers' focus group"),
    "drop_in": ("Staff drop-in", "Practitioner drop-in"),
    "partner_provider": (
        "Provider group",
        "Health partners",
        "Housing and district partners",
        "Voluntary sector group",
    ),
    "other": ("Carers' conversation", "People with lived experience", "Making It Real group"),
}


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


# ---------------------------------------------------------------- files


def _pdf_bytes(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 770, title[:80])
    pdf.setFont("Helvetica", 11)
    y = 740
    for line in lines:
        pdf.drawString(72, y, line[:95])
        y -= 16
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _docx_bytes(title: str, lines: list[str]) -> bytes:
    """A minimal valid Word document (the parts Word needs, nothing more)."""
    from xml.sax.saxutils import escape

    paras = "".join(f"<w:p><w:r><w:t>{escape(t)}</w:t></w:r></w:p>" for t in [title, *lines])
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{paras}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            zf.writestr(info, text)
    return buffer.getvalue()


def _xlsx_bytes(title: str, rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append([title])
    for row in rows:
        ws.append(row)
    from datetime import datetime

    wb.properties.created = wb.properties.modified = datetime(2024, 1, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    # Rewrite the zip with fixed member stamps so the demo is byte-for-byte repeatable.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps "now" here
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            zf.writestr(zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def _file_bytes(ext: str, title: str, rng: random.Random) -> bytes:
    lines = [f"{COUNCIL} - adult social care", f"Prepared for the CQC assessment. Item {rng.randint(100, 999)}."]
    lines += [f"Finding {i}: measure {rng.randint(40, 99)}% against target." for i in range(1, rng.randint(3, 7))]
    if ext == ".pdf":
        return _pdf_bytes(title, lines)
    if ext == ".docx":
        return _docx_bytes(title, lines)
    if ext == ".xlsx":
        return _xlsx_bytes(
            title, [["Month", "Value"], *[[m, rng.randint(10, 300)] for m in ("Apr", "May", "Jun", "Jul")]]
        )
    if ext == ".csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(["Quarter", "Measure", "Value"])
        for q in ("Q1", "Q2", "Q3", "Q4"):
            writer.writerow([q, title, rng.randint(10, 500)])
        return text.getvalue().encode("utf-8")
    return ("\n".join([title, *lines]) + "\n").encode("utf-8")


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
    today = today or date.today()
    rng = random.Random(SEED)
    reg = create_register(register_path, council=COUNCIL, evidence_folder="evidence")
    reg.source = "demo"
    try:
        with reg.transaction("demo"):
            counts = _fill(reg, evidence_root, today, rng)
            _readiness_history(reg, today)
    finally:
        reg.close()
    return DemoResult(register_path, evidence_root, counts)


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
    start = _visit_start(today)
    onsite = assessment.consecutive_weekdays(start.isoformat(), 3)
    virtual = assessment.consecutive_weekdays((date.fromisoformat(onsite[-1]) + timedelta(days=1)).isoformat(), 1)
    assessment.set_visit_days(reg, {**{d: "onsite" for d in onsite}, **{d: "virtual" for d in virtual}})
    assessment.update(
        reg,
        notification_date=(start - timedelta(weeks=10)).isoformat(),
        lair_due_date=(start - timedelta(weeks=7)).isoformat(),
    )

    # Self-assessment
    scores = [2, 3, 2, 3, 3, 2, 3, 3, 3]
    for qs, score in zip(fw.statements, scores, strict=True):
        self_assessment.update(
            reg,
            qs.id,
            score=score,
            target=min(4, score + 1),
            narrative=(
                f"Our self-assessment of {qs.name.lower()}: we rate ourselves {score} "
                f"({fw.score_labels[score].lower()}). Evidence is strongest where practice audits and "
                "people's feedback agree; we are honest about where waiting times and consistency lag."
            )
            if qs.id != "QS3"
            else "",
            strengths="Strong partnership working; committed, stable workforce; good use of data at team level.",
            development="Waiting times for some assessments; consistency of recording; reach into seldom-heard groups.",
            owner=rng.choice(["Head of Practice", "Assistant Director, Operations", "Head of Commissioning"]),
        )

    # Evidence files in QS/category folders, plus an inbox folder of unsorted drops.
    thin = {("QS2", "staff"), ("QS3", "partners"), ("QS3", "staff"), ("QS6", "people"), ("QS9", "partners")}
    evidence_ids: dict[str, list[int]] = {q.id: [] for q in fw.statements}
    reference = 0
    for qs in fw.statements:
        qs_folder = f"{qs.number:02d} {qs.name}"
        for cat in fw.categories:
            if (qs.id, cat.id) in thin:
                continue
            for n in range(rng.randint(4, 6)):
                reference += 1
                ext = EXTENSIONS[(reference + n) % len(EXTENSIONS)]
                title = f"{rng.choice(DOC_TITLES[cat.id])} {reference:03d}"
                rel = f"{qs_folder}/{cat.name}/{title}{ext}"
                status = "accepted" if rng.random() < 0.8 else ("submitted" if rng.random() < 0.5 else "inbox")
                item = _write_item(
                    reg,
                    root,
                    rel,
                    rng,
                    qs=[qs.id],
                    category=cat.id,
                    status=status,
                    reference=f"LAIR-{reference:03d}",
                    title=title,
                )
                evidence_ids[qs.id].append(item)
    for n in range(1, 16):
        ext = EXTENSIONS[n % len(EXTENSIONS)]
        rel = f"{INBOX_FOLDER}/Scan {n:02d} from team drive{ext}"
        _write_item(reg, root, rel, rng, qs=[], category=None, status="inbox", reference=None, title=None)
    # One deliberate duplicate: the same file dropped twice under different names.
    first = reg.query("SELECT rel_path FROM evidence ORDER BY id LIMIT 1")[0][0]
    dup_rel = f"{INBOX_FOLDER}/Copy of {Path(first).name}"
    (root / dup_rel).write_bytes((root / first).read_bytes())
    _register_file(
        reg, root, dup_rel, qs=[], category=None, status="inbox", reference=None, title=None, presence="duplicate"
    )
    reg.conn.execute("UPDATE evidence SET presence = 'duplicate' WHERE rel_path = ?", (first,))

    # Gaps: one "no evidence" gap for each thin cell, plus general ones.
    for qs_id, cat_id in sorted(thin):
        gaps.create(
            reg,
            qs_id,
            f"No {fw.category(cat_id).name.lower()} evidence yet",
            severity="high" if cat_id == "people" else "medium",
            kind="no_evidence",
            category=cat_id,
            owner=rng.choice(TEAMS) + " manager",
            due_date=(start - timedelta(days=rng.randint(5, 15))).isoformat(),
        )
    general = [
        ("QS1", "Assessment waiting list trajectory not yet signed off", "high"),
        ("QS1", "Carers' assessment completion data is a quarter old", "medium"),
        ("QS4", "Market position statement refresh in draft", "medium"),
        ("QS5", "VCS grant outcomes report missing for last year", "low"),
        ("QS7", "Safeguarding Adults Board annual report to be linked", "low"),
        ("QS8", "Workforce strategy action plan lacks RAG", "medium"),
        ("QS9", "Learning from complaints summary for Q2", "low"),
        ("QS3", "Equality data by protected characteristic not reported", "high"),
    ]
    for qs_id, text, severity in general:
        gaps.create(
            reg,
            qs_id,
            text,
            severity=severity,
            owner=rng.choice(TEAMS) + " manager",
            due_date=(start - timedelta(days=rng.randint(3, 20))).isoformat(),
        )

    # Cases: 50 coded, 10 shortlisted (6 selected, 4 reserve).
    case_ids = []
    consents = [
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
    ]
    for n in range(1, 51):
        tags = sorted(set(rng.sample(CRITERIA_WEIGHTED, k=rng.randint(1, 3))))
        stage, consent, consent_date = "long_list", "not_sought", None
        if n <= 6:
            stage = "selected"
        elif n <= 10:
            stage = "reserve"
        if n <= 10:
            consent = consents[n - 1]
            if consent in ("given", "declined", "requested"):
                consent_date = (today - timedelta(days=rng.randint(1, 10))).isoformat()
        case_ids.append(
            cases.create(
                reg,
                f"NM-{n:03d}",
                criteria=tags,
                team=rng.choice(TEAMS),
                stage=stage,
                consent=consent,
                consent_date=consent_date,
                records_shared_date=(today - timedelta(days=1)).isoformat() if consent == "given" and n <= 3 else None,
                contact=rng.choice(["person", "family", "advocate"]) if n <= 10 else "",
                qs=sorted({"QS1", rng.choice(fw.qs_ids)}),
            )
        )

    # People: leaders, staff, partners, providers, voluntary sector, carers, lived experience.
    names = sorted({f"{f} {s}" for f in FIRST for s in LAST})
    rng.shuffle(names)
    pool = iter(names)
    person_ids: dict[str, list[int]] = {}

    def add(kind: str, role: str, team: str = "", org: str = "") -> int:
        pid = people.create_person(reg, next(pool), role=role, team=team, organisation=org or COUNCIL, kind=kind)
        person_ids.setdefault(kind, []).append(pid)
        return pid

    leader_ids = {role: add(kind, role, "Leadership") for role, kind in LEADERS}
    for _ in range(70):
        add("staff", rng.choice(STAFF_ROLES), rng.choice(TEAMS))
    for kind, count in (("partner", 24), ("provider", 20), ("voluntary", 16), ("carer", 12), ("lived_experience", 12)):
        for _ in range(count):
            role = {"carer": "Unpaid carer", "lived_experience": "Expert by experience"}.get(kind, "Manager")
            add(kind, role, "", rng.choice(ORGS[kind]))

    assessors = [
        people.create_assessor(reg, f"{n} (CQC)", role)
        for n, role in zip(
            [
                "Alex Barton",
                "Bea Kaur",
                "Chris Doyle",
                "Dee Mensah",
                "Ellis Ward",
                "Fern Cole",
                "Gabe Lin",
                "Hana Novak",
                "Ivo Reid",
                "Jo Sutton",
            ],
            ["Lead assessor"] + ["Assessor"] * 6 + ["Specialist adviser"] * 2 + ["Expert by experience"],
            strict=True,
        )
    ]
    rooms = [
        people.create_room(reg, name, loc)
        for name, loc in (
            ("Room 1 - Council Chamber", "County Hall, ground floor"),
            ("Room 2 - Committee Room A", "County Hall, first floor"),
            ("Room 3 - Committee Room B", "County Hall, first floor"),
            ("Room 4 - Moorside Suite", "County Hall, second floor"),
        )
    ]
    virtual_room = people.create_room(reg, "Teams", "Online", virtual=True, link="https://teams.example/northmoor-cqc")

    # Sessions: fill slots room by room; staff and others attend one session a slot.
    session_count = 0
    staff = list(person_ids["staff"])
    others = [p for k in ("partner", "provider", "voluntary", "carer", "lived_experience") for p in person_ids[k]]
    rng.shuffle(staff)
    rng.shuffle(others)
    staff_i = others_i = 0
    leader_list = list(leader_ids.items())
    selected_cases = case_ids[:6]
    plan_days = [(d, rooms) for d in onsite] + [(d, [virtual_room]) for d in virtual]
    for day_index, (day, day_rooms) in enumerate(plan_days):
        for slot_index, (s_start, s_end) in enumerate(SLOTS):
            slot_assessors = assessors[:]
            rng.shuffle(slot_assessors)
            for room_index, room in enumerate(day_rooms):
                if room_index == 3 and slot_index in (2, 5):
                    continue  # keep a little slack in the home-team room
                key = (day_index * len(SLOTS) + slot_index) * 4 + room_index
                if key % 11 == 5 and selected_cases:
                    kind = "case_tracking"
                elif room_index == 0 and leader_list:
                    kind = "one_to_one"
                else:
                    kind = ("focus_group", "partner_provider", "other", "drop_in", "focus_group")[key % 5]
                attendees: list[int] = []
                case_id = None
                if kind == "case_tracking":
                    case_id = selected_cases.pop(0)
                    code = reg.scalar("SELECT code FROM tracked_case WHERE id = ?", (case_id,))
                    title = f"Case tracking conversation {code}"
                    attendees = [staff[staff_i % len(staff)]]
                    staff_i += 1
                elif kind == "one_to_one":
                    role, pid = leader_list.pop(0)
                    title = f"Conversation with the {role}"
                    attendees = [pid]
                elif kind in ("focus_group", "drop_in"):
                    team = rng.choice(TEAMS)
                    title = rng.choice(SESSION_TOPICS[kind]).format(team=team, role="")
                    size = rng.randint(3, 6)
                    attendees = [staff[(staff_i + i) % len(staff)] for i in range(size)]
                    staff_i += size
                else:
                    title = rng.choice(SESSION_TOPICS[kind])
                    size = rng.randint(3, 6)
                    attendees = [others[(others_i + i) % len(others)] for i in range(size)]
                    others_i += size
                qs_focus = sorted(rng.sample(fw.qs_ids, k=rng.randint(1, 3)))
                linked = sorted({rng.choice(evidence_ids[q]) for q in qs_focus for _ in range(2)})
                sessions.create(
                    reg,
                    date=day,
                    start=s_start,
                    end=s_end,
                    room_id=room,
                    title=title,
                    kind=kind,
                    case_id=case_id,
                    status=rng.choice(["planned", "invited", "confirmed", "briefed"]),
                    briefing_owner=rng.choice(["Head of Practice", "PSW office", "Assurance team"]),
                    key_messages="Be specific; use examples; say what changed as a result.",
                    qs=qs_focus,
                    people=attendees,
                    assessors=[a for a in slot_assessors[room_index * 2 : room_index * 2 + rng.randint(1, 2)]],
                    evidence=linked,
                )
                session_count += 1

    # A few deliberate conflicts: the PSW and DASS double-booked, one assessor twice.
    s = reg.query("SELECT id FROM session WHERE date = ? AND start = '10:15' ORDER BY room_id", (onsite[0],))
    sessions.update(
        reg,
        s[1][0],
        people=[*[p["id"] for p in sessions.get(reg, s[1][0])["people"]], leader_ids["Principal Social Worker"]],
    )
    t = reg.query("SELECT id FROM session WHERE date = ? AND start = '13:30' ORDER BY room_id", (onsite[1],))
    sessions.update(
        reg,
        t[2][0],
        people=[
            *[p["id"] for p in sessions.get(reg, t[2][0])["people"]],
            leader_ids["Director of Adult Social Services"],
        ],
    )
    sessions.create(
        reg,
        date=onsite[1],
        start="13:45",
        end="14:15",
        room_id=rooms[0],
        title="Lead Member briefing",
        kind="one_to_one",
        people=[leader_ids["Director of Adult Social Services"]],
        assessors=[assessors[0]],
        qs=["QS8"],
    )
    session_count += 1
    _visit_records(reg, today, start, evidence_ids)
    records.audit(reg, "assessment", 1, "update", {"demo": [None, "built"]})
    return {
        "sessions": session_count,
        "people": reg.scalar("SELECT COUNT(*) FROM person"),
        "evidence": reg.scalar("SELECT COUNT(*) FROM evidence"),
        "cases": len(case_ids),
        "gaps": reg.scalar("SELECT COUNT(*) FROM gap"),
    }


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
        received = today - days_ago * day
        requests.create(
            reg,
            received_date=received.isoformat(),
            from_whom=who,
            description=text,
            qs=qs,
            owner="Assurance team",
            due_date=(received + allow * day).isoformat(),
            status=status,
            evidence=evidence_ids[qs][:2] if status == "sent" else [],
            today=today,
        )
    actions = [
        ("QS1", "Clear the assessment waiting list to under four weeks", "H", "Head of Practice", 90, "on_track"),
        (
            "QS1",
            "Offer every unpaid carer a carer's assessment at first contact",
            "M",
            "Carers lead",
            120,
            "not_started",
        ),
        (
            "QS3",
            "Publish equality data by protected characteristic each quarter",
            "H",
            "Head of Performance",
            -10,
            "not_started",
        ),
        ("QS4", "Refresh the market position statement with providers", "M", "Head of Commissioning", 60, "on_track"),
        ("QS6", "Joint discharge protocol with the hospital trust", "H", "Hospital Discharge manager", 30, "on_track"),
        (
            "QS8",
            "Workforce strategy action plan with RAG reporting to ACMT",
            "M",
            "Assistant Director, Operations",
            150,
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
            target_date=(start + days * day).isoformat(),
            status=status,
            board="Adult Care Management Team",
        )


def _write_item(reg: Register, root: Path, rel: str, rng: random.Random, **fields) -> int:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    ext = target.suffix
    data = _file_bytes(ext, fields.get("title") or target.stem, rng)
    target.write_bytes(data)
    return _register_file(reg, root, rel, data=data, **fields)


def _register_file(
    reg: Register,
    root: Path,
    rel: str,
    *,
    qs,
    category,
    status,
    reference,
    title,
    presence: str = "present",
    data: bytes | None = None,
) -> int:
    target = root / rel
    if data is None:  # a file this build did not just write
        data = target.read_bytes()
    stat = target.stat()
    values = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": stat.st_size,
        "mtime": stat.st_mtime,
        "category": category,
        "status": status,
        "presence": presence,
        "reference": reference,
        "seen_at": records.now_iso(),
    }
    if title:
        values["title"] = title
    return evidence.create(reg, rel, qs=qs, **values)
