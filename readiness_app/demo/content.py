"""What the demo council says: people, organisations, documents and messages, all made up.

Kept apart from `demo/__init__.py` (which builds the register) so the words can be read,
and checked by someone who has run an assessment, in one place. Every title is
the kind of item a real information return holds; none is copied from a real
council.
"""

from __future__ import annotations

COUNCIL = "Northmoor County Council"

FIRST = (
    "Aisha Alun Amara Ben Bethan Carys Chidi Daniel Dylan Eleri Emma Fatima Gareth Grace Harriet Hassan Ieuan "
    "Imran Jacek Joanna Kamal Katarzyna Leah Liam Lowri Marek Maryam Megan Niamh Nia Oliver Olu Priya Rhys "
    "Rosa Ruth Samir Sean Siân Sophie Tomasz Wojciech Yusuf Zoë Zofia"
).split()
LAST = (
    "Abbott Ahmed Bennett Bowen Brontë Chowdhury Clarke Davies Evans Fraser Griffiths Hughes Iqbal Jenkins "
    "Kowalski Lewandowski Llewelyn Malik Morgan Nowak O'Brien Okafor Patel Price Pritchard Quinn Rees Roberts "
    "Shah Thomas Vaughan Walsh Wiśniewska Williams Wójcik"
).split()
# First names the demo uses for women; Polish surnames agree with them (Kowalska, not Kowalski).
FEMININE_FIRST = frozenset(
    "Aisha Amara Bethan Carys Eleri Emma Fatima Grace Harriet Joanna Katarzyna Leah Lowri Maryam Megan Niamh Nia "
    "Priya Rosa Ruth Siân Sophie Zoë Zofia".split()
)


def plausible_name(first: str, last: str) -> str:
    """'Hassan Wiśniewska' -> 'Hassan Wiśniewski'; 'Ruth Kowalski' -> 'Ruth Kowalska'."""
    if first in FEMININE_FIRST and last.endswith("ski"):
        last = last[:-1] + "a"
    elif first not in FEMININE_FIRST and last.endswith("ska"):
        last = last[:-1] + "i"
    return f"{first} {last}"


TEAMS = (
    "Front Door",
    "Hospital Discharge",
    "Locality North",
    "Locality South",
    "Transitions",
    "Learning Disability",
    "Mental Health",
    "Safeguarding Hub",
    "Reablement",
    "Commissioning",
    "Quality Assurance",
    "Carers Support",
)
PRACTITIONER_ROLES = ("Social Worker", "Senior Practitioner", "Occupational Therapist", "Care Coordinator")
LEADERS = (  # (role, QS they speak to)
    ("Director of Adult Social Services", ["QS8", "QS9"]),
    ("Principal Social Worker", ["QS1"]),
    ("Principal Occupational Therapist", ["QS2"]),
    ("Chief Executive", ["QS8"]),
    ("Lead Member for Adult Social Care", ["QS8"]),
    ("Head of Safeguarding", ["QS7"]),
    ("Head of Commissioning", ["QS4"]),
    ("Assistant Director, Operations", ["QS1", "QS6"]),
)
CORE_TEAM = (("Assurance Lead", "Assurance"), ("Senior Responsible Officer", "Leadership"))

