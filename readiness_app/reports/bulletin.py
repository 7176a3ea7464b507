"""The nightly bulletin: what the next day's interviewees need to know tonight.

`--for DATE` is the evening the bulletin goes out. It covers the next day that
has interview sessions (Friday evening covers Monday) and the learning log
entries made on DATE: key messages that landed well, corrections and
clarifications (and who will make them), evidence promised to CQC and themes
CQC raised. The same content comes as a PDF (`report bulletin`, via
`build`) and as plain text for pasting into an email (`as_text`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.register import assessment, learning, sessions
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date, parse_date
from readiness_app.register.vocabulary import PEOPLE_KINDS

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session

# Friday evening -> Monday, plus a bank holiday Monday: the "next day" is at most this far.
MAX_GAP_DAYS = 4
REMINDERS_SETTING = "bulletin.reminders"
DEFAULT_REMINDERS = (
    "Arrive at least 15 minutes before your session and sign in at reception; the home team room is open from 08:00.",
    "Virtual sessions: join from a quiet room 5 minutes early, with your camera on and the link from your invitation.",
    "Bring your briefing pack and the evidence listed for your session; you do not need to bring anything else.",
    "Speak from your own experience with examples. If you do not know an answer, say so and offer to follow it up.",
    "Straight after your session, give the coordination team a short debrief so it goes into the learning log.",
)
ATTENDEES_LISTED = 8  # longer lists are summarised so the bulletin stays short


def reminders(reg: Register) -> list[str]:
    """The council's own reminders (setting `bulletin.reminders`, one per line), else the defaults."""
    text = assessment.setting(reg, REMINDERS_SETTING)
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines or list(DEFAULT_REMINDERS)


def set_reminders(reg: Register, lines: list[str]) -> None:
    """The bulletin's closing reminders (a register setting); no lines restores the defaults."""
    text = "\n".join(line.strip() for line in lines if line.strip())
    assessment.set_setting(reg, REMINDERS_SETTING, text or None)


def _next_day(reg: Register, evening: str) -> str:
    days = [d for d in sessions.days(reg) if d > evening]
    if not days:
        raise ReadinessError(
            f"no interview sessions after {long_date(evening)}", hint="choose an evening during the visit"
        )
    gap = (date.fromisoformat(days[0]) - date.fromisoformat(evening)).days
    if gap > MAX_GAP_DAYS:
        raise ReadinessError(
            f"the next interviews after {long_date(evening)} are on {long_date(days[0])}, {gap} days later",
            hint=f"the bulletin goes out the evening before; try --for {date.fromisoformat(days[0]) - timedelta(1)}",
        )
    return days[0]


def _who_for(session: Session) -> str:
    """Who attends; for a case-tracking session, practitioners by role only, as in its pack:
    names beside a case's code could identify the person, and the bulletin goes to everyone.
    A drop-in is open: it names its host, never invitees."""
    if session["kind"] == "drop_in":
        return "Open to all staff (no one is booked)" + (f"; host: {session['host']}" if session.get("host") else "")
    if not (session["kind"] == "case_tracking" or session.get("case_id")):
        return _who(session["people"])
    roles = sorted(p["role"] or "practitioner" for p in session["people"] if p["kind"] in ("leader", "staff"))
    if not session["people"]:
        return ""
    text = "Practitioners by role: " + (", ".join(roles) or "none recorded")
    others = len(session["people"]) - len(roles)
    if others:
        text += f"; {others} further attendee{'s' if others > 1 else ''} not listed"
    return text


def _who(people: Sequence[Mapping[str, Any]]) -> str:
    """Names and roles; people who use services and carers take part as themselves and are counted, not named."""
    named = [p for p in people if p["kind"] not in PEOPLE_KINDS]
    names = [p["name"] + (f" ({p['role']})" if p["role"] else "") for p in named]
    if len(names) > ATTENDEES_LISTED:
        names = names[: ATTENDEES_LISTED - 1] + [f"and {len(names) - ATTENDEES_LISTED + 1} others"]
    unnamed = len(people) - len(named)
    if unnamed:
        names.append(f"{unnamed} {'person' if unnamed == 1 else 'people'} who use services or carers (not named)")
    return "; ".join(names)


