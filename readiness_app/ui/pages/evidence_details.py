"""The Evidence page's details panel: one item's reference, title, owner, date, status and notes.

A dropped file arrives with a title from its name and no reference; here the
lead gives it its details. Saving runs `evidence.update_details` on the writer
(one audited transaction) for the fields changed here, and only if nobody else
changed them since the item was shown; if someone did, it asks which to keep.
The panel also says why a row is coloured.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from readiness_app.errors import ReadinessError
from readiness_app.register.changed_since import ChangedWhileOpen, save_if_unchanged
from readiness_app.register.validation import long_date, parse_date
from readiness_app.ui import feedback
from readiness_app.ui.accessibility import focus_field, palette_is_dark
from readiness_app.ui.changed_outside import KeepWhichDialog
from readiness_app.ui.colours import RAG_COLOURS, adapt
from readiness_app.ui.dates import DateField
from readiness_app.ui.plain_text import plain_label
from readiness_app.ui.widgets import combo, field_error_label, set_combo

# Row colours of the evidence list and what they mean (the key under the table uses the same words).
PRESENCE_COLOURS = {
    "duplicate": RAG_COLOURS["amber"],
    "missing": RAG_COLOURS["red"],
    "unreadable": RAG_COLOURS["red"],
    "not_downloaded": "#e8e8e8",
}
COLOUR_KEY = (
    (RAG_COLOURS["amber"], "Duplicate: the same file twice"),
    (RAG_COLOURS["red"], "Missing or unreadable"),
    ("#e8e8e8", "Online only, not downloaded"),
)


def colour_key_html(dark: bool = False) -> str:
    """The key under the evidence list; `dark`: the swatches as the rows draw them on a dark palette."""
    swatch = "<span style='background:{c}; border:1px solid #999'>&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;{t}"
    return "Row colours: " + " &nbsp; ".join(swatch.format(c=adapt(c, dark), t=t) for c, t in COLOUR_KEY)


class EvidenceDetails(QGroupBox):
    saved = Signal(int)  # the item id, once its details are in the register

    def __init__(self, ctx, parent=None):
        from readiness_app.register.vocabulary import EVIDENCE_STATUS

        super().__init__("Details of the selected item", parent)
        self.ctx = ctx
        self.item_id: int | None = None
        self.loaded: dict[str, Any] = {}
        self.keep_which: KeepWhichDialog | None = None
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.reason = plain_label(QLabel())  # names the other copy's path
        self.reason.setWordWrap(True)
        self.reason.setAccessibleDescription("Why this item is coloured")
        self.reason.setStyleSheet(f"background: {adapt('#fff4d6', palette_is_dark())}; padding: 4px;")
        self.reason.hide()
        form.addRow(self.reason)
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Reference")
        self.reference.setPlaceholderText("e.g. LAIR-052")
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Title")
        self.owner = QLineEdit()
        self.owner.setAccessibleName("Owner")
        self.document_date = DateField("Document date")
        self.status = combo(EVIDENCE_STATUS.items(), "Status")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(60)
        for label, widget in (
            ("Re&ference", self.reference),
            ("T&itle", self.title_edit),
            ("Own&er", self.owner),
            ("Document &date", self.document_date),
            ("Stat&us", self.status),
            ("N&otes", self.notes),
        ):
            form.addRow(label, widget)
        self.error = field_error_label()
        form.addRow(self.error)
        row = QHBoxLayout()
        self.save_button = QPushButton("Save &details")
        self.save_button.setAccessibleDescription("Save the details of this item")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        row.addStretch(1)
        form.addRow(row)
        self.added = QLabel()
        self.added.setStyleSheet(f"color: {adapt('#555', palette_is_dark())};")
        self.added.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.added.setTextFormat(Qt.TextFormat.PlainText)  # the search reason can name the file's kind
        self.added.setWordWrap(True)
        form.addRow(self.added)

    def show_item(self, item_id: int | None) -> None:
        """Load one item (None: hide the panel, as for no or several selected items)."""
        from readiness_app.register import evidence

        self.error.hide()
        if item_id is None:
            self.item_id = None
            self.hide()
            return
        try:
            item = evidence.get(self.ctx.read, item_id)
        except ReadinessError:
            self.hide()
            return
        self.item_id = item_id
        self.loaded = {k: item[k] for k in evidence.DETAIL_FIELDS}
        self.reference.setText(item["reference"] or "")
        self.title_edit.setText(item["title"])
        self.owner.setText(item["owner"])
        for edit in (self.reference, self.title_edit, self.owner):
            edit.setCursorPosition(0)  # a long title shows its start, not its last words
        self.document_date.set_iso(item["document_date"])
        set_combo(self.status, item["status"])
        self.notes.setPlainText(item["notes"])
        reason = evidence.why_flagged(self.ctx.read, item_id)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        from readiness_app.register import search

        added = f"Added {long_date(item['added_at'])}" if item.get("added_at") else ""
        no_text = search.no_text_reason(self.ctx.read, item_id)
        if no_text:  # found by its name and details only
            added += ("\n" if added else "") + f"Not searchable by its words: {no_text}"
        self.added.setText(added)
        self.show()

    def values(self) -> dict[str, Any]:
        return {
            "reference": self.reference.text().strip() or None,
            "title": self.title_edit.text().strip(),
            "owner": self.owner.text().strip(),
            "document_date": parse_date(self.document_date.text(), "document_date"),
            "status": self.status.currentData(),
            "notes": self.notes.toPlainText().strip(),
        }

    def save(self) -> None:
        from readiness_app.register import evidence

        if self.item_id is None:
            return
        item_id = self.item_id
        try:
            changed = {k: v for k, v in self.values().items() if (self.loaded.get(k) or None) != (v or None)}
        except ReadinessError as exc:
            self._problem(exc)
            return
        if not changed:
            self.ctx.notice.emit("Nothing to save: the details are unchanged")
            return

        def done(_result: Any) -> None:
            self.loaded.update(changed)
            self.ctx.notice.emit(f"Saved the details of {changed.get('reference') or self.title_edit.text()}")
            self.saved.emit(item_id)

        def failed(error: BaseException) -> None:
            if isinstance(error, ChangedWhileOpen):
                self._changed_while_open(error, mine, set(changed))
            elif isinstance(error, ReadinessError):
                self._problem(error)
            else:
                feedback.show_error(self, error)

        def read(reg: Any) -> dict[str, Any]:
            item = evidence.get(reg, item_id)
            return {k: item[k] for k in evidence.DETAIL_FIELDS}

        mine, loaded = self.values(), dict(self.loaded)
        self.ctx.write(
            lambda reg: save_if_unchanged(
                reg,
                noun="evidence item",
                read=read,
                loaded=loaded,
                changes=changed,
                write=lambda r, fields: evidence.update_details(r, item_id, **fields),
            ),
            "saving evidence details",
            on_done=done,
            on_error=failed,
        )

    def _changed_while_open(self, error: ChangedWhileOpen, mine: dict[str, Any], changed: set[str]) -> None:
        """Another program changed a field saved here since the item was shown: keep theirs or mine."""
        if error.theirs is None:
            self._problem(error)
            return
        labels = {"document_date": "Document date"}
        dialog = KeepWhichDialog(self, error, mine, labels)
        self.keep_which = dialog
        theirs = error.theirs

        def chosen(choice: dict[str, str]) -> None:
            self.loaded = dict(theirs)
            for key, value in theirs.items():  # theirs wherever the user did not change it or chose theirs
                if key not in changed or (key in error.clashes and choice.get(key) == "theirs"):
                    self._show_value(key, value)
            self.save()

        dialog.chosen.connect(chosen)
        dialog.open()

    def _show_value(self, key: str, value: Any) -> None:
        if key in ("reference", "title", "owner"):
            {"reference": self.reference, "title": self.title_edit, "owner": self.owner}[key].setText(value or "")
        elif key == "document_date":
            self.document_date.set_iso(value)
        elif key == "status":
            set_combo(self.status, value)
        elif key == "notes":
            self.notes.setPlainText(value or "")

    def _problem(self, error: ReadinessError) -> None:
        self.error.setText(feedback.one_line(error))
        self.error.show()
        focus_field(self, error)
