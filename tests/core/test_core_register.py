"""The register: creation, migrations, rules, audit trail, readiness."""

from __future__ import annotations

import json
import sqlite3

import pytest

from readiness_app.errors import ReadinessError
from readiness_app.opening import create_register, open_register
from readiness_app.register import (
    assessment,
    cases,
    conflicts,
    evidence,
    gaps,
    migrations,
    people,
    readiness,
    self_assessment,
    sessions,
)


def audit_rows(reg, table=None):
    sql = "SELECT * FROM audit" + (" WHERE record_table = ?" if table else "") + " ORDER BY id"
    return [dict(r) for r in reg.query(sql, (table,) if table else ())]


def test_create_register_sets_version_and_assessment(tmp_path):
    reg = create_register(tmp_path / "r.sqlite", council="Testshire", evidence_folder=tmp_path / "evidence")
    assert reg.scalar("PRAGMA user_version") == migrations.LATEST
    assert reg.scalar("PRAGMA journal_mode") == "wal"
    assert reg.scalar("PRAGMA foreign_keys") == 1
    assert assessment.get(reg)["council"] == "Testshire"
    assert assessment.get(reg)["marking"] == "OFFICIAL-SENSITIVE"
    reg.close()
    with pytest.raises(ReadinessError, match="already exists"):
        create_register(tmp_path / "r.sqlite", council="Again")


def test_opening_bad_paths_gives_clear_messages(tmp_path):
    with pytest.raises(ReadinessError, match="register not found"):
        open_register(tmp_path / "missing.sqlite")
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ReadinessError, match="not a readiness register"):
        open_register(text)
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(ReadinessError, match="not a readiness register"):
        open_register(other)
    with pytest.raises(ReadinessError, match="is a folder"):
        open_register(tmp_path)


def test_corrupted_register_is_refused(tmp_path):
    path = tmp_path / "r.sqlite"
    create_register(path, council="X").close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(ReadinessError):
        reg = open_register(path)
        reg.query("SELECT * FROM assessment")


def test_register_from_newer_version_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "r.sqlite"
    reg = create_register(path, council="X")
    reg.conn.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    reg.close()
    before = path.read_bytes()
    with pytest.raises(ReadinessError, match="newer version"):
        open_register(path)
    assert path.read_bytes() == before


def test_older_register_is_backed_up_then_migrated(tmp_path, monkeypatch):
    path = tmp_path / "r.sqlite"
    reg = create_register(path, council="X")
    cases.create(reg, "C-1")
    reg.close()
    extra = "CREATE TABLE note_for_test (id INTEGER PRIMARY KEY, text TEXT);"
    base = migrations.LATEST
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, extra])
    monkeypatch.setattr(migrations, "LATEST", len(migrations.MIGRATIONS))
    reg = open_register(path)
    assert reg.scalar("PRAGMA user_version") == migrations.LATEST
    assert reg.scalar("SELECT COUNT(*) FROM note_for_test") == 0
    reg.close()
    backups = [p for p in tmp_path.rglob(f"*before*v{base}*") if p.suffix != ".tmp"]
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == base
    assert old.execute("SELECT code FROM tracked_case").fetchall() == [("C-1",)]
    old.close()


def test_case_codes_are_unique_and_coded(empty_register):
    reg = empty_register
    cid = cases.create(reg, "NM-001", criteria=["Carer", "autism"], stage="Shortlisted", consent="requested")
    row = cases.get(reg, cid)
    assert row["stage"] == "shortlisted"
    assert row["criteria"] == ["autism", "carer"]
    with pytest.raises(ReadinessError, match="already used"):
        cases.create(reg, "nm-001")
    with pytest.raises(ReadinessError, match="not a coded reference"):
        cases.create(reg, "Jane Smith")
    with pytest.raises(ReadinessError, match="not one of"):
        cases.update(reg, cid, consent="maybe")
    assert reg.scalar("SELECT COUNT(*) FROM tracked_case") == 1


def test_bad_dates_and_times_are_rejected_and_nothing_written(empty_register):
    reg = empty_register
    with pytest.raises(ReadinessError, match="before it starts"):
        sessions.create(reg, date="2026-05-21", start="10:00", end="09:00", title="Backwards")
    with pytest.raises(ReadinessError, match="not a real date"):
        sessions.create(reg, date="31/02/2026", start="10:00", end="11:00", title="No such day")
    with pytest.raises(ReadinessError, match="not a time"):
        sessions.create(reg, date="2026-05-21", start="25:00", end="26:00", title="Late")
    assert reg.scalar("SELECT COUNT(*) FROM session") == 0


