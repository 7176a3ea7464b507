"""Every page and dialog fits a 1024x600 screen: nothing outside the window, no button cut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from readiness_app.ui import tour
from readiness_app.ui.main_window import MINIMUM_SIZE

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def settle() -> None:
    """Let posted layout requests run (no waiting on the clock)."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()


@pytest.mark.parametrize(
    "free",
    [QRect(0, 0, 1366, 728), QRect(0, 0, 1024, 560), QRect(0, 40, 3840, 2080)],  # taskbars of 40 px
    ids=["1366x768", "1024x600", "4k"],
)
def test_window_opens_inside_the_screen_free_area(window, free):
    assert MINIMUM_SIZE == (1000, 560)
    window.resize(1280, 760)  # the first size, taller than a 768 screen less its taskbar
    window.move(200, 300)
    window.fit_to_screen(free)
    assert free.contains(window.frameGeometry()), (window.frameGeometry(), free)
    assert window.width() >= min(1000, free.width() - 16) and window.height() >= min(560, free.height() - 40)
    assert window.width() >= 1000 or window.frameGeometry().width() >= free.width() - 16
    assert window.minimumWidth() <= free.width() and window.minimumHeight() <= free.height()


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)], ids=["1024x600", "1366x768"])
def test_every_page_fits(window, qtbot, size):
    window.resize(*size)
    problems = []
    for key, _page in tour.pages(window):
        for _ in range(2):  # a page's first load may start another job (a backup, a count)
            wait_idle(qtbot, window)
            settle()
        assert (window.width(), window.height()) == size, key
        problems += [f"{key}: {p}" for p in tour.misfits(window)]
    assert problems == []


def test_every_dialog_fits_at_1024x600_with_its_buttons_in_reach(window, qtbot):
    problems, seen = [], []
    for name, dialog in tour.dialogs(window):
        dialog.resize(min(dialog.width(), 1024), min(dialog.height(), 600))
        dialog.show()
        qtbot.waitExposed(dialog)
        settle()
        seen.append(name)
        problems += [f"{name}: {p}" for p in tour.misfits(dialog)]
        for box in dialog.findChildren(QDialogButtonBox):  # Save, Cancel, Close ... always in reach
            for button in box.buttons():
                if button.isVisibleTo(dialog):
                    where = QRect(button.mapTo(dialog, button.rect().topLeft()), button.size())
                    assert dialog.rect().contains(where), (name, button.text())
        dialog.reject()
    assert problems == []
    assert {"session", "gap", "person", "case", "import"} <= set(seen)


def test_a_dialog_taller_than_the_screen_scrolls_instead(window, qtbot):
    dialog = tour.DIALOGS["session"](window)
    free = window.screen().availableGeometry()
    dialog.resize(free.width() + 500, free.height() + 500)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= free.height() and dialog.width() <= free.width()
    assert dialog.body.widget().isAncestorOf(dialog.title_edit)  # the form is inside the scroll area
    dialog.reject()


def test_misfits_finds_a_button_off_the_window(window, qtbot):
    page = window.open_page("gaps")
    from PySide6.QtWidgets import QPushButton

    stray = QPushButton("A button far to the right", page)
    stray.setGeometry(5000, 10, 200, 30)
    stray.show()
    assert any("A button far to the right" in p and "outside" in p for p in tour.misfits(window))
    stray.setGeometry(10, 10, 20, 30)
    assert any("A button far to the right" in p and "cut" in p for p in tour.misfits(window))


def test_a_long_register_path_does_not_widen_the_window(make_window, demo_dir, tmp_path, qtbot):
    import shutil

    deep = tmp_path / ("Shared drive - Adult Social Care Assurance " * 2).strip() / ("CQC readiness 2026 " * 3).strip()
    shutil.copytree(demo_dir, deep, copy_function=shutil.copy2)
    window = make_window(deep / "register.sqlite")
    window.resize(1024, 600)
    settle()
    assert len(str(window.ctx.register_path)) > 150
    assert window.minimumSizeHint().width() <= 1024 and window.width() == 1024
    assert tour.misfits(window) == []
    assert window.path_label.toolTip() == str(window.ctx.register_path)
    qtbot.waitUntil(lambda: "…" in window.path_label.text(), timeout=5000)  # elided once the window is drawn
    assert window.path_label.text().endswith("register.sqlite")


def test_at_1024x600_the_qs_page_shows_all_nine_and_the_timeline_needs_no_sideways_scroll(make_window, demo_dir, qtbot):
    window = make_window(demo_dir / "register.sqlite")
    window.resize(1024, 600)
    page = window.open_page("quality")
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 9, timeout=5000)
    table = page.table
    last = table.visualRect(table.model().index(8, 0))
    assert last.bottom() <= table.viewport().height()  # QS9 in view without scrolling
    assert page.figures.width() >= 240  # the rating descriptors are not a 70 px column
    timeline = window.open_page("timeline")
    qtbot.waitUntil(lambda: timeline.model.rowCount() > 0, timeout=5000)
    assert not timeline.table.horizontalScrollBar().isVisible()
    header = timeline.table.horizontalHeader()
    assert header.sectionViewportPosition(len(timeline.columns) - 1) + header.sectionSize(
        len(timeline.columns) - 1
    ) <= (timeline.table.viewport().width())


