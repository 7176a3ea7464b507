"""The import dialog's view of a sheet: its first rows, the header row, and what each column means.

The lead sees the sheet as the import reads it, picks the header row, maps
each column to a field (or "ignore"), and gives a date for a timetable sheet
that has none. The widget only holds choices; `options()` turns them into the
`ImportOptions` the importer and the command line share.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readiness_app.errors import ReadinessError
from readiness_app.interop.mapping import IGNORE, SPECS, ImportOptions
from readiness_app.interop.sheets import PREVIEW_ROWS, SheetPreview
from readiness_app.register.validation import parse_date, uk_date
from readiness_app.ui.plain_text import plain_label, shown_as_text

AUTO = ""  # a column left to the import: its own field, or the notes for an unknown one
HEADER_BRUSH = QBrush(QColor("#dbe9f7"))


class ColumnMapper(QWidget):
    """Preview table + header row + one field choice per column + the sheet's date."""

    changed = Signal()  # the lead changed a choice (the dialog re-reads the sheet and needs a new check)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = "sessions"
        self._preview: SheetPreview | None = None
        self._chosen: dict[str, str] = {}  # header text -> field or IGNORE, kept across re-reads
        self._sheet_dates: dict[str, str] = {}  # sheet name -> ISO date the lead set for it
        self._filling = False

        self.rows = QTableWidget(0, 0)
        self.rows.setAccessibleName("The first rows of the sheet")
        self.rows.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rows.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.rows.setMinimumHeight(140)
        self.header_row = QSpinBox()
        self.header_row.setRange(0, PREVIEW_ROWS)
        self.header_row.setMinimumWidth(150)  # "find it" whole, with the arrows
        self.header_row.setSpecialValueText("find it")
        self.header_row.setAccessibleName("Header row")
        self.header_row.valueChanged.connect(self._emit)
        self.date = QLineEdit()
        self.date.setPlaceholderText("e.g. 21/05/2026: for one chosen sheet, its date; for all, where none is given")
        self.date.setAccessibleName("Date for the chosen sheet, or for sheets without one")
        self.date.editingFinished.connect(self._emit)
        self.found = plain_label(QLabel())  # quotes the file's own text
        self.found.setWordWrap(True)
        self.columns = QTableWidget(0, 2)
        self.columns.setHorizontalHeaderLabels(["Column in the file", "Read as"])
        self.columns.setAccessibleName("What each column means")
        self.columns.setTabKeyNavigation(False)
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.columns.verticalHeader().setVisible(False)
        self.columns.setMinimumHeight(150)

        form = QFormLayout()
        top = QHBoxLayout()
        top.addWidget(self.header_row)
        top.addStretch(1)
        form.addRow("Header row", top)
        form.addRow("Date", self.date)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rows, 3)
        layout.addWidget(self.found)
        layout.addLayout(form)
        layout.addWidget(self.columns, 4)

    # ------------------------------------------------------------ choices

    def set_kind(self, kind: str) -> None:
        self.kind = kind
        self.date.setEnabled(kind == "sessions")

    def options(self, sheet: str | None) -> ImportOptions:
        text = self.date.text().strip()
        try:
            day = parse_date(text, "date") if text and self.kind == "sessions" else None
        except ReadinessError:
            day = None  # shown as a problem by `date_problem`
        sheet_dates = dict(self._sheet_dates)
        if sheet:  # a date typed for one chosen sheet sets that sheet's date, over its name or title
            sheet_dates.pop(sheet, None)
            if day:
                sheet_dates[sheet] = day
        return ImportOptions(
            sheet=sheet,
            header_row=self.header_row.value() or None,
            columns=dict(self._chosen),
            date=None if sheet and day else day,
            sheet_dates=sheet_dates,
        )

    def switch_sheet(self, old: str | None, new: str | None) -> None:
        """Keep the date typed for the sheet left, and show the one set for the sheet chosen."""
        if old:
            text = self.date.text().strip()
            try:
                day = parse_date(text, "date") if text else None
            except ReadinessError:
                day = None
            self._sheet_dates.pop(old, None)
            if day:
                self._sheet_dates[old] = day
        self._filling = True
        try:
            self.date.setText(uk_date(self._sheet_dates.get(new, "")) if new else "")
        finally:
            self._filling = False

    def date_problem(self) -> str:
        text = self.date.text().strip()
        if not text or self.kind != "sessions":
            return ""
        try:
            parse_date(text, "date")
        except ReadinessError as exc:
            return exc.message
        return ""

    def apply(self, options: ImportOptions) -> None:
        """Show remembered or loaded choices."""
        self._filling = True
        try:
            self.header_row.setValue(options.header_row or 0)
            self.date.setText(options.date or "")
            self._chosen = dict(options.columns)
            self._sheet_dates = dict(options.sheet_dates)
        finally:
            self._filling = False

    def clear(self) -> None:
        self._chosen.clear()
        self.apply(ImportOptions())
        self.show_preview(None)

    # ------------------------------------------------------------ the sheet

    def show_preview(self, preview: SheetPreview | None) -> None:
        self._preview = preview
        self._filling = True
        try:
            self._fill_rows(preview)
            self._fill_columns(preview)
        finally:
            self._filling = False

    def _fill_rows(self, preview: SheetPreview | None) -> None:
        rows = preview.rows if preview else []
        width = max((len(r) for r in rows), default=0)
        self.rows.setRowCount(len(rows))
        self.rows.setColumnCount(width)
        bold = QFont()
        bold.setBold(True)
        for r, row in enumerate(rows):
            for c in range(width):
                text = row[c] if c < len(row) else ""
                item = QTableWidgetItem(text.replace("\n", " / "))
                item.setToolTip(shown_as_text(text))
                if preview and preview.header_row == r + 1:
                    item.setBackground(HEADER_BRUSH)
                    item.setFont(bold)
                self.rows.setItem(r, c, item)
        if preview is None:
            self.found.setText("")
        elif preview.header_row:
            self.found.setText(f"Header on row {preview.header_row}. Check what each column is read as below.")
        elif self.header_row.value():
            self.found.setText(f"Not read yet: {preview.problem}. Say below what the columns are read as.")
        else:
            self.found.setText(
                f"No header found ({preview.problem}). Choose the header row, then say what the columns are."
            )

    def _fill_columns(self, preview: SheetPreview | None) -> None:
        headers = preview.headers if preview else []
        spec = SPECS[self.kind]
        self.columns.setRowCount(0)
        for index, header in enumerate(headers):
            if not header:
                continue
            row = self.columns.rowCount()
            self.columns.insertRow(row)
            self.columns.setItem(row, 0, QTableWidgetItem(header))
            # The sheet is re-read with the lead's choices, so a chosen column's field is theirs, not found.
            mine = header in self._chosen
            auto = preview.fields.get(index, "") if preview and not mine else ""
            combo = QComboBox()
            combo.setAccessibleName(f"Read {header} as")
            first = "as the import reads it" if mine else "the notes (no field)"
            combo.addItem(f"{_label(spec, auto)} (found)" if auto else first, AUTO)
            combo.addItem("ignore", IGNORE)
            for col in spec:
                if col.key != auto:
                    combo.addItem(col.label, col.key)
            chosen = self._chosen.get(header, AUTO)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.currentIndexChanged.connect(lambda _=0, h=header, c=combo: self._picked(h, c))
            self.columns.setCellWidget(row, 1, combo)

    def field_choice(self, header: str) -> QComboBox | None:
        """The combo box for one column (tests and keyboard users find it by its header)."""
        for row in range(self.columns.rowCount()):
            item = self.columns.item(row, 0)
            if item is not None and item.text() == header:
                widget = self.columns.cellWidget(row, 1)
                return widget if isinstance(widget, QComboBox) else None
        return None

    def _picked(self, header: str, combo: QComboBox) -> None:
        value = combo.currentData()
        if not value:  # the import's own reading (Qt may hand back None for the empty key)
            self._chosen.pop(header, None)
        else:
            self._chosen[header] = value
        self._emit()

    def _emit(self) -> None:
        if not self._filling:
            self.changed.emit()


def _label(spec, key: str) -> str:
    return next((c.label for c in spec if c.key == key), key)
