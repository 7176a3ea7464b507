"""Command line: `qs import REGISTER FILE`, the self-assessment and key messages per QS from a spreadsheet."""

from __future__ import annotations

import argparse


def add_commands(sub) -> None:
    from readiness_app.commandline import add_register_argument

    group = sub.add_parser("qs", help="the self-assessment per quality statement").add_subparsers(
        dest="qs_command", metavar="ACTION", required=True
    )
    p = group.add_parser(
        "import",
        help="read scores, strengths, areas for development and key messages per QS from CSV/XLSX",
        description="One row per QS (id or name). Columns: QS, Score, Target, QS lead, Strengths, "
        "Areas for development, Key messages, Narrative; only the columns present are changed. All rows or none.",
    )
    add_register_argument(p)
    p.add_argument("file", metavar="FILE", help="the CSV or XLSX file")
    p.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from readiness_app.commandline import open_from_args
    from readiness_app.interop.self_assessment_import import import_self_assessment

    reg = open_from_args(args)
    try:
        changed = import_self_assessment(reg, args.file)
    finally:
        reg.close()
    if not changed:
        print("nothing changed: the register already says this")
    for qs_id, fields in changed.items():
        print(f"{qs_id}: {', '.join(f.replace('_', ' ') for f in fields)} updated")
    return 0
