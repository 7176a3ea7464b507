"""The information return's submission index as a PDF (builder for `report information-return`).

A front block with the due date and counts, then one table in CQC's numbering:
item, title and QS, the answer (files with references, sections, links, reasons
for "not held") and status. An answer whose file has gone is printed with the
problem in capitals, never left out.
"""

from __future__ import annotations

from typing import Any

from readiness_app.register import information_return as ir
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date


def build(reg: Register, options: Any) -> Any:
    from readiness_app.reports import flowables as F
    from readiness_app.reports.audience import sees
    from readiness_app.reports.options import Story

    internal = sees(options.audience).internal_status  # CQC's copy: the index, no status or to-do
    items = ir.items_in_order(reg, options.today)
    counts = ir.counts(reg)
    story: list = F.title_block("Information return", f"{options.council}: submission index")
    status = ", ".join(f"{n} {ir.ITEM_STATUS[k].lower()}" for k, n in counts["by_status"].items())
    facts = [
        ("Return due", long_date(counts["due_date"]) or "not set"),
        ("Items", f"{counts['total']} ({status})" if internal else str(counts["total"])),
    ]
    if internal:
        facts += [
            ("Not yet answered", str(counts["unanswered"])),
            ("Answers whose file is missing", str(counts["missing_files"])),
        ]
    facts.append(("As at", long_date(options.today)))
    story.append(F.facts(facts, key_width=0.3))
    story.append(F.space(4))
    if counts["missing_files"] and internal:
        story.append(F.notice("Some answers point at files that are missing; they are marked FILE MISSING below."))
        story.append(F.space(3))
    if not items:
        story.append(F.notice("No request list has been imported yet."))
    rows: list[tuple[str, ...]] = []
    for item in items:
        what = item["title"] + (f"\n{', '.join(item['qs'])}" if item["qs"] else "")
        if internal:
            answer = "\n".join(a["text"] for a in item["answers"]) or "NOT ANSWERED"
            rows.append((item["number"], what, answer, ir.ITEM_STATUS[item["status"]]))
        else:
            answer = "\n".join(ir.answer_text({**a, "problem": ""}) for a in item["answers"]) or "No answer provided"
            rows.append((item["number"], what, answer))
    if rows:
        story.append(F.keep_space(40))  # the heading stays with the table's first rows, not the whole table
        story.append(F.heading("Submission index", 0, keep_with_next=False))
        if internal:
            story.append(F.table(rows, ["Item", "Requested", "Answer", "Status"], [0.08, 0.34, 0.46, 0.12]))
        else:
            story.append(F.table(rows, ["Item", "Requested", "Answer"], [0.08, 0.38, 0.54]))
    return Story(
        title="Information return",
        subject=f"{options.council}: information return submission index",
        keywords=["CQC", "information return", "LAIR"],
        flowables=story,
    )
