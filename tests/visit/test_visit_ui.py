"""The visit-week pages in the desktop app: learning log, requests, factual accuracy, outcome and plan."""

from __future__ import annotations

from datetime import date

import pytest

from readiness_app import clock
from readiness_app.opening import open_register
from readiness_app.register import improvement, requests

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, demo_dir, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from readiness_app.ui.app import build_main_window

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: True))
    win = build_main_window(demo_dir / "register.sqlite", watch=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    win.shutdown()


def wait_idle(qtbot, window):
    qtbot.waitUntil(lambda: all(r.pending == 0 for r in window.ctx.runners()), timeout=10_000)


def saved(window, qtbot, page, sql: str) -> int:
    """Press Save and wait until the write has committed and the page has refreshed."""
    reg = window.ctx.read
    before = reg.scalar(sql)
    page.save()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: reg.scalar(sql) != before, timeout=5000)
    return reg.scalar(sql)


def test_learning_debrief_one_click_from_a_session(window, qtbot, demo_dir):
    page = window.open_page("learning")
    assert page.todo.count() > 0
    first = page.todo.item(0)
    session_id = first.data(256)
    page.todo.setCurrentRow(0)
    page.debrief_button.click()
    assert page.widgets["date"].text() == "15/12/2026"
    assert page.widgets["qs"].checked()  # the session's QS are ticked
    page.widgets["to_correct"].setPlainText("Backlog is 214, not 300")
    page.widgets["correct_by"].setText("PSW")
    assert saved(window, qtbot, page, "SELECT COUNT(*) FROM learning_entry") == 1
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=5000)
    assert session_id not in [page.todo.item(n).data(256) for n in range(page.todo.count())]
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    row = reg.query("SELECT session_id, to_correct FROM learning_entry")[0]
    assert tuple(row) == (session_id, "Backlog is 214, not 300")
    reg.close()

    # From another page: navigate with a session filter opens a pre-filled debrief.
    window.ctx.navigate("learning", session=session_id)
    qtbot.waitUntil(lambda: window.current_page().key == "learning", timeout=5000)
    assert page.form_box.title().startswith("New debrief")


def test_learning_empty_entry_shows_the_problem_and_saves_nothing(window, qtbot):
    page = window.open_page("learning")
    page.new_item()
    page.widgets["date"].setText("15/12/2026")
    page.save()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=5000)
    assert "empty" in page.error.text()
    assert window.ctx.read.scalar("SELECT COUNT(*) FROM learning_entry") == 0


def test_request_entered_in_the_form_is_saved_with_its_evidence(window, qtbot, demo_dir):
    page = window.open_page("requests")
    page.new_item()
    page.widgets["received_date"].setText("15/12/2026")
    page.widgets["description"].setPlainText("Safeguarding audit")
    page.widgets["due_date"].setText("16/12/2026")
    picker = page.widgets["evidence"]  # picked by reference and title, never typed as ids
    picker.filter.setText("LAIR-003")
    shown = [picker.list.item(n).text() for n in range(picker.list.count()) if not picker.list.item(n).isHidden()]
    assert len(shown) == 1 and shown[0].startswith("LAIR-003 ")
    picker.set_checked([3, 4])
    assert saved(window, qtbot, page, "SELECT COUNT(*) FROM cqc_request") == 1
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=5000)
    assert page.model.row_at(0)[7] == 2  # items sent
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    assert [r[0] for r in reg.query("SELECT evidence_id FROM request_evidence ORDER BY 1")] == [3, 4]
    reg.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the "Delete ...?" box, shown offscreen
def test_accuracy_point_edited_and_deleted_through_the_shared_form(window, qtbot, demo_dir):
    from readiness_app.register import accuracy

    reg = open_register(demo_dir / "register.sqlite", source="app")
    point = accuracy.create(reg, section="Theme 1, para 3", correction_type="typo", evidence=[3, 4])
    reg.close()
    page = window.open_page("accuracy")
    page.refresh()
    page.table.selectRow(page.model.row_of_id(point))
    assert sorted(page.widgets["evidence"].checked()) == [3, 4]  # linked evidence, ticked by reference and title
    page.widgets["evidence"].set_checked([4])
    page.widgets["owner"].setText("Head of Quality")
    assert saved(window, qtbot, page, "SELECT owner FROM fa_point") == "Head of Quality"
    read = window.ctx.read
    assert [r[0] for r in read.query("SELECT evidence_id FROM fa_point_evidence")] == [4]
    page.delete()  # asks first
    next(b for b in page.delete_box.buttons() if b.text() == "Delete").click()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: read.scalar("SELECT COUNT(*) FROM fa_point") == 0, timeout=5000)
    assert page.form_box.title() == "New point"


def test_requests_and_plan_from_register_appear_with_colours(window, qtbot, demo_dir):
    reg = open_register(demo_dir / "register.sqlite", source="app")
    requests.create(reg, received_date="2026-12-15", description="Org chart", due_date="2026-12-16")
    improvement.create(reg, qs="QS1", description="Cut waiting lists", lead="PSW", target_date="2027-01-31")
    improvement.create(reg, qs="QS7", description="MSP audits", lead="Head of Safeguarding", status="complete")
    reg.close()
    page = window.open_page("requests")
    page.refresh()
    overdue = clock.today() > date(2026, 12, 16)
    assert page.model.row_at(0)[9] is overdue
    assert page.row_colour(page.model.row_at(0)) == ("#f6d5d2" if overdue else None)

    plan = window.open_page("outcome")
    plan.refresh()
    assert plan.model.total == 2
    refs = sorted(plan.model.row_at(r)[1] for r in range(plan.model.rowCount()))
    assert refs == ["1.1", "3.1"]
    plan.table.selectRow(plan.model.row_of_id(1))
    assert plan.widgets["lead"].text() == "PSW"
    plan.widgets["lead"].setText("")
    plan.save()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: plan.error.isVisible(), timeout=5000)
    assert "needs a lead" in plan.error.text()


def test_outcome_scores_saved_and_compared(window, qtbot):
    from readiness_app.ui.widgets import set_combo

    page = window.open_page("outcome")
    for qs, score in zip(page.scores, [2, 2, 2, 2, 3, 3, 3, 3, 3], strict=True):
        set_combo(page.scores[qs], score)
    page.published.setText("")
    page.save_outcome()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.ctx.read.scalar("SELECT published_rating FROM assessment") == "Good", timeout=5000)
    page.refresh()
    assert "QS2, QS4" in page.comparison.text()


def test_accuracy_received_date_and_deadline(window, qtbot):
    page = window.open_page("accuracy")
    assert "set the date" in page.deadline.text()
    page.received.setText("18/12/2026")
    page.set_received()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "Wed 6 Jan 2027" in page.deadline.text(), timeout=5000)
    page.new_item()
    page.widgets["section"].setText("Theme 1, para 3")
    page.widgets["draft_wording"].setPlainText("76%")
    page.widgets["proposed_wording"].setPlainText("67%")
    assert saved(window, qtbot, page, "SELECT COUNT(*) FROM fa_point") == 1
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=5000)
    assert page.model.row_at(0)[3] == "Typo or wrong figure"
