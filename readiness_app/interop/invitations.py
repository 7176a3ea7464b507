"""Meeting invitations for Outlook: one .ics per session (METHOD:REQUEST), cancellations (METHOD:CANCEL).

Each invitation keeps its UID for good, and its SEQUENCE goes up whenever what
it says changes (time, room, attendees), so sending the new file updates the
meeting in Outlook instead of adding a second one. What was last exported is
kept in the register (`register/invitations.py`), which is also how a session
that has since been removed is still cancelled.

People who use services and carers are never put in an invitation with
others: each gets a separate invitation of their own (with its own UID), and
the shared invitation neither lists nor names them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.interop.calendars import TIMEZONE, council_slug, london_timezone
from readiness_app.output_files import write_atomically
from readiness_app.register import assessment
from readiness_app.register import invitations as sent_register
from readiness_app.register import sessions as session_register
from readiness_app.register.connection import UUID_KEY, Register
from readiness_app.register.validation import email_address
from readiness_app.register.vocabulary import SESSION_KIND

ORGANISER_KEY = "invitation_organiser"
# Person kinds invited on their own (the audience rules: never alongside others).
PRIVATE_KINDS = frozenset({"carer", "lived_experience"})


@dataclass
class InvitationExport:
    """What an export wrote, for the command line and the window to report."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    cancelled: int = 0
    without_email: list[str] = field(default_factory=list)  # names only shown to the organiser

    def summary(self) -> str:
        text = (
            f"{len(self.files)} invitation file(s) in {self.folder}: {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.cancelled} cancelled"
        )
        if self.without_email:
            text += f"; {len(self.without_email)} attendee(s) have no e-mail address and were left out"
        return text


def organiser(reg: Register, given: str | None = None) -> str:
    """The organiser's address: the one given (then remembered) or the one saved before."""
    if given:
        address = email_address(given, "organiser")
        assessment.set_setting(reg, ORGANISER_KEY, address)
        return address
    saved = assessment.setting(reg, ORGANISER_KEY)
    if not saved:
        raise ReadinessError(
            "meeting invitations need an organiser's e-mail address",
            hint="give it once with --organiser you@council.gov.uk (the register remembers it)",
            field="organiser",
        )
    return saved


