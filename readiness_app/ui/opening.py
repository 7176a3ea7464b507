"""Opening a file or folder in the system's own program, and saying so when there is none."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from readiness_app.ui.plain_text import shown_as_text

# The last "could not open" messages (tests read it, as feedback.shown).
not_opened: list[str] = []


def open_path(parent: QWidget | None, path: Path, what: str = "this file") -> bool:
    """Open `path` (a file in its viewer, a folder in the file manager); if nothing can, show where it is."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    program = "file manager" if path.is_dir() else "program"
    message = f"There is no {program} on this computer that can open {what}."
    not_opened.append(f"{message} {path}")
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Readiness")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(message)
    box.setInformativeText(shown_as_text(f"It is here:\n{path}"))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAccessibleName("Could not open")
    copy = box.addButton("Copy the path", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    copy.clicked.connect(lambda: _copy(str(path)))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return False


def _copy(text: str) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.clipboard().setText(text)
