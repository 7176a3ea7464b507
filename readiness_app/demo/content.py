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
    ("QS8", "Budget recovery plan not yet seen by scrutiny", "medium", "Assistant Director, Operations"),
    ("QS9", "Learning from complaints summary for Q2", "low", "Complaints and Customer Relations Manager"),
    ("QS3", "Equality data by protected characteristic not reported", "high", "Head of Performance and Intelligence"),
)

# The evidence library of a council preparing in winter 2026-27 for its re-assessment against its
# 2025 report: per QS and evidence category, (title, months old). Annual returns and surveys are the
# 2025-26 ones (published in 2026), quarterly reports Q2 2026-27, strategies refreshed since the
# report; nothing is older than the report itself (the baseline, dated from its publication).
# Partner agreements are filed under processes: an agreement is how the work is done, not feedback.
# The same facts as councils file; none of the words are copied from a real council.
DOCUMENTS: dict[str, dict[str, tuple[tuple[str, int], ...]]] = {
    "QS1": {
        "people": (
            ("Adult Social Care Survey 2025-26: Northmoor results", 4),
            ("Survey of Adult Carers in England 2025-26: Northmoor results", 5),
            ("Case study: strengths-based assessment at home", 3),
            ("Complaints themes Q2 2026-27: assessment and waiting", 1),
            ("Making It Real group feedback on assessment letters", 6),
        ),
        "staff": (
            ("Social work health check 2026", 5),
            ("Practice forum notes: proportionate assessment", 2),
            ("Principal Social Worker annual report 2025-26", 6),
            ("Team managers' briefing: waiting list risk checks", 3),
        ),
        "partners": (
            ("Age Concern Northmoor feedback on getting an assessment", 8),
            ("Carers Centre feedback on carers' assessments", 4),
            ("VCS partnership survey 2026: access to assessment", 5),
            ("Provider forum minutes: reviews and reassessments", 2),
        ),
        "processes": (
            ("Assessment waiting list report Q2 2026-27", 1),
            ("Care Act assessment practice guidance (revised 2026)", 9),
            ("All-age carers' strategy 2026-29", 7),
            ("Charging policy and financial assessment guide 2026-27", 8),
            ("Reviews performance dashboard, October 2026", 1),
            ("Carers' assessments and support plans data Q2 2026-27", 1),
            ("Occupational therapy waiting list report Q2 2026-27", 1),
        ),
    },
    "QS2": {
        "people": (
            ("Reablement service user feedback 2025-26", 5),
            ("Case study: equipment and adaptations that kept someone at home", 4),
            ("Information and advice website user testing 2026", 6),
            ("Compliments log extract Q2 2026-27: prevention services", 1),
        ),
        "staff": (
            ("Reablement team workshop notes", 3),
            ("Occupational therapy practice forum notes", 2),
            ("Front Door staff survey 2026 results", 5),
        ),
        "partners": (
            ("Age Concern Northmoor information and advice contract report 2025-26", 6),
            ("Health and Wellbeing Board minutes extract: prevention", 4),
            ("District council Disabled Facilities Grant review 2025-26", 7),
            ("Community equipment partners' feedback", 3),
        ),
        "processes": (
            ("Prevention strategy 2026-29", 8),
            ("JSNA chapter: older people and frailty (2026 update)", 9),
            ("Reablement outcomes dashboard Q2 2026-27", 1),
            ("Community equipment service performance data Q2 2026-27", 1),
            ("Technology-enabled care business case", 10),
            ("Information and advice strategy 2025-28", 14),
        ),
    },
    "QS3": {
        "people": (
            ("Deaf Links BSL access co-design report", 9),
            ("Case study: culturally appropriate day support", 4),
            ("Learning Disability Partnership Board feedback from members", 3),
            ("Complaints themes Q2 2026-27: accessible information", 1),
        ),
        "staff": (
            ("Equality and diversity staff network notes", 3),
            ("Interpreting and translation: staff feedback on the new guidance", 6),
            ("Mental Health team workshop notes: reaching seldom-heard groups", 4),
        ),
        "partners": (
            ("Mind in Northmoor feedback: mental health access", 5),
            ("ICB health inequalities group minutes extract", 4),
            ("VCS equality forum feedback", 6),
        ),
        "processes": (
            ("Equality impact assessment: day opportunities", 7),
            ("JSNA chapter: learning disability and autism (2026 update)", 10),
            ("Accessible Information Standard audit 2026", 6),
            ("Equality data by protected characteristic: draft dataset for January 2027", 1),
            ("Interpreting and translation contract report 2025-26", 6),
        ),
    },
    "QS4": {
        "people": (
            ("Direct payments users' survey 2026", 5),
            ("Case study: moving home care provider without a break", 3),
            ("Care home residents' quality visits summary 2025-26", 6),
            ("Complaints themes Q2 2026-27: home care", 1),
        ),
        "staff": (
            ("Commissioning team workshop notes", 2),
            ("Brokerage team feedback on sourcing care", 3),
            ("Quality monitoring officers' briefing", 4),
        ),
        "partners": (
            ("Provider forum minutes: fee uplift 2026-27", 8),
            ("Care Association feedback on the draft market position statement", 1),
            ("ICB joint commissioning feedback", 5),
            ("Provider survey 2026 results", 4),
        ),
        "processes": (
            ("Market position statement 2026-29: consultation draft", 1),
            ("Market sustainability plan (2026 refresh)", 9),
            ("Fee setting report 2026-27: cost of care", 8),
            ("Provider quality monitoring framework 2026", 7),
            ("Provider quality monitoring report Q2 2026-27", 1),
            ("Section 75 partnership agreement with the ICB, 2026-27 schedules", 8),
            ("Home care contract hand-back data Q2 2026-27", 1),
            ("Direct payments policy and support offer (revised 2026)", 10),
        ),
    },
    "QS5": {
        "people": (
            ("Co-production group feedback on the prevention offer", 6),
            ("Case study: community connector support", 4),
            ("Carers' Forum minutes extract", 2),
            ("Healthwatch Northmoor annual report 2025-26: what people told us", 5),
        ),
        "staff": (
            ("Integrated care hub staff feedback on joint working", 3),
            ("Locality teams' community asset mapping notes", 5),
            ("Staff survey 2026 results: joint working", 4),
        ),
        "partners": (
            ("Health and Wellbeing Board minutes extract: partnership priorities", 3),
            ("VCS grant holders' feedback survey 2026", 5),
            ("ICB partnership board feedback", 4),
            ("District council housing partnership feedback", 2),
        ),
        "processes": (
            ("Joint working agreement with the hospital trust (renewed 2026)", 9),
            ("Better Care Fund plan 2026-27", 7),
            ("VCS grant agreements and outcomes framework 2026-27", 8),
            ("Information sharing protocol: adult social care and district housing", 2),
            ("Health and Wellbeing Strategy 2025-30", 16),
        ),
    },
    "QS6": {
        "people": (
            ("Hospital discharge patient and family survey 2026", 5),
            ("Case study: transition from children's services", 3),
            ("Young people's transitions feedback event notes", 4),
            ("Complaints themes Q2 2026-27: discharge", 1),
        ),
        "staff": (
            ("Hospital Discharge team workshop notes", 2),
            ("Transitions practitioners' forum notes", 3),
            ("Weekend working staff feedback", 4),
        ),
        "partners": (
            ("Hospital trust feedback on discharge to assess", 3),
            ("Children's services feedback on transitions", 2),
            ("Neighbouring councils' feedback on the cross-border protocol", 8),
        ),
        "processes": (
            ("Hospital discharge pathway (2026)", 7),
            ("Transitions protocol: preparing for adulthood (2026)", 8),
            ("Business continuity plan: provider failure (2026)", 9),
            ("Discharge to assess performance data Q2 2026-27", 1),
            ("Joint transitions agreement with children's services", 6),
            ("Out-of-area placements review 2025-26", 6),
        ),
    },
    "QS7": {
        "people": (
            ("Making Safeguarding Personal outcomes survey 2025-26", 6),
            ("Case study: safeguarding enquiry led by the person's wishes", 3),
            ("Safeguarding feedback from people and families Q2 2026-27", 1),
        ),
        "staff": (
            ("Safeguarding Hub practice forum notes", 2),
            ("DoLS team workshop notes", 3),
            ("Safeguarding training evaluation 2025-26", 6),
        ),
        "partners": (
            ("Safeguarding Adults Board partner self-audit 2026", 5),
            ("Police public protection unit feedback", 4),
            ("Provider safeguarding leads' forum minutes", 2),
        ),
        "processes": (
            ("Safeguarding Adults Board annual report 2025-26", 4),
            ("Section 42 enquiries performance report Q2 2026-27", 1),
            ("Safeguarding adults review action tracker, October 2026", 1),
            ("DoLS waiting list report", 9),  # the data pack's stale DoLS figure; an update is due (item 16)
            ("Multi-agency safeguarding procedures (2026 edition)", 10),
            ("Safeguarding quality assurance audit Q2 2026-27", 1),
        ),
    },
    "QS8": {
        "people": (
            ("Scrutiny committee report: people's experience of care", 5),
            ("Complaints annual report 2025-26", 5),
            ("Co-production group feedback on priorities", 4),
        ),
        "staff": (
            ("Staff survey 2026 results", 4),
            ("Workforce health check 2026: leadership", 5),
            ("Leadership team development programme evaluation", 6),
        ),
        "partners": (
            ("ICB assurance meeting notes", 2),
            ("Regional ADASS peer review letter", 7),
            ("Provider forum feedback on leadership", 3),
        ),
        "processes": (
            ("Workforce strategy 2026-29 and action plan", 8),
            ("Medium-term financial plan 2026-30: adult social care", 9),
            ("Risk register extract Q2 2026-27", 1),
            ("Performance scorecard Q2 2026-27 (ASCOF and Client Level Data)", 1),
            ("Self-assessment 2026, signed off by the DASS", 0),
            ("Adult social care budget monitoring report, month 6 2026-27", 1),
            ("Adult social care strategy 2025-30: delivery plan 2026-27", 8),
        ),
    },
    "QS9": {
        "people": (
            ("Co-production charter", 11),
            ("Learning from complaints: what changed", 3),
            ("Case study: service redesigned with people", 5),
        ),
        "staff": (
            ("Practice audit feedback to workers Q2 2026-27", 1),
            ("Principal Occupational Therapist learning programme", 6),
            ("Innovation pilot staff evaluation", 7),
        ),
        "partners": (
            ("University partnership research summary", 8),
            ("Peer challenge feedback letter", 10),
            ("Regional improvement network notes", 3),
        ),
        "processes": (
            ("Practice quality assurance framework 2026", 10),
            ("Case file audit report Q2 2026-27", 1),
            ("Learning and development plan 2026-27", 7),
            ("Post-report improvement plan: progress report to Cabinet, October 2026", 1),
            ("CQC assessment report 2025 and the council's response", 18),
        ),
    },
}
# The evidence item that is CQC's published report (dated from its publication, not by months), and
# this year's self-assessment (dated from its sign-off; it answers the information return's item 1).
REPORT_TITLE = "CQC assessment report 2025 and the council's response"
SELF_ASSESSMENT_TITLE = "Self-assessment 2026, signed off by the DASS"

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
NARRATIVES = {
    "QS1": "The report found people waited too long for a Care Act assessment in the locality teams. Since then "
    "every person waiting has a named worker and a risk check every four weeks, and the list is a third shorter "
    "than in April. Carers' assessments are now offered at first contact in two teams of five; the rest follow "
    "in the spring. We score ourselves 2 until the median wait is under four weeks across the county.",
    "QS2": "Reablement reaches most people leaving hospital, and two in three need less care six weeks later. "
    "Equipment in the south still takes too long: the new community equipment contract starts in the spring, and "
    "until then the occupational therapy team tracks every order over seven days.",
    "QS3": "CQC said we could not show outcomes by protected characteristic, and that is still our weakest area: "
    "the first dataset is in draft and goes to the Adult Care Management Team in January, later than we planned. "
    "Deaf people who use BSL helped redesign how they reach us, and interpreters are now booked within two days. "
    "People from ethnic minority groups are 7.9% of those we support, up from 6.8%, against 9.5% of adults locally.",
    "QS4": "Providers agreed this year's fee uplift with us, and home care hand-backs fell by half. The market "
    "position statement the report called out of date is being rewritten with the Care Association, and its "
    "consultation draft went to providers this autumn. Nursing places in the north and day opportunities for "
    "younger adults remain short, and both are in the commissioning plan.",
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
