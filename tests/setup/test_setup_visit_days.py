"""Visit days are working days: init and the demo skip weekends and bank holidays."""

from __future__ import annotations

from datetime import date

import pytest

from readiness_app.cli import main
from readiness_app.demo import build_demo
from readiness_app.opening import open_register
from readiness_app.register import assessment, workdays


def _init(tmp_path, *extra: str) -> int:
    (tmp_path / "ev").mkdir(exist_ok=True)
    return main(["init", str(tmp_path / "r.sqlite"), "--council", "X", "--evidence", str(tmp_path / "ev"), *extra])


def test_init_on_christmas_eve_steps_over_the_holidays_and_warns(tmp_path, capsys):
    assert _init(tmp_path, "--onsite-start", "2026-12-24", "--onsite-days", "3", "--virtual-days", "1") == 0
    assert "Christmas week" in capsys.readouterr().err
    reg = open_register(tmp_path / "r.sqlite")
    try:
        assert assessment.visit_days(reg) == [
            {"date": "2026-12-24", "kind": "onsite"},
            {"date": "2026-12-29", "kind": "onsite"},
            {"date": "2026-12-30", "kind": "onsite"},
            {"date": "2026-12-31", "kind": "virtual"},
        ]
    finally:
        reg.close()


@pytest.mark.parametrize(
    ("start", "reason"),
    [("2026-12-25", "Fri 25 Dec 2026 is Christmas Day"), ("2027-01-09", "Sat 9 Jan 2027 is a Saturday")],
)
def test_init_refuses_a_start_on_a_holiday_or_weekend_and_writes_nothing(tmp_path, capsys, start, reason):
    assert _init(tmp_path, "--onsite-start", start) == 1
    err = capsys.readouterr().err
    assert reason in err and err.count("\n") == 2  # the message and its hint
    assert not (tmp_path / "r.sqlite").exists()


def test_init_counts_working_days_in_years_beyond_2027(tmp_path):
    # Thu 24 Dec 2031: Christmas Thu 25, Boxing Day Fri 26, then the weekend.
    assert _init(tmp_path, "--onsite-start", "2031-12-23", "--onsite-days", "3") == 0
    reg = open_register(tmp_path / "r.sqlite")
    try:
        assert assessment.onsite_days(reg) == ["2031-12-23", "2031-12-24", "2031-12-29"]
    finally:
        reg.close()


@pytest.mark.parametrize("today", ["2026-11-27", "2027-03-05", "2027-08-06", "2028-11-24", "2030-12-02"])
def test_the_demo_never_falls_on_a_weekend_a_bank_holiday_or_christmas_week(tmp_path, today):
    result = build_demo(tmp_path / "demo", today=date.fromisoformat(today))
    reg = open_register(result.register)
    try:
        days = assessment.visit_days(reg)
    finally:
        reg.close()
    assert [d["kind"] for d in days] == ["onsite", "onsite", "onsite", "virtual"]
    assert all(workdays.is_working_day(d["date"]) for d in days)
    assert workdays.christmas_warning([d["date"] for d in days]) is None
    assert days[0]["date"] > today
