"""The command line, run as a user would run it (a real subprocess) and in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from readiness_app.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_rating_json_is_stable_and_carries_qs_ids():
    result = run("rating", "--scores", "2,2,2,2,3,3,3,3,3", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == 23 and data["band"] == "Good" and data["percent"] == 63.9
    assert list(data["scores"]) == [f"QS{n}" for n in range(1, 10)]


def test_rating_between_bands_and_bad_scores(capsys):
    assert main(["rating", "--scores", "2,2,2,2,2,1,1,1,1"]) == 0
    assert "between bands" in capsys.readouterr().out
    assert main(["rating", "--scores", "2,2,2,2,2,1,1,1,7"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "error: QS9: score 7 is outside 1-4"


def test_init_status_check_round_trip(tmp_path, capsys):
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    reg = tmp_path / "register.sqlite"
    code = main(
        [
            "init",
            str(reg),
            "--council",
            "Testshire",
            "--evidence",
            str(evidence),
            "--onsite-start",
            "2026-12-15",
            "--onsite-days",
            "3",
        ]
    )
    assert code == 0
    capsys.readouterr()
    assert main(["status", str(reg), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["council"] == "Testshire"
    assert [d["date"] for d in data["visit_days"]] == ["2026-12-15", "2026-12-16", "2026-12-17"]
    assert [q["qs"] for q in data["quality_statements"]] == [f"QS{n}" for n in range(1, 10)]
    assert data["rating"]["state"] == "incomplete"
    assert main(["check", str(reg), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True


def test_check_reports_conflicts_with_exit_one(demo_dir, capsys):
    code = main(["check", str(demo_dir / "register.sqlite")])
    out = capsys.readouterr().out
    assert code == 1
    assert "overlapping sessions on" in out


def test_register_inside_evidence_folder_is_refused(tmp_path, capsys):
    assert main(["init", str(tmp_path / "r.sqlite"), "--council", "X", "--evidence", str(tmp_path)]) == 1
    assert "inside the evidence folder" in capsys.readouterr().err
    assert not (tmp_path / "r.sqlite").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "{tmp}/missing.sqlite"], "register not found"),
        (["status", "{tmp}/junk.sqlite"], "junk.sqlite is "),
        (
            ["init", "{tmp}/new.sqlite", "--council", "X", "--evidence", "{tmp}/ev", "--onsite-start", "31/13/2026"],
            "not a real date",
        ),
    ],
)
def test_data_problems_exit_one_with_one_line_and_no_traceback(tmp_path, args, message):
    (tmp_path / "junk.sqlite").write_bytes(os.urandom(2048))
    result = run(*[a.format(tmp=tmp_path) for a in args])
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_bad_usage_exits_two():
    result = run("status")
    assert result.returncode == 2
    assert "usage" in result.stderr


def test_demo_command_builds_register_and_files(tmp_path):
    result = run("demo", str(tmp_path / "demo"), "--today", "2026-11-23")
    assert result.returncode == 0, result.stderr
    status = run("status", str(tmp_path / "demo" / "register.sqlite"), "--json")
    data = json.loads(status.stdout)
    assert data["council"] == "Northmoor County Council"
    assert data["counts"]["sessions"] >= 60
    again = run("demo", str(tmp_path / "demo"))
    assert again.returncode == 1 and "already holds a demo" in again.stderr


def test_status_text_names_rating_rag_and_visit_work(demo_dir, capsys):
    assert main(["status", str(demo_dir / "register.sqlite")]) == 0
    out = capsys.readouterr().out
    assert "Northmoor County Council" in out
    assert "Indicative rating: 24/36 = 66.7% Good" in out
    assert "QS7  Safeguarding" in out
    assert "CQC requests: 3 open" in out
    assert "Improvement plan: 10 actions" in out
