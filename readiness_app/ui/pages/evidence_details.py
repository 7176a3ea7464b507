"""The Evidence page's details panel: one item's reference, title, owner, date, status and notes.

A dropped file arrives with a title from its name and no reference; here the
lead gives it its details. Saving runs `evidence.update_details` on the writer
(one audited transaction). The panel also says why a row is coloured.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from readiness_app.errors import ReadinessError
from readiness_app.register.validation import long_date, parse_date
from readiness_app.ui import feedback
from readiness_app.ui.accessibility import focus_field
from readiness_app.ui.colours import RAG_COLOURS
from readiness_app.ui.dates import DateField
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


def colour_key_html() -> str:
    swatch = "<span style='background:{c}; border:1px solid #999'>&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;{t}"
    return "Row colours: " + " &nbsp; ".join(swatch.format(c=c, t=t) for c, t in COLOUR_KEY)


class EvidenceDetails(QGroupBox):
    saved = Signal(int)  # the item id, once its details are in the register

    def __init__(self, ctx, parent=None):
        from readiness_app.register.vocabulary import EVIDENCE_STATUS

        super().__init__("Details of the selected item", parent)
        self.ctx = ctx
        self.item_id: int | None = None
        self.loaded: dict[str, Any] = {}
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setAccessibleDescription("Why this item is coloured")
        self.reason.setStyleSheet("background: #fff4d6; padding: 4px;")
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
        self.added.setStyleSheet("color: #555;")
        self.added.setAlignment(Qt.AlignmentFlag.AlignLeft)
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
        self.added.setText(f"Added {long_date(item['added_at'])}" if item.get("added_at") else "")
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

        self.ctx.write(
            lambda reg: evidence.update_details(reg, item_id, **changed),
            "saving evidence details",
            on_done=done,
            on_error=lambda e: self._problem(e) if isinstance(e, ReadinessError) else feedback.show_error(self, e),
        )

    def _problem(self, error: ReadinessError) -> None:
        self.error.setText(feedback.one_line(error))
        self.error.show()
        focus_field(self, error)
