"""The figures to know: indicators per quality statement, printed with a small trend chart.

Used by the interview packs (for each QS in focus) and the checklist (each QS
section). Charts are drawn with reportlab.graphics. A stale figure is printed
with STALE and its date in red, so nobody quotes an old number as current.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib.units import mm

from readiness_app.framework import current
from readiness_app.register import indicators
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date
from readiness_app.reports import flowables as F
from readiness_app.reports import styles as S

CHART_WIDTH, CHART_HEIGHT = 27 * mm, 10 * mm  # fits the Trend column (18% of a portrait frame)
BENCHMARK_NAMES = (("england", "England"), ("region", "Region"), ("comparator", "Comparator"))


def by_qs(reg: Register, today: date) -> dict[str, list[dict[str, Any]]]:
    """Every indicator, grouped by QS (one read for a whole document)."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in indicators.list_indicators(reg, today=today):
        grouped[row["qs"]].append(row)
    grouped["_months"] = [{"months": indicators.stale_months(reg)}]
    return grouped


def trend_chart(indicator: dict[str, Any]) -> Drawing:
    """Earlier values and the latest as a line; the England benchmark (if any) dashed; target dotted."""
    values = [v for _, v in indicator["history"] if v is not None] + [indicator["value"]]
    drawing = Drawing(CHART_WIDTH, CHART_HEIGHT)
    drawing.initialFontName = S.FAMILY  # else reportlab sets Helvetica first, and the PDF gains an unembedded font
    refs = [indicator.get("england"), indicator.get("target")]
    span = [v for v in values + refs if v is not None]
    low, high = min(span), max(span)
    if high == low:
        low, high = low - 1, high + 1
    pad = 2.5

    def y(value: float) -> float:
        return pad + (value - low) / (high - low) * (CHART_HEIGHT - 2 * pad)

    step = (CHART_WIDTH - 2 * pad) / max(1, len(values) - 1)
    points = [(pad + i * step if len(values) > 1 else CHART_WIDTH / 2, y(v)) for i, v in enumerate(values)]
    if indicator.get("england") is not None:
        drawing.add(
            Line(
                0,
                y(indicator["england"]),
                CHART_WIDTH,
                y(indicator["england"]),
                strokeColor=S.MUTED,
                strokeWidth=0.5,
                strokeDashArray=[2, 1.5],
            )
        )
    if indicator.get("target") is not None:
        drawing.add(
            Line(
                0,
                y(indicator["target"]),
                CHART_WIDTH,
                y(indicator["target"]),
                strokeColor=S.RAG["green"],
                strokeWidth=0.5,
                strokeDashArray=[0.6, 1.2],
            )
        )
    if len(points) > 1:
        flat = [c for p in points for c in p]
        drawing.add(PolyLine(flat, strokeColor=S.ACCENT, strokeWidth=1))
    colour = {"improving": S.RAG["green"], "worsening": S.CONFLICT}.get(indicator["trend"], S.ACCENT)
    x, last = points[-1]
    drawing.add(Circle(x, last, 1.6, fillColor=colour, strokeColor=colour))
    if len(values) == 1:
        drawing.add(String(2, 1, "no trend yet", fontName=S.FAMILY, fontSize=5.5, fillColor=S.MUTED))
    return drawing


def _benchmarks(indicator: dict[str, Any]) -> str:
    parts = [
        f"{label} {indicators.format_value(indicator[key], indicator['unit'])}"
        for key, label in BENCHMARK_NAMES
        if indicator.get(key) is not None
    ]
    if indicator.get("target") is not None:
        parts.append(f"Target {indicators.format_value(indicator['target'], indicator['unit'])}")
    return "\n".join(parts) or "none recorded"


def _latest(indicator: dict[str, Any]) -> Any:
    value = F.esc(indicators.format_value(indicator["value"], indicator["unit"]))
    text = f"<b>{value}</b>"
    if indicator["period"]:
        text += f"<br/>{F.esc(indicator['period'])}"
    if indicator["trend"]:
        text += f"<br/><i>{indicator['trend']}</i>"
    return F.markup(text, "cell")


def _data(indicator: dict[str, Any], months: int) -> Any:
    when = F.esc(long_date(indicator["data_date"]))
    source = F.esc(indicator["source"] or "source not given")
    cycle = indicators.CYCLE.get(indicator.get("cycle_used") or "", "")
    if indicator["stale"]:
        why = f"the next {cycle.lower()} figure is due" if cycle else f"over {months} months old"
        warning = f'<font color="{S.CONFLICT.hexval()}"><b>STALE</b>: data of {when}; {why}</font>'
        return F.markup(f"{warning}<br/>{source}", "cell")
    return F.markup(f"{when}{f' ({cycle.lower()})' if cycle else ''}<br/>{source}", "cell")


def figures_table(rows: list[dict[str, Any]], months: int) -> Any:
    better = {"higher": "higher is better", "lower": "lower is better"}
    data = [
        (
            F.markup(
                f"<b>{F.esc(r['name'])}</b><br/><i>{better.get(r['better'] or '', indicators.NO_DIRECTION)}</i>"
                + "".join(f"<br/><i>{F.esc(n)}</i>" for n in r["notes"] if n != indicators.NO_DIRECTION),
                "cell",
            ),
            _latest(r),
            _benchmarks(r),
            trend_chart(r),
            _data(r, months),
        )
        for r in rows
    ]
    return F.table(
        data, ["Figure", "Latest", "Benchmarks", "Trend", "Date of data, source"], [0.3, 0.14, 0.18, 0.18, 0.2]
    )


def figures_to_know(
    grouped: dict[str, list[dict[str, Any]]], qs_ids: list[str], *, level: int = 1, bookmark: bool = True
) -> list:
    """'Figures to know' for the given QS: a heading (bookmarked unless told not), then a table per QS."""
    fw = current()
    months = grouped.get("_months", [{"months": indicators.DEFAULT_STALE_MONTHS}])[0]["months"]
    wanted = [q for q in qs_ids if q in fw.qs_ids]
    if not wanted:
        return []
    title = F.heading("Figures to know", level) if bookmark else F.para("Figures to know", "h1" if level == 0 else "h2")
    out: list = [title]
    for qid in wanted:
        rows = grouped.get(qid, [])
        if len(wanted) > 1:
            out.append(F.subheading(f"{qid} {fw.qs(qid).name}"))
        if not rows:
            out.append(F.para("No figures recorded for this statement yet.", "muted"))
            continue
        stale = sum(r["stale"] for r in rows)
        if stale:
            out.append(
                F.notice(f"{stale} of these figures {'is' if stale == 1 else 'are'} stale: refresh before quoting.")
            )
        out.append(figures_table(rows, months))
    return out


def legend() -> Any:
    return F.para("Trend: earlier values to the latest (dot); dashed line England, dotted line target.", "small")
