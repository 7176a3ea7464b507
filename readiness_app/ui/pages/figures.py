"""Figures: the data pack's indicators, entered by hand or imported; stale ones in red.

Each figure belongs to one QS and shows there too, with its trend chart. The
stale age (6 months unless changed here) is a register setting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QSpinBox

from readiness_app.errors import ReadinessError
from readiness_app.register import indicators
from readiness_app.ui.colours import RAG_COLOURS, WARNING_TEXT
from readiness_app.ui.models import Column
from readiness_app.ui.pages.visit_common import Field, RecordPage
from readiness_app.ui.wording import counted, counted_suffix

ID, QS, NAME, VALUE, PERIOD, DATE, ENGLAND, TREND, FLAG, STALE = range(10)
NUMBER_FIELDS = ("value", "england", "region", "comparator", "target")


class FiguresPage(RecordPage):
    key = "figures"
    title = "Figures"
    noun = "figure"
    columns = (
        Column("QS", QS, width=45),
        Column("Figure", NAME, width=280),
        Column("Value", VALUE, width=110),
        Column("Stale", FLAG, width=140),  # beside the value: in sight at 1366 px, not only the row's red
        Column("Period", PERIOD, width=90),
        Column("Date of data", DATE, width=115, date=True),
        Column("England", ENGLAND, width=80),
        Column("Trend", TREND, width=80),
    )

    def __init__(self, ctx, parent=None):
        from readiness_app.framework import current

        self.fields = (
            Field("name", "Figure"),
            Field("qs", "QS", "choice", tuple((q.id, q.label) for q in current().statements)),
            Field("value", "Value", placeholder="a number, e.g. 72.5"),
            Field("unit", "Unit", placeholder="%, days, people, per 100,000 ..."),
            Field("period", "Period", placeholder="e.g. 2025/26 or Oct 2026"),
            Field("data_date", "Date of data", "date"),
            Field("source", "Source"),
            Field("better", "Better when", "choice", (("", "Not set (no colouring)"), *indicators.BETTER.items())),
            Field("cycle", "Publication cycle", "choice", (("", "From the source"), *indicators.CYCLE.items())),
            Field("england", "England"),
            Field("region", "Region"),
            Field("comparator", "Comparator"),
            Field("benchmark_period", "Benchmark period", placeholder="the period the benchmarks cover, e.g. 2024/25"),
            Field("target", "Target"),
            Field("history", "Earlier values", placeholder="2024/25: 61; 2025/26: 65"),
            Field("owner", "Owner"),
        )
        super().__init__(ctx, parent)
        self.stale_only = QCheckBox("Stale only")
        self.stale_only.setAccessibleDescription("Show stale figures only")
        self.stale_only.toggled.connect(self._apply)
        self.filter_bar.insertWidget(self.filter_bar.count() - 1, self.stale_only)
        self.filter_bar.insertWidget(self.filter_bar.count() - 1, QLabel("Stale after"))
        self.months = QSpinBox()
        self.months.setRange(1, 60)
        counted_suffix(self.months, "month")
        self.months.setAccessibleName("Months after which a figure is stale")
        self.months.editingFinished.connect(self.set_months)
        self.filter_bar.insertWidget(self.filter_bar.count() - 1, self.months)
        self.import_button = QPushButton("&Import figures...")
        self.import_button.clicked.connect(self.import_figures)
        self.filter_bar.insertWidget(self.filter_bar.count() - 1, self.import_button)

    def passes(self, row: tuple[Any, ...], only: bool) -> bool:
        box = getattr(self, "stale_only", None)
        return not (box is not None and box.isChecked() and not row[STALE])

    def row_colour(self, row: tuple[Any, ...]) -> str | None:
        return RAG_COLOURS["red"] if row[STALE] else None

    def load_rows(self) -> list[tuple[Any, ...]]:
        reg = self.ctx.read
        months = indicators.stale_months(reg)
        if hasattr(self, "months"):
            self.months.blockSignals(True)
            self.months.setValue(months)
            self.months.blockSignals(False)
        return [
            (
                r["id"],
                r["qs"],
                r["name"],
                indicators.format_value(r["value"], r["unit"]),
                r["period"],
                r["data_date"] or "",
                indicators.format_value(r["england"], r["unit"]),
                r["trend"] or "",
                ("⚠ " + label) if (label := indicators.stale_label(r, months)) else "",
                r["stale"],
            )
            for r in indicators.list_indicators(reg, today=self.ctx.today())
        ]

    def summary_html(self) -> str:
        c = indicators.counts(self.ctx.read, self.ctx.today())
        if not c["total"]:
            return "No figures yet: add them here, or import a spreadsheet of them."
        stale = f"<span style='color:{WARNING_TEXT}'><b>{c['stale']} stale</b></span>" if c["stale"] else "none stale"
        age = f"data over {c['stale_months']} months old"
        return f"<b>{c['total']} figures</b>, {stale} ({age}); each also shows on its QS page."

    def apply_filters(self, **filters: Any) -> None:
        """`stale=1`: stale figures only."""
        self.stale_only.setChecked(bool(filters.get("stale")))
        self.search.clear()
        self._apply()

    def load_record(self, reg: Any, record_id: Any) -> dict[str, Any]:
        found = indicators.list_indicators(reg, today=self.ctx.today(), ids=[record_id])
        if not found:
            raise ReadinessError(f"no figure with id {record_id}")
        row = found[0]
        for key in NUMBER_FIELDS:
            row[key] = "" if row[key] is None else f"{row[key]:g}"
        row["history"] = "; ".join(f"{label}: {value:g}" if label else f"{value:g}" for label, value in row["history"])
        return row

    def label_of(self, record: dict[str, Any]) -> str:
        return record["name"]

    def defaults(self) -> dict[str, Any]:
        return {"better": "higher", "data_date": self.ctx.today().isoformat()}

    def create_fn(self, values: dict[str, Any]):
        indicators.checked(values)  # a bad number or unit is shown under the form at once
        return lambda reg: indicators.create(reg, **values)

    def update_fn(self, record_id: Any, values: dict[str, Any]):
        indicators.checked({**self.values(), **values})  # the whole form must hold; only `values` are written
        return lambda reg: indicators.update(reg, record_id, **values)

    def delete_fn(self, record_id: Any):
        return lambda reg: indicators.delete(reg, record_id)

    def set_months(self) -> None:
        months = self.months.value()
        if months == indicators.stale_months(self.ctx.read):
            return
        self.ctx.write(
            lambda reg: indicators.set_stale_months(reg, months),
            "changing when figures go stale",
            on_done=lambda _r: self.ctx.notice.emit(f"Figures are stale after {counted(months, 'month')}"),
        )

    def import_figures(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "Figures to import", "", "Spreadsheets (*.xlsx *.csv)")
        if not path:
            return
        from readiness_app.interop.importers.indicators import import_indicators

        self.ctx.write(
            lambda reg: import_indicators(reg, path),
            "importing figures",
            on_done=lambda result: self.ctx.notice.emit(result.summary()),
        )


PAGE = FiguresPage
