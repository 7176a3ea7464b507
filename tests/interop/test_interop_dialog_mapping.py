"""The import dialog's column step: the sheet as read, header row, column choices, remembered mapping."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from readiness_app.interop.mapping import load_mapping
from readiness_app.opening import open_register
from readiness_app.paths import resource
from readiness_app.register import sessions

pytestmark = pytest.mark.gui


def _dialog(qtbot, register_path):
    from readiness_app.ui.dialogs.import_dialog import ImportDialog

    dialog = ImportDialog(None, register_path)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("sessions"))
    return dialog


def _open(qtbot, dialog, path) -> None:
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.file.setText(str(path))


def _titles(path) -> list[str]:
    reg = open_register(path, readonly=True)
    try:
        return [s["title"] for s in sessions.list_sessions(reg)]
    finally:
        reg.close()


def _weekly(files, name: str, title: str):
    visit_day = "15/12/2026"  # the demo's first on-site day (built for 23 Nov 2026)
    header = ["When", "Slot", "What", "Where", "Who", "Ref"]
    row = [visit_day, "09:00 - 09:45", title, "Room 1 - Council Chamber", "Harriet Okafor – Team Manager", "A1"]
    rows = [["Week 50 plan"], [], header, row]
    return files.csv(name, rows)


def test_council_workbook_is_shown_as_read_then_imported(qtbot, demo_dir):
    path = demo_dir / "register.sqlite"
    dialog = _dialog(qtbot, path)
    _open(qtbot, dialog, resource("samples", "council-timetable.xlsx"))
    sheets = [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())]
    assert sheets == ["All sheets with a header", "Read me (no header found)", "Day 1", "Day 2", "Day 3",
                      "Lists (hidden)"]  # fmt: skip
    assert dialog.mapper.rows.item(2, 1).text() == "Session"  # the header row, row 3, as shown
    assert "Header on row 3" in dialog.mapper.found.text()
    assert dialog.mapper.field_choice("Venue").currentText() == "Room (found)"
    dialog.check()
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    assert dialog.results.rowCount() == 9
    assert dialog.results.item(0, 0).text() == "Day 1" and dialog.results.item(0, 3).text() == "new"
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.imported, timeout=10_000)
    assert "Director of Adult Social Care" in _titles(path)
    dialog.done(0)


def test_problems_are_highlighted_in_the_rows(qtbot, demo_dir, files):
    bad = files.csv("bad.csv", [["Date", "Time", "Title"], ["15/12/2026", "10:00 - 09:00", "Backwards"]])
    dialog = _dialog(qtbot, demo_dir / "register.sqlite")
    _open(qtbot, dialog, bad)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.results.rowCount() == 1, timeout=10_000)
    assert (
        dialog.results.item(0, 1).text() == "2" and "ends (09:00) before it starts" in dialog.results.item(0, 3).text()
    )
    assert dialog.results.item(0, 3).background().color().name() == "#f8d7da"
    assert not dialog.import_button.isEnabled()
    dialog.done(0)


def test_columns_mapped_by_hand_are_remembered_for_next_weeks_file(qtbot, demo_dir, files, tmp_path, monkeypatch):
    path = demo_dir / "register.sqlite"
    dialog = _dialog(qtbot, path)
    _open(qtbot, dialog, _weekly(files, "week50.csv", "Induction"))
    assert "No header found" in dialog.mapper.found.text()
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        dialog.mapper.header_row.setValue(3)
    for header in ("Slot", "Where", "Who"):  # council words the import knows
        assert dialog.mapper.field_choice(header).currentText().endswith("(found)")
    for header, field in (("When", "date"), ("What", "title"), ("Ref", "ignore")):
        combo = dialog.mapper.field_choice(header)
        with qtbot.waitSignal(dialog.previewed, timeout=10_000):
            combo.setCurrentIndex(combo.findData(field))
    assert "Header on row 3" in dialog.mapper.found.text()
    saved = tmp_path / "weekly.toml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(saved), "")))
    dialog.save_mapping_button.click()
    assert load_mapping("sessions", saved).columns == {"When": "date", "What": "title", "Ref": "ignore"}
    assert load_mapping("sessions", saved).header_row == 3
    dialog.check()
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.imported, timeout=10_000)
    dialog.done(0)
    assert "Induction" in _titles(path)

    again = _dialog(qtbot, path)  # next week: the same columns, so the same choices, with no clicks
    _open(qtbot, again, _weekly(files, "week51.csv", "Follow-up"))
    assert "remembered" in again.status.text()
    assert again.mapper.header_row.value() == 3
    again.check()
    qtbot.waitUntil(again.import_button.isEnabled, timeout=10_000)
    again.run_import()
    qtbot.waitUntil(lambda: again.imported, timeout=10_000)
    assert "Follow-up" in _titles(path)
    again.done(0)


@pytest.mark.parametrize("stored", ["[1, 2]", '{"columns": ["When"]}', '{"header_row": "three"}', "not json"])
def test_a_remembered_mapping_of_the_wrong_shape_is_ignored_with_a_note(qtbot, demo_dir, files, stored):
    from readiness_app.ui.dialogs.import_dialog import app_settings

    path = files.csv("week.csv", [["When", "Slot", "What"], ["15/12/2026", "09:00 - 09:45", "Induction"]])
    dialog = _dialog(qtbot, demo_dir / "register.sqlite")
    app_settings().setValue(dialog._key(["When", "Slot", "What"]), stored)  # as an older release, or a hand, left it
    _open(qtbot, dialog, path)
    assert "were not used" in dialog.status.text() and "choose the columns again" in dialog.status.text()
    dialog.done(0)  # stops its import thread


def test_a_column_the_lead_chose_is_never_labelled_found(qtbot, demo_dir):
    dialog = _dialog(qtbot, demo_dir / "register.sqlite")
    _open(qtbot, dialog, resource("samples", "council-timetable.xlsx"))
    venue = dialog.mapper.field_choice("Venue")
    assert venue.currentText() == "Room (found)"
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):  # the sheet is read again with the choice
        venue.setCurrentIndex(venue.findText("Notes"))
    venue = dialog.mapper.field_choice("Venue")
    assert venue.currentText() == "Notes"
    assert [venue.itemText(i) for i in range(venue.count()) if "(found)" in venue.itemText(i)] == []
    assert dialog.options().columns == {"Venue": "notes"}
    dialog.done(0)