# Organisations outside the council, by the kind of person who speaks for them, with their roles.
ORGS: dict[str, dict[str, tuple[str, ...]]] = {
    "partner": {
        "Northmoor Integrated Care Board": (
            "Director of Place",
            "Head of Continuing Healthcare",
            "Commissioning Manager",
        ),
        "Northmoor Hospitals NHS Trust": ("Discharge Lead", "Ward Manager", "Head of Patient Flow"),
        "Northmoor Police": ("Detective Inspector, Public Protection", "Safeguarding Lead"),
        "Northmoor District Council": ("Housing Options Manager", "Disabled Facilities Grant Officer"),
    },
    "provider": {
        "Moorside Care Homes": ("Registered Manager", "Operations Director"),
        "Brightpath Home Care": ("Registered Manager", "Care Coordinator"),
        "Heather Lodge Nursing Home": ("Registered Manager", "Deputy Manager"),
        "Greenway Supported Living": ("Service Manager", "Registered Manager"),
    },
    "voluntary": {
        "Age Concern Northmoor": ("Chief Officer", "Information and Advice Manager"),
        "Northmoor Carers Centre": ("Chief Officer", "Carers Support Worker"),
        "Mind in Northmoor": ("Services Manager", "Peer Support Coordinator"),
        "Deaf Links Northmoor": ("Chief Officer", "Community Development Worker"),
    },
    "carer": {"Northmoor Carers' Forum": ("Unpaid carer", "Parent carer", "Young adult carer")},
    "lived_experience": {
        "Making It Real Northmoor": ("Group member", "Co-chair"),
        "Northmoor Learning Disability Partnership Board": ("Self-advocate", "Member"),
    },
}
# Partner meetings: (title, person kind, organisations that attend, QS)
PARTNER_MEETINGS: tuple[tuple[str, str, tuple[str, ...], list[str]], ...] = (
    (
        "Health partners",
        "partner",
        ("Northmoor Integrated Care Board", "Northmoor Hospitals NHS Trust"),
        ["QS5", "QS6"],
    ),
    ("Care providers", "provider", tuple(ORGS["provider"]), ["QS4"]),
    ("Voluntary and community sector", "voluntary", tuple(ORGS["voluntary"]), ["QS5", "QS2"]),
    ("Safeguarding and housing partners", "partner", ("Northmoor Police", "Northmoor District Council"), ["QS7"]),
    ("Care providers: home care and supported living", "provider", tuple(ORGS["provider"]), ["QS4", "QS6"]),
    ("Health partners: discharge", "partner", ("Northmoor Hospitals NHS Trust",), ["QS6"]),
    ("Voluntary sector: advice and prevention", "voluntary", tuple(ORGS["voluntary"]), ["QS2"]),
    ("Care providers: care homes", "provider", ("Moorside Care Homes", "Heather Lodge Nursing Home"), ["QS4"]),
    ("Health and housing partners", "partner", tuple(ORGS["partner"]), ["QS5"]),
)
# Conversations with people who draw on care and with carers: (title, person kind, QS)
VOICE_MEETINGS = (
    ("Carers' conversation", "carer", ["QS1", "QS2"]),
    ("People with lived experience", "lived_experience", ["QS1", "QS3"]),
    ("Carers' conversation: young adult and parent carers", "carer", ["QS1", "QS6"]),
    ("Making It Real group", "lived_experience", ["QS3", "QS5"]),
    ("Carers' conversation: carers of people with dementia", "carer", ["QS2"]),
    ("Learning Disability Partnership Board members", "lived_experience", ["QS3"]),
)
# The QS each team knows best (focus groups and drop-ins talk about their own work).
TEAM_QS = {
    "Front Door": ["QS1", "QS2"],
    "Hospital Discharge": ["QS6"],
    "Locality North": ["QS1"],
    "Locality South": ["QS1", "QS3"],
    "Transitions": ["QS6"],
    "Learning Disability": ["QS3"],
    "Mental Health": ["QS3", "QS7"],
    "Safeguarding Hub": ["QS7"],
    "Reablement": ["QS2"],
    "Commissioning": ["QS4"],
    "Quality Assurance": ["QS9"],
    "Carers Support": ["QS1"],
}

