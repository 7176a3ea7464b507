"""The welcome screen: create a register, open one, or try the demo.

Shown when there is no last register. Creating a register asks for the three
things the app cannot guess: the council's name, the shared evidence folder and
the on-site dates (they can be changed later).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.ui import feedback, settings
from readiness_app.ui.accessibility import focus_field
from readiness_app.ui.jobs import JobRunner
from readiness_app.ui.plain_text import shown_as_text
from readiness_app.ui.widgets import field_error_label, heading
from readiness_app.ui.wording import counted_suffix


def build_demo_folder(today: date | None = None) -> Path:
    """A fresh demo in the user's data folder; returns its register path."""

    from readiness_app.demo import build_demo
    from readiness_app.paths import user_data_dir

    folder = user_data_dir() / f"demo-{clock.now():%Y%m%d-%H%M%S}"
    n = 2
    while folder.exists():
        folder = folder.with_name(f"{folder.name}-{n}")
        n += 1
    folder.parent.mkdir(parents=True, exist_ok=True)
    return build_demo(folder, today=today).register


class DemoBuilder(QWidget):
    """Builds a fresh demo off the GUI thread, with a progress window."""

    built = Signal(str)
    failed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Readiness - building the demo")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Building the Northmoor demo register and its evidence folder..."))
        bar = QProgressBar()
        bar.setRange(0, 0)  # busy: the builder does not report steps
        bar.setAccessibleName("Building the demo")
        layout.addWidget(bar)
        self.resize(420, 90)
        self._runner: JobRunner | None = None

    def start(self) -> None:
        self.show()
        self._runner = JobRunner("demo")
        self._runner.submit(
            lambda _reg: build_demo_folder(), description="building the demo", on_done=self._done, on_error=self._failed
        )

    def _finish(self) -> None:
        if self._runner is not None:
            self._runner.stop()
            self._runner = None
        self.close()

    def _done(self, path: Path) -> None:
        self._finish()
        self.built.emit(str(path))

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.failed.emit(error)


