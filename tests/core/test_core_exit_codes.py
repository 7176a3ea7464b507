"""Desktop conventions on the command line: --self-test in --help, JSON errors with --json, exit codes 1 and 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from readiness_app.cli import main
from readiness_app.opening import create_register

ROOT = Path(__file__).resolve().parents[2]


def test_help_lists_self_test_and_the_exit_codes():
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "--help"], capture_output=True, text=True, check=True)
    assert "--self-test" in run.stdout
    assert "1 problems found" in run.stdout and "2 could not run" in run.stdout


def test_a_refused_value_with_json_is_a_json_error_and_exit_one(tmp_path, capsys):
    assert main(["rating", "--scores", "1,2", "--json"]) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["ok"] is False and "9 scores" in data["error"]


def test_bad_usage_with_json_exits_two_with_a_json_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["status", "--json", "--no-such-option"])
    assert exc.value.code == 2
    assert json.loads(capsys.readouterr().out)["ok"] is False


@pytest.mark.allow_log(r"unexpected error")
def test_a_command_that_could_not_run_exits_two_and_names_the_log(tmp_path, capsys, monkeypatch):
    path = tmp_path / "register.sqlite"
    create_register(path, council="Testshire Council", evidence_folder=tmp_path / "evidence").close()
    from readiness_app.register import readiness

    def broken(reg):
        raise RuntimeError("a bug")

    monkeypatch.setattr(readiness, "summary", broken)
    assert main(["status", str(path), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and "details were written to" in data["error"] and "a bug" not in data["error"]
