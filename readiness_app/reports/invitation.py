"""Invitation letters for people who use services and carers, plain English and Easy Read.

One letter per session in scope. With `--person` the letters are addressed to
that person and cover only their own sessions; without it they open "Hello",
so a letter never names anyone but the person it is sent to. A letter says
when, where, who from CQC (by role), what the conversation is for, how to ask
for adjustments (interpreter, BSL, access, a carer or supporter to come too) and
how expenses are paid; never other attendees, case codes or the council's view.

The Easy Read letter uses large type, one idea to a short sentence, and an
empty box beside each step for a picture (councils add their own).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from readiness_app.errors import ReadinessError
from readiness_app.register import printing, sessions
from readiness_app.register.connection import Register
from readiness_app.register.sessions import Session
from readiness_app.register.vocabulary import PEOPLE_KINDS
from readiness_app.reports import flowables as F
from readiness_app.reports import styles as S
from readiness_app.reports.arrangements import ADJUSTMENTS, arrangements
from readiness_app.reports.fonts import BOLD
from readiness_app.reports.options import ReportOptions, Story

# Sessions where CQC hears people and carers on their own (the council only hosts).
WITHOUT_COUNCIL_STAFF = ("partner_provider", "other")
PLAIN_PURPOSE = (
    "The Care Quality Commission (CQC) checks how well councils support adults who need care, and the "
    "people who care for them. CQC would like to hear about your own experience of the council's support: "
    "what has gone well, and what could be better."
)


def _sessions_for(reg: Register, options: ReportOptions) -> tuple[list[Session], dict[str, Any] | None]:
    person = printing.get_person(reg, int(options.person_id)) if options.person_id is not None else None
    if options.session_id is not None:
        rows = [sessions.get(reg, int(options.session_id))]
        if person and person["id"] not in {p["id"] for p in rows[0]["people"]}:
            raise ReadinessError(
                f"person {person['id']} is not invited to session {options.session_id}", field="person"
            )
    else:
        rows = sessions.list_sessions(reg, person_id=person["id"] if person else None, include_cancelled=False)
        if person is None:  # every session people who use services or carers are invited to
            rows = [s for s in rows if any(p["kind"] in PEOPLE_KINDS for p in s["people"])]
    rows = [s for s in rows if s["kind"] != "case_tracking" and not s.get("case_id")]
    if not rows:
        who = f" for person {person['id']}" if person else ""
        raise ReadinessError(
            f"no sessions to invite to{who}",
            "invitations are for sessions people who use services or carers attend (not case tracking)",
            field="person" if person else "session",
        )
    return rows, person


def _time(text: str) -> str:
    """'16:00' -> '4pm', '09:30' -> '9.30am' (the way letters write times)."""
    hour, minute = (int(x) for x in text.split(":"))
    suffix = "am" if hour < 12 else "pm"
    hour = hour % 12 or 12
    return f"{hour}{f'.{minute:02d}' if minute else ''}{suffix}"


def _day(iso: str) -> str:
    """'2026-12-15' -> 'Tuesday 15 December 2026' (letters spell the day out)."""
    from datetime import date

    d = date.fromisoformat(iso)
    return f"{d:%A} {d.day} {d:%B %Y}"


def _where(session: Mapping[str, Any]) -> str:
    if not session.get("room"):
        return "we will write to you with the place"
    if session.get("room_virtual"):
        return f"online, by video call. The link is: {session.get('room_link') or 'we will send it to you'}"
    location = session.get("room_location")
    return f"{session['room']}, {location}" if location else session["room"]


def _who_from_cqc(session: Mapping[str, Any]) -> str:
    count = len(session["assessors"])
    if not count:
        return "people from CQC"
    roles = sorted({(a["role"] or "assessor").lower() for a in session["assessors"]})
    people = "1 person" if count == 1 else f"{count} people"
    return f"{people} from CQC ({', '.join(roles)})"


def _greeting(person: dict[str, Any] | None) -> str:
    return f"Dear {person['name']}," if person else "Hello,"


def _letter(session: Mapping[str, Any], person: dict[str, Any] | None, council: str, ways: dict[str, str]) -> list:
    when = f"{_day(session['date'])}, {_time(session['start'])} to {_time(session['end'])}"
    out: list = [
        F.para(council, "subtitle"),
        F.para(_greeting(person)),
        F.space(2),
        F.para("An invitation to talk to the Care Quality Commission", "title"),
        F.para(PLAIN_PURPOSE),
        F.space(2),
        F.facts(
            [
                ("When", when),
                ("Where", _where(session)),
                ("Who you will meet", _who_from_cqc(session)),
            ],
            key_width=0.25,
        ),
        F.space(2),
    ]
    if session["kind"] in WITHOUT_COUNCIL_STAFF:
        out.append(F.para("Council staff will not be in the room. What you say is between you and CQC."))
    out.append(
        F.para(
            "You do not need to prepare anything. There are no right or wrong answers. "
            "You can stop at any time, and you can change your mind about coming."
        )
    )
    out.append(F.heading("If you need anything to take part", 1, bookmark="Anything you need to take part"))
    out.append(F.para("Please tell us if you would like:"))
    out += F.bullets(ADJUSTMENTS)
    out.append(F.markup(f"<b>Who to tell:</b> {F.esc(ways['contact'])}."))
    out.append(F.heading("Expenses", 1, bookmark="Expenses"))
    out.append(F.para(ways["expenses"] + "."))
    out.append(F.space(6))
    out.append(F.para(f"Thank you. The CQC visit team, {council}"))
    return out


def build(reg: Register, options: ReportOptions) -> Story:
    rows, person = _sessions_for(reg, options)
    ways = arrangements(reg)
    story: list = []
    for n, session in enumerate(rows):
        if n:
            story.append(F.new_page())
        story += _letter(session, person, options.council or "", ways)
    return Story(
        title="Invitation to talk to CQC",
        subject="An invitation for people who use services and carers",
        keywords=["CQC", "invitation"],
        flowables=story,
    )


# ---------------------------------------------------------------- Easy Read


def _easy_styles() -> dict[str, ParagraphStyle]:
    base = S.style_sheet()["body"]
    return {
        "text": ParagraphStyle("easy", parent=base, fontSize=16, leading=22),
        "title": ParagraphStyle("easy_title", parent=base, fontName=BOLD, fontSize=22, leading=28, spaceAfter=10),
    }


class PictureSpace(Flowable):
    """An empty box beside a step for a picture the council adds."""

    SIZE = 32 * mm

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.SIZE, self.SIZE

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(S.RULE)
        c.setDash(3, 3)
        c.rect(0, 0, self.SIZE, self.SIZE)
        c.restoreState()


def _easy_steps(session: Mapping[str, Any], person: dict[str, Any] | None, ways: dict[str, str]) -> list[str]:
    count = len(session["assessors"])
    steps = [
        "CQC checks how the council helps people.",
        "CQC would like to talk to you.",
        f"The day is {_day(session['date'])}.",
        f"The time is {_time(session['start'])} to {_time(session['end'])}.",
        f"The place is {_where(session)}.",
        f"You will meet {count if count else 'some'} {'person' if count == 1 else 'people'} from CQC.",
    ]
    if session["kind"] in WITHOUT_COUNCIL_STAFF:
        steps.append("Council staff will not be there.")
    steps += [
        "You can say what you think. There are no wrong answers.",
        "You can bring someone with you. For example, a carer or a friend.",
        "Tell us if you need help to come. For example, an interpreter or sign language.",
        f"Who to tell: {ways['contact']}.",
        "We pay for your travel. Keep your tickets.",
        "You can change your mind. That is OK.",
    ]
    return steps


def build_easy_read(reg: Register, options: ReportOptions) -> Story:
    rows, person = _sessions_for(reg, options)
    ways = arrangements(reg)
    styles = _easy_styles()
    from reportlab.platypus import Paragraph

    story: list = []
    for n, session in enumerate(rows):
        if n:
            story.append(F.new_page())
        story.append(Paragraph(F.esc(_greeting(person)), styles["text"]))
        story.append(Paragraph("Talking to CQC", styles["title"]))
        data = [[PictureSpace(), Paragraph(F.esc(step), styles["text"])] for step in _easy_steps(session, person, ways)]
        story.append(
            Table(
                data,
                colWidths=[PictureSpace.SIZE + 6 * mm, None],
                style=TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                        ("TOPPADDING", (0, 0), (-1, -1), 4),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ]
                ),
                hAlign="LEFT",
            )
        )
    return Story(
        title="Talking to CQC (Easy Read)",
        subject="An Easy Read invitation for people who use services and carers",
        keywords=["CQC", "invitation", "Easy Read"],
        flowables=story,
    )