# The QS lead, what the self-assessment says, and the lead's key messages.
QS_LEADS = {
    "QS1": (
        "Head of Practice",
        "Strengths-based practice framework used by every team; most people say they were listened to.",
        "Waits for a Care Act assessment in the locality teams; carers' assessments offered too late.",
        "Waiting list down by a third since April, with a named worker and risk check for everyone waiting\n"
        "Carers are offered their own assessment at first contact from this quarter",
    ),
    "QS2": (
        "Reablement Service Manager",
        "Reablement reaches most people leaving hospital and two in three need less care afterwards.",
        "Equipment delivery times in the south of the county; information online is hard to find.",
        "Reablement is the default offer after a hospital stay\nNew community equipment contract starts in spring",
    ),
    "QS3": (
        "Equality and Inclusion Lead",
        "Deaf and BSL users co-designed the new access route; interpreters booked within two days.",
        "We do not yet report outcomes by ethnicity; younger adults from minority groups are under-represented.",
        "Equality data by protected characteristic is reported quarterly from January",
    ),
    "QS4": (
        "Head of Commissioning",
        "Fee uplift agreed with providers; home care hand-backs fell sharply this year.",
        "Nursing care home places in the north; day opportunities for younger adults.",
        "Market position statement refreshed with providers\nFair cost of care work shared openly",
    ),
    "QS5": (
        "Partnerships Manager",
        "Joint discharge hub with the hospital trust; VCS grants tied to outcomes agreed with people.",
        "Partners say information sharing with housing is slow.",
        "Partners helped write our prevention offer\nOne shared record with the ICB by next summer",
    ),
    "QS6": (
        "Hospital Discharge Team Manager",
        "Discharge to assess in place seven days a week; transitions panel starts planning at 14.",
        "Young people with autism wait longest for an adult worker.",
        "Transitions planning starts at 14, not 17\nNo one waits in hospital for a social worker at weekends",
    ),
    "QS7": (
        "Head of Safeguarding",
        "Concerns triaged within one working day; people asked what outcome they want in most enquiries.",
        "DoLS waiting list; recording of Making Safeguarding Personal conversations.",
        "Section 42 enquiries start within two working days\nThe SAB acts on learning from every review",
    ),
    "QS8": (
        "Assistant Director, Operations",
        "Stable leadership; members and scrutiny see performance every quarter.",
        "Budget pressure from complex care; vacancy rate for occupational therapists.",
        "We know our risks and report them openly to members\nThe workforce strategy is funded and on track",
    ),
    "QS9": (
        "Principal Social Worker",
        "Practice audits every month with feedback to workers; co-production charter agreed with people.",
        "Learning from complaints not always fed back to teams.",
        "Audit findings reach every team within a month\nPeople helped write our co-production charter",
    ),
}
# Who owns a gap in a category of evidence (the work of filling it).
CATEGORY_OWNERS = {
    "people": "Engagement and Co-production Lead",
    "staff": "Workforce Development Manager",
    "partners": "Partnerships Manager",
    "processes": "Head of Performance and Intelligence",
}
GENERAL_GAPS = (
    ("QS1", "Assessment waiting list trajectory not yet signed off", "high", "Head of Practice"),
    ("QS1", "Carers' assessment completion data is a quarter old", "medium", "Carers Lead"),
    ("QS4", "Market position statement refresh still in draft", "medium", "Head of Commissioning"),
    ("QS5", "VCS grant outcomes report missing for last year", "low", "Partnerships Manager"),
    ("QS7", "Safeguarding Adults Board annual report to be linked", "low", "SAB Business Manager"),
    ("QS8", "Workforce strategy action plan lacks RAG", "medium", "Workforce Development Manager"),
    ("QS9", "Learning from complaints summary for Q2", "low", "Complaints and Customer Relations Manager"),
    ("QS3", "Equality data by protected characteristic not reported", "high", "Head of Performance and Intelligence"),
)

