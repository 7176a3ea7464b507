"""The dashboard's coverage heat map: quality statements down, evidence categories across.

Each cell is the number of accepted, present evidence items for that QS and
category (the count the RAG rules use), drawn as text so it reads without
colour; an empty cell is also hatched and says "none". Click a cell, or move
to it with the arrow keys and press Enter or Space, to open the evidence list
filtered to that QS and category. Drawn with QPainter: one widget, not 36.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from readiness_app.ui.plain_text import shown_as_text

# Accepted items -> cell colour: none stands out, then lighter to darker green as evidence builds up.
SCALE = ((0, "#f4c7c3"), (1, "#fce8b2"), (3, "#c9e7c3"), (6, "#8fd08a"))
LABEL_WIDTH = 200
CELL_WIDTH = 92
ROW_HEIGHT = 20
HEADER_HEIGHT = 46
FOCUS_COLOUR = "#0d3b66"  # 3:1 or more against every cell colour
CELL_TEXT = "#1a1a1a"  # on the light cell colours, whatever the palette: 4.5:1 or more on each


def colour_for(count: int) -> str:
    chosen = SCALE[0][1]
    for least, colour in SCALE:
        if count >= least:
            chosen = colour
    return chosen


def cell_text(count: int) -> str:
    return "none" if count == 0 else str(count)


class CoverageMap(QWidget):
    """Rows are QS (id, label), columns categories (id, name); `open_cell` asks for the evidence list."""

    open_cell = Signal(str, str)  # QS id, category id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtGui import QAccessible

        from readiness_app.ui.accessibility import set_role

        set_role(self, QAccessible.Role.Graphic)  # a picture, with its text in its description
        self.setObjectName("coverage_map")
        self.setAccessibleName("Evidence coverage: quality statements down, evidence categories across")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._header_for = (-1, HEADER_HEIGHT)  # (cell width it was worked out for, header height)
        self.statements: list[tuple[str, str]] = []
        self.categories: list[tuple[str, str]] = []
        self.counts: dict[tuple[str, str], int] = {}
        self.current = (0, 0)

    def set_data(self, statements: list[dict[str, Any]], categories: list[tuple[str, str]]) -> None:
        """`statements` as in `readiness.summary()['quality_statements']`."""
        self.statements = [(q["qs"], f"{q['qs']} {q['name']}") for q in statements]
        self.categories = list(categories)
        self.counts = {
            (q["qs"], c): int(n) for q in statements for c, n in (q.get("evidence_by_category") or {}).items()
        }
        self._header_for = (-1, self._header_for[1])  # other names may need another height
        self.updateGeometry()
        self._describe()
        self.update()

    def count(self, row: int, col: int) -> int:
        return self.counts.get((self.statements[row][0], self.categories[col][0]), 0)

    def cell_summary(self, row: int, col: int) -> str:
        n = self.count(row, col)
        items = "no accepted items" if n == 0 else f"{n} accepted item{'s' if n != 1 else ''}"
        return f"{self.statements[row][1]}, {self.categories[col][1]}: {items}"

    # ------------------------------------------------------------ geometry

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(LABEL_WIDTH + CELL_WIDTH * max(1, len(self.categories)), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(LABEL_WIDTH // 2 + 60 * max(1, len(self.categories)), self._height())

    def _height(self) -> int:
        return self._header_height() + ROW_HEIGHT * max(1, len(self.statements)) + 2

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        return small

    def _header_height(self) -> int:
        """Tall enough for the longest category name wrapped in a cell's width: on a narrow window
        "Feedback from staff and leaders" takes four lines, and its first must not be cut."""
        width = self._cell_width() - 4
        if self._header_for[0] != width:
            metrics = QFontMetrics(self._small_font())
            flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
            heights = [metrics.boundingRect(QRect(0, 0, width, 1000), flags, n).height() for _i, n in self.categories]
            needed = max(heights, default=0)
            self._header_for = (width, max(HEADER_HEIGHT, needed + 4))
        return self._header_for[1]

    def resizeEvent(self, event) -> None:  # noqa: N802
        before = self._header_for[1]
        super().resizeEvent(event)
        if self._header_height() != before:
            self.updateGeometry()  # a taller header: the map asks its layout for the height it now needs

    def _cell_width(self) -> int:
        # cells shrink to 64 px before the QS labels give way (they elide; the tooltip has them whole)
        n = max(1, len(self.categories))
        return max(48, min(CELL_WIDTH, max(64, (self.width() - LABEL_WIDTH) // n)))

    def _label_width(self) -> int:
        return max(60, self.width() - self._cell_width() * max(1, len(self.categories)) - 1)

    def cell_rect(self, row: int, col: int) -> QRect:
        return QRect(
            self._label_width() + col * self._cell_width(),
            self._header_height() + row * ROW_HEIGHT,
            self._cell_width(),
            ROW_HEIGHT,
        )

    def colour_pairs(self) -> list[tuple[str, str, str]]:
        """(what, text colour, background) for everything drawn with text: the contrast check reads it."""
        ink, ground = self.palette().windowText().color().name(), self.palette().window().color().name()
        pairs = [("headings", ink, ground)]
        pairs += [(f"cell of {least}+", CELL_TEXT, colour) for least, colour in SCALE]
        pairs += [("focus ring", FOCUS_COLOUR, colour) for _least, colour in SCALE]
        return pairs

    def cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        header = self._header_height()
        if not self.statements or not self.categories or x < self._label_width() or y < header:
            return None
        row, col = (y - header) // ROW_HEIGHT, (x - self._label_width()) // self._cell_width()
        if 0 <= row < len(self.statements) and 0 <= col < len(self.categories):
            return row, col
        return None

    # ------------------------------------------------------------ drawing

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        base = QFont(self.font())
        small = self._small_font()
        label_width, cell_width, header = self._label_width(), self._cell_width(), self._header_height()
        painter.setFont(small)
        ink = self.palette().windowText().color()  # headings on the palette's own background: its text colour
        painter.setPen(ink)
        for col, (_id, name) in enumerate(self.categories):
            rect = QRect(label_width + col * cell_width + 2, 0, cell_width - 4, header - 2)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap
            painter.drawText(rect, int(flags), name)
        painter.setFont(base)
        metrics = QFontMetrics(base)
        for row, (_qs, label) in enumerate(self.statements):
            rect = QRect(0, header + row * ROW_HEIGHT, label_width - 6, ROW_HEIGHT)
            painter.setPen(ink)
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
            for col in range(len(self.categories)):
                n = self.count(row, col)
                cell = self.cell_rect(row, col)
                painter.fillRect(cell, QColor(colour_for(n)))
                if n == 0:  # hatched as well as tinted: an empty cell shows without colour too
                    painter.fillRect(cell, QBrush(QColor("#b3261e"), Qt.BrushStyle.BDiagPattern))
                painter.setPen(QPen(QColor("white"), 1))
                painter.drawRect(cell.adjusted(0, 0, -1, -1))
                painter.setPen(QColor(CELL_TEXT))
                bold = QFont(base)
                bold.setBold(n == 0)
                painter.setFont(bold)
                painter.drawText(cell, int(Qt.AlignmentFlag.AlignCenter), cell_text(n))
                painter.setFont(base)
        if self.hasFocus() and self.statements and self.categories:
            painter.setPen(QPen(QColor(FOCUS_COLOUR), 2))
            painter.drawRect(self.cell_rect(*self.current).adjusted(1, 1, -2, -2))
        painter.end()

    # ------------------------------------------------------------ mouse and keyboard

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        cell = self.cell_at(int(event.position().x()), int(event.position().y()))
        self.setToolTip(
            ""
            if cell is None
            else shown_as_text(self.cell_summary(*cell) + "\nClick to list the evidence for this QS and category")
        )
        self.setCursor(Qt.CursorShape.PointingHandCursor if cell else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        cell = self.cell_at(int(event.position().x()), int(event.position().y()))
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.current = cell
            self.activate()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        moves = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0), Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1)}
        key = event.key()
        if key in moves and self.statements and self.categories:
            dr, dc = moves[Qt.Key(key)]
            row = min(max(self.current[0] + dr, 0), len(self.statements) - 1)
            col = min(max(self.current[1] + dc, 0), len(self.categories) - 1)
            self.current = (row, col)
            self._describe()
            self.update()
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activate()
            event.accept()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()

    def activate(self) -> None:
        if self.statements and self.categories:
            row, col = self.current
            self.open_cell.emit(self.statements[row][0], self.categories[col][0])

    def _describe(self) -> None:
        """What a screen reader says: the cell under the keyboard, then how to use it."""
        if self.statements and self.categories:
            row, col = self.current
            self.setAccessibleDescription(self.cell_summary(row, col) + ". Arrow keys move, Enter lists the evidence.")

    def as_text(self) -> str:
        """The whole map as lines of text (tests, and anyone who would rather read it)."""
        lines = []
        for row, (_qs, label) in enumerate(self.statements):
            cells = ", ".join(
                f"{name} {cell_text(self.count(row, col))}" for col, (_c, name) in enumerate(self.categories)
            )
            lines.append(f"{label}: {cells}")
        return "\n".join(lines)