def test_at_1024x600_the_evidence_tick_list_wraps_long_qs_names(make_window, demo_dir, qtbot):
    window = make_window(demo_dir / "register.sqlite")
    window.resize(1024, 600)
    page = window.open_page("evidence")
    ticks = page.qs_picker.list
    qtbot.waitUntil(lambda: ticks.viewport().width() < 300, timeout=5000)
    short, long = ticks.item(0), ticks.item(1)  # "QS1 Assessing needs", "QS2 Supporting people to lead ..."
    assert ticks.visualItemRect(long).height() > ticks.visualItemRect(short).height()  # on two lines, not cut
    assert not ticks.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)], ids=["1024x600", "1366x768"])
def test_the_dashboard_headline_figures_are_whole_on_screen_and_the_page_scrolls_as_one(
    make_window, demo_dir, qtbot, size
):
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QAbstractScrollArea

    window = make_window(demo_dir / "register.sqlite")
    window.resize(*size)
    page = window.open_page("dashboard")
    qtbot.waitUntil(
        lambda: page.pictures is not None and page.pictures.isVisible() and len(page.tiles) == 9, timeout=10_000
    )
    settle()
    view, shown = page.view, page.page_scroll.viewport()
    # no scroll area inside the page that is smaller than what it holds: only the page itself scrolls
    nested = [a for a in page.body.findChildren(QAbstractScrollArea) if a.isVisible()]
    assert view in nested
    for area in nested:
        assert area.verticalScrollBar().maximum() == 0, area.objectName()
        assert area.horizontalScrollBar().maximum() == 0, area.objectName()
    assert view.height() >= view.document().size().height()
    # the headline figures, from the council's name to the sessions' count, inside what the page shows
    for words in ("Northmoor County Council", "Indicative rating", "files in the inbox to sort", "evidence items"):
        found = view.document().find(words)
        assert not found.isNull(), words
        rect = view.cursorRect(QTextCursor(found))
        top = view.viewport().mapTo(shown, rect.topLeft())
        bottom = view.viewport().mapTo(shown, rect.bottomRight())
        assert top.y() >= 0 and bottom.y() <= shown.height(), (words, top, bottom, shown.size())
        assert top.x() >= 0 and bottom.x() <= shown.width(), words
    # the rest (the nine tiles, today and tomorrow) is further down the same page, reached by scrolling it
    bar = page.page_scroll.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    settle()
    end = view.viewport().mapTo(shown, view.rect().bottomLeft())
    assert end.y() <= shown.height() + 1


AT_2X = r"""
import json, sys
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractScrollArea, QApplication
from readiness_app.ui.app import build_main_window, ensure_app

app = ensure_app()
window = build_main_window(sys.argv[1], watch=False)
window.resize(1024, 600)
window.show()
page = window.open_page("dashboard")
done = []
page.when_complete(lambda: done.append(True))
while not done:
    app.processEvents()
for _ in range(5):
    QApplication.sendPostedEvents()
    app.processEvents()
view, shown = page.view, page.page_scroll.viewport()
nested = [a.verticalScrollBar().maximum() for a in page.body.findChildren(QAbstractScrollArea) if a.isVisible()]
bottoms = {}
for words in ("Indicative rating", "files in the inbox to sort", "evidence items"):
    rect = view.cursorRect(QTextCursor(view.document().find(words)))
    bottoms[words] = view.viewport().mapTo(shown, rect.bottomRight()).y()
print(json.dumps({"ratio": window.devicePixelRatio(), "nested": nested, "bottoms": bottoms,
                  "shown": shown.height(), "page": page.page_scroll.verticalScrollBar().maximum()}))
window.shutdown()
"""


def test_at_2x_the_dashboard_headline_figures_are_whole_on_a_1024x600_window(demo_dir):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2"}
    done = subprocess.run(
        [sys.executable, "-c", AT_2X, str(demo_dir / "register.sqlite")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["ratio"] == 2
    assert seen["nested"] and set(seen["nested"]) == {0}  # no small scroll area inside the page
    assert all(0 < bottom <= seen["shown"] for bottom in seen["bottoms"].values()), seen
    assert seen["page"] > 0  # the rest of the page is reached by scrolling the page


def test_tabbing_to_a_dashboard_link_below_the_window_scrolls_the_page_to_it(make_window, demo_dir, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window = make_window(demo_dir / "register.sqlite")
    window.resize(1024, 600)
    page = window.open_page("dashboard")
    qtbot.waitUntil(lambda: page.pictures is not None and len(page.tiles) == 9, timeout=10_000)
    settle()
    view, bar = page.view, page.page_scroll.verticalScrollBar()
    assert bar.value() == 0
    window.activateWindow()
    view.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(view.hasFocus, timeout=3000)
    for _ in range(60):  # from link to link, down to the nine tiles
        QTest.keyClick(view, Qt.Key.Key_Tab)
        if view.textCursor().charFormat().anchorHref().startswith("quality?qs=QS9"):
            break
    assert view.textCursor().charFormat().anchorHref().startswith("quality?qs=QS9")
    assert bar.value() > 0  # the page scrolled with the reader
    where = view.viewport().mapTo(page.page_scroll.viewport(), view.cursorRect().center())
    assert 0 <= where.y() <= page.page_scroll.viewport().height()
