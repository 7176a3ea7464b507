"""Two programs, two more forms: the register settings dialog and the information-return answer dialog.

The app (a real window under pytest-qt) holds the dialog open while a real `python main.py ...`
process changes the same record: the dialog says "changed outside", Save writes only what was
changed in it, and when both changed the same thing it asks, keeping what was chosen.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from readiness_app.opening import open_register
from readiness_app.register import information_return as ir
from readiness_app.setup import register_settings
from readiness_app.ui.app import watch_outside_changes

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

ROOT = Path(__file__).resolve().parents[2]


def command_line(*args: str) -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr


def _settings(register: Path) -> dict:
    reg = open_register(register, readonly=True)
    try:
        return register_settings.current(reg)
    finally:
        reg.close()


def _answers(register: Path, number: str) -> list[str]:
    reg = open_register(register, readonly=True)
    try:
        return sorted(a["text"] for a in ir.get_item(reg, ir.item_id(reg, number))["answers"])
    finally:
        reg.close()


def _open_settings(window):
    window.findChild(QAction, "register_settings").trigger()
    return window.settings_dialog


# ---------------------------------------------------------------- the register settings dialog


def test_the_settings_dialog_says_changed_outside_and_saves_only_what_was_changed_in_it(window, qtbot):
    register = window.ctx.register_path
    watcher = watch_outside_changes(window)
    watcher.timer.stop()
    dialog = _open_settings(window)
    assert dialog.changed_line.isHidden()

    command_line("settings", str(register), "--set", "dass=Their Director", "--set", "reminders=Their reminder")
    assert watcher.check()
    assert not dialog.changed_line.isHidden()
    assert dialog.changed_line.text().startswith("Changed outside")
    assert dialog.dass.text() != "Their Director"  # the form still shows what it loaded

    dialog.council.setText("Council changed in the app")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    wait_idle(qtbot, window)
    stored = _settings(register)
    assert stored["council"] == "Council changed in the app"
    assert stored["dass"] == "Their Director" and stored["reminders"] == ["Their reminder"]


def test_the_settings_dialog_asks_when_both_changed_a_setting_and_keeps_the_choice_per_field(window, qtbot):
    register = window.ctx.register_path
    dialog = _open_settings(window)
    dialog.council.setText("My council")
    dialog.dass.setText("My director")
    dialog.reminders.setPlainText("My reminder")
    command_line("settings", str(register), "--set", "council=Their council", "--set", "dass=Their director")

    dialog.save()
    qtbot.waitUntil(lambda: dialog.keep_which is not None and dialog.keep_which.isVisible(), timeout=10_000)
    ask = dialog.keep_which
    assert sorted(ask.clashes) == ["council", "dass"]
    stored = _settings(register)  # nothing written yet
    assert (stored["council"], stored["dass"]) == ("Their council", "Their director")
    assert stored["reminders"] != ["My reminder"]

    ask.show_both.click()
    assert ask.both.isVisible()
    ask.findChild(type(ask.picks["council"].buttons()[0]), "theirs_council").setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        ask.save_choices.click()
    wait_idle(qtbot, window)
    stored = _settings(register)
    assert (stored["council"], stored["dass"], stored["reminders"]) == (
        "Their council",
        "My director",
        ["My reminder"],
    )


def test_keep_theirs_in_the_settings_dialog_writes_nothing_over_their_value(window, qtbot):
    register = window.ctx.register_path
    dialog = _open_settings(window)
    dialog.onsite_days.setValue(dialog.onsite_days.value() + 1)
    command_line("settings", str(register), "--set", "virtual_days=0", "--set", "onsite_days=2", "--force")

    dialog.save()
    qtbot.waitUntil(lambda: dialog.keep_which is not None and dialog.keep_which.isVisible(), timeout=10_000)
    assert dialog.keep_which.clashes == ["onsite_days"]
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.keep_which.keep_theirs.click()
    wait_idle(qtbot, window)
    stored = _settings(register)
    assert (stored["onsite_days"], stored["virtual_days"]) == (2, 0)
    assert dialog.onsite_days.value() == 2


# ---------------------------------------------------------------- the information-return answer dialog


def _answer_dialog(window, row: int = 0):
    page = window.open_page("information_return")
    page.table.selectRow(row)
    number = page.item["number"]
    page.answer()
    return page.answer_dialog, number


def _pick_file(dialog, reference: str) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData("evidence"))
    dialog.search.setText(reference.lower())
    assert dialog.files.count() == 1 and dialog.files.item(0).text().startswith(reference)
    dialog.files.setCurrentRow(0)


def test_an_open_answer_dialog_says_changed_outside_and_keeps_their_answer_of_another_kind(window, qtbot):
    register = window.ctx.register_path
    watcher = watch_outside_changes(window)
    watcher.timer.stop()
    dialog, number = _answer_dialog(window)
    before = _answers(register, number)

    link = "https://www.northmoor.example.gov.uk/their-answer"
    command_line("return", "answer", str(register), number, "--link", link)
    assert watcher.check()
    assert dialog.changed_line.text().startswith("Changed outside")

    _pick_file(dialog, "LAIR-099")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    wait_idle(qtbot, window)
    after = _answers(register, number)
    assert link in after and any(text.startswith("LAIR-099 ") for text in after)
    assert len(after) == len(before) + 2


def test_the_answer_dialog_asks_when_both_answered_with_files_and_keep_theirs_adds_nothing(window, qtbot):
    register = window.ctx.register_path
    dialog, number = _answer_dialog(window)
    _pick_file(dialog, "LAIR-099")
    command_line("return", "answer", str(register), number, "--evidence", "LAIR-098")
    theirs = _answers(register, number)

    dialog.save()
    qtbot.waitUntil(lambda: dialog.keep_which is not None and dialog.keep_which.isVisible(), timeout=10_000)
    assert dialog.keep_which.clashes == ["files"]
    assert _answers(register, number) == theirs  # nothing written yet
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.keep_which.keep_theirs.click()
    wait_idle(qtbot, window)
    assert _answers(register, number) == theirs
    assert not any(text.startswith("LAIR-099 ") for text in theirs)


def test_keep_mine_in_the_answer_dialog_stores_the_files_as_the_form_had_them(window, qtbot):
    register = window.ctx.register_path
    dialog, number = _answer_dialog(window)
    before = _answers(register, number)
    _pick_file(dialog, "LAIR-099")
    command_line("return", "answer", str(register), number, "--evidence", "LAIR-098")

    dialog.save()
    qtbot.waitUntil(lambda: dialog.keep_which is not None and dialog.keep_which.isVisible(), timeout=10_000)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.keep_which.keep_mine.click()
    wait_idle(qtbot, window)
    after = _answers(register, number)
    assert any(text.startswith("LAIR-099 ") for text in after)
    assert not any(text.startswith("LAIR-098 ") for text in after)
    assert len(after) == len(before) + 1


def test_the_answer_dialog_writes_nothing_for_an_item_deleted_meanwhile(window, qtbot):
    register = window.ctx.register_path
    dialog, number = _answer_dialog(window)
    _pick_file(dialog, "LAIR-099")
    child = (
        "import sys\n"
        "from readiness_app.opening import open_register\n"
        "from readiness_app.register import information_return as ir\n"
        "reg = open_register(sys.argv[1], source='cli')\n"
        "ir.delete_item(reg, ir.item_id(reg, sys.argv[2]))\n"
        "reg.close()\n"
    )
    run = subprocess.run([sys.executable, "-c", child, str(register), number], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr

    dialog.save()
    qtbot.waitUntil(lambda: "deleted this item" in dialog.error.text(), timeout=10_000)
    assert dialog.isVisible()
    reg = open_register(register, readonly=True)
    try:
        assert reg.scalar("SELECT COUNT(*) FROM return_item WHERE number = ?", (number,)) == 0
        assert reg.scalar("SELECT COUNT(*) FROM return_answer WHERE item_id NOT IN (SELECT id FROM return_item)") == 0
    finally:
        reg.close()
    dialog.done(0)
