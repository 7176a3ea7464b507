"""The timetable behaves like a calendar: drag to move (double bookings asked about), double-click an
empty slot to create, Ctrl+arrows to move, and the session dialog shows who is busy when."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from readiness_app.opening import open_register
from readiness_app.register import people, sessions

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

DAY = "2026-12-18"  # the demo's short last day: early morning slots are empty


def _session(demo_dir, session_id):
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    try:
        row = reg.query("SELECT start, end, room_id FROM session WHERE id = ?", (session_id,))
        return tuple(row[0]) if row else None
    finally:
        reg.close()


@pytest.fixture
def early(demo_dir):
    """Two early sessions on DAY with one person in common (none of the demo's sessions start before 09:00)."""
    reg = open_register(demo_dir / "register.sqlite", source="app")
    person = people.create_person(reg, "Dana Early", role="Team manager")
    first = sessions.create(reg, date=DAY, start="07:00", end="07:30", title="Early one", room_id=1, people=[person])
    second = sessions.create(reg, date=DAY, start="08:00", end="08:30", title="Early two", room_id=2, people=[person])
    reg.close()
    return {"person": person, "first": first, "second": second}


def _timetable(window, qtbot):
    page = window.open_page("interviews")
    page.view_choice.setCurrentIndex(page.view_choice.findData("timetable"))
    page.day.setCurrentIndex(page.day.findData(DAY))
    grid = page.timetable
    assert grid.day == DAY and grid.first == 7 * 60
    return page, grid


def _centre(grid, row: int, col: int) -> QPoint:
    """A point inside one slot (a spanned session's visualRect covers all its slots)."""
    return QPoint(grid.columnViewportPosition(col) + grid.columnWidth(col) // 2, grid.rowViewportPosition(row) + 5)


def _drag(grid, source: tuple[int, int], target: tuple[int, int]) -> None:
    viewport = grid.viewport()
    start, end = _centre(grid, *source), _centre(grid, *target)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(0, 15))
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_drag_a_session_to_another_time_and_room_then_undo(window, qtbot, demo_dir, early):
    page, grid = _timetable(window, qtbot)
    assert grid.session_at(0, 0) == early["first"] and grid.session_at(1, 0) == early["first"]
    grid.scrollToTop()
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        _drag(grid, (1, 0), (7, 2))  # grabbed by its second slot: its top lands one slot above the pointer
    assert _session(demo_dir, early["first"]) == ("08:30", "09:00", 3)
    wait_idle(qtbot, window)
    assert grid.session_at(grid.row_of("08:30"), 2) == early["first"]
    assert grid.selected_session() == early["first"]  # still selected for the next move

    from PySide6.QtGui import QAction

    with qtbot.waitSignal(window.ctx.undone, timeout=5000):
        window.findChild(QAction, "undo").trigger()
    wait_idle(qtbot, window)
    assert _session(demo_dir, early["first"]) == ("07:00", "07:30", 1)


def test_a_drop_that_double_books_is_explained_and_kept_only_if_confirmed(window, qtbot, demo_dir, early):
    page, grid = _timetable(window, qtbot)
    grid.scrollToTop()
    _drag(grid, (4, 1), (0, 1))  # "Early two" onto 07:00, when Dana is in "Early one"
    box = page.confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Dana Early is already in 07:00-07:30 Early one" in box.text()
    assert "07:00-07:30 in Room 2 - Committee Room A" in box.text()
    box.button(QMessageBox.StandardButton.No).click()
    wait_idle(qtbot, window)
    assert _session(demo_dir, early["second"]) == ("08:00", "08:30", 2)

    _drag(grid, (4, 1), (0, 1))
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert _session(demo_dir, early["second"]) == ("07:00", "07:30", 2)


def test_double_click_an_empty_slot_creates_a_session_there(window, qtbot, demo_dir, early):
    page, grid = _timetable(window, qtbot)
    grid.scrollToTop()
    QTest.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, _centre(grid, 2, 3))
    dialog = page.dialog
    assert (dialog.start.text(), dialog.end.text()) == ("07:30", "08:30")
    assert dialog.room.currentData() == 4 and dialog.date.text() == "18/12/2026"
    dialog.title_edit.setText("Made from the grid")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        dialog.save()
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    row = reg.query("SELECT date, start, end, room_id FROM session WHERE title = 'Made from the grid'")
    reg.close()
    assert tuple(row[0]) == (DAY, "07:30", "08:30", 4)


