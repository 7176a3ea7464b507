"""Every page by keyboard and screen reader: a heading with the page's name at its top, panels
resized without a mouse, and Tab moving down and across the screen as it is read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from readiness_app.ui.sidebar import KNOWN_TITLES

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def settle() -> None:
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def _headings(window) -> list[QLabel]:
    return [
        label
        for label in window.findChildren(QLabel)
        if label.isVisible() and QAccessible.queryAccessibleInterface(label).role() == QAccessible.Role.Heading
    ]


def test_every_page_has_a_heading_with_its_name_at_its_top(window, qtbot):
    titles = {key: title for key, title in KNOWN_TITLES.values()}
    assert set(titles) == set(window.page_types)
    for key, title in titles.items():
        page = window.open_page(key)
        wait_idle(qtbot, window)
        settle()
        named = [
            h for h in _headings(window) if QAccessible.queryAccessibleInterface(h).text(QAccessible.Text.Name) == title
        ]
        assert len(named) == 1, f"{key}: no heading a screen reader can jump to says {title!r}"
        heading = named[0]
        assert heading.text() == title and heading.accessibleName() == title  # its spoken name is its text
        top_of_page = page.mapTo(window, QPoint(0, 0)).y()
        assert heading.mapTo(window, QPoint(0, heading.height())).y() <= top_of_page + 1, f"{key}: heading not on top"
        assert heading.fontInfo().pointSizeF() > window.sidebar.fontInfo().pointSizeF()  # larger than the sidebar
        assert heading.width() >= heading.minimumSizeHint().width()  # whole, not cut


# ------------------------------------------------------------------ panels resized by keyboard


def _press(key, modifiers) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(QApplication.focusWidget(), key, modifiers)
    settle()


@pytest.mark.parametrize("key", ["evidence", "cases", "quality", "people", "learning"])
def test_panels_are_resized_from_the_keyboard(window, qtbot, key):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSplitter

    from readiness_app.ui import accessibility

    window.resize(1366, 768)
    page = window.open_page(key)
    wait_idle(qtbot, window)
    settle()
    splitters = [s for s in page.findChildren(QSplitter) if s.isVisible() and s.count() > 1]
    assert splitters, f"{key} has no panels"
    splitter = splitters[-1]  # the innermost on a page with two: the one holding the focus moves
    target = splitter.widget(0)
    inner = next(
        (w for w in [target, *target.findChildren(QWidget)] if w.focusPolicy() & Qt.FocusPolicy.TabFocus), None
    )
    assert inner is not None
    window.activateWindow()
    inner.setFocus()
    qtbot.waitUntil(inner.hasFocus, timeout=3000)
    ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    forward, backward = (Qt.Key.Key_Right, Qt.Key.Key_Left)
    before = splitter.sizes()
    for _ in range(40):  # down to the first panel's smallest size, which is said
        _press(backward, ctrl_alt)
    narrowest = splitter.sizes()
    assert narrowest[0] <= before[0] and "no further" in accessibility.announced[-1][0]
    _press(forward, ctrl_alt)
    wider = splitter.sizes()
    assert wider[0] > narrowest[0] and wider[1] < narrowest[1] and sum(wider) == sum(narrowest)
    assert accessibility.announced[-1][0].endswith(f"{100 - round(100 * wider[0] / sum(wider))}%")
    assert inner.hasFocus()  # the keys move the divider, not the focus


def test_the_divider_keys_are_in_the_go_menu_and_the_shortcuts_list(window):
    from readiness_app.ui.help import shortcuts

    texts = [a.text() for a in window.go_menu.actions()]
    assert "Move the panel divider left (or up)" in texts and "Move the panel divider right (or down)" in texts
    keys = dict((text, key) for key, text in shortcuts(window))
    assert keys["Move the panel divider right (or down)"] == "Ctrl+Alt+Right"
