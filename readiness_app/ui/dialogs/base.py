"""The shared shape of an edit dialog: a form, a message line, Save and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from readiness_app.errors import ReadinessError
from readiness_app.ui import feedback
from readiness_app.ui.accessibility import focus_field
from readiness_app.ui.context import AppContext
from readiness_app.ui.personal_data import PersonalDataGuard, typed_texts
from readiness_app.ui.widgets import field_error_label, scrolling


class EditDialog(QDialog):
    """Subclasses fill `self.form` and implement `change()` -> fn(register) to run on the writer.

    The form sits in a scroll area and the message line and buttons below it, so on a small
    screen the form scrolls and Save/Cancel stay in sight; the dialog never opens larger than
    the screen's free area.
    """

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(parent or ctx.window)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.saved_result: Any = None
        self.field_labels: dict[str, str] = {}  # register key -> this form's label, where it differs
        outer = QVBoxLayout(self)
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
        from readiness_app.ui.accessibility import unique_access_keys

        unique_access_keys(self, frozenset())  # each Alt+letter once in the dialog
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
        super().done(result)

    def change(self) -> Callable[[Any], Any]:
        raise NotImplementedError

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
            if isinstance(error, ReadinessError):
                self.show_problem(feedback.one_line(error, self.field_labels))
                focus_field(self, error, self.field_labels)
            else:
                feedback.show_error(self, error)

        self.ctx.write(fn, self.description(), on_done=done, on_error=failed)