class WelcomeWindow(QWidget):
    register_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Readiness - welcome")
        self.setObjectName("welcome")
        outer = QVBoxLayout(self)
        outer.addWidget(heading("Get ready for the CQC assessment", 16))
        intro = QLabel(
            "A register keeps your evidence library, gaps, cases and interview plan in one file on this laptop. "
            "Create one for your council, open an existing one, or look around the demo first."
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)

        row = QHBoxLayout()
        outer.addLayout(row, 1)
        row.addWidget(self._create_box(), 3)
        side = QVBoxLayout()
        row.addLayout(side, 2)
        side.addWidget(self._open_box())
        side.addWidget(self._demo_box())
        side.addStretch(1)
        self.resize(900, 520)
        self._demo: DemoBuilder | None = None

    # ------------------------------------------------------------ create

    def _create_box(self) -> QGroupBox:
        box = QGroupBox("Create a register")
        form = QFormLayout(box)
        self.council = QLineEdit()
        self.council.setAccessibleName("Council name")
        self.council.setPlaceholderText("e.g. Northmoor County Council")
        form.addRow("&Council name", self.council)

        self.evidence = QLineEdit()
        self.evidence.setAccessibleName("Evidence folder")
        self.evidence.setPlaceholderText("the shared folder colleagues put evidence in")
        pick_evidence = QPushButton("Choose...")
        pick_evidence.setAccessibleDescription("Choose the evidence folder")
        pick_evidence.clicked.connect(self._choose_evidence)
        line = QHBoxLayout()
        line.addWidget(self.evidence, 1)
        line.addWidget(pick_evidence)
        form.addRow("Evidence folder", line)

        self.register_file = QLineEdit()
        self.register_file.setAccessibleName("Register file")
        self.register_file.setPlaceholderText("on this laptop's own disk, not the shared folder")
        pick_register = QPushButton("Choose...")
        pick_register.setAccessibleDescription("Choose where to save the register")
        pick_register.clicked.connect(self._choose_register)
        line = QHBoxLayout()
        line.addWidget(self.register_file, 1)
        line.addWidget(pick_register)
        form.addRow("Register file", line)

        self.has_dates = QCheckBox("On-site dates are known")
        self.has_dates.setAccessibleDescription("On-site dates are known")
        self.onsite_start = QDateEdit()
        self.onsite_start.setCalendarPopup(True)
        self.onsite_start.setDisplayFormat("dd/MM/yyyy")
        from readiness_app.register import workdays

        start = workdays.next_working_day(clock.today() + timedelta(weeks=8))  # never suggest a weekend
        self.onsite_start.setDate(QDate(start.year, start.month, start.day))
        self.onsite_start.setAccessibleName("First on-site day")
        self.onsite_days = QSpinBox()
        self.onsite_days.setRange(1, 10)
        self.onsite_days.setValue(3)
        counted_suffix(self.onsite_days, "working day")
        self.onsite_days.setAccessibleName("Number of on-site days")
        self.has_dates.toggled.connect(self.onsite_start.setEnabled)
        self.has_dates.toggled.connect(self.onsite_days.setEnabled)
        self.has_dates.setChecked(True)
        form.addRow(self.has_dates)
        form.addRow("First on-site &day", self.onsite_start)
        form.addRow("On-site &length", self.onsite_days)

        self.create_error = field_error_label()
        form.addRow(self.create_error)
        self.create_button = QPushButton("Create and open")
        self.create_button.setDefault(True)
        self.create_button.setAccessibleDescription("Create the register and open it")
        self.create_button.clicked.connect(self.create_register)
        form.addRow(self.create_button)
        return box

    def _choose_evidence(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the evidence folder", self.evidence.text())
        if folder:
            self.evidence.setText(folder)

    def _choose_register(self) -> None:
        from readiness_app.paths import user_data_dir

        start = self.register_file.text() or str(user_data_dir() / "register.sqlite")
        path, _ = QFileDialog.getSaveFileName(self, "Save the register as", start, "Register (*.sqlite)")
        if path:
            if not path.endswith(".sqlite"):
                path += ".sqlite"
            self.register_file.setText(path)

    def create_register(self) -> None:
        """Validate the form, create the register (small and quick) and open it."""
        from readiness_app.operations import registers

        self.create_error.hide()
        try:
            council = self.council.text().strip()
            if not council:
                raise ReadinessError("council name is required", field="council")
            if not self.evidence.text().strip():
                raise ReadinessError("choose the evidence folder", field="evidence folder")
            evidence = Path(self.evidence.text().strip()).expanduser()
            if not evidence.is_dir():
                raise ReadinessError(f"folder {evidence} does not exist", field="evidence folder")
            if not self.register_file.text().strip():
                raise ReadinessError("choose where to save the register", field="register file")
            start = None
            if self.has_dates.isChecked():
                picked = self.onsite_start.date()
                start = date(picked.year(), picked.month(), picked.day())
            made = registers.create(
                self.register_file.text().strip(),
                council=council,
                evidence_folder=evidence,
                onsite_start=start,
                onsite_days=self.onsite_days.value(),
            )
        except ReadinessError as exc:
            self.create_error.setText(feedback.one_line(exc))
            self.create_error.show()
            focus_field(self, exc)
            return
        self.register_chosen.emit(str(made.path))

    # ------------------------------------------------------------ open

    def _open_box(self) -> QGroupBox:
        box = QGroupBox("Open a register")
        layout = QVBoxLayout(box)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent registers")
        for path in settings.recent_registers():
            if Path(path).exists():
                item = QListWidgetItem(f"{Path(path).name}   ({Path(path).parent})")
                item.setToolTip(shown_as_text(path))
                item.setData(Qt.ItemDataRole.UserRole, path)
                self.recent.addItem(item)
        self.recent.itemActivated.connect(lambda item: self.register_chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        if self.recent.count():
            layout.addWidget(QLabel("Recent:"))
            layout.addWidget(self.recent)
        else:
            self.recent.hide()
        button = QPushButton("&Open a register file...")
        button.setAccessibleDescription("Open a register file")
        button.clicked.connect(self.open_register)
        layout.addWidget(button)
        return box

    def open_register(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a register", "", "Register (*.sqlite);;All files (*)")
        if path:
            self.register_chosen.emit(path)

    # ------------------------------------------------------------ demo

    def _demo_box(self) -> QGroupBox:
        box = QGroupBox("Try the demo")
        layout = QVBoxLayout(box)
        text = QLabel("Northmoor County Council, a fictional council three weeks before its on-site visit.")
        text.setWordWrap(True)
        layout.addWidget(text)
        button = QPushButton("Open the &demo")
        button.setAccessibleDescription("Open the demo")
        button.clicked.connect(self.open_demo)
        layout.addWidget(button)
        return box

    def open_demo(self) -> None:
        self._demo = DemoBuilder()
        self._demo.built.connect(self.register_chosen.emit)
        self._demo.failed.connect(lambda e: feedback.show_error(self, e))
        self._demo.start()