def planned(reg: Register, sessions: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The invitations the sessions need now (cancelled sessions have none), and attendees lacking an address."""
    register_id = assessment.setting(reg, UUID_KEY) or assessment.get(reg)["council"]
    domain = council_slug(register_id)
    wanted: list[dict[str, Any]] = []
    missing: list[str] = []
    for s in sessions:
        if s["status"] == "cancelled":
            continue
        shared: list[dict[str, str]] = []
        for a in s["assessors"]:
            role = "CHAIR" if a.get("role_key") == "lead_inspector" else "REQ-PARTICIPANT"
            _attend(shared, missing, a, role)
        for p in s["people"]:
            if p["kind"] in PRIVATE_KINDS:
                alone: list[dict[str, str]] = []
                _attend(alone, missing, p, "REQ-PARTICIPANT")
                if alone:
                    uid = f"session-{s['id']}-person-{p['id']}@{domain}.readiness-app"
                    wanted.append(_invitation(s, uid, alone, private=True))
            else:
                _attend(shared, missing, p, "REQ-PARTICIPANT")
        wanted.append(_invitation(s, f"session-{s['id']}@{domain}.readiness-app", shared, private=False))
    return wanted, missing


def _attend(into: list[dict[str, str]], missing: list[str], who: dict[str, Any], role: str) -> None:
    if who.get("email"):
        into.append({"email": who["email"], "name": who["name"], "role": role})
    else:
        missing.append(who["name"])


def _invitation(s: Mapping[str, Any], uid: str, attendees: list[dict[str, str]], *, private: bool) -> dict[str, Any]:
    location = s.get("room_link") if s.get("room_virtual") and s.get("room_link") else (s.get("room") or "")
    if s.get("room_location") and not s.get("room_virtual"):
        location = ", ".join(p for p in (location, s["room_location"]) if p)
    content = {
        "summary": s["title"],
        "date": s["date"],
        "start": s["start"],
        "end": s["end"],
        "location": location,
        "link": s.get("room_link") or "",
        "kind": SESSION_KIND.get(s["kind"], s["kind"]),
        "attendees": sorted(attendees, key=lambda a: a["email"].lower()),
        "private": private,
    }
    fingerprint = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    return {"uid": uid, "session_id": s["id"], "content": content, "fingerprint": fingerprint}


def export_invitations(
    reg: Register, folder: Path | str, *, organiser_email: str | None = None, now: datetime | None = None
) -> InvitationExport:
    """Write one .ics per invitation into `folder` and remember what was sent (see the module docstring)."""
    organiser_address = organiser(reg, organiser_email)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    marking = assessment.get(reg)["marking"] or ""
    stamp = (now or clock.now_utc()).astimezone(UTC).replace(microsecond=0)
    wanted, missing = planned(reg, session_register.list_sessions(reg))
    before = sent_register.sent(reg)
    result = InvitationExport(out, without_email=sorted(set(missing)))
    records: list[dict[str, Any]] = []
    names: set[str] = set()
    for inv in wanted:
        old = before.get(inv["uid"])
        if old is None:
            sequence, result.new = 0, result.new + 1
        elif old["fingerprint"] != inv["fingerprint"] or old["cancelled"]:
            sequence, result.updated = old["sequence"] + 1, result.updated + 1
        else:
            sequence, result.unchanged = old["sequence"], result.unchanged + 1
        data = _calendar("REQUEST", inv["uid"], sequence, inv["content"], organiser_address, marking, stamp)
        result.files.append(write_atomically(out / _file_name(inv["content"], names), data))
        records.append(inv | {"sequence": sequence, "cancelled": False})
    still = {inv["uid"] for inv in wanted}
    for uid, old in sorted(before.items()):
        if uid in still or old["cancelled"]:
            continue
        sequence = old["sequence"] + 1
        data = _calendar("CANCEL", uid, sequence, old["content"], organiser_address, marking, stamp)
        result.files.append(write_atomically(out / _file_name(old["content"], names, cancelled=True), data))
        result.cancelled += 1
        records.append(old | {"sequence": sequence, "cancelled": True})
    sent_register.record(reg, records)
    return result


def _calendar(
    method: str,
    uid: str,
    sequence: int,
    content: dict[str, Any],
    organiser_address: str,
    marking: str,
    stamp: datetime,
) -> bytes:
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event, vCalAddress, vText

    london = ZoneInfo(TIMEZONE)
    cal = Calendar()
    cal.add("prodid", "-//readiness-app//CQC assessment invitations//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add_component(london_timezone())
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    day = date.fromisoformat(content["date"])
    event.add("dtstart", datetime.combine(day, _clock(content["start"]), tzinfo=london))
    event.add("dtend", datetime.combine(day, _clock(content["end"]), tzinfo=london))
    cancelled = method == "CANCEL"
    event.add("summary", ("Cancelled: " if cancelled else "") + content["summary"])
    if content["location"]:
        event.add("location", content["location"])
    if content["link"]:
        event.add("url", content["link"])
    lines = [marking] if marking else []
    lines.append(f"Kind: {content['kind']}")
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    if content.get("private"):
        event.add("class", "PRIVATE")
    who = vCalAddress(f"mailto:{organiser_address}")
    event.add("organizer", who)
    for a in content["attendees"]:
        attendee = vCalAddress(f"mailto:{a['email']}")
        attendee.params["cn"] = vText(a["name"])
        attendee.params["role"] = vText(a["role"])
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    return cal.to_ical()


def _clock(text: str):
    from datetime import time

    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def _file_name(content: dict[str, Any], taken: set[str], *, cancelled: bool = False) -> str:
    """'2026-12-01 0930 Front door.ics'; a separate invitation or a cancellation says so, never a name."""
    title = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", content["summary"]).strip()[:60].strip() or "session"
    base = f"{content['date']} {content['start'].replace(':', '')} {title}"
    if content.get("private"):
        base += " (separate invitation)"
    if cancelled:
        base += " (cancelled)"
    name, n = f"{base}.ics", 2
    while name.lower() in taken:
        name, n = f"{base} {n}.ics", n + 1
    taken.add(name.lower())
    return name