def collect(reg: Register, for_date: object, audience: str = "internal") -> dict[str, Any]:
    """Everything the bulletin says, as plain data (the PDF, the text and `--json` share it).

    audience "partners": the variant for NHS, police, providers and the voluntary sector leaves out
    case-tracking sessions, corrections, the council's key messages and everyone's names.
    """
    if audience not in ("internal", "partners"):
        raise ReadinessError(f"the bulletin has no version for {audience!r}", "choose internal or partners")
    partners = audience == "partners"
    evening = parse_date(for_date, "for", required=True)
    next_day = _next_day(reg, evening)
    fw = current()
    rows = sessions.list_sessions(reg, day=next_day, include_cancelled=False)
    if partners:
        rows = [s for s in rows if not (s["kind"] == "case_tracking" or s.get("case_id"))]
    entries = learning.list_entries(reg, day=evening)
    themes: list[str] = []
    for e in entries:
        for theme in (t.strip() for t in e["themes"].replace(";", ",").split(",")):
            if theme and theme.lower() not in (t.lower() for t in themes):
                themes.append(theme)
    asked: dict[str, int] = {}
    for e in entries:
        for q in e["qs"]:
            asked[q] = asked.get(q, 0) + 1

    def source(e: dict) -> str:
        return e["session_title"] or "general"

    def grouped(field: str, extra: str | None = None) -> list[dict[str, Any]]:
        """Entries saying the same thing are merged, with every session it came from."""
        out: dict[tuple, dict[str, Any]] = {}
        for e in entries:
            text = " ".join(e[field].split())
            if not text:
                continue
            key = (text.lower(), (e[extra] or "").lower() if extra else "")
            item = out.setdefault(key, {"text": text, "from": [], **({"by": e[extra]} if extra else {})})
            if source(e) not in item["from"]:
                item["from"].append(source(e))
        return list(out.values())

    info = assessment.get(reg)
    content = {
        "audience": audience,
        "council": info["council"],
        "marking": info.get("marking") or "",
        "evening": evening,
        "next_day": next_day,
        "sessions": [
            {
                "id": s["id"],
                "start": s["start"],
                "end": s["end"],
                "room": s["room"] or "room to be confirmed",
                "where": s["room_link"] if s["room_virtual"] else (s["room_location"] or ""),
                "virtual": bool(s["room_virtual"]),
                "title": s["title"],
                "qs": s["qs"],
                "attendees": [p["name"] for p in s["people"]],
                "attending": _who_for(s),
                "key_messages": s["key_messages"],
            }
            for s in rows
        ],
        "learning_entries": len(entries),
        "key_messages": grouped("went_well"),
        "corrections": grouped("to_correct", "correct_by"),
        "evidence_to_send": grouped("evidence_to_send"),
        "themes": themes,
        "asked_about": [{"qs": q, "name": fw.qs(q).name, "sessions": n} for q, n in asked.items()],
        "reminders": reminders(reg),
    }
    if partners:
        for s in content["sessions"]:
            s.update(attendees=[], attending="", key_messages="")
        content.update(key_messages=[], corrections=[], evidence_to_send=[])
    return content


def _heard(item: dict[str, Any]) -> str:
    count = len(item["from"])
    return f" [heard {count} times]" if count > 1 else ""


def as_text(content: dict[str, Any]) -> str:
    """The bulletin as plain text for an email body (no tabs, lines under 100 characters where possible)."""
    out: list[str] = []
    if content["marking"]:
        out += [content["marking"], ""]
    out.append(f"{content['council']}: CQC assessment evening bulletin")
    out.append(
        f"Sent the evening of {long_date(content['evening'])}, for interviews on {long_date(content['next_day'])}"
    )
    out.append("")

    def section(title: str) -> None:
        out.extend([title.upper(), "-" * len(title)])

    section(f"Interviews on {long_date(content['next_day'])} ({len(content['sessions'])})")
    shared = _shared_messages(content["sessions"])
    if shared:
        out += [f"Key messages for every session: {shared}", ""]
    for s in content["sessions"]:
        place = s["room"] + (f" ({s['where']})" if s["where"] else "")
        out.append(f"{s['start']}-{s['end']}  {s['title']}")
        out.append(f"    Where: {place}")
        if s["attending"]:
            out.append(f"    Attending: {s['attending']}")
        if s["qs"]:
            out.append(f"    Likely topics: {', '.join(s['qs'])}")
        own = _one_line(s["key_messages"])
        if own and own != shared:
            out.append(f"    Key messages: {own}")
    out.append("")
    if not content["learning_entries"]:
        out += ["No learning log entries were made today.", ""]
    elif content.get("audience") == "partners":
        if content["asked_about"]:
            section("What CQC asked about today")
            out += [f"- {a['qs']} {a['name']}" for a in content["asked_about"]]
            out.append("")
        if content["themes"]:
            section("Themes CQC raised")
            out += ["- " + "; ".join(content["themes"]), ""]
    else:
        if content["asked_about"]:
            section("What CQC asked about today")
            out += [
                f"- {a['qs']} {a['name']} ({a['sessions']} session{'s' if a['sessions'] > 1 else ''})"
                for a in content["asked_about"]
            ]
            out.append("")
        if content["key_messages"]:
            section("Key messages that landed well")
            out += [f"- {m['text']}{_heard(m)}" for m in content["key_messages"]]
            out.append("")
        if content["corrections"]:
            section("Corrections and clarifications")
            out += [
                f"- {c['text']}" + (f" (to be picked up by {c['by']})" if c["by"] else "") + _heard(c)
                for c in content["corrections"]
            ]
            out.append("")
        if content["evidence_to_send"]:
            section("Evidence promised to CQC")
            out += [f"- {e['text']}" for e in content["evidence_to_send"]]
            out.append("")
        if content["themes"]:
            section("Themes CQC raised")
            out += ["- " + "; ".join(content["themes"]), ""]
    section("Reminders")
    out += [f"- {r}" for r in content["reminders"]]
    if content["marking"]:
        out += ["", content["marking"]]
    return "\n".join(out) + "\n"


