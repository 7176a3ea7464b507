"""The command line does what the window does: for gaps, sessions and people, every action the
window offers has a command, and both go through the same operation to the same result."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QPushButton

from readiness_app.cli import build_parser, main
from readiness_app.opening import open_register
from readiness_app.operations import gaps as gap_operations
from readiness_app.operations import people as people_operations
from readiness_app.operations import sessions as session_operations
from readiness_app.ui.widgets import set_combo

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

# Each button of the page -> the command that does the same. Moving a session in the day
# timetable (drag, Ctrl+arrows) is `session edit --date/--start/--end/--room`.
WINDOW_ACTIONS = {
    "gaps": {"New gap": "gap add", "Edit": "gap edit", "Close with evidence...": "gap close"},
    "interviews": {
        "New session": "session add",
        "Edit session": "session edit",
        "Delete session": "session remove",
        "Debrief": "learning add",  # opens the learning log with an entry for the session: `--session ID`
    },
    "people": {"New person": "person add"},
}


def _commands() -> set[str]:
    parser = build_parser()
    found = set()
    for word, sub in parser._subparsers._group_actions[0].choices.items():
        actions = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
        found |= {f"{word} {action}" for a in actions for action in a.choices} or {word}
    return found


def test_every_window_action_on_gaps_sessions_and_people_has_its_command(window, qtbot):
    wait_idle(qtbot, window)
    commands = _commands()
    for key, actions in WINDOW_ACTIONS.items():
        page = window.open_page(key)
        buttons = {b.text().replace("&", "") for b in page.findChildren(QPushButton) if b.text()}
        buttons -= {"List", "Day timetable"}  # views, not actions
        offered = {b for b in buttons if b in actions or not b.startswith(("Show", "Clear"))}
        assert offered <= set(actions), f"{key}: a window action with no command: {offered - set(actions)}"
        assert {c for c in actions.values() if c not in commands} == set()
    for group in ("gap", "session", "person"):
        assert {f"{group} {a}" for a in ("add", "list", "edit", "remove")} <= commands


@pytest.fixture
def second_copy(demo_dir, tmp_path):
    """The same demo register for the command line, copied before the window opens it."""
    copy = tmp_path / "for the command line"
    copy.mkdir()
    shutil.copy(demo_dir / "register.sqlite", copy / "register.sqlite")
    return copy / "register.sqlite"


@pytest.fixture
def calls(monkeypatch):
    """Which operation each side ran (the operation itself runs as usual)."""
    seen: list[str] = []
    for label, module in (("gaps", gap_operations), ("people", people_operations), ("sessions", session_operations)):
        for name in ("add", "edit", "remove", "close", "move"):
            original = getattr(module, name, None)
            if original is None:
                continue

            def spy(*args, _original=original, _name=f"{label}.{name}", **kwargs):
                seen.append(_name)
                return _original(*args, **kwargs)

            monkeypatch.setattr(module, name, spy)
    return seen


def _newest(path, table: str) -> dict:
    reg = open_register(path, readonly=True)
    try:
        row = dict(reg.query(f"SELECT * FROM {table} ORDER BY id DESC LIMIT 1")[0])
    finally:
        reg.close()
    row.pop("id")
    return row


def test_a_gap_added_in_the_window_and_on_the_command_line_is_the_same(window, qtbot, demo_dir, second_copy, calls):
    page = window.open_page("gaps")
    page.new_item()
    dialog = page.dialog
    set_combo(dialog.qs, "QS4")
    set_combo(dialog.severity, "high")
    dialog.description_edit.setPlainText("No audit of waiting times")
    dialog.owner.setText("Head of Quality")
    dialog.due.setText("18/12/2026")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved_result is not None, timeout=5000)
    wait_idle(qtbot, window)
    args = ["--qs", "QS4", "--severity", "high", "--description", "No audit of waiting times"]
    assert main(["gap", "add", str(second_copy), *args, "--owner", "Head of Quality", "--due", "18/12/2026"]) == 0
    assert calls == ["gaps.add", "gaps.add"]
    assert _newest(demo_dir / "register.sqlite", "gap") == _newest(second_copy, "gap")


def test_a_person_added_in_the_window_and_on_the_command_line_is_the_same(window, qtbot, demo_dir, second_copy, calls):
    page = window.open_page("people")
    page.new_item()
    dialog = page.dialog
    dialog.name.setText("Sam Rivers")
    dialog.role.setText("Occupational Therapist")
    dialog.team.setText("Hospital discharge")
    set_combo(dialog.kind, "staff")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved_result is not None, timeout=5000)
    wait_idle(qtbot, window)
    role, team = "Occupational Therapist", "Hospital discharge"
    assert (
        main(["person", "add", str(second_copy), "Sam Rivers", "--role", role, "--team", team, "--kind", "staff"]) == 0
    )
    assert calls == ["people.add", "people.add"]
    assert _newest(demo_dir / "register.sqlite", "person") == _newest(second_copy, "person")


def test_a_session_moved_in_the_timetable_and_edited_on_the_command_line_is_the_same(
    window, qtbot, demo_dir, second_copy, calls
):
    page = window.open_page("interviews")
    wait_idle(qtbot, window)
    session = page.sessions[0]
    page._move(session["id"], {"start": "16:00", "end": "16:45"}, "16:00")
    wait_idle(qtbot, window)
    assert main(["session", "edit", str(second_copy), str(session["id"]), "--start", "16:00", "--end", "16:45"]) == 0
    assert calls == ["sessions.move", "sessions.edit"]  # a move is an edit of when and where
    reg_window, reg_cli = open_register(demo_dir / "register.sqlite", readonly=True), open_register(second_copy)
    try:
        query = "SELECT date, start, end, room_id, title FROM session WHERE id = ?"
        assert tuple(reg_window.query(query, (session["id"],))[0]) == tuple(reg_cli.query(query, (session["id"],))[0])
    finally:
        reg_window.close()
        reg_cli.close()
