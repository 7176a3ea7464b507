"""The Timeline page says whose each milestone is (the council's or CQC's) in a column of words, and its form sets it
for a milestone the council added; a standard milestone's side is refused beside the form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from readiness_app.opening import open_register
from readiness_app.register import timeline
from readiness_app.ui.pages.timeline import TITLE, WHOSE
from readiness_app.ui.widgets import set_combo

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _shown(page) -> dict[str, str]:
    return {page.model.row_at(r)[TITLE]: page.model.row_at(r)[WHOSE] for r in range(page.model.rowCount())}


def test_the_timeline_page_shows_and_sets_whose_milestone_it_is(window, qtbot):
    page = window.open_page("timeline")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert "Whose" in headers
    shown = _shown(page)
    assert shown["Improvement plan due"] == "Council"
    assert shown["Self-assessment 2026 signed off by the DASS"] == "Council"
    assert shown["Information return due"] == "CQC" and shown["On-site days"] == "CQC"
    assert shown["CQC calls with partners and providers"] == "CQC"

    page.new_item()
    page.widgets["title"].setText("Evidence CQC asked for after the visit")
    page.widgets["date"].setText("15/01/2027")
    set_combo(page.widgets["whose"], "cqc")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=10_000):
        page.save()
    qtbot.waitUntil(lambda: "Evidence CQC asked for after the visit" in _shown(page), timeout=5000)
    assert _shown(page)["Evidence CQC asked for after the visit"] == "CQC"
    reg = open_register(window.ctx.register_path, readonly=True)
    try:
        assert timeline.find(reg, "Evidence CQC asked for after the visit")["whose"] == "cqc"
    finally:
        reg.close()

    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r)[0] == "onsite")
    page.table.selectRow(row)
    assert page.widgets["whose"].currentData() == "cqc"
    set_combo(page.widgets["whose"], "council")
    page.save()
    qtbot.waitUntil(page.error.isVisible, timeout=10_000)
    assert "is CQC's milestone; that is fixed" in page.error.text()
    wait_idle(qtbot, window)


def test_at_1024_wide_whose_stays_in_view_and_the_from_column_gives_way(window, qtbot):
    page = window.open_page("timeline")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    header = page.table.horizontalHeader()
    whose, last = [c.title for c in page.columns].index("Whose"), len(page.columns) - 1
    assert not header.isSectionHidden(whose) and not header.isSectionHidden(last)  # 1366 wide: all shown
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: header.isSectionHidden(last), timeout=5000)
    assert not header.isSectionHidden(whose)
    right = header.sectionViewportPosition(whose) + header.sectionSize(whose)
    assert right <= page.table.viewport().width()
    # the owner gives way too (the form shows it), so the milestone's own words get the room
    owner, title = [c.title for c in page.columns].index("Owner"), [c.title for c in page.columns].index("Milestone")
    assert header.isSectionHidden(owner)
    assert header.sectionSize(title) >= 150
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: not header.isSectionHidden(last), timeout=5000)


def test_at_1024_wide_a_long_milestone_opened_in_the_form_keeps_the_form_inside_the_window(window, qtbot):
    window.resize(1024, 600)
    page = window.open_page("timeline")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    long_title = "Self-assessment signed off by Cabinet after the scrutiny committee's review"
    page.new_item()
    page.widgets["title"].setText(long_title)
    page.widgets["date"].setText("19/02/2027")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=10_000):
        page.save()
    qtbot.waitUntil(lambda: long_title in _shown(page), timeout=5000)
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r)[TITLE] == long_title)
    page.table.selectRow(row)
    wait_idle(qtbot, window)
    assert page.form_box.toolTip().endswith(long_title)  # whole in the tooltip, shortened in the title
    right = page.form_box.mapTo(window, page.form_box.rect().topRight()).x()
    needs = page.form_box.minimumSizeHint().width()
    assert needs <= page.form_box.width(), f"the form's title needs {needs} px of its {page.form_box.width()}"
    assert right <= 1024, f"the form reaches {right} px in a 1024 px window"
    assert page.widgets["title"].cursorPosition() == 0  # the field shows the title's beginning
