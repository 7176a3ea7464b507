"""Users' words only: no stored key on screen, fields named by their labels, evidence picked by name."""

from __future__ import annotations

import pytest

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.ui import feedback, tour
from readiness_app.ui.wording import say

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_no_page_or_dialog_shows_a_stored_key(window, qtbot):
    keys = tour.raw_keys()
    assert {"in_progress", "one_to_one", "lived_experience", "long_list", "inbox"} <= set(keys)
    problems = []
    for key, _page in tour.pages(window):
        wait_idle(qtbot, window)
        problems += [f"{key} {p}" for p in tour.raw_key_problems(tour.visible_texts(window))]
    for name, dialog in tour.dialogs(window):
        dialog.show()
        problems += [f"{name} {p}" for p in tour.raw_key_problems(tour.visible_texts(dialog))]
        dialog.reject()
    for key in ("requests", "learning", "accuracy", "outcome"):  # a record loaded into the form
        page = window.open_page(key)
        if page.model.rowCount():
            page.table.selectRow(0)
            assert page.form_box.title().startswith("Edit")
        problems += [f"{key} {p}" for p in tour.raw_key_problems(tour.visible_texts(window))]
    assert problems == []


def test_the_key_check_catches_a_stored_key():
    assert tour.raw_key_problems([("a cell", "in_progress"), ("a label", "Kind: one_to_one")]) != []
    assert len(tour.raw_key_problems([("a cell", "inbox"), ("a cell", "Inbox"), ("a label", "3 open gaps")])) == 1


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (ReadinessError("a time is required", field="start"), "Start time is required"),
        (ReadinessError("'9' is not a time (use 09:30 or 9.30am)", field="end"), "End time: '9' is not a time"),
        (ReadinessError("choose where to save the register", field="register file"), "Register file: choose where"),
        (ReadinessError("due date is required", field="due_date"), "Due date is required"),
        (ReadinessError("is empty", field="went_well", row=4), "Row 4: Went well: is empty"),
    ],
)
def test_messages_name_fields_by_label(error, shown):
    assert say(error).startswith(shown)
    assert error.field not in say(error) or error.field[0].isupper()


def test_a_form_message_uses_the_form_label(window, qtbot):
    page = window.open_page("learning")
    page.new_item()
    page.save()
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=5000)
    text = page.error.text()
    assert "went_well" not in text and "to_correct" not in text
    several = ValidationErrors([ReadinessError("a date is required", field="date")], what="import")
    assert "Date is required" in feedback.describe(several)[1]


def test_session_dialog_message_names_the_start_time(window, qtbot):
    dialog = tour.DIALOGS["new-session"](window)
    dialog.title_edit.setText("Carers' forum")
    dialog.date.setText("15/12/2026")
    dialog.save()
    assert dialog.error.text() == "Start time is required"
    dialog.reject()


def test_evidence_is_picked_by_reference_and_title(window, qtbot):
    for key in ("requests", "accuracy"):
        page = window.open_page(key)
        picker = page.widgets["evidence"]
        labels = [picker.list.item(n).text() for n in range(picker.list.count())]
        assert labels and all(label.startswith("LAIR-") for label in labels[:20])
        label = page.form.labelForField(picker).text()
        assert "id" not in label.replace("&", "").lower().split()
