"""Start-up order: the window is drawn first; shortcuts, the watcher, the backup follow."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence

from readiness_app.ui import startup
from readiness_app.ui.app import build_main_window

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_work_after_the_first_paint_waits_for_it(demo_dir, qtbot, monkeypatch):
    monkeypatch.setattr(startup, "marks", {})
    window = build_main_window(demo_dir / "register.sqlite", watch=True)
    qtbot.addWidget(window)
    try:
        quit_action = window.findChild(QAction, "quit")
        assert quit_action.shortcut().isEmpty()  # not yet: setting shortcuts is slow in PySide6
        assert window.watcher.state == "off"
        ran: list[str] = []
        window.when_shown(lambda: ran.append("first"))
        assert ran == []

        window.show()
        qtbot.waitUntil(lambda: ran == ["first"], timeout=5000)
        assert {"window_shown", "dashboard_shown"} <= set(startup.marks)
        assert startup.marks["dashboard_shown"] >= startup.marks["window_shown"]
        assert quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
        assert window.findChild(QAction, "go_gaps").shortcut().toString() == "Ctrl+4"
        assert window.findChild(QAction, "rescan").shortcut().toString() == "F5"
        qtbot.waitUntil(lambda: window.watcher.state in ("live", "polling"), timeout=15_000)
        backups = demo_dir / "backups"
        qtbot.waitUntil(lambda: backups.is_dir() and any(backups.iterdir()), timeout=10_000)

        window.when_shown(lambda: ran.append("later"))  # once drawn, it runs at the next turn
        qtbot.waitUntil(lambda: ran == ["first", "later"], timeout=2000)
        wait_idle(qtbot, window)
    finally:
        window.shutdown()


def test_dashboard_links_are_reachable_by_keyboard(window, qtbot):
    dashboard = window.open_page("dashboard")
    view = dashboard.view
    view.setFocus()
    assert view.focusNextPrevChild(True)  # Tab moves to the first link inside the document
    assert view.textCursor().hasSelection()
    first_link = view.textCursor().charFormat().anchorHref()
    assert first_link.startswith(("quality?", "evidence", "interviews"))


def test_the_window_icon_is_loaded_after_the_first_paint(demo_dir, qtbot):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    app.setWindowIcon(QIcon())  # as in a fresh process (an earlier test may have set it)
    window = build_main_window(demo_dir / "register.sqlite", watch=False)
    qtbot.addWidget(window)
    try:
        assert app.windowIcon().isNull()  # reading the PNGs would delay the first paint
        window.show()
        qtbot.waitUntil(lambda: not app.windowIcon().isNull(), timeout=5000)
        assert {size.width() for size in app.windowIcon().availableSizes()} >= {16, 32, 256}
        wait_idle(qtbot, window)
    finally:
        window.shutdown()
