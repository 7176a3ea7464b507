"""Import a spreadsheet: choose what and which file, check it (a dry run), then import.

Self-contained: it talks to the register only through a `JobRunner` (its own,
unless the window passes its writer), so a 10,000-row check never freezes the
window. Nothing is written until the check has passed and the user presses
Import; the import itself is all-or-nothing (interop.importers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
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
    QVBoxLayout,
    QWidget,
)

from readiness_app.errors import ValidationErrors
from readiness_app.ui.jobs import JobRunner
from readiness_app.ui.spreadsheets import IMPORT_KINDS

KINDS = IMPORT_KINDS  # the same list File > Import shows
DETAIL_LINES = 200


def _report(result: Any) -> str:
    lines = [result.summary()]
    lines += [f"Note: {n}" for n in result.notes]
    for change in result.updated:
        parts = "; ".join(f"{k}: {_show(v[0])} \u2192 {_show(v[1])}" for k, v in change.changes.items())
        lines.append(f"Update row {change.row}, {change.key}: {parts}")
    lines += [f"New row {c.row}: {c.key}" for c in result.created]
    for kind, names in result.also_created.items():
        if names:
            lines.append(f"New {kind}: {', '.join(names)}")
    if len(lines) > DETAIL_LINES:
        lines = lines[:DETAIL_LINES] + [f"... and {len(lines) - DETAIL_LINES} more"]
    return "\n".join(lines)


def _show(value: Any) -> str:
    if value in (None, "", []):
        return "(blank)"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


class ImportDialog(QDialog):
    """Kind + file + optional sheet; Check runs a dry run, Import applies it."""

    changes_imported = Signal()  # after an import has committed (the window refreshes its pages)

    def __init__(self, parent: QWidget | None, register_path: Path | str, runner: JobRunner | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import from a spreadsheet")
        self.setMinimumSize(640, 420)
        self.imported = False
        self._own_runner = runner is None
        if runner is None:
            from readiness_app.opening import open_register

            path = Path(register_path)
            runner = JobRunner("import", opener=lambda: open_register(path, source="import"), parent=self)
        self.runner = runner
        self._checked: tuple[str, str, str] | None = None

        self.kind = QComboBox()
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setAccessibleName("What to import")
        self.file = QLineEdit()
        self.file.setPlaceholderText("a .csv or .xlsx file")
        self.file.setAccessibleName("Spreadsheet file")
        browse = QPushButton("Choose\u2026")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        self.sheet = QLineEdit()
        self.sheet.setPlaceholderText("optional: the first sheet that fits is used")
        self.sheet.setAccessibleName("Sheet name")
        form = QFormLayout()
        form.addRow("What", self.kind)
        form.addRow("File", row)
        form.addRow("Sheet", self.sheet)

        self.status = QLabel("Choose a file, then Check to see what would change. Nothing changes until you import.")
        self.status.setWordWrap(True)
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
        for widget in (self.kind, self.file, self.sheet):
            signal = widget.currentIndexChanged if isinstance(widget, QComboBox) else widget.textChanged
            signal.connect(self._inputs_changed)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------ actions

    def _inputs(self) -> tuple[str, str, str]:
        return self.kind.currentData(), self.file.text().strip(), self.sheet.text().strip()

    def _inputs_changed(self) -> None:
        self.import_button.setEnabled(False)  # a new choice needs a new check
        self._checked = None

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose a spreadsheet", "", "Spreadsheets (*.xlsx *.csv);;All (*)")
        if name:
            self.file.setText(name)

    def _busy(self, text: str) -> None:
        self.status.setText(text)
        self.check_button.setEnabled(False)
        self.import_button.setEnabled(False)

    def check(self) -> None:
        kind, file, sheet = self._inputs()
        if not file:
            self.status.setText("Choose a file first.")
            return
        self._busy("Checking\u2026")
        inputs = (kind, file, sheet)

        def job(reg):
            from readiness_app.interop.importers import import_file

            return import_file(reg, kind, file, dry_run=True, sheet=sheet or None)

        self.runner.submit(
            job,
            description="check import",
            on_done=lambda result: self._checked_ok(inputs, result),
            on_error=self._failed,
        )

    def _checked_ok(self, inputs: tuple[str, str, str], result: Any) -> None:
        self.check_button.setEnabled(True)
        self.details.setPlainText(_report(result))
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
        kind, file, sheet = self._checked
        self._busy("Importing\u2026")

        def job(reg):
            from readiness_app.interop.importers import import_file

            return import_file(reg, kind, file, sheet=sheet or None)

        self.runner.submit(job, description="import spreadsheet", on_done=self._imported, on_error=self._failed)

    def _imported(self, result: Any) -> None:
        self.imported = True
        self.changes_imported.emit()
        self.details.setPlainText(_report(result))
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
            self.details.setPlainText("\n".join(error.lines()))
        else:  # a single problem, or an unexpected one (described without its traceback)
            from readiness_app.ui.feedback import describe

            message, detail = describe(error)
            self.status.setText(message)
            self.details.setPlainText(detail)

    def done(self, result: int) -> None:
        if self._own_runner:
            self.runner.stop()
        super().done(result)
