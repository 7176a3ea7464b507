"""What every attendee from outside the council is told: who to ask for adjustments, and how expenses are paid.

Both are register settings the council words for itself (`invitation.contact`,
`invitation.expenses`); until it does, the documents say plainly who to ask.
Personal packs for people who use services and carers, and the invitation
letters, print them.
"""

from __future__ import annotations

from readiness_app.register import assessment
from readiness_app.register.connection import Register

CONTACT_SETTING = "invitation.contact"
EXPENSES_SETTING = "invitation.expenses"
ADJUSTMENTS = (
    "an interpreter, or a British Sign Language (BSL) interpreter",
    "step-free access, a hearing loop, or a quiet room to wait in",
    "papers in large print or Easy Read",
    "a carer, friend or supporter to come with you",
    "a meeting by phone or video instead, or at a different time",
)


def arrangements(reg: Register) -> dict[str, str]:
    """{'contact': who to ask for adjustments, 'expenses': how expenses are paid}, in plain English."""
    council = assessment.get(reg)["council"]
    contact = (assessment.setting(reg, CONTACT_SETTING) or "").strip() or (
        f"the CQC visit coordinator at {council}. The person who gave you this letter can give you "
        "their phone number and email address"
    )
    expenses = (assessment.setting(reg, EXPENSES_SETTING) or "").strip() or (
        f"{council} pays your travel, parking and the cost of a carer or supporter coming with you. "
        "Keep your tickets or receipts and give them to the person who meets you, or send them to the "
        "person named in this letter. You are paid back within a month"
    )
    return {"contact": contact.rstrip("."), "expenses": expenses.rstrip(".")}


def set_arrangements(reg: Register, *, contact: str | None = None, expenses: str | None = None) -> None:
    """Word the contact for adjustments and the expenses line (empty text restores the default)."""
    if contact is not None:
        assessment.set_setting(reg, CONTACT_SETTING, contact.strip() or None)
    if expenses is not None:
        assessment.set_setting(reg, EXPENSES_SETTING, expenses.strip() or None)
