"""The dashboard's pictures strip: coverage heat map, next-milestone countdown, readiness over time.

Everything comes from the summary the dashboard has already read, plus two
small register reads (key dates, the readiness history). The chart's last bar
is today as it is now; earlier days are the snapshots the app keeps after each
change (`AppContext.keep_readiness`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from readiness_app.ui.pages.coverage_map import CoverageMap
from readiness_app.ui.pages.readiness_chart import CHART_DAYS, Countdown, ReadinessChart, next_milestone


def caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("font-weight: 600;")  # the palette's text colour, so high contrast keeps it
    label.setBuddy(buddy)
    return label


class DashboardPictures(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dashboard_pictures")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 0)
        left = QVBoxLayout()
        self.coverage = CoverageMap()
        self.coverage.open_cell.connect(lambda qs, cat: ctx.navigate("evidence", qs=qs, category=cat))
        left.addWidget(caption("Evidence &coverage: accepted items per QS and category", self.coverage))
        left.addWidget(self.coverage)
        left.addStretch(1)
        right = QVBoxLayout()
        self.countdown = Countdown()
        right.addWidget(caption("Next milestone", self.countdown))
        right.addWidget(self.countdown)
        self.chart = ReadinessChart()
        right.addWidget(
            caption(f"&Readiness over {CHART_DAYS} days: red cross-hatched, amber striped, green plain", self.chart)
        )
        right.addWidget(self.chart)
        right.addStretch(1)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    def show_summary(self, data: dict[str, Any]) -> None:
        from readiness_app.framework import current
        from readiness_app.register import assessment, readiness_history

        reg, today = self.ctx.read, self.ctx.today()
        self.coverage.set_data(data["quality_statements"], [(c.id, c.name) for c in current().categories])
        self.countdown.set_milestone(next_milestone(milestones(assessment.get(reg), data), today))
        rag = data["rag"]
        rows = [r for r in readiness_history.history(reg, days=CHART_DAYS, today=today) if r[0] != today.isoformat()]
        rows.append((today.isoformat(), rag["red"], rag["amber"], rag["green"]))  # today as it is now
        self.chart.set_history(rows, today)


def milestones(info: dict[str, Any], data: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The dates worth counting down to, from the assessment's key dates and the visit days."""
    onsite = [d["date"] for d in data.get("visit_days", []) if d["kind"] == "onsite"]
    fa = ((data.get("visit") or {}).get("factual_accuracy") or {}).get("deadline")
    return [
        ("Information return due", info.get("lair_due_date")),
        ("On-site visit", onsite[0] if onsite else None),
        ("Last on-site day", onsite[-1] if len(onsite) > 1 else None),
        ("Factual accuracy comments due", fa),
    ]
