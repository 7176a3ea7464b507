"""Contrast of what the broader check (test_gui_accessibility) leaves out: the case stage shown
(a toggle that is on), hint text in empty fields and the readiness chart's axis, on the default
palette and on Windows' High Contrast Black: 4.5:1 for words, 3:1 for a graphic or a state."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from readiness_app.ui import accessibility
from readiness_app.ui.colours import contrast_ratio

from .conftest import wait_idle
from .test_gui_accessibility import high_contrast as high_contrast  # the palette fixture, shared

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture(params=["default", "high-contrast"])
def palette_name(request):
    if request.param == "high-contrast":
        request.getfixturevalue("high_contrast")
    return request.param


def _inside(button) -> str:
    """The colour a button is filled with (a pixel clear of its border and words)."""
    image = button.grab().toImage()
    return image.pixelColor(4, image.height() // 2).name()


def test_the_case_stage_shown_stands_out_from_the_others_and_its_words_from_it(
    make_window, demo_dir, qtbot, palette_name
):
    window = make_window(demo_dir / "register.sqlite")
    page = window.open_page("cases")
    wait_idle(qtbot, window)
    page.set_stage("shortlisted")
    qtbot.waitUntil(lambda: page.stage_buttons["shortlisted"].isChecked())
    shown, other = page.stage_buttons["shortlisted"], page.stage_buttons["tracked"]
    assert not other.isChecked()
    on, off = _inside(shown), _inside(other)
    ground = page.palette().window().color().name()
    words = shown.palette().buttonText().color().name()
    checks = {
        "stage shown against the window": (contrast_ratio(on, ground), 3.0),
        "stage shown against a stage not shown": (contrast_ratio(on, off), 3.0),
        "words on the stage shown": (contrast_ratio("#ffffff", on), 4.5),
    }
    assert {name: round(ratio, 2) for name, (ratio, least) in checks.items() if ratio < least} == {}, (on, off, words)


def test_hint_text_in_empty_fields_reads_at_4_5_to_1(qapp, palette_name):
    palette = qapp.palette()
    base = palette.color(QPalette.ColorRole.Base).name()
    assert contrast_ratio(palette.color(QPalette.ColorRole.PlaceholderText).name(), base) >= 4.5
    # a dark palette that brings Qt's faint grey hint: the app swaps in a readable one
    dark = QPalette(palette)
    dark.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    dark.setColor(QPalette.ColorRole.PlaceholderText, QColor("#3c3c3c"))
    before = QPalette(qapp.palette())
    qapp.setPalette(dark)
    try:
        accessibility.readable_placeholders(qapp)
        hint = qapp.palette().color(QPalette.ColorRole.PlaceholderText).name()
        assert contrast_ratio(hint, "#101010") >= 4.5, hint
    finally:
        qapp.setPalette(before)


def test_the_readiness_chart_axis_and_marker_read_on_either_palette(make_window, demo_dir, qtbot, palette_name):
    window = make_window(demo_dir / "register.sqlite")
    dashboard = window.open_page("dashboard")
    qtbot.waitUntil(lambda: dashboard.pictures is not None, timeout=5000)
    pairs = dashboard.pictures.chart.colour_pairs()
    low = [
        (what, round(contrast_ratio(ink, ground), 2))
        for what, ink, ground in pairs
        if contrast_ratio(ink, ground) < (3.0 if "graphic" in what else 4.5)
    ]
    assert low == []
    assert any("axis" in what for what, _i, _g in pairs)
