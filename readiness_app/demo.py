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

from readiness_app.demo_content import (
    CATEGORY_OWNERS,
    CORE_TEAM,
    COUNCIL,
    DOCUMENTS,
    FIRST,
    GENERAL_GAPS,
    LAST,
    LEADERS,
    ORGS,
    PARTNER_MEETINGS,
    PRACTITIONER_ROLES,
    QS_LEADS,
    SESSION_MESSAGES,
    TEAM_QS,
    TEAMS,
    VOICE_MEETINGS,
)
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

SLOTS = (
    ("09:00", "10:00"),
    ("10:15", "11:15"),
    ("11:30", "12:30"),
    ("13:30", "14:30"),
    ("14:45", "15:45"),
    ("16:00", "17:00"),
)


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
    finally:
        reg.close()
    return DemoResult(register_path, evidence_root, counts)


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
    _self_assessment(reg, fw)
    evidence_ids = _evidence(reg, root, fw, rng)
    _gaps(reg, fw, start, rng)
    case_ids = _cases(reg, fw, today, rng)
    cast = _people(reg, rng)
    session_count = _sessions(reg, fw, rng, onsite, virtual, cast, case_ids[:6], evidence_ids)
    _visit_records(reg, today, start, evidence_ids)
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
        narrative = (
            f"Our self-assessment of {qs.name.lower()}: we rate ourselves {score} "
            f"({fw.score_labels[score].lower()}). Evidence is strongest where practice audits and "
            "people's feedback agree; we are honest about where waiting times and consistency lag."
        )
        self_assessment.update(
            reg,
            qs.id,
            score=score,
            target=min(4, score + 1),
            narrative=narrative if qs.id != "QS3" else "",  # one QS still to write: the demo shows it
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
    return (".pdf", ".docx", ".docx", ".pdf", ".txt")[n % 5]


def _evidence(reg: Register, root: Path, fw, rng: random.Random) -> dict[str, list[int]]:
    """Information-return documents in QS/category folders, an inbox of unsorted drops, one duplicate."""
    evidence_ids: dict[str, list[int]] = {q.id: [] for q in fw.statements}
    reference = 0
    first: tuple[int, str] | None = None
    for qs in fw.statements:
        qs_folder = f"{qs.number:02d} {qs.name}"
        for cat in fw.categories:
            if (qs.id, cat.id) in THIN:
                continue
            for n, title in enumerate(DOCUMENTS[qs.id][cat.id]):
                reference += 1
                ext = _extension(title, reference + n)
                file_name = f"LAIR-{reference:03d} {title.replace(':', ' -')}{ext}"
                status = "accepted" if rng.random() < 0.8 else ("submitted" if rng.random() < 0.5 else "inbox")
                rel = f"{qs_folder}/{cat.name}/{file_name}"
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
                first = first or (item, rel)
                evidence_ids[qs.id].append(item)
    for n in range(1, INBOX_DROPS + 1):
        ext = EXTENSIONS[n % len(EXTENSIONS)]
        rel = f"{INBOX_FOLDER}/Scan {n:02d} from team drive{ext}"
        _write_item(reg, root, rel, rng, qs=[], category=None, status="inbox", reference=None, title=None)
    # One deliberate duplicate: the same file dropped twice under different names.
    first_id, first_rel = first
    dup_rel = f"{INBOX_FOLDER}/Copy of {Path(first_rel).name}"
    (root / dup_rel).write_bytes((root / first_rel).read_bytes())
    _register_file(
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
            due_date=(start - timedelta(days=rng.randint(5, 15))).isoformat(),
        )
    for qs_id, text, severity, owner in GENERAL_GAPS:
        gaps.create(
            reg,
            qs_id,
            text,
            severity=severity,
            owner=owner,
            due_date=(start - timedelta(days=rng.randint(3, 20))).isoformat(),
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
                consent_date = (today - timedelta(days=rng.randint(1, 10))).isoformat()
        case_ids.append(
            cases.create(
                reg,
                f"NM-{n:03d}",
                criteria=tags,
                team=rng.choice(OPERATIONAL_TEAMS),
                stage=stage,
                consent=consent,
                consent_date=consent_date,
                records_shared_date=(today - timedelta(days=1)).isoformat() if consent == "given" and n <= 3 else None,
                contact=rng.choice(["person", "family", "advocate"]) if n <= 10 else "",
                qs=sorted({"QS1", *(CRITERIA_QS[t] for t in tags if t in CRITERIA_QS)}),
            )
        )
    return case_ids


@dataclass
class Cast:
    """Everyone in the demo, grouped the way sessions pick them."""

    leaders: dict[str, int]
    practitioners: dict[str, list[int]]  # team -> people
    managers: dict[str, int]  # team -> its team manager
    others: dict[str, list[tuple[int, str]]]  # person kind -> (id, organisation)
    assessors: list[int]
    expert_by_experience: int
    rooms: list[int]
    virtual_room: int
    all_ids: list[int]


def _people(reg: Register, rng: random.Random) -> Cast:
    names = sorted({f"{f} {s}" for f in FIRST for s in LAST})
    rng.shuffle(names)
    pool = iter(names)
    all_ids: list[int] = []

    def add(kind: str, role: str, team: str = "", org: str = "") -> int:
        pid = people.create_person(reg, next(pool), role=role, team=team, organisation=org or COUNCIL, kind=kind)
        all_ids.append(pid)
        return pid

    leaders = {role: add("leader", role, "Leadership") for role, _qs in LEADERS}
    for role, team in CORE_TEAM:
        add("staff", role, team)
    managers = {team: add("staff", "Team Manager", team) for team in TEAMS}
    practitioners: dict[str, list[int]] = {team: [] for team in TEAMS}
    for n in range(58):
        team = TEAMS[n % len(TEAMS)]
        role = "Commissioning Officer" if team == "Commissioning" else rng.choice(PRACTITIONER_ROLES)
        if team == "Quality Assurance":
            role = "Practice Quality Lead"
        practitioners[team].append(add("staff", role, team))
    others: dict[str, list[tuple[int, str]]] = {}
    for kind, count in (("partner", 24), ("provider", 20), ("voluntary", 16), ("carer", 12), ("lived_experience", 12)):
        orgs = list(ORGS[kind].items())
        for n in range(count):
            org, roles = orgs[n % len(orgs)]
            others.setdefault(kind, []).append((add(kind, roles[(n // len(orgs)) % len(roles)], "", org), org))
    names_roles = zip(
        ["Alex Barton", "Bea Kaur", "Chris Doyle", "Dee Mensah", "Ellis Ward"]
        + ["Fern Cole", "Gabe Lin", "Hana Novak", "Ivo Reid", "Jo Sutton"],
        ["Lead assessor"] + ["Assessor"] * 6 + ["Specialist adviser"] * 2 + ["Expert by Experience"],
        strict=True,
    )
    assessors = [people.create_assessor(reg, f"{n} (CQC)", role) for n, role in names_roles]
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
    return Cast(leaders, practitioners, managers, others, assessors[:-1], assessors[-1], rooms, virtual_room, all_ids)


class _Picker:
    """Hands out people in turn, those not yet invited first, never anyone already busy in this slot."""

    def __init__(self) -> None:
        self.used: set[int] = set()
        self.busy: set[int] = set()  # people in a session in the current slot

    def take(self, candidates: list[int], count: int) -> list[int]:
        free = [c for c in candidates if c not in self.busy]
        chosen = ([c for c in free if c not in self.used] + [c for c in free if c in self.used])[:count]
        self.used.update(chosen)
        self.busy.update(chosen)
        return chosen


def _session_plan(rng: random.Random, case_ids: list[int]) -> list[tuple]:
    """The non-leader sessions to place, in a shuffled but repeatable order."""
    plan: list[tuple] = [("case_tracking", case_id) for case_id in case_ids]
    plan += [("partner_provider", meeting) for meeting in PARTNER_MEETINGS]
    plan += [("other", meeting) for meeting in VOICE_MEETINGS]
    plan += [("managers", None), ("managers", None), ("managers", None)]
    teams = [t for t in TEAMS for _ in range(3)] + ["Front Door", "Safeguarding Hub"]
    plan += [("drop_in" if n % 4 == 3 else "focus_group", team) for n, team in enumerate(teams)]
    rng.shuffle(plan)
    return plan


def _slot_key(kind: str, what, reg: Register) -> str:
    """What a session ties up for its slot: a team's practitioners, the team managers, or the Expert by Experience."""
    if kind == "case_tracking":
        return cases.get(reg, what)["team"]
    if kind in ("focus_group", "drop_in"):
        return what
    if kind in ("other", "managers"):
        return {"other": "expert by experience", "managers": "managers"}[kind]
    return f"{kind} {what[0]}"


def _fits(plan: list[tuple], taken: set[str], reg: Register) -> int:
    """The first planned session that needs nothing already taken in this slot (else the first)."""
    for index, (kind, what) in enumerate(plan):
        if _slot_key(kind, what, reg) not in taken:
            return index
    return 0


def _attendees(kind: str, what, cast: Cast, picker: _Picker, reg: Register) -> tuple[str, list[int], list[str]]:
    """(title, attendees, QS) for one planned session."""
    if kind == "case_tracking":
        case = cases.get(reg, what)
        team = case["team"]
        staff = picker.take(cast.practitioners[team], 2) + picker.take([cast.managers[team]], 1)
        return f"Case tracking conversation {case['code']}", staff, case["qs"]
    if kind in ("partner_provider", "other"):
        title, person_kind, *rest = what
        orgs = rest[0] if kind == "partner_provider" else None
        qs = rest[-1]
        pool = [pid for pid, org in cast.others[person_kind] if orgs is None or org in orgs]
        size = {"voluntary": 8, "provider": 7, "partner": 6}.get(person_kind, 4)  # VCS groups run large
        return title, picker.take(pool, size), qs
    if kind == "managers":
        return "Team managers' focus group", picker.take(list(cast.managers.values()), 5), ["QS8", "QS9"]
    team = what
    if kind == "drop_in":
        return f"Practitioner drop-in: {team}", picker.take(cast.practitioners[team], 3), TEAM_QS[team]
    return f"Front-line practitioners: {team}", picker.take(cast.practitioners[team], 5), TEAM_QS[team]


def _sessions(
    reg: Register,
    fw,
    rng: random.Random,
    onsite: list[str],
    virtual: list[str],
    cast: Cast,
    selected_cases: list[int],
    evidence_ids: dict[str, list[int]],
) -> int:
    """The timetable: leaders one-to-one in Room 1 first, then a repeatable mix of every kind of session."""
    plan = _session_plan(rng, selected_cases)
    leaders = [(role, cast.leaders[role], qs) for role, qs in LEADERS]
    picker = _Picker()
    count = 0
    grid = [(d, cast.rooms) for d in onsite] + [(d, [cast.virtual_room]) for d in virtual]
    for day, day_rooms in grid:
        for slot_index, (s_start, s_end) in enumerate(SLOTS):
            slot_assessors = cast.assessors[:]
            rng.shuffle(slot_assessors)
            picker.busy, slot_keys = set(), set()
            for room_index, room in enumerate(day_rooms):
                if room_index == 3 and slot_index in (2, 5):
                    continue  # keep a little slack in the home-team room
                if room_index == 0 and leaders:
                    role, pid, qs = leaders.pop(0)
                    kind, title, attendees = "one_to_one", f"Conversation with the {role}", [pid]
                elif plan:
                    kind, what = plan.pop(_fits(plan, slot_keys, reg))
                    slot_keys.add(_slot_key(kind, what, reg))
                    title, attendees, qs = _attendees(kind, what, cast, picker, reg)
                    kind = "focus_group" if kind == "managers" else kind
                else:
                    continue
                team_of_assessors = slot_assessors[room_index * 2 : room_index * 2 + 1 + (slot_index + room_index) % 2]
                if kind == "other":  # people and carers meet CQC's Expert by Experience
                    team_of_assessors = [cast.expert_by_experience, *team_of_assessors[:1]]
                linked = [] if kind == "case_tracking" else sorted({rng.choice(evidence_ids[q]) for q in qs[:2]})
                sessions.create(
                    reg,
                    date=day,
                    start=s_start,
                    end=s_end,
                    room_id=room,
                    title=title,
                    kind=kind,
                    case_id=what if kind == "case_tracking" else None,
                    status=rng.choice(["planned", "invited", "confirmed", "briefed"]),
                    briefing_owner="PSW office" if kind in ("focus_group", "drop_in") else "Assurance team",
                    key_messages=SESSION_MESSAGES[kind],
                    qs=qs,
                    people=attendees,
                    assessors=team_of_assessors,
                    evidence=linked,
                )
                count += 1
    return count + _deliberate_conflicts(reg, onsite, cast)


def _deliberate_conflicts(reg: Register, onsite: list[str], cast: Cast) -> int:
    """A few double bookings for the lead to find: the PSW in two places, a room and an assessor twice."""
    psw = cast.leaders["Principal Social Worker"]
    staff_session = next(
        s
        for s in sessions.list_sessions(reg, day=onsite[0])
        if s["start"] == "10:15" and s["kind"] in ("focus_group", "drop_in")
    )
    sessions.update(reg, staff_session["id"], people=[*(p["id"] for p in staff_session["people"]), psw])
    # The briefing overlaps Room 1's 13:30 session and borrows an assessor from the session next door.
    next_door = next(s for s in sessions.list_sessions(reg, day=onsite[1]) if s["start"] == "13:30" and s["assessors"])
    sessions.create(
        reg,
        date=onsite[1],
        start="13:45",
        end="14:15",
        room_id=cast.rooms[0],
        title="Lead Member briefing",
        kind="one_to_one",
        purpose="The Lead Member hears from CQC how the visit is going and gives the political view of priorities.",
        people=[cast.leaders["Lead Member for Adult Social Care"], cast.leaders["Director of Adult Social Services"]],
        assessors=[next_door["assessors"][0]["id"]],
        key_messages=SESSION_MESSAGES["one_to_one"],
        qs=["QS8"],
    )
    return 1


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
