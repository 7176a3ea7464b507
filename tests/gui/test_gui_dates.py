"""One date style: "Tue 22 Dec 2026" in tables and labels, "22/12/2026" in calendar-picker fields."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from readiness_app import clock
from readiness_app.ui import tour
from readiness_app.ui.dates import DateField
from readiness_app.ui.models import Column, RowsModel

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NUMERIC = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
LONG = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


def test_no_page_or_dialog_shows_an_iso_or_numeric_date(window, qtbot):
    offenders, long_dates = [], 0
    for key, _page in tour.pages(window):
        wait_idle(qtbot, window)
        for where, text in tour.visible_texts(window):
            if ISO.search(text) or NUMERIC.search(text):
                offenders.append(f"{key} {where}: {text[:80]!r}")
            long_dates += bool(LONG.search(text))
    for name, dialog in tour.dialogs(window):
        dialog.show()
        offenders += [f"{name} {w}: {t[:80]!r}" for w, t in tour.visible_texts(dialog) if ISO.search(t)]
        dialog.reject()
    assert offenders == []
    assert long_dates > 50  # the demo's sessions, gaps, requests... do show dates, in the long style


def test_date_fields_are_calendar_pickers_that_may_be_empty(window, qtbot):
    gaps = window.open_page("gaps")
    gaps.new_item()
    due = gaps.dialog.due
    assert isinstance(due, DateField) and due.calendarPopup()
    assert due.text() == "" and due.iso() is None and due.lineEdit().text().strip() == ""
    due.setText("22/12/2026")
    assert due.iso() == "2026-12-22" and due.lineEdit().text() == "22/12/2026"
    due.lineEdit().selectAll()
    qtbot.keyClick(due, Qt.Key.Key_Delete)
    assert due.iso() is None
    qtbot.keyClicks(due, "3/1/2027")  # typing into an empty field stores what was typed (never today)
    assert due.iso() == "2027-01-03"
    gaps.dialog.reject()
    session = tour.DIALOGS["new-session"](window)
    assert isinstance(session.date, DateField) and session.date.required


def test_date_columns_show_the_long_form_and_sort_by_date(qtmodeltester):
    model = RowsModel([Column("Due", 1, date=True)])
    model.set_rows([(1, "2026-12-22"), (2, "2026-01-05"), (3, None), (4, "2026-02-01")])
    model.sort(0)
    assert [model.data(model.index(r, 0)) for r in range(4)] == [
        "Mon 5 Jan 2026",
        "Sun 1 Feb 2026",
        "Tue 22 Dec 2026",
        "",
    ]
    assert model.data(model.index(2, 0), Qt.ItemDataRole.ToolTipRole) == "Tue 22 Dec 2026"
    qtmodeltester.check(model, force_py=True)


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "does not support grabbing")
def test_an_empty_date_field_opens_its_calendar_at_today(qtbot):
    from PySide6.QtCore import QPoint

    field = DateField("Due date")
    qtbot.addWidget(field)
    field.resize(160, 26)
    field.show()
    qtbot.waitExposed(field)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(150, 13))  # the arrow
    calendar = field.calendarWidget()
    qtbot.waitUntil(calendar.isVisible, timeout=2000)
    today = clock.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    assert field.iso() is None  # looking is not choosing
    calendar.window().close()
