"""The import dialog sets the date of any sheet, opens at the first problem, and drops stale results."""

from __future__ import annotations

import pytest

from readiness_app.opening import create_register, open_register
from readiness_app.register import assessment, sessions

pytestmark = pytest.mark.gui

HEADER = ["Time", "Session", "Format", "Venue", "Focus", "CQC colleagues", "Attendees"]


def _register(tmp_path):
    (tmp_path / "evidence").mkdir()
    path = tmp_path / "register.sqlite"
    reg = create_register(path, council="Testshire Council", evidence_folder=tmp_path / "evidence")
    assessment.set_visit_days(reg, {"2027-02-09": "onsite", "2027-02-10": "onsite", "2027-02-11": "onsite"})
    reg.close()
    return path


def _rows(title: str, n: int) -> list[list]:
    rows = [[title], [], HEADER]
    return rows + [
        [f"{9 + i}:00 - {9 + i}:45", f"Session {i}", "1:1", "Room 1", "QS1", "Assessor 1", ""] for i in range(n)
    ]


def test_a_sheet_from_last_year_gets_its_date_in_the_dialog(qtbot, tmp_path, files):
    from readiness_app.ui.dialogs.import_dialog import ImportDialog

    register = _register(tmp_path)
    book = files.xlsx(
        "timetable.xlsx", {"Tue 11 Mar": _rows("Timetable 2025", 3), "Wed 10 Feb 2027": _rows("Day 2", 2)}
    )
    dialog = ImportDialog(None, register)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("sessions"))
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.file.setText(str(book))
    dialog.check()
    qtbot.waitUntil(lambda: dialog.results.rowCount() > 0, timeout=10_000)
    assert dialog.details.toPlainText().splitlines()[0] == "Tue 11 Mar: 1 problem"
    assert "the visit is 9-11 Feb 2027; set the date for this sheet" in dialog.results.item(0, 3).text()
    assert dialog.results.currentRow() == 0  # opens at the first problem
    assert not dialog.import_button.isEnabled()

    dialog.sheet.setCurrentIndex(dialog.sheet.findData("Tue 11 Mar"))
    assert dialog.results.rowCount() == 0 and dialog.details.toPlainText() == ""  # stale results gone
    dialog.mapper.date.setText("11/02/2027")
    dialog.mapper.date.editingFinished.emit()
    dialog.sheet.setCurrentIndex(dialog.sheet.findData(None))  # back to every sheet; the date stays with its sheet
    assert dialog.mapper.date.text() == ""
    assert dialog.options().sheet_dates == {"Tue 11 Mar": "2027-02-11"}
    dialog.check()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    report = dialog.details.toPlainText().splitlines()
    assert report[1:3] == [
        "Tue 11 Mar: read 3, created 3, updated 0, unchanged 0, problems 0",
        "Wed 10 Feb 2027: read 2, created 2, updated 0, unchanged 0, problems 0",
    ]
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.imported, timeout=10_000)
    reg = open_register(register, readonly=True)
    try:
        days = sorted(s["date"] for s in sessions.list_sessions(reg))
    finally:
        reg.close()
    assert days == ["2027-02-10"] * 2 + ["2027-02-11"] * 3
    dialog.sheet.setCurrentIndex(dialog.sheet.findData("Tue 11 Mar"))
    assert dialog.mapper.date.text() == "11/02/2027"  # the date set for that sheet shows again
    dialog.done(0)