# Information-return documents per QS and evidence category (the app files partner
# agreements under processes: an agreement is how the work is done, not feedback).
DOCUMENTS = {
    "QS1": {
        "people": (
            "Adult Social Care Survey 2024-25 results",
            "Survey of Adult Carers in England 2023-24 results",
            "Case study: strengths-based assessment at home",
            "Complaints themes Q2: assessment and waiting",
            "Making It Real group feedback on assessment letters",
        ),
        "staff": (
            "Social work health check 2025",
            "Practice forum notes: proportionate assessment",
            "Principal Social Worker annual report 2024-25",
            "Team managers' briefing: waiting list risk checks",
        ),
        "partners": (
            "Healthwatch Northmoor report: getting an assessment",
            "Carers Centre feedback on carers' assessments",
            "VCS partnership survey 2025: access to assessment",
            "Provider forum minutes: reviews and reassessments",
        ),
        "processes": (
            "Assessment waiting list report Q2",
            "Care Act assessment practice guidance",
            "Carers' strategy 2024-27",
            "Charging policy and financial assessment guide",
            "Reviews performance dashboard",
            "Occupational therapy waiting list report",
        ),
    },
    "QS2": {
        "people": (
            "Reablement service user feedback 2025",
            "Case study: equipment and adaptations that kept someone at home",
            "Information and advice website user testing",
            "Compliments log extract: prevention services",
        ),
        "staff": (
            "Reablement team workshop notes",
            "Occupational therapy practice forum notes",
            "Front Door staff survey results",
        ),
        "partners": (
            "Age Concern Northmoor information and advice contract report",
            "Health and Wellbeing Board minutes extract: prevention",
            "District council Disabled Facilities Grant review",
            "Community equipment partners' feedback",
        ),
        "processes": (
            "Prevention strategy 2024-27",
            "JSNA chapter: older people and frailty",
            "Reablement outcomes dashboard",
            "Community equipment service performance data",
            "Technology-enabled care business case",
            "Information and advice strategy",
        ),
    },
    "QS3": {
        "people": (
            "Deaf Links BSL access co-design report",
            "Case study: culturally appropriate day support",
            "Learning Disability Partnership Board feedback",
            "Complaints themes Q2: accessible information",
        ),
        "staff": (
            "Equality and diversity staff network notes",
            "Interpreting and translation practice guidance briefing",
            "Mental Health team workshop notes: reaching seldom-heard groups",
        ),
        "partners": (
            "Mind in Northmoor feedback: mental health access",
            "ICB health inequalities group minutes extract",
            "VCS equality forum feedback",
        ),
        "processes": (
            "Equality impact assessment: day opportunities",
            "JSNA chapter: learning disability and autism",
            "Accessible Information Standard audit",
            "Equality data by protected characteristic: first report",
            "Interpreting and translation contract report",
        ),
    },
    "QS4": {
        "people": (
            "Direct payments users' survey 2025",
            "Case study: moving home care provider without a break",
            "Care home residents' quality visits summary",
            "Complaints themes Q2: home care",
        ),
        "staff": (
            "Commissioning team workshop notes",
            "Brokerage team feedback on sourcing care",
            "Quality monitoring officers' briefing",
        ),
        "partners": (
            "Provider forum minutes: fee uplift",
            "Care Association feedback on the market position statement",
            "ICB joint commissioning feedback",
            "Provider survey 2025 results",
        ),
        "processes": (
            "Market position statement 2025-28",
            "Market sustainability plan",
            "Fair cost of care report",
            "Provider quality monitoring framework",
            "Section 75 partnership agreement with the ICB",
            "Home care contract hand-back data",
            "Direct payments policy and support offer",
        ),
    },
    "QS5": {
        "people": (
            "Co-production group feedback on the prevention offer",
            "Case study: community connector support",
            "Carers' Forum minutes extract",
            "Healthwatch Northmoor annual report",
        ),
        "staff": (
            "Integrated discharge hub staff feedback",
            "Locality teams' community asset mapping notes",
            "Staff survey results: joint working",
        ),
        "partners": (
            "Health and Wellbeing Board minutes extract: partnership priorities",
            "VCS grant holders' feedback survey",
            "ICB partnership board feedback",
            "District council housing partnership feedback",
        ),
        "processes": (
            "Joint working agreement with the hospital trust",
            "Better Care Fund plan 2025-26",
            "VCS grants programme outcomes framework",
            "Information sharing agreement: health and social care",
            "Health and Wellbeing Strategy 2024-29",
        ),
    },
    "QS6": {
        "people": (
            "Hospital discharge patient and family survey",
            "Case study: transition from children's services",
            "Young people's transitions feedback event notes",
            "Complaints themes Q2: discharge",
        ),
        "staff": (
            "Hospital Discharge team workshop notes",
            "Transitions practitioners' forum notes",
            "Weekend working staff feedback",
        ),
        "partners": (
            "Hospital trust feedback on discharge to assess",
            "Children's services feedback on transitions",
            "Neighbouring councils' cross-border protocol review",
        ),
        "processes": (
            "Hospital discharge pathway",
            "Transitions protocol: preparing for adulthood",
            "Business continuity plan: provider failure",
            "Discharge to assess performance data",
            "Joint transitions agreement with children's services",
            "Out-of-area placements review",
        ),
    },
    "QS7": {
        "people": (
            "Making Safeguarding Personal outcomes survey",
            "Case study: safeguarding enquiry led by the person's wishes",
            "Safeguarding feedback from people and families Q2",
        ),
        "staff": (
            "Safeguarding Hub practice forum notes",
            "DoLS team workshop notes",
            "Safeguarding training evaluation 2025",
        ),
        "partners": (
            "Safeguarding Adults Board partner self-audit",
            "Police public protection unit feedback",
            "Provider safeguarding leads' forum minutes",
        ),
        "processes": (
            "Safeguarding Adults Board annual report 2024-25",
            "Section 42 enquiries performance report Q2",
            "Safeguarding adults review action tracker",
            "DoLS waiting list report",
            "Multi-agency safeguarding procedures",
            "Safeguarding quality assurance audit Q2",
        ),
    },
    "QS8": {
        "people": (
            "Scrutiny committee report: people's experience of care",
            "Complaints annual report 2024-25",
            "Co-production group feedback on priorities",
        ),
        "staff": (
            "Staff survey 2025 results",
            "Workforce health check: leadership",
            "Leadership team development programme evaluation",
        ),
        "partners": (
            "ICB assurance meeting notes",
            "Regional ADASS peer review letter",
            "Provider forum feedback on leadership",
        ),
        "processes": (
            "Workforce strategy 2024-27",
            "Medium-term financial plan: adult social care",
            "Risk register extract",
            "Performance scorecard Q2 (ASCOF)",
            "Self-assessment 2025 as sent to CQC",
            "Adult social care budget monitoring report Q2",
        ),
    },
    "QS9": {
        "people": (
            "Co-production charter",
            "Learning from complaints: what changed",
            "Case study: service redesigned with people",
        ),
        "staff": (
            "Practice audit feedback to workers Q2",
            "Principal Occupational Therapist learning programme",
            "Innovation pilot staff evaluation",
        ),
        "partners": (
            "University partnership research summary",
            "Peer challenge feedback letter",
            "Regional improvement network notes",
        ),
        "processes": (
            "Quality assurance framework",
            "Practice audit report Q2",
            "Learning and development plan 2025-26",
            "Improvement plan progress report",
            "Innovation fund evaluation",
        ),
    },
}

