"""Print: any printed document, for a scope, with marking and optional password.

The PDF is built on the printer thread (its own read-only connection; reportlab
builds one document at a time). Preview shows it in the app (ui/preview.py),
Print... sends it to a printer through the system print dialog, Save as PDF
writes the file and opens it in the system's PDF viewer (or says where it is
when there is none). The last output folder and marking are remembered.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from readiness_app.errors import ReadinessError
from readiness_app.paths import user_data_dir
from readiness_app.register.validation import long_date
from readiness_app.ui import feedback
from readiness_app.ui.pages import Page
from readiness_app.ui.plain_text import escape
from readiness_app.ui.widgets import combo, field_error_label, heading, set_combo

# The document Ctrl+P prints on each page (pages not named here open the Print page to choose one).
DOCUMENT_FOR_PAGE = {
    "dashboard": "checklist",
    "quality": "checklist",
    "interviews": "interview-packs",
    "cases": "cases",
    "information_return": "information-return",
    "accuracy": "fa-submission",
    "outcome": "improvement-plan",
    "learning": "bulletin",
}

# what opens each accessible version (said when nothing on the computer does)
OPENED_WITH = {".html": "web pages", ".docx": "Word documents"}

SCOPE_LABELS = {"day": "A day", "session_id": "A session", "person_id": "A person", "for_date": "For the day"}


def _documents() -> dict[str, Any]:
    from readiness_app.reports.registry import DOCUMENTS  # imported when the page opens

    return DOCUMENTS


def safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9\-]+", "-", text).strip("-").lower() or "document"


def window_words(description: str) -> str:
    """A document's description without its command-line hint ("(use `snapshot compare -o`)")."""
    if "`" in description and description.rstrip().endswith(")"):
        return description[: description.rfind("(")].rstrip()
    return description