def test_uk_dates_are_day_first():
    from readiness_app.register.validation import parse_date, parse_time

    assert parse_date("03/04/2026") == "2026-04-03"
    assert parse_date("21 May 2024") == "2024-05-21"
    assert parse_date("Tuesday 21st May 2024") == "2024-05-21"
    assert parse_date("2024-05-21") == "2024-05-21"
    assert parse_time("9.30am") == "09:30"
    assert parse_time("2pm") == "14:00"
    assert parse_time("12:15 am") == "00:15"
    with pytest.raises(ReadinessError):
        parse_date("05/21/2024")  # US month-first is not a UK date


def _session(reg, title, start, end, **links):
    return sessions.create(reg, date="2026-05-21", start=start, end=end, title=title, **links)


def test_conflicts_name_both_sessions_for_people_rooms_and_assessors(empty_register):
    reg = empty_register
    ann = people.create_person(reg, "Ann Example", role="PSW", kind="leader")
    room = people.create_room(reg, "Room 1")
    teams = people.create_room(reg, "Teams", virtual=True, link="https://teams.example/x")
    assessor = people.create_assessor(reg, "Alex (CQC)")
    a = _session(reg, "Leaders", "09:00", "10:00", people=[ann], room_id=room, assessors=[assessor])
    b = _session(reg, "Staff group", "09:30", "10:30", people=[ann], room_id=room, assessors=[assessor])
    _session(reg, "Back to back", "10:30", "11:00", people=[ann], room_id=room)
    _session(reg, "Call 1", "09:00", "10:00", room_id=teams)
    _session(reg, "Call 2", "09:00", "10:00", room_id=teams)
    found = conflicts.find_conflicts(reg)
    assert sorted(c.kind for c in found) == ["assessor", "person", "room"]
    person = next(c for c in found if c.kind == "person")
    assert person.session_ids == [a, b]
    assert "Leaders" in person.message and "Staff group" in person.message and "Ann Example" in person.message
    assert "Thu 21 May 2026 09:00-10:30" in person.message
    # Cancelling one side clears the conflicts.
    sessions.update(reg, b, status="cancelled")
    assert conflicts.find_conflicts(reg) == []
    # A proposed move is explained before it is saved.
    messages = conflicts.check_proposed(
        reg, date="2026-05-21", start="09:15", end="09:45", room_id=room, people=[ann], assessors=[assessor]
    )
    assert any("Room 1" in m for m in messages)
    assert any("Ann Example is already in " in m for m in messages)
    assert not any("#" in m for m in messages)  # sessions named by time and title, never by id


def test_conflicts_are_blocks_of_overlapping_sessions_per_resource(empty_register):
    reg = empty_register
    room = people.create_room(reg, "Room 1")
    ann = people.create_person(reg, "Ann Example", kind="leader")
    # 09:00-10:00, 09:30-11:00 and 10:30-12:00 chain into one block; 13:00 and 13:30 are a second.
    chain = [
        _session(reg, f"Chain {n}", start, end, room_id=room)
        for n, (start, end) in enumerate((("09:00", "10:00"), ("09:30", "11:00"), ("10:30", "12:00")))
    ]
    _session(reg, "Alone", "12:00", "12:30", room_id=room)  # back to back is not a clash
    after = [_session(reg, f"Afternoon {n}", "13:00", "14:00", room_id=room, people=[ann]) for n in range(40)]
    found = conflicts.find_conflicts(reg)
    rooms = [c for c in found if c.kind == "room"]
    assert [c.session_ids for c in rooms] == [chain, after]
    assert (rooms[0].start, rooms[0].end) == ("09:00", "12:00")
    person = next(c for c in found if c.kind == "person")
    assert person.session_ids == after and person.who == "Ann Example"
    # One readable entry per block, however many sessions are in it.
    data = rooms[1].as_dict()
    assert data["sessions"] == after and (data["start"], data["end"]) == ("13:00", "14:00")
    assert "40 overlapping sessions" in data["message"] and "and 35 more" in data["message"]
    # the others named by time and title, as the timetable shows them (users never see record ids)
    assert (
        rooms[1].others(after[0])
        == "Room 1 also in " + ", ".join(f"13:00 Afternoon {n}" for n in range(1, 6)) + " and 34 more"
    )
    assert conflicts.conflicting_session_ids(reg) == set(chain) | set(after)


def test_every_change_lands_in_the_audit_trail_with_its_source(empty_register):
    reg = empty_register
    reg.source = "app"
    gid = gaps.create(reg, "QS7", "No SAB annual report", severity="high")
    gaps.update(reg, gid, owner="Head of Safeguarding")
    item = evidence.create(reg, "07 Safeguarding/report.pdf", qs=["QS7"], category="processes")
    with reg.transaction("watcher"):
        evidence.update(reg, item, status="accepted")
    gaps.close(reg, gid, evidence_id=item)
    trail = audit_rows(reg, "gap")
    assert [r["action"] for r in trail] == ["insert", "update", "update"]
    assert json.loads(trail[1]["changes"]) == {"owner": ["", "Head of Safeguarding"]}
    assert json.loads(trail[2]["changes"])["status"] == ["open", "closed"]
    ev = audit_rows(reg, "evidence")
    assert ev[-1]["source"] == "watcher"
    assert all(r["source"] == "app" for r in trail)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        reg.conn.execute("DELETE FROM audit")


