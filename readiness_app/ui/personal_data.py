"""The personal-data guard in every form: the first Save warns, a second Save keeps the text.

One mechanism for the whole app. Edit dialogs (`dialogs.base.EditDialog`) check
every text box they hold, found by `typed_texts`; the visit-week record pages
(`pages.visit_common.RecordPage`) check their text fields; the case details
form checks its notes. The warning names the field and what it looks like
(`safety.privacy`), never the text itself.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from readiness_app.safety.privacy import check_values, warning_text


def typed_texts(container: QWidget) -> dict[str, str]:
    """Field name -> text of every box in `container` a person types into (read-only and search boxes left out)."""
    from readiness_app.ui.widgets import SearchBox

    texts: dict[str, str] = {}

    def add(widget: QWidget, text: str) -> None:
        name = widget.accessibleName() or widget.objectName() or "text"
        key, n = name, 2
        while key in texts:
            key, n = f"{name} ({n})", n + 1
        texts[key] = text

    for edit in container.findChildren(QLineEdit):
        if edit.isReadOnly() or isinstance(edit, SearchBox) or isinstance(edit.parent(), QComboBox | QAbstractSpinBox):
            continue
        add(edit, edit.text())
    for area in container.findChildren(QPlainTextEdit):
        if not area.isReadOnly():
            add(area, area.toPlainText())
    for rich in container.findChildren(QTextEdit):
        if not rich.isReadOnly():
            add(rich, rich.toPlainText())
    return texts


class PersonalDataGuard:
    """Remembers what the user was last warned about, so the same text saved again goes through."""

    def __init__(self) -> None:
        self._warned: tuple[Any, ...] | None = None

    def warning(self, texts: Mapping[str, Any], record: Hashable = None) -> str:
        """The warning to show instead of saving, or '' to go ahead and save.

        `record` tells one record from another, so a warning seen for one is not taken for another.
        """
        warnings = check_values(texts)
        if not warnings:
            return ""
        flagged = (record, tuple(sorted((w.field, str(texts[w.field])) for w in warnings)))
        if flagged == self._warned:
            return ""  # seen, and Save pressed again: the lead decides
        self._warned = flagged
        return warning_text(warnings)
