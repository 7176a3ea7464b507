"""Open forms and records changed by another program: the "changed outside" line and the keep-which question.

An `OpenRecord` is what a form (an edit dialog, or the inline form beside a
list) remembers about the record it shows: the record as stored when it was
loaded and the form's own values at that moment. Save sends only the fields
the user changed, through `register.changed_since.save_if_unchanged`, which
writes them only if nobody else changed them since. When another program
writes (`ctx.outside_change`), the form compares its record with the stored
one and says "Changed outside". When a save meets a field changed on both
sides, `KeepWhichDialog` asks: keep theirs, keep mine, or show both and
choose field by field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from readiness_app.errors import ReadinessError
from readiness_app.register.changed_since import ChangedWhileOpen, edited, same
from readiness_app.register.connection import Register, database_errors
from readiness_app.ui.context import AppContext


class _Unseen:
    """A form value that counts as changed whatever the field holds (a value kept after a clash)."""

    def __repr__(self) -> str:
        return "<unseen>"


UNSEEN = _Unseen()


def banner() -> QLabel:
    """The line an open form shows when its record was changed outside (hidden until then)."""
    label = QLabel()
    label.setObjectName("changed_outside")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAccessibleName("Changed outside")
    label.setStyleSheet("background: #fff4ce; color: #4a3800; padding: 4px; border-radius: 3px;")
    label.hide()
    return label


class OpenRecord:
    """The record an open form edits: as loaded, and the form's values at that moment."""

    def __init__(self, ctx: AppContext, noun: str, read: Callable[[Register], dict[str, Any]], line: QLabel):
        self.ctx = ctx
        self.noun = noun
        self.read = read  # the record as stored now, in the form's terms; ReadinessError when it is gone
        self.line = line
        self.loaded: dict[str, Any] = {}
        self.at_load: dict[str, Any] = {}
        ctx.outside_change.connect(self.check)
        self._listening = True

    def close(self) -> None:
        """The form is closing: stop listening for other programs' changes (once)."""
        if self._listening:
            self._listening = False
            self.ctx.outside_change.disconnect(self.check)

    def remember(self, loaded: Mapping[str, Any], at_load: Mapping[str, Any]) -> None:
        self.loaded, self.at_load = dict(loaded), dict(at_load)
        self.line.hide()

    def keep_typing(self, shaped: Mapping[str, Any], typed: Mapping[str, Any] | None) -> bool:
        """A refresh brought this record again: True when the form must keep what it shows.

        It keeps it when the record is as loaded, or when reloading would throw away typing
        (then it says "Changed outside" if another program changed it). Otherwise the caller
        reloads the form and calls `reloaded`.
        """
        self._new_outside = False
        if not self.loaded:
            return False
        if not self.differs(shaped):
            return True
        changes = self.changes(typed) if typed is not None else {"": None}  # None: a half-typed date
        if any(not same(shaped.get(k), v) for k, v in changes.items()):
            if self.ctx.changing_outside:
                self.say(False)
            return True
        self._new_outside = self.ctx.changing_outside and any(
            k not in changes and not same(v, self.loaded.get(k)) for k, v in shaped.items()
        )
        return False

    def reloaded(self, shaped: Mapping[str, Any], typed: Mapping[str, Any] | None) -> None:
        """The form now shows `shaped`: the new baseline (and "Changed outside" if another program made it)."""
        outside = getattr(self, "_new_outside", False)
        self.remember(shaped, typed or {})
        self._new_outside = False
        if outside:
            self.say(False, reloaded=True)

    def changes(self, mine: Mapping[str, Any]) -> dict[str, Any]:
        """The fields the user changed since the form was (re)loaded: only these are written."""
        return edited(self.at_load, mine)

    def stored(self) -> dict[str, Any] | None:
        """The record as stored now (the window's read connection), or None when it is gone."""
        try:
            return self.read(self.ctx.read)
        except ReadinessError:
            return None
        except database_errors():  # busy for a moment: the next check will tell
            return self.loaded

    def differs(self, now: Mapping[str, Any] | None) -> bool:
        return now is None or any(not same(now.get(k), v) for k, v in self.loaded.items())

    def check(self) -> bool:
        """After another program wrote: say "Changed outside" when this record is not as loaded."""
        if not self.loaded or self.ctx.closed:
            return False
        now = self.stored()
        if not self.differs(now):
            return False
        self.say(now is None)
        return True

    def say(self, gone: bool, reloaded: bool = False) -> None:
        if gone:
            text = f"Changed outside: another program deleted this {self.noun}."
        elif reloaded:
            text = f"Changed outside: another program changed this {self.noun}; the form shows the new values."
        else:
            text = (
                f"Changed outside: another program changed this {self.noun} since you opened it. "
                "Save writes only what you changed, and asks if you both changed the same field."
            )
        self.line.setText(text)
        self.line.show()

    def resolved(self, error: ChangedWhileOpen, choice: Mapping[str, str], mine: Mapping[str, Any]) -> dict[str, Any]:
        """After the question: the new baseline is theirs; returns the values the form should show.

        Fields the user changed and kept (no clash, or "mine" chosen) keep the typed value and stay
        changed; every other field shows their value.
        """
        theirs = error.theirs or {}
        changes = self.changes(mine)
        shown: dict[str, Any] = {}
        kept: dict[str, Any] = {}
        for key, value in theirs.items():
            mine_kept = key in changes and (key not in error.clashes or choice.get(key) == "mine")
            if mine_kept:
                kept[key] = mine[key]
            else:
                shown[key] = value
        self.loaded = dict(theirs)
        self.at_load = {**{k: mine.get(k) for k in mine}, **dict.fromkeys(kept, UNSEEN)}
        for key, value in shown.items():  # a field showing theirs is not the user's change
            self.at_load[key] = value
        return shown


