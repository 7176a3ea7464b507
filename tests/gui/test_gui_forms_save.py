"""The shared record form: Save twice, Enter and Ctrl+S, Delete asks, unsaved typing is never lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _milestones(window) -> dict[str, dict]:
    rows = window.ctx.read.query("SELECT id, title, owner FROM milestone")
    return {r[1]: {"id": r[0], "owner": r[2]} for r in rows}


def _notices(window) -> list[str]:
    said: list[str] = []
    window.ctx.notice.connect(said.append)
    return said


def test_a_second_save_of_a_new_milestone_saves_the_change(window, qtbot):
    page = window.open_page("timeline")
    said = _notices(window)
    page.new_item()
    page.widgets["title"].setText("Briefing for members")
    page.widgets["date"].setText("10/12/2026")
    page.save()
    wait_idle(qtbot, window)
    assert _milestones(window)["Briefing for members"]["owner"] == ""
    page.widgets["owner"].setText("Head of Quality")
    page.save()
    wait_idle(qtbot, window)
    saved = _milestones(window)
    assert saved["Briefing for members"]["owner"] == "Head of Quality"
    assert sum(title == "Briefing for members" for title in saved) == 1  # updated, not added again
    assert said[-2:] == ["Saved milestone", "Saved milestone"]
    page.save()  # nothing changed: never "Saved"
    assert said[-1] == "Nothing to save: the milestone is as stored"


def test_enter_and_ctrl_s_save_the_form(window, qtbot):
    page = window.open_page("timeline")
    page.new_item()
    page.widgets["title"].setText("Enter saves")
    page.widgets["date"].setText("11/12/2026")
    qtbot.keyClick(page.widgets["owner"], Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert "Enter saves" in _milestones(window)
    page.widgets["owner"].setText("Ctrl+S")
    page.widgets["owner"].setFocus()
    qtbot.keyClick(page.widgets["owner"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert _milestones(window)["Enter saves"]["owner"] == "Ctrl+S"


def test_choosing_another_row_with_unsaved_typing_asks(window, qtbot):
    page = window.open_page("timeline")
    page.new_item()
    page.widgets["title"].setText("Keep me")
    page.widgets["date"].setText("12/12/2026")
    page.save()
    wait_idle(qtbot, window)
    mine = page.current_id
    other = next(page.model.id_at(r) for r in range(page.model.rowCount()) if page.model.id_at(r) != mine)
    page.widgets["owner"].setText("typed, not saved")

    page.table.selectRow(page.model.row_of_id(other))  # Cancel: stay, typing kept
    page.unsaved_box.button(QMessageBox.StandardButton.Cancel).click()
    assert page.current_id == mine and page.widgets["owner"].text() == "typed, not saved"

    page.table.selectRow(page.model.row_of_id(other))  # Save: saved, then the other row shows
    page.unsaved_box.button(QMessageBox.StandardButton.Save).click()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: page.current_id == other, timeout=5000)
    assert _milestones(window)["Keep me"]["owner"] == "typed, not saved"

    page.table.selectRow(page.model.row_of_id(mine))
    page.widgets["owner"].setText("thrown away")
    page.table.selectRow(page.model.row_of_id(other))  # Discard: the typing goes, nothing written
    page.unsaved_box.button(QMessageBox.StandardButton.Discard).click()
    assert page.current_id == other
    wait_idle(qtbot, window)
    assert _milestones(window)["Keep me"]["owner"] == "typed, not saved"


def test_a_problem_shown_goes_when_it_is_fixed(window, qtbot):
    page = window.open_page("timeline")
    page.new_item()
    page.widgets["date"].setText("13/12/2026")
    page.save()  # no title
    qtbot.waitUntil(page.error.isVisible, timeout=5000)
    page.widgets["title"].setText("Now with a title")
    assert not page.error.isVisible()


def test_delete_asks_and_sits_apart_from_save(window, qtbot):
    page = window.open_page("timeline")
    page.new_item()
    page.widgets["title"].setText("Delete me")
    page.widgets["date"].setText("14/12/2026")
    page.save()
    wait_idle(qtbot, window)
    assert page.delete_button.x() - page.save_button.geometry().right() > 2 * page.save_button.width()
    page.delete()
    page.delete_box.button(QMessageBox.StandardButton.Cancel).click()
    wait_idle(qtbot, window)
    assert "Delete me" in _milestones(window)
    page.delete()
    assert page.delete_box.text() == "Delete the milestone \u201cDelete me\u201d?"
    next(b for b in page.delete_box.buttons() if b.text() == "Delete").click()
    wait_idle(qtbot, window)
    assert "Delete me" not in _milestones(window)


def test_a_failure_goes_from_the_status_bar_when_the_same_save_then_works(window, qtbot):
    page = window.open_page("timeline")
    page.new_item()
    page.widgets["date"].setText("15/12/2026")
    page.save()  # no title: refused by the register
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "Failed: 1" in window.jobs_label.text(), timeout=5000)
    page.widgets["title"].setText("Fixed")
    page.save()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "Failed" not in window.jobs_label.text(), timeout=5000)
    assert "Fixed" in _milestones(window)


def test_quick_work_never_says_saving_or_working(window, qtbot):
    """A filter's re-read (or any work over within a moment) leaves the status bar alone."""
    shown: list[str] = []
    original = window.jobs_label.setText
    window.jobs_label.setText = lambda text: (shown.append(text), original(text))  # type: ignore[method-assign]
    for _ in range(3):
        window.ctx.reader.submit(lambda reg: reg.scalar("SELECT COUNT(*) FROM milestone"), description="filter")
    wait_idle(qtbot, window)
    assert not any("Saving" in t or "Working" in t for t in shown)
    assert window.jobs_label.text() == ""
