"""`readiness --self-test` run in-process: what it checks, what it prints, what it leaves alone."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest

from readiness_app import cli
from readiness_app.ui import selftest

pytestmark = pytest.mark.gui

STEPS = (
    "resources",
    "demo register",
    "main window",
    "PDF",
    "print preview",
    "evidence reconcile",
    "search",
    "spreadsheets",
    "Word document",
    "PDF password",
    "encrypted register",
    "bank holidays",
    "images",
    "hashing",
    "text in other scripts",
    "folder watcher",
)


def test_self_test_passes_and_reports_every_step(qapp, capsys, _isolated_data_dir):
    before = os.environ.get("READINESS_DATA_DIR")

    assert selftest.run_self_test() == 0

    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("readiness-app ") and "self-test (from source" in lines[0]
    for step in STEPS:
        assert any(line.startswith(f"  ok  {step}: ") for line in lines), f"no ok line for {step}: {out}"
    assert "9 quality statements" in out
    assert "Northmoor" in out or "register.sqlite" in out  # the main window's title names the register
    assert "1 added" in out  # the reconcile took in the probe file
    assert lines[-1].startswith("self-test passed in ")
    assert err == ""
    # The user's own data folder is untouched and the environment is put back.
    assert os.environ.get("READINESS_DATA_DIR") == before
    assert not (Path(before) / "settings.ini").exists()
    assert not list(Path(before).rglob("*.sqlite"))


def test_cli_routes_self_test(qapp, capsys):
    assert cli.main(["--self-test"]) == 0
    assert "self-test passed" in capsys.readouterr().out


@pytest.mark.allow_log(r"self-test FAILED at ", r"self-test step 'PDF' failed")
def test_a_failing_step_exits_1_with_one_line_and_no_traceback(qapp, capsys, monkeypatch, caplog):
    # The app's logger does not propagate to the root, so listen on it directly.
    logger = logging.getLogger("readiness_app.selftest")
    monkeypatch.setattr(logger, "handlers", [caplog.handler])

    def broken_pdf(work, state):
        raise RuntimeError("reportlab fonts missing from the bundle")

    monkeypatch.setattr(selftest, "_build_pdf", broken_pdf)
    monkeypatch.setattr(selftest, "_open_main_window", lambda work, state: "skipped in this test")

    assert selftest.run_self_test() == 1

    out, err = capsys.readouterr()
    assert "  ok  demo register: " in out
    assert "evidence reconcile" not in out  # it stops at the first failure
    assert err.strip() == "self-test FAILED at PDF: RuntimeError: reportlab fonts missing from the bundle"
    assert "Traceback" not in out + err
    # The full traceback is in the log for whoever supports the app.
    logged = [r for r in caplog.records if r.exc_info]
    assert logged and "reportlab fonts missing" in str(logged[0].exc_info[1])


@pytest.mark.allow_log(r"self-test FAILED at ")
def test_a_check_that_does_not_hold_names_the_reason(qapp, capsys, monkeypatch):
    def empty_framework(work, state):
        raise selftest.SelfTestFailure("framework has 0 quality statements, expected 9")

    monkeypatch.setattr(selftest, "_check_resources", empty_framework)

    assert selftest.run_self_test() == 1
    assert "self-test FAILED at resources: framework has 0 quality statements, expected 9" in capsys.readouterr().err


def test_temporary_folder_is_removed_afterwards(qapp, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(selftest.tempfile, "tempdir", str(tmp_path))
    for name in ("_open_main_window", "_build_pdf", "_preview_pdf", "_watch_folder"):
        monkeypatch.setattr(selftest, name, lambda work, state: "skipped in this test")

    assert selftest.run_self_test() == 0
    assert list(tmp_path.iterdir()) == []


def _no_word_writer(monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # as if the build had left python-docx out


def _no_holiday_data(monkeypatch):
    from readiness_app.register import workdays

    monkeypatch.setattr(workdays, "_cache", {})
    monkeypatch.setattr(workdays, "_computed_year", lambda year: {})  # as if the holidays tables were trimmed away


@pytest.mark.allow_log(r"self-test FAILED at ", r"self-test step 'Word document' failed")
@pytest.mark.parametrize(
    ("trim", "step", "reason"),
    [
        (_no_word_writer, "Word document", "ModuleNotFoundError"),
        (_no_holiday_data, "bank holidays", "28/12/2026 should be Boxing Day, not a working day"),
    ],
)
def test_a_feature_a_build_left_out_fails_the_self_test(qapp, capsys, monkeypatch, trim, step, reason):
    monkeypatch.setattr(selftest, "_open_main_window", lambda work, state: "skipped in this test")
    trim(monkeypatch)

    assert selftest.run_self_test() == 1

    err = capsys.readouterr().err
    assert err.startswith(f"self-test FAILED at {step}: ") and reason in err
