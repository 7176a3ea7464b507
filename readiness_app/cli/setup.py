"""Command line for setting up a council's own visit.

    room      add | list | edit | remove        rooms and venues
    assessor  add | list | edit | remove        the CQC team
    settings  REGISTER [--set KEY=VALUE ...]    council, visit days, marking, evidence folder, reminders
    timeline  REGISTER | set | add | remove     the assessment's milestones

Imports of register modules happen inside the handlers so `status` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from readiness_app import clock
from readiness_app.cli import common as commandline
from readiness_app.errors import ReadinessError


def _open(args: argparse.Namespace, readonly: bool = False):
    return commandline.open_from_args(args, readonly=readonly, source="cli")


def _given(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}


# ---------------------------------------------------------------- rooms and the CQC team


@dataclass(frozen=True)
class NamedKind:
    """Rooms and CQC team members are kept alike: added, listed, edited and removed by name."""

    word: str  # the command word
    module: str  # its module in readiness_app.register
    lister: str  # the register function that lists them (with their id and session count)
    values: Callable[[argparse.Namespace], dict[str, Any]]  # the fields the options give
    line: Callable[[dict[str, Any]], str]  # one record, as messages show it
    removed: str  # the message after a removal, with {name}
    columns: tuple[str, ...]
    row: Callable[[dict[str, Any]], tuple]  # one record, as a table line

    def register_module(self):
        # Imported when a command runs, so that `status` does not load every register module.
        return importlib.import_module(f"readiness_app.register.{self.module}")

    def shown(self, reg, record_id: int) -> str:
        return self.line(next(r for r in getattr(self.register_module(), self.lister)(reg) if r["id"] == record_id))


def _room_values(args: argparse.Namespace) -> dict[str, Any]:
    values = _given(args, ("location", "capacity", "link", "notes", "use"))
    if getattr(args, "new_name", None) is not None:
        values["name"] = args.new_name
    if args.virtual is not None:
        values["virtual"] = args.virtual
    if values.get("link") and "virtual" not in values:
        values["virtual"] = True  # a meeting link makes the room a virtual one
    return values


def _room_line(room: dict[str, Any]) -> str:
    where = room["link"] if room["virtual"] else room["location"]
    size = f", {room['capacity']} people" if room["capacity"] else ""
    use = "" if room.get("use", "interviews") == "interviews" else f", {room['use'].replace('_', ' ')}"
    return f"{room['name']} ({'virtual' if room['virtual'] else 'on site'}{size}{use}) {where}".rstrip()


def _member_values(args: argparse.Namespace) -> dict[str, Any]:
    values = _given(args, ("role", "organisation", "notes"))
    if getattr(args, "new_name", None) is not None:
        values["name"] = args.new_name
    return values


def _member_line(m: dict[str, Any]) -> str:
    extra = ", ".join(x for x in (m["role_label"], m["organisation"]) if x)
    return f"{m['name']}" + (f" ({extra})" if extra else "")


ROOMS = NamedKind(
    word="room",
    module="rooms",
    lister="list_rooms",
    values=_room_values,
    line=_room_line,
    removed="removed room {name}",
    columns=("Room", "Kind", "Where", "Capacity", "Sessions"),
    row=lambda r: (
        r["name"],
        "virtual" if r["virtual"] else ("on site" if r.get("use", "interviews") == "interviews" else r["use"]),
        r["link"] if r["virtual"] else r["location"],
        r["capacity"] or "",
        r["sessions"],
    ),
)
CQC_TEAM = NamedKind(
    word="assessor",
    module="cqc_team",
    lister="list_team",
    values=_member_values,
    line=_member_line,
    removed="removed {name} from the CQC team",
    columns=("Name", "Role", "Organisation", "Sessions"),
    row=lambda m: (m["name"], m["role_label"], m["organisation"], m["sessions"]),
)


def cmd_named_add(kind: NamedKind, args: argparse.Namespace) -> int:
    with _open(args) as reg:
        record_id = kind.register_module().add(reg, args.name, **kind.values(args))
        shown = kind.shown(reg, record_id)
    print(f"added {shown}")
    return 0


def cmd_named_list(kind: NamedKind, args: argparse.Namespace) -> int:
    with _open(args, readonly=True) as reg:
        rows = getattr(kind.register_module(), kind.lister)(reg)
    commandline.print_rows(args, rows, kind.row, kind.columns)
    return 0


def cmd_named_edit(kind: NamedKind, args: argparse.Namespace) -> int:
    module = kind.register_module()
    with _open(args) as reg:
        record = module.find(reg, args.name)
        changes = module.edit(reg, record["id"], **kind.values(args))
        shown = kind.shown(reg, record["id"])
    print(f"{'changed' if changes else 'unchanged'} {shown}")
    return 0


def cmd_named_remove(kind: NamedKind, args: argparse.Namespace) -> int:
    module = kind.register_module()
    with _open(args) as reg:
        record = module.find(reg, args.name)
        module.remove(reg, record["id"])
    print(kind.removed.format(name=record["name"]))
    return 0


# ---------------------------------------------------------------- settings


def _print_settings(values: dict[str, Any]) -> None:
    from readiness_app.register.validation import long_date

    days = values["visit_days"]
    print(f"council          {values['council']}")
    if days:
        listed = ", ".join(f"{long_date(d['date'])}{' (virtual)' if d['kind'] == 'virtual' else ''}" for d in days)
        print(f"visit            {listed}")
    else:
        print("visit            not set (settings REGISTER --set onsite_start=DATE)")
    print(f"onsite_start     {values['onsite_start'] or ''}")
    print(f"onsite_days      {values['onsite_days']}")
    print(f"virtual_days     {values['virtual_days']}")
    print(f"marking          {values['marking'] or '(none)'}")
    print(f"evidence_folder  {values['evidence_folder'] or '(not set)'}")
    print("reminders")
    for line in values["reminders"]:
        print(f"  - {line}")


def cmd_settings(args: argparse.Namespace) -> int:
    import sys

    from readiness_app.setup import register_settings

    changes = register_settings.parse_assignments(args.set or [])
    with _open(args, readonly=not changes) as reg:
        result = register_settings.apply(reg, changes, force=args.force) if changes else None
        values = register_settings.current(reg)
    if result:
        for warning in result["warnings"]:
            print(f"warning: {warning}", file=sys.stderr)
        if result["outside"]:
            print(f"warning: {len(result['outside'])} session(s) now fall outside the visit:", file=sys.stderr)
            for line in result["outside"]:
                print(f"  {line}", file=sys.stderr)
        if result["evidence"]:
            print(f"evidence folder reconciled: {result['evidence']}", file=sys.stderr)
    if args.json:
        commandline.print_json({**values, "changed": result["changed"] if result else []})
        return 0
    if result:
        print(f"changed: {', '.join(result['changed']) or 'nothing'}")
    _print_settings(values)
    return 0


# ---------------------------------------------------------------- timeline


def cmd_timeline(args: argparse.Namespace) -> int:
    words = list(args.words)
    action = words[0] if words and words[0] in ("set", "add", "remove") else "show"
    if action != "show":
        words = words[1:]
    needed = {"show": (1, 1), "set": (2, 3), "add": (3, 3), "remove": (2, 2)}[action]
    if not needed[0] <= len(words) <= needed[1]:
        usage = {
            "show": "timeline REGISTER [--json]",
            "set": "timeline set REGISTER MILESTONE [DATE] [--owner NAME] [--status planned|done]"
            " [--whose council|cqc]",
            "add": "timeline add REGISTER TITLE DATE [--owner NAME] [--whose council|cqc]",
            "remove": "timeline remove REGISTER MILESTONE",
        }[action]
        raise ReadinessError(f"usage: {usage}")
    args.register = words[0]
    return {"show": _timeline_show, "set": _timeline_set, "add": _timeline_add, "remove": _timeline_remove}[action](
        args, words[1:]
    )


def _milestone_json(m: dict[str, Any]) -> dict[str, Any]:
    return {k: m.get(k) for k in ("id", "key", "title", "date", "end", "whose", "owner", "status", "source")}


def _timeline_show(args: argparse.Namespace, _rest: list[str]) -> int:

    from readiness_app.register import timeline, workdays
    from readiness_app.register.validation import long_date

    with _open(args, readonly=True) as reg:
        rows = timeline.milestones(reg)
        upcoming = timeline.next_milestone(reg)
    left = workdays.working_days_between(clock.today(), upcoming["date"]) if upcoming else None
    if args.json:
        commandline.print_json(
            {
                "milestones": [_milestone_json(m) for m in rows],
                "next": _milestone_json(upcoming) if upcoming else None,
                "working_days_left": left,
            }
        )
        return 0

    def when(m: dict[str, Any]) -> str:
        if not m["date"]:
            return "(no date)"
        return long_date(m["date"]) + (f" to {long_date(m['end'])}" if m["end"] and m["end"] != m["date"] else "")

    commandline.print_table(
        [
            (when(m), m["title"], m["whose_label"], m["owner"], m["status_label"], m["key"] or f"#{m['id']}")
            for m in rows
        ],
        ["Date", "Milestone", "Whose", "Owner", "Status", "Key"],
    )
    if upcoming:
        print(f"\nNext: {upcoming['title']}, {long_date(upcoming['date'])} ({left} working days)")
    return 0


def _timeline_set(args: argparse.Namespace, rest: list[str]) -> int:
    from readiness_app.register import timeline
    from readiness_app.register.validation import long_date

    changes: dict[str, Any] = {}
    if len(rest) > 1:
        changes["date"] = rest[1]
    if args.owner is not None:
        changes["owner"] = args.owner
    if args.status is not None:
        changes["status"] = args.status
    if args.whose is not None:
        changes["whose"] = args.whose
    if not changes:
        raise ReadinessError("nothing to change: give a DATE, --owner, --status or --whose")
    with _open(args) as reg:
        m = timeline.set_milestone(reg, rest[0], **changes)
    if args.json:
        commandline.print_json(_milestone_json(m))
        return 0
    owner = f", {m['owner']}" if m["owner"] else ""
    print(f"{m['title']}: {long_date(m['date']) or '(no date)'}{owner} ({m['status_label'].lower()})")
    return 0


def _timeline_add(args: argparse.Namespace, rest: list[str]) -> int:
    from readiness_app.register import timeline
    from readiness_app.register.validation import long_date

    with _open(args) as reg:
        milestone_id = timeline.add(
            reg, rest[0], rest[1], owner=args.owner or "", status=args.status or "planned", whose=args.whose
        )
        m = timeline.find(reg, str(milestone_id))
    if args.json:
        commandline.print_json(_milestone_json(m))
        return 0
    print(f"added #{milestone_id} {m['title']}: {long_date(m['date'])} ({m['whose_label']}'s milestone)")
    return 0


def _timeline_remove(args: argparse.Namespace, rest: list[str]) -> int:
    from readiness_app.register import timeline

    with _open(args) as reg:
        m = timeline.find(reg, rest[0])
        timeline.remove(reg, rest[0])
    print(f"removed {m['title']}")
    return 0


# ---------------------------------------------------------------- parser


def _room_options(p: argparse.ArgumentParser, editing: bool) -> None:
    if editing:
        p.add_argument("--name", dest="new_name", metavar="NEW", help="rename the room")
    p.add_argument("--location", metavar="TEXT", help="building and floor")
    p.add_argument("--capacity", metavar="N", help="how many people it seats")
    p.add_argument("--virtual", action="store_true", default=None, help="an online room (give --link)")
    if editing:
        p.add_argument("--on-site", dest="virtual", action="store_false", help="no longer a virtual room")
    p.add_argument("--link", metavar="URL", help="the meeting link (http or https)")
    p.add_argument("--notes", metavar="TEXT")
    p.add_argument(
        "--use",
        choices=["interviews", "cqc_base", "home_team"],
        help="interviews (default), the CQC team's base room, or the council's home-team room",
    )


def _member_options(p: argparse.ArgumentParser, editing: bool) -> None:
    from readiness_app.register.cqc_team import ASSESSOR_ROLE

    if editing:
        p.add_argument("--name", dest="new_name", metavar="NEW", help="correct the name")
    p.add_argument("--role", metavar="ROLE", help="one of: " + ", ".join(ASSESSOR_ROLE.values()))
    p.add_argument("--organisation", metavar="TEXT")
    p.add_argument("--notes", metavar="TEXT")


def _named_commands(sub, kind: NamedKind, help_text: str, helps: dict[str, str], options) -> None:
    """The group `kind.word` with its add, list, edit and remove actions."""
    group = commandline.action_group(sub, kind.word, help_text)
    handlers = {"add": cmd_named_add, "list": cmd_named_list, "edit": cmd_named_edit, "remove": cmd_named_remove}
    for action, handler in handlers.items():
        p = commandline.add_action(group, action, partial(handler, kind), helps[action])
        if action == "list":
            p.add_argument("--json", action="store_true", help="machine-readable output")
            continue
        p.add_argument("name", metavar="NAME")
        if action != "remove":
            options(p, editing=action == "edit")


def add_commands(sub: argparse._SubParsersAction) -> None:
    helps = {
        "add": "add a room",
        "list": "the rooms and how many sessions each holds",
        "edit": "change a room",
        "remove": "remove a room no session uses",
    }
    _named_commands(sub, ROOMS, "rooms and venues for the interviews", helps, _room_options)
    helps = {
        "add": "add a member of the CQC team",
        "list": "the CQC team and how many sessions each is down for",
        "edit": "change a member of the CQC team",
        "remove": "remove a member who is down for no session",
    }
    _named_commands(sub, CQC_TEAM, "the CQC team", helps, _member_options)

    p = commandline.add_action(sub, "settings", cmd_settings, "show or change the register settings")
    p.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="change a setting (repeatable): council, onsite_start, onsite_days, virtual_days, marking, "
        "evidence_folder, reminders",
    )
    p.add_argument("--force", action="store_true", help="change the visit days even if sessions fall outside them")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser(
        "timeline",
        help="the assessment's milestones",
        description="timeline REGISTER | timeline set REGISTER MILESTONE [DATE] | timeline add REGISTER TITLE DATE"
        " | timeline remove REGISTER MILESTONE",
    )
    p.add_argument("words", nargs="+", metavar="ARG", help="REGISTER, or set/add/remove REGISTER ...")
    p.add_argument("--owner", metavar="NAME")
    p.add_argument("--status", metavar="STATUS", help="planned or done")
    p.add_argument(
        "--whose",
        metavar="WHOSE",
        help="council or cqc: whose milestone one you added is (the standard ones are fixed)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--passphrase-file", metavar="F", help="file holding the passphrase of an encrypted register")
    p.set_defaults(handler=cmd_timeline)
