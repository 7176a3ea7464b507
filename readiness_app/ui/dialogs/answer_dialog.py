"""Answer an information-return item: a library file, a section of one, a public link, or "not held".

The file is picked by reference and title from a list that narrows as you type
(the top matches of what may be 20,000 items).

Like every form, it remembers the item's answers as it showed them, says
"Changed outside" when another program changes them, and Save adds the answer
only while that kind of answer (files, links, "not held") is as it was; when
another program changed the same kind meanwhile, it asks which to keep.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem

from readiness_app.errors import ReadinessError
from readiness_app.register import information_return as ir
from readiness_app.register.connection import Register
from readiness_app.ui.changed_outside import OpenRecord
from readiness_app.ui.dialogs.base import EditDialog
from readiness_app.ui.widgets import SearchBox, combo

SHOWN = 200  # rows listed at once; typing narrows the rest


class AnswerDialog(EditDialog):
    noun = "item"

    def __init__(self, ctx, item: dict[str, Any], parent=None):
        super().__init__(ctx, f"Answer item {item['number']}", parent)
        self.item = item
        self.field_labels = {"files": "Files", "links": "Links", "not_held": "Not held", "title": "Requested"}
        self.setMinimumWidth(560)
        self.kind = combo(tuple(ir.ANSWER_KIND.items()), "How it is answered")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.search = SearchBox("Type a reference or words from the title")
        self.search.textChanged.connect(self._filter)
        self.files = QListWidget()
        self.files.setAccessibleName("Evidence files")
        self.files.setMinimumHeight(200)
        self.section = QLineEdit()
        self.section.setAccessibleName("Page or section")
        self.section.setPlaceholderText("e.g. pages 12-14, or section 3.2")
        self.link = QLineEdit()
        self.link.setAccessibleName("Public link")
        self.link.setPlaceholderText("https://...")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Why it is not held")
        self.form.addRow(f"Item {item['number']}", self._title_label(item))
        self.form.addRow("&Answer with", self.kind)
        self.form.addRow("&Find a file", self.search)
        self.form.addRow("", self.files)
        self.form.addRow("&Page or section", self.section)
        self.form.addRow("&Link", self.link)
        self.form.addRow("&Reason", self.reason)
        from readiness_app.register import evidence

        self.library = [
            (r[0], r[1] or "", r[2] or "", r[6]) for r in evidence.table_rows(ctx.read) if r[5] != "withdrawn"
        ]
        self._filter("")
        self._kind_changed()
        item_id = item["id"]
        shown, self.specs = ir.answer_form(ctx.read, item_id)
        self.base = shown  # the item's answers the new one joins (theirs, after a "keep theirs")
        self.adding = True  # False once "keep theirs" dropped the new answer
        self.open_record = OpenRecord(ctx, self.noun, lambda reg: ir.answer_form(reg, item_id)[0], self.changed_line)
        self.open_record.remember(shown, shown)

    def _title_label(self, item: dict[str, Any]):
        from PySide6.QtWidgets import QLabel

        from readiness_app.ui.plain_text import plain_label

        self.title_label = plain_label(QLabel(item["title"]))
        self.title_label.setWordWrap(True)
        return self.title_label

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        on_file = kind in ("evidence", "section")
        for widget, show in (
            (self.search, on_file),
            (self.files, on_file),
            (self.section, kind == "section"),
            (self.link, kind == "link"),
            (self.reason, kind == "not_held"),
        ):
            widget.setVisible(show)
            label = self.form.labelForField(widget)
            if label is not None:
                label.setVisible(show)

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        self.files.clear()
        shown = 0
        for evidence_id, reference, title, presence in self.library:
            haystack = f"{reference} {title}".lower()
            if all(w in haystack for w in words):
                flag = "" if presence in ("present", "duplicate") else f"  [{presence.replace('_', ' ')}]"
                entry = QListWidgetItem(f"{reference or '(no reference)'}  {title}{flag}")
                entry.setData(256, evidence_id)  # Qt.UserRole
                self.files.addItem(entry)
                shown += 1
                if shown >= SHOWN:
                    break
        if self.files.count():
            self.files.setCurrentRow(0)

    def select_evidence(self, evidence_id: int) -> None:
        """Pick a file in the list (a suggestion taken, or a test)."""
        for row in range(self.files.count()):
            if self.files.item(row).data(256) == evidence_id:
                self.files.setCurrentRow(row)
                return

    def new_answer(self) -> dict[str, Any]:
        """The answer in the form, as `add_answer` takes it (raises ReadinessError naming what is missing)."""
        kind = self.kind.currentData()
        if kind in ("evidence", "section"):
            current = self.files.currentItem()
            if current is None:
                raise ReadinessError("choose a file from the list", field="evidence")
            section = self.section.text().strip()
            if kind == "section" and not section:
                raise ReadinessError("give the page or section", field="section")
            return {"kind": kind, "evidence": current.data(256), "section": section if kind == "section" else ""}
        if kind == "link":
            return {"kind": "link", "link": ir.check_link(self.link.text())}  # checked here, so it shows at once
        reason = self.reason.text().strip()
        if not reason:
            raise ReadinessError("say why the council does not hold it", field="reason")
        return {"kind": "not_held", "reason": reason}

    def form_values(self) -> dict[str, Any]:
        """The item's answers as they will be: those shown, plus the one in the form."""
        values = {key: list(value) if isinstance(value, list) else value for key, value in self.base.items()}
        if self.adding:
            spec = self.new_answer()
            text = ir.new_answer_text(self.ctx.read, **spec)
            self.specs[text] = {"evidence": None, "section": "", "link": "", "reason": "", **spec}
            group = ir.ANSWER_GROUP[spec["kind"]]
            if text not in values[group]:
                values[group] = sorted([*values[group], text])
        return values

    def show_values(self, values: dict[str, Any]) -> None:
        """After "keep theirs": their answers are the ones shown; theirs for the new answer's kind drops it."""
        group = ir.ANSWER_GROUP[self.kind.currentData()]
        for key, value in values.items():
            self.base[key] = value
            if key == group:
                self.adding = False
            elif key == "title":
                self.title_label.setText(value)

    def write_fields(self, reg: Register, fields: dict[str, Any]) -> Any:
        item_id, specs = self.item["id"], dict(self.specs)
        with reg.transaction():
            for group, wanted in fields.items():
                if group in set(ir.ANSWER_GROUP.values()):
                    ir.set_answers(reg, item_id, group, wanted, specs)

    def change(self) -> Callable[[Any], Any]:
        return self.guarded_change(self.form_values())