class PrintPage(Page):
    key = "print"
    title = "Print"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.building = False
        self.last_result: Any = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)

        left = QVBoxLayout()
        left.addWidget(heading("Documents", 12))
        self.documents = QListWidget()
        self.documents.setAccessibleName("Document to print")
        self.documents.setWordWrap(True)  # descriptions wrap on a narrow screen instead of being cut
        for spec in _documents().values():
            item = QListWidgetItem(f"{spec.title}\n    {window_words(spec.description)}")
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.documents.addItem(item)
        self.documents.currentRowChanged.connect(lambda _r: self._on_document())
        left.addWidget(self.documents, 1)
        layout.addLayout(left, 2)

        box = QGroupBox("Options")
        form = QFormLayout(box)
        self.scope = combo([("all", "Everything")], "Scope")
        self.scope.currentIndexChanged.connect(self._on_scope)
        self.scope_value = combo([], "Which one")
        self.scope_value.currentIndexChanged.connect(lambda _i: self._suggest_name())
        form.addRow("&Scope", self.scope)
        form.addRow("&Which", self.scope_value)
        self.audience = combo([], "Who the document is for")
        self.audience.setToolTip("Printed in the footer; what this reader must not see is left out")
        form.addRow("&For", self.audience)
        self.marking = QLineEdit()
        self.marking.setAccessibleName("Protective marking")
        self.marking.setPlaceholderText("OFFICIAL-SENSITIVE")
        self.no_marking = QCheckBox("No marking")
        self.no_marking.setAccessibleDescription("Print without a protective marking")
        self.no_marking.toggled.connect(lambda on: self.marking.setEnabled(not on))
        row = QHBoxLayout()
        row.addWidget(self.marking, 1)
        row.addWidget(self.no_marking)
        form.addRow("Marking", row)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password for the PDF (optional)")
        self.password.setPlaceholderText("optional: the PDF then needs this password to open")
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again.setAccessibleName("Password again")
        form.addRow("&Password", self.password)
        form.addRow("Password a&gain", self.password_again)
        self.folder = QLineEdit()
        self.folder.setAccessibleName("Output folder")
        choose = QPushButton("Choose...")
        choose.setAccessibleDescription("Choose the output folder")
        choose.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        form.addRow("Save in", row)
        # the file's name on a line of its own above its buttons: beside them it had a third of the
        # width and its second line was cut off on a 1024x600 screen
        wording = QVBoxLayout()
        self.wording_label = QLabel()
        self.wording_label.setWordWrap(True)
        self.wording_label.setAccessibleDescription("CQC wording file in use")
        choose_wording = QPushButton("Choose wording…")
        choose_wording.setAccessibleDescription("Choose the council's file of CQC's We and I statements")
        choose_wording.clicked.connect(self.choose_wording)
        clear_wording = QPushButton("Clear")
        clear_wording.setAccessibleDescription("Stop printing the council's wording file; print the app's summaries")
        clear_wording.clicked.connect(self.clear_wording)
        wording.addWidget(self.wording_label)
        buttons = QHBoxLayout()
        buttons.addWidget(choose_wording)
        buttons.addWidget(clear_wording)
        buttons.addStretch(1)
        wording.addLayout(buttons)
        form.addRow("CQC wording", wording)
        self.file_name = QLineEdit()
        self.file_name.setAccessibleName("File name")
        form.addRow("File &name", self.file_name)
        self.open_after = QCheckBox("Open it when it is ready")
        self.open_after.setChecked(True)
        self.open_after.setAccessibleDescription("Open the saved file when it is ready")
        form.addRow(self.open_after)
        self.error = field_error_label()
        form.addRow(self.error)
        self.preview_button = QPushButton("Pre&view")
        self.preview_button.setAccessibleDescription("Preview the document")
        self.preview_button.clicked.connect(lambda: self.preview())
        self.print_button = QPushButton("&Print...")
        self.print_button.setAccessibleDescription("Print the document on a printer")
        self.print_button.clicked.connect(self.print_document)
        self.build_button = QPushButton("&Save as PDF")
        self.build_button.setDefault(True)
        self.build_button.setAccessibleDescription("Save the document as a PDF file")
        self.build_button.clicked.connect(self.build)
        # the accessible version: real headings and tables a screen reader reads (reportlab's PDF is untagged)
        self.html_button = QPushButton("Save as &HTML")
        self.html_button.setAccessibleDescription("Save the accessible version: headings and tables for screen readers")
        self.html_button.setToolTip("The same document as a web page with real headings and tables, for screen readers")
        self.html_button.clicked.connect(lambda: self.build(fmt="html"))
        # the same again as a Word document (heading styles, header rows); the self-assessment's own Word document
        self.word_button = QPushButton("Save as Wor&d")
        self.word_button.setAccessibleDescription("Save the accessible version as a Word document")
        self.word_button.setToolTip("The same document in Word, with heading styles and table header rows")
        self.word_button.clicked.connect(lambda: self.build(fmt="docx"))
        actions = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.build_button, self.html_button, self.word_button):
            actions.addWidget(button)
        form.addRow(actions)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Building")
        self.progress.hide()
        form.addRow(self.progress)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.result.linkActivated.connect(self._open_link)
        self.result.setAccessibleDescription("Result")
        form.addRow(self.result)
        layout.addWidget(box, 3)

        settings = ctx.settings
        from PySide6.QtCore import QStandardPaths

        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        default_folder = str(Path(documents) / "Readiness" if documents else user_data_dir() / "printed")
        self.folder.setText(str(settings.value("print/output_folder") or default_folder))
        if self.documents.count():
            self.documents.setCurrentRow(0)

    # ------------------------------------------------------------ choices

    def refresh(self) -> None:
        from readiness_app.register import assessment

        if not self.marking.text():
            self.marking.setText(assessment.get(self.ctx.read).get("marking") or "OFFICIAL-SENSITIVE")
        path = assessment.setting(self.ctx.read, "wording_file")
        self.wording_label.setText(
            f"{Path(path).name} (printed with its source)" if path else "none: the app's own summaries are printed"
        )
        self._on_scope()

    def current_key(self) -> str | None:
        item = self.documents.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _on_document(self) -> None:
        key = self.current_key()
        if key is None:
            return
        spec = _documents()[key]
        from readiness_app.reports.audience import label

        self.audience.clear()
        for audience in spec.audiences:
            self.audience.addItem(label(audience), audience)
        self.audience.setEnabled(len(spec.audiences) > 1)
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem("Everything", "all")
        for scope in ("day", "session_id", "person_id", "for_date"):
            if scope in spec.scopes:
                self.scope.addItem(SCOPE_LABELS[scope], scope)
        self.scope.blockSignals(False)
        self._on_scope()

    def _on_scope(self) -> None:
        from readiness_app.register import assessment, people, sessions
        from readiness_app.ui.pages import day_label

        scope = self.scope.currentData()
        reg = self.ctx.read
        self.scope_value.clear()
        if scope in ("day", "for_date"):
            days = sorted({d["date"] for d in assessment.visit_days(reg)} | set(sessions.days(reg)))
            for d in days:
                self.scope_value.addItem(day_label(d), d)
        elif scope == "session_id":
            for s in sessions.list_sessions(reg, include_cancelled=False):
                self.scope_value.addItem(f"{long_date(s['date'])} {s['start']} {s['title']}", s["id"])
        elif scope == "person_id":
            for p in people.list_people(reg):
                self.scope_value.addItem(f"{p['name']} ({p['role'] or p['kind']})", p["id"])
        self.scope_value.setEnabled(scope != "all")
        self._suggest_name()

    def _suggest_name(self) -> None:
        key = self.current_key() or "document"
        scope = self.scope.currentData()
        suffix = ""
        if scope in ("day", "for_date") and self.scope_value.currentData():
            suffix = "-" + str(self.scope_value.currentData())
        elif scope == "session_id" and self.scope_value.currentData():
            suffix = "-" + safe_name(self.scope_value.currentText())
        elif scope == "person_id" and self.scope_value.currentData():
            suffix = "-" + safe_name(self.scope_value.currentText().split(" (")[0])
        self.file_name.setText(f"{key}{suffix}.pdf")

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Save printed documents in", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def choose_wording(self) -> None:
        """Load the council's wording file (validated first) and remember it in the register."""
        from readiness_app.framework.wording import use_wording
        from readiness_app.register import assessment

        path, _ = QFileDialog.getOpenFileName(self, "CQC wording file", "", "Wording files (*.toml);;All files (*)")
        if not path:
            return
        try:
            use_wording(path)
        except ReadinessError as exc:
            lines = exc.lines() if hasattr(exc, "lines") else []
            self._show_error("\n".join([str(exc), *lines]))
            return
        self.error.hide()
        self.ctx.write(
            lambda reg: assessment.set_setting(reg, "wording_file", path),
            "choosing the wording file",
            on_done=lambda _r: self.ctx.notice.emit("Wording file loaded: documents print it with its source"),
        )

    def clear_wording(self) -> None:
        from readiness_app.framework import current, load_framework
        from readiness_app.framework.model import set_current
        from readiness_app.register import assessment

        if current().wording_source:
            set_current(load_framework(current().source or None))
        self.error.hide()
        self.ctx.write(
            lambda reg: assessment.set_setting(reg, "wording_file", None),
            "clearing the wording file",
            on_done=lambda _r: self.ctx.notice.emit("Wording file cleared: the app's own summaries are printed"),
        )

    def apply_filters(self, **filters: Any) -> None:
        if filters.get("document"):
            for n in range(self.documents.count()):
                if self.documents.item(n).data(Qt.ItemDataRole.UserRole) == filters["document"]:
                    self.documents.setCurrentRow(n)
        if filters.get("audience"):
            set_combo(self.audience, filters["audience"])
        if filters.get("scope"):
            set_combo(self.scope, filters["scope"])
            if filters.get("value") is not None:
                set_combo(self.scope_value, filters["value"])

    # ------------------------------------------------------------ building

    def options(self):
        from readiness_app.reports.options import ReportOptions

        password = self.password.text()
        if password != self.password_again.text():
            raise ReadinessError("the two passwords are not the same", field="password")
        if password:
            from readiness_app.reports.output import check_password

            check_password(password)
        options = ReportOptions(
            marking="" if self.no_marking.isChecked() else (self.marking.text().strip() or None),
            password=password or None,
            audience=self.audience.currentData(),
        )
        scope = self.scope.currentData()
        if scope and scope != "all":
            value = self.scope_value.currentData()
            if value is None:
                raise ReadinessError(f"choose {SCOPE_LABELS[scope].lower()}", field="scope")
            setattr(options, scope, value)
        return options

    def build(self, *, fmt: str = "pdf") -> None:
        """Save the document: fmt "pdf", or an accessible version, "html" or "docx" (Word)."""
        from readiness_app.reports.rendering import render

        if self.building:
            return
        self.error.hide()
        try:
            key, options = self._chosen()
            folder = Path(self.folder.text().strip()).expanduser()
            name = self.file_name.text().strip() or f"{key}.pdf"
            suffix = f".{fmt}"
            if fmt != "pdf" and name.lower().endswith(".pdf"):
                name = name[:-4]
            if not name.lower().endswith(suffix):
                name += suffix
            if "/" in name or "\\" in name:
                raise ReadinessError("the file name must not contain a folder", field="file name")
            folder.mkdir(parents=True, exist_ok=True)
        except ReadinessError as exc:
            self._show_error(feedback.one_line(exc))
            return
        except OSError as exc:
            self._show_error(f"cannot use folder {folder}: {exc.strerror or exc}")
            return
        target = folder / name
        self.ctx.settings.setValue("print/output_folder", str(folder))
        self._start_building(f"Building {target.name}...")
        self.ctx.printer.submit(
            lambda reg: render(reg, key, target, options),
            description=f"printing {key}",
            on_done=self._built,
            on_error=self._failed,
        )

    def _chosen(self) -> tuple[str, Any]:
        """The document and its options as the page shows them; ReadinessError says what is missing."""
        key = self.current_key()
        if key is None:
            raise ReadinessError("choose a document to print")
        return key, self.options()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _actions(self) -> tuple[QPushButton, ...]:
        """The buttons that start a build: off while one runs."""
        return (self.build_button, self.html_button, self.word_button, self.preview_button, self.print_button)

    def _finish(self) -> None:
        self.building = False
        for button in self._actions():
            button.setEnabled(True)
        self.progress.hide()

    def _open_link(self, href: str) -> None:
        from readiness_app.ui.opening import open_path

        path = Path(QUrl(href).toLocalFile())
        open_path(self, path, "the folder" if path.is_dir() else "PDF files")

    # ------------------------------------------------------------ preview and printer

    def preview(self) -> None:
        """Build the document in memory and show it in the preview (zoom, page box, Save as PDF, Print...)."""
        from dataclasses import replace

        from readiness_app.reports.rendering import render_bytes, render_first_part

        if self.building:
            return
        self.error.hide()
        try:
            key, options = self._chosen()
        except ReadinessError as exc:
            self._show_error(feedback.one_line(exc))
            return
        options = replace(options, password=None)  # a password protects the saved file, not the view
        title = _documents()[key].title
        self._start_building(f"Preparing {title.lower()}...")

        def open_dialog(data: bytes):
            from readiness_app.ui.preview import PreviewDialog

            self.preview_dialog = PreviewDialog(data, title, self, file_name=self.file_name.text(), save=self.build)
            self.preview_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.preview_dialog.show()
            return self.preview_dialog

        def first_part(result: tuple[bytes, int] | None) -> None:
            # A long document (every interview pack) shows its first part at once; the whole follows.
            if result is not None:
                open_dialog(result[0]).show_part("all the pages")

        def shown(result: tuple[bytes, int]) -> None:
            self._finish()
            data, pages = result
            self.result.setText(f"{title}: {pages} page{'s' if pages != 1 else ''}")
            from shiboken6 import isValid

            dialog = getattr(self, "preview_dialog", None)
            if dialog is not None and isValid(dialog) and dialog.isVisible() and dialog.partial:
                dialog.show_document(data)  # the first part was on screen: the whole takes its place
            else:
                open_dialog(data)

        self.ctx.printer.submit(
            lambda reg: render_first_part(reg, key, options),
            description=f"preparing the first part of {key}",
            on_done=first_part,
            on_error=lambda _error: None,  # the whole document's build below meets and reports the same problem
        )
        self.ctx.printer.submit(
            lambda reg: render_bytes(reg, key, options),
            description=f"preparing {key}",
            on_done=shown,
            on_error=self._failed,
        )

    def _start_building(self, message: str) -> None:
        self.building = True
        for button in self._actions():
            button.setEnabled(False)
        self.progress.show()
        self.result.setText(message)

    def print_document(self) -> None:
        """Print...: build the document, then the system print dialog (printer, pages, copies, two-sided)."""
        from readiness_app.reports.rendering import render_bytes

        if self.building:
            return
        self.error.hide()
        try:
            key, options = self._chosen()
            if options.password:  # said before any dialog opens, not found out at the printer
                raise ReadinessError(
                    "a password-protected PDF cannot be sent to a printer",
                    "clear the password to print (the marking is printed on every page), or use Save as PDF",
                    field="password",
                )
        except ReadinessError as exc:
            self._show_error(feedback.one_line(exc))
            return
        title = _documents()[key].title
        self._start_building(f"Preparing {title.lower()} for the printer...")

        def choose(result: tuple[bytes, int]) -> None:
            from readiness_app.ui.preview import PdfPages, open_print_dialog

            self._finish()
            try:
                pages = PdfPages(result[0])
            except ReadinessError as exc:
                self._show_error(feedback.one_line(exc))
                return
            self.result.setText(f"{title}: {len(pages)} page{'s' if len(pages) != 1 else ''}; choose a printer")
            self.print_dialog = open_print_dialog(
                self, title, len(pages), lambda printer: self._print_on(pages, printer)
            )

        self.ctx.printer.submit(
            lambda reg: render_bytes(reg, key, options),
            description=f"preparing {key} for the printer",
            on_done=choose,
            on_error=self._failed,
        )

    def _print_on(self, pages: Any, printer: Any) -> None:
        from readiness_app.ui.preview import PrintJob

        title = printer.docName()
        self._start_building(f"Printing {title}...")
        self.progress.setRange(0, 0)

        def progress(done: int, total: int) -> None:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

        def done(count: int) -> None:
            self._finish()
            self.progress.setRange(0, 0)
            where = printer.printerName() or printer.outputFileName() or "the printer"
            self.result.setText(escape(f"Sent {count} page{'s' if count != 1 else ''} of {title} to {where}"))
            self.ctx.notice.emit(f"Printed {title}")

        self.print_job = PrintJob(pages, printer, self, on_progress=progress, on_done=done)
        try:
            self.print_job.start()
        except ReadinessError as exc:
            self._finish()
            self._show_error(feedback.one_line(exc))

    def _built(self, result: Any) -> None:
        self._finish()
        self.last_result = result
        if getattr(result, "printed", None):  # a versioned document: remember this version was printed
            from readiness_app.reports.rendering import record_printed

            self.ctx.write(lambda reg: record_printed(reg, result), "recording the printed version")
        url = QUrl.fromLocalFile(str(result.path)).toString()
        folder = QUrl.fromLocalFile(str(result.path.parent)).toString()
        lock = " (password protected)" if getattr(result, "encrypted", False) else ""
        suffix = result.path.suffix.lower()
        size = (
            "the accessible version (headings and tables)"
            if suffix in OPENED_WITH
            else f"{result.pages} page{'s' if result.pages != 1 else ''}"
        )
        self.result.setText(
            f'Saved <a href="{escape(url)}">{escape(result.path.name)}</a>{lock}: {size}, '
            f'in <a href="{escape(folder)}">{escape(result.path.parent)}</a>'
        )
        for warning in getattr(result, "warnings", ()):  # other scripts, over-long text: by record and field
            self.result.setText(f"{self.result.text()}<br><b>Note:</b> {escape(warning)}")
        from readiness_app.output_files import evidence_warning

        warning = evidence_warning(result.path, self.ctx.evidence_folder())
        if warning:  # colleagues will see it as evidence
            self.result.setText(f"{self.result.text()}<br><b>Note:</b> {escape(warning)}")
        self.ctx.notice.emit(f"Printed {result.path.name}" + (f". Note: {warning}" if warning else ""))
        if self.open_after.isChecked():
            from readiness_app.ui.opening import open_path

            open_path(self, result.path, OPENED_WITH.get(suffix, "PDF files"))

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.result.setText("")
        if isinstance(error, ReadinessError):
            self._show_error(feedback.one_line(error))
        else:
            feedback.show_error(self, error, "Printing failed")


PAGE = PrintPage
