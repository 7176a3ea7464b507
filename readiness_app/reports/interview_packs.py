"""Interview packs: one self-contained briefing per session.

Scopes: every planned session, one day, one session, or one person (their own
schedule first, then a pack for each of their sessions).

A pack briefs: why the session is held (first), who is in the room, what has
been learned since the visit began, and for each QS in focus the council's own
position and the QS lead's key messages. A pack is the list of SECTIONS below,
each a function of (session, data); another document part slots in as one more
entry. Case-tracking packs follow the person's journey instead of the QS
prompts and carry no names at all: attendees and assessors appear by role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import KeepTogether

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.register import evidence, improvement, learning, printing, self_assessment, sessions
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date, parse_date
from readiness_app.register.vocabulary import EVIDENCE_STATUS, PEOPLE_KINDS, PERSON_KIND, SESSION_KIND, SESSION_STATUS
from readiness_app.reports import case_journey, figures, statements
from readiness_app.reports import flowables as F
from readiness_app.reports.arrangements import arrangements
from readiness_app.reports.audience import HOST, INTERNAL, PEOPLE, STAFF, sees
from readiness_app.reports.options import ReportOptions, Story
from readiness_app.reports.pack_sections import PackData, PackNotes, qs_in_focus, since_visit_began

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session

TITLE = "Interview packs"
PRACTITIONER_KINDS = ("leader", "staff")
# Sessions where CQC meets partners, carers or people on their own: the pack briefs the council's host only.
HOSTED_KINDS = ("partner_provider", "other")  # case-tracking attendees shown by role; others are not listed
# The host's own note on such a session: in the council's and the host's packs, never in one handed to attendees.
HOST_NOTE = (
    "CQC hears from these attendees without council staff in the room. This pack is for the "
    "council's host: arrangements and topics only. Do not brief attendees on the council's position."
)


def _select(reg: Register, options: ReportOptions) -> tuple[list[Session], dict[str, Any] | None, str]:
    """The sessions in scope, the person (for a personal pack) and a scope description."""
    person = printing.get_person(reg, int(options.person_id)) if options.person_id is not None else None
    day = parse_date(options.day, "day", required=True) if options.day else None
    if options.session_id is not None:
        rows = [sessions.get(reg, int(options.session_id))]  # unknown id -> ReadinessError
        if day and rows[0]["date"] != day:
            raise ReadinessError(f"session {options.session_id} is on {rows[0]['date']}, not {day}", field="day")
        if person and person["id"] not in {p["id"] for p in rows[0]["people"]}:
            raise ReadinessError(
                f"person {person['id']} is not an attendee of session {options.session_id}", field="person"
            )
        return rows, person, f"session {options.session_id}"
    rows = sessions.list_sessions(reg, day=day, person_id=person["id"] if person else None, include_cancelled=False)
    if person and not rows:
        where = f" on {long_date(day)}" if day else ""
        raise ReadinessError(f"person {person['id']} is in no planned session{where}", field="person")
    if day and not rows:
        raise ReadinessError(
            f"no sessions are planned on {long_date(day)}", "check the date (day first: 15/12/2026)", field="day"
        )
    scope = "all planned sessions"
    if person:
        scope = f"personal pack for {person['name']}"
    elif day:
        scope = f"sessions on {long_date(day)}"
    return rows, person, scope


def first_session_id(reg: Register, options: ReportOptions) -> int | None:
    """The first session of a print run of several (None for one, or none): its pack prints first."""
    rows, _person, _scope = _select(reg, options)
    return int(rows[0]["id"]) if len(rows) > 1 else None


def _where(session: Session) -> str:
    if not session.get("room"):
        return "No room set yet"
    if session.get("room_virtual"):
        link = session.get("room_link") or "link to follow"
        return f"{session['room']} (virtual): {link}"
    location = session.get("room_location")
    return f"{session['room']}, {location}" if location else str(session["room"])


def _overlapping(rows: list[Session]) -> set[int]:
    """Ids of sessions in this list that overlap another one on the same day (a double booking).

    A sweep in start order, as `register.conflicts` does: every session of a block of two or more
    overlaps one of the others, and the work grows with the sessions, not their pairs.
    """
    ids: set[int] = set()
    block: list[int] = []
    day, block_end = None, ""
    for s in sorted(rows, key=lambda r: (r["date"], r["start"], r["end"])):
        if block and s["date"] == day and s["start"] < block_end:
            block.append(s["id"])
            block_end = max(block_end, s["end"])
            continue
        if len(block) > 1:
            ids.update(block)
        block, day, block_end = [s["id"]], s["date"], s["end"]
    if len(block) > 1:
        ids.update(block)
    return ids


def _personal_schedule(person: dict[str, Any], rows: list[Session], audience: str = INTERNAL) -> list:
    out: list = F.document_title(f"Your interview schedule: {person['name']}", bookmark="Your schedule")
    role = ", ".join(v for v in (person.get("role"), person.get("team"), person.get("organisation")) if v)
    if role:
        out.append(F.para(role, "subtitle"))
    clashes = _overlapping(rows)
    table_rows, style = [], []
    for i, s in enumerate(rows, start=1):
        title = session_title(s, audience) + ("\n⚠ overlaps another of your sessions" if s["id"] in clashes else "")
        table_rows.append(
            [long_date(s["date"]), f"{s['start']}–{s['end']}", title, SESSION_KIND.get(s["kind"], s["kind"]), _where(s)]
        )
        if s["id"] in clashes:
            style.append(("LINEBEFORE", (0, i), (0, i), 2.5, F.S.CONFLICT))
    out.append(
        F.table(
            table_rows, ["Date", "Time", "Session", "Kind", "Where"], [0.16, 0.11, 0.33, 0.14, 0.26], extra_style=style
        )
    )
    out.append(F.space(3))
    out.append(F.para("A briefing pack for each session follows, in time order.", "muted"))
    return out


def _is_case(session: Session) -> bool:
    return session["kind"] == "case_tracking" or bool(session.get("case_id"))


def _staff_roles(session: Session) -> list[str]:
    return [p["role"] or "practitioner" for p in session["people"] if p["kind"] in PRACTITIONER_KINDS]


def session_title(session: Session, audience: str = INTERNAL) -> str:
    """The session's title; outside the council a case-tracking session is never named by its case code."""
    if _is_case(session) and not sees(audience).case_codes:
        return "Case-tracking conversation"
    return session["title"]


