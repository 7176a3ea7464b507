"""Import a spreadsheet: choose what and which file, see how it reads, check it (a dry run), then import.

Self-contained: it talks to the register only through a `JobRunner` (its own,
unless the window passes its writer), so reading a workbook or checking
10,000 rows never freezes the window. The lead sees the sheet's first rows,
picks the header row, maps columns and gives a missing date; the choices are
remembered for files with the same columns (app settings) and can be saved
as a mapping file the command line reads. Nothing is written until the check
has passed and the user presses Import; the import is all-or-nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop.mapping import ImportOptions, columns_key, options_from
from readiness_app.ui import wheel_guard
from readiness_app.ui.dialogs.import_columns import ColumnMapper
from readiness_app.ui.jobs import JobRunner
from readiness_app.ui.plain_text import plain_label
from readiness_app.ui.settings import app_settings
from readiness_app.ui.spreadsheets import IMPORT_KINDS
from readiness_app.ui.widgets import scrolling

KINDS = IMPORT_KINDS  # the same list File > Import shows
DETAIL_LINES = 200
ALL_SHEETS = "All sheets with a header"
PROBLEM_BRUSH = QBrush(QColor("#f8d7da"))
MAPPINGS = "import_mappings"  # settings group: kind/<hash of the column names> -> the options as JSON


def _report(result: Any) -> str:
    lines = [result.summary(), *sheet_counts(result)]
    lines += result.sheets
    lines += [f"Note: {n}" for n in result.notes]
    for change in result.updated:
        parts = "; ".join(f"{k}: {_show(v[0])} \u2192 {_show(v[1])}" for k, v in change.changes.items())
        lines.append(f"Update row {change.row}, {change.key}: {parts}")
    lines += [f"New row {c.row}: {c.key}" for c in result.created]
    for kind, names in result.also_created.items():
        if names:
            lines.append(f"New {'CQC team' if kind == 'assessors' else kind}: {', '.join(names)}")
    if len(lines) > DETAIL_LINES:
        lines = lines[:DETAIL_LINES] + [f"... and {len(lines) - DETAIL_LINES} more"]
    return "\n".join(lines)


def sheet_counts(result: Any) -> list[str]:
    """One line per sheet read: 'Tue 19 May: read 12, created 3, updated 1, unchanged 8, problems 0'."""
    lines = []
    for sheet, read in result.rows_by_sheet.items():
        created = sum(c.sheet == sheet for c in result.created)
        updated = sum(c.sheet == sheet for c in result.updated)
        name = sheet or result.source
        lines.append(
            f"{name}: read {read}, created {created}, updated {updated},"
            f" unchanged {max(read - created - updated, 0)}, problems 0"
        )
    return lines if len(lines) > 1 else []


def problem_counts(problems: list[Any]) -> list[str]:
    """One line per sheet with problems: 'Tue 19 May: 3 problems'."""
    counts: dict[str, int] = {}
    for p in problems:
        counts[getattr(p, "sheet", "") or ""] = counts.get(getattr(p, "sheet", "") or "", 0) + 1
    return [f"{sheet or 'the file'}: {n} problem{'s' if n != 1 else ''}" for sheet, n in counts.items()]


def _show(value: Any) -> str:
    if value in (None, "", []):
        return "(blank)"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


class ImportDialog(QDialog):
    """Kind + file + sheet, the sheet's columns; Check runs a dry run, Import applies it."""

    changes_imported = Signal()  # after an import has committed (the window refreshes its pages)
    previewed = Signal()  # the sheet's first rows are shown (tests wait for it)

    def __init__(self, parent: QWidget | None, register_path: Path | str, runner: JobRunner | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import from a spreadsheet")
        wheel_guard.install()
        # Roomy where the screen allows, never taller than a 1024x600 laptop's free area: the rows
        # table and the column list share a splitter and shrink (each scrolls) before anything is cut.
        self.setMinimumSize(760, 480)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(960, screen.width() - 40), min(720, screen.height() - 40))
        self.imported = False
        self._own_runner = runner is None
        if runner is None:
            from readiness_app.opening import open_register

            path = Path(register_path)
            runner = JobRunner("import", opener=lambda: open_register(path, source="import"), parent=self)
        self.runner = runner
        self._checked: tuple[Any, ...] | None = None
        self._previews: list[Any] = []
        self._remembered_for: str | None = None  # the file whose remembered mapping was applied
        self._preview_asked = 0
        self._sheet_shown: str | None = None  # the sheet whose date the Date box holds

        self.kind = QComboBox()
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setAccessibleName("What to import")
        self.file = QLineEdit()
        self.file.setPlaceholderText("a .xlsx, .xls, .ods or .csv file")
        self.file.setAccessibleName("Spreadsheet file")
        browse = QPushButton("Choose\u2026")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet")
        self.sheet.addItem(ALL_SHEETS, None)
        # A case list is coded: what looks like an NHS number, a date of birth or a postcode is refused
        # unless the lead says, here, that the file holds it on purpose (the command line's --allow-personal-data).
        self.allow_personal_data = QCheckBox(
            "This case list holds NHS numbers, dates of birth or postcodes on purpose: import them"
        )
        self.allow_personal_data.setAccessibleName(self.allow_personal_data.text())  # spoken as it reads
        self.allow_personal_data.setVisible(self.kind.currentData() == "cases")
        form = QFormLayout()
        form.addRow("What", self.kind)
        form.addRow("File", row)
        form.addRow("Sheet", self.sheet)
        form.addRow("", self.allow_personal_data)

        self.mapper = ColumnMapper()
        self.mapper.set_kind(self.kind.currentData())
        self.save_mapping_button = QPushButton("Save mapping\u2026")
        self.save_mapping_button.setToolTip("Save these choices as a file for `import --mapping FILE`")
        self.save_mapping_button.clicked.connect(self._save_mapping)

        self.status = plain_label(  # messages quote file names and cells
            QLabel("Choose a file, then Check to see what would change. Nothing changes until you import.")
        )
        self.status.setWordWrap(True)
        self.results = QTableWidget(0, 4)
        self.results.setHorizontalHeaderLabels(["Sheet", "Row", "Record", "What happens"])
        self.results.setAccessibleName("Rows as they would be imported, problems highlighted")
        self.results.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.results.setTabKeyNavigation(False)  # Tab goes on to Check and Import; arrows move inside
        self.results.horizontalHeader().setStretchLastSection(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("What would change, or the problems found")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.check_button = self.buttons.addButton("Check", QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.allow_personal_data.toggled.connect(self._inputs_changed)
        self.file.textChanged.connect(self._file_changed)
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self.mapper.changed.connect(self._mapping_changed)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.mapper, 1)
        top_layout.addWidget(self.save_mapping_button)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.status)
        bottom_layout.addWidget(self.results, 2)
        bottom_layout.addWidget(self.details, 1)
        split = QSplitter()
        split.setOrientation(split.orientation().Vertical)
        # each half scrolls when the dialog is shorter than both need (1024x600): squeezed below
        # their minimum, the sheet's rows, the header row and the column list were drawn over each other
        split.addWidget(scrolling(top, "import_mapping_scroll"))
        split.addWidget(scrolling(bottom, "import_results_scroll"))
        self.mapping_half, self.results_half = top, bottom
        split.setSizes([420, 260])  # the sheet and its columns first; the check's rows below
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------ inputs

    def options(self) -> ImportOptions:
        return self.mapper.options(self.sheet.currentData())

    def _inputs(self) -> tuple[Any, ...]:
        opts = self.options()
        return (
            self.kind.currentData(),
            self.file.text().strip(),
            json.dumps(opts.as_dict(""), sort_keys=True),
            self._personal_data_allowed(),
        )

    def _personal_data_allowed(self) -> bool:
        return self.kind.currentData() == "cases" and self.allow_personal_data.isChecked()

    def _inputs_changed(self) -> None:
        self.import_button.setEnabled(False)  # a new choice needs a new check
        self._checked = None
        # What an earlier check found was about other choices: never leave it beside the new ones.
        self.results.setRowCount(0)
        self.details.clear()

    def _kind_changed(self) -> None:
        self.mapper.set_kind(self.kind.currentData())
        self.allow_personal_data.setVisible(self.kind.currentData() == "cases")
        self.mapper.clear()
        self._remembered_for = None
        self._inputs_changed()
        self._preview()

    def _file_changed(self) -> None:
        self._inputs_changed()
        self.mapper.clear()
        self._remembered_for = None
        self._sheet_shown = None
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItem(ALL_SHEETS, None)
        self.sheet.blockSignals(False)
        if Path(self.file.text().strip()).is_file():
            self._preview()

    def _sheet_changed(self) -> None:
        self.mapper.switch_sheet(self._sheet_shown, self.sheet.currentData())
        self._sheet_shown = self.sheet.currentData()
        self._inputs_changed()
        self._show_sheet()

    def _mapping_changed(self) -> None:
        self._inputs_changed()
        self._preview()

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a spreadsheet", "", "Spreadsheets (*.xlsx *.xls *.ods *.csv);;All (*)"
        )
        if name:
            self.file.setText(name)

    # ------------------------------------------------------------ the sheet's first rows

    def _preview(self) -> None:
        """Read the file off the GUI thread and show how its sheets would be read."""
        kind, file = self.kind.currentData(), self.file.text().strip()
        if not file or not Path(file).is_file():
            return
        options = self.options()
        self._preview_asked += 1
        asked = self._preview_asked

        def job(reg):
            from readiness_app.interop.mapping import SPECS
            from readiness_app.interop.readers import read_sheets
            from readiness_app.interop.sheets import preview_sheets

            return preview_sheets(read_sheets(file), SPECS[kind], options)

        self.runner.submit(
            job,
            description="read spreadsheet",
            on_done=lambda previews: self._previewed(asked, file, previews),
            on_error=lambda error: self._preview_failed(asked, error),
        )

    def _previewed(self, asked: int, file: str, previews: list[Any]) -> None:
        if asked != self._preview_asked:
            return  # a newer read is on its way
        self._previews = previews
        current = self.sheet.currentData()
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItem(ALL_SHEETS, None)
        for preview in previews:
            if preview.name:
                suffix = " (hidden)" if preview.hidden else ("" if preview.header_row else " (no header found)")
                self.sheet.addItem(preview.name + suffix, preview.name)
        self.sheet.setCurrentIndex(max(self.sheet.findData(current), 0))
        self.sheet.setEnabled(any(p.name for p in previews))
        self.sheet.blockSignals(False)
        if self._remembered_for != file:
            self._remembered_for = file
            remembered = self._remembered(previews)
            if remembered is not None:
                self.mapper.apply(remembered)
                self.status.setText("Using the choices remembered for files with these columns. Check, then import.")
                self._preview()
                return
        self._show_sheet()
        self.previewed.emit()

    def _preview_failed(self, asked: int, error: BaseException) -> None:
        if asked == self._preview_asked:
            self._failed(error)

    def _show_sheet(self) -> None:
        wanted = self.sheet.currentData()
        shown = [p for p in self._previews if not p.hidden]
        if wanted is not None:
            shown = [p for p in self._previews if p.name == wanted]
        else:  # all sheets: the first that reads, else the first
            shown = [p for p in shown if p.header_row] or shown
        self.mapper.show_preview(shown[0] if shown else None)

    # ------------------------------------------------------------ remembered choices

    def _key(self, headers: list[str]) -> str:
        digest = hashlib.sha1(columns_key(headers).encode("utf-8")).hexdigest()[:16]
        return f"{MAPPINGS}/{self.kind.currentData()}/{digest}"

    def _remembered(self, previews: list[Any]) -> ImportOptions | None:
        """Choices saved after an earlier import of a file whose header row had the same column names."""
        settings = app_settings()
        for preview in previews:
            for row in preview.rows:
                if sum(1 for c in row if c) < 2:
                    continue
                value = settings.value(self._key(row))
                if value:
                    try:
                        return options_from(self.kind.currentData(), json.loads(str(value)))
                    except (ValueError, RecursionError, ReadinessError) as exc:
                        why = exc.message if isinstance(exc, ReadinessError) else "it is damaged"
                        self.status.setText(
                            f"The choices remembered for files with these columns were not used ({why}); "
                            "choose the columns again."
                        )
                        return None
        return None

    def _remember(self) -> None:
        preview = self.mapper._preview
        options = self.options()
        if preview is None or not preview.header_row or not (options.columns or options.header_row or options.date):
            return
        data = options.as_dict(self.kind.currentData())
        data.pop("date", None)  # next week's file has next week's date
        app_settings().setValue(self._key(preview.headers), json.dumps(data))

    def _save_mapping(self) -> None:
        from readiness_app.interop.mapping import save_mapping

        name, _ = QFileDialog.getSaveFileName(
            self, "Save the column choices", "import-mapping.toml", "Mapping (*.toml);;JSON (*.json)"
        )
        if not name:
            return
        try:
            path = save_mapping(name, self.kind.currentData(), self.options())
        except ReadinessError as exc:
            self.status.setText(exc.message)
            return
        self.status.setText(f"Saved {Path(path).name}: use it with  import {self.kind.currentData()} --mapping FILE")

    # ------------------------------------------------------------ check and import

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        self.check_button.setEnabled(False)
        self.import_button.setEnabled(False)

    def check(self) -> None:
        kind, file, _, allowed = self._inputs()
        if not file:
            self.status.setText("Choose a file first.")
            return
        if problem := self.mapper.date_problem():
            self.status.setText(f"Date: {problem}")
            return
        self._busy("Checking\u2026")
        inputs = self._inputs()
        options = self.options()

        def job(reg):
            from readiness_app.interop.importers import import_file

            return import_file(reg, kind, file, dry_run=True, options=options, allow_personal_data=allowed)

        self.runner.submit(
            job,
            description="check import",
            on_done=lambda result: self._checked_ok(inputs, result),
            on_error=self._failed,
        )

    def _checked_ok(self, inputs: tuple[Any, ...], result: Any) -> None:
        self.check_button.setEnabled(True)
        self.details.setPlainText(_report(result))
        self._show_results(result)
        if inputs != self._inputs():
            return  # the user changed something while it ran
        if not result.changed:
            self.status.setText("Everything in the file already matches the register: nothing to import.")
            return
        self._checked = inputs
        self.status.setText("The file is fine. Press Import to make these changes.")
        self.import_button.setEnabled(True)

    def run_import(self) -> None:
        if self._checked is None or self._checked != self._inputs():
            return
        kind, file, _, allowed = self._checked
        options = self.options()
        self._busy("Importing\u2026")

        def job(reg):
            from readiness_app.interop.importers import import_file

            return import_file(reg, kind, file, options=options, allow_personal_data=allowed)

        self.runner.submit(job, description="import spreadsheet", on_done=self._imported, on_error=self._failed)

    def _imported(self, result: Any) -> None:
        self.imported = True
        self._remember()
        self.changes_imported.emit()
        self.details.setPlainText(_report(result))
        self._show_results(result)
        self.status.setText("Imported.")
        self.check_button.setEnabled(True)
        self.import_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")

    def _failed(self, error: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.import_button.setEnabled(False)
        self._checked = None
        if isinstance(error, ValidationErrors):
            self.status.setText(f"{error.message}. Fix these rows in the spreadsheet and check again.")
            self.details.setPlainText("\n".join([*problem_counts(error.problems), *error.lines()]))
            self._show_problems(error.problems)
        else:  # a single problem, or an unexpected one (described without its traceback)
            from readiness_app.ui.feedback import describe

            message, detail = describe(error)
            self.status.setText(message)
            self.details.setPlainText(detail)
            self.results.setRowCount(0)

    # ------------------------------------------------------------ the rows as read

    def _show_results(self, result: Any) -> None:
        rows = [(c.sheet, c.row, c.key, "new") for c in result.created]
        for c in result.updated:
            parts = "; ".join(f"{k}: {_show(v[0])} \u2192 {_show(v[1])}" for k, v in c.changes.items())
            rows.append((c.sheet, c.row, c.key, f"update: {parts}"))
        rows.sort(key=lambda r: (r[0], r[1]))
        self._fill_results([(sheet, row, key, what, False) for sheet, row, key, what in rows[:DETAIL_LINES]])

    def _show_problems(self, problems: list[Any]) -> None:
        rows = []
        for p in problems[:DETAIL_LINES]:
            rows.append((getattr(p, "sheet", ""), p.row or 0, p.field, p.message, True))
        self._fill_results(rows)
        if rows:  # open at the first problem
            self.results.setCurrentCell(0, 0)
            self.results.scrollToTop()

    def _fill_results(self, rows: list[tuple[str, int, str, str, bool]]) -> None:
        self.results.setRowCount(len(rows))
        for r, (sheet, row, key, what, bad) in enumerate(rows):
            for c, text in enumerate((sheet, str(row) if row else "", key, what)):
                item = QTableWidgetItem(text)
                if bad:
                    item.setBackground(PROBLEM_BRUSH)
                    item.setToolTip("A problem: fix it in the spreadsheet or the choices above, then check again")
                self.results.setItem(r, c, item)
        self.results.resizeColumnsToContents()

    def done(self, result: int) -> None:
        if self._own_runner:
            self.runner.stop()
        super().done(result)
