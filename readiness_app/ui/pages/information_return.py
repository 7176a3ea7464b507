"""The information return: CQC's numbered list, unanswered items first, each item's answers.

Above the list, counts by status and by QS. Select an item to edit it; below
its form are its answers (a missing file in red) and suggested files for an
unanswered item: one click on "Use this file" links it, nothing is linked
without that click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from readiness_app.errors import ReadinessError
from readiness_app.register import information_return as ir
from readiness_app.register.validation import long_date
from readiness_app.ui.colours import RAG_COLOURS, WARNING_TEXT
from readiness_app.ui.models import Column
from readiness_app.ui.pages.visit_common import Field, RecordPage
from readiness_app.ui.plain_text import shown_as_text

if TYPE_CHECKING:
    from readiness_app.register.return_suggestions import Suggester

ID, NUMBER, TITLE, QS, STATUS, ANSWERS, OWNER, DUE, FLAGS, ANSWERED, PROBLEM = range(11)
USER = 256  # Qt.UserRole


class InformationReturnPage(RecordPage):
    _library: Suggester | None = None  # the library, read once per refresh

    key = "information_return"
    title = "Information return"
    noun = "item"
    columns = (
        Column("Item", NUMBER, width=50),
        Column("Requested", TITLE, width=260),
        Column("QS", QS, width=60),
        Column("Status", STATUS, width=85),
        Column("Answer", ANSWERS, width=220),
        Column("Owner", OWNER, width=110),
        Column("Due", DUE, width=115, date=True),
        Column("Flags", FLAGS, width=150),
    )

    def __init__(self, ctx, parent=None):
        from readiness_app.framework import current

        self.fields = (
            Field("number", "Item number", placeholder="as CQC numbered it, e.g. 3.2"),
            Field("title", "Requested"),
            Field("description", "Description", "text"),
            Field("qs", "QS", "qs"),
            Field(
                "category",
                "Evidence category",
                "choice",
                ((None, "(none)"), *((c.id, c.name) for c in current().categories)),
            ),
            Field("status", "Status", "choice", tuple(ir.ITEM_STATUS.items())),
            Field("owner", "Owner"),
            Field("due_date", "Due", "date", placeholder="blank: the return's due date"),
            Field("notes", "Notes", "text"),
        )
        super().__init__(ctx, parent)
        self.widgets["due_date"].setPlaceholderText("blank: the return's due date")
        self.widgets["qs"].setMinimumHeight(56)
        self.widgets["qs"].setMaximumHeight(80)
        for key in ("description", "notes"):
            self.widgets[key].setMaximumHeight(44)
        self._answers_box()
        self.import_button = QPushButton("&Import CQC's list...")
        self.import_button.setAccessibleDescription("Import CQC's request list from a spreadsheet")
        self.import_button.clicked.connect(self.import_list)
        self.filter_bar.insertWidget(self.filter_bar.count() - 1, self.import_button)
        self.find_button = QPushButton("Find &evidence...")
        self.find_button.setAccessibleName("Find evidence for this item by the words in the files")
        self.find_button.setToolTip("Search the evidence files for this item's words, and link what fits")
        self.find_button.clicked.connect(self.find_evidence)
        self.filter_bar.insertWidget(self.filter_bar.count() - 1, self.find_button)

    def find_evidence(self) -> None:
        """Search the evidence with the selected item's title, offering to link what is found."""
        from readiness_app.ui.search import find_evidence

        if self.current_id is None:
            self.ctx.notice.emit("Choose an item first")
            return
        item = ir.get_item(self.ctx.read, self.current_id, today=self.ctx.today())
        self.search_dialog = find_evidence(self.ctx, self, "return_item", self.current_id, item["title"])

    def _answers_box(self) -> None:
        box = QGroupBox("Answers")
        layout = QVBoxLayout(box)
        self.answer_list = QListWidget()
        self.answer_list.setAccessibleName("Answers to this item")
        self.answer_list.setMaximumHeight(64)
        layout.addWidget(self.answer_list)
        row = QHBoxLayout()
        self.answer_button = QPushButton("&Answer...")
        self.answer_button.setAccessibleDescription("Add an answer to this item")
        self.answer_button.clicked.connect(self.answer)
        self.remove_button = QPushButton("Remove answer")
        self.remove_button.clicked.connect(self.remove_answer)
        row.addWidget(self.answer_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.suggestion_list = QListWidget()
        self.suggestion_list.setAccessibleName("Suggested files")
        self.suggestion_list.setMaximumHeight(56)
        self.use_button = QPushButton("&Use this file")
        self.use_button.setAccessibleDescription("Answer with the suggested file")
        self.use_button.clicked.connect(self.use_suggestion)
        self.suggestions_label = QGroupBox("Suggested files (nothing is linked until you choose)")
        inner = QVBoxLayout(self.suggestions_label)
        inner.addWidget(self.suggestion_list)
        inner.addWidget(self.use_button)
        layout.addWidget(self.suggestions_label)
        outer = self.form_box.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.insertWidget(outer.count() - 1, box)
        self.answers_group = box
        self._show_answers(None)

    # ------------------------------------------------------------ list

    def only_label(self) -> str:
        return "Unanswered only"

    def passes(self, row: tuple[Any, ...], only: bool) -> bool:
        missing_only = getattr(self, "missing_only", False)
        if missing_only and not row[PROBLEM]:
            return False
        return not only or not row[ANSWERED]

    def row_colour(self, row: tuple[Any, ...]) -> str | None:
        if row[PROBLEM]:
            return RAG_COLOURS["red"]
        return None if row[ANSWERED] else RAG_COLOURS["amber"]

    def load_rows(self) -> list[tuple[Any, ...]]:
        rows = []
        for r in ir.list_items(self.ctx.read, today=self.ctx.today()):
            answer = "; ".join(a["text"] for a in r["answers"]) or "not answered"
            rows.append(
                (
                    r["id"],
                    r["number"],
                    r["title"],
                    ", ".join(r["qs"]),
                    ir.ITEM_STATUS[r["status"]],
                    answer,
                    r["owner"],
                    r["due"] or "",
                    "; ".join(r["flags"]),
                    r["answered"],
                    any(a["problem"] for a in r["answers"]),
                )
            )
        return rows

    def summary_html(self) -> str:
        c = ir.counts(self.ctx.read)
        if not c["total"]:
            return "No request list yet: import CQC's list (the button below), or add items by hand."
        status = ", ".join(f"{n} {ir.ITEM_STATUS[k].lower()}" for k, n in c["by_status"].items())
        due = long_date(c["due_date"]) if c["due_date"] else "not set"
        missing = ""
        if c["missing_files"]:
            n = c["missing_files"]
            verb = "answers point" if n != 1 else "answer points"
            missing = f", <span style='color:{WARNING_TEXT}'><b>{n} {verb} at a missing file</b></span>"
        qs = " &nbsp; ".join(f"{q}: {v['answered']}/{v['items']}" for q, v in c["by_qs"].items())
        return (
            f"<b>{c['total']} items</b>, due {due}: {status}. <b>{c['unanswered']} not yet answered</b>{missing}."
            f"<br>Answered by QS: {qs}"
        )

    def apply_filters(self, **filters: Any) -> None:
        """`unanswered=1`: only items with no answer; `missing=1`: only items whose file has gone."""
        self.missing_only = bool(filters.get("missing"))
        assert self.only is not None  # this page has an "only" box: unanswered items
        self.only.blockSignals(True)
        self.only.setChecked(bool(filters.get("unanswered")))
        self.only.blockSignals(False)
        self.search.clear()
        self._apply()

    def _suggester(self):
        """The library read once per refresh (20,000 items), not once per selected item."""
        if getattr(self, "_library", None) is None:
            from readiness_app.register.return_suggestions import Suggester

            self._library = Suggester(self.ctx.read)
        return self._library

    def refresh(self) -> None:
        self._library = None
        super().refresh()
        if self.current_id is not None:  # the same row stays selected: show its new answers
            try:
                self._show_answers(ir.get_item(self.ctx.read, self.current_id, today=self.ctx.today()))
            except ReadinessError:  # deleted meanwhile
                self.clear_form(self.defaults())

    # ------------------------------------------------------------ one item

    def record(self, record_id: Any) -> dict[str, Any]:
        item = self.load_record(self.ctx.read, record_id)
        self._show_answers(item)
        return item

    def load_record(self, reg: Any, record_id: Any) -> dict[str, Any]:
        return ir.get_item(reg, record_id, today=self.ctx.today())

    def label_of(self, record: dict[str, Any]) -> str:
        return record["number"]

    def clear_form(self, defaults: dict[str, Any] | None = None) -> None:
        super().clear_form(defaults)
        if hasattr(self, "answer_list"):
            self._show_answers(None)

    def defaults(self) -> dict[str, Any]:
        return {"status": "not_started"}

    def _show_answers(self, item: dict[str, Any] | None) -> None:
        self.item = item
        self.answer_list.clear()
        self.suggestion_list.clear()
        for widget in (self.answer_button, self.remove_button, self.use_button):
            widget.setEnabled(item is not None)
        if item is None:
            return
        for answer in item["answers"]:
            entry = QListWidgetItem(answer["text"])
            entry.setData(USER, answer["id"])
            if answer["problem"]:
                entry.setForeground(QColor(WARNING_TEXT))
                entry.setToolTip(shown_as_text(f"Check this answer: {answer['problem']}"))
            self.answer_list.addItem(entry)
        if not item["answers"]:
            self.answer_list.addItem("Not answered yet")
        found = self._suggester().for_item(item) if not item["answered"] else []
        for s in found:
            entry = QListWidgetItem(f"{s.reference or '#' + str(s.evidence_id)}  {s.title}")
            entry.setToolTip(shown_as_text("; ".join(s.reasons)))
            entry.setData(USER, s.evidence_id)
            self.suggestion_list.addItem(entry)
        self.suggestions_label.setVisible(bool(found))
        if found:
            self.suggestion_list.setCurrentRow(0)

    def answer(self) -> None:
        if self.item is None:
            return
        from readiness_app.ui.dialogs.answer_dialog import AnswerDialog

        dialog = AnswerDialog(self.ctx, self.item, self)
        self.answer_dialog = dialog
        number = self.item["number"]
        dialog.accepted.connect(
            lambda: self.ctx.notice.emit(
                f"Answered item {number}" if dialog.adding else f"Item {number}: their answers kept"
            )
        )
        dialog.open()

    def use_suggestion(self) -> None:
        chosen = self.suggestion_list.currentItem()
        if self.item is None or chosen is None:
            return
        item_id, evidence_id, number = self.item["id"], chosen.data(USER), self.item["number"]
        reference = chosen.text().split()[0]  # read now: the list is rebuilt before the write reports back
        self.ctx.write(
            lambda reg: ir.add_answer(reg, item_id, "evidence", evidence=evidence_id),
            f"answering item {number}",
            on_done=lambda _r: self.ctx.notice.emit(f"Item {number} answered with {reference}"),
        )

    def remove_answer(self) -> None:
        chosen = self.answer_list.currentItem()
        answer_id = chosen.data(USER) if chosen is not None else None
        if answer_id is None:
            return
        self.ctx.write(lambda reg: ir.remove_answer(reg, answer_id), "removing an answer")

    def import_list(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "CQC's request list", "", "Spreadsheets (*.xlsx *.csv)")
        if not path:
            return
        from readiness_app.interop.importers.return_items import import_request_list

        def done(result: Any) -> None:
            self.ctx.notice.emit(result.summary())

        self.ctx.write(lambda reg: import_request_list(reg, path), "importing CQC's request list", on_done=done)

    # ------------------------------------------------------------ saving

    def create_fn(self, values: dict[str, Any]):
        return lambda reg: ir.create_item(reg, **values)

    def update_fn(self, record_id: Any, values: dict[str, Any]):
        return lambda reg: ir.update_item(reg, record_id, **values)

    def delete_fn(self, record_id: Any):
        return lambda reg: ir.delete_item(reg, record_id)


PAGE = InformationReturnPage