def _heading(session: Session, data: PackData) -> list:
    when = f"{long_date(session['date'])}, {session['start']}–{session['end']}"
    title = session_title(session, data.audience)
    out: list = [F.heading(title, 0, bookmark=f"{when[:10]} {session['start']} {title}")]
    kind = "Interview pack" if data.audience == INTERNAL else "Session details"
    out.append(F.para(f"{kind} · {when}", "subtitle"))
    if session["status"] == "cancelled":
        out.append(F.notice("This session is CANCELLED."))
    out.append(F.markup(f"<b>Purpose of this session.</b> {F.esc(sessions.purpose(session))}", "body"))
    if data.audience == STAFF:
        out.append(
            F.notice(
                "CQC wants to hear your own, honest experience of working here: what helps, what gets in the "
                "way, and examples from your work. There are no right answers and no lines to learn."
            )
        )
    out.append(F.space(2))
    return out


def _facts(session: Session, data: PackData) -> list:
    fw = current()
    when = f"{long_date(session['date'])}, {session['start']}–{session['end']}"
    if _is_case(session) or not data.sees.names:  # no names in a case-tracking pack, not even CQC's
        assessors = "; ".join(a["role"] or "CQC assessor" for a in session["assessors"])
    else:
        assessors = "; ".join(f"{a['name']} ({a['role']})" if a["role"] else a["name"] for a in session["assessors"])
    rows = [
        ("When", when),
        ("Where", _where(session)),
        ("Kind of session", SESSION_KIND.get(session["kind"], session["kind"])),
        ("CQC assessors", assessors or "not yet known"),
    ]
    if session["kind"] == "drop_in":  # open: CQC runs it, the council provides a room and a host
        rows.append(("Run by", "CQC. Open to staff, who choose on the day whether to come"))
        rows.append(("Host", session.get("host") or "not named yet"))
    elif session.get("host") and data.audience != PEOPLE:
        rows.append(("Host", session["host"]))
    if not _is_case(session) and data.audience != PEOPLE:  # people are told the purpose in plain words instead
        qs_labels = ", ".join(f"{q} {fw.qs(q).name}" for q in session["qs"] if q in fw.qs_ids)
        rows.append(("Quality statements", qs_labels or "none linked yet"))
    if data.sees.internal_status:
        rows += [
            ("Briefing by", session.get("briefing_owner") or "not named"),
            ("Status", SESSION_STATUS.get(session["status"], session["status"])),
        ]
    return [F.facts(rows)]


