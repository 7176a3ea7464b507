"""Interview packs: one self-contained briefing per session.

Scopes: every planned session, one day, one session, or one person (their own
schedule first, then a pack for each of their sessions). Case-tracking packs
carry the coded case, its criteria and consent state, never a name; only staff
attendees are named in them, since a relative or advocate would identify the
person.
"""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.register import evidence, printing, sessions
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date, parse_date
from readiness_app.register.vocabulary import (
    CONSENT,
    CONTACT,
    EVIDENCE_STATUS,
    PERSON_KIND,
    SESSION_KIND,
    SESSION_STATUS,
    STAGE,
)
from readiness_app.reports import flowables as F
from readiness_app.reports.options import ReportOptions, Story

TITLE = "Interview packs"
NAMED_IN_CASE_SESSIONS = ("leader", "staff")  # attendee kinds safe to name beside a tracked case


def _select(reg: Register, options: ReportOptions) -> tuple[list[dict[str, Any]], dict[str, Any] | None, str]:
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


def _where(session: dict[str, Any]) -> str:
    if not session.get("room"):
        return "No room set yet"
    if session.get("room_virtual"):
        link = session.get("room_link") or "link to follow"
        return f"{session['room']} (virtual): {link}"
    location = session.get("room_location")
    return f"{session['room']}, {location}" if location else session["room"]


def _overlapping(rows: list[dict[str, Any]]) -> set[int]:
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


def _personal_schedule(person: dict[str, Any], rows: list[dict[str, Any]]) -> list:
    out: list = F.document_title(f"Your interview schedule: {person['name']}", bookmark="Your schedule")
    role = ", ".join(v for v in (person.get("role"), person.get("team"), person.get("organisation")) if v)
    if role:
        out.append(F.para(role, "subtitle"))
    clashes = _overlapping(rows)
    table_rows, style = [], []
    for i, s in enumerate(rows, start=1):
        title = s["title"] + ("\n⚠ overlaps another of your sessions" if s["id"] in clashes else "")
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


def _attendees(session: dict[str, Any]) -> list:
    people = session["people"]
    if not people:
        return [F.para("No attendees recorded yet.", "muted")]
    hidden = 0
    if session["kind"] == "case_tracking":
        shown = [p for p in people if p["kind"] in NAMED_IN_CASE_SESSIONS]
        hidden = len(people) - len(shown)
        people = shown
    out: list = []
    if people:
        rows = [[p["name"], p["role"], p["organisation"], PERSON_KIND.get(p["kind"], p["kind"])] for p in people]
        out.append(F.table(rows, ["Name", "Role", "Organisation", "Group"], [0.27, 0.3, 0.27, 0.16]))
    if hidden:
        out.append(
            F.para(
                f"{hidden} further attendee{'s' if hidden > 1 else ''} not named here "
                "(case tracking: people who could identify the person are left out).",
                "small",
            )
        )
    return out


def _case_block(case: dict[str, Any] | None, code: str | None) -> list:
    if case is None:
        return [
            F.notice(f"Case tracking session, but the case {code or ''} is not in the register.".replace("  ", " "))
        ]
    consent = CONSENT.get(case["consent"], case["consent"])
    if case.get("consent_date"):
        consent += f" ({long_date(case['consent_date'])})"
    facts = F.facts(
        [
            ("Case (coded)", case["code"]),
            ("Stage", STAGE.get(case["stage"], case["stage"])),
            ("Criteria", ", ".join(case["criteria"]) or "none recorded"),
            ("Consent", consent),
            ("Contact through", CONTACT.get(case.get("contact") or "", case.get("contact") or "")),
            ("Records shared", long_date(case.get("records_shared_date")) or "not yet"),
            ("Team", case.get("team") or ""),
        ]
    )
    out: list = [F.subheading("Tracked case"), facts]
    if case["consent"] not in ("given", "not_required"):
        out.append(
            F.notice(
                f"Consent is {CONSENT.get(case['consent'], case['consent']).lower()}: do not share "
                "records or arrange conversations until consent is given."
            )
        )
    out.append(F.para("Refer to the person by the coded reference only. Do not write names in this pack.", "small"))
    return out


