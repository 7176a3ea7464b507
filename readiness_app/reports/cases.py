"""The case-tracking summary: the shortlist first, then the whole long list.

Coded references only. The register holds no names for cases; this document
also leaves out case notes (free text where a name could slip in) and session
titles and attendees (which could name a practitioner or a relative beside a
case), printing each linked session as id, date, time and room.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from readiness_app.register import cases, sessions
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date
from readiness_app.register.vocabulary import CONSENT, CONTACT, SHORTLIST_STAGES, STAGE
from readiness_app.reports import flowables as F
from readiness_app.reports import styles as S
from readiness_app.reports.options import ReportOptions, Story

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session

TITLE = "Case-tracking summary"
CONSENT_OK = ("given", "not_required")


def _sessions_text(ids: list[int], by_id: dict[int, Session]) -> str:
    parts = []
    for sid in ids:
        s = by_id.get(sid)
        if s is None:
            continue
        cancelled = " (cancelled)" if s["status"] == "cancelled" else ""
        parts.append(f"{long_date(s['date']).rsplit(' ', 1)[0]} {s['start']} {s['room'] or 'no room'}{cancelled}")
    return "\n".join(parts) or "none"


def _agreed(case: dict[str, Any]) -> str:
    """Who at CQC agreed a reserve's promotion, and when ("" for a case never promoted)."""
    if not case.get("cqc_agreed_by"):
        return ""
    when = case.get("cqc_agreed_at") or ""
    day, _, time = when.partition("T")
    return f"{case['cqc_agreed_by']}\n{long_date(day)} {time[:5]}".strip() if day else case["cqc_agreed_by"]


def _case_table(rows: list[dict[str, Any]], by_id: dict[int, Session]) -> Any:
    table_rows: list[list[Any]] = []
    style: list[tuple[Any, ...]] = []
    for i, c in enumerate(rows, start=1):
        consent = CONSENT.get(c["consent"], c["consent"])
        if c.get("consent_date"):
            consent += f"\n{long_date(c['consent_date'])}"
        table_rows.append(
            [
                c["code"],
                STAGE.get(c["stage"], c["stage"]),
                ", ".join(c["criteria"]) or "none",
                consent,
                CONTACT.get(c.get("contact") or "", ""),
                long_date(c.get("records_shared_date")) or "not yet",
                _agreed(c),
                ", ".join(c["qs"]),
                _sessions_text(c["sessions"], by_id),
            ]
        )
        if c["stage"] in SHORTLIST_STAGES and c["consent"] not in CONSENT_OK:  # pending or declined
            style.append(("TEXTCOLOR", (3, i), (3, i), S.CONFLICT))
            style.append(("LINEBEFORE", (0, i), (0, i), 2.5, S.CONFLICT))
    return F.table(
        table_rows,
        ["Case", "Stage", "Criteria", "Consent", "Contact", "Records shared", "CQC agreed swap", "QS", "Sessions"],
        [0.08, 0.08, 0.17, 0.1, 0.07, 0.09, 0.11, 0.08, 0.22],
        extra_style=style,
        first_column_bold=True,
    )


def build(reg: Register, options: ReportOptions) -> Story:
    rows = cases.list_cases(reg)
    by_id = {s["id"]: s for s in sessions.list_sessions(reg)}
    story: list = F.document_title(TITLE, f"{options.council} · as at {long_date(options.today)}", bookmark="Overview")
    story.append(
        F.para(
            "Cases are identified by coded reference only. Keep the key that links codes to people "
            "in the case management system, never with this document.",
            "muted",
        )
    )
    story.append(F.space(2))
    if not rows:
        story.append(
            F.notice(
                "No cases are on the case-tracking list yet. Add the coded long list (or import it) and print again."
            )
        )
        return Story(
            title=TITLE, subject="Case tracking for the CQC assessment", flowables=story, first_page="landscape"
        )
    shortlist = [c for c in rows if c["stage"] in SHORTLIST_STAGES]
    stages = Counter(c["stage"] for c in rows)
    awaiting = [c for c in shortlist if cases.awaiting_consent(c)]
    declined = [c for c in shortlist if cases.needs_replacing(c)]
    reserves = [c["code"] for c in rows if c["stage"] == "reserve" and c["consent"] != "declined"]
    withdrawn_linked = [s for s in by_id.values() if s["case_id"] and s["status"] != "cancelled"]
    withdrawn_ids = {c["id"] for c in rows if c["stage"] == "withdrawn"}
    withdrawn_linked = [s for s in withdrawn_linked if s["case_id"] in withdrawn_ids]
    no_records = [c for c in shortlist if c["consent"] in CONSENT_OK and not c.get("records_shared_date")]
    no_session = [c for c in shortlist if c["stage"] != "reserve" and not c["sessions"]]
    criteria = Counter(t for c in rows for t in c["criteria"])
    story.append(
        F.facts(
            [
                (
                    "Long list",
                    f"{len(rows)} cases: "
                    + ", ".join(
                        f"{n} {STAGE[s].lower()}"
                        for s, n in sorted(stages.items(), key=lambda x: list(STAGE).index(x[0]))
                    ),
                ),
                ("Shortlist", f"{len(shortlist)} cases"),
                ("Consent still needed", ", ".join(c["code"] for c in awaiting) or "none"),
                (
                    "Consent declined: replace",
                    (
                        ", ".join(c["code"] for c in declined)
                        + ". A refusal closes this route: withdraw the case and promote a reserve"
                        + (f" ({', '.join(reserves)} available)" if reserves else " (no reserve left: ask CQC)")
                    )
                    if declined
                    else "none",
                ),
                ("Consent given, records not yet shared", ", ".join(c["code"] for c in no_records) or "none"),
                ("Shortlisted, no session yet", ", ".join(c["code"] for c in no_session) or "none"),
                ("Criteria across the list", ", ".join(f"{t} ({n})" for t, n in sorted(criteria.items())) or "none"),
            ],
            key_width=0.24,
        )
    )
    if withdrawn_linked:
        story.append(
            F.notice(
                "Sessions still linked to a withdrawn case: "
                + "; ".join(
                    f"#{s['id']} {long_date(s['date'])} {s['start']} ({s['case_code']})" for s in withdrawn_linked
                )
                + ". Link each to the promoted case or cancel it."
            )
        )
    story.append(F.keep_space(45))
    story.append(F.heading("Shortlist", 0, keep_with_next=False))
    if shortlist:
        story.append(_case_table(shortlist, by_id))
        story.append(
            F.para(
                "Red edge: shortlisted and consent not given (still pending, or declined and to be replaced).",
                "small",
            )
        )
    else:
        story.append(
            F.notice("CQC has not shortlisted any cases yet (no case is shortlisted, selected, in reserve or tracked).")
        )
    story += F.switch_page("landscape")
    story.append(F.heading("Long list", 0, keep_with_next=False))
    story.append(_case_table(rows, by_id))
    return Story(
        title=TITLE,
        subject="Case tracking for the CQC assessment: coded cases, criteria, consent and sessions",
        keywords=["CQC", "case tracking"],
        flowables=story,
        first_page="landscape",
    )
