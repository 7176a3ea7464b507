"""Factual accuracy: the draft report's points to challenge, and the 10-working-day deadline."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from readiness_app.errors import ReadinessError
from readiness_app.register.validation import long_date, uk_date
from readiness_app.ui.colours import RAG_COLOURS, WARNING_TEXT
from readiness_app.ui.dates import DateField
from readiness_app.ui.models import Column
from readiness_app.ui.pages.visit_common import Field, RecordPage
from readiness_app.ui.plain_text import escape


class PointRow(NamedTuple):
    """One line of the factual accuracy table; `id` is the point's id."""

    id: int
    number: int
    section: str
    type: str
    draft: str
    proposed: str
    owner: str
    status: str
    flags: str


col = PointRow._fields.index  # the column number of a field, for `Column`


class AccuracyPage(RecordPage):
    key = "accuracy"
    title = "Factual accuracy"
    noun = "point"
    register_module = "accuracy"
    columns = (
        Column("No.", col("number"), numeric=True, width=40),
        Column("Section", col("section"), width=140),
        Column("Type", col("type"), width=150),
        Column("Draft says", col("draft"), width=200),
        Column("Proposed", col("proposed"), width=200),
        Column("Owner", col("owner"), width=100),
        Column("Status", col("status"), width=100),
        Column("Still needed", col("flags"), width=160),
    )

    def __init__(self, ctx, parent=None):
        from readiness_app.register.accuracy import CORRECTION_TYPE, FA_STATUS

        self.fields = (
            Field("section", "Section"),
            Field("page", "Page"),
            Field("paragraph", "Paragraph"),
            Field("correction_type", "Type", "choice", tuple(CORRECTION_TYPE.items())),
            Field("draft_wording", "Draft says", "text"),
            Field("proposed_wording", "Proposed wording", "text"),
            Field("evidence", "Evidence", "evidence"),
            Field("owner", "Owner"),
            Field("status", "Status", "choice", tuple(FA_STATUS.items())),
            Field("notes", "Notes", "text"),
        )
        super().__init__(ctx, parent)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Draft report received"))
        self.received = DateField("Date the draft report was received")
        self.received.setAccessibleName("Date the draft report was received")
        bar.addWidget(self.received)
        button = QPushButton("Set &received date")
        button.clicked.connect(self.set_received)
        bar.addWidget(button)
        self.deadline = QLabel()
        self.deadline.setAccessibleDescription("Factual accuracy deadline")
        bar.addWidget(self.deadline, 1)
        self.top.addLayout(bar)

    def only_label(self) -> str:
        return "Needing attention"

    def passes(self, row: Any, only: bool) -> bool:
        return not only or bool(row.flags)

    def row_colour(self, row: Any) -> str | None:
        return RAG_COLOURS["amber"] if row.flags else None

    def load_rows(self) -> list[PointRow]:
        from readiness_app.register import accuracy

        return [
            PointRow(
                p["id"],
                p["number"],
                accuracy.where_in_report(p),
                p["type_label"],
                p["draft_wording"],
                p["proposed_wording"],
                p["owner"],
                accuracy.FA_STATUS[p["status"]],
                "; ".join(p["flags"]),
            )
            for p in accuracy.list_points(self.ctx.read)
        ]

    def refresh(self) -> None:
        from readiness_app.register import accuracy

        super().refresh()
        try:
            info = accuracy.deadline(self.ctx.read, self.ctx.today())
        except ReadinessError as exc:
            self.deadline.setText(f"<span style='color:{WARNING_TEXT}'>{escape(exc)}</span>")
            return
        self.received.setText(uk_date(info["received"]))
        if not info["deadline"]:
            self.deadline.setText("Deadline: set the date the draft report arrived")
        elif info["state"] == "passed":
            passed = f"Deadline {long_date(info['deadline'])} has passed"
            self.deadline.setText(f"<b style='color:{WARNING_TEXT}'>{passed}</b>")
        else:
            self.deadline.setText(
                f"<b>Response due {long_date(info['deadline'])}</b>: {info['working_days_left']} working day(s) left"
            )

    def set_received(self) -> None:
        from readiness_app.register import accuracy

        text = self.received.text()
        self.ctx.write(
            lambda reg: accuracy.set_received(reg, text),
            "setting the draft report's received date",
            on_error=lambda e: self.deadline.setText(f"<span style='color:{WARNING_TEXT}'>{escape(e)}</span>"),
        )

    def summary_html(self) -> str:
        return "Corrections are typos or figures, factual inaccuracies (with evidence), or omitted information."

    def defaults(self) -> dict[str, Any]:
        return {"status": "draft"}

    def label_of(self, record: dict[str, Any]) -> str:
        return str(record["number"])


PAGE = AccuracyPage
