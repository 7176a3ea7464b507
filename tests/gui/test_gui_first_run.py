"""What a newcomer sees first, on a new, empty register and a small laptop screen."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from readiness_app.errors import ValidationErrors
from readiness_app.opening import create_register, open_register

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")]


@pytest.fixture
def new_window(make_window, tmp_path):
    path = tmp_path / "new.sqlite"
    (tmp_path / "evidence").mkdir()
    create_register(path, council="Testshire County Council", evidence_folder=tmp_path / "evidence").close()
    return make_window(path)


def _bottom_of(page, text: str) -> int:
    """Where `text` ends on the dashboard, in pixels from the top of what the page's scroll area shows."""
    view = page.view
    found = view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(found)
    return view.viewport().mapTo(page.page_scroll.viewport(), view.cursorRect(cursor).bottomLeft()).y()


def test_getting_started_list_fits_a_1024x600_screen_with_the_pictures_below(new_window, qtbot):
    window = new_window
    window.resize(1024, 600)
    page = window.open_page("dashboard")
    qtbot.waitUntil(lambda: page.pictures is not None and page.pictures.isVisible(), timeout=10_000)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: page.body_layout.indexOf(page.pictures) == 1, timeout=5000)
    assert page.first_steps
    assert page.page_scroll.verticalScrollBar().value() == 0
    last_step = _bottom_of(page, "Enter the self-assessment scores and owners")
    assert 0 < last_step <= page.page_scroll.viewport().height()  # every step readable without scrolling
    assert page.text().index("Getting started") < page.text().index("Indicative rating")
    assert page.pictures.geometry().top() >= page.view.geometry().bottom()  # the pictures follow the text
    assert page.pictures.geometry().bottom() <= page.body.height()  # on the page, which scrolls as one


def test_established_register_keeps_the_pictures_on_top(window, qtbot):
    page = window.open_page("dashboard")
    qtbot.waitUntil(lambda: page.pictures is not None and page.pictures.isVisible(), timeout=10_000)
    assert not page.first_steps
    assert page.body_layout.indexOf(page.pictures) == 0
    assert page.pictures.geometry().bottom() <= page.view.geometry().top()


def test_rows_with_problems_are_not_counted_as_failed_work(new_window):
    window = new_window
    window._on_job_failed("check import", ValidationErrors([], "council-timetable.xlsx"))
    assert "Failed" not in window.jobs_label.text()
    window._on_job_failed("export gaps", RuntimeError("disk full"))
    assert "Failed: 1 (last: export gaps)" in window.jobs_label.text()


def test_counts_say_one_item_and_one_snapshot(new_window, qtbot):
    from readiness_app.register import evidence as evidence_register
    from readiness_app.register import sessions, snapshots

    window = new_window
    evidence = window.open_page("evidence")
    wait_idle(qtbot, window)
    assert evidence.count_label.text().startswith("No evidence yet: files saved in the evidence folder")
    interviews = window.open_page("interviews")
    wait_idle(qtbot, window)
    assert interviews.summary.text() == "No sessions yet: New session, or File > Import from a spreadsheet"
    reg = open_register(window.ctx.register_path)
    sessions.create(reg, date="2027-02-09", start="09:00", end="10:00", title="Front door")
    evidence_register.create(reg, "Carers strategy.pdf", status="accepted")
    reg.close()
    interviews.refresh()
    qtbot.waitUntil(lambda: interviews.summary.text() == "1 session; 0 double bookings", timeout=5000)
    evidence.refresh()
    qtbot.waitUntil(lambda: evidence.count_label.text() == "1 item", timeout=5000)
    reg = open_register(window.ctx.register_path)
    snapshots.take(reg, "Before the board")
    reg.close()
    page = window.open_page("snapshots")
    page.refresh()
    assert page.header.text().startswith("1 snapshot, read-only.")


def test_print_page_lists_documents_without_command_line_hints(new_window):
    page = new_window.open_page("print")
    texts = [page.documents.item(n).text() for n in range(page.documents.count())]
    assert any(t.startswith("Self-assessment comparison\n    two self-assessments side by side") for t in texts)
    assert not [t for t in texts if "`" in t]


def test_guide_covers_what_the_app_now_does(new_window):
    from readiness_app.ui import help as guide

    new_window.show_guide()
    browser = new_window.guide.browser
    text = {}
    for page in guide.guide_pages():
        new_window.guide.show_page(page)
        text[page] = browser.toPlainText()
    assert "Before the visit" in text["index.md"]
    everything = "\n".join(text.values())
    for words in (
        "File > Register settings",
        "Rooms and team",
        "Header row",
        "Save mapping...",
        "Edit > Undo",
        "Ctrl+Shift+Z",
        "double-click an empty slot",
        "Import CQC's list...",
        "Import figures...",
        "Take snapshot...",
        "Timeline",
        "Getting started list",
    ):
        assert words in everything, words
    assert "simple edit" not in everything  # undo now covers every change made in the app
    new_window.guide.close()


