"""Outcome and plan: CQC's published scores beside the self-assessment, and the improvement plan."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton

from readiness_app.register.improvement import ActionRow
from readiness_app.register.validation import uk_date
from readiness_app.ui.colours import WARNING_TEXT
from readiness_app.ui.dates import DateField
from readiness_app.ui.models import RAG_COLOURS, Column
from readiness_app.ui.pages.visit_common import Field, RecordPage
from readiness_app.ui.plain_text import escape, shown_as_text
from readiness_app.ui.widgets import combo, set_combo

col = ActionRow._fields.index  # the column number of a field, for `Column`
PLAN_COLOURS = {
    "overdue": RAG_COLOURS["red"],
    "at_risk": RAG_COLOURS["red"],
    "no_date": RAG_COLOURS["amber"],
    "on_track": RAG_COLOURS["green"],
    "complete": "#dbe7f3",
}


class OutcomePage(RecordPage):
    key = "outcome"
    title = "Outcome and plan"
    noun = "action"
    register_module = "improvement"
    columns = (
        Column("Ref", col("ref"), width=50),
        Column("Theme", col("theme"), width=150),
        Column("QS", col("qs"), width=60),
        Column("Action", col("description"), width=280),
        Column("H/M/L", col("priority"), width=50),
        Column("Lead", col("lead"), width=140),
        Column("Target", col("target"), width=115, date=True),
        Column("RAG", col("rag"), width=90),
        Column("Board", col("board"), width=120),
    )

    def __init__(self, ctx, parent=None):
        from readiness_app.framework import current
        from readiness_app.register.improvement import ACTION_STATUS, PART, PRIORITY

        fw = current()
        self.fields = (
            Field("reference", "Reference", placeholder="blank: next in the theme"),
            Field("qs", "QS", "qs"),
            Field("theme", "Theme", "choice", (("", "(from the QS)"), *((t.id, t.name) for t in fw.themes))),
            Field("description", "Action", "text"),
            Field("priority", "Priority", "choice", tuple(PRIORITY.items())),
            Field("lead", "Lead"),
            Field("target_date", "Target date", "date"),
            Field("status", "Status", "choice", tuple(ACTION_STATUS.items())),
            Field("part", "Part", "choice", tuple(PART.items())),
            Field("board", "Governance board"),
            Field("progress", "Progress notes", "text"),
        )
        super().__init__(ctx, parent)
        box = QGroupBox("Previous assessment: CQC's published report")
        grid = QGridLayout(box)
        self.scores: dict[str, Any] = {}
        for n, qs in enumerate(fw.statements):
            label = QLabel(qs.id)
            label.setToolTip(shown_as_text(qs.name))
            self.scores[qs.id] = combo([(s, str(s)) for s in (1, 2, 3, 4)], f"Published score {qs.id}", blank="-")
            self.scores[qs.id].setMinimumContentsLength(2)  # a digit: nine of them must fit 1024 px
            label.setBuddy(self.scores[qs.id])  # on Linux a screen reader names a combo box by its label
            grid.addWidget(label, 0, n)
            grid.addWidget(self.scores[qs.id], 1, n)
        self.rating = combo([(b.name, b.name) for b in fw.bands], "Published rating", blank="(from the scores)")
        self.published = DateField("Publication date")
        self.published.setAccessibleName("Publication date")
        save = QPushButton("Save &outcome")
        save.setAccessibleDescription("Save published outcome")
        save.clicked.connect(self.save_outcome)
        # rating, date and Save on a row of their own: beside nine scores they ran off a 1024 px screen
        below = QHBoxLayout()
        rating_label, published_label = QLabel("Rating"), QLabel("Published")
        rating_label.setBuddy(self.rating)
        published_label.setBuddy(self.published)
        for widget in (rating_label, self.rating, published_label, self.published, save):
            below.addWidget(widget)
        below.addStretch(1)
        grid.addLayout(below, 2, 0, 1, len(self.scores))
        self.comparison = QLabel()
        self.comparison.setWordWrap(True)
        self.comparison.setAccessibleDescription("Comparison with the self-assessment")
        grid.addWidget(self.comparison, 3, 0, 1, len(self.scores))
        self.top.addWidget(box)

    def only_label(self) -> str:
        return "Overdue only"

    def passes(self, row: Any, only: bool) -> bool:
        return not only or row.rag_key == "overdue"

    def row_colour(self, row: Any) -> str | None:
        return PLAN_COLOURS.get(row.rag_key)

    def load_rows(self) -> list[ActionRow]:
        from readiness_app.register import improvement

        return improvement.action_rows(self.ctx.read, self.ctx.today())

    def refresh(self) -> None:
        from readiness_app.register import outcome

        super().refresh()
        result = outcome.show(self.ctx.read)
        for s in result["quality_statements"]:
            set_combo(self.scores[s["qs"]], s["published_score"])
        set_combo(self.rating, result["published_rating"])
        self.published.setText(uk_date(result["published_date"]))
        parts = []
        if result["over_rated"]:
            parts.append(f"<b>CQC scored lower than we did:</b> {', '.join(result['over_rated'])}")
        if result["under_rated"]:
            parts.append(f"<b>CQC scored higher:</b> {', '.join(result['under_rated'])}")
        if result["matched"]:
            parts.append(f"matched: {', '.join(result['matched'])}")
        parts += result["notes"]
        self.comparison.setText(
            "; ".join(parts)
            or "No previous assessment recorded yet: enter the published report's scores, rating and date."
        )

    def summary_html(self) -> str:
        from readiness_app.register import improvement

        c = improvement.rag_counts(self.ctx.read, self.ctx.today())
        return (
            f"Improvement plan: {c['total']} actions; {c['complete']} complete, {c['on_track']} on track, "
            f"<b>{c['overdue']} overdue</b>, {c['at_risk']} at risk, {c['no_date']} with no date, "
            f"{c['not_started']} not started"
        )

    def save_outcome(self) -> None:
        from readiness_app.register import outcome

        scores = {q: box.currentData() for q, box in self.scores.items()}
        rating, published = self.rating.currentData(), self.published.text().strip() or None
        self.ctx.write(
            lambda reg: outcome.set_outcome(reg, scores=scores, rating=rating, published_date=published),
            "saving the published outcome",
            on_error=lambda e: self.comparison.setText(f"<span style='color:{WARNING_TEXT}'>{escape(e)}</span>"),
        )

    def defaults(self) -> dict[str, Any]:
        return {"priority": "M", "status": "not_started"}

    def label_of(self, record: dict[str, Any]) -> str:
        return record["reference"]

    def update_fn(self, record_id: Any, values: dict[str, Any]):
        if "theme" in values and values["theme"] is None:  # "(from the QS)" leaves the theme to follow the QS
            values.pop("theme")
        return super().update_fn(record_id, values)

    def apply_filters(self, **filters: Any) -> None:
        if self.only is not None:
            self.only.setChecked(bool(filters.get("overdue")))
        self._apply()


PAGE = OutcomePage
