"""The dashboard shows, not only tells: coverage heat map, next-milestone countdown, readiness over time."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from readiness_app.framework import current
from readiness_app.opening import open_register
from readiness_app.register import readiness, readiness_history, self_assessment
from readiness_app.ui.pages.readiness_chart import next_milestone

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TODAY = date(2026, 11, 23)  # the demo's today: on-site from Tue 15 Dec 2026


@pytest.fixture
def dashboard(window, qtbot, set_today):
    set_today(TODAY)
    page = window.open_page("dashboard")
    page.refresh()
    qtbot.waitUntil(lambda: page.pictures is not None and bool(page.pictures.coverage.statements), timeout=5000)
    page.pictures.show_summary(page.data)
    return page


def test_heat_map_numbers_match_the_register_and_cells_open_their_list(window, qtbot, demo_dir, dashboard):
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    rows = readiness.per_qs(reg)
    reg.close()
    coverage = dashboard.pictures.coverage
    categories = current().categories
    lines = coverage.as_text().splitlines()
    assert len(lines) == 9
    for line, qs in zip(lines, rows, strict=True):
        for c in categories:
            n = qs.evidence_by_category[c.id]
            assert f"{c.name} {n if n else 'none'}" in line  # numbers as text: readable without colour
    empty = next(
        (r, c) for r, qs in enumerate(rows) for c, cat in enumerate(categories) if not qs.evidence_by_category[cat.id]
    )

    QTest.mouseClick(
        coverage, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, coverage.cell_rect(*empty).center()
    )
    evidence = window.current_page()
    assert evidence.key == "evidence"
    assert evidence.qs_filter.currentData() == rows[empty[0]].qs
    assert evidence.category_filter.currentData() == categories[empty[1]].id

    window.open_page("dashboard")
    coverage.setFocus()
    coverage.current = (0, 0)
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Right):
        QTest.keyClick(coverage, key)
    assert coverage.accessibleDescription().startswith(f"QS3 {rows[2].name}, {categories[1].name}:")
    QTest.keyClick(coverage, Qt.Key.Key_Return)
    page = window.current_page()
    assert (page.qs_filter.currentData(), page.category_filter.currentData()) == ("QS3", categories[1].id)


def test_countdown_names_the_next_milestone(dashboard):
    countdown = dashboard.pictures.countdown
    assert countdown.text() == "On-site visit in 22 days, Tue 15 Dec 2026"
    assert countdown.accessibleName() == "Next milestone: On-site visit in 22 days, Tue 15 Dec 2026"
    milestones = [("Information return due", "2026-10-27"), ("On-site visit", "2026-12-15"), ("Later", None)]
    assert next_milestone(milestones, date(2026, 12, 15)) == ("On-site visit", "2026-12-15", 0)
    assert next_milestone(milestones, date(2026, 12, 16)) is None
    countdown.set_milestone(("On-site visit", "2026-12-15", 0))
    assert countdown.text() == "On-site visit today, Tue 15 Dec 2026"
    assert not countdown.grab().isNull()  # drawn without error
    countdown.set_milestone(None)
    assert countdown.text().startswith("No dates ahead")
    assert not countdown.grab().isNull()


def test_readiness_chart_shows_history_and_keeps_today(window, qtbot, demo_dir, dashboard):
    chart = dashboard.pictures.chart
    rag = dashboard.data["rag"]
    assert chart.days[-1] == (TODAY.isoformat(), rag["red"], rag["amber"], rag["green"])
    assert len(chart.days) > 5  # the demo's weekdays before today
    assert chart.accessibleDescription().startswith(
        f"Readiness over time. Mon 23 Nov 2026: {rag['red']} red, {rag['amber']} amber, {rag['green']} green"
    )
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_Left)
    day, red, amber, green = chart.days[-2]
    assert f"{red} red, {amber} amber, {green} green" in chart.accessibleDescription()
    assert day < TODAY.isoformat()
    wait_idle(qtbot, window)
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    assert TODAY.isoformat() not in [r[0] for r in readiness_history.history(reg)]  # showing writes nothing
    reg.close()

    # a change to what readiness is counted from keeps today's counts (undo too)
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        window.ctx.write(lambda r: self_assessment.update(r, "QS1", score=4), "saving the score")
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    kept = readiness_history.history(reg)[-1]
    now = readiness.summary(reg, TODAY)["rag"]
    reg.close()
    assert kept == (TODAY.isoformat(), now["red"], now["amber"], now["green"])


def test_pictures_are_reachable_by_keyboard(window, dashboard):
    from PySide6.QtWidgets import QApplication

    pictures = dashboard.pictures
    window.activateWindow()
    pictures.coverage.setFocus()
    reached = []
    for _ in range(3):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == [pictures.countdown, pictures.chart, dashboard.view]
    for widget in (pictures.coverage, pictures.countdown, pictures.chart):
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert widget.accessibleName()
    assert pictures.coverage.cell_at(0, 0) is None
    first = pictures.coverage.cell_rect(0, 0)
    assert pictures.coverage.cell_at(first.center().x(), first.center().y()) == (0, 0)
    assert isinstance(first.center(), QPoint)


def test_chart_repeats_a_day_without_changes_and_says_so(qtbot):
    from readiness_app.ui.pages.readiness_chart import CHART_DAYS, ReadinessChart

    chart = ReadinessChart()
    qtbot.addWidget(chart)
    chart.set_history([("2026-10-01", 9, 0, 0), ("2026-11-20", 5, 3, 1), ("2026-11-23", 3, 4, 2)], TODAY)
    assert len(chart.days) == CHART_DAYS  # from 3 Nov, carried from 1 Oct until the 20th
    assert chart.days[0] == ("2026-11-03", 9, 0, 0) and "2026-11-03" in chart.carried
    assert chart.days[-2] == ("2026-11-22", 5, 3, 1)
    assert chart.day_text(CHART_DAYS - 2) == "Sun 22 Nov 2026: 5 red, 3 amber, 1 green (no change that day)"
    assert chart.day_text(CHART_DAYS - 1) == "Mon 23 Nov 2026: 3 red, 4 amber, 2 green"
    assert not chart.grab().isNull()


def test_heat_map_headings_are_whole_when_its_cells_are_narrow(window, dashboard, qtbot):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFont, QFontMetrics

    coverage = dashboard.pictures.coverage
    small = QFont(coverage.font())
    small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
    metrics = QFontMetrics(small)
    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
    for width in (1366, 1024):  # the window, so the map's cells are wide, then at their narrowest
        window.resize(width, 600)
        qtbot.waitUntil(lambda w=width: window.width() == w, timeout=2000)
        for col, (_id, name) in enumerate(coverage.categories):
            cell = coverage.cell_rect(0, col)
            needed = metrics.boundingRect(QRect(0, 0, cell.width() - 4, 1000), flags, name).height()
            assert needed <= cell.top() - 2, (width, name, needed, cell.top())  # the heading above its cells
        last = len(coverage.statements) - 1  # and the map grows to hold its last row (a layout pass later)
        qtbot.waitUntil(lambda n=last: coverage.height() >= coverage.cell_rect(n, 0).bottom(), timeout=2000)
