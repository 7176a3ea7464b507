"""Two programs on one register: the app (a real window) and a real second process writing the same record.

Nothing either of them saved is lost: undo and redo put back only their own columns and refuse, in
one line, when another program changed them since; an open dialog and an inline form write only the
fields changed in them and ask which to keep when both sides changed the same field; a drag on the
timetable does the same; and the open app says "changed outside".

The second program is `python main.py ...` where the command line has a command for the record
(`learning update`); for gaps and sessions, which it cannot edit yet, a `python -c` child that
writes through the register's own functions, as a command would.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from readiness_app.opening import open_register
from readiness_app.ui.app import watch_outside_changes

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"

OTHER = """
import sys
from readiness_app.opening import open_register
from readiness_app.register import cases, evidence, gaps, self_assessment, sessions

path, what, record_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
reg = open_register(path, source="cli")
fields = dict(pair.split("=", 1) for pair in sys.argv[4:])
if what == "gap":
    gaps.update(reg, record_id, **fields)
elif what == "gap-delete":
    with reg.transaction():
        reg.conn.execute("DELETE FROM gap WHERE id = ?", (record_id,))
elif what == "qs":
    self_assessment.update(reg, "QS%d" % record_id, **fields)
elif what == "evidence":
    evidence.update_details(reg, record_id, **fields)
elif what == "case":
    cases.update(reg, record_id, **fields)
elif what == "session":
    if "room_id" in fields:
        fields["room_id"] = int(fields["room_id"])
    sessions.update(reg, record_id, **fields)
