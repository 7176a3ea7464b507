"""Changing the plan through the window: every change lands in the register and its audit trail."""

from __future__ import annotations

import pytest

from readiness_app.opening import open_register
from readiness_app.register import cases, sessions

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _read(demo_dir):
    return open_register(demo_dir / "register.sqlite", readonly=True)


def test_conflicting_session_is_explained_before_saving(window, qtbot, demo_dir):
    reg = _read(demo_dir)
    first = sessions.list_sessions(reg, include_cancelled=False)[0]
    person = first["people"][0]
    before = reg.scalar("SELECT COUNT(*) FROM session")
    reg.close()

    page = window.open_page("interviews")
    page.new_item()
    dialog = page.dialog
    dialog.title_edit.setText("Extra conversation")
    y, m, d = first["date"].split("-")
    dialog.date.setText(f"{d}/{m}/{y}")
    dialog.start.setText(first["start"])
    dialog.end.setText(first["end"])
    dialog.people.set_checked([person["id"]])
    messages = dialog.check_conflicts()
    assert any(person["name"] in m and f"{first['start']}-{first['end']} {first['title']}" in m for m in messages)
    assert dialog.conflicts.isVisible()

    dialog.save()  # first Save only explains
    assert dialog.isVisible()
    assert "Save anyway" in dialog.buttons.button(dialog.buttons.StandardButton.Save).text()
    wait_idle(qtbot, window)
    reg = _read(demo_dir)
    assert reg.scalar("SELECT COUNT(*) FROM session") == before
    reg.close()

    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        dialog.save()  # saving anyway keeps the plan as the lead wants it
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    reg = _read(demo_dir)
    new_id = reg.scalar("SELECT id FROM session WHERE title = 'Extra conversation'")
    assert new_id is not None
    assert (
        reg.scalar("SELECT source FROM audit WHERE record_table = 'session' AND record_id = ?", (str(new_id),)) == "app"
    )
    reg.close()
    row = page.model.row_of_id(new_id)
    assert row >= 0 and page.model.row_at(row)[14]  # highlighted as double-booked
    assert page.model.row_at(row)[5] == "⚠ Extra conversation"  # and marked by more than colour
    wait_idle(qtbot, window)


def test_moving_a_session_rechecks_conflicts(window, qtbot, demo_dir):
    reg = _read(demo_dir)
    rows = sessions.list_sessions(reg, include_cancelled=False)
    reg.close()
    a = rows[0]
    b = next(s for s in rows if s["date"] == a["date"] and s["start"] != a["start"] and s["room_id"] == a["room_id"])
    page = window.open_page("interviews")
    page.edit(b["id"])
    dialog = page.dialog
    room = f"{a['room']} is already booked"
    assert not [m for m in dialog.check_conflicts() if room in m]
    dialog.start.setText(a["start"])
    dialog.end.setText(a["end"])
    assert any(m.startswith(room) or m.startswith(f"room {room}") for m in dialog.check_conflicts())
    dialog.reject()
    wait_idle(qtbot, window)


def test_session_dialog_shows_bad_time_beside_the_form(window, qtbot):
    page = window.open_page("interviews")
    page.new_item()
    dialog = page.dialog
    dialog.title_edit.setText("Bad times")
    dialog.date.setText("15/12/2026")
    dialog.start.setText("11:00")
    dialog.end.setText("10:00")
    dialog.save()
    assert dialog.error.isVisible() and "before it starts" in dialog.error.text()
    dialog.reject()
    wait_idle(qtbot, window)


def test_case_moves_through_the_pipeline(window, qtbot, demo_dir):
    page = window.open_page("cases")
    page.set_stage("long_list")
    case_id = page.model.id_at(0)
    page.table.selectRow(0)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.next_stage()
    reg = _read(demo_dir)
    assert cases.get(reg, case_id)["stage"] == "shortlisted"
    reg.close()

    page.set_stage(None)
    page.table.selectRow(page.model.row_of_id(case_id))
    assert page.current_id == case_id
    page.consent.setCurrentIndex(page.consent.findData("requested"))
    page.consent_date.setText("20/11/2026")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.save()
    reg = _read(demo_dir)
    saved = cases.get(reg, case_id)
    reg.close()
    assert (saved["consent"], saved["consent_date"]) == ("requested", "2026-11-20")
    wait_idle(qtbot, window)


