"""Create or edit a gap; close it with the evidence that filled it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit

from readiness_app.register.validation import parse_date, uk_date
from readiness_app.ui.dates import DateField
from readiness_app.ui.dialogs.base import EditDialog
from readiness_app.ui.widgets import SearchBox, combo, set_combo


class GapDialog(EditDialog):
    noun = "gap"

    def __init__(self, ctx, gap: Mapping[str, Any] | None = None, *, qs: str | None = None, parent=None):
        from readiness_app.framework import current
        from readiness_app.register import records
        from readiness_app.register.vocabulary import GAP_KIND, GAP_STATUS, SEVERITY

        super().__init__(ctx, "Edit gap" if gap else "New gap", parent)
        self.gap = gap
        fw = current()
        self.qs = combo([(q.id, q.label) for q in fw.statements], "Quality statement")
        self.category = combo([(c.id, c.name) for c in fw.categories], "Evidence category", blank="(any)")
        self.kind = combo(GAP_KIND.items(), "Kind of gap")
        self.description_edit = QPlainTextEdit()
        self.description_edit.setAccessibleName("Description")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMaximumHeight(90)
        self.severity = combo(SEVERITY.items(), "Severity")
        self.owner = QLineEdit()
        self.owner.setAccessibleName("Owner")
        self.due = DateField("Due date")
        self.status = combo(GAP_STATUS.items(), "Status")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        for label, widget in (
            ("&Quality statement", self.qs),
            ("&Category", self.category),
            ("&Kind", self.kind),
            ("&Description", self.description_edit),
            ("&Severity", self.severity),
            ("&Owner", self.owner),
            ("D&ue date", self.due),
            ("S&tatus", self.status),
            ("&Notes", self.notes),
        ):
            self.form.addRow(label, widget)
        set_combo(self.severity, "medium")
        if gap:
            set_combo(self.qs, gap["qs"])
            set_combo(self.category, gap["category"])
            set_combo(self.kind, gap["kind"])
            self.description_edit.setPlainText(gap["description"])
            set_combo(self.severity, gap["severity"])
            self.owner.setText(gap["owner"])
            self.due.setText(uk_date(gap["due_date"]))
            set_combo(self.status, gap["status"])
            self.notes.setPlainText(gap["notes"])
        elif qs:
            set_combo(self.qs, qs)
        self.resize(520, 480)
        if gap:
            gap_id = gap["id"]
            self.begin_editing(lambda reg: stored_values(records.get(reg, "gap", gap_id)))

    def values(self) -> dict[str, Any]:
        return {
            "qs": self.qs.currentData(),
            "category": self.category.currentData(),
            "kind": self.kind.currentData(),
            "description": self.description_edit.toPlainText().strip(),
            "severity": self.severity.currentData(),
            "owner": self.owner.text().strip(),
            "due_date": parse_date(self.due.text(), "due date"),
            "status": self.status.currentData(),
            "notes": self.notes.toPlainText().strip(),
        }

    def change(self):
        from readiness_app.operations import gaps

        values = self.values()  # date problems show at once, before anything is sent
        if self.gap is None:
            return gaps.add(**values)
        return self.guarded_change(values)

    def form_values(self) -> dict[str, Any]:
        return self.values()

    def show_values(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            if key in ("qs", "category", "kind", "severity", "status"):
                set_combo(getattr(self, key), value)
            elif key == "description":
                self.description_edit.setPlainText(value or "")
            elif key == "notes":
                self.notes.setPlainText(value or "")
            elif key == "owner":
                self.owner.setText(value or "")
            elif key == "due_date":
                self.due.setText(uk_date(value))

    def write_fields(self, reg, fields: dict[str, Any]) -> Any:
        from readiness_app.register import gaps

        assert self.gap is not None
        return gaps.update(reg, self.gap["id"], **fields)


def stored_values(gap: dict[str, Any]) -> dict[str, Any]:
    """A stored gap in the form's terms (as `GapDialog.values` gives them)."""
    text = {k: (gap.get(k) or "").strip() for k in ("description", "owner", "notes")}
    return {**text, **{k: gap.get(k) or None for k in ("qs", "category", "kind", "severity", "due_date", "status")}}


class CloseGapDialog(EditDialog):
    """Close a gap, naming the evidence item that closed it (optional)."""

    def __init__(self, ctx, gap: Mapping[str, Any], parent=None):
        from readiness_app.register import evidence
        from readiness_app.register.vocabulary import EVIDENCE_STATUS

        super().__init__(ctx, f"Close a {gap['qs']} gap", parent)
        self.gap = gap
        description = QLineEdit(gap["description"])
        description.setReadOnly(True)
        self.form.addRow(description)
        self.search = SearchBox("Filter evidence")
        self.list = QListWidget()
        self.list.setAccessibleName("Evidence that closes the gap")
        none = QListWidgetItem("(no evidence item: close with a note)")
        none.setData(256, None)
        self.list.addItem(none)
        items = evidence.list_items(ctx.read, qs=gap["qs"])
        items.sort(key=lambda e: (e["category"] != gap["category"], e["status"] not in ("accepted", "submitted")))
        for item in items:
            status = EVIDENCE_STATUS.get(item["status"], item["status"])
            entry = QListWidgetItem(f"{item['reference'] or ''} {item['title']}  ({status})".strip())
            entry.setData(256, item["id"])
            self.list.addItem(entry)
        self.list.setCurrentRow(1 if len(items) else 0)
        self.search.textChanged.connect(self._filter)
        self.note = QLineEdit()
        self.note.setAccessibleName("Closing note")
        self.form.addRow("&Find", self.search)
        self.form.addRow("&Evidence", self.list)
        self.form.addRow("&Note", self.note)
        self.resize(560, 460)

    def _filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for n in range(1, self.list.count()):
            item = self.list.item(n)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def change(self):
        from readiness_app.operations import gaps

        item = self.list.currentItem()
        evidence_id = item.data(256) if item is not None else None
        return gaps.close(self.gap["id"], evidence_id, self.note.text().strip())
