"""Command line for interview sessions, through the same operations as the Interviews page.

    session  add | list | edit | remove

A room is named as on the Rooms and team page, a case by its code, people and CQC team
members by id or name. A double booking is saved (a plan is often mid-change, as in the
window's "Save anyway") and said on stderr, as the window says it before saving.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from readiness_app.cli import common as commandline

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session

FIELDS = ("title", "date", "start", "end", "kind", "status", "purpose", "briefing_owner", "key_messages", "notes")


def add_commands(sub) -> None:
    group = commandline.action_group(sub, "session", "interview sessions: add, list, edit, remove")
    p = commandline.add_action(group, "add", cmd_add, "add a session to the timetable")
    _options(p, adding=True)
    p = commandline.add_action(group, "list", cmd_list, "the sessions in time order")
    p.add_argument("--day", metavar="DATE", help="only this day")
    p.add_argument("--person", metavar="ID|NAME", help="only this person's sessions")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = commandline.add_action(group, "edit", cmd_edit, "change a session, or move it (--date, --start, --end, --room)")
    p.add_argument("id", type=int, metavar="ID")
    _options(p, adding=False)
    p = commandline.add_action(group, "remove", cmd_remove, "delete a session")
    p.add_argument("id", type=int, metavar="ID")


def _options(p: argparse.ArgumentParser, *, adding: bool) -> None:
    p.add_argument("--title", required=adding)
    p.add_argument("--date", required=adding, metavar="DATE", help="DD/MM/YYYY")
    p.add_argument("--start", required=adding, metavar="HH:MM")
    p.add_argument("--end", required=adding, metavar="HH:MM")
    p.add_argument("--room", metavar="NAME", help="a room on the Rooms and team page ('' for none)")
    p.add_argument("--kind", help="one-to-one, focus group, drop-in, case tracking, partner meeting ...")
    p.add_argument("--status", help="planned, confirmed or cancelled")
    p.add_argument("--case", metavar="CODE", help="the tracked case it is about ('' for none)")
    p.add_argument("--qs", help='the quality statements in focus, e.g. "QS1, QS7"')
    p.add_argument("--people", metavar="LIST", help='attendees by id or name, e.g. "3, Jo Smith" (replaces them)')
    p.add_argument("--assessors", metavar="LIST", help="the CQC team by id or name (replaces them)")
    p.add_argument("--purpose")
    p.add_argument("--briefing-owner")
    p.add_argument("--key-messages")
    p.add_argument("--notes")
    p.add_argument("--json", action="store_true", help="print the session as JSON")


def _values(reg, args: argparse.Namespace) -> dict[str, Any]:
    from readiness_app.errors import ReadinessError
    from readiness_app.framework.matcher import parse_qs_list
    from readiness_app.register import cases, cqc_team, people, rooms

    values = {f: getattr(args, f) for f in FIELDS if getattr(args, f, None) is not None}
    if args.room is not None:
        values["room_id"] = rooms.find(reg, args.room)["id"] if args.room.strip() else None
    if args.case is not None:
        case_id = cases.find_by_code(reg, args.case) if args.case.strip() else None
        if args.case.strip() and case_id is None:
            raise ReadinessError(f"no case with the code {args.case!r}", field="case")
        values["case_id"] = case_id
    if args.qs is not None:
        values["qs"] = parse_qs_list(args.qs)
    if args.people is not None:
        everyone = people.list_people(reg)
        values["people"] = [commandline.pick(everyone, t, "person") for t in args.people.split(",") if t.strip()]
    if args.assessors is not None:
        team = cqc_team.list_team(reg)
        values["assessors"] = [commandline.pick(team, t, "assessor") for t in args.assessors.split(",") if t.strip()]
    return values


def _line(s: Session) -> str:
    from readiness_app.register.validation import long_date

    room = f", {s['room']}" if s["room"] else ""
    return f"session {s['id']}: {long_date(s['date'])} {s['start']}-{s['end']} {s['title']}{room}"


def _show(args: argparse.Namespace, reg, session_id: int, verb: str) -> None:
    from readiness_app.register import sessions
    from readiness_app.register.conflicts import find_conflicts

    session = sessions.get(reg, session_id)
    for clash in find_conflicts(reg):
        if session_id in clash.session_ids:
            print(f"warning: double booking: {clash.others(session_id)}", file=sys.stderr)
    if args.json:
        commandline.print_json(session)
    else:
        print(f"{verb} {_line(session)}")


def cmd_add(args: argparse.Namespace) -> int:
    from readiness_app.operations import sessions

    with commandline.open_from_args(args) as reg:
        session_id = sessions.add(**_values(reg, args)).run(reg)
        _show(args, reg, session_id, "added")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from readiness_app.register import people, sessions
    from readiness_app.register.validation import parse_date

    with commandline.open_from_args(args, readonly=True) as reg:
        person = commandline.pick(people.list_people(reg), args.person, "person") if args.person else None
        rows = sessions.list_sessions(reg, day=parse_date(args.day, "day") if args.day else None, person_id=person)
    commandline.print_rows(
        args,
        rows,
        lambda s: (
            s["id"],
            s["date"],
            f"{s['start']}-{s['end']}",
            s["room"] or "",
            s["title"],
            s["status"],
            " ".join(s["qs"]),
            len(s["people"]),
        ),
        ("ID", "Date", "Time", "Room", "Session", "Status", "QS", "People"),
    )
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from readiness_app.operations import sessions

    with commandline.open_from_args(args) as reg:
        changes = sessions.edit(args.id, **_values(reg, args)).run(reg)
        _show(args, reg, args.id, "changed" if changes else "unchanged")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from readiness_app.operations import sessions

    with commandline.open_from_args(args) as reg:
        sessions.remove(args.id).run(reg)
    print(f"removed session {args.id}")
    return 0
