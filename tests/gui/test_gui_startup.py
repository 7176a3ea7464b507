"""Start-up order: the window is drawn first; shortcuts, the watcher, the backup follow."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from readiness_app.ui import startup
from readiness_app.ui.app import build_main_window

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_work_after_the_first_paint_waits_for_it(demo_dir, qtbot, monkeypatch):
    monkeypatch.setattr(startup, "marks", {})
    window = build_main_window(demo_dir / "register.sqlite", watch=True)
    qtbot.addWidget(window)
    try:
        # not yet: the menus' actions and their shortcuts cost start-up time, so they follow the first paint
        assert window.findChild(QAction, "quit") is None
        assert [m.title() for m in window.menuBar().findChildren(QMenu)] == ["&File", "&Edit", "&Go", "&Help"]
        assert window.watcher.state == "off"
        ran: list[str] = []
        window.when_shown(lambda: ran.append("first"))
        assert ran == []

        window.show()
        qtbot.waitUntil(lambda: ran == ["first"], timeout=5000)
        assert {"window_shown", "dashboard_shown"} <= set(startup.marks)
        assert startup.marks["dashboard_shown"] >= startup.marks["window_shown"]
        quit_action = window.findChild(QAction, "quit")
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


def test_the_collector_held_for_start_up_resumes_once_the_dashboard_is_drawn(monkeypatch):
    import gc

    monkeypatch.setattr(startup, "marks", {})
    try:
        startup.hold_collector()
        assert not gc.isenabled()
        startup.mark("window_shown")
        assert not gc.isenabled()  # the dashboard's text is not drawn yet
        startup.mark("dashboard_shown")
        assert gc.isenabled()
    finally:
        gc.enable()


def test_first_paint_has_the_headline_figures_and_the_tiles_follow_it(demo_dir, qtbot, monkeypatch):
    monkeypatch.setattr(startup, "marks", {})
    window = build_main_window(demo_dir / "register.sqlite", watch=False)
    qtbot.addWidget(window)
    try:
        page = window.pages["dashboard"]
        first = page.text()
        assert "Indicative rating" in first and "files in the inbox to sort" in first and "Today," in first
        assert not re.findall(r"^Score ", first, re.M)  # the quality statement tiles: after the first paint
        window.show()
        qtbot.waitUntil(lambda: window.drawn, timeout=5000)
        assert "dashboard_shown" in startup.marks
        text = page.text()
        assert len(re.findall(r"^Score \S+ .* accepted evidence", text, re.M)) == 9 and "Indicative rating" in text
        assert page.pictures is not None
    finally:
        window.shutdown()
