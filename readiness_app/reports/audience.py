"""Who a printed or exported document is for, and what each reader may see.

Every document declares its audiences (the first is its default); the one it is
printed for goes in its footer and on the Print page, and the builders ask
`sees(audience)` before adding anything a reader must not have:

- council internal (leaders and QS leads): everything, today's pack as it was;
- host (the council officer hosting a session): arrangements, topics and the
  attendees' access needs, not the council's score, messages or corrections;
- attendees, in three kinds: front-line staff (purpose, arrangements, what CQC
  may ask about, and that CQC wants their honest experience), partners
  (arrangements, purpose, the quality statements in focus) and people who use
  services and carers (time, place, who from CQC, purpose in plain English,
  adjustments and expenses, nothing else);
- CQC: what goes to CQC (factual accuracy, information return), with no
  internal status or to-do list and no text cut short.

Plain Python (no reportlab), so the command line, exports and the window share it.
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness_app.errors import ReadinessError

INTERNAL = "internal"
HOST = "host"
STAFF = "staff"
PARTNERS = "partners"
PEOPLE = "people"
CQC = "cqc"

LABELS = {
    INTERNAL: "Council internal",
    HOST: "Host (the council officer hosting the session)",
    STAFF: "Attendees (front-line staff)",
    PARTNERS: "Attendees (partners)",
    PEOPLE: "Attendees (people who use services and carers)",
    CQC: "CQC",
}


@dataclass(frozen=True)
class Sees:
    """What one audience may read."""

    position: bool  # the council's self-assessed score, target, strengths and actions
    key_messages: bool  # lines the council wants repeated
    corrections: bool  # learning-log corrections
    host_notes: bool  # the council's own notes on a session
    names: bool  # other attendees' names (practitioners and partners)
    people_names: bool  # names of people who use services and carers
    case_codes: bool
    prompts: bool  # the app's questions to be ready for
    internal_status: bool  # to-do lists, "before you submit", RAG and workflow status


RULES = {
    INTERNAL: Sees(True, True, True, True, True, True, True, True, True),
    HOST: Sees(False, False, False, True, True, False, False, False, False),
    STAFF: Sees(False, False, False, False, True, False, False, True, False),
    PARTNERS: Sees(False, False, False, False, True, False, False, False, False),
    PEOPLE: Sees(False, False, False, False, False, False, False, False, False),
    CQC: Sees(False, False, False, False, True, False, True, False, False),
}


def sees(audience: str | None) -> Sees:
    return RULES.get(audience or INTERNAL, RULES[INTERNAL])


def label(audience: str | None) -> str:
    return LABELS.get(audience or INTERNAL, LABELS[INTERNAL])


def footer(audience: str | None) -> str:
    """The line every page carries: who the document is for."""
    return f"For: {label(audience).lower() if audience != CQC else 'CQC'}"


def choose(document: str, allowed: tuple[str, ...], audience: str | None) -> str:
    """The audience to print for: the document's default when none is given; refuse one it has no version for."""
    if not audience:
        return allowed[0]
    key = audience.strip().lower()
    if key not in LABELS:
        raise ReadinessError(f"unknown audience {audience!r}", f"choose one of: {', '.join(LABELS)}", field="audience")
    if key not in allowed:
        raise ReadinessError(
            f"the {document} document has no version for {label(key).lower()}",
            f"it is printed for: {', '.join(allowed)}",
            field="audience",
        )
    return key
