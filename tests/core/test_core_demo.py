"""The demo register: realistic, complete and repeatable."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from readiness_app.demo import build_demo
from readiness_app.framework.matcher import match_qs
from readiness_app.register import conflicts, readiness
from readiness_app.register.connection import open_register


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
    assert reg.scalar("SELECT COUNT(*) FROM room WHERE virtual = 0") == 4
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
    assert len(files) >= 150
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
