"""The live inbox (real watcher), triage, dropping files, and printing a pack to a PDF on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from readiness_app.opening import open_register
from readiness_app.register import evidence

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _fast_watcher(demo_dir: Path) -> None:
    from readiness_app.evidence import settings

    reg = open_register(demo_dir / "register.sqlite", source="app")
    settings.save(reg, "stability_seconds", "0.5")
    reg.close()


def test_file_arriving_through_the_watcher_is_triaged(make_window, demo_dir, qtbot):
    _fast_watcher(demo_dir)
    window = make_window(demo_dir / "register.sqlite", watch=True)
    bridge = window.watcher
    qtbot.waitUntil(lambda: bridge.state in ("live", "polling") and bridge.last_reconcile is not None, timeout=15_000)
    assert "Evidence folder: live" in window.watcher_label.text() or "polling" in window.watcher_label.text()

    page = window.open_page("evidence")
    page.apply_filters(status="inbox")
    qtbot.waitUntil(lambda: page.model.total > 0, timeout=5000)
    arrived = demo_dir / "evidence" / "00 Inbox - to sort" / "Winter pressures plan 2026.pdf"
    with qtbot.waitSignal(bridge.files_arrived, timeout=15_000):
        arrived.write_bytes(b"%PDF-1.4\n% winter plan\n" + b"x" * 2000)

    def shown() -> int:
        for r in range(page.model.rowCount()):
            if page.model.row_at(r)[8].endswith("Winter pressures plan 2026.pdf"):
                return r
        return -1

    qtbot.waitUntil(lambda: shown() >= 0, timeout=5000)
    assert "new file" in window.statusBar().currentMessage()
    item_id = page.model.id_at(shown())

    page.table.selectRow(shown())
    page.qs_picker.set_checked(["QS4", "QS6"])
    page.category.setCurrentIndex(page.category.findData(page.category.itemData(4)))
    category = page.category.currentData()
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.triage("accepted")
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    item = evidence.get(reg, item_id)
    sources = {
        r[0]
        for r in reg.query("SELECT source FROM audit WHERE record_table='evidence' AND record_id=?", (str(item_id),))
    }
    reg.close()
    assert (item["status"], item["qs"], item["category"]) == ("accepted", ["QS4", "QS6"], category)
    assert sources == {"watcher", "app"}
    qtbot.waitUntil(lambda: shown() == -1, timeout=5000)  # left the inbox view
    wait_idle(qtbot, window)


def test_accept_needs_tags_and_bulk_withdraw(window, qtbot, demo_dir):
    page = window.open_page("evidence")
    page.apply_filters(status="inbox")
    qtbot.waitUntil(lambda: page.model.rowCount() > 3, timeout=5000)
    page.table.selectRow(0)
    page.qs_picker.set_checked([])
    page.category.setCurrentIndex(0)
    page.triage("accepted")
    assert page.triage_error.isVisible() and "quality statement" in page.triage_error.text()

    ids = [page.model.id_at(r) for r in (1, 2, 3)]
    page.table.clearSelection()
    for r in (1, 2, 3):
        page.table.selectionModel().select(
            page.model.index(r, 0),
            page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows,
        )
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.triage("withdrawn")
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    assert [evidence.get(reg, i)["status"] for i in ids] == ["withdrawn"] * 3
    reg.close()
    wait_idle(qtbot, window)


def test_dropped_files_are_copied_into_the_inbox_folder(window, qtbot, demo_dir, tmp_path):
    source = tmp_path / "Carers strategy.docx"
    source.write_bytes(b"strategy")
    window.copy_into_evidence([source, source])
    inbox = demo_dir / "evidence" / "00 Inbox - to sort"
    qtbot.waitUntil(lambda: (inbox / "Carers strategy (2).docx").exists(), timeout=5000)
    assert (inbox / "Carers strategy.docx").read_bytes() == b"strategy"
    assert not list(inbox.glob("~$copying-*"))
    wait_idle(qtbot, window)


def test_open_file_uses_the_system_viewer(window, qtbot, demo_dir, opened_urls):
    page = window.open_page("evidence")
    qtbot.waitUntil(lambda: page.model.total > 0, timeout=5000)
    page.table.selectRow(0)
    page.open_files()
    page.show_in_folder()
    rel = page.model.row_at(0)[8]
    assert opened_urls[0] == str(demo_dir / "evidence" / rel)
    assert opened_urls[1] == str((demo_dir / "evidence" / rel).parent)
    wait_idle(qtbot, window)


def test_print_a_pack_and_find_the_pdf(window, qtbot, tmp_path, opened_urls):
    page = window.open_page("print")
    page.apply_filters(document="interview-packs", scope="day")
    assert page.scope.currentData() == "day"
    day = page.scope_value.currentData()
    page.folder.setText(str(tmp_path / "out"))
    page.password.setText("correct horse")
    page.password_again.setText("correct horse")
    page.build()
    qtbot.waitUntil(lambda: not page.building, timeout=60_000)
    assert page.last_result is not None, page.error.text()
    pdf = Path(page.last_result.path)
    assert pdf.parent == tmp_path / "out" and pdf.name == f"interview-packs-{day}.pdf"
    reader = PdfReader(pdf)
    assert reader.is_encrypted
    reader.decrypt("correct horse")
    text = "".join(p.extract_text() for p in reader.pages[:3])
    assert "Northmoor County Council" in text and "OFFICIAL-SENSITIVE" in text
    assert opened_urls == [str(pdf)]
    assert window.ctx.settings.value("print/output_folder") == str(tmp_path / "out")
    wait_idle(qtbot, window)


def test_print_refuses_mismatched_passwords(window, qtbot):
    page = window.open_page("print")
    page.password.setText("one password")
    page.password_again.setText("another one")
    page.build()
    assert not page.building and "not the same" in page.error.text()
    wait_idle(qtbot, window)


def test_accepting_evidence_offers_to_close_the_gap_it_fills(window, qtbot, demo_dir):
    from PySide6.QtWidgets import QMessageBox

    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    gap = dict(reg.query("SELECT * FROM gap WHERE kind = 'no_evidence' AND status != 'closed' ORDER BY id")[0])
    reg.close()
    page = window.open_page("evidence")
    page.apply_filters(status="inbox")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    page.table.selectRow(0)
    item_id = page.model.id_at(0)
    page.qs_picker.set_checked([gap["qs"]])
    page.category.setCurrentIndex(page.category.findData(gap["category"]))
    page.triage("accepted")
    qtbot.waitUntil(lambda: getattr(page, "gap_offer", None) is not None and page.gap_offer.isVisible(), timeout=5000)
    assert gap["description"] in page.gap_offer.text()
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.gap_offer.button(QMessageBox.StandardButton.Yes).click()
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    status, closed_by, notes = reg.query("SELECT status, closed_by, notes FROM gap WHERE id = ?", (gap["id"],))[0]
    assert (status, closed_by) == ("closed", item_id)
    # the same words as `accept --close-gaps` writes: one use-case behind both
    assert notes.endswith(f"closed when evidence {item_id} was accepted")
    reg.close()
    wait_idle(qtbot, window)


def test_checklist_printed_in_the_app_records_its_version_and_wording_is_chosen(window, qtbot, tmp_path, demo_dir):
    from PySide6.QtWidgets import QFileDialog

    from readiness_app.framework import load_framework
    from readiness_app.framework.model import set_current
    from readiness_app.register import assessment, printing

    bad = tmp_path / "bad.toml"
    bad.write_text('[[quality_statements]]\nid = "QS1"\nwe_statement = { text = "x", source = "CQC" }\n')
    good = tmp_path / "wording.toml"
    good.write_text(
        'date = "2024-03-01"\nsource = "Council copy"\n[[quality_statements]]\nid = "QS1"\n'
        'we_statement = { text = "Wombat wording" }\n'
    )
    page = window.open_page("print")
    chosen = [str(bad)]
    monkey = pytest.MonkeyPatch()
    monkey.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (chosen[0], "")))
    try:
        page.choose_wording()
        assert page.error.isVisible() and "'date' is missing or empty" in page.error.text()
        chosen[0] = str(good)
        with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
            page.choose_wording()
        page.apply_filters(document="checklist")
        page.folder.setText(str(tmp_path / "out"))
        with qtbot.waitSignal(window.ctx.data_changed, timeout=60_000):  # the build, then the version recorded
            page.build()
        wait_idle(qtbot, window)
        text = "".join(p.extract_text() for p in PdfReader(page.last_result.path).pages[:4])
        assert "We statement (Council copy, Fri 1 Mar 2024): Wombat wording" in " ".join(text.split())
        with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
            page.clear_wording()
        from readiness_app.framework import current

        assert current().qs("QS1").we_statement is None
    finally:
        monkey.undo()
        set_current(load_framework())
    reg = open_register(demo_dir / "register.sqlite")
    try:
        assert assessment.setting(reg, "wording_file") is None  # cleared
        assert printing.last_version(reg, "checklist")["version"] == 1
    finally:
        reg.close()
