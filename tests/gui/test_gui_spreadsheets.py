"""File > Import and File > Export in the main window: real files in, real files out, read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from readiness_app.opening import open_register
from readiness_app.paths import resource
from readiness_app.register import sessions
from readiness_app.ui import feedback, spreadsheets

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _scalar(path: Path, sql: str):
    reg = open_register(path, readonly=True)
    try:
        return reg.scalar(sql)
    finally:
        reg.close()


def test_file_import_checks_then_imports_and_refreshes_the_pages(window, qtbot, monkeypatch):
    path = window.ctx.register_path
    before = _scalar(path, "SELECT COUNT(*) FROM tracked_case")
    cases_page = window.open_page("cases")
    shown_before = cases_page.model.total
    sample = resource("samples", "cases.csv")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(sample), "")))

    window.findChild(QAction, "import_cases").trigger()
    dialog = window.import_dialog
    assert dialog.isVisible() and dialog.kind.currentData() == "cases"
    dialog._browse()
    assert dialog.file.text() == str(sample)
    dialog.check()
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    assert _scalar(path, "SELECT COUNT(*) FROM tracked_case") == before  # a check writes nothing

    with qtbot.waitSignal(window.ctx.data_changed, timeout=10_000):
        dialog.run_import()
    assert _scalar(path, "SELECT COUNT(*) FROM tracked_case") == before + 10
    assert _scalar(path, "SELECT COUNT(*) FROM audit WHERE source = 'import' AND record_table = 'tracked_case'") >= 10
    assert cases_page.model.total == shown_before + 10  # the visible page refreshed at once
    assert "Import finished" in window.statusBar().currentMessage()
    dialog.done(0)
    wait_idle(qtbot, window)


def test_export_evidence_index_writes_a_workbook_and_remembers_the_folder(window, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "exports"
    out.mkdir()
    asked: list[str] = []

    def save_as(parent, title, suggested, filters):
        asked.append(suggested)
        return str(out / "northmoor index"), "Excel workbook (*.xlsx)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    window.findChild(QAction, "export_evidence_index").trigger()
    target = out / "northmoor index.xlsx"  # the suffix of the chosen file type was added
    qtbot.waitUntil(target.exists, timeout=10_000)
    wait_idle(qtbot, window)

    sheet = load_workbook(target).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    items = _scalar(window.ctx.register_path, "SELECT COUNT(*) FROM evidence")
    assert len(rows) - 1 == items
    assert "Exported" in window.statusBar().currentMessage() and target.name in window.statusBar().currentMessage()
    assert not list(out.glob("*.part"))  # no temporary file left behind

    # the next export starts in the same folder
    window.findChild(QAction, "export_gaps").trigger()
    assert Path(asked[1]).parent == out
    wait_idle(qtbot, window)


def test_export_schedule_as_a_calendar(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "visit.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), "Calendar (*.ics)")))
    window.export("schedule")
    qtbot.waitUntil(target.exists, timeout=10_000)
    wait_idle(qtbot, window)
    walked = Calendar.from_ical(target.read_bytes()).walk()
    events = [c for c in walked if c.name == "VEVENT" and str(c["UID"]).startswith("session-")]
    reg = open_register(window.ctx.register_path, readonly=True)
    expected = len(sessions.list_sessions(reg))
    reg.close()
    assert len(events) == expected


def test_export_case_list_offers_stage_and_consent_drop_downs(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "case-list.xlsx"
    chosen = (str(target), "Excel workbook (*.xlsx)")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: chosen))
    window.findChild(QAction, "export_cases").trigger()
    qtbot.waitUntil(target.exists, timeout=10_000)
    wait_idle(qtbot, window)
    sheet = load_workbook(target)["Cases"]
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(codes) == _scalar(window.ctx.register_path, "SELECT COUNT(*) FROM tracked_case")
    checked = {str(rule.sqref).split(":")[0] for rule in sheet.data_validations.dataValidation}
    assert {"D2", "E2"} <= checked  # stage and consent
    assert "50 cases" in window.statusBar().currentMessage()


def test_cancelled_save_dialog_exports_nothing(window, qtbot, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    assert window.export("gaps") is None
    assert window.ctx.reader.pending == 0


def test_export_error_is_shown_as_message_and_hint(window, qtbot, tmp_path):
    shown_before = len(feedback.shown)
    target = tmp_path / "gaps.docx"  # not a format the gaps export writes
    spreadsheets.export(window.ctx, window, "gaps", path=target)
    qtbot.waitUntil(lambda: len(feedback.shown) > shown_before, timeout=10_000)
    assert "must end in .xlsx, .csv" in feedback.shown[-1]
    assert not target.exists()
    assert "Failed: 1" in window.jobs_label.text()
    wait_idle(qtbot, window)


def test_export_meeting_invitations_asks_for_the_organiser_once(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    out = tmp_path / "invitations"
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a: str(out)))

    def organiser(*args):
        asked.append(args[2])
        return "lead@northmoor.gov.uk", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(organiser))
    window.findChild(QAction, "invitations").trigger()
    qtbot.waitUntil(lambda: "invitation file(s)" in window.statusBar().currentMessage(), timeout=20_000)
    wait_idle(qtbot, window)
    files = list(out.glob("*.ics"))
    reg = open_register(window.ctx.register_path, readonly=True)
    held = [s for s in sessions.list_sessions(reg) if s["status"] != "cancelled"]
    reg.close()
    assert len(files) >= len(held) and asked
    cal = Calendar.from_ical(files[0].read_bytes())
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(cal.walk("VEVENT")[0]["ORGANIZER"]) == "mailto:lead@northmoor.gov.uk"
    window.findChild(QAction, "invitations").trigger()  # remembered: not asked again
    qtbot.waitUntil(lambda: "0 new" in window.statusBar().currentMessage(), timeout=20_000)
    wait_idle(qtbot, window)
    assert len(asked) == 1
