"""Declined consent closes the route: not counted as pending, offered for replacement by a reserve."""

from __future__ import annotations

import io
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from readiness_app.cli import main
from readiness_app.errors import ReadinessError
from readiness_app.opening import open_register
from readiness_app.register import cases, migrations, readiness, sessions
from readiness_app.reports.rendering import render_bytes

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "register-release1.sqlite"


def _declined(reg) -> dict:
    """The demo's selected case whose consent was declined, with its booked session."""
    code = cases.declined_codes(reg)[0]
    return cases.get(reg, cases.find_by_code(reg, code))


def test_declined_case_is_not_awaiting_consent(demo_register):
    reg = demo_register
    declined = _declined(reg)
    data = readiness.summary(reg)
    pending = [c for c in cases.list_cases(reg) if cases.awaiting_consent(c)]
    assert data["cases_awaiting_consent"] == len(pending)
    assert declined["code"] not in {c["code"] for c in pending}
    assert data["cases_declined"] == [declined["code"]]
    assert cases.needs_replacing(declined)


def test_promote_replaces_the_declined_case_in_one_audited_change(demo_register):
    reg = demo_register
    old = _declined(reg)
    old_session = reg.scalar("SELECT id FROM session WHERE case_id = ?", (old["id"],))
    reserve = cases.list_cases(reg, stage="reserve")[0]
    audit_before = reg.scalar("SELECT COUNT(*) FROM audit")
    with reg.transaction("cli"):
        result = cases.promote(reg, reserve["code"], old["code"], agreed_by="Ann Lee (CQC)", consent_pending=True)
    assert result["sessions_moved"] == [old_session]
    assert cases.get(reg, old["id"])["stage"] == "withdrawn"
    assert cases.get(reg, reserve["id"])["stage"] == "selected"
    moved = sessions.get(reg, old_session)
    assert moved["case_id"] == reserve["id"] and reserve["code"] in moved["title"]
    assert old["code"] not in moved["title"]
    audited = reg.query("SELECT record_table, changes FROM audit WHERE id > ? ORDER BY id", (audit_before,))
    assert [r[0] for r in audited] == ["tracked_case", "tracked_case", "session"]
    assert "withdrawn" in audited[0][1] and "selected" in audited[1][1]
    assert readiness.summary(reg)["cases_declined"] == []


def test_promote_refuses_a_case_that_is_not_a_reserve_and_changes_nothing(demo_register):
    reg = demo_register
    old = _declined(reg)
    selected = next(c for c in cases.list_cases(reg, stage="selected") if c["id"] != old["id"])
    audit_before = reg.scalar("SELECT COUNT(*) FROM audit")
    with pytest.raises(ReadinessError, match="not a reserve"):
        cases.promote(reg, selected["code"], old["code"], agreed_by="Ann Lee (CQC)")
    assert reg.scalar("SELECT COUNT(*) FROM audit") == audit_before
    assert cases.get(reg, old["id"])["stage"] == "selected"


def test_session_left_on_a_withdrawn_case_is_flagged_by_status_and_check(demo_dir, capsys):
    path = demo_dir / "register.sqlite"
    reg = open_register(path, source="cli")
    try:
        case = next(c for c in cases.list_cases(reg, stage="selected") if c["sessions"])
        cases.update(reg, case["id"], stage="withdrawn")
        sid = case["sessions"][0]
    finally:
        reg.close()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"session {sid} " in out and f"still linked to withdrawn case {case['code']}" in out
    assert main(["status", str(path)]) == 0
    assert f"withdrawn case {case['code']}" in capsys.readouterr().out


