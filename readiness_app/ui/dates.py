"""One way to show a date in the app.

Tables and labels say "Tue 22 Dec 2026" (`shown`); fields the user edits say
"22/12/2026" and are calendar pickers (`DateField`). The register keeps ISO
dates; nothing here is stored.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

from readiness_app import clock
from readiness_app.register.validation import long_date, parse_date, uk_date

EDIT_FORMAT = "dd/MM/yyyy"
_EMPTY = QDate(1900, 1, 1)  # the "no date" value: shown as a blank field


def shown(iso: str | date | None) -> str:
    """A date as tables and labels show it: 'Tue 22 Dec 2026' (blank stays blank)."""
    return long_date(iso)


class DateField(QDateEdit):
    """A date picker (calendar pop-up, typed dd/mm/yyyy) that may also be left empty.

    `text()` and `setText()` speak "22/12/2026" (or "" for no date) so a form can treat
    it like the line edit it replaces; `iso()` / `set_iso()` speak the register's ISO form.
    Delete or Backspace with the whole date selected empties the field. Tab always leaves it.
    """

    textChanged = Signal(str)  # noqa: N815  (as QLineEdit's, so forms can re-check as the date changes)

    def __init__(self, name: str = "Date", *, required: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.dateChanged.connect(lambda _d: self.textChanged.emit(self.text()))
        self.required = required
        self.setAccessibleName(name)
        self.setCalendarPopup(True)
        self.setDisplayFormat(EDIT_FORMAT)
        self.setMinimumDate(_EMPTY)
        self.setSpecialValueText(" ")  # shown at the minimum, i.e. when there is no date
        self.setToolTip(
            f"{name}: type dd/mm/yyyy or pick from the calendar" + ("" if required else "; Delete clears it")
        )
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 40)
        self.calendarWidget().setGridVisible(True)
        self.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.set_iso(None)

    # ------------------------------------------------------------ values

    def is_empty(self) -> bool:
        return self.date() == _EMPTY

    def iso(self) -> str | None:
        return None if self.is_empty() else self.date().toString("yyyy-MM-dd")

    def set_iso(self, iso: str | date | None) -> None:
        if not iso:
            self.setDate(_EMPTY)
            return
        day = iso if isinstance(iso, date) else date.fromisoformat(str(iso)[:10])
        self.setDate(QDate(day.year, day.month, day.day))

    def text(self) -> str:  # what parse_date() reads, as from the line edit this replaced
        return "" if self.is_empty() else uk_date(self.iso())

    def setText(self, text: str) -> None:  # noqa: N802  (the QLineEdit name forms already call)
        self.set_iso(parse_date(text) if text else None)

    def setPlaceholderText(self, _text: str) -> None:  # noqa: N802  an empty field stays blank, never a grey "value"
        return

    # ------------------------------------------------------------ behaviour

    def clear(self) -> None:
        self.set_iso(None)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002  (Qt's names)
        # Tab leaves the field, empty or not, like every other field (Qt's own date edit walks
        # day, month and year with Tab and, when empty, keeps focus for good: a keyboard trap);
        # within the date, typing "/" or Left/Right moves between day, month and year
        return QWidget.focusNextPrevChild(self, next)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            back = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.focusNextPrevChild(not back)
            event.accept()
            return
        line = self.lineEdit()
        whole = line.selectedText() == line.text() or self.is_empty()
        if not self.required and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and whole:
            self.clear()
            return
        if self.is_empty() and event.text().isdigit():
            self.setDate(_today())  # typing into a blank field starts from a real date
            self.lineEdit().selectAll()
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        super().mousePressEvent(event)  # may open the calendar, at the hidden 1900 "no date" value
        if self.is_empty():
            today = _today()
            self.calendarWidget().setCurrentPage(today.year(), today.month())


def _today() -> QDate:
    day = clock.today()
    return QDate(day.year, day.month, day.day)
