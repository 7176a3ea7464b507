"""Every page by keyboard and screen reader: a heading with the page's name above it, panels
resized without a mouse, and Tab moving down and across the screen as it is read."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from readiness_app.ui.sidebar import KNOWN_TITLES

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def settle() -> None:
    """Let posted layout requests run, and what they post in turn (a panel that becomes tabs)."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def _headings(window) -> list[QLabel]:
    return [
        label
        for label in window.findChildren(QLabel)
        if label.isVisible() and QAccessible.queryAccessibleInterface(label).role() == QAccessible.Role.Heading
    ]


def test_every_page_has_a_heading_with_its_name_above_it(window, qtbot):
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
        assert heading.height() >= heading.fontMetrics().height()


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


# ------------------------------------------------------------------ Tab follows the screen

ROW = 8  # px: controls whose middles are this close (or half the smaller one's height) share a row


def _box(widget: QWidget, top: QWidget):
    """Where `widget` is in `top` now; a field running under the next panel counts only as far as it shows."""
    from PySide6.QtCore import QRect

    at = widget.mapTo(top, QPoint(0, 0))
    left, right = at.x(), at.x() + widget.width()
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        corner = parent.mapTo(top, QPoint(0, 0))
        left, right = max(left, corner.x()), min(right, corner.x() + parent.width())
        parent = parent.parentWidget()
    return QRect(left, at.y(), max(right - left, 0), widget.height())


Step = tuple[QWidget, Any, QWidget, Any]  # from, where it is, to, where it is (both once `to` has focus)


def out_of_reading_order(steps: list[Step]) -> list[str]:
    """Steps of a Tab walk that go against the screen: left along a row, or back up the screen
    other than to the top of a column further right (a list's details panel beside it). Both ends
    are placed once the second has focus, so a panel that scrolled to it has moved both alike."""
    bad = []
    for a, ra, b, rb in steps:
        same_row = abs(ra.center().y() - rb.center().y()) <= max(ROW, min(ra.height(), rb.height()) // 2)
        if same_row:
            fine = rb.left() >= ra.left() - ROW
        else:
            fine = rb.top() > ra.top() or rb.left() >= ra.right() - ROW
        if not fine:
            bad.append(f"{_said(a)} {ra.getRect()} -> {_said(b)} {rb.getRect()}")
    return bad


def _said(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    return f"{type(widget).__name__} {widget.accessibleName() or (text() if callable(text) else '')!r}"[:90]


def _walk(start: QWidget, inside: QWidget, top: QWidget, limit: int = 300) -> list[Step]:
    """Tab from `start` while focus stays inside `inside`, up to and including the step back to
    `start`: each step between two controls inside."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    steps: list[Step] = []
    current, entered = start, start is inside or inside.isAncestorOf(start)
    for _ in range(limit):
        QTest.keyClick(current, Qt.Key.Key_Tab)
        settle()
        now = QApplication.focusWidget()
        if now is None:
            break
        if not (now is inside or inside.isAncestorOf(now)):
            if entered:  # left it
                break
            current = now  # not in it yet (the search box between the sidebar and the page)
            continue
        if entered and now is not current:
            steps.append((current, _box(current, top), now, _box(now, top)))
        entered, current = True, now
        if now is start:
            break
    return steps


@pytest.mark.parametrize("size", [(1366, 768), (1024, 600)], ids=["1366x768", "1024x600"])
def test_tab_goes_down_and_across_every_page_as_it_reads(window, qtbot, size):
    window.resize(*size)
    problems = {}
    for key in window.page_types:
        page = window.open_page(key)
        wait_idle(qtbot, window)
        settle()
        window.activateWindow()
        window.sidebar.setFocus()
        qtbot.waitUntil(window.sidebar.hasFocus, timeout=3000)
        steps = _walk(window.sidebar, page, window)  # from the sidebar, Tab enters the page at its first control
        assert len(steps) >= 1, f"{key}: Tab reaches {len(steps)} controls"
        if out_of_reading_order(steps):
            problems[key] = out_of_reading_order(steps)
    assert problems == {}


def test_tab_goes_down_and_across_every_dialog_as_it_reads(window, qtbot):
    from itertools import chain

    from readiness_app.ui import tour

    def more():  # the window's own dialogs besides the edit dialogs
        window.open_register_settings()
        yield "register settings", window.settings_dialog
        window.show_shortcuts()
        yield "shortcuts", window.shortcuts_dialog
        window.show_about()
        yield "about", window.about_dialog

    problems, seen = {}, []
    for name, dialog in chain(tour.dialogs(window), more()):  # one at a time
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda d=dialog: d.isAncestorOf(QApplication.focusWidget()), timeout=3000)
        seen.append(name)
        start = QApplication.focusWidget()
        steps = _walk(start, dialog, dialog)
        if not steps:  # one control only (About's Close): Tab stays on it
            assert QApplication.focusWidget() is start, name
            dialog.done(0)
            continue
        assert steps[-1][2] is start, f"{name}: Tab does not come round"
        # leave out the step from the last control back round to the first (the top left one)
        first = min(range(len(steps)), key=lambda n: (steps[n][3].top() // ROW, steps[n][3].left()))
        steps = steps[first + 1 :] + steps[:first]
        if out_of_reading_order(steps):
            problems[name] = out_of_reading_order(steps)
        dialog.done(0)
    wait_idle(qtbot, window)
    assert {"session", "gap", "case", "import", "register settings", "shortcuts"} <= set(seen)
    assert problems == {}
