"""The case-tracking pack's own content: the person's journey, never a name.

CQC follows one person through the council's support. The practitioners who
worked with them need prompts along that journey (first contact to outcome),
prompts for unpaid carers, transitions and safeguarding where the case's
criteria say so, the case's own quality statements, who CQC will speak to
(coded), and what records were shared and when.
"""

from __future__ import annotations

from typing import Any

from readiness_app.framework import current
from readiness_app.register.validation import long_date
from readiness_app.register.vocabulary import CONSENT, STAGE
from readiness_app.reports import flowables as F

# The app's own prompts, in the order the person lived through them.
JOURNEY = (
    (
        "First contact",
        "How did the person (or someone on their behalf) first reach us, and how quickly did we respond? "
        "What advice or information did they get straight away?",
    ),
    (
        "Assessment",
        "How long did they wait, who took part, and how did the assessment record what matters to them "
        "and the strengths they and their network bring?",
    ),
    (
        "Support plan",
        "How were they involved in the plan and did they get a copy? Were a personal budget and direct "
        "payments offered? What did they pay, and was that explained?",
    ),
    (
        "Review",
        "When was the plan reviewed, was that on time, and what changed as a result?",
    ),
    (
        "Outcome",
        "What is different for the person now? What would they say went well, and what would we do "
        "differently next time?",
    ),
)
# Extra steps when a criterion applies (matched on part of the tag, as councils word them differently).
CRITERIA_STEPS = (
    (
        "carer",
        "Unpaid carers",
        "Was the carer identified, offered their own assessment, and given support or a break? "
        "How were their views recorded?",
    ),
    (
        "transition",
        "Transitions",
        "When did planning with children's services start, who led it, and did support carry on without a gap at 18?",
    ),
    (
        "discharge",
        "Leaving hospital",
        "How was the discharge planned with the ward and the family? Was reablement offered, and did "
        "support start on the day they went home?",
    ),
    (
        "safeguarding",
        "Safeguarding",
        "How was the concern raised and triaged, how quickly did the enquiry start, and how were the "
        "person's wishes about the outcome asked and followed?",
    ),
)
SPEAK_TO = {"person": "the person", "family": "a family member", "advocate": "an advocate"}


def journey_steps(criteria: list[str]) -> list[tuple[str, str]]:
    """The journey prompts for a case: the five steps plus the criteria's own, after the assessment."""
    steps = list(JOURNEY)
    extra = [(title, text) for key, title, text in CRITERIA_STEPS if any(key in c.lower() for c in criteria)]
    return steps[:2] + extra + steps[2:]


def who_cqc_speaks_to(case: dict[str, Any], staff_roles: list[str]) -> str:
    """Coded: the person, a family member or an advocate, and the practitioners by role only."""
    contact = case.get("contact") or ""
    parts = [SPEAK_TO.get(contact, "not decided yet (the person, a family member or an advocate)")]
    roles = sorted(set(staff_roles))
    if roles:
        parts.append("practitioners: " + ", ".join(roles))
    return "; ".join(parts)


def records_line(case: dict[str, Any]) -> str:
    if case.get("records_shared_date"):
        return f"shared with CQC on {long_date(case['records_shared_date'])}"
    if case["consent"] in ("given", "not_required"):
        return "not yet shared: agree with CQC what they need and record the date"
    return "not shared: consent is needed first"


def case_section(case: dict[str, Any] | None, code: str | None, staff_roles: list[str]) -> list:
    """The tracked case, coded, with its journey prompts."""
    if case is None:
        missing = f"Case tracking session, but the case {code or ''} is not in the register."
        return [F.notice(missing.replace("  ", " "))]
    fw = current()
    consent = CONSENT.get(case["consent"], case["consent"])
    if case.get("consent_date"):
        consent += f" ({long_date(case['consent_date'])})"
    qs = ", ".join(f"{q} {fw.qs(q).name}" for q in case["qs"] if q in fw.qs_ids) or "none recorded"
    out: list = [F.subheading("The tracked case")]
    out.append(
        F.facts(
            [
                ("Case (coded)", case["code"]),
                ("Stage", STAGE.get(case["stage"], case["stage"])),
                ("Criteria", ", ".join(case["criteria"]) or "none recorded"),
                ("The case's QS", qs),
                ("Consent", consent),
                ("Records", records_line(case)),
                ("CQC will speak to", who_cqc_speaks_to(case, staff_roles)),
                ("Team", case.get("team") or ""),
            ]
        )
    )
    if case["stage"] == "withdrawn":
        out.append(F.notice(f"Case {case['code']} is WITHDRAWN: link this session to the promoted case or cancel it."))
    elif case["consent"] == "declined":
        out.append(F.notice("Consent was declined: this case cannot be tracked. Withdraw it and promote a reserve."))
    elif case["consent"] not in ("given", "not_required"):
        out.append(
            F.notice(
                f"Consent is {CONSENT.get(case['consent'], case['consent']).lower()}: do not share "
                "records or arrange conversations until consent is given."
            )
        )
    out.append(F.heading("The person's journey", 1, bookmark="Journey"))
    out.append(
        F.para(
            "Be ready to walk CQC through each step from the records, with dates. Refer to the person by the "
            "coded reference only: no names in this pack or in your notes.",
            "small",
        )
    )
    rows = [[title, text] for title, text in journey_steps(case["criteria"])]
    out.append(F.table(rows, ["Step", "Be ready to say"], [0.18, 0.82], first_column_bold=True))
    return out