def test_ctrl_arrows_move_the_selected_session(window, qtbot, demo_dir, early):
    page, grid = _timetable(window, qtbot)
    grid.setFocus()
    assert grid.select_session(early["first"])
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        QTest.keyClick(grid, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window)
    assert _session(demo_dir, early["first"]) == ("07:15", "07:45", 1)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        QTest.keyClick(grid, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert _session(demo_dir, early["first"]) == ("07:15", "07:45", 2)


def test_session_dialog_shows_free_busy_and_hints_not_values(window, qtbot, demo_dir, early):
    page = window.open_page("interviews")
    page.edit(early["second"])
    dialog = page.dialog
    text = dialog.free_busy.text()
    assert "Dana Early: 07:00-07:30 Early one" in text
    assert dialog.start.placeholderText() == "hh:mm" and dialog.end.placeholderText() == "hh:mm"
    dialog.people.set_checked([])
    dialog.check_conflicts()
    assert dialog.free_busy.isHidden()
    dialog.reject()


def test_escape_or_a_drop_outside_the_grid_moves_nothing(window, qtbot, demo_dir, early):
    page, grid = _timetable(window, qtbot)
    grid.scrollToTop()
    viewport = grid.viewport()
    start = _centre(grid, 0, 0)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, _centre(grid, 6, 1))
    assert grid._drop == (6, 1, 2)  # the outline: two slots in the second room
    QTest.keyClick(grid, Qt.Key.Key_Escape)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, _centre(grid, 6, 1))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(0, 30))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(-5, -5))
    wait_idle(qtbot, window)
    assert _session(demo_dir, early["first"]) == ("07:00", "07:30", 1)


def test_new_session_in_a_selected_empty_slot_fills_in_its_room_and_time(window, qtbot, early):
    page, grid = _timetable(window, qtbot)
    grid.setCurrentCell(grid.row_of("08:45"), 0)
    page.new_item()  # the New session button and Ctrl+N
    dialog = page.dialog
    assert (dialog.start.text(), dialog.end.text(), dialog.room.currentData()) == ("08:45", "09:45", 1)
    dialog.reject()
    grid.setCurrentCell(grid.row_of("07:00"), 0)  # a session there: a blank new session instead
    page.new_item()
    assert page.dialog.start.text() == "" and page.dialog.date.text() == "18/12/2026"
    page.dialog.reject()


def test_dragging_to_the_edge_scrolls_to_later_slots(window, qtbot, demo_dir, early):
    page, grid = _timetable(window, qtbot)
    grid.scrollToTop()
    bar = grid.verticalScrollBar()
    assert bar.maximum() > 0  # 07:00-17:00 does not fit: the rest is below
    viewport = grid.viewport()
    start = _centre(grid, 0, 0)
    edge = QPoint(start.x(), viewport.height() - 5)
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, start + QPoint(0, 30))
    QTest.mouseMove(viewport, edge)
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=10_000)
    expected = 7 * 60 + grid.rowAt(edge.y()) * 15
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, edge)
    assert expected >= 16 * 60
    assert _session(demo_dir, early["first"])[0] == f"{expected // 60:02d}:{expected % 60:02d}"


def test_ctrl_arrows_through_a_double_booking_ask_once(window, qtbot, demo_dir, early):
    page, grid = _timetable(window, qtbot)
    grid.setFocus()
    assert grid.select_session(early["second"])
    asked = []
    for expected in ("07:45", "07:30", "07:15", "07:00", "06:45", "06:30"):
        page.confirm = None
        QTest.keyClick(grid, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
        if page.confirm is not None:  # the step into Dana's 07:00 session asks ...
            asked.append(expected)
            page.confirm.button(QMessageBox.StandardButton.Yes).click()
        wait_idle(qtbot, window)
        qtbot.waitUntil(lambda e=expected: _session(demo_dir, early["second"])[0] == e, timeout=5000)
        grid.setFocus()
        assert grid.select_session(early["second"])
    assert asked == ["07:15"]  # ... and the steps through it do not ask again


def test_long_blocks_name_their_attendees_and_the_count_follows_the_filter(window, qtbot, demo_dir, early):
    reg = open_register(demo_dir / "register.sqlite", source="app")
    person = people.create_person(reg, "Lee Long", role="Carer")
    long = sessions.create(reg, date=DAY, start="07:00", end="08:00", title="Long one", room_id=3, people=[person])
    reg.close()
    page, grid = _timetable(window, qtbot)
    item = grid.item(grid.row_of("07:00"), grid.column_of_room(3))
    assert item.data(Qt.ItemDataRole.UserRole) == long
    assert item.text().splitlines() == ["07:00-08:00 Long one", "Lee Long"]
    short = grid.item(grid.row_of("07:00"), grid.column_of_room(1))
    assert short.text() == "07:00-07:30 Early one"  # 30 minutes: no room for more

    total, on_the_day = page.model.total, page.model.rowCount()  # the day chosen is a filter too
    assert page.summary.text().startswith(f"{on_the_day} of {total} sessions shown; ")
    page.search.setText("Long one")
    assert page.summary.text().startswith(f"1 of {total} sessions shown; ")
    page.search.setText("")
    page.day.setCurrentIndex(page.day.findData(None))  # all days: every session, so no "shown"
    assert "shown" not in page.summary.text()
