"""The daily readiness snapshot kept in the register (no schema change: one setting)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from readiness_app.opening import open_register
from readiness_app.register import assessment, readiness_history


def test_record_keeps_one_point_per_day_and_only_writes_changes(empty_register):
    reg = empty_register
    day = date(2026, 11, 23)
    assert readiness_history.history(reg) == []
    assert readiness_history.record(reg, day, {"red": 5, "amber": 3, "green": 1})
    assert not readiness_history.record(reg, day, {"red": 5, "amber": 3, "green": 1})
    assert readiness_history.record(reg, day, {"red": 4, "amber": 4, "green": 1})
    readiness_history.record(reg, date(2026, 11, 2), {"red": 9, "amber": 0, "green": 0})
    assert readiness_history.history(reg) == [("2026-11-02", 9, 0, 0), ("2026-11-23", 4, 4, 1)]
    assert readiness_history.history(reg, days=7, today=day) == [("2026-11-23", 4, 4, 1)]
    audit = reg.query("SELECT COUNT(*) FROM audit WHERE record_table = 'setting' AND record_id = 'readiness_history'")
    assert audit[0][0] == 3  # the unchanged second record wrote nothing


def test_a_damaged_history_reads_as_none(empty_register):
    reg = empty_register
    assessment.set_setting(reg, readiness_history.KEY, "{not json")
    assert readiness_history.history(reg) == []
    assessment.set_setting(reg, readiness_history.KEY, json.dumps({"2026-11-23": [1, 2], "2026-11-24": [1, 2, 6]}))
    assert readiness_history.history(reg) == [("2026-11-24", 1, 2, 6)]


def test_a_first_release_register_takes_a_history(tmp_path):
    fixture = Path(__file__).parents[1] / "fixtures" / "register-release1.sqlite"
    copy = tmp_path / "register.sqlite"
    shutil.copy2(fixture, copy)
    reg = open_register(copy)
    try:
        assert readiness_history.record(reg, date(2026, 11, 23), {"red": 1, "amber": 2, "green": 6})
        assert readiness_history.history(reg) == [("2026-11-23", 1, 2, 6)]
    finally:
        reg.close()