def test_case_notes_are_not_copied_into_the_audit_trail(empty_register):
    reg = empty_register
    cid = cases.create(reg, "NM-9", notes="lives with daughter, prefers mornings")
    cases.update(reg, cid, notes="moved to residential care")
    text = " ".join(r["changes"] for r in audit_rows(reg, "tracked_case"))
    assert "daughter" not in text and "residential" not in text
    assert "(changed)" in text


def test_a_failed_change_leaves_nothing_behind(empty_register):
    reg = empty_register
    before = reg.scalar("SELECT COUNT(*) FROM audit")
    with pytest.raises(ReadinessError):
        sessions.create(reg, date="2026-05-21", start="09:00", end="10:00", title="T", people=[999])
    assert reg.scalar("SELECT COUNT(*) FROM session") == 0
    assert reg.scalar("SELECT COUNT(*) FROM audit") == before


def test_readiness_rules_give_rag_with_reasons(empty_register):
    reg = empty_register
    rows = {q.qs: q for q in readiness.per_qs(reg)}
    assert rows["QS1"].rag == "red"
    assert "no accepted evidence of people's experience" in rows["QS1"].reasons
    for cat in ("people", "staff", "partners", "processes"):
        evidence.create(reg, f"01/{cat}.pdf", qs=["QS1"], category=cat, status="accepted")
    sessions.create(reg, date="2026-05-21", start="09:00", end="10:00", title="Front door", qs=["QS1"])
    self_assessment.update(reg, "QS1", score=3, narrative="We assess promptly.")
    assert {q.qs: q for q in readiness.per_qs(reg)}["QS1"].rag == "green"
    gaps.create(reg, "QS1", "Waiting list", severity="medium")
    q1 = {q.qs: q for q in readiness.per_qs(reg)}["QS1"]
    assert (q1.rag, q1.reasons) == ("amber", ["1 open medium-severity gap"])
    gid = gaps.create(reg, "QS1", "Backlog", severity="high")
    assert {q.qs: q for q in readiness.per_qs(reg)}["QS1"].rag == "red"
    gaps.close(reg, gid)
    # Missing files do not count as evidence.
    item = reg.scalar("SELECT id FROM evidence WHERE category = 'partners'")
    evidence.update(reg, item, presence="missing")
    q1 = {q.qs: q for q in readiness.per_qs(reg)}["QS1"]
    assert q1.rag == "amber"
    assert "no accepted evidence: feedback from partners" in q1.reasons


def test_visit_days_and_days_to_onsite(empty_register):
    from datetime import date

    reg = empty_register
    assessment.set_visit_days(reg, {"2026-12-15": "onsite", "2026-12-16": "onsite", "2026-12-18": "virtual"})
    assert assessment.onsite_days(reg) == ["2026-12-15", "2026-12-16"]
    assert assessment.days_to_onsite(reg, date(2026, 11, 23)) == 22
    assert assessment.consecutive_weekdays("2026-12-18", 3) == ["2026-12-18", "2026-12-21", "2026-12-22"]


def _imports(package: str) -> list[tuple[str, str, list[str]]]:
    """(file, imported module, names) for every import in a package, lazy ones included."""
    import ast
    from pathlib import Path

    import readiness_app

    root = Path(readiness_app.__file__).parent
    found = []
    for path in sorted((root / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.append((path.name, node.module, [a.name for a in node.names]))
            elif isinstance(node, ast.Import):
                found.extend((path.name, a.name, []) for a in node.names)
    return found


def test_opening_stands_above_register_and_safety():
    """register/ holds the database and records only; opening (decrypt, check, back up, migrate) is above it."""
    for package in ("register", "safety", "evidence", "reports", "interop", "visit"):
        upward = [(f, m) for f, m, _ in _imports(package) if m.startswith("readiness_app.opening")]
        assert upward == [], (package, upward)
    into_safety = [(f, m) for f, m, _ in _imports("register") if m.startswith("readiness_app.safety")]
    assert into_safety == []
    private = [(f, m, n) for f, m, names in _imports("safety") for n in names if n.startswith("_") and "register" in m]
    assert private == []  # safety uses the register's public names only


def test_every_caller_opens_a_register_through_the_opening_module():
    from readiness_app.register import connection

    assert not hasattr(connection, "open_register") and not hasattr(connection, "create_register")