def test_new_case_refuses_a_name(window, qtbot, demo_dir):
    page = window.open_page("cases")
    page.new_item()
    page.dialog.code.setText("Jane Smith")
    page.dialog.save()
    assert "not a coded reference" in page.dialog.error.text()
    page.dialog.code.setText("NM-999")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.dialog.save()
    reg = _read(demo_dir)
    assert cases.find_by_code(reg, "NM-999") is not None
    reg.close()
    wait_idle(qtbot, window)


def test_self_assessment_edit_saves_and_undoes(window, qtbot, demo_dir):
    page = window.open_page("quality")
    page._select("QS3")
    page.owner.setText("Assurance lead")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.owner.editingFinished.emit()
    reg = _read(demo_dir)
    assert reg.scalar("SELECT owner FROM self_assessment WHERE qs = 'QS3'") == "Assurance lead"
    reg.close()
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        window.findChild(type(window.actions()[0]), "undo").trigger()
    reg = _read(demo_dir)
    assert reg.scalar("SELECT owner FROM self_assessment WHERE qs = 'QS3'") != "Assurance lead"
    reg.close()
    wait_idle(qtbot, window)


def test_gap_created_and_closed_with_evidence(window, qtbot, demo_dir):
    page = window.open_page("gaps")
    page.new_item()
    dialog = page.dialog
    dialog.qs.setCurrentIndex(dialog.qs.findData("QS2"))
    dialog.description_edit.setPlainText("No carers' survey results since 2024")
    dialog.severity.setCurrentIndex(dialog.severity.findData("high"))
    assert dialog.due.calendarPopup() and dialog.due.text() == ""  # a picker, empty until a date is chosen
    dialog.due.setText("04/12/2026")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        dialog.save()
    reg = _read(demo_dir)
    gap = dict(reg.query("SELECT * FROM gap WHERE description LIKE 'No carers%'")[0])
    reg.close()
    assert (gap["qs"], gap["severity"], gap["due_date"]) == ("QS2", "high", "2026-12-04")

    page.table.selectRow(page.model.row_of_id(gap["id"]))
    page.close_selected()
    close = page.dialog
    close.list.setCurrentRow(1)
    evidence_id = close.list.currentItem().data(256)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        close.save()
    reg = _read(demo_dir)
    assert tuple(reg.query("SELECT status, closed_by FROM gap WHERE id = ?", (gap["id"],))[0]) == (
        "closed",
        evidence_id,
    )
    reg.close()
    wait_idle(qtbot, window)


def test_case_notes_that_look_like_an_nhs_number_are_warned_about_before_saving(window, qtbot, demo_dir):
    page = window.open_page("cases")
    case_id = page.model.id_at(0)
    page.table.selectRow(0)
    assert page.current_id == case_id
    page.notes.setPlainText("GP letter quotes 943 476 5919")
    page.save()  # first Save only warns: nothing is queued
    assert "NHS number" in page.error.text() and page.error.isVisible()
    assert all(r.pending == 0 for r in window.ctx.runners())
    reg = _read(demo_dir)
    assert "943" not in cases.get(reg, case_id)["notes"]
    reg.close()
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.save()  # the lead has seen the warning and keeps it
    reg = _read(demo_dir)
    assert cases.get(reg, case_id)["notes"] == "GP letter quotes 943 476 5919"
    reg.close()
    wait_idle(qtbot, window)


def test_new_case_with_a_number_like_an_nhs_number_needs_a_second_save(window, qtbot, demo_dir):
    page = window.open_page("cases")
    page.new_item()
    page.dialog.code.setText("9434765919")
    page.dialog.save()
    assert "NHS number" in page.dialog.error.text()
    reg = _read(demo_dir)
    assert cases.find_by_code(reg, "9434765919") is None
    reg.close()
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.dialog.save()
    reg = _read(demo_dir)
    assert cases.find_by_code(reg, "9434765919") is not None
    reg.close()
    wait_idle(qtbot, window)


