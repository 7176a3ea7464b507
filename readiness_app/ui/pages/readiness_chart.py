"""Two small dashboard pictures: the countdown to the next milestone and readiness over time.

Both are drawn with QPainter and read without colour: the countdown is a
number and words; the chart's bars carry their counts as text and a pattern per
RAG colour (red cross-hatched, amber striped, green plain), and the day under
the keyboard (Left/Right) is written out below the bars. A day without a
snapshot (nothing changed) repeats the day before, drawn pale.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from readiness_app.register.validation import long_date
from readiness_app.ui.colours import LINK, PANEL, RAG_COLOURS, adapt
from readiness_app.ui.plain_text import shown_as_text

PATTERNS = {"red": Qt.BrushStyle.DiagCrossPattern, "amber": Qt.BrushStyle.BDiagPattern, "green": None}
INK = {"red": "#8c1d18", "amber": "#7a5200", "green": "#1e5e20"}
DAY_MARKER = "#1d6fb8"  # the box round the day the caption describes
COUNT_INK, COUNT_PATCH = "#111111", "#ffffff"  # a bar's count, on a white patch over the hatching
CHART_DAYS = 21


def next_milestone(milestones: list[tuple[str, str | None]], today: date) -> tuple[str, str, int] | None:
    """The first (name, ISO date, days from today) on or after today, or None."""
    upcoming = sorted((d, name) for name, d in milestones if d and d >= today.isoformat())
    if not upcoming:
        return None
    day, name = upcoming[0]
    return name, day, (date.fromisoformat(day) - today).days


class Countdown(QWidget):
    """'22 days' in large type, then what and when: 'to the on-site visit, Tue 15 Dec 2026'."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtGui import QAccessible

        from readiness_app.ui.accessibility import set_role

        set_role(self, QAccessible.Role.Graphic)  # the countdown: a picture of a number and its words
        self.setObjectName("countdown")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable, so a screen reader can read it
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.milestone: tuple[str, str, int] | None = None

    def set_milestone(self, milestone: tuple[str, str, int] | None) -> None:
        self.milestone = milestone
        self.setAccessibleName("Next milestone: " + self.text())
        self.setToolTip(shown_as_text(self.text()))
        self.update()

    def text(self) -> str:
        if self.milestone is None:
            return "No dates ahead: set the visit days and key dates"
        name, day, days = self.milestone
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        return f"{name} {when}, {long_date(day)}"

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(260, 58)

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.rect().adjusted(0, 0, -1, -1)
        dark = self.palette().window().color().lightness() < 128  # a dark palette: each colour's dark partner
        painter.fillRect(rect, QColor(adapt(PANEL, dark)))
        if self.hasFocus():
            painter.setPen(QPen(QColor("#1d6fb8"), 2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        base = QFont(self.font())
        if self.milestone is None:
            painter.setPen(QColor(adapt("#444", dark)))
            painter.drawText(
                rect.adjusted(8, 0, -8, 0), int(Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap), self.text()
            )
            painter.end()
            return
        name, day, days = self.milestone
        big = QFont(base)
        big.setPointSizeF(base.pointSizeF() * 2.2)
        big.setBold(True)
        painter.setFont(big)
        painter.setPen(QColor(adapt(LINK, dark)))
        big_text = str(days) if days else "Today"
        width = max(70, painter.fontMetrics().horizontalAdvance(big_text) + 4)
        number = QRect(8, 0, width, rect.height())
        painter.drawText(number, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), big_text)
        painter.setFont(base)
        painter.setPen(QColor(adapt("#222", dark)))
        what = f"{'day' if days == 1 else 'days'} to {name[:1].lower()}{name[1:]}" if days else name
        words = QRect(width + 16, 4, rect.width() - width - 22, rect.height() - 8)
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        painter.drawText(words, int(flags), f"{what}\n{long_date(day)}")
        painter.end()


class ReadinessChart(QWidget):
    """Stacked bars of red, amber and green quality statements, one bar per day recorded."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtGui import QAccessible

        from readiness_app.ui.accessibility import set_role

        set_role(self, QAccessible.Role.Chart)
        self.setObjectName("readiness_chart")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.days: list[tuple[str, int, int, int]] = []  # (ISO date, red, amber, green)
        self.carried: set[str] = set()  # days with no snapshot: the day before's counts, drawn pale
        self.start: date | None = None
        self.current = -1

    def set_history(self, rows: list[tuple[str, int, int, int]], today: date) -> None:
        self.start = today - timedelta(days=CHART_DAYS - 1)
        rows = sorted(rows)
        before = [r for r in rows if r[0] < self.start.isoformat()]
        known = {r[0]: r for r in rows}
        last = before[-1] if before else None
        self.days, self.carried = [], set()
        for n in range(CHART_DAYS):
            day = (self.start + timedelta(days=n)).isoformat()
            if day in known:
                last = known[day]
                self.days.append(last)
            elif last is not None:  # nothing changed that day: readiness stood as the day before
                self.days.append((day, *last[1:]))
                self.carried.add(day)
        self.current = len(self.days) - 1
        self._describe()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(300, 150)

    def day_text(self, n: int) -> str:
        day, red, amber, green = self.days[n]
        same = " (no change that day)" if day in self.carried else ""
        return f"{long_date(day)}: {red} red, {amber} amber, {green} green{same}"

    def _describe(self) -> None:
        if not self.days:
            text = "Readiness over time: no days recorded yet (the dashboard records each day it is opened)"
        else:
            text = "Readiness over time. " + self.day_text(self.current) + ". Left and right arrows pick a day."
        self.setAccessibleName("Readiness over time")
        self.setAccessibleDescription(text)
        self.setToolTip(shown_as_text(text))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is None or not self.days:
            super().keyPressEvent(event)
            return
        self.current = min(max(self.current + step, 0), len(self.days) - 1)
        self._describe()
        self.update()
        event.accept()

    def _bar_slots(self, width: int) -> tuple[int, int]:
        left = 22
        return left, max(4, (width - left - 4) // CHART_DAYS)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if not self.days or self.start is None:
            return
        left, slot = self._bar_slots(self.width())
        index = (int(event.position().x()) - left) // slot
        day = (self.start + timedelta(days=index)).isoformat()
        for n, row in enumerate(self.days):
            if row[0] == day:
                self.current = n
                self._describe()
                self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.rect()
        base = QFont(self.font())
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() - 1.5))
        caption_height = 18
        top, bottom = 10, rect.height() - caption_height - 14
        left, slot = self._bar_slots(rect.width())
        painter.setFont(small)
        # axis figures, dates and the caption in the palette's own text colour: 4.5:1 on any palette
        ink = self.palette().windowText().color()
        painter.setPen(ink)
        total = max((sum(r[1:]) for r in self.days), default=9) or 9
        for value in (0, total):
            y = bottom - (bottom - top) * value // total
            painter.drawLine(left, y, left + slot * CHART_DAYS, y)
            painter.drawText(QRect(0, y - 7, left - 3, 14), int(Qt.AlignmentFlag.AlignRight), str(value))
        if self.start is not None:
            painter.setPen(ink)
            first = self.start
            last = first + timedelta(days=CHART_DAYS - 1)
            painter.drawText(QRect(left, bottom + 1, 120, 14), int(Qt.AlignmentFlag.AlignLeft), long_date(first))
            painter.drawText(
                QRect(left + slot * CHART_DAYS - 120, bottom + 1, 120, 14),
                int(Qt.AlignmentFlag.AlignRight),
                long_date(last),
            )
        for n, (day, *counts) in enumerate(self.days):
            index = (date.fromisoformat(day) - self.start).days if self.start else n
            x = left + index * slot + 1
            y = bottom
            for rag, count in zip(("green", "amber", "red"), reversed(counts), strict=True):
                if not count:
                    continue
                height = (bottom - top) * count // total
                bar = QRect(x, y - height, slot - 2, height)
                painter.setOpacity(0.35 if day in self.carried else 1.0)
                painter.fillRect(bar, QColor(RAG_COLOURS[rag]))
                pattern = PATTERNS[rag]
                if pattern is not None:
                    painter.fillRect(bar, QBrush(QColor(INK[rag]), pattern))
                painter.setOpacity(1.0)
                if (
                    slot >= 12 and height >= 14 and day not in self.carried
                ):  # the count on a white patch, clear of the hatching
                    label = painter.fontMetrics().boundingRect(str(count)).adjusted(-2, 0, 2, 0)
                    label.moveCenter(bar.center())
                    painter.fillRect(label, QColor(COUNT_PATCH))
                    painter.setPen(QColor(COUNT_INK))
                    painter.drawText(label, int(Qt.AlignmentFlag.AlignCenter), str(count))
                y -= height
            if n == self.current:
                painter.setPen(QPen(QColor(DAY_MARKER), 2 if self.hasFocus() else 1))
                painter.drawRect(QRect(x - 1, top, slot, bottom - top))
        painter.setPen(ink)
        painter.setFont(base)
        caption = QRect(0, rect.height() - caption_height, rect.width(), caption_height)
        text = self.day_text(self.current) if self.days else "No days recorded yet"
        painter.drawText(caption, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()

    def colour_pairs(self) -> list[tuple[str, str, str]]:
        """(what, colour, background) for what the chart draws: text needs 4.5:1, the day marker (a
        graphic) 3:1. The contrast check reads it, as it reads the coverage map's."""
        ink, ground = self.palette().windowText().color().name(), self.palette().window().color().name()
        return [
            ("axis figures, dates and caption", ink, ground),
            ("count on a bar", COUNT_INK, COUNT_PATCH),
            ("day marker (graphic)", DAY_MARKER, ground),
        ]

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()
