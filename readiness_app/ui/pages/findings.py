"""Previous report: what CQC's published report found for each QS, typed in or imported,
with the improvement-plan actions that address each finding.

The report's scores, rating and date are on the Outcome and plan page (the previous
assessment); progress per QS shows on the Quality statements page.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtWidgets import QPushButton

from readiness_app.register import findings
from readiness_app.ui.colours import RAG_COLOURS
from readiness_app.ui.models import Column
from readiness_app.ui.pages.visit_common import Field, RecordPage


class FindingRow(NamedTuple):
    id: int
    qs: str
    kind: str
    text: str
    page: str
    actions: str
    evidence: int
    unanswered: bool  # an area for improvement that no action addresses yet


col = FindingRow._fields.index


class FindingsPage(RecordPage):
    key = "findings"
    title = "Previous report"
    noun = "finding"
    register_module = "findings"
    columns = (
        Column("QS", col("qs"), width=45),
        Column("Kind", col("kind"), width=150),
        Column("Finding", col("text"), width=360),
        Column("Page", col("page"), width=60),
        Column("Actions", col("actions"), width=90),
        Column("Evidence of change", col("evidence"), width=120),
    )

    def __init__(self, ctx, parent=None):
        from readiness_app.framework import current

        self.fields = (
            Field("qs", "QS", "choice", tuple((q.id, q.label) for q in current().statements)),
            Field("kind", "Kind", "choice", tuple(findings.KIND.items())),
            Field("text", "Finding", "text", placeholder="in the council's own words"),
            Field("page", "Page or paragraph", placeholder="e.g. 9 or para 41"),
            Field("actions", "Actions that address it", placeholder="plan references, e.g. 1.1, 2.3"),
        )
        super().__init__(ctx, parent)
        self.import_button = QPushButton("&Import findings...")
        self.import_button.clicked.connect(self.import_findings)
        self.filter_bar.insertWidget(self.filter_bar.count() - 1, self.import_button)

    def only_label(self) -> str:
        return "No action yet"

    def passes(self, row: Any, only: bool) -> bool:
        return not only or row.unanswered

    def row_colour(self, row: Any) -> str | None:
        return RAG_COLOURS["red"] if row.unanswered else None

    def load_rows(self) -> list[FindingRow]:
        return [
            FindingRow(
                f["id"],
                f["qs"],
                f["kind_label"],
                f["text"],
                f["page"],
                ", ".join(f["actions"]),
                len(f["evidence"]),
                f["kind"] == "improve" and not f["actions"],
            )
            for f in findings.list_findings(self.ctx.read)
        ]

    def summary_html(self) -> str:
        rows = findings.list_findings(self.ctx.read)
        if not rows:
            return "No findings yet: type them in here, or import a spreadsheet (QS, Finding, Kind, Page)."
        improve = [f for f in rows if f["kind"] == "improve"]
        open_ = sum(1 for f in improve if not f["actions"])
        return (
            f"<b>{len(rows)} findings</b> from the previous report: {len(rows) - len(improve)} went well, "
            f"{len(improve)} areas for improvement, <b>{open_} with no action</b>."
        )

    def record(self, record_id: Any) -> dict[str, Any]:
        row = next(f for f in findings.list_findings(self.ctx.read) if f["id"] == record_id)
        return {**row, "actions": ", ".join(row["actions"])}

    def label_of(self, record: dict[str, Any]) -> str:
        return f"{record['qs']}: {record['text'][:40]}"

    def defaults(self) -> dict[str, Any]:
        return {"kind": "improve"}

    @staticmethod
    def _split(values: dict[str, Any]) -> tuple[dict[str, Any], list[str] | None]:
        values = dict(values)
        refs = values.pop("actions", None)
        if refs is None:
            return values, None
        return values, [r.strip() for r in str(refs).replace(";", ",").split(",") if r.strip()]

    def create_fn(self, values: dict[str, Any]):
        values, refs = self._split(values)

        def create(reg):
            with reg.transaction():  # the finding and its links, or nothing
                finding_id = findings.create(reg, **values)
                if refs:
                    findings.set_actions(reg, finding_id, list(refs))
                return finding_id

        return create

    def update_fn(self, record_id: Any, values: dict[str, Any]):
        values, refs = self._split(values)

        def update(reg):
            with reg.transaction():
                changed = findings.update(reg, record_id, **values)
                if refs is not None:
                    findings.set_actions(reg, record_id, list(refs))
                return changed

        return update

    def import_findings(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Findings to import", "", "Spreadsheets (*.xlsx *.csv)")
        if not path:
            return
        from readiness_app.interop.importers import import_file

        self.ctx.write(
            lambda reg: import_file(reg, "findings", path),
            "importing findings",
            on_done=lambda result: self.ctx.notice.emit(result.summary()),
        )


PAGE = FindingsPage
