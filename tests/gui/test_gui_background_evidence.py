"""New evidence while the window is in the background: a system notification (can be turned off);
progress while a big folder is read for the first time."""

from __future__ import annotations

import os

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from readiness_app.evidence import settings
from readiness_app.opening import open_register
from readiness_app.ui import notifications

pytestmark = [pytest.mark.gui]


def _fast_watcher(demo_dir) -> None:
    reg = open_register(demo_dir / "register.sqlite", source="app")
    settings.save(reg, "stability_seconds", "0.5")
    reg.close()


@pytest.fixture
def shown_messages(monkeypatch) -> list[tuple[str, str]]:
    """What the tray would show: offscreen Qt has no tray, so say it has one and note the messages."""
    messages: list[tuple[str, str]] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "supportsMessages", staticmethod(lambda: True))
    monkeypatch.setattr(QSystemTrayIcon, "show", lambda self: None)
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda self, title, text, *a: messages.append((title, text)))
    return messages


def test_new_evidence_in_the_background_notifies_unless_turned_off(make_window, demo_dir, qtbot, shown_messages):
    _fast_watcher(demo_dir)
    window = make_window(demo_dir / "register.sqlite", watch=True)
    bridge = window.watcher
    qtbot.waitUntil(lambda: bridge.state in ("live", "polling") and bridge.last_reconcile is not None, timeout=15_000)
    other = QWidget()  # another window in front: the app is in the background
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=5000)
    inbox = demo_dir / "evidence" / "00 Inbox - to sort"
    with qtbot.waitSignal(bridge.files_arrived, timeout=15_000):
        (inbox / "Winter plan.pdf").write_bytes(b"%PDF-1.4\n% winter\n" + b"x" * 500)
    assert shown_messages == [("New evidence", "1 new file in the evidence inbox")]

    toggle = window.findChild(QAction, "notify_evidence")
    assert toggle.isCheckable() and toggle.isChecked()
    toggle.trigger()  # off
    assert not notifications.notifications_on()
    with qtbot.waitSignal(bridge.files_arrived, timeout=15_000):
        (inbox / "Spring plan.pdf").write_bytes(b"%PDF-1.4\n% spring\n" + b"y" * 500)
    assert len(shown_messages) == 1  # turned off: nothing more
    assert "new file" in window.statusBar().currentMessage()  # the status bar still says it


def test_first_scan_of_a_big_folder_shows_progress(make_window, demo_dir, qtbot):
    _fast_watcher(demo_dir)
    big = demo_dir / "evidence" / "QS1 Assessing needs" / "Bulk"
    big.mkdir(parents=True)
    for n in range(260):
        note = big / f"Note {n:03d}.txt"
        note.write_text(f"note {n}", encoding="utf-8")
        os.utime(note, (1_700_000_000, 1_700_000_000))  # files that were there before: nothing still arriving
    window = make_window(demo_dir / "register.sqlite")
    notices: list[str] = []
    window.ctx.notice.connect(notices.append)
    window.watcher.start()
    qtbot.waitUntil(lambda: any(n.startswith("Evidence folder checked") for n in notices), timeout=30_000)
    steps = [n for n in notices if n.startswith("Checking the evidence folder")]
    assert steps and all("of 260 files read" in n for n in steps)
    window.watcher.stop()


def test_a_register_double_clicked_in_finder_opens(demo_dir, qtbot, qapp):
    from PySide6.QtGui import QFileOpenEvent

    from readiness_app.ui.app import Launcher

    launcher = Launcher(qapp)
    try:
        qapp.sendEvent(qapp, QFileOpenEvent(str(demo_dir / "register.sqlite")))  # what macOS sends
        qtbot.waitUntil(lambda: launcher.window is not None, timeout=10_000)
        window = launcher.window
        qtbot.addWidget(window)
        assert window.ctx.register_path == demo_dir / "register.sqlite"
        qtbot.waitUntil(lambda: window.drawn, timeout=5000)
        window.shutdown()
    finally:
        qapp.removeEventFilter(launcher.file_open)
