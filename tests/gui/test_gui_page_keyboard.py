"""Every page by keyboard and screen reader: a heading with the page's name at its top, panels
resized without a mouse, and Tab moving down and across the screen as it is read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel

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
