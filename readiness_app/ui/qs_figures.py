"""Beside a QS's self-assessment: CQC's published baseline, progress against the previous report
(its findings, the actions that address them and the evidence of change), the rating rubric and
the figures to know.

One widget for the Quality statements page: `show(reg, qs_id, score, today)`.
Each figure has its value, benchmarks and a small trend chart; a stale figure
says so in red.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from readiness_app.register.connection import Register
from readiness_app.ui.colours import WARNING_TEXT
from readiness_app.ui.trend_chart import TrendChart


def _label(html: str, name: str = "") -> QLabel:
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    if name:
        label.setAccessibleDescription(name)
    return label


class QsFigures(QScrollArea):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("qs_figures")
        self.setAccessibleName("Baseline, rating characteristics and figures")
        self.setWidgetResizable(True)
        self.charts: list[TrendChart] = []
        self.text_parts: list[str] = []
        self._clear()

    def _clear(self) -> None:
        """A fresh inner widget each time (setWidget deletes the old one with everything on it)."""
        self.inner = QWidget()
        self.layout_ = QVBoxLayout(self.inner)
        self.layout_.setContentsMargins(4, 4, 4, 4)
        self.setWidget(self.inner)
        self.charts = []

    def show_qs(self, reg: Register, qs_id: str, score: int | None, published: int | None, today: date) -> None:
        from readiness_app.framework import current
        from readiness_app.register import indicators, rating_characteristics, snapshots

        self._clear()
        self.text_parts = []
        baseline = snapshots.baseline_text(score, published)
        self._add(_label(f"<b>Against CQC's last assessment</b>: {escape(baseline)}", "Baseline"))
        self._progress(reg, qs_id, today)
        rubric = rating_characteristics.for_qs(reg, qs_id)
        if rubric:
            labels = current().score_labels
            lines = "".join(
                f"<p style='margin:2px 0'>{'<b>' if c['score'] == score else ''}{c['score']} "
                f"{escape(labels.get(c['score'], ''))}{' (your score)' if c['score'] == score else ''}"
                f"{'</b>' if c['score'] == score else ''}: {escape(c['description'])}</p>"
                for c in rubric
            )
            status = rating_characteristics.STATUS.get(rubric[0]["status"], rubric[0]["status"])
            source = f"<span style='color:#555'>{escape(status)}. {escape(rubric[0]['source'])}</span>"
            self._add(_label(f"<b>What each rating looks like</b>{lines}{source}", "Rating characteristics"))
        rows = indicators.list_indicators(reg, today=today, qs=qs_id)
        months = indicators.stale_months(reg)
        self._add(_label(f"<b>Figures to know</b> ({len(rows)})", "Figures heading"))
        if not rows:
            self._add(_label("<i>No figures for this statement yet: add or import them on the Figures page.</i>"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        for n, row in enumerate(rows):
            grid.addWidget(_label(self._figure_html(row, months), row["name"]), n, 0)
            chart = TrendChart(row)
            self.charts.append(chart)
            grid.addWidget(chart, n, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        self.layout_.addLayout(grid)
        self.layout_.addStretch(1)

    def _progress(self, reg: Register, qs_id: str, today: date) -> None:
        """The previous report's findings for this QS: each with its actions' RAG and its evidence of change."""
        from readiness_app.register import progress

        view = progress.per_qs(reg, today=today, qs=qs_id)[0]
        if not view["findings"]:
            return
        lines = []
        for f in view["findings"]:
            page = f" (p. {escape(f['page'])})" if f["page"] else ""
            parts = [f"<b>{escape(f['kind_label'])}</b>: {escape(f['text'])}{page}"]
            if f["actions"]:
                parts.append("actions " + ", ".join(f"{escape(a['reference'])} {escape(a['rag_label'].lower())}"
                                                    for a in f["actions"]))  # fmt: skip
            elif f["kind"] == "improve":
                parts.append(f"<b style='color:{WARNING_TEXT}'>no action</b>")
            if f["evidence"]:
                parts.append(f"{len(f['evidence'])} evidence of change")
            elif f["kind"] == "improve":
                parts.append(f"<b style='color:{WARNING_TEXT}'>no evidence of change</b>")
            lines.append(f"<p style='margin:2px 0'>{' · '.join(parts)}</p>")
        self._add(_label(f"<b>Progress against the previous report</b>{''.join(lines)}", "Progress"))

    def _add(self, widget: QLabel) -> None:
        self.text_parts.append(widget.text())
        self.layout_.addWidget(widget)

    def _figure_html(self, row: dict[str, Any], months: int) -> str:
        from readiness_app.register import indicators
        from readiness_app.register.validation import long_date

        value = indicators.format_value(row["value"], row["unit"])
        bench = [
            f"{name} {indicators.format_value(row[key], row['unit'])}"
            for key, name in (("england", "England"), ("region", "region"), ("comparator", "comparator"))
            if row[key] is not None
        ]
        extra = f" · {', '.join(bench)}" if bench else ""
        when = f"{escape(row['period'] or '')}, data of {long_date(row['data_date'])}"
        stale = f" <b style='color:{WARNING_TEXT}'>{indicators.stale_label(row, months)}</b>" if row["stale"] else ""
        html = f"{escape(row['name'])}: <b>{escape(value)}</b>{escape(extra)}<br><small>{when}{stale}</small>"
        self.text_parts.append(html)
        return html

    def text(self) -> str:
        """Everything shown, as one string (for tests and screen readers)."""
        from html import unescape
        from re import sub

        return " ".join(unescape(sub(r"<[^>]+>", " ", " ".join(self.text_parts))).split()).replace(" :", ":")