def test_timetable_room_names_wrap_to_their_column_on_a_small_screen(window, qtbot):
    window.resize(1024, 600)
    page = window.open_page("interviews")
    page.view_choice.setCurrentIndex(page.view_choice.findData("timetable"))
    page.day.setCurrentIndex(1)
    grid = page.timetable
    qtbot.waitUntil(lambda: grid.columnCount() > 3, timeout=5000)
    qtbot.waitUntil(lambda: grid.columnWidth(0) < 160, timeout=5000)
    grid.wrap_room_names()  # as a resize does
    metrics = grid.horizontalHeader().fontMetrics()
    names = []
    for col in range(grid.columnCount()):
        header = grid.horizontalHeaderItem(col)
        lines = header.text().split("\n")
        names.append(" ".join(lines))
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        assert widest <= grid.columnWidth(col), header.text()
        assert header.toolTip() == " ".join(lines)  # the whole name, unchanged
    assert any("\n" in grid.horizontalHeaderItem(c).text() for c in range(grid.columnCount()))


def test_dashboard_counts_say_one_and_many(new_window, qtbot):
    from readiness_app.register import evidence as evidence_register

    window = new_window
    page = window.open_page("dashboard")
    assert "0 evidence items" in page.text()
    reg = open_register(window.ctx.register_path)
    evidence_register.create(reg, "Carers strategy.pdf", status="accepted")
    reg.close()
    page.refresh()
    text = " ".join(page.text().replace("\u00a0", " ").split())
    assert "· 1 evidence item · 0 sessions" in text
    assert "1 evidence items" not in text


def test_a_saved_new_room_is_selected_and_its_form_says_edit(new_window, qtbot):
    from readiness_app.ui.widgets import selected_ids

    page = new_window.open_page("setup")
    rooms = page.rooms
    rooms.new_item()
    assert rooms.form_box.title() == "New room"
    rooms.widgets["name"].setText("Room 1")
    rooms.save()
    wait_idle(qtbot, new_window)
    qtbot.waitUntil(lambda: rooms.form_box.title().startswith("Edit room"), timeout=5000)
    assert selected_ids(rooms.table) == [rooms.current_id]
    rooms.widgets["name"].setText("Room 1 (ground floor)")
    rooms.save()  # a second Save changes the room, it does not add another
    wait_idle(qtbot, new_window)
    reg = open_register(new_window.ctx.register_path)
    assert [r["name"] for r in reg.query("SELECT name FROM room")] == ["Room 1 (ground floor)"]
    reg.close()


def test_information_return_form_is_not_cut_at_1024x600(new_window, qtbot):
    from PySide6.QtWidgets import QScrollArea

    window = new_window
    window.resize(1024, 600)
    page = window.open_page("information_return")
    wait_idle(qtbot, window)
    area = page.findChild(QScrollArea, "information_return_form_scroll")
    qtbot.waitUntil(lambda: area.width() >= page.form_box.minimumSizeHint().width(), timeout=5000)
    viewport = area.viewport()
    for key in ("number", "title", "status", "owner"):
        field = page.widgets[key]
        right = field.mapTo(viewport, field.rect().topRight()).x()
        assert right <= viewport.width(), key  # the whole field shows, no horizontal scroll bar to find it


def test_evidence_details_show_the_start_of_a_long_title(window, qtbot):
    window.resize(1024, 600)
    page = window.open_page("evidence")
    wait_idle(qtbot, window)
    page.apply_filters(status="inbox")
    page.table.selectRow(0)
    edit = page.details.title_edit
    qtbot.waitUntil(lambda: bool(edit.text()), timeout=5000)
    assert edit.cursorPosition() == 0


def test_empty_gaps_and_cases_say_how_to_add_the_first(new_window, qtbot):
    gaps = new_window.open_page("gaps")
    cases = new_window.open_page("cases")
    wait_idle(qtbot, new_window)
    gaps.refresh()
    cases.refresh()
    assert gaps.count_label.text() == "No gaps yet: New gap records what is missing"
    assert cases.count_label.text() == "No cases yet: New case, or File > Import from a spreadsheet"


def test_getting_started_counts_say_one(new_window, qtbot):
    from readiness_app.register import cases, cqc_team, rooms

    window = new_window
    reg = open_register(window.ctx.register_path)
    rooms.add(reg, "Room 1")
    cqc_team.add(reg, "Sam Jones", role="assessor")
    cases.create(reg, "TS-101")
    reg.close()
    page = window.open_page("dashboard")
    page.refresh()
    text = " ".join(page.text().split())
    assert "1 room, 1 in the CQC team" in text and "1 case " in text
    assert "1 rooms" not in text and "1 cases" not in text


def test_import_dialog_on_a_1024x600_screen_draws_nothing_over_anything(new_window, qtbot, monkeypatch):
    from pathlib import Path

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "council-timetable.xlsx"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(sample), "")))
    new_window.findChild(QAction, "import_sessions").trigger()
    dialog = new_window.import_dialog
    dialog.resize(960, 560)  # as big as it opens on a 1024x600 laptop
    dialog._browse()
    qtbot.waitUntil(lambda: dialog.mapper.rows.rowCount() > 0, timeout=10_000)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.results.rowCount() > 0, timeout=10_000)
    for half in (dialog.mapping_half, dialog.results_half):
        # never squeezed below what its parts need: they scroll instead of overlapping
        assert half.height() >= half.minimumSizeHint().height()
    mapper = dialog.mapper
    assert mapper.rows.geometry().bottom() < mapper.found.geometry().top()
    assert mapper.found.geometry().bottom() < mapper.header_row.mapTo(mapper, mapper.header_row.rect().topLeft()).y()
    dialog.done(0)
    wait_idle(qtbot, new_window)
