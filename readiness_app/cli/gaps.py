"""Command line for gaps in the evidence, through the same operations as the Gaps page.

gap  add | list | edit | close | remove
"""

from __future__ import annotations

import argparse
from typing import Any

from readiness_app.cli import common as commandline

FIELDS = ("qs", "description", "severity", "category", "kind", "owner", "due_date", "status", "notes")


def add_commands(sub) -> None:
    group = commandline.action_group(sub, "gap", "gaps in the evidence: add, list, edit, close, remove")
    p = commandline.add_action(group, "add", cmd_add, "record a gap")
    _options(p, adding=True)
    p = commandline.add_action(group, "list", cmd_list, "the gaps, most severe first")
    p.add_argument("--qs", help="only this quality statement (QS3 or its name)")
    p.add_argument("--open", action="store_true", help="only gaps not closed")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = commandline.add_action(group, "edit", cmd_edit, "change a gap's fields")
    p.add_argument("id", type=int, metavar="ID")
    _options(p, adding=False)
    p = commandline.add_action(group, "close", cmd_close, "close a gap, naming the evidence that filled it")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--evidence", type=int, metavar="ID", help="the evidence item that closed it")
    p.add_argument("--note", default="", help="why it is closed")
    p.add_argument("--json", action="store_true", help="print the gap as JSON")
    p = commandline.add_action(group, "remove", cmd_remove, "delete a gap recorded by mistake (a filled one is closed)")
    p.add_argument("id", type=int, metavar="ID")


def _options(p: argparse.ArgumentParser, *, adding: bool) -> None:
    p.add_argument("--qs", required=adding, help="the quality statement (QS3 or its name)")
    p.add_argument("--description", required=adding, help="what is missing")
    p.add_argument("--severity", help="high, medium or low" + (" (default medium)" if adding else ""))
    p.add_argument("--category", help="the evidence category (a 'no evidence' gap needs one)")
    p.add_argument("--kind", help="general, or 'no evidence' in a category")
    p.add_argument("--owner", help="who is filling it")
    p.add_argument("--due", dest="due_date", metavar="DATE", help="when it should be filled (DD/MM/YYYY)")
    if not adding:
        p.add_argument("--status", help="open, in progress or closed")
    p.add_argument("--notes")
    p.add_argument("--json", action="store_true", help="print the gap as JSON")


def _values(args: argparse.Namespace) -> dict[str, Any]:
    values = {f: getattr(args, f) for f in FIELDS if getattr(args, f, None) is not None}
    if "qs" in values:
        values["qs"] = _qs(values["qs"])
    return values


def _qs(text: str) -> str:
    from readiness_app.framework.matcher import parse_qs_list

    found = parse_qs_list(text)
    if len(found) != 1:
        from readiness_app.errors import ReadinessError

        raise ReadinessError(f"{text!r} is not one quality statement", field="qs")
    return found[0]


def _line(gap: dict[str, Any]) -> str:
    where = f"{gap['qs']}" + (f", {gap['category']}" if gap["category"] else "")
    return f"gap {gap['id']} ({where}, {gap['severity']}, {gap['status']}): {gap['description']}"


def _show(args: argparse.Namespace, reg, gap_id: int, verb: str) -> None:
    from readiness_app.register import records

    gap = records.get(reg, "gap", gap_id)
    if args.json:
        commandline.print_json(gap)
    else:
        print(f"{verb} {_line(gap)}")


def cmd_add(args: argparse.Namespace) -> int:
    from readiness_app.operations import gaps

    with commandline.open_from_args(args) as reg:
        gap_id = gaps.add(**_values(args)).run(reg)
        _show(args, reg, gap_id, "added")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from readiness_app.register import gaps

    with commandline.open_from_args(args, readonly=True) as reg:
        rows = gaps.list_gaps(reg, qs=_qs(args.qs) if args.qs else None, open_only=args.open)
    commandline.print_rows(
        args,
        rows,
        lambda g: (g["id"], g["qs"], g["category"] or "", g["severity"], g["status"], g["owner"], g["description"]),
        ("ID", "QS", "Category", "Severity", "Status", "Owner", "Gap"),
    )
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    from readiness_app.operations import gaps

    with commandline.open_from_args(args) as reg:
        changes = gaps.edit(args.id, **_values(args)).run(reg)
        _show(args, reg, args.id, "changed" if changes else "unchanged")
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    from readiness_app.operations import gaps

    with commandline.open_from_args(args) as reg:
        gaps.close(args.id, args.evidence, args.note).run(reg)
        _show(args, reg, args.id, "closed")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from readiness_app.operations import gaps

    with commandline.open_from_args(args) as reg:
        gaps.remove(args.id).run(reg)
    print(f"removed gap {args.id}")
    return 0
