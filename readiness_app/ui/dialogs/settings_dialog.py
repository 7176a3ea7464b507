"""File > Register settings: the council, the visit days, the marking, the evidence folder, the reminders.

The visit days are previewed as they are typed (working days only, a weekend
or bank holiday start named at once). Saving a change that would leave sessions
outside the visit asks first, listing them. Problems show beside their field.

Like every form, it says "Changed outside" when another program changes the
settings while it is open, and Save writes only the settings changed in it, only
while they still hold the values it showed; when both sides changed the same one
it asks which to keep (`ui/changed_outside.py`, `register/changed_since.py`).
"""

from __future__ import annotations

from typing import Any

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
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from readiness_app.errors import ReadinessError
from readiness_app.register.changed_since import ChangedWhileOpen, save_if_unchanged
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date, parse_date, uk_date
from readiness_app.ui import feedback
from readiness_app.ui.accessibility import focus_field
from readiness_app.ui.changed_outside import KeepWhichDialog, OpenRecord, banner
from readiness_app.ui.context import AppContext
from readiness_app.ui.plain_text import plain_label
from readiness_app.ui.widgets import field_error_label
from readiness_app.ui.wording import counted_suffix

MARKINGS = ("OFFICIAL-SENSITIVE", "OFFICIAL", "")
NOUN = "register's settings"
SEARCH_KEYS = ("index_contents", "index_limit_mb")  # kept with the evidence settings, not the register's
LABELS = {
    "council": "Council name",
    "onsite_start": "First on-site day",
    "onsite_days": "Number of on-site days",
    "virtual_days": "Number of virtual days",
    "marking": "Protective marking",
    "evidence_folder": "Evidence folder",
    "dass": "Director of Adult Social Services",
    "reminders": "Bulletin reminders",
    "index_contents": "Search inside the evidence files",
    "index_limit_mb": "Largest size of the register with the files' text (MB)",
}


def normal(key: str, value: Any) -> Any:
    """A setting as the register would hold it, so typed and stored values compare (raises on a bad date)."""
    if key == "onsite_start":
        return parse_date(value, "onsite_start") if str(value or "").strip() else None
    if key in ("onsite_days", "virtual_days", "index_limit_mb"):
        return int(value or 0)
    if key == "index_contents":
        return bool(value)
    if key == "evidence_folder":
        from pathlib import Path

        text = str(value or "").strip()
        return str(Path(text).expanduser().resolve()) if text else None
    if key == "reminders":
        lines = value if isinstance(value, list) else str(value or "").splitlines()
        return [line.strip() for line in lines if line.strip()]
    return " ".join(str(value or "").split())


def stored_settings(reg: Register) -> dict[str, Any]:
    """The settings the dialog edits, as stored now, in the terms of `normal`."""
    from readiness_app.evidence import settings as evidence_settings
    from readiness_app.setup import register_settings

    now = register_settings.current(reg)
    search = evidence_settings.load(reg)
    values = {key: now[key] for key in LABELS if key not in SEARCH_KEYS}
    values |= {"index_contents": search.index_contents, "index_limit_mb": search.index_limit_mb}
    return {key: normal(key, value) for key, value in values.items()}


def shown_setting(key: str, value: Any) -> str:
    """A setting's value in the keep-which question."""
    if value is None or value == []:
        return ""
    if key == "onsite_start":
        return long_date(value)
    if key == "reminders":
        return "; ".join(value)
    if key == "index_contents":
        return "on" if value else "off"
    return str(value)


