"""Visit week in the desktop app: Debrief from the interviews page, visit figures on the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from readiness_app.opening import open_register
from readiness_app.register import accuracy, learning, requests
from readiness_app.register.validation import long_date
from readiness_app.ui.colours import WARNING_TEXT

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TODAY = date(2026, 12, 16)  # the second on-site day of the demo


def test_debrief_button_opens_the_learning_log_filled_in_for_the_session(window, qtbot):
    page = window.open_page("interviews")
    page.apply_filters(day="2026-12-15")
    row = 2
    session_id = page.model.id_at(row)
    session = page.by_id[session_id]
    page.table.selectRow(row)

    qtbot.mouseClick(page.debrief_button, Qt.MouseButton.LeftButton)

    learning_page = window.current_page()
    assert learning_page.key == "learning"
    assert learning_page.widgets["session_id"].currentData() == session_id
    assert learning_page.form_box.title() == f"New debrief: {session['title']}"
    assert learning_page.widgets["date"].text() == "15/12/2026"
    assert learning_page.widgets["qs"].checked() == session["qs"]

    # and the entry saves against that session
    learning_page.widgets["went_well"].setPlainText("Clear account of the hospital discharge pathway")
    learning_page.widgets["to_correct"].setPlainText("Waiting list figure quoted from last quarter")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        learning_page.save()
    reg = open_register(window.ctx.register_path, readonly=True)
    entries = [e for e in learning.list_entries(reg) if e["session_id"] == session_id]
    reg.close()
    assert len(entries) == 1 and entries[0]["qs"] == session["qs"]
    wait_idle(qtbot, window)


def test_debrief_with_nothing_selected_says_so(window, qtbot):
    page = window.open_page("interviews")
    page.table.clearSelection()
    page.debrief_selected()
    assert window.current_page().key == "interviews"
    assert "Choose a session" in window.statusBar().currentMessage()


def test_dashboard_shows_overdue_requests_in_red_and_links_to_them(make_window, demo_dir, qtbot, set_today):
    reg = open_register(demo_dir / "register.sqlite", source="app")
    requests.create(
        reg,
        received_date=(TODAY - timedelta(days=6)).isoformat(),
        description="Safeguarding audit action log",
        from_whom="Lead assessor",
        due_date=(TODAY - timedelta(days=1)).isoformat(),
        today=TODAY,
    )
    expected = requests.counts(reg, TODAY)
    reg.close()
    assert expected["overdue"] >= 1

    window = make_window(demo_dir / "register.sqlite")
    set_today(TODAY)
    dashboard = window.open_page("dashboard")
    dashboard.refresh()
    assert f">{expected['overdue']}</a></b> CQC requests overdue" in dashboard.html
    assert f"<span style='color:{WARNING_TEXT}'><b><a href=\"requests?overdue=1\"" in dashboard.html
    assert f"{expected['overdue']} CQC requests overdue ({expected['open']} open)" in dashboard.text()

    dashboard.follow("requests?overdue=1")
    page = window.current_page()
    assert page.key == "requests" and page.overdue_only.isChecked()
    shown = page.model.shown_rows
    assert len(shown) == expected["overdue"]
    assert "Safeguarding audit action log" in {r[4] for r in shown}
    assert all(r[9] for r in shown)  # every row shown is overdue

    page.overdue_only.setChecked(False)
    assert page.model.rowCount() == expected["total"]
    wait_idle(qtbot, window)


def test_dashboard_shows_the_factual_accuracy_deadline_once_the_draft_arrives(make_window, demo_dir, qtbot, set_today):
    window = make_window(demo_dir / "register.sqlite")
    set_today(date(2027, 1, 25))
    dashboard = window.open_page("dashboard")
    dashboard.refresh()
    assert "Factual accuracy" not in dashboard.text()  # no draft yet: nothing to count down

    window.ctx.write(lambda reg: accuracy.set_received(reg, "2027-01-20"), "recording the draft report")
    qtbot.waitUntil(lambda: "Factual accuracy" in dashboard.text(), timeout=5000)
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    fa = accuracy.deadline(reg, date(2027, 1, 25))
    reg.close()
    left = fa["working_days_left"]
    assert f"{left} working day{'s' if left != 1 else ''} left" in dashboard.text()
    assert long_date(fa["deadline"]) in dashboard.text()
    dashboard.follow("accuracy")
    assert window.current_page().key == "accuracy"
    wait_idle(qtbot, window)


def test_dashboard_links_overdue_improvement_actions_to_the_plan(make_window, demo_dir, qtbot, set_today):
    window = make_window(demo_dir / "register.sqlite")
    set_today(date(2027, 12, 31))  # late enough for some actions to be overdue
    dashboard = window.open_page("dashboard")
    dashboard.refresh()
    plan = dashboard.data["visit"]["plan"]
    assert plan["overdue"] >= 1
    assert f"{plan['overdue']} improvement action{'s' if plan['overdue'] != 1 else ''} overdue" in dashboard.text()
    dashboard.follow("outcome?overdue=1")
    page = window.current_page()
    assert page.key == "outcome" and page.only.isChecked()
    assert page.model.rowCount() == plan["overdue"] < page.model.total
    wait_idle(qtbot, window)