def _case(session: Session, data: PackData) -> list:
    if not _is_case(session):
        return []
    if not data.sees.case_codes:
        if data.audience == PEOPLE:
            return []
        return [
            F.para(
                "CQC follows one person's journey through the council's support. The person is never named "
                "and their coded reference stays with the assurance team.",
                "small",
            )
        ]
    case = data.cases.get(case_id) if (case_id := session["case_id"]) else None
    return case_journey.case_section(case, session.get("case_code"), _staff_roles(session))


def _attendees(session: Session, data: PackData) -> list:
    if not data.sees.names:  # people who use services and carers: never another attendee's name
        return []
    out: list = [F.subheading("Attendees")]
    people = session["people"]
    if session["kind"] == "drop_in":  # open: whoever comes on the day, never a list of invitees
        return [*out, F.para("Open to all staff: no one is booked and no list of names is kept.")]
    if not people:
        return [*out, F.para("No attendees recorded yet.", "muted")]
    if _is_case(session):
        roles = _staff_roles(session)
        others = len(people) - len(roles)
        text = "Practitioners by role: " + (", ".join(sorted(roles)) or "none recorded")
        if others:
            plural = "s" if others > 1 else ""
            text += f". {others} further attendee{plural} not listed (they could identify the person)."
        return [*out, F.para(text)]
    named = people if data.sees.people_names else [p for p in people if p["kind"] not in PEOPLE_KINDS]
    rows = [[p["name"], p["role"], p["organisation"], PERSON_KIND.get(p["kind"], p["kind"])] for p in named]
    if rows:
        out.append(F.table(rows, ["Name", "Role", "Organisation", "Group"], [0.27, 0.3, 0.27, 0.16]))
    unnamed = len(people) - len(named)
    if unnamed:
        plural = "s" if unnamed > 1 else ""
        out.append(
            F.para(
                f"{unnamed} person{plural} who use{'' if plural else 's'} services or carer{plural}: "
                "not named in this pack.",
                "small",
            )
        )
    if data.audience == HOST:
        needs = [p.get("access_needs") or "" for p in people if (p.get("access_needs") or "").strip()]
        out.append(F.markup(f"<b>Access needs:</b> {F.esc('; '.join(needs) or 'none recorded')}", "body"))
    return out


def _focus_ids(session: Session, data: PackData) -> list[str]:
    """A case-tracking session is about the case's own QS; any other about its QS tags."""
    if _is_case(session):
        case = data.cases.get(case_id) if (case_id := session["case_id"]) else None
        return list(case["qs"]) if case else []
    return list(session["qs"])


def _since(session: Session, data: PackData) -> list:
    if not data.sees.corrections:
        return []
    return since_visit_began(session, _focus_ids(session, data), data.learning)


def _quality_statements(session: Session, data: PackData) -> list:
    if _is_case(session) or data.audience == PEOPLE:
        return []  # the journey replaces the QS prompts; people are told the purpose in plain words
    fw = current()
    heading = "What CQC may ask about" if data.audience == STAFF else "Quality statements in focus"
    out: list = [F.heading(heading, 1, bookmark="Quality statements")]
    if not session["qs"]:
        out.append(F.para("No quality statement is linked to this session yet.", "muted"))
    external = session["kind"] in HOSTED_KINDS
    if external and data.sees.host_notes:  # the host's own note: never in a pack handed to attendees
        out.append(F.notice(HOST_NOTE))
    for qid in session["qs"]:
        if qid not in fw.qs_ids:
            continue
        q = fw.qs(qid)
        if data.sees.position and not external:
            out += qs_in_focus(q, data, fw.score_labels)
        else:
            out += [F.subheading(f"{q.id} {q.name} ({q.theme.name})"), *statements.wording(q)]
            if data.sees.prompts and q.prompts:
                out += F.bullets(q.prompts)
    return out


