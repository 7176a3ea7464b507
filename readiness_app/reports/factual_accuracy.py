"""The factual accuracy submission as a PDF (builder for `report fa-submission`).

Landscape, one table of numbered points in the order entered: where in the
draft (section, page, paragraph), type of correction, what the draft says, the
proposed wording and the supporting evidence ("no evidence attached" when there
is none). Long wording prints in full, a row running on across pages.

Printed for CQC (the default) it carries nothing internal. Printed for the
council, points still missing something (no proposed wording, an inaccuracy
with no evidence) are listed first under "before you submit", so the file is
never sent with gaps unnoticed.
"""

from __future__ import annotations

from typing import Any

from readiness_app.register import accuracy
from readiness_app.register.connection import Register
from readiness_app.register.evidence import evidence_name
from readiness_app.register.validation import long_date


def build(reg: Register, options: Any) -> Any:
    from readiness_app.reports import flowables as F
    from readiness_app.reports.audience import sees
    from readiness_app.reports.options import Story

    internal = sees(options.audience).internal_status
    points = accuracy.list_points(reg)
    info = accuracy.deadline(reg, options.today)
    story: list = F.title_block(
        "Factual accuracy response",
        f"{options.council}: points of factual accuracy in CQC's draft assessment report",
    )
    facts = [
        ("Draft report received", long_date(info["received"]) or "not recorded"),
        ("Response due", f"{long_date(info['deadline'])} (10 working days)" if info["deadline"] else "-"),
        ("Points raised", str(len(points))),
    ]
    for key, label in accuracy.CORRECTION_TYPE.items():
        count = sum(1 for p in points if p["correction_type"] == key)
        facts.append((label, str(count)))
    story.append(F.facts(facts, key_width=0.3))
    story.append(F.space(4))

    needs = [p for p in points if p["flags"]]
    if needs and internal:
        story.append(F.heading("Before you submit (for the council, not for CQC)", 0))
        story.append(
            F.table(
                [(p["number"], p["section"], "; ".join(p["flags"]), p["owner"] or "-") for p in needs],
                ["No.", "Section", "Still needed", "Owner"],
                [0.06, 0.34, 0.4, 0.2],
            )
        )
    if not points:
        # Said on the first page: a landscape page holding one line wastes paper and looks broken.
        story.append(F.heading("Points for CQC", 0))
        story.append(F.notice("No factual accuracy points have been recorded yet."))
    else:
        story += F.switch_page("landscape")
        story.append(F.heading("Points for CQC", 0))
        rows = []
        for p in points:
            # CQC reads this: an item without a reference is named by its title, never the register's row id.
            evidence = "\n".join(evidence_name(e) for e in p["evidence"])
            evidence = evidence or "no evidence attached"
            rows.append(
                (
                    p["number"],
                    accuracy.where_in_report(p),
                    p["type_label"],
                    p["draft_wording"] or "-",
                    p["proposed_wording"] or "-",
                    evidence,
                )
            )
        story.append(
            F.table(
                rows,
                [
                    "No.",
                    "Where in the draft",
                    "Type",
                    "The draft report says",
                    "Proposed wording",
                    "Supporting evidence",
                ],
                [0.04, 0.14, 0.12, 0.26, 0.26, 0.18],
            )
        )
    return Story(
        title="Factual accuracy response",
        subject=f"{options.council}: factual accuracy points on CQC's draft report",
        keywords=["CQC", "factual accuracy"],
        flowables=story,
    )
