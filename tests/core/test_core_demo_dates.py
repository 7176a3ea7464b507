"""The demo is believable: no date it generates falls on a weekend or a bank holiday, and it is a
council preparing for re-assessment (its previous report, findings and a two-part plan)."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from readiness_app.demo import build_demo
from readiness_app.register import findings, improvement, progress, workdays

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _dates_off_work(register: Path) -> list[tuple[str, str, str]]:
    """Every stored value that is a date (any table, any column, the audit trail aside) and not a working day."""
    conn = sqlite3.connect(register)
    try:
        tables = [
            t
            for (t,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'audit'"
            )
        ]
        found, seen = [], 0
        for table in tables:
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, str) and ISO.match(value):
                        seen += 1
                        if not workdays.is_working_day(value):
                            found.append((table, column, value))
        assert seen > 100  # the check looked at the demo's dates, not at nothing
        return found
    finally:
        conn.close()


def test_no_demo_date_falls_on_a_weekend_or_bank_holiday(demo_dir):
    assert _dates_off_work(demo_dir / "register.sqlite") == []


@pytest.mark.parametrize("today", [date(2026, 12, 6), date(2027, 3, 27)])  # a Sunday; Easter Saturday's week
def test_no_demo_date_off_work_whatever_day_it_is_built(tmp_path, today):
    result = build_demo(tmp_path / "demo", today=today)
    assert _dates_off_work(result.register) == []


def test_the_demo_prepares_for_re_assessment(demo_register):
    previous = progress.previous_assessment(demo_register)
    assert previous["rating"] and previous["date"] and None not in previous["scores"].values()
    assert workdays.is_working_day(previous["date"])
    rows = findings.list_findings(demo_register)
    assert {r["qs"] for r in rows} == {f"QS{n}" for n in range(1, 10)}
    improve = [r for r in rows if r["kind"] == "improve"]
    assert improve and all(r["actions"] for r in improve)  # every area for improvement has an action
    parts = {a["part"] for a in improvement.list_actions(demo_register)}
    assert parts == {"post_report", "readiness"}
    rags = {a["rag"] for a in improvement.list_actions(demo_register)}
    assert "complete" in rags and rags - {"complete"}  # half delivered: some done, some still open


def test_the_demo_timetable_is_believable(demo_register):
    from readiness_app.register import people, rooms, session_checks, sessions

    every = sessions.list_sessions(demo_register)
    booked: dict[int, int] = {}
    for s in every:
        for p in s["people"]:
            booked[p["id"]] = booked.get(p["id"], 0) + 1
    roles = {"Social Worker", "Senior Practitioner", "Occupational Therapist", "Care Coordinator"}
    practitioners = [p for p in people.list_people(demo_register) if p["role"] in roles]
    assert practitioners and max(booked.get(p["id"], 0) for p in practitioners) <= 2
    assert all(not s["people"] for s in every if s["kind"] == "drop_in")  # drop-ins are open, nobody booked
    uses = {r["use"] for r in rooms.list_rooms(demo_register)}
    assert {"cqc_base", "home_team"} <= uses
    assert all(r["capacity"] for r in rooms.list_rooms(demo_register) if not r["virtual"])
    assert session_checks.over_capacity(demo_register) == []
    lead = next(a for a in demo_register.query("SELECT id, name FROM assessor WHERE role = 'lead_inspector'"))
    for title in ("Conversation with the Director of Adult Social Services", "Conversation with the Chief Executive"):
        session = next(s for s in every if s["title"] == title)
        assert lead[0] in [a["id"] for a in session["assessors"]], title
    titles = " | ".join(s["title"] for s in every)
    for who in ("Healthwatch", "Safeguarding Adults Board independent chair", "Director of Public Health",
                "Director of Finance", "Children's Services", "Mental health trust"):  # fmt: skip
        assert who in titles, who
    assert not any("how the visit is going" in (s["purpose"] or "") for s in every)


def test_the_demo_reads_like_a_real_council(demo_register):
    from readiness_app.demo.content import FEMININE_FIRST
    from readiness_app.register import information_return as ir
    from readiness_app.register import people, self_assessment

    narratives = [r["narrative"] for r in self_assessment.all_rows(demo_register).values() if r["narrative"]]
    assert len(narratives) == 9 and len(set(narratives)) == 9  # a signed-off self-assessment has every QS written
    assert len({n.split(".")[0] for n in narratives}) == 9  # not one sentence with the QS name swapped in
    for person in people.list_people(demo_register):
        first, _, last = person["name"].partition(" ")
        if last.endswith("ska"):
            assert first in FEMININE_FIRST, person["name"]
        if last.endswith("ski"):
            assert first not in FEMININE_FIRST, person["name"]
    item = ir.item_id(demo_register, "1")  # the self-assessment item is answered by the self-assessment
    assert [a["title"] for a in ir.answers(demo_register, [item])[item]] == [
        "Self-assessment 2026, signed off by the DASS"
    ]
    dols = ir.item_id(demo_register, "16")
    assert [a["title"] for a in ir.answers(demo_register, [dols])[dols]] == ["DoLS waiting list report"]
