"""Registers in the File menu, the register settings dialog, rooms and team, the timeline page."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from readiness_app.opening import create_register, open_register
from readiness_app.register import assessment, rooms, sessions, timeline
from readiness_app.ui import settings
from readiness_app.ui.widgets import set_combo

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _read(path):
    return open_register(path, readonly=True)


def test_file_menu_opens_closes_and_switches_registers(qtbot, demo_dir, tmp_path, monkeypatch):
    from readiness_app.ui.app import Launcher, ensure_app

    other = tmp_path / "other.sqlite"
    (tmp_path / "ev").mkdir()
    create_register(other, council="Otherton Council", evidence_folder=tmp_path / "ev").close()
    launcher = Launcher(ensure_app())
    assert launcher.open_register(demo_dir / "register.sqlite")
    first = launcher.window
    qtbot.addWidget(first)
    windows = [first]
    try:
        assert first.windowTitle() == "Northmoor County Council - register.sqlite - Readiness"
        qtbot.waitUntil(lambda: first.drawn, timeout=5000)  # the menus are filled once it is drawn
        names = [a.objectName() for a in first.menuBar().actions()[0].menu().actions()]
        assert names[:2] == ["new_register", "open_register"] and "register_settings" in names and "close" in names

        demo = str((demo_dir / "register.sqlite").resolve())
        qtbot.waitUntil(lambda: demo in settings.recent_registers(), timeout=10_000)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(other), "")))
        first.findChild(QAction, "open_register").trigger()
        second = launcher.window
        windows.append(second)
        qtbot.addWidget(second)
        qtbot.waitUntil(lambda: second.drawn, timeout=5000)
        assert second is not first and first._closed  # the first register was closed, the app kept running
        assert second.windowTitle() == "Otherton Council - other.sqlite - Readiness"

        qtbot.waitUntil(lambda: str(other.resolve()) in settings.recent_registers(), timeout=10_000)
        second.findChild(QAction, "close").trigger()  # Ctrl+W: back to the welcome screen
        assert second._closed and launcher.window is None
        assert launcher.welcome is not None and launcher.welcome.isVisible()
        qtbot.addWidget(launcher.welcome)
        recent = launcher.welcome.recent
        listed = [recent.item(n).toolTip() for n in range(recent.count())]
        assert listed[:2] == [str(other.resolve()), demo]
    finally:
        for window in windows:
            window.shutdown()


def test_settings_dialog_asks_before_leaving_sessions_outside_the_visit(window, qtbot, monkeypatch):
    path = window.ctx.register_path
    reg = _read(path)
    before = assessment.visit_days(reg)
    reg.close()
    asked: list[str] = []
    answer = {"value": QMessageBox.StandardButton.No}
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a[2]) or answer["value"]))
    window.findChild(QAction, "register_settings").trigger()
    dialog = window.settings_dialog
    dialog.onsite_days.setValue(1)
    dialog.save()
    reg = _read(path)
    first = sessions.list_sessions(reg, day="2026-12-17")[0]["title"]  # the first session the change would strand
    reg.close()
    assert asked and "outside the visit" in asked[0] and f"Thu 17 Dec 2026 09:00 {first}" in asked[0]
    assert dialog.isVisible() and "not saved" in dialog.error.text()
    reg = _read(path)
    assert assessment.visit_days(reg) == before
    reg.close()

    answer["value"] = QMessageBox.StandardButton.Yes
    dialog.council.setText("Northmoor Council")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved_result is not None, timeout=10_000)
    reg = _read(path)
    assert [d["kind"] for d in assessment.visit_days(reg)] == ["onsite", "virtual"]
    assert assessment.get(reg)["council"] == "Northmoor Council"
    reg.close()
    qtbot.waitUntil(lambda: window.windowTitle().startswith("Northmoor Council - "), timeout=5000)
    wait_idle(qtbot, window)


def test_a_room_in_use_cannot_be_removed_and_the_form_says_why(window, qtbot):
    page = window.open_page("setup")
    row = next(r for r in range(page.rooms.model.rowCount()) if page.rooms.model.row_at(r)[1] == "Teams")
    page.rooms.table.selectRow(row)
    assert page.rooms.widgets["link"].text() == "https://teams.example/northmoor-cqc"
    page.rooms.delete()
    assert page.rooms.delete_box.text() == "Delete the room \u201cTeams\u201d?"  # asked first
    page.rooms.delete_box.button(QMessageBox.StandardButton.Cancel).click()
    assert page.rooms.delete_box is None and page.rooms.current_id is not None  # Cancel deletes nothing
    page.rooms.delete()
    delete = next(b for b in page.rooms.delete_box.buttons() if b.text() == "Delete")
    delete.click()
    qtbot.waitUntil(page.rooms.error.isVisible, timeout=10_000)
    assert "sessions use room 'Teams'" in page.rooms.error.text()
    page.rooms.widgets["link"].setText("ftp://old.example")
    page.rooms.save()
    qtbot.waitUntil(lambda: "https://" in page.rooms.error.text(), timeout=10_000)
    reg = _read(window.ctx.register_path)
    assert rooms.find(reg, "teams")["link"] == "https://teams.example/northmoor-cqc"
    reg.close()
    wait_idle(qtbot, window)


def test_timeline_page_sets_dates_owners_and_explains_derived_ones(window, qtbot):
    page = window.open_page("timeline")
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r)[0] == "case_list_due")
    page.table.selectRow(row)
    page.widgets["date"].setText("01/12/2026")
    page.widgets["owner"].setText("Pat Reid")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=10_000):
        page.save()
    reg = _read(window.ctx.register_path)
    m = timeline.find(reg, "case_list_due")
    reg.close()
    assert (m["date"], m["owner"]) == ("2026-12-01", "Pat Reid")

    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r)[0] == "onsite")
    page.table.selectRow(row)
    page.widgets["date"].setText("01/03/2027")
    page.save()
    qtbot.waitUntil(page.error.isVisible, timeout=10_000)
    assert "cannot be typed in" in page.error.text()

    page.new_item()
    page.widgets["title"].setText("Mock interviews")
    page.widgets["date"].setText("10/12/2026")
    set_combo(page.widgets["status"], "planned")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=10_000):
        page.save()
    assert any(page.model.row_at(r)[2] == "Mock interviews" for r in range(page.model.rowCount()))
    dashboard = window.open_page("dashboard")
    assert "Next milestone:" in dashboard.text()
    assert "Getting started" not in dashboard.text()  # the demo has done every step
    wait_idle(qtbot, window)


def test_getting_started_links_open_where_each_step_is_done(make_window, empty_register, qtbot):
    path = empty_register.path
    empty_register.close()
    window = make_window(path)
    dashboard = window.open_page("dashboard")
    assert "0 of 7 steps done" in dashboard.text() and "Set the visit dates" in dashboard.text()
    dashboard.follow("do:settings")
    assert window.settings_dialog.isVisible()
    window.settings_dialog.reject()
    dashboard.follow("setup?tab=team")
    page = window.current_page()
    assert page.key == "setup" and page.tabs.currentWidget() is page.team
    dashboard.follow("do:import?kind=people")
    assert window.import_dialog.isVisible() and window.import_dialog.kind.currentData() == "people"
    window.import_dialog.done(0)
    wait_idle(qtbot, window)


def test_a_cqc_team_members_email_is_saved_from_the_form_and_a_bad_one_refused(window, qtbot):
    from readiness_app.register import cqc_team

    page = window.open_page("setup")
    team = page.team
    page.tabs.setCurrentWidget(team)
    team.table.selectRow(0)
    name = team.model.row_at(0)[1]
    team.widgets["email"].setText("not an address")
    team.save()
    qtbot.waitUntil(team.error.isVisible, timeout=10_000)
    assert "not an e-mail address" in team.error.text()
    team.widgets["email"].setText("inspector@cqc.org.uk")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=10_000):
        team.save()
    reg = _read(window.ctx.register_path)
    assert cqc_team.find(reg, name)["email"] == "inspector@cqc.org.uk"
    reg.close()
    wait_idle(qtbot, window)


def test_the_dass_is_set_in_register_settings(window, qtbot):
    window.findChild(QAction, "register_settings").trigger()
    dialog = window.settings_dialog
    assert dialog.dass.text() == ""
    dialog.dass.setText("Pat Lee")
    dialog.save()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.ctx.read.scalar("SELECT value FROM setting WHERE key = 'dass'") == "Pat Lee")
