"""Moving the divider between a page's panels (a list and its details) from the keyboard.

A splitter's handle can only be dragged with a mouse. Go > "Move the panel divider left" and
"... right" (Ctrl+Alt+Left / Ctrl+Alt+Right) move the divider nearest the keyboard focus, or the
page's first one, a step at a time (up and down for panels stacked one above the other), and
say the new widths, so an officer who works by keyboard can give the details more room.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from readiness_app.ui.accessibility import announce

STEP = 60  # px a key press moves the divider: ~5 % of a 1366 px window
SHORTCUTS = {-1: "Ctrl+Alt+Left", 1: "Ctrl+Alt+Right"}


def splitter_for(page: QWidget) -> QSplitter | None:
    """The splitter around the focused widget on `page`, else the page's first visible splitter."""
    widget = QApplication.focusWidget()
    while widget is not None and widget is not page:
        if isinstance(widget, QSplitter) and widget.isVisible() and widget.count() > 1:
            return widget
        widget = widget.parentWidget()
    shown = [s for s in page.findChildren(QSplitter) if s.isVisible() and s.count() > 1]
    return shown[0] if shown else None


def move_divider(splitter: QSplitter, direction: int, step: int = STEP) -> bool:
    """Move the first divider by `step` px towards the end (1: right or down) or the start (-1).

    Returns whether it moved (a panel at its smallest size stops it)."""
    sizes = splitter.sizes()
    if len(sizes) < 2:
        return False
    horizontal = splitter.orientation() == Qt.Orientation.Horizontal

    def smallest(index: int) -> int:
        widget = splitter.widget(index)
        if widget is None:
            return 0
        hint, least = widget.minimumSizeHint(), widget.minimumSize()
        return max(hint.width(), least.width()) if horizontal else max(hint.height(), least.height())

    pair = sizes[0] + sizes[1]
    first = max(smallest(0), min(sizes[0] + direction * step, pair - smallest(1)))
    if first == sizes[0]:
        return False
    splitter.setSizes([first, pair - first, *sizes[2:]])
    return splitter.sizes() != sizes


def move_page_divider(page: QWidget | None, direction: int) -> None:
    """The Go menu's actions: move the divider on the page shown, and say what happened."""
    splitter = splitter_for(page) if page is not None else None
    if splitter is None:
        if page is not None:
            announce(page, "This page has no panels to resize")
        return
    moved = move_divider(splitter, direction)
    sizes = splitter.sizes()
    share = round(100 * sizes[0] / max(sum(sizes), 1))
    horizontal = splitter.orientation() == Qt.Orientation.Horizontal
    first, second = ("left", "right") if horizontal else ("top", "bottom")
    said = f"{first.capitalize()} panel {share}%, {second} panel {100 - share}%"
    announce(splitter, said if moved else f"{said}: the divider can go no further")
