"""A small trend chart for one indicator, painted with QPainter (no chart library).

Earlier values to the latest as a line; the latest value as a dot, green when
it improved on the one before, red when it got worse; England's benchmark as a
dashed line and the target as a dotted one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

LINE, BENCHMARK, TARGET = QColor("#0b4f6c"), QColor("#6b6b6b"), QColor("#2e7d32")
TREND_COLOURS = {"improving": QColor("#2e7d32"), "worsening": QColor("#c62828")}


class TrendChart(QWidget):
    def __init__(self, indicator: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.indicator = indicator
        self.values = [v for _, v in indicator.get("history", []) if v is not None] + [indicator["value"]]
        labels = [p for p, _ in indicator.get("history", [])] + [indicator.get("period") or "latest"]
        trend = indicator.get("trend") or "no change"
        self.setAccessibleName(f"Trend of {indicator['name']}")
        self.setAccessibleDescription(", ".join(f"{p}: {v:g}" for p, v in zip(labels, self.values, strict=False)))
        self.setToolTip(f"{' → '.join(f'{v:g}' for v in self.values)} ({trend})")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(120, 36)

    def points(self) -> list[QPointF]:
        """Where each value is drawn (also what tests check)."""
        refs = [self.indicator.get("england"), self.indicator.get("target")]
        span = [v for v in self.values + refs if v is not None]
        low, high = min(span), max(span)
        if high == low:
            low, high = low - 1, high + 1
        pad = 5.0
        width, height = self.width() - 2 * pad, self.height() - 2 * pad
        step = width / max(1, len(self.values) - 1)
        self._scale = (low, high, pad, height)
        return [
            QPointF(pad + i * step if len(self.values) > 1 else self.width() / 2, self._y(v))
            for i, v in enumerate(self.values)
        ]

    def _y(self, value: float) -> float:
        low, high, pad, height = self._scale
        return pad + height - (value - low) / (high - low) * height

    def paintEvent(self, event) -> None:  # noqa: N802
        points = self.points()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for key, colour, style in (
            ("england", BENCHMARK, Qt.PenStyle.DashLine),
            ("target", TARGET, Qt.PenStyle.DotLine),
        ):
            if self.indicator.get(key) is not None:
                painter.setPen(QPen(colour, 1, style))
                y = self._y(self.indicator[key])
                painter.drawLine(QPointF(0, y), QPointF(self.width(), y))
        painter.setPen(QPen(LINE, 1.6))
        for a, b in zip(points, points[1:], strict=False):
            painter.drawLine(a, b)
        colour = TREND_COLOURS.get(self.indicator.get("trend") or "", LINE)
        painter.setPen(QPen(colour, 1))
        painter.setBrush(colour)
        painter.drawEllipse(points[-1], 3.2, 3.2)
        painter.end()
