"""Two self-assessments side by side, for a board paper (builder for `report snapshot-comparison`).

options.extra["a"] names the earlier snapshot (id or label), options.extra["b"]
the later one (blank = the self-assessment now). A summary table of scores per
QS against CQC's published baseline, then a section per QS that changed: each
changed text side by side, removed words struck through in red on the left,
added words underlined in green on the right.
"""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register import snapshots
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date

REMOVED, ADDED = "#B71C1C", "#1B5E20"


def _side(diff: list[tuple[str, str]], keep: str) -> str:
    """One side of a word diff as paragraph markup: 'removed' pieces on the left, 'added' on the right."""
    from readiness_app.reports import flowables as F

    parts = []
    for op, text in diff:
        if op == "same":
            parts.append(F.esc(text))
        elif op == keep == "removed":
            parts.append(f'<font color="{REMOVED}"><strike>{F.esc(text)}</strike></font>')
        elif op == keep == "added":
            parts.append(f'<font color="{ADDED}"><u><b>{F.esc(text)}</b></u></font>')
    return "".join(parts) or "<i>(blank)</i>"


def _score(value: Any) -> str:
    return "-" if value is None else str(value)


def _change(value: int | None) -> str:
    if value is None:
        return ""
    return "no change" if value == 0 else f"{value:+d}"


def _label(side: dict[str, Any]) -> str:
    return f"{side['label']} ({long_date(side['taken_on'])})"


def build(reg: Register, options: Any) -> Any:
    from readiness_app.reports import flowables as F
    from readiness_app.reports.options import Story

    a = options.extra.get("a")
    if a in (None, ""):  # printed from the Print page: the newest snapshot against now
        a = snapshots.newest_id(reg)
        if a is None:
            raise ReadinessError("there is no snapshot to compare yet", "take one first: `snapshot take REGISTER`")
    result = snapshots.compare(reg, a, options.extra.get("b"), today=options.today)
    left, right = _label(result["a"]), _label(result["b"])
    story: list = F.title_block("Self-assessment: what changed", f"{options.council}: {left} compared with {right}")
    story.append(
        F.facts(
            [
                ("Earlier", left),
                ("Later", right),
                ("Quality statements changed", f"{result['changed']} of {len(result['statements'])}"),
            ],
            key_width=0.3,
        )
    )
    story.append(F.space(3))
    story.append(F.heading("Scores against CQC's published baseline", 0))
    rows = [
        (
            f"{s['qs']} {s['name']}",
            _score(s["score_a"]),
            _score(s["score_b"]),
            _change(s["score_change"]),
            _score(s["published"]),
            snapshots.baseline_text(s["score_b"], s["published"]),
            "changed" if s["changed"] else "",
        )
        for s in result["statements"]
    ]
    story.append(
        F.table(
            rows,
            ["Quality statement", "Earlier", "Later", "Change", "CQC", "Later against CQC", "Text"],
            [0.34, 0.08, 0.08, 0.1, 0.07, 0.23, 0.1],
        )
    )
    changed = [s for s in result["statements"] if s["changed"]]
    if not changed:
        story.append(F.space(3))
        story.append(F.notice("Nothing changed between these two self-assessments."))
    first = True
    for s in changed:
        story += F.switch_page("landscape") if first else [F.space(5)]
        first = False
        story.append(F.heading(f"{s['qs']} {s['name']}", 0))
        story.append(
            F.para(
                f"Score {_score(s['score_a'])} to {_score(s['score_b'])}"
                f" ({_change(s['score_change']) or 'not scored'});"
                f" target {_score(s['target_a'])} to {_score(s['target_b'])};"
                f" {snapshots.baseline_text(s['score_b'], s['published'])}.",
                "small",
            )
        )
        text_rows = [
            (f["label"], F.markup(_side(f["diff"], "removed"), "cell"), F.markup(_side(f["diff"], "added"), "cell"))
            for f in s["fields"]
            if f["changed"]
        ]
        if text_rows:
            story.append(F.table(text_rows, ["", left, right], [0.14, 0.43, 0.43], zebra=False))
        else:
            story.append(F.para("The text is unchanged; only the scores moved.", "muted"))
    return Story(
        title="Self-assessment comparison",
        subject=f"{options.council}: self-assessment {left} compared with {right}",
        keywords=["CQC", "self-assessment", "comparison"],
        flowables=story,
    )