def _messages_and_evidence(session: Session, data: PackData) -> list:
    if not data.sees.key_messages:
        return []
    heading = F.heading("Key messages and evidence for this session", 1, bookmark="Key messages and evidence")
    messages = [line.strip(" -•\t") for line in (session.get("key_messages") or "").splitlines() if line.strip()]
    # The heading and its few messages move together: never a heading and one bullet at the foot of a page.
    out: list = [KeepTogether([heading, *F.bullets(messages)])] if messages else [heading]
    linked = [data.items[i] for i in session["evidence"] if i in data.items]
    if linked:
        rows = []
        for it in linked:
            note = "MISSING from the folder" if it["presence"] == "missing" else ""
            rows.append([it["reference"] or "", it["title"], EVIDENCE_STATUS.get(it["status"], it["status"]), note])
        out.append(F.table(rows, ["Reference", "Evidence to have at hand", "Status", ""], [0.14, 0.56, 0.15, 0.15]))
    if not messages and not linked:
        out.append(F.para("No key messages or evidence linked to this session.", "muted"))
    return out


def _adjustments(session: Session, data: PackData) -> list:
    """For people who use services and carers: how to ask for adjustments, and how expenses are paid."""
    if data.audience != PEOPLE:
        return []
    from readiness_app.reports.arrangements import ADJUSTMENTS

    return [
        F.heading("If you need anything to take part", 1, bookmark="Anything you need to take part"),
        F.para("Tell us if you need:"),
        *F.bullets(ADJUSTMENTS),
        F.markup(f"<b>Who to ask:</b> {F.esc(data.arrangements.get('contact', ''))}."),
        F.markup(f"<b>Expenses:</b> {F.esc(data.arrangements.get('expenses', ''))}."),
    ]


def _notes(session: Session, data: PackData) -> list:
    if data.audience == PEOPLE:
        return []
    label = "Notes (what was asked, what we said, anything to correct or send)"
    if _is_case(session):
        label += ". No names: the coded reference only"
    return [PackNotes(label)]


def _figures(session: Session, data: PackData) -> list:
    """The figures to know for the QS in focus, on a page of their own after the brief (which stays one page)."""
    if _is_case(session) or not data.sees.position:
        return []
    focus = _focus_ids(session, data)
    if not any(data.figures.get(qid) for qid in focus):
        return []  # a page saying only "no figures" wastes paper on every pack of a new register
    known = figures.figures_to_know(data.figures, focus, bookmark=False)
    return [F.new_page(), *known] if known else []


# The parts of a pack, in print order. Each takes (session, data) and returns flowables.
SECTIONS = [
    _heading,
    _facts,
    _attendees,
    _case,
    _since,
    _quality_statements,
    _messages_and_evidence,
    _adjustments,
    _notes,
    _figures,
]


def pack(session: Session, data: PackData) -> list:
    out: list = []
    for section in SECTIONS:
        out += section(session, data)
    return out


def load_data(reg: Register, rows: list[Session], options: ReportOptions) -> PackData:
    evidence_ids = sorted({i for s in rows for i in s["evidence"]})
    return PackData(
        items={it["id"]: it for it in evidence.list_items(reg, ids=evidence_ids)} if evidence_ids else {},
        cases=printing.cases_by_id(reg, sorted({c for s in rows if (c := s["case_id"])})),
        self_assessment=self_assessment.all_rows(reg),
        actions=improvement.list_actions(reg, today=options.today),
        learning=learning.list_entries(reg),
        figures=figures.by_qs(reg, options.today),
        today=options.today,
        audience=options.audience or INTERNAL,
        arrangements=arrangements(reg),
    )


def build(reg: Register, options: ReportOptions) -> Story:
    rows, person, scope = _select(reg, options)
    story: list = []
    if not rows:
        story += F.document_title(TITLE, options.council or "")
        story.append(
            F.notice(
                "No interview sessions are planned yet. Add sessions to the timetable (or import "
                "them) and print the packs again."
            )
        )
        return Story(title=TITLE, subject="Briefing packs for the CQC on-site interviews", flowables=story)

    data = load_data(reg, rows, options)
    if person:
        story += _personal_schedule(person, rows, options.audience or INTERNAL)
    for n, session in enumerate(rows):
        if n or person:
            story.append(F.new_page())
        story += pack(session, data)
    title = (
        f"Interview pack: {session_title(rows[0], options.audience or INTERNAL)}"
        if options.session_id is not None
        else TITLE
    )
    if person:
        title = "Personal interview pack"
    return Story(
        title=title,
        subject=f"Briefing for the CQC on-site interviews ({scope}), {len(rows)} session{'s' if len(rows) > 1 else ''}",
        keywords=["CQC", "interview", "briefing"],
        flowables=story,
    )
