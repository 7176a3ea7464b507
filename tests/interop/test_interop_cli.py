"""The import and export commands: exit codes, one-line errors, --json."""

from __future__ import annotations

import json
import subprocess
import sys

from readiness_app.cli import main
from readiness_app.paths import resource


def test_import_dry_run_then_import_then_json(demo_dir, capsys):
    reg = str(demo_dir / "register.sqlite")
    sample = str(resource("samples", "cases.csv"))
    assert main(["import", "cases", reg, sample, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would create 10" in out and "create (row 2) NM-101" in out
    assert main(["import", "cases", reg, sample]) == 0
    assert "created 10" in capsys.readouterr().out
    assert main(["import", "cases", reg, sample, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["unchanged"] == 10 and data["created"] == []


def test_import_problems_exit_1_with_every_row(demo_dir, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("Case code,Stage\nNM-900,Sideways\nNM-901,Lost\n", encoding="utf-8")
    reg = str(demo_dir / "register.sqlite")
    assert main(["import", "cases", reg, str(bad)]) == 1
    err = capsys.readouterr().err
    assert "error: bad.csv: 2 problems; nothing was changed" in err
    assert "row 2: Stage: 'Sideways'" in err and "row 3: Stage: 'Lost'" in err
    assert "Traceback" not in err
    assert main(["import", "cases", reg, str(bad), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and [p["row"] for p in data["problems"]] == [2, 3]
    assert data["problems"][0]["column"] == "Stage"


def test_import_not_a_spreadsheet(demo_dir, tmp_path, capsys):
    pdf = tmp_path / "timetable.xlsx"
    pdf.write_bytes(b"%PDF-1.4 nothing")
    assert main(["import", "sessions", str(demo_dir / "register.sqlite"), str(pdf)]) == 1
    err = capsys.readouterr().err
    assert "timetable.xlsx is a PDF, not a spreadsheet" in err and "hint:" in err


def test_exports(demo_dir, tmp_path, capsys):
    reg = str(demo_dir / "register.sqlite")
    assert main(["export", "evidence-index", reg, "-o", str(tmp_path / "i.xlsx")]) == 0
    assert "evidence items" in capsys.readouterr().out
    assert main(["export", "schedule", reg, "-o", str(tmp_path / "s.ics"), "--day", "15/12/2026", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "ics" and data["rows"] > 0
    assert main(["export", "gaps", reg, "-o", str(tmp_path / "g.xlsx")]) == 0
    assert main(["export", "gaps", reg, "-o", str(tmp_path / "g.ics")]) == 1
    assert "must end in .xlsx, .csv" in capsys.readouterr().err


def test_help_lists_the_commands():
    out = subprocess.run(
        [sys.executable, "-m", "readiness_app", "import", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for kind in ("cases", "sessions", "people", "evidence"):
        assert kind in out
