"""Evidence details are edited in the side panel; the panel follows triage; row colours are explained."""

from __future__ import annotations

import json

import pytest

from readiness_app.opening import open_register

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _evidence_page(window, qtbot):
    page = window.open_page("evidence")
    qtbot.waitUntil(lambda: page.model.total > 0, timeout=5000)
    return page


def _select(page, item_id: int) -> None:
    page.apply_filters()
    page.table.clearSelection()
    page.table.selectRow(page.model.row_of_id(item_id))


def _row(demo_dir, sql: str, params=()):
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    try:
        return [tuple(r) for r in reg.query(sql, params)]
    finally:
        reg.close()


def test_details_of_a_dropped_file_are_set_in_the_side_panel(window, qtbot, demo_dir):
    page = _evidence_page(window, qtbot)
    (item_id,) = _row(demo_dir, "SELECT id FROM evidence WHERE reference IS NULL AND presence = 'present' LIMIT 1")[0]
    _select(page, item_id)
    details = page.details
    assert details.isVisible() and details.reference.text() == ""
    details.reference.setText("LAIR-900")
    details.title_edit.setText("Carers' survey 2026")
    details.owner.setText("Carers lead")
    details.document_date.setText("03/11/2026")
    details.notes.setPlainText("From the November board pack")
    with qtbot.waitSignal(details.saved, timeout=5000):
        details.save()
    wait_idle(qtbot, window)
    saved = _row(
        demo_dir, "SELECT reference, title, owner, document_date, notes FROM evidence WHERE id = ?", (item_id,)
    )
    assert saved == [("LAIR-900", "Carers' survey 2026", "Carers lead", "2026-11-03", "From the November board pack")]
    audit = _row(
        demo_dir,
        "SELECT changes FROM audit WHERE record_table = 'evidence' AND record_id = ? ORDER BY id DESC LIMIT 1",
        (str(item_id),),
    )
    assert {"reference", "title", "owner", "document_date"} <= set(json.loads(audit[0][0]))
    qtbot.waitUntil(lambda: page.model.row_of_id(item_id) >= 0, timeout=5000)
    row = page.model.row_at(page.model.row_of_id(item_id))
    assert row[1] == "LAIR-900" and row[2] == "Carers' survey 2026"


def test_a_reference_already_used_is_refused_by_name(window, qtbot, demo_dir):
    page = _evidence_page(window, qtbot)
    (item_id,) = _row(demo_dir, "SELECT id FROM evidence WHERE reference IS NULL LIMIT 1")[0]
    _select(page, item_id)
    page.details.reference.setText("LAIR-001")
    page.details.save()
    qtbot.waitUntil(lambda: page.details.error.isVisible(), timeout=5000)
    assert page.details.error.text().startswith("Reference: LAIR-001 is already used by another item")
    assert _row(demo_dir, "SELECT reference FROM evidence WHERE id = ?", (item_id,)) == [(None,)]


def test_after_accept_the_side_panel_shows_the_new_status(window, qtbot, demo_dir):
    page = _evidence_page(window, qtbot)
    (item_id,) = _row(demo_dir, "SELECT id FROM evidence WHERE status = 'inbox' AND presence = 'present' LIMIT 1")[0]
    _select(page, item_id)
    assert page.details.status.currentText() == "Inbox"
    page.qs_picker.set_checked(["QS2"])
    page.category.setCurrentIndex(page.category.findData("processes"))
    page.triage("accepted")
    qtbot.waitUntil(lambda: page.details.status.currentText() == "Accepted", timeout=10_000)
    assert "Accepted" in page.selection_label.text() and "Inbox" not in page.selection_label.text()
    assert _row(demo_dir, "SELECT status FROM evidence WHERE id = ?", (item_id,)) == [("accepted",)]
    wait_idle(qtbot, window)


def test_duplicates_have_a_colour_key_and_a_reason(window, qtbot, demo_dir):
    page = _evidence_page(window, qtbot)
    assert "Duplicate" in page.colour_key.text() and "Missing" in page.colour_key.text()
    (item_id,) = _row(demo_dir, "SELECT id FROM evidence WHERE presence = 'duplicate' LIMIT 1")[0]
    (other,) = _row(
        demo_dir,
        "SELECT b.rel_path FROM evidence a JOIN evidence b ON a.sha256 = b.sha256 AND a.id != b.id WHERE a.id = ?",
        (item_id,),
    )[0]
    _select(page, item_id)
    assert page.details.reason.isVisible()
    assert page.details.reason.text().startswith("Duplicate: the same content is also at") and other in (
        page.details.reason.text()
    )