class KeepWhichDialog(QDialog):
    """Both sides changed the same fields: keep theirs, keep mine, or show both and choose per field.

    `chosen` carries {field: "theirs" | "mine"} for every field that clashed.
    """

    chosen = Signal(dict)

    def __init__(
        self,
        parent: QWidget | None,
        error: ChangedWhileOpen,
        mine: Mapping[str, Any],
        labels: Mapping[str, str],
        shown: Callable[[str, Any], str] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Changed outside")
        self.setAccessibleName("Changed outside: keep which")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.clashes = list(error.clashes)
        text = shown or (lambda _key, value: _plain(value))
        outer = QVBoxLayout(self)
        names = ", ".join(labels.get(k, k.replace("_", " ")) for k in self.clashes)
        intro = QLabel(
            f"{error.message.replace('; nothing was saved', '')}, and you both changed: {names}. "
            "Nothing has been saved yet."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        self.both = QWidget()
        self.both.setObjectName("both_versions")
        grid = QGridLayout(self.both)
        for column, heading in enumerate(("Field", "Theirs (saved now)", "Yours (in the form)")):
            label = QLabel(f"<b>{heading}</b>")
            grid.addWidget(label, 0, column)
        self.picks: dict[str, QButtonGroup] = {}
        theirs = error.theirs or {}
        for row, key in enumerate(self.clashes, start=1):
            grid.addWidget(_plain_label(labels.get(key, key.replace("_", " "))), row, 0)
            theirs_button = QRadioButton(text(key, theirs.get(key)) or "(empty)")
            mine_button = QRadioButton(text(key, mine.get(key)) or "(empty)")
            theirs_button.setObjectName(f"theirs_{key}")
            mine_button.setObjectName(f"mine_{key}")
            mine_button.setChecked(True)
            group = QButtonGroup(self)
            group.addButton(theirs_button)
            group.addButton(mine_button)
            self.picks[key] = group
            grid.addWidget(theirs_button, row, 1)
            grid.addWidget(mine_button, row, 2)
        self.both.hide()
        outer.addWidget(self.both)
        buttons = QHBoxLayout()
        self.keep_theirs = QPushButton("Keep &theirs")
        self.keep_mine = QPushButton("Keep &mine")
        self.show_both = QPushButton("Show &both")
        self.save_choices = QPushButton("&Save these choices")
        self.save_choices.hide()
        cancel = QPushButton("Cancel")
        for button in (self.keep_theirs, self.keep_mine, self.show_both, self.save_choices, cancel):
            buttons.addWidget(button)
        outer.addLayout(buttons)
        self.keep_theirs.clicked.connect(lambda: self._choose(dict.fromkeys(self.clashes, "theirs")))
        self.keep_mine.clicked.connect(lambda: self._choose(dict.fromkeys(self.clashes, "mine")))
        self.show_both.clicked.connect(self._show_both)
        self.save_choices.clicked.connect(lambda: self._choose(self.choices()))
        cancel.clicked.connect(self.reject)

    def _show_both(self) -> None:
        self.both.show()
        self.show_both.hide()
        self.save_choices.show()
        self.adjustSize()

    def choices(self) -> dict[str, str]:
        """Each field's pick in the side-by-side view."""
        picked = {key: group.checkedButton() for key, group in self.picks.items()}
        return {
            key: "theirs" if button is not None and button.objectName().startswith("theirs_") else "mine"
            for key, button in picked.items()
        }

    def _choose(self, choice: dict[str, str]) -> None:
        self.chosen.emit(choice)
        self.accept()


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(map(str, value))
    return str(value)


def _plain_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
