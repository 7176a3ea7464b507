"""Search everything in the desktop app: Ctrl+K, results by kind, Enter opens, Find evidence links, indexing pauses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from readiness_app.evidence.indexing import index_contents
from readiness_app.evidence.reconcile import reconcile
from readiness_app.opening import open_register
from readiness_app.register import requests, search

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def indexed_demo(demo_dir):
    """The demo with every evidence file's text read (as the watcher leaves it)."""
    (demo_dir / "evidence" / "Photo of the board.jpg").write_bytes(b"\xff\xd8\xff\xe0 not text")
    with open_register(demo_dir / "register.sqlite") as reg:
        reconcile(reg)
        index_contents(reg)
        assert search.contents_status(reg)["with_text"] > 100
    return demo_dir


def _results(dialog) -> dict[str, list[str]]:
    tree = dialog.results
    groups = {}
    for n in range(tree.topLevelItemCount()):
        header = tree.topLevelItem(n)
        groups[header.text(0).rsplit(" (", 1)[0]] = [header.child(m).text(0) for m in range(header.childCount())]
    return groups


def test_ctrl_k_finds_words_inside_files_and_enter_opens_the_item(make_window, indexed_demo, qtbot):
    window = make_window(indexed_demo / "register.sqlite")
    action = next(a for a in window.edit_menu.actions() if a.objectName() == "search_everything")
    assert action.shortcut() == QKeySequence("Ctrl+K")
    action.trigger()
    dialog = window.search_dialog
    assert dialog.isVisible()
    # "Prepared for" is printed inside every demo file, never in a title or a record.
    qtbot.keyClicks(dialog.box, "prepared")
    qtbot.waitUntil(lambda: dialog.searched == "prepared", timeout=5000)
    groups = _results(dialog)
    assert list(groups) == ["Evidence"] and len(groups["Evidence"]) > 20
    hit = dialog.current_hit()
    assert hit.in_file and "<b>Prepared</b>" in dialog.results.itemWidget(dialog.results.currentItem(), 1).text()

    dialog.box.setText("waiting list")
    qtbot.waitUntil(lambda: dialog.searched == "waiting list", timeout=5000)
    groups = _results(dialog)
    assert {"Evidence", "CQC requests", "Information return", "Gaps"} <= set(groups)
    # Enter on a gap opens the gaps page with that gap selected.
    gap_item = next(
        dialog.results.topLevelItem(n).child(0)
        for n in range(dialog.results.topLevelItemCount())
        if dialog.results.topLevelItem(n).text(0).startswith("Gaps")
    )
    gap = gap_item.data(0, Qt.ItemDataRole.UserRole)
    dialog.results.setCurrentItem(gap_item)
    qtbot.keyClick(dialog.results, Qt.Key.Key_Return)
    page = window.current_page()
    assert page.key == "gaps" and not dialog.isVisible()
    qtbot.waitUntil(lambda: page.table.selectionModel().hasSelection(), timeout=5000)
    row = page.table.selectionModel().selectedRows()[0].row()
    assert page.model.id_at(row) == gap.record


def test_the_sidebar_box_searches_and_enter_opens_the_best_file(make_window, indexed_demo, qtbot, opened_urls):
    window = make_window(indexed_demo / "register.sqlite")
    qtbot.keyClicks(window.search_field, "carers strategy")
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    dialog = window.search_dialog
    qtbot.waitUntil(lambda: dialog.searched == "carers strategy", timeout=5000)
    best = dialog.current_hit()
    assert best.kind == "evidence" and "carers" in best.title.lower()
    dialog.open_file()
    assert opened_urls[-1].endswith(best.rel_path)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    page = window.current_page()
    assert page.key == "evidence"
    qtbot.waitUntil(lambda: page.table.selectionModel().hasSelection(), timeout=5000)
    assert page.model.id_at(page.table.selectionModel().selectedRows()[0].row()) == best.record


def test_find_evidence_from_a_cqc_request_links_the_ticked_files(make_window, indexed_demo, qtbot):
    window = make_window(indexed_demo / "register.sqlite")
    with open_register(indexed_demo / "register.sqlite") as reg:
        request_id = requests.create(reg, received_date="2026-11-20", description="Your carers' strategy, please")
    window.ctx.data_changed.emit()
    page = window.open_page("requests")
    wait_idle(qtbot, window)
    page.table.selectRow(page.model.row_of_id(request_id))
    page.find_evidence()
    dialog = page.search_dialog
    qtbot.waitUntil(lambda: bool(dialog.hits), timeout=5000)
    assert dialog.kinds == ["evidence"] and all(h.kind == "evidence" for h in dialog.hits)
    first = dialog._hit_items()[0]
    wanted = first.data(0, Qt.ItemDataRole.UserRole)
    assert "carers" in wanted.title.lower()
    first.setCheckState(0, Qt.CheckState.Checked)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        dialog.link_ticked()
    wait_idle(qtbot, window)
    with open_register(indexed_demo / "register.sqlite", readonly=True) as reg:
        assert [e["id"] for e in requests.get(reg, request_id)["evidence"]] == [wanted.record]
    assert dialog.summary.text() == "Linked 1 file"