SESSION_MESSAGES = {
    "one_to_one": "Say how you know, with a figure and an example\nName a weak area and what we are doing about it",
    "focus_group": "Use a recent example from your own work\nSay what changed for the person as a result",
    "drop_in": "Bring one example you are proud of and one thing you would change",
    "case_tracking": "Have the case record open at each step\nSay what you would do differently next time",
    "partner_provider": "Partners speak freely: the council hears their view afterwards",
    "other": "The council's part is practical: rooms, access, interpreters and travel costs",
}


# Each QS's self-assessment narrative, as a QS lead would write it a year and a half after the
# previous report: what the report found, what has changed since, and what is still to do.
# QS3 is left blank on purpose (the demo shows a narrative still to write).
NARRATIVES = {
    "QS1": "The report found people waited too long for a Care Act assessment in the locality teams. Since then "
    "every person waiting has a named worker and a risk check every four weeks, and the list is a third shorter "
    "than in April. Carers' assessments are now offered at first contact in two teams of five; the rest follow "
    "in the spring. We score ourselves 2 until the median wait is under four weeks across the county.",
    "QS2": "Reablement reaches most people leaving hospital, and two in three need less care six weeks later. "
    "Equipment in the south still takes too long: the new community equipment contract starts in the spring, and "
    "until then the occupational therapy team tracks every order over seven days.",
    "QS3": "",
    "QS4": "Providers agreed this year's fee uplift with us, and home care hand-backs fell by half. The market "
    "position statement the report called out of date was rewritten with the Care Association. Nursing places in "
    "the north and day opportunities for younger adults remain short, and both are in the commissioning plan.",
    "QS5": "The report praised our work with the voluntary sector, and that has held: grants are tied to outcomes "
    "people chose, and the prevention offer was written with partners. Information sharing with district housing "
    "was informal; a signed protocol has been in use since September and partners say referrals are quicker.",
    "QS6": "Hospital discharge now runs under a protocol signed with the trust, and most people leave on the day "
    "they are ready. Transitions for young people are our weaker area: two in three have a plan by seventeen and a "
    "half, against our aim of nine in ten, and children's services now join the monthly transitions panel.",
    "QS7": "The Safeguarding Adults Board, under its independent chair, remained a strength in the report. As the "
    "supervisory body for Deprivation of Liberty Safeguards we cut the waiting list by prioritising the highest "
    "risk first; it is still too long, and the plan brings in extra best interests assessors this winter.",
    "QS8": "The report asked for workforce plans to reach leaders regularly. The workforce action plan now reports "
    "its RAG to the Adult Care Management Team every month, vacancies are down to under one in ten and agency use "
    "is falling. The budget is under pressure this year, and the recovery plan is reported to Cabinet quarterly.",
    "QS9": "Learning from complaints did not reach front-line teams when CQC visited. A monthly practice bulletin "
    "now carries the themes, and case file audits are rated good or better more often each quarter. Staff tell "
    "us in the survey that we learn from mistakes more than they did a year ago, though not yet enough.",
}
