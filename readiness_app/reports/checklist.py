"""The readiness checklist: one summary page for leaders, then a section per QS.

The summary is landscape so the nine-row coverage table (QS x evidence
category) reads across one line per QS; the QS sections are portrait, like the
rest of a briefing folder.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from readiness_app.framework import current
from readiness_app.register import assessment, evidence, gaps, people, readiness, self_assessment, sessions
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date
from readiness_app.register.vocabulary import EVIDENCE_STATUS, GAP_STATUS, PRESENCE, SEVERITY
from readiness_app.reports import checklist_versions as versions
from readiness_app.reports import figures, statements, timeline_section
from readiness_app.reports import flowables as F
from readiness_app.reports.options import ReportOptions, Story
from readiness_app.reports.pack_sections import previous_score

TITLE = "Readiness checklist"
NARRATIVE_EXCERPT = 900  # characters of the self-assessment narrative printed per QS
SIGN_OFF = (
    "Evidence in every category checked and current",
    "Every open gap has an owner and a due date",
    "Self-assessment narrative and score agreed",
    "Interview sessions cover this statement and attendees are briefed",
    "Signed off by the quality statement lead",
)


def _evidence_note(item: dict[str, Any]) -> str:
    """What needs doing about an item; blank when it is fine."""
    if item["presence"] == "missing":
        return "MISSING: file not in the evidence folder"
    if item["presence"] in ("unreadable", "not_downloaded"):
        return PRESENCE[item["presence"]].upper()
    if item["status"] == "inbox":
        return "In the inbox: not yet reviewed"
    if item["presence"] == "duplicate":
        return "Duplicate copy"
    return ""


def _needs_attention(item: dict[str, Any]) -> bool:
    return item["presence"] not in ("present", "duplicate") or item["status"] == "inbox"


def _cases_line(data: dict[str, Any]) -> str:
    text = (
        f"{data['counts']['cases']} on the list; {data['cases_awaiting_consent']} shortlisted cases "
        "still without consent"
    )
    if data.get("cases_declined"):
        text += f"; consent declined for {', '.join(data['cases_declined'])}: promote a reserve"
    if data.get("sessions_on_withdrawn_cases"):
        text += f"; {len(data['sessions_on_withdrawn_cases'])} sessions still linked to a withdrawn case"
    return text


def _dates_line(data: dict[str, Any]) -> str:
    """Notification, information return and on-site dates (the timeline's milestones so far)."""
    info = data["dates"]
    onsite = [d["date"] for d in data["visit_days"] if d["kind"] == "onsite"]
    virtual = [d["date"] for d in data["visit_days"] if d["kind"] == "virtual"]
    parts = [
        f"notified {long_date(info['notification'])}" if info.get("notification") else "notification date not set",
        f"information return due {long_date(info['lair_due'])}" if info.get("lair_due") else "no return date",
    ]
    if onsite:
        days = data["days_to_onsite"]
        when = (
            "today"
            if days == 0
            else f"in {days} day{'s' if days != 1 else ''}"
            if days and days > 0
            else f"{-days} day{'s' if days != -1 else ''} ago"
        )
        first = long_date(onsite[0]).rsplit(" ", 1)[0] if onsite[0][:4] == onsite[-1][:4] else long_date(onsite[0])
        parts.append(f"on site {first} to {long_date(onsite[-1])}, starting {when}")
        if virtual:
            parts.append("virtual " + ", ".join(long_date(d) for d in virtual))
    else:
        parts.append("on-site dates not set")
    return " · ".join(parts)


def _summary_page(data: dict[str, Any], options: ReportOptions) -> list:
    fw = current()
    out: list = []
    subtitle = f"{options.council} · version {data['version']} · as at {long_date(options.today)}"
    out += F.document_title(TITLE, subtitle, bookmark="Summary")

    missing = []
    counts = data["counts"]
    if not counts["evidence"]:
        missing.append("no evidence items are in the register yet")
    if not counts["sessions"]:
        missing.append("no interview sessions are planned")
    if not data["visit_days"]:
        missing.append("the on-site dates are not set")
    if data["rating"]["state"] == "incomplete":
        missing.append("the self-assessment has no score for " + ", ".join(data["rating"]["missing"]))
    if missing:
        out.append(F.notice("Still to do: " + "; ".join(missing) + "."))

    rating = data["rating"]
    if rating["state"] == "incomplete":
        rating_text = "incomplete: no score yet for " + ", ".join(rating["missing"])
    else:
        rating_text = f"{rating['total']}/{rating['maximum']} = {rating['percent']:.1f}% " + (
            rating["band"] or rating["note"]
        )
    g = data["open_gaps"]
    out.append(
        F.facts(
            [
                ("Key dates", _dates_line(data)),
                ("Indicative rating", rating_text + " (from the council's own scores)"),
                (
                    "Evidence",
                    f"{counts['evidence']} items; {counts['inbox']} in the inbox awaiting review; "
                    f"{counts['missing']} missing from the folder; {counts['duplicates']} duplicates",
                ),
                ("Open gaps", f"{g['high']} high, {g['medium']} medium, {g['low']} low severity"),
                ("Timetable conflicts", f"{len(data['conflicts'])} double bookings" if data["conflicts"] else "none"),
                ("Cases", _cases_line(data)),
            ],
            key_width=0.18,
        )
    )
    out.append(F.space(4))
    out.append(F.keep_space(50))
    out.append(F.heading("Coverage by quality statement", 1, keep_with_next=False))
    headers = ["QS", "Quality statement"] + [c.name for c in fw.categories] + ["Sessions", "RAG", "Reasons"]
    rows, style = [], []
    for i, q in enumerate(data["quality_statements"], start=1):
        by_cat = q["evidence_by_category"]
        row = [q["qs"], q["name"]] + [str(by_cat.get(c.id, 0)) for c in fw.categories]
        row += [str(q["sessions"]), F.rag_cell(q["rag"]), "; ".join(q["reasons"]) or "ready"]
        rows.append(row)
        style += F.rag_style(q["rag"], len(fw.categories) + 3, i)
        for j, c in enumerate(fw.categories):
            if not by_cat.get(c.id, 0):  # an empty category is exactly a gap: shade it
                style.append(("BACKGROUND", (2 + j, i), (2 + j, i), F.S.ACCENT_LIGHT))
    cat_width = 0.32 / max(1, len(fw.categories))
    widths = [0.045, 0.17] + [cat_width] * len(fw.categories) + [0.06, 0.065, 0.34]
    out.append(F.table(rows, headers, widths, extra_style=style, zebra=False, first_column_bold=True))
    out.append(F.space(2))
    out.append(
        F.para(
            "Numbers are accepted or submitted evidence items whose file is in the folder; shaded cells have "
            "none. Red: an open high-severity gap, no evidence of people's experience, or two or more empty "
            "categories. Amber: one empty category, a medium gap, no session, or no score or narrative.",
            "small",
        )
    )
    return out


def _qs_section(
    q: dict[str, Any],
    sa: dict[str, Any],
    items: list[dict[str, Any]],
    open_gaps: list[dict[str, Any]],
    covering: list[dict[str, Any]],
    limit: int,
) -> list:
    fw = current()
    statement = fw.qs(q["qs"])
    out: list = [F.heading(f"{statement.id} {statement.name}", 0)]
    out.append(F.para(f"Theme: {statement.theme.name}", "muted"))
    out += statements.wording(statement)
    if statement.focus:  # after CQC's words, and named as the app's own so nobody quotes it as CQC's
        out.append(F.para(f"This app's summary (not CQC's wording): {statement.focus}", "muted"))
    out.append(F.space(2))
    score = sa.get("score")
    target = sa.get("target")
    score_text = f"{score} ({fw.score_labels.get(score, '')})" if score else "not scored"
    target_text = f"{target} ({fw.score_labels.get(target, '')})" if target else "not set"
    reasons = "; ".join(q["reasons"]) or "ready"
    text_colour = F.S.RAG_TEXT.get(q["rag"], F.S.INK).hexval()
    rag_row = F.markup(f'<font color="{text_colour}"><b>{F.esc(q["rag"].upper())}</b>: {F.esc(reasons)}</font>', "cell")
    facts = F.facts(
        [
            ("Readiness", rag_row),
            *previous_score(sa, fw.score_labels),
            ("Self-assessed score", score_text),
            *([("Rating characteristic", sa["characteristic"])] if sa.get("characteristic") else []),
            ("Target", target_text),
            ("Lead", sa.get("owner") or "not named"),
        ],
        key_width=0.22,
    )
    if q["rag"] in F.S.RAG:
        facts.setStyle([("BACKGROUND", (1, 0), (1, 0), F.S.RAG[q["rag"]])])
    out.append(facts)

    narrative = (sa.get("narrative") or "").strip()
    out.append(F.subheading("Self-assessment narrative"))
    if narrative:
        excerpt = (
            narrative if len(narrative) <= NARRATIVE_EXCERPT else narrative[:NARRATIVE_EXCERPT].rsplit(" ", 1)[0] + " …"
        )
        out.append(F.para(excerpt))
    else:
        out.append(F.para("No narrative written yet.", "muted"))

    for key, label in (("strengths", "Strengths"), ("development", "Areas for development")):
        out.append(F.subheading(label))
        text = (sa.get(key) or "").strip()
        out.append(F.para(text) if text else F.para("Not written yet.", "muted"))

    out.append(F.heading(f"{statement.id} evidence", 1))
    by_category: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        by_category[item["category"]].append(item)
    groups: list[tuple[str | None, str]] = [(c.id, c.name) for c in fw.categories]
    if by_category.get(None):
        groups.append((None, "Not yet categorised"))
    for cat_id, cat_name in groups:
        group = by_category.get(cat_id, [])
        counted = q["evidence_by_category"].get(cat_id, 0) if cat_id else 0
        out.append(
            F.subheading(
                f"{cat_name}: {len(group)} item{'s' if len(group) != 1 else ''}"
                + (f", {counted} accepted and present" if cat_id else "")
            )
        )
        if not group:
            out.append(F.para("No evidence in this category: this is a gap.", "muted"))
            continue
        # Items needing action first, so a long category never hides them.
        ordered = sorted(group, key=lambda it: not _needs_attention(it))
        shown = ordered[:limit]
        rows = [
            [it["reference"] or "", it["title"], EVIDENCE_STATUS.get(it["status"], it["status"]), _evidence_note(it)]
            for it in shown
        ]
        style = [
            ("TEXTCOLOR", (3, i), (3, i), F.S.CONFLICT)
            for i, it in enumerate(shown, start=1)
            if it["presence"] == "missing"
        ]
        out.append(F.table(rows, ["Reference", "Title", "Status", "Needs"], [0.14, 0.5, 0.14, 0.22], extra_style=style))
        if len(group) > len(shown):
            out.append(
                F.para(
                    f"… and {len(group) - len(shown)} more items in this category, not listed here "
                    "(see the evidence register).",
                    "small",
                )
            )

    out.append(F.heading(f"{statement.id} open gaps", 1))
    if open_gaps:
        rows = [
            [
                SEVERITY.get(g["severity"], g["severity"]),
                g["description"],
                g["owner"] or "not named",
                long_date(g["due_date"]) or "no date",
                GAP_STATUS.get(g["status"], g["status"]),
            ]
            for g in open_gaps
        ]
        style = []
        for i, g in enumerate(open_gaps, start=1):
            if g["severity"] == "high":
                style.append(("TEXTCOLOR", (0, i), (0, i), F.S.CONFLICT))
        out.append(
            F.table(
                rows, ["Severity", "Gap", "Owner", "Due", "Status"], [0.1, 0.46, 0.18, 0.14, 0.12], extra_style=style
            )
        )
    else:
        out.append(F.para("No open gaps.", "muted"))

    out.append(F.heading(f"{statement.id} interview sessions", 1))
    if covering:
        rows = [
            [long_date(s["date"]), f"{s['start']}–{s['end']}", s["title"], s["room"] or "no room"] for s in covering
        ]
        out.append(F.table(rows, ["Date", "Time", "Session", "Room"], [0.17, 0.12, 0.45, 0.26]))
    else:
        out.append(F.para("No interview session covers this statement yet.", "muted"))
    out.append(F.space(3))
    out.append(F.sign_off(SIGN_OFF))
    return out


def _load(reg: Register, options: ReportOptions) -> dict[str, Any]:
    """Everything the checklist prints, read once."""
    data = readiness.summary(reg, options.today)
    data["self_assessment"] = self_assessment.all_rows(reg)
    from readiness_app.register import rating_characteristics

    for qid, row in data["self_assessment"].items():  # the council's loaded rubric, printed beside each score
        row["characteristic"] = next(
            (
                f"{c['description']} ({rating_characteristics.source_text(c)})"
                for c in rating_characteristics.for_qs(reg, qid)
                if c["score"] == row["score"]
            ),
            "",
        )
    info = assessment.get(reg)
    onsite = [d["date"] for d in data["visit_days"] if d["kind"] == "onsite"]
    data["dates"] = {
        "notification": info.get("notification_date"),
        "lair_due": info.get("lair_due_date"),
        "onsite": onsite[0] if onsite else None,
    }
    # One pass over evidence, grouped by QS (the register may hold 20,000 items).
    data["evidence_by_qs"] = by_qs = defaultdict(list)
    for item in evidence.list_items(reg):
        if item["status"] == "withdrawn":
            continue
        for qid in item["qs"]:
            by_qs[qid].append(item)
    data["gaps_by_qs"] = gaps_by_qs = defaultdict(list)
    for g in gaps.list_gaps(reg, open_only=True):
        gaps_by_qs[g["qs"]].append(g)
    data["sessions_by_qs"] = sessions_by_qs = defaultdict(list)
    for s in sessions.list_sessions(reg, include_cancelled=False):
        for qid in s["qs"]:
            sessions_by_qs[qid].append(s)
    data["snapshot"] = versions.snapshot(data, data["self_assessment"], data["dates"])
    data["version"], data["changes"], data["last_printed"] = versions.version_for(reg, data["snapshot"])
    data["people"] = people.list_people(reg)
    data["dass"] = assessment.setting(reg, "dass") or ""  # register_settings.DASS_SETTING
    data["timeline"] = timeline_section.load(reg, options)
    data["figures"] = figures.by_qs(reg, options.today)
    return data


def _sign_off_page(data: dict[str, Any], options: ReportOptions) -> list:
    return [
        *F.switch_page("landscape"),
        *versions.version_and_sign_off(
            data["version"],
            data["changes"],
            data["last_printed"],
            data["people"],
            long_date(options.today),
            data.get("dass", ""),
        ),
    ]


def _timeline_section(data: dict[str, Any], options: ReportOptions) -> list:
    return [*F.switch_page("portrait"), *timeline_section.flowables(data["timeline"], options)]


def _qs_sections(data: dict[str, Any], options: ReportOptions) -> list:
    out: list = []
    for q in data["quality_statements"]:
        out += F.switch_page("portrait")
        out += _qs_section(
            q,
            data["self_assessment"].get(q["qs"], {}),
            data["evidence_by_qs"].get(q["qs"], []),
            data["gaps_by_qs"].get(q["qs"], []),
            data["sessions_by_qs"].get(q["qs"], []),
            options.evidence_limit,
        )
        out += figures.figures_to_know(data["figures"], [q["qs"]], level=1)
    return out


# The parts of the checklist, in print order: each takes (data, options) and returns flowables.
# The summary stays one page; another part slots in as one more entry.
SECTIONS = [_summary_page, _sign_off_page, _timeline_section, _qs_sections]


def build(reg: Register, options: ReportOptions) -> Story:
    data = _load(reg, options)
    story: list = []
    for section in SECTIONS:
        story += section(data, options)
    return Story(
        title=TITLE,
        subject=f"Readiness for the CQC assessment of {options.council}: evidence, gaps and sessions per "
        "quality statement",
        keywords=["CQC", "readiness", "checklist"],
        flowables=story,
        first_page="landscape",
        printed=(versions.DOCUMENT, data["version"], data["snapshot"]),
    )
