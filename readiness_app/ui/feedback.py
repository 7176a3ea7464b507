"""Telling the user what went wrong: message plus hint, never a traceback."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.logs import get_logger, log_file
from readiness_app.ui.plain_text import shown_as_text
from readiness_app.ui.wording import say, say_all

log = get_logger("readiness_app.ui")


def describe(error: BaseException, labels: Mapping[str, str] | None = None) -> tuple[str, str]:
    """(message, detail) for any exception, in words a user can act on (fields named by label)."""
    if isinstance(error, ValidationErrors):
        return error.message, "\n".join(say_all(error, labels)) + (f"\n\n{error.hint}" if error.hint else "")
    if isinstance(error, ReadinessError):
        return say(error, labels), error.hint
    return (
        f"Something went wrong: {type(error).__name__}.",
        f"Details were written to the log file:\n{log_file()}",
    )


def one_line(error: ReadinessError, labels: Mapping[str, str] | None = None) -> str:
    """The message (field named by its label) with its hint in brackets, for the red line under a form."""
    if isinstance(error, ValidationErrors):
        text = "; ".join(say_all(error, labels))
    else:
        text = say(error, labels)
    return text + (f" ({error.hint})" if error.hint else "")


def show_error(parent: QWidget | None, error: BaseException, title: str = "Readiness") -> None:
    """A non-blocking error box (open(), not exec(), so the watcher keeps running)."""
    # Imported here, not at the top: loading these types costs start-up time and most runs show no error.
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    if not isinstance(error, ReadinessError):
        log.error("unexpected error shown to the user: %s", type(error).__name__)
    message, detail = describe(error)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a message may quote a title or a file name
    box.setText(message)
    if detail:
        box.setInformativeText(shown_as_text(detail))
    box.setAccessibleName("Error message")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    shown.append(message)
    box.open()


# The last messages shown, newest last (tests and the status bar read it).
shown: list[str] = []


def catch_slot_errors() -> None:
    """An exception escaping a slot is shown to the user in one line (and written to the log).

    Qt hands such exceptions to sys.excepthook, whose default prints to a console the user
    never sees: the button just seems to do nothing.
    """
    import sys

    def hook(kind: type[BaseException], error: BaseException, tb: object) -> None:
        if isinstance(error, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)  # type: ignore[arg-type]
            return
        log.error("unexpected error in the window", exc_info=(kind, error, tb))  # type: ignore[arg-type]
        from PySide6.QtWidgets import QApplication

        show_error(QApplication.activeWindow(), error)

    sys.excepthook = hook
