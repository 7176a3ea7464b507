"""Gaps: what is missing per quality statement, who is filling it and by when."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from readiness_app.register import gaps
from readiness_app.register.reads import tables_read
from readiness_app.ui.colours import RAG_COLOURS
from readiness_app.ui.models import Column, RowsModel
from readiness_app.ui.pages import Page
from readiness_app.ui.widgets import SearchBox, combo, make_table, selected_ids, set_combo
from readiness_app.ui.wording import shown_count


class GapRow(NamedTuple):
    """One line of the gaps table: display text, then the keys the filters use; `id` is the gap id."""

    id: int
    severity: str
    qs: str
    category: str
    description: str
    owner: str
    due: str
    status: str
    closed_by: str
    severity_key: str
    status_key: str
    qs_key: str


col = GapRow._fields.index  # the column number of a field, for `Column`
SEVERITY_COLOURS = {"high": RAG_COLOURS["red"], "medium": RAG_COLOURS["amber"]}


class GapsPage(Page):
    tables = tables_read(gaps.list_gaps, gaps.closing_evidence_titles)
    key = "gaps"
    title = "Gaps"

    def __init__(self, ctx, parent=None):
        from readiness_app.framework import current
        from readiness_app.register import vocabulary as V

        super().__init__(ctx, parent)
        self.dialog: QDialog | None = None  # the open gap dialog, kept so it is not collected
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        bar = QHBoxLayout()
        self.search = SearchBox("Search gaps")
        self.search.textChanged.connect(self._apply)
        bar.addWidget(self.search, 2)
        self.qs_filter = combo([(q.id, q.label) for q in current().statements], "Filter by QS", blank="Any QS")
        self.severity_filter = combo(V.SEVERITY.items(), "Filter by severity", blank="Any severity")
        self.open_only = QCheckBox("Open only")
        self.open_only.setAccessibleDescription("Show open gaps only")
        self.open_only.setChecked(True)
        for w in (self.qs_filter, self.severity_filter):
            w.currentIndexChanged.connect(self._apply)
            bar.addWidget(w, 1)
        self.open_only.toggled.connect(self._apply)
        bar.addWidget(self.open_only)
        layout.addLayout(bar)

        buttons = QHBoxLayout()
        for text, slot, name in (
            ("&New gap", self.new_item, "Create a gap"),
            ("&Edit", self.edit_selected, "Edit the selected gap"),
            ("&Close with evidence...", self.close_selected, "Close the selected gap"),
        ):
            b = QPushButton(text)
            b.setAccessibleDescription(name)  # its name is the words on it (WCAG 2.5.3)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.count_label = QLabel()
        buttons.addWidget(self.count_label)
        layout.addLayout(buttons)

        self.model: RowsModel[GapRow] = RowsModel(
            [
                Column("Severity", col("severity"), width=70),
                Column("QS", col("qs"), width=50),
                Column("Category", col("category"), width=170),
                Column("Description", col("description"), width=420),
                Column("Owner", col("owner"), width=150),
                Column("Due", col("due"), width=115, date=True),
                Column("Status", col("status"), width=85),
                Column("Closed by", col("closed_by"), width=160),
            ],
            background=lambda row: SEVERITY_COLOURS.get(row.severity_key) if row.status_key != "closed" else None,
        )
        self.table = make_table(self.model, "gaps_table")
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        from readiness_app.framework import current
        from readiness_app.register import gaps
        from readiness_app.register import vocabulary as V

        reg = self.ctx.read
        categories = {c.id: c.name for c in current().categories}
        titles = gaps.closing_evidence_titles(reg)
        rows = [
            GapRow(
                g["id"],
                V.SEVERITY[g["severity"]],
                g["qs"],
                categories.get(g["category"] or "", ""),
                g["description"],
                g["owner"],
                g["due_date"] or "",
                V.GAP_STATUS[g["status"]],
                titles.get(g["closed_by"] or 0, ""),
                g["severity"],
                g["status"],
                g["qs"],
            )
            for g in gaps.list_gaps(reg)
        ]
        self.model.set_rows(rows)
        self._apply()

    def _apply(self) -> None:
        self.model.set_search(self.search.text())
        qs, severity, open_only = (
            self.qs_filter.currentData(),
            self.severity_filter.currentData(),
            self.open_only.isChecked(),
        )
        self.model.set_predicate(
            lambda r: (
                (qs is None or r.qs_key == qs)
                and (severity is None or r.severity_key == severity)
                and (not open_only or r.status_key != "closed")
            )
        )
        total = self.model.total
        empty = "No gaps yet: New gap records what is missing"
        self.count_label.setText(shown_count(self.model.rowCount(), total, "gap") if total else empty)

    def apply_filters(self, **filters: Any) -> None:
        for box, name in ((self.qs_filter, "qs"), (self.severity_filter, "severity")):
            box.blockSignals(True)
            set_combo(box, filters.get(name))
            box.blockSignals(False)
        self.open_only.blockSignals(True)
        self.open_only.setChecked(str(filters.get("open", "1")) not in ("0", "false"))
        self.open_only.blockSignals(False)
        self.search.clear()
        self._apply()

    def _selected_gap(self) -> dict[str, Any] | None:
        from readiness_app.register import records

        ids = selected_ids(self.table)
        return records.get(self.ctx.read, "gap", ids[0]) if ids else None

    def new_item(self) -> None:
        from readiness_app.ui.dialogs.gap_dialog import GapDialog

        self.dialog = GapDialog(self.ctx, qs=self.qs_filter.currentData())
        self.dialog.open()

    def edit_selected(self) -> None:
        from readiness_app.ui.dialogs.gap_dialog import GapDialog

        gap = self._selected_gap()
        if gap:
            self.dialog = GapDialog(self.ctx, gap)
            self.dialog.open()

    def close_selected(self) -> None:
        from readiness_app.ui.dialogs.gap_dialog import CloseGapDialog

        gap = self._selected_gap()
        if gap and gap["status"] != "closed":
            self.dialog = CloseGapDialog(self.ctx, gap)
            self.dialog.open()

    def focus_search(self) -> None:
        self.search.setFocus()


PAGE = GapsPage
