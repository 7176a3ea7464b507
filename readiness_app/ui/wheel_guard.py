"""The mouse wheel scrolls the page; it never changes a field the user has not clicked into.

Scrolling a form with the wheel used to turn whatever combo box, date or number
passed under the pointer (a column mapping, an evidence status). One filter on
the application catches every wheel event meant for an unfocused combo box or
spin box (dates and numbers are spin boxes) and gives it to the scroll area
around the field instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QComboBox | QAbstractSpinBox):
            return False
        if watched.hasFocus():
            return False  # clicked into: the wheel steps through its choices, as users expect
        area = _scroll_area_around(watched)
        if area is not None:
            QApplication.sendEvent(area.verticalScrollBar(), event)
        return True


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def install(app: QApplication | None = None) -> None:
    """Guard every field of the application (once; later calls do nothing)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None or app.property("wheel_guard_installed"):
        return
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    app.setProperty("wheel_guard_installed", True)
