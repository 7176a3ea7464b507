"""The import dialog: check (dry run) first, import second, problems shown by row."""

from __future__ import annotations

import pytest

from readiness_app.opening import open_register
from readiness_app.paths import resource

pytestmark = pytest.mark.gui


def _dialog(qtbot, register_path):
    from readiness_app.ui.dialogs.import_dialog import ImportDialog

    dialog = ImportDialog(None, register_path)
    qtbot.addWidget(dialog)
    return dialog


def _count(path, table):
    reg = open_register(path, readonly=True)
    try:
        return reg.scalar(f"SELECT COUNT(*) FROM {table}")
    finally:
        reg.close()


def test_check_then_import(qtbot, demo_dir):
    path = demo_dir / "register.sqlite"
    before = _count(path, "tracked_case")
    dialog = _dialog(qtbot, path)
    dialog.kind.setCurrentIndex(dialog.kind.findData("cases"))
    dialog.file.setText(str(resource("samples", "cases.csv")))
    dialog.check()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    assert "would create 10" in dialog.details.toPlainText()
    assert _count(path, "tracked_case") == before  # the check wrote nothing
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.imported, timeout=10_000)
    assert _count(path, "tracked_case") == before + 10
    assert dialog.status.text() == "Imported."
    dialog.done(0)


def test_problems_are_listed_and_import_stays_off(qtbot, demo_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Case code,Stage\nNM-900,Sideways\n", encoding="utf-8")
    dialog = _dialog(qtbot, demo_dir / "register.sqlite")
    dialog.file.setText(str(bad))
    dialog.check()
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=10_000)
    assert "1 problem" in dialog.status.text()
    assert "row 2: Stage: 'Sideways'" in dialog.details.toPlainText()
    assert not dialog.import_button.isEnabled()
    dialog.done(0)


def test_changing_the_file_needs_a_new_check(qtbot, demo_dir):
    dialog = _dialog(qtbot, demo_dir / "register.sqlite")
    dialog.file.setText(str(resource("samples", "cases.csv")))
    dialog.check()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    dialog.file.setText(str(resource("samples", "people.csv")))
    assert not dialog.import_button.isEnabled()
    dialog.done(0)


def test_a_case_list_with_personal_data_is_refused_until_the_box_is_ticked(qtbot, demo_dir, tmp_path):
    path = demo_dir / "register.sqlite"
    before = _count(path, "tracked_case")
    listing = tmp_path / "cases.csv"
    listing.write_text("Case code,Team,Notes\nZZ-901,North,NHS 943 476 5919\nZZ-902,South,\n", encoding="utf-8")
    dialog = _dialog(qtbot, path)
    dialog.kind.setCurrentIndex(dialog.kind.findData("cases"))
    assert not dialog.allow_personal_data.isHidden() and not dialog.allow_personal_data.isChecked()
    dialog.file.setText(str(listing))
    dialog.check()
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled(), timeout=10_000)
    shown = dialog.details.toPlainText()
    assert "row 2: Notes: looks like it holds an NHS number" in shown and "943 476 5919" not in shown
    assert not dialog.import_button.isEnabled()

    dialog.allow_personal_data.setChecked(True)  # the lead confirms: check again, then import
    dialog.check()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    dialog.allow_personal_data.setChecked(False)  # a changed choice needs a new check
    assert not dialog.import_button.isEnabled()
    dialog.allow_personal_data.setChecked(True)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.imported, timeout=10_000)
    assert _count(path, "tracked_case") == before + 2
    dialog.kind.setCurrentIndex(dialog.kind.findData("people"))
    assert dialog.allow_personal_data.isHidden()  # only a case list is refused
    dialog.done(0)
