"""The day timetable as a calendar: rooms across, 15-minute slots down.

Gestures (the page does the writing, so every move is checked and undoable):
- drag a session to another time or room (the grab point stays under the pointer;
  Esc, or a drop outside the grid, leaves it where it was);
- double-click an empty slot to create a session there (room and time filled in),
  or a session to edit it;
- Ctrl+Up/Down moves the selected session by one slot, Ctrl+Left/Right to the
  next room.

Drags are plain mouse press, move and release on the grid (no QDrag): nothing
leaves the window, and a test can drive it with QTest's mouse functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableWidget, QTableWidgetItem

from readiness_app.ui.colours import RAG_COLOURS, TEXT_ON_TINT, adapt
from readiness_app.ui.plain_text import shown_as_text

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session

SLOT_MINUTES = 15
DAY_START, DAY_END = 9 * 60, 17 * 60  # always shown, so there are empty slots to create sessions in
NO_ROOM = "(no room)"
CONFLICT_COLOUR = RAG_COLOURS["red"]
SESSION_COLOUR = "#dbe8f5"


def minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def hhmm(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


ATTENDEES_FROM_SLOTS = 3  # a session of 45 minutes or more has room for its attendees under the title


class TimetableGrid(QTableWidget):
    move_requested = Signal(int, int, object)  # session id, new start (minutes), room id (None: no room)
    create_requested = Signal(int, object)  # start (minutes), room id
    open_requested = Signal(int)  # session id
    hint = Signal(str)  # where a dragged session would go, for the status bar

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("timetable")
        self.setAccessibleName("Day timetable: rooms across, time down")
        self.setToolTip(
            "Drag a session to another time or room; double-click an empty slot to add one there;"
            " Ctrl+arrow keys move the selected session"
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the grid; the arrow keys move inside it
        self.setWordWrap(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setDefaultSectionSize(22)
        self.day: str | None = None
        self.rooms: list[tuple[int | None, str]] = []
        self.first = DAY_START
        self.sessions: dict[int, Session] = {}
        self._press: tuple[int, int, QPoint] | None = None  # session id, grab offset in slots, where
        self._dragging = False
        self._drop: tuple[int, int, int] | None = None  # row, column, slots: the outline under a drag
        self._pointer = QPoint()
        self._scroll_step = 0
        self._edge_timer = QTimer(self)
        self._edge_timer.setInterval(60)
        self._edge_timer.timeout.connect(self._scroll_near_edge)

    # ------------------------------------------------------------ filling

    def show_day(
        self,
        day: str | None,
        sessions: list[Session],
        rooms: list[dict[str, Any]],
        conflict_text: dict[int, list[str]],
    ) -> None:
        """Lay out `sessions` (one day's, not cancelled) over every room, 09:00-17:00 at least."""
        self.clearSpans()
        self.clear()
        self.day = day
        self.sessions = {s["id"]: s for s in sessions}
        if day is None:
            self.rooms = []
            self.setRowCount(0)
            self.setColumnCount(1)
            self.setHorizontalHeaderLabels(["Choose a day"])
            return
        used = {s["room_id"] for s in sessions}
        # The CQC team's base and the home-team room are not interview rooms: shown only when booked.
        self.rooms = [
            (r["id"], r["name"]) for r in rooms if r.get("use", "interviews") == "interviews" or r["id"] in used
        ]
        if any(s["room_id"] is None for s in sessions) or not self.rooms:
            self.rooms.append((None, NO_ROOM))
        starts = [minutes(s["start"]) for s in sessions] + [DAY_START]
        ends = [minutes(s["end"]) for s in sessions] + [DAY_END]
        self.first = min(starts) // 60 * 60
        last = min(-(-max(ends) // 60) * 60, 24 * 60)
        self.setColumnCount(len(self.rooms))
        self.setRowCount((last - self.first) // SLOT_MINUTES)
        self.setHorizontalHeaderLabels([name for _id, name in self.rooms])
        for col, (_id, name) in enumerate(self.rooms):
            header = self.horizontalHeaderItem(col)
            if header is not None:
                header.setToolTip(shown_as_text(name))
        self.wrap_room_names()
        self.setVerticalHeaderLabels([hhmm(self.first + n * SLOT_MINUTES) for n in range(self.rowCount())])
        taken: dict[tuple[int, int], QTableWidgetItem] = {}
        # Blocks are tinted: on a dark palette each tint takes its dark partner, and the text its colour on it.
        dark = self.palette().base().color().lightness() < 128
        clash_brush, session_brush = (QBrush(QColor(adapt(c, dark))) for c in (CONFLICT_COLOUR, SESSION_COLOUR))
        ink = QBrush(QColor(TEXT_ON_TINT[dark]))
        for s in sorted(sessions, key=lambda s: s["start"]):
            col = self.column_of_room(s["room_id"])
            top = self.row_of(s["start"])
            span = max(1, -(-(minutes(s["end"]) - minutes(s["start"])) // SLOT_MINUTES))
            clash = s["id"] in conflict_text
            text = f"{s['start']}-{s['end']} {s['title']}"
            if clash:
                text = "⚠ " + text  # readable without colour
            existing = next((taken[(r, col)] for r in range(top, top + span) if (r, col) in taken), None)
            if existing is not None:  # overlapping sessions in one room: both in one cell
                existing.setText(existing.text() + "\n" + text)
                existing.setBackground(clash_brush)
                continue
            people = ", ".join(p["name"] for p in s["people"])
            if span >= ATTENDEES_FROM_SLOTS and people:  # room enough: who is coming, under the title
                text += "\n" + _first_names(s["people"])
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, s["id"])
            item.setToolTip(shown_as_text("\n".join([text, *conflict_text.get(s["id"], []), f"People: {people}"])))
            item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            item.setBackground(clash_brush if clash else session_brush)
            item.setForeground(ink)
            self.setItem(top, col, item)
            for r in range(top, top + span):
                taken[(r, col)] = item
            if span > 1:
                self.setSpan(top, col, span, 1)

    def wrap_room_names(self) -> None:
        """Break each room's name to its column's width ("Room 2 -" / "Committee" / "Room A" on a small screen)."""
        metrics = self.horizontalHeader().fontMetrics()
        for col, (_id, name) in enumerate(self.rooms):
            header = self.horizontalHeaderItem(col)
            text = _wrap(name, metrics, self.columnWidth(col) - 8)  # 8: the header's padding
            if header is not None and header.text() != text:
                header.setText(text)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.wrap_room_names()

    def column_of_room(self, room_id: int | None) -> int:
        for col, (rid, _name) in enumerate(self.rooms):
            if rid == room_id:
                return col
        return len(self.rooms) - 1

    def row_of(self, start: str) -> int:
        return (minutes(start) - self.first) // SLOT_MINUTES

    def select_session(self, session_id: int) -> bool:
        """Make this session the current cell (after a move, so Ctrl+arrows can go on)."""
        session = self.sessions.get(session_id)
        if session is None:
            return False
        self.setCurrentCell(self.row_of(session["start"]), self.column_of_room(session["room_id"]))
        return True

    def session_at(self, row: int, col: int) -> int | None:
        """The session covering this slot (spanned cells included), if any."""
        if row < 0 or col < 0:
            return None
        item = self.item(row, col)
        if item is None:
            top = row
            while top > 0 and self.item(top, col) is None:
                top -= 1
            item = self.item(top, col)
            if item is None or top + self.rowSpan(top, col) <= row:
                return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return int(value) if value else None

    def selected_session(self) -> int | None:
        return self.session_at(self.currentRow(), self.currentColumn())

    def selected_slot(self) -> tuple[int, int | None] | None:
        """(start in minutes, room id) of the selected cell when it is an empty slot, else None."""
        row, col = self.currentRow(), self.currentColumn()
        if (
            self.day is None
            or row < 0
            or col < 0
            or not self.selectedIndexes()
            or self.session_at(row, col) is not None
        ):
            return None
        return self.first + row * SLOT_MINUTES, self.rooms[col][0]

    # ------------------------------------------------------------ gestures

    def _slot_at(self, pos: QPoint) -> tuple[int, int]:
        return self.rowAt(pos.y()), self.columnAt(pos.x())

    def mousePressEvent(self, event) -> None:  # noqa: N802
        super().mousePressEvent(event)
        self._press, self._dragging = None, False
        if event.button() != Qt.MouseButton.LeftButton:
            return
        row, col = self._slot_at(event.position().toPoint())
        session_id = self.session_at(row, col)
        if session_id is not None:
            top = self.row_of(self.sessions[session_id]["start"])
            self._press = (session_id, row - top, event.position().toPoint())

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._press is None:
            super().mouseMoveEvent(event)
            return
        pos = event.position().toPoint()
        if not self._dragging:
            if (pos - self._press[2]).manhattanLength() < QApplication.startDragDistance():
                return
            self._dragging = True
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        self._pointer = pos
        edge = 24  # near the top or bottom edge the grid scrolls, so any time of day can be reached
        self._scroll_step = -1 if pos.y() < edge else 1 if pos.y() > self.viewport().height() - edge else 0
        if self._scroll_step and not self._edge_timer.isActive():
            self._edge_timer.start()
        self._aim(pos)

    def _scroll_near_edge(self) -> None:
        if not self._dragging or not self._scroll_step:
            self._edge_timer.stop()
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self._scroll_step * bar.singleStep())
        self._aim(self._pointer)

    def _aim(self, pos: QPoint) -> None:
        """The outline and the status-bar hint for a drop at `pos`."""
        if self._press is None:
            return
        row, col = self._slot_at(pos)
        if row < 0 or col < 0:
            self._drop = None
            self.hint.emit("Drop on a slot of the timetable to move the session")
        else:
            session = self.sessions[self._press[0]]
            top = max(0, row - self._press[1])
            slots = max(1, -(-(minutes(session["end"]) - minutes(session["start"])) // SLOT_MINUTES))
            self._drop = (top, col, slots)
            self.hint.emit(f"Move to {hhmm(self.first + top * SLOT_MINUTES)}, {self.rooms[col][1]}: release to drop")
        self.viewport().update()

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self._drop is None:
            return
        from PySide6.QtGui import QPainter, QPen

        top, col, slots = self._drop
        rect = QRect(
            self.columnViewportPosition(col),
            self.rowViewportPosition(top),
            self.columnWidth(col) - 1,
            sum(self.rowHeight(r) for r in range(top, min(top + slots, self.rowCount()))) - 1,
        )
        painter = QPainter(self.viewport())
        painter.setPen(QPen(QColor("#1d6fb8"), 2, Qt.PenStyle.DashLine))
        painter.drawRect(rect)
        painter.end()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        press, dragging = self._press, self._dragging
        self._press, self._dragging, self._drop = None, False, None
        self.viewport().unsetCursor()
        if not dragging or press is None:
            super().mouseReleaseEvent(event)
            return
        self.viewport().update()
        self.hint.emit("")
        row, col = self._slot_at(event.position().toPoint())
        if row < 0 or col < 0:
            return  # dropped outside the grid: nothing moves
        start = self.first + max(0, row - press[1]) * SLOT_MINUTES
        session = self.sessions[press[0]]
        room_id = self.rooms[col][0]
        if start != minutes(session["start"]) or room_id != session["room_id"]:
            self.move_requested.emit(press[0], start, room_id)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        row, col = self._slot_at(event.position().toPoint())
        if row < 0 or col < 0 or self.day is None:
            return
        session_id = self.session_at(row, col)
        if session_id is not None:
            self.open_requested.emit(session_id)
        else:
            self.create_requested.emit(self.first + row * SLOT_MINUTES, self.rooms[col][0])

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self._dragging and event.key() == Qt.Key.Key_Escape:  # Esc drops nothing
            self._press, self._dragging, self._drop = None, False, None
            self.viewport().unsetCursor()
            self.viewport().update()
            self.hint.emit("Not moved")
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape):
            # never a keyboard trap: Ctrl+Tab (and Ctrl+Shift+Tab) leave like Tab, Escape goes forward
            back = event.key() == Qt.Key.Key_Backtab or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.focusNextPrevChild(not back)
            event.accept()
            return
        session_id = self.selected_session()
        step = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0), Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1)}
        move = step.get(Qt.Key(event.key()))
        if session_id is None or move is None or not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.day is not None:
                self._enter()
                return
            super().keyPressEvent(event)
            return
        session = self.sessions[session_id]
        col = self.column_of_room(session["room_id"]) + move[1]
        start = minutes(session["start"]) + move[0] * SLOT_MINUTES
        if 0 <= col < len(self.rooms) and start >= 0 and minutes(session["end"]) + move[0] * SLOT_MINUTES <= 24 * 60:
            self.move_requested.emit(session_id, start, self.rooms[col][0])
        event.accept()

    def _enter(self) -> None:
        """Enter opens the selected session, or creates one in the selected empty slot."""
        session_id = self.selected_session()
        if session_id is not None:
            self.open_requested.emit(session_id)
        elif self.currentRow() >= 0 and self.currentColumn() >= 0:
            self.create_requested.emit(
                self.first + self.currentRow() * SLOT_MINUTES, self.rooms[self.currentColumn()][0]
            )


def _first_names(people: Sequence[Mapping[str, Any]], shown: int = 3) -> str:
    names = ", ".join(p["name"] for p in people[:shown])
    return names + (f" and {len(people) - shown} more" if len(people) > shown else "")


def _wrap(text: str, metrics, width: int) -> str:
    """`text` broken at spaces into lines no wider than `width` pixels (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines) or text
