"""The demo register: realistic, complete and repeatable."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from readiness_app.demo import build_demo
from readiness_app.framework.matcher import match_qs
from readiness_app.opening import open_register
from readiness_app.register import conflicts, readiness


def test_demo_has_what_the_issue_asks_for(demo_register, demo_dir):
    reg = demo_register
    stages = Counter(r[0] for r in reg.query("SELECT stage FROM tracked_case"))
    assert sum(stages.values()) == 50
    assert stages["selected"] == 6 and stages["reserve"] == 4
    consents = {r[0] for r in reg.query("SELECT consent FROM tracked_case WHERE stage IN ('selected','reserve')")}
    assert len(consents) >= 3
    assert reg.scalar("SELECT COUNT(*) FROM case_criterion") >= 50
    kinds = Counter(r[0] for r in reg.query("SELECT kind FROM visit_day"))
    assert kinds == {"onsite": 3, "virtual": 1}
    assert reg.scalar("SELECT COUNT(*) FROM assessor") >= 10
    assert reg.scalar("SELECT COUNT(*) FROM room WHERE virtual = 0 AND use = 'interviews'") == 4
    assert reg.scalar("SELECT COUNT(*) FROM room WHERE use IN ('cqc_base', 'home_team')") == 2
    assert reg.scalar("SELECT COUNT(*) FROM room WHERE virtual = 1") == 1
    assert reg.scalar("SELECT COUNT(*) FROM session") >= 60
    people_in_sessions = reg.scalar("SELECT COUNT(DISTINCT person_id) FROM session_person")
    assert people_in_sessions >= 150
    person_kinds = {r[0] for r in reg.query("SELECT DISTINCT kind FROM person")}
    assert person_kinds == {"leader", "staff", "partner", "provider", "voluntary", "carer", "lived_experience"}
    assert 1 <= len(conflicts.find_conflicts(reg)) <= 6
    assert {r[0] for r in reg.query("SELECT DISTINCT qs FROM gap")} >= {"QS1", "QS3", "QS7"}
    assert reg.scalar("SELECT COUNT(*) FROM self_assessment WHERE score IS NOT NULL") == 9
    assert readiness.summary(reg)["rating"]["band"] == "Good"


def test_demo_evidence_files_are_real_and_match_the_register(demo_register, demo_dir):
    reg = demo_register
    root = demo_dir / "evidence"
    files = [p for p in root.rglob("*") if p.is_file()]
    assert len(files) >= 149  # 150 written, one removed on purpose (below)
    assert {p.suffix for p in files} == {".pdf", ".docx", ".xlsx", ".csv", ".txt"}
    assert files[0].stat().st_size > 0
    # One file is gone on purpose (an information-return answer shows it flagged): it stays listed as missing.
    rows = {
        r["rel_path"]: r for r in reg.query("SELECT rel_path, sha256, size FROM evidence WHERE presence != 'missing'")
    }
    assert reg.scalar("SELECT COUNT(*) FROM evidence WHERE presence = 'missing'") == 1
    assert len(rows) == len(files)
    for path in files:
        row = rows[path.relative_to(root).as_posix()]
        assert row["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (root / "00 Inbox - to sort").is_dir()
    # Folder names are QS names the matcher recognises.
    for folder in root.iterdir():
        if not folder.name.startswith("00"):
            assert match_qs(folder.name) is not None, folder.name
    assert Path(root / "01 Assessing needs" / "People's experience").is_dir()


def test_demo_is_deterministic(tmp_path):
    from datetime import date

    today = date(2026, 11, 23)
    a = build_demo(tmp_path / "a", today=today)
    b = build_demo(tmp_path / "b", today=today)

    def digest(root: Path) -> dict[str, str]:
        return {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }

    assert digest(a.evidence) == digest(b.evidence)
    ra, rb = open_register(a.register), open_register(b.register)
    sql = "SELECT date, start, end, title, room_id FROM session ORDER BY id"
    assert [tuple(r) for r in ra.query(sql)] == [tuple(r) for r in rb.query(sql)]
    assert [tuple(r) for r in ra.query("SELECT name FROM person ORDER BY id")] == [
        tuple(r) for r in rb.query("SELECT name FROM person ORDER BY id")
    ]
    ra.close()
    rb.close()


def _attendance(reg) -> list[tuple[str, str, list[dict]]]:
    from readiness_app.register import sessions

    return [(s["kind"], s["title"], s["people"]) for s in sessions.list_sessions(reg)]


def test_demo_sessions_are_attended_by_the_right_people(demo_register):
    reg = demo_register
    seen = Counter()
    for kind, title, attendees in _attendance(reg):
        kinds = {p["kind"] for p in attendees}
        roles = {p["role"] for p in attendees}
        if title.startswith("Carers' conversation"):
            assert kinds == {"carer"}, title
            seen["carers"] += 1
        elif title in ("People with lived experience", "Making It Real group") or "Partnership Board" in title:
            assert kinds == {"lived_experience"}, title
            seen["lived"] += 1
        elif title.startswith("Voluntary"):
            assert kinds == {"voluntary"}, title
            assert not any("Police" in p["organisation"] or "Care Home" in p["organisation"] for p in attendees)
            seen["vcs"] += 1
        elif kind == "case_tracking":
            assert kinds == {"staff"}, title  # practitioners and their team manager, never a director
            assert not any("Director" in r or "Chief" in r for r in roles), title
            assert "Team Manager" in roles and roles - {"Team Manager"}, title
            seen["case"] += 1
        elif title == "Lead Member briefing":
            assert "Lead Member for Adult Social Care" in roles
            seen["briefing"] += 1
        elif kind in ("focus_group", "drop_in"):
            assert kinds <= {"staff", "leader"}, title
    assert seen["carers"] >= 2 and seen["lived"] >= 2 and seen["vcs"] >= 1
    assert seen["case"] == 6 and seen["briefing"] == 1


def test_expert_by_experience_is_only_a_cqc_role(demo_register):
    reg = demo_register
    assert not reg.query("SELECT 1 FROM person WHERE role LIKE '%expert by experience%'")
    assert [r[0] for r in reg.query("SELECT role FROM assessor WHERE role LIKE 'expert%'")] == ["expert_by_experience"]


def test_demo_evidence_reads_like_an_information_return(demo_register):
    from readiness_app.register import evidence

    items = [i for i in evidence.list_items(demo_register) if i["reference"]]
    titles = {i["title"]: i for i in items}
    for expected, qs, category in (
        ("Market position statement 2026-29: consultation draft", "QS4", "processes"),
        ("Market sustainability plan (2026 refresh)", "QS4", "processes"),
        ("Safeguarding Adults Board annual report 2025-26", "QS7", "processes"),
        ("Section 42 enquiries performance report Q2 2026-27", "QS7", "processes"),
        ("JSNA chapter: older people and frailty (2026 update)", "QS2", "processes"),
        ("All-age carers' strategy 2026-29", "QS1", "processes"),
        ("Workforce strategy 2026-29 and action plan", "QS8", "processes"),
        ("Co-production charter", "QS9", "people"),
    ):
        assert expected in titles, expected
        assert titles[expected]["qs"] == [qs] and titles[expected]["category"] == category
    # Agreements are how the work is done: processes, never partner feedback.
    agreements = [i for i in items if "agreement" in i["title"].lower()]
    assert agreements and all(i["category"] == "processes" for i in agreements)
    assert not [t for t in titles if re.fullmatch(r"(Policy|Data return|Audit report|Procedure) \d+", t)]
    assert all(re.fullmatch(r"LAIR-\d{3}", i["reference"]) for i in items)


def test_gap_owners_match_the_work(demo_register):
    from readiness_app.register import gaps

    owners = {g["description"]: g["owner"] for g in gaps.list_gaps(demo_register)}
    assert owners["Carers' assessment completion data is a quarter old"] == "Carers Lead"
    assert owners["Safeguarding Adults Board annual report to be linked"] == "SAB Business Manager"
    assert "Learning Disability" not in " ".join(owners.values())