class SettingsDialog(QDialog):
    """Edit the register settings; `saved_result` holds what `register_settings.apply` returned."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        from readiness_app.setup import register_settings

        super().__init__(parent or ctx.window)
        self.ctx = ctx
        self.setWindowTitle("Register settings")
        self.setAccessibleName("Register settings")
        self.saved_result: dict[str, Any] | None = None
        self.before = register_settings.current(ctx.read)
        self.errors: dict[str, QLabel] = {}
        self.keep_which: KeepWhichDialog | None = None
        outer = QVBoxLayout(self)
        self.changed_line = banner()
        outer.addWidget(self.changed_line)
        form = QFormLayout()
        outer.addLayout(form)

        self.council = QLineEdit(self.before["council"])
        self._row(form, "&Council name", self.council, "council")

        self.onsite_start = QLineEdit(uk_date(self.before["onsite_start"]))
        self.onsite_start.setPlaceholderText("dd/mm/yyyy, a working day")
        self.onsite_days = QSpinBox()
        self.onsite_days.setRange(1, 10)
        self.onsite_days.setValue(self.before["onsite_days"] or 3)
        counted_suffix(self.onsite_days, "on-site day")
        self.virtual_days = QSpinBox()
        self.virtual_days.setRange(0, 10)
        self.virtual_days.setValue(self.before["virtual_days"])
        counted_suffix(self.virtual_days, "virtual day")
        visit = QHBoxLayout()
        for w in (self.onsite_start, self.onsite_days, self.virtual_days):
            visit.addWidget(w)
        self._row(form, "First on-site &day", visit, "onsite_start", self.onsite_start)
        self.onsite_days.setAccessibleName("Number of on-site days")
        self.virtual_days.setAccessibleName("Number of virtual days")
        self.errors["onsite_days"] = self.errors["virtual_days"] = self.errors["onsite_start"]
        self.preview = plain_label(QLabel())  # folder and file names
        self.preview.setWordWrap(True)
        self.preview.setAccessibleDescription("Visit days")
        form.addRow("Visit days", self.preview)

        self.marking = QComboBox()
        self.marking.setEditable(True)
        self.marking.addItems(MARKINGS)
        self.marking.setCurrentText(self.before["marking"])
        self._row(form, "Protective &marking", self.marking, "marking")

        self.evidence_folder = QLineEdit(self.before["evidence_folder"] or "")
        choose = QPushButton("Choose...")
        choose.setAccessibleDescription("Choose the evidence folder")
        choose.clicked.connect(self._choose_folder)
        line = QHBoxLayout()
        line.addWidget(self.evidence_folder, 1)
        line.addWidget(choose)
        self._row(form, "&Evidence folder", line, "evidence_folder", self.evidence_folder)

        self.dass = QLineEdit(self.before["dass"])
        self.dass.setPlaceholderText("the name printed for the checklist's sign-off")
        self._row(form, "Director of Adult &Social Services", self.dass, "dass")

        self.reminders = QPlainTextEdit("\n".join(self.before["reminders"]))
        self.reminders.setTabChangesFocus(True)
        self.reminders.setMaximumHeight(110)
        self._row(form, "Bulletin &reminders\n(one a line)", self.reminders, "reminders")

        # Search inside the files (docs/search.md): on or off, and the register's size cap for their text.
        from readiness_app.evidence import settings as evidence_settings

        self.search_before = evidence_settings.load(ctx.read)
        self.index_contents = QCheckBox("Search inside the evidence files")
        self.index_contents.setToolTip("Their text is kept in the register (encrypted with it, if it is encrypted)")
        self.index_contents.setChecked(self.search_before.index_contents)
        self.index_limit = QSpinBox()
        self.index_limit.setRange(10, 1_000_000)
        self.index_limit.setSuffix(" MB")
        self.index_limit.setValue(int(self.search_before.index_limit_mb))
        self.index_limit.setAccessibleName("Largest size of the register with the files' text")
        search_line = QHBoxLayout()
        search_line.addWidget(self.index_contents)
        search_line.addStretch(1)
        search_line.addWidget(QLabel("register at most"))
        search_line.addWidget(self.index_limit)
        self._row(form, "&Search", search_line, "index_contents", self.index_contents)
        self.index_contents.setAccessibleName("Search: " + self.index_contents.text())  # its words, as WCAG 2.5.3 asks

        outer.addStretch(1)
        self.error = field_error_label()
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        for w in (self.onsite_start,):
            w.textChanged.connect(self.update_preview)
        self.onsite_days.valueChanged.connect(self.update_preview)
        self.virtual_days.valueChanged.connect(self.update_preview)
        self.update_preview()
        self.resize(640, 520)
        # Remembers the settings as shown; says "Changed outside" when another program changes them.
        self.open_record = OpenRecord(ctx, NOUN, stored_settings, self.changed_line)
        shown = stored_settings(ctx.read)
        self.open_record.remember(shown, shown)

    def done(self, result: int) -> None:
        self.open_record.close()
        super().done(result)

    def _row(self, form: QFormLayout, label: str, widget, key: str, named: QWidget | None = None) -> None:
        holder = QVBoxLayout()
        holder.setSpacing(2)
        if isinstance(widget, QWidget):
            holder.addWidget(widget)
        else:
            holder.addLayout(widget)
        error = field_error_label()
        error.setObjectName(f"error_{key}")
        holder.addWidget(error)
        self.errors[key] = error
        target = named or widget
        target.setAccessibleName(label.replace("&", "").replace("\n", " "))
        caption = QLabel(label)
        caption.setBuddy(target)
        form.addRow(caption, holder)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose the evidence folder", self.evidence_folder.text())
        if folder:
            self.evidence_folder.setText(folder)

    # ------------------------------------------------------------ values

    def typed(self) -> dict[str, Any]:
        """The form's register settings as typed (the visit's numbers only with a first day)."""
        values: dict[str, Any] = {
            "council": self.council.text(),
            "marking": self.marking.currentText(),
            "dass": self.dass.text(),
            "evidence_folder": self.evidence_folder.text(),
            "reminders": self.reminders.toPlainText().splitlines(),
        }
        if self.onsite_start.text().strip():
            values |= {
                "onsite_start": self.onsite_start.text().strip(),
                "onsite_days": self.onsite_days.value(),
                "virtual_days": self.virtual_days.value(),
            }
        return values

    def changes(self) -> dict[str, Any]:
        """The register settings changed in the form since it showed them, as typed.

        Only these are saved: the visit's numbers left as they were are worked out from the
        register as it is at the save, so another program's change to them stands.
        """
        from readiness_app.register.changed_since import same

        loaded = self.open_record.loaded if self.open_record.loaded else {}
        out: dict[str, Any] = {}
        for key, value in self.typed().items():
            if key not in loaded or not same(normal(key, value), loaded[key]):
                out[key] = value
        return out

    def search_changes(self) -> dict[str, str]:
        """Changed search settings, as the evidence settings store them."""
        loaded = self.open_record.loaded
        out = {}
        if self.index_contents.isChecked() != loaded.get("index_contents"):
            out["index_contents"] = "on" if self.index_contents.isChecked() else "off"
        if self.index_limit.value() != loaded.get("index_limit_mb"):
            out["index_limit_mb"] = str(self.index_limit.value())
        return out

    def show_values(self, values: dict[str, Any]) -> None:
        """Put these settings (in the terms of `normal`) into the form."""
        for key, value in values.items():
            if key == "onsite_start":
                self.onsite_start.setText(uk_date(value))
            elif key in ("onsite_days", "virtual_days"):
                getattr(self, key).setValue(value or (3 if key == "onsite_days" else 0))
            elif key == "reminders":
                self.reminders.setPlainText("\n".join(value))
            elif key == "index_contents":
                self.index_contents.setChecked(bool(value))
            elif key == "index_limit_mb":
                self.index_limit.setValue(int(value))
            elif key == "marking":
                self.marking.setCurrentText(value or "")
            elif key in ("council", "dass", "evidence_folder"):
                getattr(self, key).setText(value or "")

    def show_problem(self, error: ReadinessError) -> None:
        label = self.errors.get(error.field.replace(" ", "_"), self.error)
        # Beside its field the message needs no field name in front.
        label.setText(
            error.message + (f" ({error.hint})" if error.hint else "")
            if label is not self.error
            else feedback.one_line(error)
        )
        label.show()
        focus_field(self, error)

    def clear_problems(self) -> None:
        for label in {*self.errors.values(), self.error}:
            label.hide()

    def update_preview(self) -> None:
        """Show the visit days the dates would give, or why they cannot."""
        from readiness_app.register import workdays

        self.errors["onsite_start"].hide()
        text = self.onsite_start.text().strip()
        if not text:
            self.preview.setText("not set")
            return
        try:
            days = workdays.visit_days(text, self.onsite_days.value(), self.virtual_days.value())
        except ReadinessError as exc:
            self.preview.setText("")
            self.show_problem(exc)
            return
        listed = ", ".join(long_date(d) + (" (virtual)" if kind == "virtual" else "") for d, kind in days.items())
        warning = workdays.christmas_warning(days)
        self.preview.setText(listed + (f"\nWarning: {warning}" if warning else ""))

    # ------------------------------------------------------------ saving

    def save(self) -> None:
        from readiness_app.setup import register_settings

        self.clear_problems()
        search_changes = self.search_changes()
        try:
            changes = self.changes()
            if not changes and not search_changes:
                self.accept()
                return
            preview = register_settings.plan(self.ctx.read, changes) if changes else {"outside": []}
        except ReadinessError as exc:
            self.show_problem(exc)
            return
        force = False
        if preview["outside"]:
            count = len(preview["outside"])
            answer = QMessageBox.question(
                self,
                "Sessions outside the visit",
                f"The new visit days would leave {count} session{'s' if count > 1 else ''} outside the visit:\n\n"
                + "\n".join(preview["outside"][:15])
                + ("\n..." if count > 15 else "")
                + "\n\nChange the visit days anyway? The sessions stay as they are, to be moved afterwards.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.show_problem(ReadinessError("not saved: sessions would fall outside the visit", field="x"))
                return
            force = True
        self.buttons.setEnabled(False)

        def done(result: dict[str, Any]) -> None:
            self.buttons.setEnabled(True)
            self.saved_result = result
            watcher = getattr(self.ctx.window, "watcher", None)
            if search_changes.get("index_contents") == "on" and watcher is not None and watcher.watcher is not None:
                watcher.rescan()  # the files are read again from the next look at the folder
            self.accept()

        def failed(error: BaseException) -> None:
            self.buttons.setEnabled(True)
            if isinstance(error, ChangedWhileOpen):
                self._changed_while_open(error, mine)
            elif isinstance(error, ReadinessError):
                self.show_problem(error)
            else:
                feedback.show_error(self, error)

        typed = {**changes, **search_changes}
        mine = {key: normal(key, value) for key, value in changes.items()}
        mine |= {
            key: normal(key, value == "on" if key == "index_contents" else value)
            for key, value in search_changes.items()
        }

        def write(reg: Register, fields: dict[str, Any]) -> dict[str, Any]:
            from readiness_app.evidence import settings as evidence_settings
            from readiness_app.setup import register_settings

            settings = {k: typed[k] for k in fields if k not in SEARCH_KEYS}
            search = {k: typed[k] for k in fields if k in SEARCH_KEYS}
            with reg.transaction():
                result = register_settings.apply(reg, settings, force=force) if settings else {}
                for name, value in search.items():
                    evidence_settings.save(reg, name, value)
                if search.get("index_contents") == "off":
                    from readiness_app.register import search as stored_text

                    stored_text.forget_contents(reg)  # at once: the council's policy applies from now
            return result

        loaded = dict(self.open_record.loaded)

        def apply(reg: Register) -> dict[str, Any]:
            result = save_if_unchanged(reg, noun=NOUN, read=stored_settings, loaded=loaded, changes=mine, write=write)
            return result or {}

        self.ctx.write(
            apply,
            "saving the register settings",
            on_done=done,
            on_error=failed,
        )

    def _changed_while_open(self, error: ChangedWhileOpen, mine: dict[str, Any]) -> None:
        """Another program changed a setting changed here too: ask which to keep, then save again."""
        dialog = KeepWhichDialog(self, error, mine, LABELS, shown_setting)
        self.keep_which = dialog

        def chosen(choice: dict[str, str]) -> None:
            # Their settings become the baseline; a setting kept as mine stays in the form, so it
            # still counts as changed; every other one shows their value.
            theirs = dict(error.theirs or {})
            kept = {k for k in error.clashes if choice.get(k) == "mine"} | (set(mine) - set(error.clashes))
            self.open_record.remember(theirs, theirs)
            self.show_values({k: v for k, v in theirs.items() if k not in kept})
            self.changed_line.hide()
            self.save()

        dialog.chosen.connect(chosen)
        dialog.open()
