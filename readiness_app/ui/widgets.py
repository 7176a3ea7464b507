"""Small building blocks shared by the pages: tables, search boxes, pickers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QRect, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QScrollBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from readiness_app.ui.models import RowsModel
from readiness_app.ui.plain_text import shown_as_text


def make_table(model: RowsModel[Any], name: str, *, multi: bool = False) -> QTableView:
    """A sortable, keyboard-friendly read-only table."""
    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(name.replace("_", " "))
    view.setModel(model)
    # no indicator at first: rows keep the register's own order until a header is clicked
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.horizontalHeader().setSortIndicatorShown(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection if multi else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    for n, column in enumerate(model.columns):
        if column.width:
            view.setColumnWidth(n, column.width)
    sort_by_keyboard(view)
    return view


def sort_by_keyboard(view: QTableView) -> None:
    """Sorting without a mouse: the menu key (or Shift+F10) on a cell offers to sort by its column."""
    from PySide6.QtGui import QAction

    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    for text, order in (
        ("Sort by this column, A to Z (smallest first)", Qt.SortOrder.AscendingOrder),
        ("Sort by this column, Z to A (largest first)", Qt.SortOrder.DescendingOrder),
    ):
        action = QAction(text, view)
        action.triggered.connect(lambda _=False, o=order: view.sortByColumn(max(view.currentIndex().column(), 0), o))
        view.addAction(action)


def restore_columns(view: QTableView, settings: QSettings) -> None:
    state = settings.value(f"columns/{view.objectName()}")
    if state is not None:
        view.horizontalHeader().restoreState(state)


def save_columns(view: QTableView, settings: QSettings) -> None:
    settings.setValue(f"columns/{view.objectName()}", view.horizontalHeader().saveState())


def selected_ids(view: QTableView) -> list[Any]:
    model: Any = view.model()  # a RowsModel: it knows each row's record id
    rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
    return [model.id_at(r) for r in rows]


class SearchBox(QLineEdit):
    """Search as you type; filtering happens at once (the model is fast), no debounce."""

    def __init__(self, placeholder: str = "Search", parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setAccessibleName(placeholder)
        self.setToolTip(placeholder)  # the whole hint, when a narrow window cuts the placeholder
        self.setMinimumWidth(220)


def combo(items: Iterable[tuple[Any, str]], name: str, *, blank: str | None = None) -> QComboBox:
    """A combo box whose itemData is the stored key."""
    box = QComboBox()
    box.setAccessibleName(name)
    box.setToolTip(name)
    # long labels (quality statement names) must not push the layout past 1366 px
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(12)
    if blank is not None:
        box.addItem(blank, None)
    for key, label in items:
        box.addItem(label, key)
    return box


def set_combo(box: QComboBox, key: Any) -> None:
    index = box.findData(key)
    box.setCurrentIndex(max(index, 0))


class CheckList(QWidget):
    """A filterable list of check boxes (QS, people, assessors pickers)."""

    changed = Signal()

    def __init__(self, items: Sequence[tuple[Any, str]], name: str, *, filterable: bool = False, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.filter: QLineEdit | None = None
        if filterable:
            self.filter = SearchBox(f"Filter {name.lower()}")
            self.filter.textChanged.connect(self._filter)
            layout.addWidget(self.filter)
        self.list = QListWidget()
        self.list.setAccessibleName(name)
        for key, label in items:
            self._add(key, label)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        # at least four ticks visible: a squeezed list of one and a half rows hides the choices
        rows = min(max(self.list.count(), 1), 4)
        self.list.setMinimumHeight(rows * max(self.list.sizeHintForRow(0), 18) + 2 * self.list.frameWidth() + 4)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        # a narrow side panel (1024 wide) wraps long QS names onto a second line instead of cutting them
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        layout.addWidget(self.list)

    def set_items(self, items: Sequence[tuple[Any, str]]) -> None:
        """Replace the choices, keeping the ticks of those still listed."""
        keep = set(self.checked())
        self.list.blockSignals(True)
        self.list.clear()
        for key, label in items:
            self._add(key, label)
        self.list.blockSignals(False)
        self.set_checked(keep)
        if self.filter is not None:
            self._filter(self.filter.text())

    def add_missing(self, keys: Iterable[Any]) -> None:
        """Add entries for keys not listed yet (e.g. criteria a council made up), so saving keeps them."""
        have = {self.list.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.list.count())}
        for key in keys:
            if key not in have:
                self._add(key, str(key))
                have.add(key)

    def _add(self, key: Any, label: str) -> None:
        item = QListWidgetItem(label)
        item.setToolTip(shown_as_text(label))
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.list.addItem(item)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for n in range(self.list.count()):
            item = self.list.item(n)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def checked(self) -> list[Any]:
        return [
            self.list.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.list.count())
            if self.list.item(n).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, keys: Iterable[Any]) -> None:
        wanted = set(keys)
        self.list.blockSignals(True)
        for n in range(self.list.count()):
            item = self.list.item(n)
            state = Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted else Qt.CheckState.Unchecked
            item.setCheckState(state)
        self.list.blockSignals(False)
        self.changed.emit()


class _SidePanel(QScrollArea):
    """A vertical-only scroll area as wide as its panel needs, also after the panel grows."""

    def fit_width(self) -> None:
        widget = self.widget()
        if widget is not None:
            width = widget.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width()
            if width != self.minimumWidth():
                self.setMinimumWidth(width)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        # a page that adds to its form after building it (the information return's answers)
        # must not have its fields cut at the right edge: there is no horizontal scroll bar
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit_width()
        return super().eventFilter(watched, event)


def scrolling(widget: QWidget, name: str = "") -> QScrollArea:
    """`widget` in a frameless vertical scroll area: a side panel or form that scrolls on a small screen
    instead of squeezing its fields or pushing its buttons off the window."""
    area = _SidePanel()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.fit_width()
    if name:
        area.setObjectName(name)
    # not an unnamed Tab stop: a panel of fields is reached through its fields (the area scrolls to
    # the one with focus); a panel of text only keeps its Tab stop, for the arrow keys, with a name
    focusable = any(
        child.focusPolicy() & Qt.FocusPolicy.TabFocus and not isinstance(child, QScrollBar)
        for child in widget.findChildren(QWidget)
    )
    if focusable:
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    words = (widget.title() if isinstance(widget, QGroupBox) else "") or name.removesuffix("_scroll").replace("_", " ")
    area.setAccessibleName(words[:1].upper() + words[1:] if words else "Panel")
    return area


def wrapped(labels: Iterable[str], width: int = 18) -> list[str]:
    """Header labels broken over lines ("Room 1 - Council" / "Chamber"): a header does not wrap by itself."""
    import textwrap

    return ["\n".join(textwrap.wrap(label, width)) or label for label in labels]


def heading(text: str, size: int = 15) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"font-size: {size}pt; font-weight: 600;")
    label.setAccessibleName(text)
    from PySide6.QtGui import QAccessible

    from readiness_app.ui.accessibility import set_role

    set_role(label, QAccessible.Role.Heading)  # a screen reader can jump to it
    return label


def field_error_label() -> QLabel:
    """A red line under a form, for validation messages beside the field (announced when shown)."""
    from readiness_app.ui.accessibility import AlertLabel

    return AlertLabel()


def debounce(parent: QWidget, ms: int, slot) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer


class WrappingRow(QLayout):
    """Controls in a row that wraps onto further lines when the window is narrow or the text is
    large (150-200 % zoom), instead of squeezing or clipping them. The first control (a search
    box) takes what is left of its line."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        width = sum(i.sizeHint().width() for i in self._items) + self.spacing() * max(len(self._items) - 1, 0)
        height = max((i.sizeHint().height() for i in self._items), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, *, move: bool) -> int:
        gap = self.spacing()
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._items:
            if item.isEmpty():
                continue
            width = item.sizeHint().width()
            if lines[-1] and used + gap + width > rect.width():
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + width
            lines[-1].append(item)
        y = rect.y()
        for line in lines:
            if not line:
                continue
            height = max(i.sizeHint().height() for i in line)
            spare = rect.width() - sum(i.sizeHint().width() for i in line) - gap * (len(line) - 1)
            x = rect.x()
            for item in line:
                width = item.sizeHint().width() + (max(spare, 0) if item is self._items[0] else 0)
                width = min(width, rect.width())  # a control wider than the window is never drawn past it
                if move:
                    item.setGeometry(QRect(x, y, width, height))
                x += width + gap
            y += height + gap
        return y - gap - rect.y()


