"""The open app beside other programs: changes made elsewhere, a busy register, outputs in the shared folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from readiness_app.ui.app import watch_outside_changes

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def _codes_shown(page) -> set[str]:
    return {row[1] for row in page.model.shown_rows}


def _import_case(register: Path, tmp_path: Path, code: str) -> None:
    """Another program (a command in a terminal) adds a case."""
    csv = tmp_path / f"{code}.csv"
    csv.write_text(f"Case code,Team\n{code},Hospital team\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(MAIN), "import", "cases", str(register), str(csv)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr


def test_a_case_added_by_another_program_appears_on_the_open_page(window, qtbot, tmp_path):
    watcher = watch_outside_changes(window)
    watcher.timer.setInterval(100)  # the app checks every 2 s; the test need not wait that long
    page = window.open_page("cases")
    assert "OUTSIDE-1" not in _codes_shown(page)
    evidence_page = window.page("evidence")
    evidence_page.stale = False

    _import_case(window.ctx.register_path, tmp_path, "OUTSIDE-1")

    qtbot.waitUntil(lambda: "OUTSIDE-1" in _codes_shown(page), timeout=10_000)
    assert evidence_page.stale  # pages not on screen reload when next opened


def test_coming_back_to_the_app_checks_at_once(window, qtbot, tmp_path):
    watcher = watch_outside_changes(window)
    watcher.timer.stop()  # only the focus check is left
    page = window.open_page("cases")
    _import_case(window.ctx.register_path, tmp_path, "OUTSIDE-2")
    assert "OUTSIDE-2" not in _codes_shown(page)
    from PySide6.QtCore import Qt

    watcher._on_state(Qt.ApplicationState.ApplicationActive)
    assert "OUTSIDE-2" in _codes_shown(page)
    assert watcher.check() is False  # nothing new since


def test_the_apps_own_writes_are_not_taken_for_outside_changes(window, qtbot):
    from readiness_app.register import cases

    watcher = watch_outside_changes(window)
    watcher.timer.stop()
    with qtbot.waitSignal(window.ctx.data_changed, timeout=10_000):
        window.ctx.write(lambda reg: cases.create(reg, "INSIDE-1"), "adding a case")
    assert watcher.check() is False


LOCK_AND_WAIT = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


def test_a_register_busy_with_another_program_is_shown_in_one_line(window, qtbot):
    from readiness_app.errors import RegisterBusy
    from readiness_app.register import cases

    with qtbot.waitSignal(window.ctx.writer.busy_changed, timeout=10_000, check_params_cb=lambda n: n == 0):
        window.ctx.write(lambda reg: reg.conn.execute("PRAGMA busy_timeout = 200"), "shorter wait for the test")
    other = subprocess.Popen(
        [sys.executable, "-c", LOCK_AND_WAIT, str(window.ctx.register_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    errors: list[BaseException] = []
    try:
        assert other.stdout.readline().strip() == "locked"
        window.ctx.write(lambda reg: cases.create(reg, "BLOCKED-1"), "adding a case", on_error=errors.append)
        qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    finally:
        other.communicate("", timeout=30)
    assert isinstance(errors[0], RegisterBusy)
    assert "is busy: another program is writing to it" in str(errors[0])
    assert "\n" not in str(errors[0])


def test_an_export_saved_into_the_evidence_folder_is_flagged_in_the_app(window, qtbot):
    from readiness_app.ui import spreadsheets

    evidence = window.ctx.evidence_folder()
    notices: list[str] = []
    window.ctx.notice.connect(notices.append)
    spreadsheets.export(window.ctx, window, "schedule", path=evidence / "schedule.csv")
    qtbot.waitUntil(lambda: any(n.startswith("Exported") for n in notices), timeout=20_000)
    done = [n for n in notices if n.startswith("Exported")][0]
    assert "schedule.csv was written inside the evidence folder" in done
    assert "Case tracking conversation" in (evidence / "schedule.csv").read_text(encoding="utf-8-sig")
