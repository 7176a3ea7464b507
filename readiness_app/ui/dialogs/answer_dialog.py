"""Answer an information-return item: a library file, a section of one, a public link, or "not held".

The file is picked by reference and title from a list that narrows as you type
(the top matches of what may be 20,000 items).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem

from readiness_app.errors import ReadinessError
from readiness_app.register import information_return as ir
from readiness_app.ui.dialogs.base import EditDialog
from readiness_app.ui.widgets import SearchBox, combo

SHOWN = 200  # rows listed at once; typing narrows the rest


class AnswerDialog(EditDialog):
    def __init__(self, ctx, item: dict[str, Any], parent=None):
        super().__init__(ctx, f"Answer item {item['number']}", parent)
        self.item = item
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

    @staticmethod
    def _title_label(item: dict[str, Any]):
        from PySide6.QtWidgets import QLabel

        label = QLabel(item["title"])
        label.setWordWrap(True)
        return label

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

    def change(self) -> Callable[[Any], Any]:
        kind = self.kind.currentData()
        item_id = self.item["id"]
        if kind in ("evidence", "section"):
            current = self.files.currentItem()
            if current is None:
                raise ReadinessError("choose a file from the list", field="evidence")
            evidence_id = current.data(256)
            section = self.section.text().strip()
            if kind == "section" and not section:
                raise ReadinessError("give the page or section", field="section")
            return lambda reg: ir.add_answer(reg, item_id, kind, evidence=evidence_id, section=section)
        if kind == "link":
            link = ir.check_link(self.link.text())  # checked here too, so the message shows at once
            return lambda reg: ir.add_answer(reg, item_id, "link", link=link)
        reason = self.reason.text().strip()
        if not reason:
            raise ReadinessError("say why the council does not hold it", field="reason")
        return lambda reg: ir.add_answer(reg, item_id, "not_held", reason=reason)