def test_case_promote_command(demo_dir, capsys):
    path = demo_dir / "register.sqlite"
    reg = open_register(path, source="cli")
    old, reserve = _declined(reg), cases.list_cases(reg, stage="reserve")[0]
    reg.close()
    assert main(["check", str(path)]) == 1
    assert f"case {old['code']}: consent declined" in capsys.readouterr().out
    promote = ["case", "promote", str(path), reserve["code"], "--replacing", old["code"], "--agreed-by", "Ann Lee"]
    assert reserve["consent"] != "given"
    assert main(promote) == 1  # consent is not given: refused until the lead says it is pending
    assert f"consent for case {reserve['code']} is" in capsys.readouterr().err
    assert main([*promote, "--consent-pending"]) == 0
    out = capsys.readouterr().out
    assert f"case {reserve['code']} is now selected; case {old['code']} is withdrawn" in out
    assert "CQC's agreement recorded: Ann Lee" in out and "still pending" in out
    reg = open_register(path, source="cli")
    try:
        promoted = cases.get(reg, cases.find_by_code(reg, reserve["code"]))
        assert promoted["cqc_agreed_by"] == "Ann Lee" and promoted["cqc_agreed_at"] == "2026-11-23T09:00"
        summary = PdfReader(io.BytesIO(render_bytes(reg, "cases")[0]))
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in summary.pages)
        assert "CQC agreed swap" in text and "Ann Lee Mon 23 Nov 2026 09:00" in text
    finally:
        reg.close()
    assert main(["case", "promote", str(path), "NM-001", "--replacing", "NM-999", "--agreed-by", "X"]) == 1
    assert "no case with code 'NM-999'" in capsys.readouterr().err
    reg = open_register(path, source="cli")
    try:
        rows = reg.query("SELECT source FROM audit WHERE record_table = 'tracked_case' ORDER BY id DESC LIMIT 2")
        assert {r[0] for r in rows} == {"cli"}
    finally:
        reg.close()


def test_first_release_register_opens_with_the_briefing_migration(tmp_path):
    copy = tmp_path / "register.sqlite"
    shutil.copy2(FIXTURE, copy)
    raw = sqlite3.connect(copy)
    before = {t: raw.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("session", "self_assessment")}
    raw.close()
    reg = open_register(copy, source="app")
    try:
        assert reg.scalar("PRAGMA user_version") == migrations.LATEST
        for table, count in before.items():
            assert reg.scalar(f"SELECT COUNT(*) FROM {table}") == count
        assert reg.scalar("SELECT COUNT(*) FROM session WHERE purpose = ''") == before["session"]
        assert reg.scalar("SELECT COUNT(*) FROM self_assessment WHERE key_messages = ''") == before["self_assessment"]
        assert reg.scalar("SELECT COUNT(*) FROM printed_version") == 0
    finally:
        reg.close()


def test_pending_consent_and_unshared_records_are_flagged_in_the_week_before_the_visit(demo_dir, capsys, set_today):
    path = demo_dir / "register.sqlite"
    reg = open_register(path, source="cli")
    try:
        first = date.fromisoformat(reg.scalar("SELECT MIN(date) FROM visit_day WHERE kind = 'onsite'"))
        chosen = [c for c in cases.list_cases(reg) if c["stage"] in ("selected", "tracked")]
        pending = next(c for c in chosen if c["consent"] in cases.CONSENT_PENDING)
        unshared = next(c for c in chosen if c["consent"] == "given" and not c["records_shared_date"])
        shared = next(c for c in chosen if c["consent"] == "given" and c["records_shared_date"])
    finally:
        reg.close()
    set_today(first - timedelta(days=30))
    main(["check", str(path)])
    assert f"case {pending['code']}: consent is" not in capsys.readouterr().out  # a month ahead: not yet
    week_before = first - timedelta(days=7)  # 5 working days ahead
    set_today(week_before)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"case {pending['code']}: consent is" in out and "the visit starts in 5 working days" in out
    assert f"case {unshared['code']}: records not yet shared with CQC" in out
    assert f"case {shared['code']}:" not in out
    assert main(["status", str(path)]) == 0
    assert f"Case {pending['code']}: consent is" in capsys.readouterr().out
