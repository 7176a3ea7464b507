"""The dashboard's line about the assessment timeline: the next milestone and the working days left.

`preload(ctx)` loads the bank holidays on the reader thread once the window is up, then
refreshes the page on show, so the first drawing of the dashboard never waits for them.
"""

from __future__ import annotations

from datetime import date

from readiness_app import clock
from readiness_app.register import timeline
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date
from readiness_app.ui.plain_text import escape


def html(reg: Register, today: date) -> str:
    """'Next milestone: Case list due to CQC, Fri 4 Dec 2026 (5 working days left), owner ...' ("" if none)."""
    upcoming = timeline.next_milestone(reg, today)
    if upcoming is None:
        return ""
    from readiness_app.register import workdays

    start = upcoming["date"]
    title = escape(upcoming["title"])
    if start <= today.isoformat():
        when = "<b>today</b>" if not upcoming["end"] or upcoming["end"] == start else "<b>under way</b>"
    elif workdays.years_ready(today.year, int(start[:4])):
        left = workdays.working_days_between(today, start)
        when = f"{long_date(start)} (<b>{left} working day{'s' if left != 1 else ''} left</b>)"
    else:
        # The bank holiday tables take ~0.3 s to load: the window loads them once drawn, then redraws this.
        days = (date.fromisoformat(start) - today).days
        when = f"{long_date(start)} (in {days} day{'s' if days != 1 else ''})"
    owner = f", owner {escape(upcoming['owner'])}" if upcoming["owner"] else ""
    link = '<a href="timeline" style="color:#0b4f8a;">timeline</a>'
    return f"<p style='font-size:11pt'>Next milestone: <b>{title}</b>, {when}{owner} &nbsp; ({link})</p>"


def preload(ctx, when_loaded) -> None:
    """Load the bank holiday tables off the GUI thread, then call `when_loaded()` (not at all if already loaded)."""
    from readiness_app.register import workdays

    this = clock.today().year
    if workdays.years_ready(this, this + 1):
        return

    def load(_reg) -> None:
        for year in (this, this + 1):
            workdays.load().year(year)

    ctx.reader.submit(load, description="loading the bank holidays", on_done=lambda _r: when_loaded())
