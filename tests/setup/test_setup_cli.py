"""The set-up commands: rooms, the CQC team, register settings and the timeline, with their refusals."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from readiness_app.cli import main
from readiness_app.opening import create_register, open_register
from readiness_app.register import assessment, cqc_team, migrations, rooms, sessions

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "register-release1.sqlite"


@pytest.fixture
def reg_path(tmp_path) -> Path:
    (tmp_path / "evidence").mkdir()
    path = tmp_path / "register.sqlite"
    create_register(path, council="Testshire Council", evidence_folder=tmp_path / "evidence").close()
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def audit_actions(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT action FROM audit WHERE record_table = ? ORDER BY id", (table,))]
    finally:
        conn.close()


# ---------------------------------------------------------------- rooms


def test_room_add_list_edit_remove_with_audit(capsys, reg_path):
    assert (
        run(capsys, "room", "add", reg_path, "Room 1", "--location", "County Hall, first floor", "--capacity", "12")[0]
        == 0
    )
    code, out, _ = run(capsys, "room", "add", reg_path, "Teams", "--virtual", "--link", "https://teams.example/a")
    assert code == 0 and "virtual" in out
    code, out, _ = run(capsys, "room", "list", reg_path, "--json")
    listed = {r["name"]: r for r in json.loads(out)}
    assert listed["Room 1"]["capacity"] == 12 and listed["Room 1"]["location"] == "County Hall, first floor"
    assert listed["Teams"]["virtual"] == 1 and listed["Teams"]["link"] == "https://teams.example/a"

    code, out, _ = run(
        capsys, "room", "edit", reg_path, "room 1", "--name", "Room 1 - Chamber", "--notes", "hearing loop"
    )
    assert code == 0 and "changed Room 1 - Chamber" in out
    code, out, _ = run(capsys, "room", "list", reg_path)
    assert "Room 1 - Chamber" in out and "County Hall, first floor" in out
    assert run(capsys, "room", "remove", reg_path, "TEAMS")[0] == 0
    reg = open_register(reg_path)
    try:
        assert [r["name"] for r in rooms.list_rooms(reg)] == ["Room 1 - Chamber"]
        assert rooms.list_rooms(reg)[0]["notes"] == "hearing loop"
    finally:
        reg.close()
    assert audit_actions(reg_path, "room") == ["insert", "insert", "update", "delete"]


def test_room_refusals_are_one_line_and_change_nothing(capsys, reg_path):
    run(capsys, "room", "add", reg_path, "Room 2")
    code, _, err = run(capsys, "room", "add", reg_path, "  room   2 ")
    assert code == 1 and "already a room called 'Room 2'" in one_line_error(err)
    code, _, err = run(capsys, "room", "add", reg_path, "Zoom", "--virtual", "--link", "javascript:alert(1)")
    assert code == 1 and "links must start http:// or https://" in one_line_error(err)
    code, _, err = run(capsys, "room", "add", reg_path, "Big", "--capacity", "lots")
    assert code == 1 and "whole number" in one_line_error(err)
    code, _, err = run(capsys, "room", "edit", reg_path, "Room 9", "--capacity", "3")
    assert code == 1 and "no room called 'Room 9' (rooms: Room 2)" in one_line_error(err)

    reg = open_register(reg_path)
    try:
        room = rooms.find(reg, "room 2")
        sessions.create(reg, date="2027-01-12", start="09:00", end="10:00", title="Leaders", room_id=room["id"])
        sessions.create(reg, date="2027-01-12", start="11:00", end="12:00", title="Carers", room_id=room["id"])
    finally:
        reg.close()
    code, _, err = run(capsys, "room", "remove", reg_path, "Room 2")
    assert code == 1
    line = one_line_error(err)
    assert "2 sessions use room 'Room 2'" in line
    assert "Tue 12 Jan 2027 09:00 Leaders" in line and "Tue 12 Jan 2027 11:00 Carers" in line
    assert "move those sessions" in err
    reg = open_register(reg_path)
    try:
        assert [r["name"] for r in rooms.list_rooms(reg)] == ["Room 2"]
    finally:
        reg.close()


# ---------------------------------------------------------------- the CQC team


def test_assessor_add_list_edit_remove(capsys, reg_path):
    code, out, _ = run(capsys, "assessor", "add", reg_path, "Sam Jones", "--role", "lead inspector")
    assert code == 0 and "Sam Jones (Assessment lead)" in out
    run(capsys, "assessor", "add", reg_path, "Kim Patel", "--role", "Expert by Experience", "--organisation", "Hear Us")
    code, out, _ = run(capsys, "assessor", "list", reg_path, "--json")
    team = {m["name"]: m for m in json.loads(out)}
    assert team["Sam Jones"]["role"] == "lead_inspector" and team["Sam Jones"]["role_label"] == "Assessment lead"
    assert team["Kim Patel"]["role"] == "expert_by_experience" and team["Kim Patel"]["organisation"] == "Hear Us"
    code, out, _ = run(capsys, "assessor", "edit", reg_path, "kim patel", "--role", "analyst", "--notes", "data")
    assert code == 0 and "Kim Patel (Analyst, Hear Us)" in out
    code, out, _ = run(capsys, "assessor", "list", reg_path)
    assert "Analyst" in out and "Assessment lead" in out
    assert run(capsys, "assessor", "remove", reg_path, "Sam  Jones")[0] == 0
    reg = open_register(reg_path)
    try:
        assert [m["name"] for m in cqc_team.list_team(reg)] == ["Kim Patel"]
    finally:
        reg.close()
    assert audit_actions(reg_path, "assessor") == ["insert", "insert", "update", "delete"]


def test_assessor_refusals(capsys, reg_path):
    run(capsys, "assessor", "add", reg_path, "Sam Jones")
    code, _, err = run(capsys, "assessor", "add", reg_path, "SAM JONES")
    assert code == 1 and "'Sam Jones' is already in the CQC team" in one_line_error(err)
    code, _, err = run(capsys, "assessor", "add", reg_path, "Ola", "--role", "boss")
    assert code == 1 and "'boss' is not one of: Assessment lead, Inspector" in one_line_error(err)
    reg = open_register(reg_path)
    try:
        sam = cqc_team.find(reg, "sam jones")["id"]
        sessions.create(reg, date="2027-01-12", start="09:00", end="10:00", title="Leaders", assessors=[sam])
    finally:
        reg.close()
    code, _, err = run(capsys, "assessor", "remove", reg_path, "Sam Jones")
    assert code == 1 and "'Sam Jones' is down for 1 session: Tue 12 Jan 2027 09:00 Leaders" in one_line_error(err)


# ---------------------------------------------------------------- settings


def test_settings_show_and_change(capsys, reg_path, tmp_path):
    code, out, _ = run(capsys, "settings", reg_path)
    assert code == 0 and "Testshire Council" in out and "not set" in out
    code, out, err = run(
        capsys,
        "settings",
        reg_path,
        "--set",
        "council=Testshire County Council",
        "--set",
        "onsite_start=12/01/2027",
        "--set",
        "virtual_days=1",
        "--set",
        "marking=OFFICIAL",
        "--set",
        "reminders=Sign in at reception | Bring your pack",
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["council"] == "Testshire County Council" and data["marking"] == "OFFICIAL"
    assert [(d["date"], d["kind"]) for d in data["visit_days"]] == [
        ("2027-01-12", "onsite"),
        ("2027-01-13", "onsite"),
        ("2027-01-14", "onsite"),
        ("2027-01-15", "virtual"),
    ]
    assert data["reminders"] == ["Sign in at reception", "Bring your pack"]
    code, out, err = run(capsys, "settings", reg_path, "--set", "onsite_start=2026-12-24")
    assert code == 0 and "Christmas week" in err
    assert "Thu 24 Dec 2026, Tue 29 Dec 2026, Wed 30 Dec 2026, Thu 31 Dec 2026 (virtual)" in out


def test_settings_refusals(capsys, reg_path):
    code, _, err = run(capsys, "settings", reg_path, "--set", "onsite_start=2027-01-09")
    assert code == 1 and "Sat 9 Jan 2027 is a Saturday" in one_line_error(err)
    code, _, err = run(capsys, "settings", reg_path, "--set", "onsite_start=2026-12-25")
    assert code == 1 and "Fri 25 Dec 2026 is Christmas Day" in one_line_error(err)
    code, _, err = run(capsys, "settings", reg_path, "--set", "colour=blue")
    assert code == 1 and "no setting 'colour'" in one_line_error(err) and "onsite_start" in err
    code, _, err = run(capsys, "settings", reg_path, "--set", "onsite_days=12", "--set", "onsite_start=2027-01-12")
    assert code == 1 and "between 1 and 10" in one_line_error(err)
    code, _, err = run(capsys, "settings", reg_path, "--set", "evidence_folder=/no/such/folder")
    assert code == 1 and "cannot be reached" in one_line_error(err)
    code, _, err = run(capsys, "settings", reg_path, "--set", f"evidence_folder={reg_path.parent}")
    assert code == 1 and "must not live inside the evidence folder" in one_line_error(err)
    reg = open_register(reg_path)
    try:
        assert assessment.visit_days(reg) == []
    finally:
        reg.close()


def test_moving_the_visit_away_from_sessions_asks_for_force(capsys, reg_path):
    assert run(capsys, "settings", reg_path, "--set", "onsite_start=2027-01-12")[0] == 0
    reg = open_register(reg_path)
    try:
        sessions.create(reg, date="2027-01-14", start="09:00", end="10:00", title="Carers group")
        sessions.create(reg, date="2027-01-12", start="09:00", end="10:00", title="Leaders")
    finally:
        reg.close()
    code, _, err = run(capsys, "settings", reg_path, "--set", "onsite_days=2")
    assert code == 1
    assert "leave 1 session outside the visit: Thu 14 Jan 2027 09:00 Carers group" in one_line_error(err)
    assert "--force" in err
    code, _, err = run(capsys, "settings", reg_path, "--set", "onsite_days=2", "--force")
    assert code == 0 and "Carers group" in err
    reg = open_register(reg_path)
    try:
        assert assessment.onsite_days(reg) == ["2027-01-12", "2027-01-13"]
    finally:
        reg.close()


def test_moving_the_evidence_folder_keeps_items_ids_tags_and_links(capsys, reg_path, tmp_path):
    from readiness_app.evidence.reconcile import reconcile
    from readiness_app.register import evidence

    old = tmp_path / "evidence"
    (old / "policies").mkdir()
    (old / "policies" / "safeguarding.txt").write_text("Safeguarding adults policy")
    (old / "strategy.txt").write_text("Carers strategy 2026")
    reg = open_register(reg_path)
    try:
        reconcile(reg)
        ids = {r["rel_path"]: r["id"] for r in reg.query("SELECT id, rel_path FROM evidence")}
        evidence.update(reg, ids["policies/safeguarding.txt"], qs=["QS3"], notes="kept")
        session = sessions.create(
            reg, date="2026-12-01", start="09:00", end="10:00", title="x", evidence=[ids["strategy.txt"]]
        )
    finally:
        reg.close()
    new = tmp_path / "shared"
    shutil.copytree(old, new)  # the same file at the same path
    (new / "policies" / "safeguarding.txt").rename(new / "safeguarding-2026.txt")  # the same content, moved
    code, out, err = run(capsys, "settings", reg_path, "--set", f"evidence_folder={new}")
    assert code == 0, err
    assert "evidence folder reconciled" in err and "1 moved" in err
    reg = open_register(reg_path)
    try:
        assert assessment.evidence_folder(reg) == new.resolve()
        rows = {r["rel_path"]: dict(r) for r in reg.query("SELECT * FROM evidence")}
        assert set(rows) == {"safeguarding-2026.txt", "strategy.txt"}
        assert rows["safeguarding-2026.txt"]["id"] == ids["policies/safeguarding.txt"]
        assert rows["strategy.txt"]["id"] == ids["strategy.txt"]
        assert all(r["presence"] == "present" for r in rows.values())
        assert evidence.get(reg, ids["policies/safeguarding.txt"])["qs"] == ["QS3"]
        assert sessions.get(reg, session)["evidence"] == [ids["strategy.txt"]]
    finally:
        reg.close()


# ---------------------------------------------------------------- timeline


def test_timeline_show_set_add_remove(capsys, reg_path):
    run(capsys, "settings", reg_path, "--set", "onsite_start=2027-01-12", "--set", "virtual_days=1")
    code, out, _ = run(capsys, "timeline", reg_path)
    assert code == 0 and "On-site days" in out and "Tue 12 Jan 2027 to Thu 14 Jan 2027" in out
    code, out, _ = run(capsys, "timeline", "set", reg_path, "case_list_due", "04/12/2026", "--owner", "Pat Reid")
    assert code == 0 and "Case list due to CQC: Fri 4 Dec 2026, Pat Reid (planned)" in out
    code, out, _ = run(capsys, "timeline", "set", reg_path, "Case list due to CQC", "--status", "done")
    assert code == 0 and "(done)" in out
    code, out, _ = run(capsys, "timeline", "set", reg_path, "notification", "2026-11-02")
    assert code == 0
    code, out, _ = run(capsys, "timeline", "add", reg_path, "Mock interviews", "2027-01-05", "--owner", "Principal SW")
    assert code == 0 and "Mock interviews: Tue 5 Jan 2027" in out
    code, out, _ = run(capsys, "timeline", "set", reg_path, "draft_received", "2027-03-01")
    assert code == 0
    code, out, _ = run(capsys, "timeline", reg_path, "--json")
    data = json.loads(out)
    by = {m["key"] or m["title"]: m for m in data["milestones"]}
    assert by["case_list_due"]["date"] == "2026-12-04" and by["case_list_due"]["status"] == "done"
    assert by["case_list_due"]["owner"] == "Pat Reid"
    assert by["Mock interviews"]["date"] == "2027-01-05" and by["Mock interviews"]["source"] == "own"
    assert by["virtual"]["date"] == "2027-01-15"
    assert by["fa_due"]["date"] == "2027-03-15"  # 10 working days after Mon 1 Mar 2027
    dates = [m["date"] for m in data["milestones"] if m["date"]]
    assert dates == sorted(dates)
    reg = open_register(reg_path)
    try:
        assert assessment.get(reg)["notification_date"] == "2026-11-02"  # one place for the date
    finally:
        reg.close()
    # Derived dates follow their inputs.
    run(capsys, "timeline", "set", reg_path, "draft_received", "2027-03-08")
    code, out, _ = run(capsys, "timeline", reg_path, "--json")
    assert {m["key"]: m for m in json.loads(out)["milestones"]}["fa_due"]["date"] == "2027-03-22"
    assert run(capsys, "timeline", "remove", reg_path, "Mock interviews")[0] == 0
    code, out, _ = run(capsys, "timeline", reg_path)
    assert "Mock interviews" not in out
    assert audit_actions(reg_path, "milestone") == ["insert", "update", "insert", "delete"]


def test_timeline_refusals(capsys, reg_path):
    code, _, err = run(capsys, "timeline", "set", reg_path, "fa_due", "2027-03-01")
    assert code == 1 and "cannot be typed in" in one_line_error(err) and "draft_received" in err
    code, _, err = run(capsys, "timeline", "set", reg_path, "onsite", "2027-03-01")
    assert code == 1 and "cannot be typed in" in one_line_error(err) and "onsite_start" in err
    code, _, err = run(capsys, "timeline", "set", reg_path, "lunch", "2027-03-01")
    assert code == 1 and "no milestone 'lunch'" in one_line_error(err)
    code, _, err = run(capsys, "timeline", "add", reg_path, "Board sign-off", "31/02/2027")
    assert code == 1 and "not a real date" in one_line_error(err)
    code, _, err = run(capsys, "timeline", "remove", reg_path, "plan_due")
    assert code == 1 and "stays on the timeline" in one_line_error(err)
    code, _, err = run(capsys, "timeline", "add", reg_path, "Only a title")
    assert code == 1 and "usage: timeline add" in one_line_error(err)


# ---------------------------------------------------------------- migration


def test_a_first_release_register_opens_with_rooms_team_and_timeline(tmp_path, capsys):
    copy = tmp_path / "register.sqlite"
    shutil.copy2(FIXTURE, copy)
    before = sqlite3.connect(copy)
    counts = {t: before.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("room", "assessor", "session")}
    before.close()
    reg = open_register(copy)
    try:
        assert reg.scalar("PRAGMA user_version") == migrations.LATEST
        assert len(rooms.list_rooms(reg)) == counts["room"]
        team = cqc_team.list_team(reg)
        assert len(team) == counts["assessor"]
        roles = {m["name"]: m["role"] for m in team}
        assert roles["Alex Barton (CQC)"] == "lead_inspector"  # "Lead assessor" in the first release
        assert roles["Jo Sutton (CQC)"] == "expert_by_experience"
        assert reg.scalar("SELECT COUNT(*) FROM session") == counts["session"]
        assert reg.scalar("SELECT COUNT(*) FROM milestone") == 0
    finally:
        reg.close()
    code, out, _ = run(capsys, "timeline", copy, "--json")
    assert code == 0 and json.loads(out)["milestones"]
