"""The information return, snapshots and figures in the desktop app (offscreen, no modal dialog)."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog

from readiness_app.opening import open_register
from readiness_app.register import information_return as ir
from readiness_app.register import snapshots

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TODAY = date(2026, 11, 23)


def _register(window):
    return open_register(window.ctx.register_path, readonly=True)


def test_return_page_lists_unanswered_first_and_a_suggestion_answers_with_one_click(window, qtbot, set_today):
    set_today(TODAY)
    page = window.open_page("information_return")
    assert "30 items" in page.header.text() and "4 not yet answered" in page.header.text()
    assert [page.model.data(page.model.index(r, 0)) for r in range(4)] == ["11", "12.2", "22", "25"]
    page.table.selectRow(0)
    assert page.item["number"] == "11" and page.answer_list.item(0).text() == "Not answered yet"
    suggested = page.suggestion_list.item(0).text()  # item 11 asks for the carers' strategy
    reference = suggested.split()[0]
    assert reference.startswith("LAIR-") and "carers" in suggested.lower(), suggested
    reg = _register(window)
    assert (
        reg.scalar("SELECT COUNT(*) FROM return_answer a JOIN return_item i ON i.id = a.item_id WHERE number = '11'")
        == 0
    )
    reg.close()
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    reg = _register(window)
    item = ir.get_item(reg, ir.item_id(reg, "11"), today=TODAY)
    reg.close()
    assert [a["reference"] for a in item["answers"]] == [reference] and item["status"] == "in_progress"
    assert "3 not yet answered" in page.header.text()


def test_answer_dialog_refuses_a_file_link_then_saves_a_web_link(window, qtbot):
    page = window.open_page("information_return")
    page.table.selectRow(0)
    number = page.item["number"]
    page.answer()
    dialog = page.answer_dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("link"))
    assert dialog.link.isVisible() and not dialog.files.isVisible()
    dialog.link.setText("file:///C:/Users/me/secret.docx")
    dialog.save()
    assert "links must start http" in dialog.error.text()
    dialog.link.setText("https://www.northmoor.example.gov.uk/carers")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    wait_idle(qtbot, window)
    reg = _register(window)
    item = ir.get_item(reg, ir.item_id(reg, number))
    reg.close()
    assert [a["link"] for a in item["answers"]] == ["https://www.northmoor.example.gov.uk/carers"]


def test_answer_dialog_picks_a_file_by_reference_and_marks_a_section(window, qtbot):
    page = window.open_page("information_return")
    page.table.selectRow(1)
    number = page.item["number"]
    page.answer()
    dialog = page.answer_dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("section"))
    dialog.search.setText("lair-099")
    assert dialog.files.count() == 1 and dialog.files.item(0).text().startswith("LAIR-099")
    dialog.save()
    assert "give the page or section" in dialog.error.text()
    dialog.section.setText("pages 4-6")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    wait_idle(qtbot, window)
    reg = _register(window)
    item = ir.get_item(reg, ir.item_id(reg, number))
    reg.close()
    assert item["answers"][0]["text"].startswith("LAIR-099 ") and item["answers"][0]["text"].endswith(", pages 4-6")


def test_dashboard_tile_links_to_items_whose_file_is_missing(window, qtbot):
    dashboard = window.open_page("dashboard")
    text = dashboard.text()
    assert "Information return: 30 items" in text and "1 answer with a missing file" in text
    assert "2 stale" in text  # annual figures stay current until the next is due
    dashboard.follow("information_return?missing=1")
    page = window.current_page()
    assert page.key == "information_return" and page.model.rowCount() == 1
    assert "file missing" in page.model.data(page.model.index(0, 7))


def test_snapshots_page_takes_compares_and_prints(window, qtbot, monkeypatch, tmp_path, set_today):
    set_today(TODAY)
    page = window.open_page("snapshots")
    reg = _register(window)
    taken = len(snapshots.list_snapshots(reg))  # the demo's two (three once the real clock passes its visit day)
    reg.close()
    assert taken >= 2 and page.a.count() == taken and page.b.itemData(0) is None  # B defaults to now
    page.a.setCurrentIndex(page.a.findData(1))  # the summer board refresh
    html = page.view.toHtml()
    assert "3 of 9 quality statements changed" in page.view.toPlainText()
    assert "line-through" in html and "underline" in html
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Before the board", True)))
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.take()
    wait_idle(qtbot, window)
    reg = _register(window)
    assert snapshots.get(reg, "Before the board")["reason"] == "manual"
    reg.close()
    assert page.a.count() == taken + 1
    target = tmp_path / "board paper.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "PDF (*.pdf)")))
    page.a.setCurrentIndex(page.a.findData(1))
    page.print_comparison()
    qtbot.waitUntil(target.exists, timeout=10_000)
    wait_idle(qtbot, window)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(target).pages)
    assert "Board refresh (summer)" in text and "QS7 Safeguarding" in text


def test_quality_statement_page_shows_figures_with_trend_charts_and_the_rubric(window, qtbot, set_today):
    set_today(TODAY)
    page = window.open_page("quality", {"qs": "QS7"})
    panel = page.figures
    text = panel.text()
    assert "What each rating looks like" in text and "Example, not CQC's text" in text
    assert "Figures to know (5)" in text and "STALE (over 6 months)" in text
    assert len(panel.charts) == 5
    dols = next(c for c in panel.charts if c.indicator["name"].startswith("DoLS"))
    dols.resize(120, 36)
    first, last = dols.points()
    assert last.y() > first.y()  # fewer waiting: the line goes down the chart
    assert "455" in dols.toolTip() and "improving" in dols.toolTip()
    image = dols.grab()
    assert image.width() == 120


def test_figures_page_adds_by_hand_refuses_a_bad_percentage_and_filters_stale(window, qtbot, set_today):
    from readiness_app.register import indicators

    set_today(TODAY)
    page = window.open_page("figures")
    # Annual figures (ASCOF, surveys) stay current until the next is due: only two monthly ones are stale.
    assert page.model.rowCount() == 30 and "2 stale" in page.header.text()
    page.apply_filters(stale=1)
    assert page.model.rowCount() == 2
    page.apply_filters()
    page.new_item()
    for key, value in (("name", "Hospital readmissions within 91 days"), ("value", "104"), ("unit", "%")):
        page.widgets[key].setText(value)
    page.widgets["data_date"].setText("01/11/2026")
    page.widgets["history"].setText("2025/26: 9.5")
    page.save()
    assert "104 is not a percentage (0 to 100)" in page.error.text()
    page.widgets["value"].setText("8.1")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.save()
    wait_idle(qtbot, window)
    reg = _register(window)
    (row,) = [r for r in indicators.list_indicators(reg, today=TODAY) if r["name"].startswith("Hospital")]
    reg.close()
    assert (row["qs"], row["value"], row["unit"], row["better"], row["history"]) == (
        "QS1",
        8.1,
        "%",
        "higher",
        [["2025/26", 9.5]],
    )
    page.months.setValue(12)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.set_months()
    wait_idle(qtbot, window)
    assert "none stale" in page.header.text() and "over 12 months" in page.header.text()
