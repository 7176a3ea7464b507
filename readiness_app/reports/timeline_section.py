"""The assessment timeline as a section of the readiness checklist: every milestone, its owner and status."""

from __future__ import annotations

from reportlab.lib import colors

from readiness_app.register import timeline
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date
from readiness_app.reports import flowables as F
from readiness_app.reports.options import ReportOptions

DONE_FILL, LATE_FILL = colors.HexColor("#DCEFDD"), colors.HexColor("#F8DCD9")


def load(reg: Register, options: ReportOptions) -> tuple[list[dict], dict | None]:
    """The milestones and the next one, read before the document is drawn."""
    return timeline.milestones(reg, options.today), timeline.next_milestone(reg, options.today)


def flowables(loaded: tuple[list[dict], dict | None], options: ReportOptions) -> list:
    """A heading and a table: date, milestone, whose (council's or CQC's), owner, status; past and not done
    in red, done in green (and the status says so in words)."""
    milestones, upcoming = loaded
    rows, style = [], []
    today = options.today.isoformat()
    for n, m in enumerate(milestones, start=1):
        when = long_date(m["date"]) if m["date"] else "no date yet"
        if m["end"] and m["end"] != m["date"]:
            when += f" to {long_date(m['end'])}"
        rows.append([when, m["title"], m["whose_label"], m["owner"] or "", m["status_label"]])
        if m["status"] == "done":
            style.append(("BACKGROUND", (4, n), (4, n), DONE_FILL))
        elif m["date"] and (m["end"] or m["date"]) < today:
            style.append(("BACKGROUND", (4, n), (4, n), LATE_FILL))
    out: list = [F.space(4), F.keep_space(60), F.heading("Assessment timeline", 1, keep_with_next=False)]
    widths = [0.24, 0.36, 0.09, 0.19, 0.12]
    out.append(F.table(rows, ["Date", "Milestone", "Whose", "Owner", "Status"], widths, extra_style=style))
    if upcoming:
        out.append(F.para(f"Next: {upcoming['title']}, {long_date(upcoming['date'])}.", "small"))
    return out
