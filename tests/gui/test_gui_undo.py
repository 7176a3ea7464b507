"""Undo and redo for every kind of change made in the app, and refreshing only what changed."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction

from readiness_app.opening import open_register
from readiness_app.register import sessions

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _scalar(demo_dir, sql, params=()):
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    try:
        return reg.scalar(sql, params)
    finally:
        reg.close()


def _rows(demo_dir, sql, params=()):
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    try:
        return [tuple(r) for r in reg.query(sql, params)]
    finally:
        reg.close()


def _press(window, qtbot, name: str) -> None:
    """Edit > Undo or Redo, then wait until the register and the pages have caught up."""
    action = window.findChild(QAction, name)
    assert action.isEnabled()
    with qtbot.waitSignal(window.ctx.undone, timeout=5000):
        action.trigger()
    wait_idle(qtbot, window)


def _select(page, ids) -> None:
    from PySide6.QtCore import QItemSelectionModel

    selection = page.table.selectionModel()
    selection.clearSelection()
    for record_id in ids:
        row = page.model.row_of_id(record_id)
        assert row >= 0
        selection.select(
            page.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_next_stage_for_several_cases_undoes_by_name_and_redoes(window, qtbot, demo_dir):
    page = window.open_page("cases")
    moved = _rows(demo_dir, "SELECT id, stage FROM tracked_case WHERE stage IN ('long_list', 'shortlisted') LIMIT 2")
    assert len(moved) == 2
    _select(page, [m[0] for m in moved])
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.next_stage()
    after = [_scalar(demo_dir, "SELECT stage FROM tracked_case WHERE id = ?", (m[0],)) for m in moved]
    assert after != [m[1] for m in moved]
    undo = window.findChild(QAction, "undo")
    assert undo.text().replace("&", "") == "Undo Next stage"

    _press(window, qtbot, "undo")
    assert [_scalar(demo_dir, "SELECT stage FROM tracked_case WHERE id = ?", (m[0],)) for m in moved] == [
        m[1] for m in moved
    ]
    shown = {page.model.row_at(page.model.row_of_id(m[0]))[0] for m in moved}
    assert shown == {m[0] for m in moved}
    assert "Undone: Next stage" in window.statusBar().currentMessage()
    audit = _rows(demo_dir, "SELECT changes FROM audit WHERE record_table = 'tracked_case' ORDER BY id DESC LIMIT 2")
    assert all('"undo": "Next stage"' in a[0] for a in audit)

    _press(window, qtbot, "redo")
    assert [_scalar(demo_dir, "SELECT stage FROM tracked_case WHERE id = ?", (m[0],)) for m in moved] == after


def test_session_create_edit_delete_undo(window, qtbot, demo_dir):
    page = window.open_page("interviews")
    first = _rows(demo_dir, "SELECT id, title, date FROM session ORDER BY id LIMIT 1")[0]
    count = _scalar(demo_dir, "SELECT COUNT(*) FROM session")

    page.new_item()
    dialog = page.dialog
    dialog.title_edit.setText("Undo me")
    y, m, d = first[2].split("-")
    dialog.date.setText(f"{d}/{m}/{y}")
    dialog.start.setText("07:00")
    dialog.end.setText("07:30")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        dialog.save()
    assert _scalar(demo_dir, "SELECT COUNT(*) FROM session") == count + 1
    _press(window, qtbot, "undo")
    assert _scalar(demo_dir, "SELECT COUNT(*) FROM session WHERE title = 'Undo me'") == 0
    assert page.model.total == count  # the page shows the state after the undo

    page.edit(first[0])
    page.dialog.title_edit.setText("Renamed")
    page.dialog.confirmed_conflicts = page.dialog.check_conflicts()  # as if Save anyway was shown
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.dialog.save()
    assert _scalar(demo_dir, "SELECT title FROM session WHERE id = ?", (first[0],)) == "Renamed"
    assert window.findChild(QAction, "undo").text().replace("&", "") == "Undo Edit session"
    _press(window, qtbot, "undo")
    assert _scalar(demo_dir, "SELECT title FROM session WHERE id = ?", (first[0],)) == first[1]

    people = _rows(demo_dir, "SELECT person_id FROM session_person WHERE session_id = ?", (first[0],))
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        window.ctx.write(lambda reg: sessions.delete(reg, first[0]), "deleting the session", undo="Delete session")
    assert _scalar(demo_dir, "SELECT COUNT(*) FROM session WHERE id = ?", (first[0],)) == 0
    _press(window, qtbot, "undo")
    assert _scalar(demo_dir, "SELECT title FROM session WHERE id = ?", (first[0],)) == first[1]
    assert _rows(demo_dir, "SELECT person_id FROM session_person WHERE session_id = ?", (first[0],)) == people
    assert page.model.row_of_id(first[0]) >= 0


def test_evidence_triage_of_two_items_undoes_together(window, qtbot, demo_dir):
    page = window.open_page("evidence")
    qtbot.waitUntil(lambda: page.loaded_once, timeout=10_000)
    inbox = _rows(demo_dir, "SELECT id FROM evidence WHERE status = 'inbox' ORDER BY id LIMIT 2")
    assert len(inbox) == 2
    ids = [r[0] for r in inbox]
    _select(page, ids)
    page.qs_picker.set_checked(["QS1"])
    page.category.setCurrentIndex(1)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.triage("accepted")
    wait_idle(qtbot, window)
    assert {_scalar(demo_dir, "SELECT status FROM evidence WHERE id = ?", (i,)) for i in ids} == {"accepted"}
    _press(window, qtbot, "undo")
    assert {_scalar(demo_dir, "SELECT status FROM evidence WHERE id = ?", (i,)) for i in ids} == {"inbox"}
    assert {page.model.row_at(page.model.row_of_id(i))[10] for i in ids} == {"inbox"}


def test_gap_edit_undo(window, qtbot, demo_dir):
    page = window.open_page("gaps")
    gap_id, owner = _rows(demo_dir, "SELECT id, owner FROM gap ORDER BY id LIMIT 1")[0]
    _select(page, [gap_id])
    page.edit_selected()
    page.dialog.owner.setText("Someone else")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.dialog.save()
    assert _scalar(demo_dir, "SELECT owner FROM gap WHERE id = ?", (gap_id,)) == "Someone else"
    _press(window, qtbot, "undo")
    assert _scalar(demo_dir, "SELECT owner FROM gap WHERE id = ?", (gap_id,)) == owner


def test_qs_owner_undo_clears_the_saved_message(window, qtbot, demo_dir):
    page = window.open_page("quality")
    page._select("QS1")
    before = _scalar(demo_dir, "SELECT owner FROM self_assessment WHERE qs = 'QS1'")
    page.owner.setText("Planning lead")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.owner.editingFinished.emit()
    assert page.saved_label.text() == "Saved owner for QS1."
    _press(window, qtbot, "undo")
    assert _scalar(demo_dir, "SELECT owner FROM self_assessment WHERE qs = 'QS1'") == before
    assert page.saved_label.text() == ""
    assert page.owner.text() == (before or "")


def test_a_session_change_does_not_reload_the_evidence_page(window, qtbot, demo_dir, monkeypatch):
    page = window.open_page("evidence")
    qtbot.waitUntil(lambda: page.loaded_once, timeout=10_000)
    wait_idle(qtbot, window)
    reloads = []
    monkeypatch.setattr(page, "refresh", lambda: reloads.append(1))
    session_id = _scalar(demo_dir, "SELECT id FROM session ORDER BY id LIMIT 1")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        window.ctx.write(lambda reg: sessions.update(reg, session_id, title="Moved on"), "saving the session")
    assert reloads == []
    assert not page.stale

    # an evidence change updates just that row, without a reload
    item = _scalar(demo_dir, "SELECT id FROM evidence WHERE status = 'inbox' ORDER BY id LIMIT 1")
    from readiness_app.register import evidence

    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        window.ctx.write(lambda reg: evidence.update(reg, item, title="Renamed item"), "saving evidence")
    assert reloads == []
    assert page.model.row_at(page.model.row_of_id(item))[2] == "Renamed item"


def test_rows_model_updates_only_the_changed_rows(qtmodeltester):
    from PySide6.QtCore import Qt

    from readiness_app.ui.models import Column, RowsModel

    model = RowsModel([Column("Title", 1), Column("Status", 2)])
    model.set_rows([(n, f"item {n:02d}", "inbox" if n % 2 else "accepted") for n in range(10)])
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_predicate(lambda r: r[2] == "inbox")
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    assert [model.id_at(n) for n in range(model.rowCount())] == [9, 7, 5, 3, 1]

    model.update_rows({7}, [(7, "item 07", "inbox", "extra")])  # same place: redrawn, no reset
    assert resets == [] and model.row_at(1)[3] == "extra"
    model.update_rows({5}, [(5, "item 05", "accepted")])  # leaves the filter: removed, no reset
    assert resets == [] and [model.id_at(n) for n in range(model.rowCount())] == [9, 7, 3, 1]
    model.update_rows({4, 3}, [(4, "item 99", "inbox")])  # one joins at the top, one deleted
    assert [model.id_at(n) for n in range(model.rowCount())] == [4, 9, 7, 1]
    assert model.total == 9 and model.row_by_id(3) is None
    qtmodeltester.check(model)


def test_a_file_arriving_adds_its_row_without_reloading_the_evidence_page(make_window, demo_dir, qtbot, monkeypatch):
    from readiness_app.evidence import settings

    reg = open_register(demo_dir / "register.sqlite", source="app")
    settings.save(reg, "stability_seconds", "0.5")
    reg.close()
    window = make_window(demo_dir / "register.sqlite", watch=True)
    bridge = window.watcher
    qtbot.waitUntil(lambda: bridge.last_reconcile is not None, timeout=15_000)
    page = window.open_page("evidence")
    qtbot.waitUntil(lambda: page.loaded_once, timeout=10_000)
    wait_idle(qtbot, window)
    before, inbox = page.model.total, page.inbox_count
    # the watcher writes on its own connection, so the two-second check for other programs could
    # also refresh the page if it ticked between that write and the row arriving: not what this is about
    if getattr(window, "outside_changes", None) is not None:
        window.outside_changes.stop()
    reloads = []
    monkeypatch.setattr(page, "refresh", lambda: reloads.append(1))
    arrived = demo_dir / "evidence" / "00 Inbox - to sort" / "Carers survey summary 2026.pdf"
    with qtbot.waitSignal(bridge.files_arrived, timeout=15_000):
        arrived.write_bytes(b"%PDF-1.4\n% carers survey\n" + b"y" * 3000)
    qtbot.waitUntil(lambda: page.model.total == before + 1, timeout=5000)
    assert reloads == []
    assert page.inbox_count == inbox + 1 and page.inbox_button.text() == f"Inbox ({inbox + 1})"
    assert any(r[8].endswith("Carers survey summary 2026.pdf") for r in page.model.base_rows)
