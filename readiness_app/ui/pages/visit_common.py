"""What the visit-week pages share: a list of records above an inline edit form.

A `RecordPage` subclass declares its columns, its form fields and the register
module whose `get`, `create`, `update` and `delete` load and change a record. Selecting a row loads it into the
form; Save runs the change on the writer thread (`ctx.write`); problems show in
red under the form, naming the field, and nothing is half-saved because the
register functions run each change in one transaction.

The form remembers the record as it loaded it (`ui/changed_outside.OpenRecord`).
Save writes only the fields the user changed, and only if nobody else changed
them since; when both did, it asks which to keep. A refresh (another program
wrote, or an undo) never throws away what is typed: the form reloads only when
it holds no unsaved change, and says "Changed outside" when another program
changed the record it shows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from readiness_app.errors import ReadinessError
from readiness_app.register.changed_since import ChangedWhileOpen, save_if_unchanged
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date, uk_date
from readiness_app.ui import feedback
from readiness_app.ui.accessibility import focus_field, palette_is_dark
from readiness_app.ui.changed_outside import KeepWhichDialog, OpenRecord, banner
from readiness_app.ui.colours import adapt_html
from readiness_app.ui.dates import DateField
from readiness_app.ui.models import Column, RowsModel
from readiness_app.ui.pages import Page
from readiness_app.ui.personal_data import PersonalDataGuard
from readiness_app.ui.plain_text import shown_as_text
from readiness_app.ui.widgets import (
    CheckList,
    SearchBox,
    combo,
    field_error_label,
    make_table,
    scrolling,
    selected_ids,
    set_combo,
)
from readiness_app.ui.wording import shown_count


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = "line"  # line | text | date | choice | qs | evidence (picked by reference and title)
    choices: tuple[tuple[Any, str], ...] = ()
    placeholder: str = ""


class RecordPage(Page):
    """A list of records with an edit form beside it."""

    noun = "record"
    nouns: str | None = None  # the plural, when adding an s is wrong ("learning log entries")
    columns: Sequence[Column] = ()
    fields: Sequence[Field] = ()
    register_module = ""  # the module of readiness_app.register that keeps these records

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.current_id: Any = None
        self.personal_data = PersonalDataGuard()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setAccessibleDescription(f"{self.title} summary")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(self.header)
        self.top = QVBoxLayout()
        outer.addLayout(self.top)
        bar = QHBoxLayout()
        self.search = SearchBox(f"Search {self.title.lower()}")
        self.search.textChanged.connect(self._apply)
        bar.addWidget(self.search, 2)
        self.only = QCheckBox(self.only_label()) if self.only_label() else None
        if self.only is not None:
            self.only.setAccessibleName(self.only_label())
            self.only.toggled.connect(self._apply)
            bar.addWidget(self.only)
        bar.addStretch(1)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        outer.addLayout(bar)
        self.filter_bar = bar  # subclasses may add their own filters to it

        split = QSplitter(Qt.Orientation.Horizontal)
        self.model: RowsModel[Any] = RowsModel(self.columns, background=self.row_colour)
        self.table = make_table(self.model, f"{self.key}_table")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._load_selected())
        split.addWidget(self.table)

        self.form_box = QGroupBox(f"New {self.noun}")
        form_outer = QVBoxLayout(self.form_box)
        self.form = QFormLayout()
        form_outer.addLayout(self.form)
        # Each field's editor, by Field.kind: QPlainTextEdit, QComboBox, CheckList or QLineEdit.
        self.widgets: dict[str, Any] = {}
        for f in self.fields:
            widget = self._make_widget(f)
            self.widgets[f.key] = widget
            self.form.addRow(f"&{f.label}", widget)
        self.error = field_error_label()
        form_outer.addWidget(self.error)
        self.changed_line = banner()
        form_outer.insertWidget(0, self.changed_line)
        self.open_record = OpenRecord(ctx, self.noun, self._stored_current, self.changed_line)
        self.keep_which: KeepWhichDialog | None = None
        buttons = QHBoxLayout()
        self.new_button = QPushButton("&New")
        self.new_button.setAccessibleDescription(f"New {self.noun}")
        self.new_button.clicked.connect(self.new_item)
        self.save_button = QPushButton("&Save")
        self.save_button.setAccessibleDescription(f"Save {self.noun}")
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setAccessibleDescription(f"Delete {self.noun}")
        self.delete_button.clicked.connect(self.delete)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)  # Delete sits apart from Save, so a slip of the mouse never deletes
        buttons.addWidget(self.delete_button)
        form_outer.addLayout(buttons)
        save_keys = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self.form_box, self.save)
        save_keys.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # Ctrl+S saves the form in use
        self.delete_box: QMessageBox | None = None  # "Delete ...?" while it is asked
        self.unsaved_box: QMessageBox | None = None  # "Save, Discard or Cancel?" while it is asked
        self._after_save: Callable[[], None] | None = None
        form_outer.addStretch(1)
        split.addWidget(scrolling(self.form_box, f"{self.key}_form_scroll"))
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([800, 480])
        outer.addWidget(split, 1)
        self.clear_form(self.defaults())

    # ------------------------------------------------------------ for subclasses

    def only_label(self) -> str:
        return ""

    def load_rows(self) -> Sequence[tuple[Any, ...]]:
        return []

    def passes(self, row: Any, only: bool) -> bool:  # row: the page's row type
        return True

    def row_colour(self, row: Any) -> str | None:
        return None

    def records(self) -> ModuleType:
        return importlib.import_module(f"readiness_app.register.{self.register_module}")

    def record(self, record_id: Any) -> dict[str, Any]:
        return self.load_record(self.ctx.read, record_id)

    def load_record(self, reg: Register, record_id: Any) -> dict[str, Any]:
        """One record as the form shows it (also run on the writer thread: reads only `reg`)."""
        row = self.records().get(reg, record_id)
        for f in self.fields:
            if f.kind == "evidence":  # linked records (the evidence sent) are edited as their ids
                row[f.key] = [linked["id"] for linked in row[f.key]]
        return row

    def form_shape(self, record: dict[str, Any]) -> dict[str, Any]:
        """A stored record in the terms `values()` gives (to tell what changed, and where)."""
        out: dict[str, Any] = {}
        for f in self.fields:
            value = record.get(f.key)
            if f.kind in ("qs", "evidence"):
                out[f.key] = sorted(value or [], key=str)
            elif f.kind in ("choice", "date"):
                out[f.key] = None if value in ("", None) else value
            else:
                out[f.key] = "" if value is None else str(value).strip()
        return out

    def stored(self, reg: Register, record_id: Any) -> dict[str, Any]:
        return self.form_shape(self.load_record(reg, record_id))

    def create_fn(self, values: dict[str, Any]) -> Callable[..., Any]:
        records = self.records()
        return lambda reg: records.create(reg, **values)

    def update_fn(self, record_id: Any, values: dict[str, Any]) -> Callable[..., Any]:
        records = self.records()
        return lambda reg: records.update(reg, record_id, **values)

    def delete_fn(self, record_id: Any) -> Callable[..., Any]:
        records = self.records()
        return lambda reg: records.delete(reg, record_id)

    def summary_html(self) -> str:
        return ""

    # ------------------------------------------------------------ widgets

    def _make_widget(self, f: Field) -> QWidget:
        from readiness_app.framework import current

        w: QWidget
        if f.kind == "text":
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setMaximumHeight(64)
            w = text
        elif f.kind == "choice":
            w = combo(f.choices, f.label)
        elif f.kind == "qs":
            w = CheckList([(q.id, q.label) for q in current().statements], f.label)
            w.setMaximumHeight(120)
        elif f.kind == "evidence":  # filled (and kept up to date) by refresh()
            w = CheckList([], f.label, filterable=True)
            if w.filter is not None:
                w.filter.setPlaceholderText("Filter by reference or title")
            w.setMinimumHeight(150)
        elif f.kind == "date":
            w = DateField(f.label)
        else:
            w = QLineEdit()
            if f.placeholder:
                w.setPlaceholderText(f.placeholder)
            w.returnPressed.connect(self.save)  # Enter saves, as in any one-line form
        w.setAccessibleName(f.label)
        for signal in ("textChanged", "currentIndexChanged", "changed"):
            if hasattr(w, signal):
                getattr(w, signal).connect(self._recheck)
                break
        return w

    def _recheck(self, *_args: Any) -> None:
        """A shown problem goes as soon as what was typed is right."""
        if self.error.isHidden():
            return
        try:
            self.values()
        except ReadinessError:
            return
        self.error.hide()

    def set_value(self, key: str, value: Any) -> None:
        f = next(x for x in self.fields if x.key == key)
        w = self.widgets[key]
        if f.kind == "text":
            w.setPlainText(str(value or ""))
        elif f.kind == "choice":
            set_combo(w, value)
        elif f.kind in ("qs", "evidence"):
            w.set_checked(value or [])
        elif f.kind == "date":
            w.setText(uk_date(value))
        else:
            w.setText("" if value is None else str(value))
            if isinstance(w, QLineEdit):
                w.setCursorPosition(0)  # a long title shows its beginning, not its end

    def values(self) -> dict[str, Any]:
        from readiness_app.register.validation import parse_date

        out: dict[str, Any] = {}
        for f in self.fields:
            w = self.widgets[f.key]
            if f.kind == "text":
                out[f.key] = w.toPlainText().strip()
            elif f.kind == "choice":
                chosen = w.currentData()
                out[f.key] = None if chosen == "" else chosen  # "(no session)", "(from the QS)"
            elif f.kind in ("qs", "evidence"):
                out[f.key] = w.checked()
            elif f.kind == "date":
                out[f.key] = parse_date(w.text(), f.key)
            else:
                out[f.key] = w.text().strip()
        return out

    # ------------------------------------------------------------ behaviour

    def refresh(self) -> None:
        self._load_evidence_choices()
        self.model.set_rows(self.load_rows())
        self.header.setText(adapt_html(self.summary_html(), palette_is_dark(self)))
        self._apply()
        if self.current_id is not None:
            row = self.model.row_of_id(self.current_id)
            if row >= 0:
                self.table.selectRow(row)

    def _load_evidence_choices(self) -> None:
        pickers = [self.widgets[f.key] for f in self.fields if f.kind == "evidence"]
        if not pickers:
            return
        from readiness_app.register import evidence

        revision = evidence.revision(self.ctx.read)
        if revision != getattr(self, "_evidence_revision", None):
            self._evidence_revision = revision
            items = evidence.choices(self.ctx.read)
            for picker in pickers:
                picker.set_items(items)

    def _apply(self) -> None:
        self.model.set_search(self.search.text())
        only = bool(self.only and self.only.isChecked())
        self.model.set_predicate(lambda r: self.passes(r, only))
        self.count_label.setText(shown_count(self.model.rowCount(), self.model.total, self.noun, self.nouns))

    def _stored_current(self, reg: Register) -> dict[str, Any]:
        if self.current_id is None:
            raise ReadinessError(f"no {self.noun} chosen")
        return self.stored(reg, self.current_id)

    def _typed(self) -> dict[str, Any] | None:
        try:
            return self.values()
        except ReadinessError:  # a half-typed date: that is unsaved typing too
            return None

    def _load_selected(self, *, ask: bool = True) -> None:
        ids = selected_ids(self.table)
        if not ids:
            return
        try:
            record = self.record(ids[0])
        except ReadinessError:
            return
        shaped = self.form_shape(record)
        same_record = ids[0] == self.current_id
        if same_record and self.open_record.keep_typing(shaped, self._typed()):
            return
        if ask and not same_record and self.has_unsaved_typing():
            self._ask_unsaved(ids[0])
            return
        self.current_id = ids[0]
        self._title_form(f"Edit {self.noun} {self.label_of(record)}")
        for f in self.fields:
            self.set_value(f.key, record.get(f.key))
        self.error.hide()
        if same_record:
            self.open_record.reloaded(shaped, self._typed())
        else:
            self.open_record.remember(shaped, self._typed() or {})

    def has_unsaved_typing(self) -> bool:
        typed = self._typed()
        if typed is None:
            return True  # a half-typed date
        if self.current_id is None:  # a new record: anything typed into the blank form
            return typed != self._blank_form
        return bool(self.open_record.changes(typed))

    def _ask_unsaved(self, wanted: Any) -> None:
        """Another row was chosen with typing unsaved: Save, Discard or Cancel (stay)."""
        self._select_quietly(self.current_id)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            f"Unsaved {self.noun}",
            f"The {self.noun} you are editing has changes that are not saved.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        self.unsaved_box = box

        def answered(button: Any) -> None:
            self.unsaved_box = None
            choice = box.standardButton(button)
            if choice == QMessageBox.StandardButton.Discard:
                self.open_record.remember({}, {})
                self.clear_form(self.defaults())
                self._select_quietly(wanted, load=True)
            elif choice == QMessageBox.StandardButton.Save:
                self._after_save = lambda: self._select_quietly(wanted, load=True)
                self.save()

        box.buttonClicked.connect(answered)
        box.open()

    def _select_quietly(self, record_id: Any, *, load: bool = False) -> None:
        """Select a row (or none) without asking again; `load` shows it in the form."""
        row = self.model.row_of_id(record_id) if record_id is not None else -1
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
        selection.blockSignals(False)
        self.table.viewport().update()
        if load and row >= 0:
            self._load_selected(ask=False)

    def created_id(self, result: Any) -> Any:
        """The list's id for a record a create returned (pages whose rows are keyed otherwise override)."""
        return result

    def field_labels(self) -> dict[str, str]:
        return {f.key: f.label for f in self.fields}

    def _title_form(self, title: str) -> None:
        """The form's title, shortened with "…" to the form's width: a long record name (a milestone's
        whole title) must not widen the form past a 1024 px window; the tooltip has it whole."""
        room = max(120, self.form_box.width() - 40)
        self.form_box.setTitle(self.form_box.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, room))
        self.form_box.setToolTip(shown_as_text(title))

    def label_of(self, record: dict[str, Any]) -> str:
        """How the form's title names a record: its date and the start of its text (never its id)."""
        text = str(record.get("title") or record.get("description") or record.get("went_well") or "").strip()
        if len(text) > 40:
            text = text[:40].rstrip() + "…"
        day = record.get("date") or record.get("received_date")
        return ": ".join(part for part in (long_date(day) if day else "", text) if part) or "(untitled)"

    def clear_form(self, defaults: dict[str, Any] | None = None) -> None:
        self.current_id = None
        self.table.clearSelection()
        self._title_form(f"New {self.noun}")
        for f in self.fields:
            self.set_value(f.key, (defaults or {}).get(f.key))
        self.error.hide()
        self.open_record.remember({}, {})
        self._blank_form = self._typed()

    def new_item(self) -> None:
        self.clear_form(self.defaults())
        first = self.widgets[self.fields[0].key]
        first.setFocus()

    def defaults(self) -> dict[str, Any]:
        return {}

    def show_problem(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def save(self) -> None:
        try:
            values = self.values()
            fn = self.create_fn(values) if self.current_id is None else self._guarded(self.current_id, values)
        except ReadinessError as exc:
            self.show_problem(feedback.one_line(exc, self.field_labels()))
            focus_field(self.form_box, exc, self.field_labels())
            return
        typed = {f.label: values.get(f.key) for f in self.fields if f.kind in ("line", "text")}
        warned = self.personal_data.warning(typed, record=self.current_id)
        if warned:
            self.show_problem(warned)
            return
        creating = self.current_id is None
        if not creating and not self.open_record.changes(values):
            self._after_save, after = None, self._after_save
            self.ctx.notice.emit(f"Nothing to save: the {self.noun} is as stored")
            if after is not None:
                after()
            return

        def done(result: Any) -> None:
            if creating and result is not None:
                result = self.created_id(result)
                self.current_id = result
                # the list may have reloaded before this: select the new row now, so the form says
                # "Edit ..." and a second Save changes it rather than looking like it adds another
                row = self.model.row_of_id(result)
                if row >= 0:
                    self.table.selectRow(row)
            self.error.hide()
            if self.current_id is not None and (not creating or not self.open_record.loaded):
                # a new record not yet in the list is remembered too, so a second Save updates it
                self.open_record.remember(self.open_record.stored() or {}, self._typed() or {})
            self.ctx.notice.emit(f"Saved {self.noun}")
            self._after_save, after = None, self._after_save
            if after is not None:
                after()

        def failed(error: BaseException) -> None:
            self._after_save = None
            if isinstance(error, ChangedWhileOpen):
                self._changed_while_open(error, values)
            elif isinstance(error, ReadinessError):
                self.show_problem(feedback.one_line(error, self.field_labels()))
                focus_field(self.form_box, error, self.field_labels())
            else:
                feedback.show_error(self, error)

        self.ctx.write(fn, f"saving {self.noun}", on_done=done, on_error=failed)

    def _guarded(self, record_id: Any, values: dict[str, Any]) -> Callable[[Register], Any]:
        """The write of a stored record: only the fields changed here, only if nobody changed them since."""
        changes = self.open_record.changes(values)
        write = self.update_fn(record_id, dict(changes))  # checks the values now, on the GUI thread
        loaded, noun = dict(self.open_record.loaded), self.noun

        def read(reg: Register) -> dict[str, Any]:
            return self.stored(reg, record_id)

        return lambda reg: save_if_unchanged(
            reg, noun=noun, read=read, loaded=loaded, changes=changes, write=lambda r, _fields: write(r)
        )

    def _changed_while_open(self, error: ChangedWhileOpen, mine: dict[str, Any]) -> None:
        """Save met another program's change: say so, or ask which values to keep and save again."""
        if error.theirs is None:
            self.show_problem(error.message)
            return
        dialog = KeepWhichDialog(self, error, mine, self.field_labels())
        self.keep_which = dialog

        def chosen(choice: dict[str, str]) -> None:
            for key, value in self.open_record.resolved(error, choice, mine).items():
                self.set_value(key, value)
            self.changed_line.hide()
            self.save()

        dialog.chosen.connect(chosen)
        dialog.open()

    def delete(self) -> None:
        """Ask first; the record goes only when the lead says Delete."""
        if self.current_id is None:
            return
        record_id = self.current_id
        try:
            label = self.label_of(self.record(record_id))
        except (ReadinessError, KeyError):
            label = ""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            f"Delete {self.noun}",
            f"Delete the {self.noun} \u201c{label}\u201d?" if label else f"Delete this {self.noun}?",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        confirm = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.delete_box = box

        def answered(button: Any) -> None:
            self.delete_box = None
            if button is confirm and self.current_id == record_id:
                self.delete_now(record_id)

        box.buttonClicked.connect(answered)
        box.open()

    def delete_now(self, record_id: Any) -> None:
        fn = self.delete_fn(record_id)
        self.ctx.write(fn, f"deleting {self.noun}", on_done=lambda _r: self.clear_form(self.defaults()))

    def focus_search(self) -> None:
        self.search.setFocus()
