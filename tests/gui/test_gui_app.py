"""Starting and stopping: welcome screen, --demo, open REGISTER, passphrase prompt, clean quit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog

from readiness_app.opening import create_register, open_register
from readiness_app.register import assessment
from readiness_app.ui import settings
from readiness_app.ui.app import Launcher, run

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


# The real app loop (app.exec) runs in a child process: after exec() returns
# Qt treats the application as closing, which would spoil the later tests.
QUIT_WHEN_UP = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from readiness_app.cli import main
from readiness_app.ui.app import ensure_app
from readiness_app.ui.main_window import MainWindow
ensure_app()  # the timer below needs the application object
seen = []
def poll():
    app = QApplication.instance()
    windows = [w for w in (app.topLevelWidgets() if app else []) if isinstance(w, MainWindow) and w.isVisible()]
    if windows and all(r.pending == 0 for r in windows[0].ctx.runners()) and windows[0].watcher.state != "off":
        seen.append(windows[0])
        windows[0].findChild(type(windows[0].actions()[0]), "quit").trigger()
    else:
        QTimer.singleShot(50, poll)
QTimer.singleShot(50, poll)
code = main(sys.argv[1:])
w = seen[0]
print(json.dumps({"code": code, "register": str(w.ctx.register_path), "watcher": w.watcher.state,
                  "threads_done": all(r._thread.isFinished() for r in w.ctx.runners())}))
"""


def _run_app(args: list[str], data_dir: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "READINESS_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", QUIT_WHEN_UP, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_create_a_register_through_the_welcome_screen(qapp, qtbot, tmp_path, opened_urls):
    evidence = tmp_path / "Shared evidence"
    evidence.mkdir()
    launcher = Launcher(qapp)
    launcher.show_welcome()
    welcome = launcher.welcome
    qtbot.addWidget(welcome)
    welcome.create_register()
    assert welcome.create_error.isVisible() and "Council name is required" in welcome.create_error.text()

    welcome.council.setText("Testshire County Council")
    welcome.evidence.setText(str(evidence))
    welcome.register_file.setText(str(evidence / "register.sqlite"))
    welcome.create_register()
    assert "inside the evidence folder" in welcome.create_error.text()

    target = tmp_path / "laptop" / "testshire.sqlite"
    target.parent.mkdir()
    welcome.register_file.setText(str(target))
    welcome.onsite_start.setDate(welcome.onsite_start.date().fromString("11/01/2027", "dd/MM/yyyy"))
    welcome.onsite_days.setValue(3)
    welcome.create_register()
    assert launcher.window is not None
    window = launcher.window
    try:
        assert window.current_page().key == "dashboard"
        assert "Testshire County Council" in window.current_page().text()
        reg = open_register(target, readonly=True)
        assert assessment.get(reg)["council"] == "Testshire County Council"
        assert assessment.onsite_days(reg) == ["2027-01-11", "2027-01-12", "2027-01-13"]
        reg.close()
        # remembered once the window has been drawn
        qtbot.waitUntil(lambda: settings.last_register() == target.resolve())
        wait_idle(qtbot, window)
    finally:
        window.shutdown()


def test_open_register_runs_and_quits_with_exit_code_zero(demo_dir, tmp_path):
    result = _run_app(["open", str(demo_dir / "register.sqlite")], tmp_path / "data")
    assert result["code"] == 0
    assert result["register"] == str((demo_dir / "register.sqlite").resolve())
    assert result["threads_done"] and result["watcher"] == "off"


def test_demo_flag_builds_a_fresh_demo_in_the_data_folder(tmp_path):
    result = _run_app(["--demo"], tmp_path / "data")
    assert result["code"] == 0
    path = Path(result["register"])
    assert path.is_relative_to(tmp_path / "data") and path.parent.name.startswith("demo-")
    assert (path.parent / "evidence" / "00 Inbox - to sort").is_dir()


def test_missing_register_is_a_clear_error(qtbot, tmp_path):
    from readiness_app.errors import ReadinessError

    with pytest.raises(ReadinessError, match="register not found"):
        run(register=str(tmp_path / "nope.sqlite"))


def test_encrypted_register_asks_for_the_passphrase(qapp, qtbot, tmp_path, monkeypatch):
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    path = tmp_path / "secret.sqlite"
    create_register(path, council="Cipher Council", evidence_folder=evidence, passphrase="s3cret-words").close()
    answers = iter([("wrong words", True), ("s3cret-words", True)])
    asked: list[str] = []

    def fake_get_text(parent, title, label, echo):
        asked.append(label)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake_get_text))
    launcher = Launcher(qapp)
    assert launcher.open_register(Path(path))
    window = launcher.window
    try:
        assert len(asked) == 2 and "did not work" in asked[1]
        assert "Cipher Council" in window.current_page().text()
        wait_idle(qtbot, window)
    finally:
        window.shutdown()