def test_the_open_app_checks_hourly_for_the_daily_backup(window, qtbot, demo_dir):
    from PySide6.QtCore import QTimer

    from readiness_app.safety import backup
    from readiness_app.ui.app import BACKUP_CHECK_MS

    path = demo_dir / "register.sqlite"
    qtbot.waitUntil(lambda: window.findChild(QTimer, "daily_backup_timer") is not None, timeout=5000)
    timer = window.findChild(QTimer, "daily_backup_timer")
    assert timer.isActive() and timer.interval() == BACKUP_CHECK_MS
    qtbot.waitUntil(lambda: len(backup.list_backups(path)) == 1, timeout=10_000)  # the backup on open
    wait_idle(qtbot, window)
    timer.timeout.emit()  # an hour later, same day: nothing new
    wait_idle(qtbot, window)
    assert len(backup.list_backups(path)) == 1
    for b in backup.list_backups(path):
        b.path.unlink()
    timer.timeout.emit()  # no backup today any more: one is made
    qtbot.waitUntil(lambda: len(backup.list_backups(path)) == 1, timeout=10_000)
    wait_idle(qtbot, window)


def test_declined_consent_offers_a_reserve_in_place(window, qtbot, demo_dir, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    asked: list[list[str]] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))

    def pick(_parent, _title, _label, items, *_args):
        asked.append(list(items))
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Ann Lee (CQC)", True)))
    page = window.open_page("cases")
    page.set_stage("selected")
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).consent_key == "given")
    case_id = page.model.id_at(row)
    page.table.selectRow(row)
    page.consent.setCurrentIndex(page.consent.findData("declined"))
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.save()
    wait_idle(qtbot, window)  # the save, then the promotion it offered
    qtbot.waitUntil(lambda: bool(asked))
    wait_idle(qtbot, window)
    reg = _read(demo_dir)
    try:
        promoted = cases.find_by_code(reg, asked[0][0])
        assert cases.get(reg, case_id)["stage"] == "withdrawn"
        assert cases.get(reg, promoted)["stage"] == "selected"
        assert cases.get(reg, promoted)["cqc_agreed_by"] == "Ann Lee (CQC)"
    finally:
        reg.close()


def test_session_purpose_is_edited_in_the_dialog(window, qtbot, demo_dir):
    from readiness_app.register.vocabulary import SESSION_PURPOSE

    page = window.open_page("interviews")
    page.new_item()
    dialog = page.dialog
    assert dialog.purpose.placeholderText() == SESSION_PURPOSE["one_to_one"]  # the default for the kind
    dialog.kind.setCurrentIndex(dialog.kind.findData("focus_group"))
    assert dialog.purpose.placeholderText() == SESSION_PURPOSE["focus_group"]
    dialog.title_edit.setText("Purposeful session")
    dialog.date.setText("18/12/2026")
    dialog.start.setText("07:00")
    dialog.end.setText("07:45")
    dialog.purpose.setText("To hear how the new front door works for carers")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        dialog.save()
    reg = _read(demo_dir)
    try:
        purpose = reg.scalar("SELECT purpose FROM session WHERE title = 'Purposeful session'")
    finally:
        reg.close()
    assert purpose == "To hear how the new front door works for carers"
    wait_idle(qtbot, window)


def test_key_messages_are_edited_on_the_qs_page(window, qtbot, demo_dir):
    from readiness_app.register import self_assessment

    page = window.open_page("quality")
    page._load("QS7")
    qs_id = page.current_qs
    page.texts["key_messages"].setPlainText("Section 42 enquiries start within two days\nMSP asked in every case")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.save()
    reg = _read(demo_dir)
    try:
        saved = self_assessment.all_rows(reg)[qs_id]["key_messages"]
    finally:
        reg.close()
    assert saved == "Section 42 enquiries start within two days\nMSP asked in every case"
    wait_idle(qtbot, window)
