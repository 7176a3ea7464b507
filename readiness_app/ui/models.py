"""Table models over plain Python lists: fast with tens of thousands of rows.

Views never sort or filter through a QSortFilterProxyModel (it calls data()
n log n times). Instead `RowsModel` keeps every row as a tuple, sorts the list
with a key function and filters with a precomputed lower-case search string,
then resets. Column values are already display text (or numbers), so data()
is an index lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from readiness_app.register.validation import long_date
from readiness_app.ui.colours import RAG_COLOURS, RAG_TEXT  # noqa: F401  (pages import them from here too)

Row = tuple[Any, ...]
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    field: int  # index into the row tuple
    tooltip: str = ""
    numeric: bool = False
    width: int = 0  # preferred width in pixels (0 = let the view decide)
    date: bool = False  # an ISO date, shown as "Tue 22 Dec 2026" and sorted as a date


def _sort_value(value: Any) -> tuple:
    # None and "" sort last whatever the direction of the other values.
    if value is None or value == "":
        return (1, "")
    if isinstance(value, str):
        return (0, value.casefold())
    return (0, value)


class RowsModel(QAbstractTableModel):
    """Rows as tuples; row[0] is the record id (UserRole)."""

    def __init__(
        self,
        columns: Sequence[Column],
        parent=None,
        *,
        search_fields: Sequence[int] | None = None,
        background: Callable[[Row], str | None] | None = None,
    ):
        super().__init__(parent)
        self.columns = list(columns)
        self._search_fields = list(search_fields) if search_fields is not None else [c.field for c in columns]
        self._background = background
        self._base: list[Row] = []  # rows as loaded
        self._base_hay: list[str] = []
        self._key_cache: dict[int, list[tuple]] = {}  # field -> sort key per base row
        self._all: list[Row] = []  # rows in the current sort order
        self._hay: list[str] = []
        self._shown: list[Row] = []
        self._needle = ""
        self._predicate: Callable[[Row], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._brushes: dict[str, QBrush] = {}

    # ------------------------------------------------------------ loading, sorting, filtering

    def search_text(self, rows: list[Row]) -> list[str]:
        """The lower-case search string of each row. Pure Python: a worker thread may call it."""
        fields = self._search_fields
        return [" ".join(str(r[f]) for f in fields if r[f] not in (None, "")).casefold() for r in rows]

    def set_rows(self, rows: list[Row], search_text: list[str] | None = None) -> None:
        """Show these rows; pass `search_text(rows)` if it was already made off the GUI thread."""
        self._base = list(rows)
        self._base_hay = search_text if search_text is not None else self.search_text(self._base)
        self._key_cache = {}
        self._all, self._hay = self._base, self._base_hay
        if self._sort is not None:
            self._sort_all(*self._sort)
        self._apply()

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self._needle = needle
            self._apply()

    def set_predicate(self, predicate: Callable[[Row], bool] | None) -> None:
        self._predicate = predicate
        self._apply()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort = (column, order)
        self._sort_all(column, order)
        self._apply()

    def _sort_all(self, column: int, order: Qt.SortOrder) -> None:
        # Sort row positions by a cached key list: the keys (casefolded text) are made once per column.
        field = self.columns[column].field
        keys = self._key_cache.get(field)
        if keys is None:
            keys = self._key_cache[field] = [_sort_value(r[field]) for r in self._base]
        reverse = order == Qt.SortOrder.DescendingOrder
        positions = sorted(range(len(keys)), key=keys.__getitem__, reverse=reverse)
        if reverse:  # keep blanks last in both directions
            positions.sort(key=lambda i: keys[i][0])
        base, hay = self._base, self._base_hay
        self._all = [base[i] for i in positions]
        self._hay = [hay[i] for i in positions]

    def _apply(self) -> None:
        self.beginResetModel()
        needle, pred = self._needle, self._predicate
        if not needle and pred is None:
            self._shown = self._all
        else:
            words = needle.split()
            self._shown = [
                row
                for row, hay in zip(self._all, self._hay, strict=True)
                if all(w in hay for w in words) and (pred is None or pred(row))
            ]
        self.endResetModel()

    # ------------------------------------------------------------ access

    def row_at(self, row: int) -> Row:
        return self._shown[row]

    def id_at(self, row: int) -> Any:
        return self._shown[row][0]

    def row_of_id(self, record_id: Any) -> int:
        for n, row in enumerate(self._shown):
            if row[0] == record_id:
                return n
        return -1

    @property
    def total(self) -> int:
        return len(self._all)

    @property
    def shown_rows(self) -> list[Row]:
        return self._shown

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._shown) or index.column() >= len(self.columns):
            return None
        row = self._shown[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            # the tooltip is the full text, for cells the view elides ("Feedback from staff and …")
            value = row[column.field]
            if column.date:
                return long_date(value) if value else ""
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return row[0]
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self._background is not None:
            colour = self._background(row)
            if colour:
                brush = self._brushes.get(colour)
                if brush is None:
                    brush = self._brushes[colour] = QBrush(QColor(colour))
                return brush
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].tooltip or self.columns[section].title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