class PanelsOrTabs(QWidget):
    """Panels side by side when they fit, else tabs (a small window, or the text at 150-200 %),
    so no panel is squeezed until its text is clipped. Each panel keeps its widgets and state."""

    def __init__(self, panels: Sequence[tuple[QWidget, str, int]], parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtWidgets import QHBoxLayout, QTabWidget

        self.panels = list(panels)  # (widget, tab title, stretch side by side)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.side_by_side = QWidget()
        self.row = QHBoxLayout(self.side_by_side)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Panels")
        outer.addWidget(self.side_by_side)
        outer.addWidget(self.tabs)
        self.narrow: bool | None = None
        self._arrange(False)
        # a panel that grows once its text is in (the QS details) can need tabs with no resize at all
        self.side_by_side.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.side_by_side and event.type() == QEvent.Type.LayoutRequest:
            self._check()
        return False

    def needed_width(self) -> int:
        return sum(
            max(w.minimumSizeHint().width(), w.minimumWidth()) for w, _t, _s in self.panels
        ) + self.row.spacing() * (len(self.panels) - 1)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._check()

    def _check(self) -> None:
        narrow = self.width() < self.needed_width()
        if narrow != self.narrow:
            QTimer.singleShot(0, lambda: self._arrange(self.width() < self.needed_width()))

    def _arrange(self, narrow: bool) -> None:
        if narrow == self.narrow:
            return
        self.narrow = narrow
        focused = self.focusWidget()
        for widget, title, stretch in self.panels:
            if narrow:
                self.tabs.addTab(widget, title)
            else:
                self.row.addWidget(widget, stretch)
        self.tabs.setVisible(narrow)
        self.side_by_side.setVisible(not narrow)
        from readiness_app.ui.accessibility import tab_in_reading_order

        tab_in_reading_order(self)  # moved panels join Tab's chain at its end: the tabs first, then each panel
        if focused is not None and focused.isVisible():
            focused.setFocus()
