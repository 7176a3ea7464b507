"""Walking a window with the keyboard, as a screen reader user does: shared by the accessibility tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QWidget,
)


def bare(text: str) -> str:
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split())


def tab_walk(start: QWidget, limit: int = 600, *, back: bool = False) -> tuple[list[QWidget], bool]:
    """Press Tab (or Shift+Tab) from `start` until focus comes back to it.

    Returns the widgets reached in order and whether focus came back (False: a trap, or
    `limit` presses were not enough). A text with links keeps focus for a few presses while
    Tab moves from link to link; more than 80 presses on one widget count as a trap.
    """
    reached: list[QWidget] = []
    key = Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab
    modifier = Qt.KeyboardModifier.ShiftModifier if back else Qt.KeyboardModifier.NoModifier
    current, same = start, 0
    for _ in range(limit):
        QTest.keyClick(current, key, modifier)
        now = QApplication.focusWidget()
        if now is None:
            return reached, False
        if now is start:
            return reached, True
        same = same + 1 if reached and now is reached[-1] else 0
        if same > 80:
            return reached, False
        if not reached or now is not reached[-1]:
            reached.append(now)
        current = now
    return reached, False


def spoken_name(widget: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name) if face is not None else ""


def hidden_label_texts(root: QWidget) -> list[str]:
    """Labels whose accessible name hides what they show (a generic name instead of the text)."""
    bad = []
    for label in root.findChildren(QLabel):
        text = bare(label.text())
        if not label.isVisibleTo(root) or not text or "<" in label.text():
            continue
        name = bare(label.accessibleName())
        if name and text.casefold() not in name.casefold():
            bad.append(f"{name!r} hides {text[:60]!r}")
    return bad


def unnamed_focusable(widgets: list[QWidget]) -> list[str]:
    return [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in widgets
        if not bare(spoken_name(w)) and not bare(w.accessibleName())
    ]


def names_hiding_button_text(root: QWidget) -> list[str]:
    """WCAG 2.5.3: a button's accessible name contains the words on it."""
    bad = []
    for button in root.findChildren(QAbstractButton):
        text = bare(button.text()).rstrip(".…").strip()
        name = bare(button.accessibleName())
        if button.isVisibleTo(root) and text and name and text.casefold() not in name.casefold():
            bad.append(f"{text!r} named {name!r}")
    return bad
