"""The dashboard's line for the information return, the figures and the self-assessment versions.

Plain HTML from three cheap counts (no Qt import: the dashboard draws at start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from readiness_app.register import snapshots
from readiness_app.register.connection import Register
from readiness_app.ui.colours import WARNING_TEXT

BACKGROUND = "#eef3f7"  # a box of its own, like the day boxes below it


def tile_html(reg: Register, today: date, link: Callable[[object, str], str]) -> str:
    from readiness_app.register import indicators
    from readiness_app.register import information_return as ir
    from readiness_app.register.validation import long_date

    parts = []
    c = ir.counts(reg)
    if c["total"]:
        ready = c["by_status"]["ready"] + c["by_status"]["submitted"]
        text = (
            f"<b>Information return</b>: {link(c['total'], 'information_return')} items, {ready} ready or submitted, "
        )
        text += f"{link(c['unanswered'], 'information_return?unanswered=1')} unanswered"
        if c["missing_files"]:
            n = c["missing_files"]
            missing = link(f"{n} answer{'s' if n != 1 else ''} with a missing file", "information_return?missing=1")
            text += f", <span style='color:{WARNING_TEXT}'><b>{missing}</b></span>"
        if c["due_date"]:
            text += f" (due {long_date(c['due_date'])})"
        parts.append(text)
    figures = indicators.counts(reg, today)
    if figures["total"]:
        text = f"<b>Figures</b>: {link(figures['total'], 'figures')}"
        if figures["stale"]:
            stale = link(f"{figures['stale']} stale", "figures?stale=1")
            age = f"data over {figures['stale_months']} months old"
            text += f", <span style='color:{WARNING_TEXT}'><b>{stale}</b></span> ({age})"
        parts.append(text)
    taken = snapshots.count(reg)
    if taken:
        parts.append(f"<b>Self-assessment snapshots</b>: {link(taken, 'snapshots')}")
    if not parts:
        return ""
    cell = "<br>".join(parts)
    return (
        f"<table width='100%' cellspacing='8' cellpadding='8'><tr><td bgcolor='{BACKGROUND}'>{cell}</td></tr></table>"
    )
