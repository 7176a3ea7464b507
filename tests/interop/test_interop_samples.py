"""The shipped samples: dated relative to the visit, so they import into a demo built on any date."""

from __future__ import annotations

import runpy
from datetime import date
from pathlib import Path

import openpyxl

from readiness_app.demo import build_demo
from readiness_app.interop.importers import import_file
from readiness_app.opening import open_register
from readiness_app.paths import resource
from readiness_app.register import assessment, sessions
from readiness_app.register.validation import long_date

ROOT = Path(__file__).resolve().parents[2]


def test_samples_import_into_a_demo_built_on_another_date(tmp_path):
    build_demo(tmp_path / "demo", today=date(2027, 6, 8))
    reg = open_register(tmp_path / "demo" / "register.sqlite", source="app")
    try:
        onsite = assessment.onsite_days(reg)
        for kind, name in (("people", "people.csv"), ("cases", "cases.csv")):
            import_file(reg, kind, resource("samples", name))
        result = import_file(reg, "sessions", resource("samples", "sessions.xlsx"))
        assert len(result.created) == 6
        assert result.created[0].key.startswith(f"{long_date(onsite[0])} 08:00")
        assert import_file(reg, "sessions", resource("samples", "sessions.csv")).unchanged == 6
        council = import_file(reg, "sessions", resource("samples", "council-timetable.xlsx"))
        assert len(council.created) == 9 and council.also_created["rooms"] == ["Room 5 - Training Room"]
        assert "sheet 'Lists': skipped (hidden)" in council.sheets
        got = {(s["date"], s["title"]) for s in sessions.list_sessions(reg)}
        assert (onsite[1], "Principal Social Worker") in got and (onsite[2], "Lead member for adult social care") in got
    finally:
        reg.close()


def test_the_sample_script_rebuilds_what_is_shipped(tmp_path):
    script = runpy.run_path(str(ROOT / "packaging" / "make_samples.py"))
    script["main"](tmp_path)
    assert (tmp_path / "sessions.csv").read_text(encoding="utf-8") == resource("samples", "sessions.csv").read_text(
        encoding="utf-8"
    )
    for name in ("sessions.xlsx", "council-timetable.xlsx"):
        built, shipped = openpyxl.load_workbook(tmp_path / name), openpyxl.load_workbook(resource("samples", name))
        assert built.sheetnames == shipped.sheetnames
        for ws in built:
            assert list(ws.values) == list(shipped[ws.title].values), f"{name} [{ws.title}] differs: rebuild it"