def test_reading_files_shows_progress_and_can_be_paused(make_window, demo_dir, qtbot):
    window = make_window(demo_dir / "register.sqlite", watch=True)
    qtbot.waitUntil(lambda: window.indexing_bar is not None and window.indexing_bar.isVisible(), timeout=15000)
    bar = window.indexing_bar
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    assert bar.button.text() == "Go on"
    watcher = window.watcher.watcher
    qtbot.waitUntil(lambda: watcher.reader.paused, timeout=5000)
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    assert not watcher.reader.paused

    def all_read() -> bool:
        return search.contents_status(window.ctx.read)["waiting"] == 0 and not watcher.reader.busy

    qtbot.waitUntil(all_read, timeout=30000)
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=5000)
    assert search.search(window.ctx.read, "prepared", kinds=["evidence"])[0].in_file


def test_snippets_show_record_text_as_plain_text(empty_register):
    from readiness_app.register import gaps
    from readiness_app.ui.search import snippet_html

    gaps.create(empty_register, "QS3", "Template <b>bold</b> & <script>tag</script> oryxword", "low")
    hit = search.search(empty_register, "oryxword")[0]
    shown = snippet_html(hit)
    assert "&lt;b&gt;bold&lt;/b&gt;" in shown and "<b>oryxword</b>" in shown and "<script>" not in shown


def test_the_settings_turn_searching_inside_files_off_and_show_the_size_limit(make_window, indexed_demo, qtbot):
    from readiness_app.evidence import settings as evidence_settings

    window = make_window(indexed_demo / "register.sqlite")
    window.open_register_settings()
    dialog = window.settings_dialog
    assert dialog.index_contents.isChecked() and dialog.index_limit.value() == 2048
    assert dialog.index_limit.suffix() == " MB"
    dialog.index_contents.setChecked(False)
    dialog.index_limit.setValue(500)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    wait_idle(qtbot, window)
    with open_register(indexed_demo / "register.sqlite", readonly=True) as reg:
        saved = evidence_settings.load(reg)
        assert not saved.index_contents and saved.index_limit_mb == 500
        assert not search.has_contents(reg)
        assert not [h for h in search.search(reg, "prepared") if h.in_file]


def test_an_item_with_no_searchable_text_says_why(make_window, indexed_demo, qtbot):
    window = make_window(indexed_demo / "register.sqlite")
    window.open_search("photo board")
    dialog = window.search_dialog
    qtbot.waitUntil(lambda: dialog.searched == "photo board", timeout=5000)
    hit = dialog.current_hit()
    assert hit.rel_path == "Photo of the board.jpg" and not hit.in_file
    qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    page = window.current_page()
    qtbot.waitUntil(lambda: page.details.item_id == hit.record, timeout=5000)
    assert "Not searchable by its words: .jpg files are not read for text" in page.details.added.text()


def test_find_evidence_from_an_information_return_item_answers_it(make_window, indexed_demo, qtbot):
    from readiness_app.register import information_return as ir

    window = make_window(indexed_demo / "register.sqlite")
    page = window.open_page("information_return")
    wait_idle(qtbot, window)
    with open_register(indexed_demo / "register.sqlite", readonly=True) as reg:
        item_id = ir.item_id(reg, "11")  # "Carers strategy", not answered in the demo
        assert ir.get_item(reg, item_id)["answers"] == []
    page.table.selectRow(page.model.row_of_id(item_id))
    page.find_evidence()
    dialog = page.search_dialog
    qtbot.waitUntil(lambda: bool(dialog.hits), timeout=5000)
    first = dialog._hit_items()[0]
    wanted = first.data(0, Qt.ItemDataRole.UserRole)
    assert "carers" in wanted.title.lower() and dialog.windowTitle() == "Find evidence"
    first.setCheckState(0, Qt.CheckState.Checked)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        dialog.link_ticked()
    wait_idle(qtbot, window)
    with open_register(indexed_demo / "register.sqlite", readonly=True) as reg:
        answers = ir.get_item(reg, item_id)["answers"]
    assert [(a["kind"], a["evidence_id"]) for a in answers] == [("evidence", wanted.record)]
