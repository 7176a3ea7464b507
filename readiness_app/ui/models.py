"""Table models over plain Python lists: fast with tens of thousands of rows.

Views never sort or filter through a QSortFilterProxyModel (it calls data()
n log n times). Instead `RowsModel` keeps every row as a tuple (each page
declares its row as a NamedTuple and names its columns by field), sorts the list
with a key function and filters with a precomputed lower-case search string,
then resets. Column values are already display text (or numbers), so data()
is an index lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from readiness_app.register.named import natural_key
from readiness_app.register.validation import long_date
from readiness_app.ui.colours import RAG_COLOURS, RAG_TEXT, TEXT_ON_TINT, adapt  # noqa: F401  (pages import them)
from readiness_app.ui.plain_text import shown_as_text

# A page's row type: a NamedTuple whose first field is the record id. `RowsModel[SessionRow]`
# hands back SessionRows, so a page reads `row.conflicted`, checked by mypy, not `row[11]`.
Row = TypeVar("Row", bound=tuple[Any, ...])
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    field: int  # index into the row tuple: `Row._fields.index("name")`
    tooltip: str = ""
    numeric: bool = False
    width: int = 0  # preferred width in pixels (0 = let the view decide)
    date: bool = False  # an ISO date, shown as "Tue 22 Dec 2026" and sorted as a date


def _sort_value(value: Any) -> tuple[int, Any]:
    # None and "" sort last whatever the direction of the other values.
    if value is None or value == "":
        return (1, "")
    if isinstance(value, str):
        return (0, natural_key(value))  # "Assessor 2" before "Assessor 10"
    return (0, value)


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows of one type (a page's NamedTuple); row[0] is the record id (UserRole)."""

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
        self._dark: bool | None = None  # the palette is dark (known at the first tinted row)
        self._base: list[Row] = []  # rows as loaded
        self._base_hay: list[str] = []
        self._key_cache: dict[int, list[tuple[int, Any]]] = {}  # field -> sort key per base row
        self._all: list[Row] = []  # rows in the current sort order
        self._hay: list[str] = []
        self._shown: list[Row] = []
        self._needle = ""
        self._predicate: Callable[[Row], bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._brushes: dict[str, QBrush] = {}
        self._pos: dict[str, dict[Any, int]] = {}  # id -> position, per list, made when first needed

    # ------------------------------------------------------------ loading, sorting, filtering

    def search_text(self, rows: Sequence[Row]) -> list[str]:
        """The lower-case search string of each row. Pure Python: a worker thread may call it."""
        fields = self._search_fields
        return [" ".join(str(r[f]) for f in fields if r[f] not in (None, "")).casefold() for r in rows]

    def set_rows(self, rows: Sequence[Row], search_text: list[str] | None = None) -> None:
        """Show these rows; pass `search_text(rows)` if it was already made off the GUI thread."""
        self._base = list(rows)
        self._pos = {}
        self._base_hay = search_text if search_text is not None else self.search_text(self._base)
        self._key_cache = {}
        self._all, self._hay = self._base, self._base_hay
        if self._sort is not None:
            self._sort_all(*self._sort)
        self._apply()

    def update_rows(self, ids: set[Any], rows: Sequence[Row], search_text: list[str] | None = None) -> None:
        """Replace, add or drop the rows with these `ids` (what a change touched); the rest stay as they are.

        A changed row that keeps its place in the sort is redrawn where it is (or taken out, if it
        no longer passes the filter) without a reset, so the selection and scroll position stay;
        anything else re-sorts and re-filters from the cached keys, still far quicker than a reload.
        """
        hay = search_text if search_text is not None else self.search_text(rows)
        new = {row[0]: (row, h) for row, h in zip(rows, hay, strict=True)}
        where = self._positions("base")
        field = self.columns[self._sort[0]].field if self._sort is not None else None
        redraw: dict[Any, tuple[Row, str]] = {}
        drop: set[Any] = set()
        full = False
        gone: set[int] = set()
        for record_id in ids:
            n = where.get(record_id)
            if record_id not in new:
                if n is not None:
                    gone.add(n)
                continue
            row, text = new[record_id]
            if n is None:  # a new row
                where[record_id] = len(self._base)
                self._base.append(row)
                self._base_hay.append(text)
                for f, keys in self._key_cache.items():
                    keys.append(_sort_value(row[f]))
                full = True
                continue
            old, old_text = self._base[n], self._base_hay[n]
            self._base[n], self._base_hay[n] = row, text
            for f, keys in self._key_cache.items():
                keys[n] = _sort_value(row[f])
            was, now = self._passes(old, old_text), self._passes(row, text)
            if (field is not None and old[field] != row[field]) or (now and not was):
                full = True
            elif was and not now:
                drop.add(record_id)
            redraw[record_id] = (row, text)
        if gone:
            keep = [n for n in range(len(self._base)) if n not in gone]
            self._base = [self._base[n] for n in keep]
            self._base_hay = [self._base_hay[n] for n in keep]
            self._key_cache = {f: [keys[n] for n in keep] for f, keys in self._key_cache.items()}
            self._pos.pop("base", None)
            full = True
        if full:
            if self._sort is not None:
                self._sort_all(*self._sort)
            else:
                self._all, self._hay = self._base, self._base_hay
            self._apply()  # forgets the sorted and shown positions
            return
        self._replace_in_place(redraw, drop)

    def _positions(self, which: str) -> dict[Any, int]:
        """Record id -> position in the base, sorted or shown list (made once per list, ~1 ms per 20,000)."""
        cached = self._pos.get(which)
        if cached is None:
            rows = {"base": self._base, "all": self._all, "shown": self._shown}[which]
            cached = self._pos[which] = {row[0]: n for n, row in enumerate(rows)}
        return cached

    def _passes(self, row: Row, hay: str) -> bool:
        words = self._needle.split()
        return all(w in hay for w in words) and (self._predicate is None or self._predicate(row))

    def _replace_in_place(self, new: dict[Any, tuple[Row, str]], drop: set[Any]) -> None:
        # _all and _shown may be the base list itself (no sort, no filter): setting again is harmless
        in_all = self._positions("all")
        for record_id, (row, text) in new.items():
            n = in_all[record_id]
            self._all[n], self._hay[n] = row, text
        shown = self._positions("shown")
        last = len(self.columns) - 1
        for record_id, (row, _text) in new.items():
            at = shown.get(record_id)
            if at is not None and record_id not in drop:
                self._shown[at] = row
                self.dataChanged.emit(self.index(at, 0), self.index(at, last))
        if drop:
            if self._shown is self._all:  # the filter keeps everything: cannot drop, so filter again
                self._apply()
                return
            for n in sorted((shown[i] for i in drop if i in shown), reverse=True):
                self.beginRemoveRows(QModelIndex(), n, n)
                del self._shown[n]
                self.endRemoveRows()
            self._pos.pop("shown", None)

    def row_by_id(self, record_id: Any) -> Row | None:
        """The loaded row with this id, shown or not."""
        n = self._positions("base").get(record_id)
        return None if n is None else self._base[n]

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
        self._pos.pop("all", None)
        self._hay = [hay[i] for i in positions]

    def _apply(self) -> None:
        self.beginResetModel()
        self._pos.pop("shown", None)
        self._pos.pop("all", None)
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
        return self._positions("shown").get(record_id, -1)

    @property
    def total(self) -> int:
        return len(self._all)

    @property
    def base_rows(self) -> list[Row]:
        """Every loaded row, filtered or not."""
        return self._base

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
            text = "" if value is None else str(value)
            # A tooltip is HTML when it looks like HTML: a title with <img src=...> must stay text.
            return shown_as_text(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.UserRole:
            return row[0]
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and self._background is not None:
            colour = self._background(row)
            if colour:
                # a tinted row keeps 4.5:1 on any palette: its tint has a dark partner on a dark palette,
                # and its text is set with it rather than left to the palette's
                if self._dark is None:
                    from readiness_app.ui.accessibility import palette_is_dark

                    self._dark = palette_is_dark()
                if role == Qt.ItemDataRole.ForegroundRole:
                    colour = TEXT_ON_TINT[self._dark]
                else:
                    colour = adapt(colour, self._dark)
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