def _pack(session: dict[str, Any], items: dict[int, dict[str, Any]], case: dict[str, Any] | None) -> list:
    fw = current()
    when = f"{long_date(session['date'])}, {session['start']}–{session['end']}"
    out: list = [F.heading(session["title"], 0, bookmark=f"{when[:10]} {session['start']} {session['title']}")]
    out.append(F.para(f"Interview pack · {when}", "subtitle"))
    if session["status"] == "cancelled":
        out.append(F.notice("This session is CANCELLED."))
    assessors = "; ".join(f"{a['name']} ({a['role']})" if a["role"] else a["name"] for a in session["assessors"])
    qs_labels = ", ".join(f"{q} {fw.qs(q).name}" for q in session["qs"] if q in fw.qs_ids)
    out.append(
        F.facts(
            [
                ("When", when),
                ("Where", _where(session)),
                ("Kind of session", SESSION_KIND.get(session["kind"], session["kind"])),
                ("CQC assessors", assessors or "not yet known"),
                ("Quality statements", qs_labels or "none linked yet"),
                ("Briefing by", session.get("briefing_owner") or "not named"),
                ("Status", SESSION_STATUS.get(session["status"], session["status"])),
            ]
        )
    )
    if session["kind"] == "case_tracking" or session.get("case_id"):
        out += _case_block(case, session.get("case_code"))
    out.append(F.subheading("Attendees"))
    out += _attendees(session)

    out.append(F.heading("Quality statements in focus", 1, bookmark="Quality statements"))
    if not session["qs"]:
        out.append(F.para("No quality statement is linked to this session yet.", "muted"))
    for qid in session["qs"]:
        if qid not in fw.qs_ids:
            continue
        q = fw.qs(qid)
        out.append(F.subheading(f"{q.id} {q.name} ({q.theme.name})"))
        if q.focus:
            out.append(F.para(q.focus))
        if q.people_expect:
            out.append(F.markup(f"<i>People expect:</i> {F.esc(q.people_expect)}"))
        if q.prompts:
            out.append(F.para("Questions to be ready for:", "small"))
            out += F.bullets(q.prompts)

    out.append(F.heading("Key messages and evidence", 1, bookmark="Key messages and evidence"))
    messages = [line.strip(" -•\t") for line in (session.get("key_messages") or "").splitlines() if line.strip()]
    if messages:
        out += F.bullets(messages)
    else:
        out.append(F.para("No key messages recorded.", "muted"))
    linked = [items[i] for i in session["evidence"] if i in items]
    if linked:
        out.append(F.subheading("Evidence to have at hand"))
        rows = []
        for it in linked:
            note = "MISSING from the folder" if it["presence"] == "missing" else ""
            rows.append([it["reference"] or "", it["title"], EVIDENCE_STATUS.get(it["status"], it["status"]), note])
        out.append(F.table(rows, ["Reference", "Title", "Status", ""], [0.15, 0.55, 0.15, 0.15]))
    else:
        out.append(F.para("No evidence linked to this session.", "muted"))
    out += F.notes_box(70, "Notes (what was asked, what we said, anything to correct or send)")
    return out


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

    evidence_ids = sorted({i for s in rows for i in s["evidence"]})
    items = {it["id"]: it for it in evidence.list_items(reg, ids=evidence_ids)} if evidence_ids else {}
    cases = printing.cases_by_id(reg, sorted({s["case_id"] for s in rows if s.get("case_id")}))
    if person:
        story += _personal_schedule(person, rows)
    for n, session in enumerate(rows):
        if n or person:
            story.append(F.new_page())
        story += _pack(session, items, cases.get(session.get("case_id")))
    title = f"Interview pack: {rows[0]['title']}" if options.session_id is not None else TITLE
    if person:
        title = "Personal interview pack"
    return Story(
        title=title,
        subject=f"Briefing for the CQC on-site interviews ({scope}), {len(rows)} session{'s' if len(rows) > 1 else ''}",
        keywords=["CQC", "interview", "briefing"],
        flowables=story,
    )
