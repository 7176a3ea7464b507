"""A system dark mode (Windows 11, macOS) gives the app a dark palette: every page stays legible.

No page paints a light background under the palette's light text, the timetable's blocks take
their dark partners with text at 4.5:1, and the pictures are drawn on dark grounds.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

from readiness_app.ui import tour
from readiness_app.ui.accessibility import dark_palette
from readiness_app.ui.colours import contrast_ratio, luminance

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{3,6}|white)\b")
INK = re.compile(r"(?<![-\w])color\s*:")


@pytest.fixture
def dark(qapp):
    before = QPalette(qapp.palette())
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(before)


def _light_grounds_without_ink(top: QWidget) -> list[str]:
    """Widgets whose style sheet paints a light background but leaves the text the palette's (light) colour."""
    found = []
    for widget in [top, *top.findChildren(QWidget)]:
        sheet = widget.styleSheet()
        if not sheet or not widget.isVisibleTo(top):
            continue
        for colour in BACKGROUND.findall(sheet):
            hex_ = "#ffffff" if colour == "white" else colour
            if luminance(hex_) > 0.4 and not INK.search(sheet):
                found.append(f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()}: {sheet}")
    return found


def test_no_page_paints_light_text_on_a_light_background(make_window, demo_dir, qtbot, dark):
    window = make_window(demo_dir / "register.sqlite")
    problems = []
    for key, page in tour.pages(window):
        wait_idle(qtbot, window)
        problems += [f"{key}: {p}" for p in _light_grounds_without_ink(page)]
    people = window.open_page("people")
    people.people_table.selectRow(0)  # the schedule panel, filled
    evidence = window.open_page("evidence")
    evidence.apply_filters(status="inbox")
    evidence.table.selectRow(0)
    wait_idle(qtbot, window)
    problems += _light_grounds_without_ink(people) + _light_grounds_without_ink(evidence)
    assert problems == []
    sheet = people.person_schedule.styleSheet()
    ground = BACKGROUND.search(sheet)
    assert ground and luminance(ground.group(1)) < 0.05, sheet


def test_timetable_blocks_take_their_dark_partners_with_readable_text(make_window, demo_dir, qtbot, dark):
    window = make_window(demo_dir / "register.sqlite")
    page = window.open_page("interviews")
    page.view_choice.setCurrentIndex(page.view_choice.findData("timetable"))
    wait_idle(qtbot, window)
    grid = page.timetable
    blocks = [
        grid.item(row, col)
        for row in range(grid.rowCount())
        for col in range(grid.columnCount())
        if grid.item(row, col) is not None and grid.item(row, col).data(Qt.ItemDataRole.UserRole)
    ]
    assert len(blocks) > 5
    clashes = 0
    for item in blocks:
        ground, ink = item.background().color().name(), item.foreground().color().name()
        assert luminance(ground) < 0.1, (item.text(), ground)
        assert contrast_ratio(ink, ground) >= 4.5, (item.text(), ink, ground)
        clashes += item.text().startswith("⚠")
    assert clashes  # the demo's double bookings, marked by more than colour


def test_the_dashboard_countdown_is_drawn_on_a_dark_ground(make_window, demo_dir, qtbot, dark):
    window = make_window(demo_dir / "register.sqlite")
    dashboard = window.open_page("dashboard")
    qtbot.waitUntil(lambda: dashboard.pictures is not None, timeout=5000)
    countdown = dashboard.pictures.countdown
    qtbot.waitUntil(lambda: countdown.milestone is not None, timeout=5000)
    image = countdown.grab().toImage()
    corner = image.pixelColor(3, 3)
    assert corner.lightness() < 80, corner.name()
