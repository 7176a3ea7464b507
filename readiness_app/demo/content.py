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
            "Scheme of delegation for adult social care",
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