def _one_line(messages: str | None) -> str:
    """A session's key messages (one a line) as sentences on one line, so two never run together."""
    lines = [" ".join(line.strip(" -•\t").split()) for line in (messages or "").splitlines()]
    return " ".join(line if line[-1] in ".!?:;" else line + "." for line in lines if line)


def _shared_messages(rows: list[dict[str, Any]]) -> str:
    """Key messages most sessions share: printed once above the table, not on every row."""
    counts: dict[str, int] = {}
    for r in rows:
        text = _one_line(r["key_messages"])
        if text:
            counts[text] = counts.get(text, 0) + 1
    if len(rows) < 2 or not counts:
        return ""
    text, count = max(counts.items(), key=lambda kv: kv[1])
    return text if count * 2 >= len(rows) else ""


def build(reg: Register, options: Any) -> Any:
    """The bulletin PDF (builder contract of readiness_app.reports)."""
    from readiness_app.reports import flowables as F
    from readiness_app.reports.options import Story

    if not options.for_date:
        raise ReadinessError("say which evening the bulletin is for", hint="add --for YYYY-MM-DD", field="for_date")
    partners = options.audience == "partners"
    c = collect(reg, options.for_date, "partners" if partners else "internal")
    story: list = F.title_block(
        f"Evening bulletin{' for partners' if partners else ''}: {long_date(c['evening'])}",
        f"For {'partners' if partners else 'everyone'} taking part in CQC interviews on {long_date(c['next_day'])}",
    )
    story.append(F.heading(f"Tomorrow's interviews ({len(c['sessions'])})", 0))
    shared = _shared_messages(c["sessions"])
    intro = "Times, rooms and who is attending. Full room details are in the timetable and your briefing pack."
    if partners:
        intro = "Times, rooms and topics. Your invitation has the full arrangements for your own session."
    story.append(F.para(intro, "muted"))
    if shared:
        story.append(F.markup(f"<b>Key messages for every session:</b> {F.esc(shared)}"))
    used = [q for q in current().qs_ids if any(q in s["qs"] for s in c["sessions"])]
    if used:
        legend = "; ".join(f"{q} {current().qs(q).name}" for q in used)
        story.append(F.markup(f"<b>Topics:</b> {F.esc(legend)}", "small"))
    story.append(F.space(2))
    rows = []
    for s in c["sessions"]:
        when = f"{s['start']}–{s['end']}\n{s['room']}"
        what = s["title"]
        if s["qs"]:
            what += "\nTopics: " + ", ".join(s["qs"])
        own = _one_line(s["key_messages"])
        if own and own != shared:
            what += f"\nKey messages: {own}"
        rows.append((when, what, s["attending"] or "-"))
    if rows and partners:
        story.append(F.table([r[:2] for r in rows], ["When and where", "Session"], [0.25, 0.75]))
    elif rows:
        story.append(F.table(rows, ["When and where", "Session", "Attending"], [0.17, 0.33, 0.5]))
    else:
        story.append(F.notice("No interviews are planned for that day."))

    story.append(F.heading("From today's sessions" if partners else "From today's learning log", 0))
    if not c["learning_entries"]:
        story.append(
            F.notice(
                "Nothing to add from today's sessions."
                if partners
                else "No learning log entries were made today, so there are no corrections to pass on."
            )
        )
    elif partners:
        if c["asked_about"]:
            story.append(F.heading("What CQC asked about", 1))
            story.append(F.para("; ".join(f"{a['qs']} {a['name']}" for a in c["asked_about"])))
        if c["themes"]:
            story.append(F.heading("Themes CQC raised", 1))
            story.append(F.para("; ".join(c["themes"])))
    else:
        if c["asked_about"]:
            story.append(F.heading("What CQC asked about", 1))
            story.append(F.para("; ".join(f"{a['qs']} {a['name']} ({a['sessions']})" for a in c["asked_about"])))
        if c["key_messages"]:
            story.append(F.heading("Key messages that landed well", 1))
            story += F.bullets(m["text"] + _heard(m) for m in c["key_messages"])
        if c["corrections"]:
            story.append(F.heading("Corrections and clarifications", 1))
            story.append(
                F.table(
                    [(x["text"], x["by"] or "-", "; ".join(x["from"])) for x in c["corrections"]],
                    ["What needs correcting or clarifying", "Who will pick it up", "Heard in"],
                    [0.52, 0.2, 0.28],
                )
            )
        if c["evidence_to_send"]:
            story.append(F.heading("Evidence promised to CQC", 1))
            story += F.bullets(e["text"] for e in c["evidence_to_send"])
        if c["themes"]:
            story.append(F.heading("Themes CQC raised", 1))
            story.append(F.para("; ".join(c["themes"])))
    story.append(F.heading("Reminders", 0))
    story += F.bullets(c["reminders"])
    return Story(
        title="Evening bulletin for partners" if partners else "Evening bulletin",
        subject=f"CQC assessment: bulletin for interviews on {c['next_day']}",
        keywords=["CQC", "bulletin", c["next_day"]],
        flowables=story,
    )
