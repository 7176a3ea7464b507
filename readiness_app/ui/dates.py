"""One way to show a date in the app.

Tables and labels say "Tue 22 Dec 2026" (`shown`); fields the user edits say
"22/12/2026" and are calendar pickers (`DateField`). The register keeps ISO
dates; nothing here is stored.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.register.validation import long_date, parse_date, uk_date

EDIT_FORMAT = "dd/MM/yyyy"
_EMPTY = QDate(1900, 1, 1)  # the "no date" value: shown as a blank field
_COMPLETE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{8}")  # typed far enough to store at once


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
        self._typed: str | None = None  # a date being typed into the field, not yet stored
        self._before: str | None = None  # the date it held before typing began
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
        if self._typed is not None:  # Save pressed while a date is being typed: take what was typed
            self.finish_typing()
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
        typed = event.text()
        if self._typed is not None:  # typing a whole date: digits and separators until it is complete
            if typed and (typed.isdigit() or typed in "/.-"):
                self._show_typed(self._typed + typed)
                return
            if event.key() == Qt.Key.Key_Backspace:
                self._show_typed(self._typed[:-1])
                return
            self.finish_typing()
        elif typed.isdigit() and whole:
            # Typing into a blank field, or over a selected date, starts a new date from what is typed
            # (a spin box would keep the other parts, or today's, and store a date nobody typed).
            self._before = self.iso()
            self._show_typed(typed)
            return
        if not self.required and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and whole:
            self.clear()
            return
        super().keyPressEvent(event)

    def _show_typed(self, text: str) -> None:
        self._typed = text
        line = self.lineEdit()
        line.blockSignals(True)
        line.setText(text)
        line.setCursorPosition(len(text))
        line.blockSignals(False)
        if _COMPLETE.fullmatch(text):
            self.finish_typing()

    def finish_typing(self) -> None:
        """Store a date being typed: what was typed if it is a date, else the date from before."""
        text, self._typed = self._typed, None
        if text is None:
            return
        if re.fullmatch(r"\d{8}", text):  # 11032025
            text = f"{text[:2]}/{text[2:4]}/{text[4:]}"
        try:
            day = parse_date(text) if text.strip() else None
        except ReadinessError:
            day = self._before  # not a date: nothing typed is stored
        self.set_iso(day if day or not self.required else self._before)
        line = self.lineEdit()  # show the stored date even when it did not change
        line.blockSignals(True)
        line.setText(" " if self.is_empty() else self.date().toString(EDIT_FORMAT))
        line.blockSignals(False)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        self.finish_typing()
        super().focusOutEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        super().mousePressEvent(event)  # may open the calendar, at the hidden 1900 "no date" value
        if self.is_empty():
            today = _today()
            self.calendarWidget().setCurrentPage(today.year(), today.month())


def _today() -> QDate:
    day = clock.today()
    return QDate(day.year, day.month, day.day)
