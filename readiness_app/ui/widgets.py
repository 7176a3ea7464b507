"""Small building blocks shared by the pages: tables, search boxes, pickers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from readiness_app.ui.colours import WARNING_TEXT
from readiness_app.ui.models import RowsModel
from readiness_app.ui.plain_text import shown_as_text


def make_table(model: RowsModel, name: str, *, multi: bool = False) -> QTableView:
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
    return view


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
    return area


def wrapped(labels: Iterable[str], width: int = 18) -> list[str]:
    """Header labels broken over lines ("Room 1 - Council" / "Chamber"): a header does not wrap by itself."""
    import textwrap

    return ["\n".join(textwrap.wrap(label, width)) or label for label in labels]


def heading(text: str, size: int = 15) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(f"font-size: {size}pt; font-weight: 600;")
    label.setAccessibleName(text)
    return label


def field_error_label() -> QLabel:
    """A red line under a form, for validation messages beside the field."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote titles and file names: text, never HTML
    label.setStyleSheet(f"color: {WARNING_TEXT};")
    label.setWordWrap(True)
    label.setAccessibleName("Validation message")
    label.hide()
    return label


def debounce(parent: QWidget, ms: int, slot) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(slot)
    return timer