reg.close()
print("written")
"""


def other_program(register: Path, what: str, record_id: int, **fields: str) -> None:
    """Another program on the same register file: a separate Python process writing through SQLite."""
    run = subprocess.run(
        [sys.executable, "-c", OTHER, str(register), what, str(record_id), *(f"{k}={v}" for k, v in fields.items())],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert run.returncode == 0 and run.stdout.strip() == "written", run.stderr


def command_line(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(MAIN), *args], capture_output=True, text=True, timeout=120, cwd=ROOT)


def _row(register: Path, sql: str, params=()) -> tuple:
    reg = open_register(register, readonly=True)
    try:
        return tuple(reg.query(sql, params)[0])
    finally:
        reg.close()


def _select(page, record_id) -> None:
    from PySide6.QtCore import QItemSelectionModel

    selection = page.table.selectionModel()
    selection.clearSelection()
    row = page.model.row_of_id(record_id)
    assert row >= 0
    selection.select(
        page.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    )


def _edit_gap_owner(window, qtbot, gap_id: int, owner: str) -> None:
    page = window.open_page("gaps")
    _select(page, gap_id)
    page.edit_selected()
    page.dialog.owner.setText(owner)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.dialog.save()
    wait_idle(qtbot, window)


def _undo_or_redo(window, qtbot, name: str) -> list[str]:
    """Edit > Undo or Redo; returns the status-bar messages it gave."""
    said: list[str] = []
    window.ctx.notice.connect(said.append)
    action = window.findChild(QAction, name)
    assert action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    wait_idle(qtbot, window)
    window.ctx.notice.disconnect(said.append)
    return said


@pytest.fixture
def register(window) -> Path:
    return window.ctx.register_path


@pytest.fixture
def gap(register) -> dict:
    gap_id, owner, description = _row(register, "SELECT id, owner, description FROM gap ORDER BY id LIMIT 1")
    return {"id": gap_id, "owner": owner, "description": description}


def _gap(register: Path, gap_id: int) -> tuple:
    return _row(register, "SELECT owner, description FROM gap WHERE id = ?", (gap_id,))


# ---------------------------------------------------------------- undo and redo


def test_undo_keeps_what_another_program_changed_in_other_fields(window, qtbot, register, gap):
    _edit_gap_owner(window, qtbot, gap["id"], "App owner")
    other_program(register, "gap", gap["id"], description="Written by the other program")

    said = _undo_or_redo(window, qtbot, "undo")

    assert _gap(register, gap["id"]) == (gap["owner"], "Written by the other program")
    assert said == ["Undone: Edit gap"]


def test_undo_of_a_field_changed_since_is_refused_in_one_line_and_leaves_the_history(window, qtbot, register, gap):
    stack = window.ctx.undo_stack
    _edit_gap_owner(window, qtbot, gap["id"], "App owner")
    assert stack.count() == 1
    other_program(register, "gap", gap["id"], owner="Their owner")

    said = _undo_or_redo(window, qtbot, "undo")

    assert said == ["Someone changed this gap since; undo skipped"]
    assert _gap(register, gap["id"])[0] == "Their owner"
    assert stack.count() == 0 and not window.findChild(QAction, "redo").isEnabled()
    assert "Undone" not in window.statusBar().currentMessage()


def test_undo_of_an_edit_to_a_record_deleted_elsewhere_never_says_undone(window, qtbot, register, gap):
    _edit_gap_owner(window, qtbot, gap["id"], "App owner")
    other_program(register, "gap-delete", gap["id"])

    said = _undo_or_redo(window, qtbot, "undo")

    assert said == ["Someone deleted this gap since; undo skipped"]
    assert not any(s.startswith("Undone") for s in said)
    assert _row(register, "SELECT COUNT(*) FROM gap WHERE id = ?", (gap["id"],)) == (0,)
    assert window.ctx.undo_stack.count() == 0


def test_redo_of_a_field_changed_since_is_refused_the_same_way(window, qtbot, register, gap):
    _edit_gap_owner(window, qtbot, gap["id"], "App owner")
    assert _undo_or_redo(window, qtbot, "undo") == ["Undone: Edit gap"]
    other_program(register, "gap", gap["id"], owner="Their owner")

    said = _undo_or_redo(window, qtbot, "redo")

    assert said == ["Someone changed this gap since; redo skipped"]
    assert _gap(register, gap["id"])[0] == "Their owner"
    assert window.ctx.undo_stack.count() == 0


def test_the_undo_history_marks_what_another_program_made_impossible(window, qtbot, register, gap):
    watcher = watch_outside_changes(window)
    watcher.timer.stop()  # checked by hand below
    _edit_gap_owner(window, qtbot, gap["id"], "App owner")
    undo = window.findChild(QAction, "undo")
    assert undo.text().replace("&", "") == "Undo Edit gap"
    other_program(register, "gap", gap["id"], owner="Their owner")

    assert watcher.check()
    qtbot.waitUntil(lambda: "(changed outside)" in undo.text(), timeout=10_000)
    assert undo.text().replace("&", "") == "Undo Edit gap (changed outside)"


# ---------------------------------------------------------------- an open dialog


@pytest.fixture
def session_id(register) -> int:
    return _row(register, "SELECT id FROM session WHERE room_id IS NOT NULL ORDER BY id LIMIT 1")[0]


def _session(register: Path, session_id: int) -> tuple:
    return _row(register, "SELECT title, notes, room_id FROM session WHERE id = ?", (session_id,))


def _other_room(register: Path, room_id: int) -> int:
    return _row(register, "SELECT id FROM room WHERE id != ? ORDER BY id LIMIT 1", (room_id,))[0]


def test_an_open_session_dialog_says_changed_outside_and_saves_only_its_own_field(window, qtbot, register, session_id):
    watcher = watch_outside_changes(window)
    watcher.timer.stop()
    page = window.open_page("interviews")
    page.edit(session_id)
    dialog = page.dialog
    title, _notes, room = _session(register, session_id)
    new_room = _other_room(register, room)

    other_program(register, "session", session_id, notes="Notes from the other program", room_id=str(new_room))
    assert watcher.check()
    assert not dialog.changed_line.isHidden()
    assert dialog.changed_line.text().startswith("Changed outside")

    dialog.title_edit.setText("Retitled in the app")
    dialog.confirmed_conflicts = dialog.check_conflicts()  # as if "Save anyway" was shown for a clash
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        dialog.save()
    assert _session(register, session_id) == ("Retitled in the app", "Notes from the other program", new_room)
    assert title != "Retitled in the app"


def test_a_dialog_whose_field_was_changed_outside_asks_and_keeps_what_was_chosen(window, qtbot, register, session_id):
    page = window.open_page("interviews")
    page.edit(session_id)
    dialog = page.dialog
    other_program(register, "session", session_id, notes="Their notes", title="Their title")

    dialog.notes.setPlainText("My notes")
    dialog.title_edit.setText("My title")
    dialog.confirmed_conflicts = dialog.check_conflicts()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.keep_which is not None and dialog.keep_which.isVisible(), timeout=10_000)
    ask = dialog.keep_which
    assert sorted(ask.clashes) == ["notes", "title"]
    assert _session(register, session_id)[:2] == ("Their title", "Their notes")  # nothing written yet

    ask.show_both.click()  # field by field: their title, my notes
    assert ask.both.isVisible()
    ask.findChild(type(ask.picks["title"].buttons()[0]), "theirs_title").setChecked(True)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        ask.save_choices.click()
    wait_idle(qtbot, window)
    assert _session(register, session_id)[:2] == ("Their title", "My notes")


# ---------------------------------------------------------------- an inline form beside a list


@pytest.fixture
def entry(register) -> int:
    from readiness_app.register import learning

    reg = open_register(register, source="app")
    try:
        return learning.create(reg, date="2026-12-15", went_well="Went well at first", correct_by="")
    finally:
        reg.close()


def test_an_inline_form_keeps_the_typing_says_changed_outside_and_writes_only_its_field(window, qtbot, register, entry):
    watcher = watch_outside_changes(window)
    watcher.timer.stop()
    page = window.open_page("learning")
    page.refresh()
    _select(page, entry)
    assert page.current_id == entry
    page.widgets["themes"].setText("Typed in the app")

    run = command_line("learning", "update", str(register), str(entry), "--went-well", "Said by the command line")
    assert run.returncode == 0, run.stderr
    assert watcher.check()  # the page refreshes; the typing stays, and the form says why
    assert page.widgets["themes"].text() == "Typed in the app"
    assert page.changed_line.text().startswith("Changed outside")

    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.save()
    wait_idle(qtbot, window)
    assert _row(register, "SELECT went_well, themes FROM learning_entry WHERE id = ?", (entry,)) == (
        "Said by the command line",
        "Typed in the app",
    )


def test_an_inline_form_asks_when_both_changed_the_same_field_and_can_keep_theirs(window, qtbot, register, entry):
    page = window.open_page("learning")
    page.refresh()
    _select(page, entry)
    page.widgets["went_well"].setPlainText("Mine")
    run = command_line("learning", "update", str(register), str(entry), "--went-well", "Theirs")
    assert run.returncode == 0, run.stderr

    page.save()
    qtbot.waitUntil(lambda: page.keep_which is not None and page.keep_which.isVisible(), timeout=10_000)
    page.keep_which.keep_theirs.click()
    wait_idle(qtbot, window)
    assert _row(register, "SELECT went_well FROM learning_entry WHERE id = ?", (entry,)) == ("Theirs",)
    assert page.widgets["went_well"].toPlainText() == "Theirs"


def test_the_case_side_panel_writes_only_its_field_and_asks_on_a_clash(window, qtbot, register):
    case_id, shared = _row(register, "SELECT id, records_shared_date FROM tracked_case ORDER BY id LIMIT 1")
    page = window.open_page("cases")
    _select(page, case_id)
    assert page.current_id == case_id
    page.notes.setPlainText("Typed in the app")
    theirs = "2026-11-19" if shared == "2026-11-20" else "2026-11-20"  # a value the panel did not load
    other_program(register, "case", case_id, records_shared_date=theirs)

    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.save()
    wait_idle(qtbot, window)
    assert _row(register, "SELECT notes, records_shared_date FROM tracked_case WHERE id = ?", (case_id,)) == (
        "Typed in the app",
        theirs,
    )

    page.notes.setPlainText("Mine again")
    other_program(register, "case", case_id, notes="Theirs now")
    page.save()
    qtbot.waitUntil(lambda: page.keep_which is not None and page.keep_which.isVisible(), timeout=10_000)
    assert page.keep_which.clashes == ["notes"]
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.keep_which.keep_mine.click()
    wait_idle(qtbot, window)
    assert _row(register, "SELECT notes, records_shared_date FROM tracked_case WHERE id = ?", (case_id,)) == (
        "Mine again",
        theirs,
    )


def test_the_evidence_details_panel_asks_on_a_clash_and_never_writes_back_what_it_did_not_change(
    window, qtbot, register
):
    page = window.open_page("evidence")
    qtbot.waitUntil(lambda: page.model.total > 0, timeout=5000)
    (item_id,) = _row(register, "SELECT id FROM evidence WHERE presence = 'present' ORDER BY id LIMIT 1")
    page.apply_filters()
    page.table.clearSelection()
    page.table.selectRow(page.model.row_of_id(item_id))
    details = page.details
    assert details.item_id == item_id
    details.owner.setText("My owner")
    other_program(register, "evidence", item_id, owner="Their owner", notes="Their notes")

    details.save()
    qtbot.waitUntil(lambda: details.keep_which is not None and details.keep_which.isVisible(), timeout=10_000)
    assert details.keep_which.clashes == ["owner"]
    details.keep_which.keep_theirs.click()
    wait_idle(qtbot, window)
    stored = _row(register, "SELECT owner, notes FROM evidence WHERE id = ?", (item_id,))
    assert stored == ("Their owner", "Their notes")
    assert details.owner.text() == "Their owner"


def test_the_quality_statement_form_does_not_overwrite_an_owner_set_elsewhere(window, qtbot, register):
    page = window.open_page("quality")
    page._select("QS1")
    other_program(register, "qs", 1, owner="Their owner", strengths="Their strengths")
    page.owner.setText("My owner")
    page.owner.editingFinished.emit()
    qtbot.waitUntil(lambda: page.keep_which is not None and page.keep_which.isVisible(), timeout=10_000)
    assert _row(register, "SELECT owner, strengths FROM self_assessment WHERE qs = 'QS1'") == (
        "Their owner",
        "Their strengths",
    )
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.keep_which.keep_mine.click()
    wait_idle(qtbot, window)
    assert _row(register, "SELECT owner, strengths FROM self_assessment WHERE qs = 'QS1'") == (
        "My owner",
        "Their strengths",
    )


# ---------------------------------------------------------------- drag on the timetable


def test_a_drag_on_the_timetable_does_not_undo_a_move_made_elsewhere(window, qtbot, register, demo_dir):
    from .test_gui_timetable import DAY, _drag

    reg = open_register(register, source="app")
    try:
        from readiness_app.register import sessions

        moved = sessions.create(reg, date=DAY, start="07:00", end="07:30", title="Early one", room_id=1)
    finally:
        reg.close()
    page = window.open_page("interviews")
    page.view_choice.setCurrentIndex(page.view_choice.findData("timetable"))
    page.day.setCurrentIndex(page.day.findData(DAY))
    grid = page.timetable
    grid.scrollToTop()
    assert grid.session_at(0, 0) == moved

    other_program(register, "session", moved, start="10:00", end="10:30")  # the screen still shows 07:00
    _drag(grid, (0, 0), (2, 1))
    qtbot.waitUntil(lambda: getattr(page, "keep_which", None) is not None and page.keep_which.isVisible())
    assert page.keep_which.clashes == ["start", "end"]
    assert _row(register, "SELECT start, end, room_id FROM session WHERE id = ?", (moved,)) == ("10:00", "10:30", 1)
    page.keep_which.keep_theirs.click()
    wait_idle(qtbot, window)
    assert _row(register, "SELECT start, end, room_id FROM session WHERE id = ?", (moved,)) == ("10:00", "10:30", 1)


# ---------------------------------------------------------------- a backup copied over the open register


def test_the_app_says_at_once_when_its_register_file_is_replaced_and_writes_nothing_more(window, qtbot, register):
    import os
    import shutil

    from readiness_app.errors import RegisterReplaced
    from readiness_app.register import cases
    from readiness_app.ui import feedback

    watcher = watch_outside_changes(window)
    watcher.timer.stop()
    backup = register.with_name("backup-copy.sqlite")
    reg = open_register(register, readonly=True)
    try:
        reg.conn.execute(f"VACUUM INTO '{backup}'")  # a good copy, as a backup would be
    finally:
        reg.close()
    incoming = register.with_name("incoming.sqlite")
    shutil.copy2(backup, incoming)
    os.replace(incoming, register)  # a file manager's copy over the open register

    watcher.check()
    assert "register.sqlite was replaced by another file" in feedback.shown[-1]
    errors: list[BaseException] = []
    window.ctx.write(lambda r: cases.create(r, "AFTER-COPY"), "adding a case", on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], RegisterReplaced)
    assert _row(register, "SELECT COUNT(*) FROM tracked_case WHERE code = 'AFTER-COPY'") == (0,)


@pytest.mark.skipif(sys.platform == "win32", reason="uses the cp command")
def test_the_app_says_at_once_when_a_backup_is_copied_over_its_register_in_place(window, qtbot, register):
    from readiness_app.errors import RegisterReplaced
    from readiness_app.register import cases
    from readiness_app.ui import feedback

    watcher = watch_outside_changes(window)
    watcher.timer.stop()
    backup = register.with_name("backup-copy.sqlite")
    script = "import sqlite3, sys; s, t = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2]); s.backup(t)"
    subprocess.run([sys.executable, "-c", script, str(register), str(backup)], check=True, timeout=60)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        window.ctx.write(lambda r: cases.create(r, "AFTER-BACKUP"), "adding a case")
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.ctx.writer.register.file_up_to_date, timeout=10_000)  # the write is in the file
    said = len(feedback.shown)
    watcher.check()  # the app's own write, through to the file, is no copy
    assert not any("replaced" in message for message in feedback.shown[said:])

    inode = register.stat().st_ino
    subprocess.run(["cp", str(backup), str(register)], check=True, timeout=60)  # the same file, the copy's bytes
    assert register.stat().st_ino == inode
    watcher.check()
    assert "register.sqlite was replaced by another file" in feedback.shown[-1]
    errors: list[BaseException] = []
    window.ctx.write(lambda r: cases.create(r, "AFTER-COPY"), "adding a case", on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], RegisterReplaced)
    assert _row(register, "SELECT COUNT(*) FROM tracked_case WHERE code = 'AFTER-COPY'") == (0,)
