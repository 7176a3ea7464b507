"""The fixed choices the register stores, as key -> label (what users see).

Criteria tags are not fixed (councils choose their own); CRITERIA lists the
usual ones for pickers and the demo.
"""

EVIDENCE_STATUS = {"inbox": "Inbox", "accepted": "Accepted", "submitted": "Submitted to CQC", "withdrawn": "Withdrawn"}
PRESENCE = {
    "present": "Present",
    "missing": "Missing",
    "duplicate": "Duplicate",
    "unreadable": "Unreadable",
    "not_downloaded": "Online only",
}
SEVERITY = {"high": "High", "medium": "Medium", "low": "Low"}
GAP_STATUS = {"open": "Open", "in_progress": "In progress", "closed": "Closed"}
GAP_KIND = {"general": "General", "no_evidence": "No evidence in this category"}
STAGE = {
    "long_list": "Long list",
    "shortlisted": "Shortlisted",
    "selected": "Selected",
    "reserve": "Reserve",
    "tracked": "Tracked",
    "withdrawn": "Withdrawn",
}
CONSENT = {
    "not_sought": "Not sought",
    "requested": "Requested",
    "given": "Given",
    "declined": "Declined",
    "not_required": "Not required",
}
CONTACT = {"": "Not decided", "person": "The person", "family": "Family", "advocate": "Advocate"}
PERSON_KIND = {
    "leader": "Leader",
    "staff": "Staff",
    "partner": "Partner",
    "provider": "Provider",
    "voluntary": "Voluntary sector",
    "carer": "Carer",
    "lived_experience": "Person with lived experience",
}
# People who take part as themselves: never named to other attendees, beside a case code, or in a calendar.
PEOPLE_KINDS = ("carer", "lived_experience")
SESSION_KIND = {
    "one_to_one": "One-to-one",
    "focus_group": "Focus group",
    "drop_in": "Drop-in",
    "case_tracking": "Case tracking",
    "partner_provider": "Partner or provider meeting",
    "other": "Other",
}
SESSION_STATUS = {
    "planned": "Planned",
    "invited": "Invited",
    "confirmed": "Confirmed",
    "briefed": "Briefed",
    "held": "Held",
    "cancelled": "Cancelled",
}
# Why a session is held, when the timetable does not say: printed first in its pack.
SESSION_PURPOSE = {
    "one_to_one": "CQC wants to hear from this leader how they know what good looks like here, "
    "what the council is doing about its weaker areas, and how they hold others to account.",
    "focus_group": "CQC wants to hear from practitioners how practice really works day to day: "
    "examples from their own work, what helps them and what gets in the way.",
    "drop_in": "An open session where staff can tell CQC about their work. Come with an example "
    "of practice you are proud of and one thing you would change.",
    "case_tracking": "CQC follows one person's journey through the council's care and support. "
    "Practitioners who worked with the person explain what happened at each step and why.",
    "partner_provider": "CQC wants to hear how partners see the council: how joint working feels "
    "from their side, where it works and where it does not.",
    "other": "CQC wants to hear directly about people's experience of the council's support.",
}
VISIT_DAY_KIND = {"onsite": "On site", "virtual": "Virtual"}
CRITERIA = (
    "hospital discharge",
    "transitions",
    "carer",
    "learning disability",
    "autism",
    "mental health",
    "safeguarding",
    "sensory",
    "self-funder",
)
# Cases at these stages are CQC's shortlist (selected to track, or in reserve).
SHORTLIST_STAGES = ("shortlisted", "selected", "reserve", "tracked")
