"""A council's own visit from an empty register, in one run, as a newcomer would do it in the app.

Welcome screen -> new register -> register settings (visit days) -> two rooms and three
assessors -> people, cases and a timetable imported from spreadsheets -> a session in a new
room -> a file dropped into the evidence folder, accepted -> the interview packs for one day.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfReader
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from readiness_app.opening import open_register
from readiness_app.register import assessment, cqc_team, evidence, rooms, sessions
from readiness_app.ui.widgets import set_combo

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

DAY1, DAY2, DAY3 = "2027-02-09", "2027-02-10", "2027-02-11"  # Tue, Wed and (virtual) Thu


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _read(path: Path):
    return open_register(path, readonly=True)


def _import(window, qtbot, monkeypatch, kind: str, source: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(source), "")))
    window.findChild(QAction, f"import_{kind}").trigger()
    dialog = window.import_dialog
    dialog._browse()
    dialog.check()
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=10_000):
        dialog.run_import()
    dialog.done(0)


def test_a_newcomer_builds_a_visit_from_an_empty_register(qtbot, tmp_path, monkeypatch, opened_urls):
    from readiness_app.ui.app import Launcher, ensure_app

    answers: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: answers.append(a[2]) or 0))
    launcher = Launcher(ensure_app())
    launcher.show_welcome()
    welcome = launcher.welcome
    qtbot.addWidget(welcome)

    # 1. Create a register (no dates yet: they are set in the settings).
    shared = tmp_path / "shared evidence"
    shared.mkdir()
    welcome.council.setText("Testshire County Council")
    welcome.evidence.setText(str(shared))
    welcome.register_file.setText(str(tmp_path / "laptop" / "testshire.sqlite"))
    (tmp_path / "laptop").mkdir()
    welcome.has_dates.setChecked(False)
    welcome.create_register()
    window = launcher.window
    assert window is not None, welcome.create_error.text()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.drawn, timeout=10_000)  # a user's first click comes after the first paint
    path = window.ctx.register_path
    try:
        assert window.windowTitle() == "Testshire County Council - testshire.sqlite - Readiness"
        dashboard = window.open_page("dashboard")
        assert "Getting started" in dashboard.text() and "0 of 7 steps done" in dashboard.text()
        assert "Score" not in dashboard.text()  # no quality statement tiles yet

        # 2. The visit, in the register settings (a Saturday is refused beside the field first).
        window.open_register_settings()
        settings = window.settings_dialog
        settings.onsite_start.setText("13/02/2027")
        assert "Sat 13 Feb 2027 is a Saturday" in settings.errors["onsite_start"].text()
        settings.onsite_start.setText("09/02/2027")
        settings.onsite_days.setValue(2)
        settings.virtual_days.setValue(1)
        assert "Thu 11 Feb 2027 (virtual)" in settings.preview.text()
        settings.save()
        qtbot.waitUntil(lambda: settings.saved_result is not None, timeout=10_000)
        reg = _read(path)
        assert assessment.visit_days(reg) == [
            {"date": DAY1, "kind": "onsite"},
            {"date": DAY2, "kind": "onsite"},
            {"date": DAY3, "kind": "virtual"},
        ]
        reg.close()

        # 3. Two rooms and three assessors on the Rooms and team page.
        page = window.open_page("setup")
        for name, where, link in (
            ("Room 1", "County Hall, ground floor", ""),
            ("Teams", "", "https://teams.example/t"),
        ):
            page.rooms.new_item()
            page.rooms.widgets["name"].setText(name)
            page.rooms.widgets["location"].setText(where)
            page.rooms.widgets["link"].setText(link)
            set_combo(page.rooms.widgets["virtual"], 1 if link else 0)
            with qtbot.waitSignal(window.ctx.data_changed, timeout=10_000):
                page.rooms.save()
        page.rooms.new_item()
        page.rooms.widgets["name"].setText("ROOM  1")
        page.rooms.save()
        qtbot.waitUntil(page.rooms.error.isVisible, timeout=10_000)
        assert "already a room called 'Room 1'" in page.rooms.error.text()
        page.apply_filters(tab="team")
        for name, role in (("Sam Jones", "lead_inspector"), ("Ola Brown", "assessor"), ("Kim Patel", "analyst")):
            page.team.new_item()
            page.team.widgets["name"].setText(name)
            set_combo(page.team.widgets["role"], role)
            with qtbot.waitSignal(window.ctx.data_changed, timeout=10_000):
                page.team.save()

        # 4. People, cases and the timetable from spreadsheets.
        people_xlsx = _workbook(
            tmp_path / "people.xlsx",
            [
                ["Name", "Role", "Team", "Organisation", "Kind"],
                ["Harriet Okafor", "Team Manager", "Front Door", "Testshire County Council", "Staff"],
                ["Rhys Iqbal", "Senior Practitioner", "Hospital Discharge", "Testshire County Council", "Staff"],
                ["Grace Pritchard", "Head of Commissioning", "", "Testshire ICB", "Partner"],
            ],
        )
        cases_xlsx = _workbook(
            tmp_path / "cases.xlsx",
            [
                ["Case code", "Criteria", "Team", "Stage", "Consent", "QS"],
                ["TS-101", "hospital discharge; carer", "Hospital Discharge", "Long list", "Not sought", "QS1"],
                ["TS-102", "transitions", "Transitions", "Shortlisted", "Requested", "QS6"],
            ],
        )
        timetable_xlsx = _workbook(
            tmp_path / "timetable.xlsx",
            [
                ["Date", "Start", "End", "Room", "Title", "Kind", "QS", "Assessors", "Attendees"],
                [
                    "09/02/2027",
                    "09:00",
                    "10:00",
                    "Room 1",
                    "Front door conversation",
                    "One-to-one",
                    "QS1",
                    "Sam Jones",
                    "Harriet Okafor",
                ],
                [
                    "09/02/2027",
                    "10:30",
                    "11:30",
                    "Room 1",
                    "Hospital discharge focus group",
                    "Focus group",
                    "QS4",
                    "Ola Brown",
                    "Rhys Iqbal",
                ],
                [
                    "11/02/2027",
                    "14:00",
                    "15:00",
                    "Teams",
                    "Commissioning conversation",
                    "Partner or provider meeting",
                    "QS4",
                    "Kim Patel",
                    "Grace Pritchard",
                ],
            ],
        )
        _import(window, qtbot, monkeypatch, "people", people_xlsx)
        _import(window, qtbot, monkeypatch, "cases", cases_xlsx)
        _import(window, qtbot, monkeypatch, "sessions", timetable_xlsx)

        # 5. A session in a new room, made from the session dialog.
        from readiness_app.ui.dialogs.session_dialog import SessionDialog

        dialog = SessionDialog(window.ctx, day=DAY2)
        dialog.open()
        dialog.new_room()
        room_dialog = dialog.new_room_dialog
        room_dialog.name.setText("Committee Room B")
        room_dialog.location.setText("County Hall, first floor")
        room_dialog.capacity.setValue(10)
        room_dialog.save()
        qtbot.waitUntil(lambda: room_dialog.saved_result is not None, timeout=10_000)
        assert dialog.room.currentText() == "Committee Room B"
        dialog.new_assessor()
        team_dialog = dialog.new_assessor_dialog
        team_dialog.name.setText("Dee Mensah")
        set_combo(team_dialog.role, "specialist_adviser")
        team_dialog.save()
        qtbot.waitUntil(lambda: team_dialog.saved_result is not None, timeout=10_000)
        dialog.title_edit.setText("Carers' voices")
        dialog.start.setText("13:30")
        dialog.end.setText("14:30")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.saved_result is not None, timeout=10_000)

        reg = _read(path)
        assert sorted(r["name"] for r in rooms.list_rooms(reg)) == ["Committee Room B", "Room 1", "Teams"]
        assert {m["name"]: m["role"] for m in cqc_team.list_team(reg)} == {
            "Sam Jones": "lead_inspector",
            "Ola Brown": "assessor",
            "Kim Patel": "analyst",
            "Dee Mensah": "specialist_adviser",
        }
        assert reg.scalar("SELECT COUNT(*) FROM person") == 3
        assert reg.scalar("SELECT COUNT(*) FROM tracked_case") == 2
        listed = {s["title"]: s for s in sessions.list_sessions(reg)}
        assert listed["Front door conversation"]["room"] == "Room 1"
        assert [p["name"] for p in listed["Front door conversation"]["people"]] == ["Harriet Okafor"]
        assert listed["Commissioning conversation"]["date"] == DAY3
        assert listed["Carers' voices"]["room"] == "Committee Room B" and listed["Carers' voices"]["date"] == DAY2
        assert [a["name"] for a in listed["Carers' voices"]["assessors"]] == ["Dee Mensah"]
        assert reg.scalar("SELECT COUNT(*) FROM audit WHERE record_table = 'room' AND source = 'app'") == 3
        reg.close()

        # 6. A file dropped on the window lands in the evidence folder; the watcher brings it in; accept it.
        bridge = window.watcher
        qtbot.waitUntil(lambda: bridge.last_reconcile is not None, timeout=20_000)
        dropped = tmp_path / "Carers strategy 2027.pdf"
        dropped.write_bytes(b"%PDF-1.4\n% carers strategy\n" + b"x" * 2000)
        with qtbot.waitSignal(bridge.files_arrived, timeout=30_000):
            window.copy_into_evidence([dropped])
        evidence_page = window.open_page("evidence")
        evidence_page.apply_filters(status="inbox")
        qtbot.waitUntil(lambda: evidence_page.model.rowCount() == 1, timeout=10_000)
        evidence_page.table.selectRow(0)
        item_id = evidence_page.model.id_at(0)
        evidence_page.qs_picker.set_checked(["QS6"])
        evidence_page.category.setCurrentIndex(1)
        with qtbot.waitSignal(window.ctx.data_changed, timeout=10_000):
            evidence_page.triage("accepted")
        reg = _read(path)
        item = evidence.get(reg, item_id)
        assert (item["status"], item["qs"], item["rel_path"]) == ("accepted", ["QS6"], "Carers strategy 2027.pdf")
        reg.close()
        assert (shared / "Carers strategy 2027.pdf").exists()

        # 7. The interview packs for the first day.
        printing = window.open_page("print")
        printing.apply_filters(document="interview-packs", scope="day")
        set_combo(printing.scope_value, DAY1)
        printing.folder.setText(str(tmp_path / "printed"))
        printing.build()
        qtbot.waitUntil(lambda: not printing.building, timeout=60_000)
        assert printing.last_result is not None, printing.error.text()
        pdf = Path(printing.last_result.path)
        text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert "Testshire County Council" in text and "OFFICIAL-SENSITIVE" in text
        assert "Front door conversation" in text and "Hospital discharge focus group" in text
        assert "Harriet Okafor" in text and "Sam Jones" in text and "Room 1" in text
        assert "Commissioning conversation" not in text and "Carers' voices" not in text  # other days
        assert opened_urls == [str(pdf)]

        # The dashboard's list has moved on (dates, rooms and team, people, cases, timetable, evidence).
        dashboard = window.open_page("dashboard")
        assert "6 of 7 steps done" in dashboard.text()
        assert answers == []  # nothing needed confirming
        wait_idle(qtbot, window)
    finally:
        window.shutdown()
