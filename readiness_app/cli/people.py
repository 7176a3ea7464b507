"""Command line for the people to be interviewed, through the same operations as the People page.

    person  add | list | edit | remove

A person is named by id, or by name when only one person has it.
"""

from __future__ import annotations

import argparse
from typing import Any

from readiness_app.cli import common as commandline

FIELDS = ("role", "team", "organisation", "kind")


def add_commands(sub) -> None:
    group = commandline.action_group(sub, "person", "the people to be interviewed: add, list, edit, remove")
    p = commandline.add_action(group, "add", cmd_add, "add a person")
    p.add_argument("name", metavar="NAME")
    _options(p)
    p = commandline.add_action(group, "list", cmd_list, "everyone, with their number of sessions")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = commandline.add_action(group, "edit", cmd_edit, "change a person's details")
    p.add_argument("person", metavar="ID|NAME")
    p.add_argument("--name", dest="new_name", metavar="NEW", help="a new name")
    _options(p)
    p = commandline.add_action(group, "remove", cmd_remove, "remove a person who is down for no session")
    p.add_argument("person", metavar="ID|NAME")


def _options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--role")
    p.add_argument("--team")
    p.add_argument("--organisation")
    p.add_argument(
        "--kind", help="leader, staff, partner, provider, voluntary sector, carer, person with lived experience"
    )
    p.add_argument("--json", action="store_true", help="print the person as JSON")


def _values(args: argparse.Namespace) -> dict[str, Any]:
    values = {f: getattr(args, f) for f in FIELDS if getattr(args, f, None) is not None}
    if getattr(args, "new_name", None) is not None:
        values["name"] = args.new_name
    return values


def _find(reg, text: str) -> int:
    from readiness_app.register import people

    return commandline.pick(people.list_people(reg), text, "person")


def _show(args: argparse.Namespace, reg, person_id: int, verb: str) -> None:
    from readiness_app.register import records

    person = records.get(reg, "person", person_id)
    if args.json:
        commandline.print_json(person)
    else:
        extra = ", ".join(x for x in (person["role"], person["organisation"]) if x)
        print(f"{verb} person {person['id']}: {person['name']}" + (f" ({extra})" if extra else ""))


def cmd_add(args: argparse.Namespace) -> int:
    from readiness_app.operations import people

    with commandline.open_from_args(args) as reg:
        person_id = people.add(args.name, **_values(args)).run(reg)
        _show(args, reg, person_id, "added")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from readiness_app.register import people, sessions

    with commandline.open_from_args(args, readonly=True) as reg:
        rows = people.list_people(reg)
        counts: dict[int, int] = {}
        for s in sessions.list_sessions(reg, include_cancelled=False):
            for p in s["people"]:
                counts[p["id"]] = counts.get(p["id"], 0) + 1
    for row in rows:
        row["sessions"] = counts.get(row["id"], 0)
    commandline.print_rows(
        args,
        rows,
        lambda p: (p["id"], p["name"], p["role"], p["team"], p["organisation"], p["kind"], p["sessions"]),
        ("ID", "Name", "Role", "Team", "Organisation", "Kind", "Sessions"),
    )
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from readiness_app.operations import people

    with commandline.open_from_args(args) as reg:
        person_id = _find(reg, args.person)
        changes = people.edit(person_id, **_values(args)).run(reg)
        _show(args, reg, person_id, "changed" if changes else "unchanged")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from readiness_app.operations import people

    with commandline.open_from_args(args) as reg:
        person_id = _find(reg, args.person)
        people.remove(person_id).run(reg)
    print(f"removed person {person_id}")
    return 0
