"""The improvement plan as a PDF (builder for `report improvement-plan`).

Shaped like published council plans (Durham's, for one): a short front page
with the published outcome, a RAG key and counts; then one landscape section
per CQC theme with a table of actions: reference, action (with progress
notes), H/M/L, lead, target date, RAG and the board that oversees it.
Actions tied to no theme come first, as "Across the themes".
"""

from __future__ import annotations

from typing import Any

from readiness_app.framework import current
from readiness_app.register import improvement, outcome
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date

# RAG colours: background, text. The word is always printed too, so it reads in greyscale.
RAG_COLOURS = {
    "complete": ("#1F5F8B", "#FFFFFF"),
    "on_track": ("#2E7D32", "#FFFFFF"),
    "overdue": ("#C62828", "#FFFFFF"),
    "at_risk": ("#E65100", "#FFFFFF"),
    "no_date": ("#FFE082", "#1B1B1B"),
    "not_started": ("#D9D9D9", "#1B1B1B"),
}


def _rag_cell(rag: str) -> Any:
    from readiness_app.reports import flowables as F

    _, text = RAG_COLOURS[rag]
    return F.markup(f'<font color="{text}"><b>{F.esc(improvement.RAG[rag])}</b></font>', "cell")


def _rag_styles(rags: list[str], column: int) -> list[tuple]:
    """Colour the RAG cell of each body row (row 0 is the header)."""
    from reportlab.lib import colors

    return [
        ("BACKGROUND", (column, row), (column, row), colors.HexColor(RAG_COLOURS[rag][0]))
        for row, rag in enumerate(rags, start=1)
    ]


def _short(iso: str | None) -> str:
    if not iso:
        return "not set"
    from datetime import date

    day = date.fromisoformat(iso)
    return f"{day.day} {day:%b %Y}"


def build(reg: Register, options: Any) -> Any:
    from readiness_app.reports import flowables as F
    from readiness_app.reports.options import Story

    today = options.today
    actions = improvement.list_actions(reg, today=today)
    result = outcome.show(reg)
    story: list = F.title_block(
        "Improvement plan",
        f"{options.council}: part B from the previous report, part A readiness before the next visit",
    )

    facts = []
    if result["published_rating"]:
        when = f", published {long_date(result['published_date'])}" if result["published_date"] else ""
        facts.append(("Previous assessment", f"{result['published_rating']}{when}"))
    pub = result["published"]
    if pub["state"] != "incomplete":
        facts.append(("Published scores", f"{pub['total']}/{pub['maximum']} ({pub['percent']}%)"))
    if result["over_rated"]:
        facts.append(("Scored lower by CQC than by us", ", ".join(result["over_rated"])))
    boards = sorted({a["board"] for a in actions if a["board"]})
    if boards:
        facts.append(("Governance", "; ".join(boards)))
    facts.append(("RAG as at", long_date(today)))
    story.append(F.facts(facts, key_width=0.3))
    story.append(F.space(4))

    story.append(F.heading("Progress at a glance", 0))
    counts = {rag: sum(1 for a in actions if a["rag"] == rag) for rag in improvement.RAG}
    meanings = {
        "complete": "the action is done",
        "on_track": "under way and expected by its target date",
        "overdue": "the target date has passed and the action is not complete",
        "at_risk": "its lead reports it may miss its target date or not deliver",
        "no_date": "no target date: it cannot be on track until it has one",
        "not_started": "not yet started; the target date is still ahead",
    }
    key_rows = [(_rag_cell(rag), str(counts[rag]), meanings[rag]) for rag in meanings]
    story.append(
        F.table(
            key_rows,
            ["RAG", "Actions", "Meaning"],
            [0.2, 0.12, 0.68],
            extra_style=_rag_styles(list(meanings), 0),
            zebra=False,
        )
    )
    theme_rows = []
    for theme in current().themes:
        mine = [a for a in actions if a["theme"] == theme.id]
        theme_rows.append(
            (
                theme.name,
                len(mine),
                sum(a["rag"] == "overdue" for a in mine),
                sum(a["rag"] == "complete" for a in mine),
                sum(a["priority"] == "H" for a in mine),
            )
        )
    story.append(F.space(3))
    story.append(
        F.table(
            theme_rows, ["CQC theme", "Actions", "Overdue", "Complete", "High priority"], [0.44, 0.14, 0.14, 0.14, 0.14]
        )
    )

    groups = []
    for part, part_label in improvement.PART.items():  # part B (the report) first, then part A (readiness)
        in_part = [a for a in actions if a["part"] == part]
        groups.append((part_label, "Across the themes", [a for a in in_part if not a["theme"]]))
        groups += [(part_label, t.name, [a for a in in_part if a["theme"] == t.id]) for t in current().themes]
    first = True
    for part_label, name, mine in groups:
        if not mine:
            continue
        story += F.switch_page("landscape") if first else [F.space(6)]
        first = False
        title = name if name == "Across the themes" else f"Theme: {name}"
        story.append(F.heading(f"{part_label}. {title}", 0))
        rows = []
        for a in mine:
            action = a["description"]
            if a["qs"]:
                action += "\nQS: " + ", ".join(f"{q} {current().qs(q).name}" for q in a["qs"])
            if a["findings"]:
                action += f"\nAddresses {len(a['findings'])} finding{'s' if len(a['findings']) > 1 else ''}"
            if a["progress"]:
                action += "\nProgress: " + a["progress"]
            rows.append(
                (
                    a["reference"],
                    action,
                    a["priority"],
                    a["lead"],
                    _short(a["target_date"]),
                    _rag_cell(a["rag"]),
                    a["board"] or "-",
                )
            )
        story.append(
            F.table(
                rows,
                ["Ref", "Action", "H/M/L", "Lead", "Target date", "RAG", "Governance"],
                [0.06, 0.44, 0.05, 0.15, 0.09, 0.09, 0.12],
                extra_style=_rag_styles([a["rag"] for a in mine], 5),
                zebra=False,
            )
        )
    if first:
        story.append(F.notice("No improvement actions have been recorded yet."))
    return Story(
        title="Improvement plan",
        subject=f"{options.council}: improvement plan after the CQC assessment",
        keywords=["CQC", "improvement plan"],
        flowables=story,
    )
