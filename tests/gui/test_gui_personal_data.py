"""The personal-data guard works the same way in every form: the first Save warns, the second keeps."""

from __future__ import annotations

import pytest

from readiness_app.opening import open_register
from readiness_app.register import gaps, learning, requests, sessions

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

NHS = "943 476 5919"  # passes the Modulus 11 check


def _read(demo_dir):
    return open_register(demo_dir / "register.sqlite", readonly=True)


def _nothing_queued(window) -> bool:
    return all(r.pending == 0 for r in window.ctx.runners())


def test_session_dialog_warns_about_a_postcode_in_the_title_and_a_date_of_birth_in_the_notes(window, qtbot, demo_dir):
    page = window.open_page("interviews")
    page.new_item()
    dialog = page.dialog
    dialog.title_edit.setText("Home visit, NE1 4ST")
    dialog.date.setText("18/12/2026")
    dialog.start.setText("07:00")
    dialog.end.setText("07:30")
    dialog.notes.setPlainText("Mrs B, DOB 12/03/1948")
    dialog.save()
    text = dialog.error.text()
    assert "Session title: looks like it holds a postcode" in text
    assert "Notes: looks like it holds a date of birth" in text
    assert "NE1 4ST" not in text and "1948" not in text  # the warning never repeats the text
    assert dialog.isVisible() and _nothing_queued(window)
    reg = _read(demo_dir)
    assert not [s for s in sessions.list_sessions(reg) if s["title"] == "Home visit, NE1 4ST"]
    reg.close()

    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        dialog.save()  # seen; the lead keeps it
    reg = _read(demo_dir)
    assert [s["notes"] for s in sessions.list_sessions(reg) if s["title"] == "Home visit, NE1 4ST"] == [
        "Mrs B, DOB 12/03/1948"
    ]
    reg.close()
    wait_idle(qtbot, window)


def test_gap_dialog_warns_about_an_nhs_number_and_a_changed_text_warns_again(window, qtbot, demo_dir):
    page = window.open_page("gaps")
    page.new_item()
    dialog = page.dialog
    dialog.description_edit.setPlainText(f"Complaint file for {NHS} not closed")
    dialog.save()
    assert "Description: looks like it holds an NHS number" in dialog.error.text()
    dialog.description_edit.setPlainText("Complaint file for 401 023 2137 not closed")  # another valid number
    dialog.save()  # different text: a new warning, still nothing saved
    assert "NHS number" in dialog.error.text() and _nothing_queued(window)
    reg = _read(demo_dir)
    assert not [g for g in gaps.list_gaps(reg) if "Complaint file" in g["description"]]
    reg.close()
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        dialog.save()
    reg = _read(demo_dir)
    assert [g for g in gaps.list_gaps(reg) if g["description"] == "Complaint file for 401 023 2137 not closed"]
    reg.close()
    wait_idle(qtbot, window)


def test_learning_log_and_cqc_requests_warn_before_saving(window, qtbot, demo_dir):
    page = window.open_page("learning")
    page.new_item()
    page.widgets["date"].setText("15/12/2026")
    page.widgets["went_well"].setPlainText(f"Case of {NHS} described well")
    page.save()
    assert "Went well: looks like it holds an NHS number" in page.error.text()
    assert page.error.isVisible() and _nothing_queued(window)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.save()
    reg = _read(demo_dir)
    assert [e for e in learning.list_entries(reg) if e["went_well"] == f"Case of {NHS} described well"]
    reg.close()
    wait_idle(qtbot, window)

    page = window.open_page("requests")
    page.new_item()
    page.widgets["received_date"].setText("16/12/2026")
    page.widgets["description"].setPlainText("Care plan for the man at SW1A 1AA")
    page.save()
    assert "Request: looks like it holds a postcode" in page.error.text() and _nothing_queued(window)
    reg = _read(demo_dir)
    assert not [r for r in requests.list_requests(reg) if "SW1A" in r["description"]]
    reg.close()
    page.widgets["description"].setPlainText("Care plan for case NM-104")  # taken out: saves at once
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.save()
    reg = _read(demo_dir)
    assert [r for r in requests.list_requests(reg) if r["description"] == "Care plan for case NM-104"]
    reg.close()
    wait_idle(qtbot, window)
