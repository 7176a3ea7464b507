"""The shared shape of an edit dialog: a form, a message line, Save and Cancel.

A dialog that edits a stored record calls `begin_editing(read)` once its
widgets are filled: from then on it remembers the record as loaded, says
"Changed outside" when another program changes it, and its Save writes only
the fields the user changed, asking which to keep when both sides changed the
same field (`ui/changed_outside.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from readiness_app.errors import ReadinessError
from readiness_app.operations import Operation
from readiness_app.register.changed_since import ChangedWhileOpen, save_if_unchanged
from readiness_app.register.connection import Register
from readiness_app.ui import feedback
from readiness_app.ui.accessibility import focus_field
from readiness_app.ui.changed_outside import KeepWhichDialog, OpenRecord, banner
from readiness_app.ui.context import AppContext
from readiness_app.ui.personal_data import PersonalDataGuard, typed_texts
from readiness_app.ui.widgets import field_error_label, scrolling


class EditDialog(QDialog):
    """Subclasses fill `self.form` and implement `change()` -> fn(register) to run on the writer.

    The form sits in a scroll area and the message line and buttons below it, so on a small
    screen the form scrolls and Save/Cancel stay in sight; the dialog never opens larger than
    the screen's free area.
    """

    noun = "record"  # how messages name what the dialog edits: "session", "gap"

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(parent or ctx.window)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.saved_result: Any = None
        self.field_labels: dict[str, str] = {}  # register key -> this form's label, where it differs
        outer = QVBoxLayout(self)
        self.open_record: OpenRecord | None = None  # set by begin_editing() for a stored record
        self.keep_which: KeepWhichDialog | None = None
        self.changed_line = banner()
        outer.addWidget(self.changed_line)
        body = QWidget()
        body.setObjectName("dialog_body")
        self.form = QFormLayout(body)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body = scrolling(body, "dialog_scroll")
        outer.addWidget(self.body, 1)
        self.error = field_error_label()
        outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._saving = False
        self.personal_data = PersonalDataGuard()

    def showEvent(self, event) -> None:  # noqa: N802
        from readiness_app.ui.accessibility import tab_in_reading_order, unique_access_keys

        unique_access_keys(self, frozenset())  # each Alt+letter once in the dialog
        tab_in_reading_order(self)  # the fields a subclass adds come before Save and Cancel, as on screen
        self.fit_to_screen()
        super().showEvent(event)

    def fit_to_screen(self) -> None:
        """No bigger than the screen's free area (taskbar excluded), less room for the title bar."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        free = screen.availableGeometry()
        width, height = min(self.width(), free.width() - 16), min(self.height(), free.height() - 40)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        if self.y() + height + 40 > free.bottom() or self.y() < free.top():
            self.move(self.x(), free.top())

    def done(self, result: int) -> None:
        from PySide6.QtCore import QTimer

        for timer in self.findChildren(QTimer):  # nothing may read the register after the dialog is gone
            timer.stop()
        if self.open_record is not None:
            self.open_record.close()
            self.open_record.loaded = {}
        super().done(result)

    def change(self) -> Operation[Any] | Callable[[Any], Any] | None:
        """The change to make: a named operation (`readiness_app.operations`), or None when nothing is to be saved."""
        raise NotImplementedError

    # ------------------------------------------------------------ a stored record

    def begin_editing(self, read: Callable[[Register], dict[str, Any]]) -> None:
        """Remember the record as loaded (`read(reg)`: as stored, in the terms of `form_values()`)."""
        self.open_record = OpenRecord(self.ctx, self.noun, read, self.changed_line)
        try:
            at_load = self.form_values()
        except ReadinessError:  # stored values the form cannot take back as they are: all count as changed
            at_load = {}
        self.open_record.remember(self.open_record.stored() or {}, at_load)

    def form_values(self) -> dict[str, Any]:
        """The form as register values (raises ReadinessError naming a bad field)."""
        raise NotImplementedError

    def show_values(self, values: dict[str, Any]) -> None:
        """Put these register values into the form's widgets."""
        raise NotImplementedError

    def write_fields(self, reg: Register, fields: dict[str, Any]) -> Any:
        """Change just `fields` of the stored record (on the writer thread)."""
        raise NotImplementedError

    def guarded_change(self, mine: dict[str, Any]) -> Callable[[Register], Any]:
        """The write of a stored record: only the fields changed here, only if nobody changed them since."""
        assert self.open_record is not None
        record = self.open_record
        changes, loaded, read = record.changes(mine), dict(record.loaded), record.read
        noun, write = self.noun, self.write_fields
        self._sent = dict(mine)
        return lambda reg: save_if_unchanged(reg, noun=noun, read=read, loaded=loaded, changes=changes, write=write)

    def _changed_while_open(self, error: ChangedWhileOpen) -> None:
        """Save met someone else's change: say so, or ask which values to keep and save again."""
        if error.theirs is None or self.open_record is None:
            self.changed_line.hide()
            self.show_problem(error.message)
            return
        mine = self._sent
        record = self.open_record
        labels = {k: v.replace("&", "") for k, v in self.field_labels.items()}
        dialog = KeepWhichDialog(self, error, mine, labels)
        self.keep_which = dialog

        def chosen(choice: dict[str, str]) -> None:
            self.show_values(record.resolved(error, choice, mine))
            self.changed_line.hide()
            self.save()

        dialog.chosen.connect(chosen)
        dialog.open()

    def description(self) -> str:
        return self.windowTitle().lower()

    def show_problem(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def save(self) -> None:
        if self._saving:
            return
        try:
            fn = self.change()
        except ReadinessError as exc:
            self.show_problem(feedback.one_line(exc, self.field_labels))
            focus_field(self, exc, self.field_labels)
            return
        if fn is None:
            return
        warned = self.personal_data.warning(typed_texts(self))  # every text box, whatever the dialog
        if warned:
            self.show_problem(warned)
            return
        self._saving = True
        self.buttons.setEnabled(False)

        def done(result: Any) -> None:
            self._saving = False
            self.buttons.setEnabled(True)
            self.saved_result = result
            self.accept()

        def failed(error: BaseException) -> None:
            self._saving = False
            self.buttons.setEnabled(True)
            if isinstance(error, ChangedWhileOpen):
                self._changed_while_open(error)
            elif isinstance(error, ReadinessError):
                self.show_problem(feedback.one_line(error, self.field_labels))
                focus_field(self, error, self.field_labels)
            else:
                feedback.show_error(self, error)

        if isinstance(fn, Operation):
            self.ctx.run(fn, on_done=done, on_error=failed)
        else:
            self.ctx.write(fn, self.description(), on_done=done, on_error=failed)
