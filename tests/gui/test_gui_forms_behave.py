"""Forms that behave like good desktop software: the wheel, typed dates, honest labels."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QSpinBox, QVBoxLayout, QWidget

from readiness_app.ui import wheel_guard
from readiness_app.ui.dates import DateField

pytestmark = pytest.mark.gui


def _wheel(widget: QWidget, steps: int = -1) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def _scrolling_form(qtbot):
    area = QScrollArea()
    inner = QWidget()
    layout = QVBoxLayout(inner)
    combo, number, day = QComboBox(), QSpinBox(), DateField("Due")
    combo.addItems(["Given", "Requested", "Missing"])
    number.setRange(0, 99)
    number.setValue(5)
    day.set_iso("2026-11-23")
    for field in (combo, number, day):
        layout.addWidget(field)
    layout.addSpacing(3000)  # taller than the area, so there is something to scroll
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.resize(300, 200)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, combo, number, day


def test_the_wheel_scrolls_past_fields_that_do_not_have_focus(qtbot):
    wheel_guard.install()
    area, combo, number, day = _scrolling_form(qtbot)
    area.setFocus()
    for field in (combo, number, day):
        _wheel(field)
    assert (combo.currentText(), number.value(), day.iso()) == ("Given", 5, "2026-11-23")
    assert area.verticalScrollBar().value() > 0  # the page scrolled instead


def test_the_wheel_changes_a_field_the_user_clicked_into(qtbot):
    wheel_guard.install()
    area, combo, number, _ = _scrolling_form(qtbot)
    area.activateWindow()
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    _wheel(combo)
    assert combo.currentText() == "Requested"


@pytest.mark.parametrize(
    ("before", "typed", "stored"),
    [
        (None, "11/03/2025", "2025-03-11"),  # an empty field stores what was typed, not today
        (None, "11032025", "2025-03-11"),
        (None, "5/1/2027", "2027-01-05"),
        ("2026-05-19", "02/12/2026", "2026-12-02"),  # typing over a selected date replaces it
    ],
)
def test_typing_a_date_stores_what_was_typed(qtbot, before, typed, stored):
    field = DateField("Due")
    qtbot.addWidget(field)
    field.set_iso(before)
    field.show()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, typed)
    assert field.iso() == stored
    assert field.lineEdit().text() == f"{stored[8:]}/{stored[5:7]}/{stored[:4]}"


def test_a_two_digit_year_is_stored_when_the_field_is_left(qtbot):
    field = DateField("Due")
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field, "5/1/27")
    assert field.iso() == "2027-01-05"  # read when the form asks (Save), as typed


def test_typing_something_that_is_not_a_date_keeps_the_date_before(qtbot):
    field = DateField("Due")
    qtbot.addWidget(field)
    field.set_iso("2026-05-19")
    field.show()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, "99/99")
    assert field.iso() == "2026-05-19"


def test_a_list_sorted_by_name_sorts_naturally(qtbot):
    from readiness_app.ui.models import Column, RowsModel

    model = RowsModel([Column("Name", 1)])
    model.set_rows([(1, "Assessor 10"), (2, "Assessor 2"), (3, "assessor 1")])
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [model.row_at(r)[1] for r in range(model.rowCount())] == ["assessor 1", "Assessor 2", "Assessor 10"]


def test_counts_agree_with_their_nouns(qtbot):
    from readiness_app.ui.wording import counted, counted_suffix

    assert (counted(1, "file"), counted(2, "file"), counted(1, "working day")) == ("1 file", "2 files", "1 working day")
    days = QSpinBox()
    qtbot.addWidget(days)
    days.setRange(0, 10)
    counted_suffix(days, "working day")
    days.setValue(1)
    assert days.text() == "1 working day"
    days.setValue(3)
    assert days.text() == "3 working days"
