"""Command line: `qs import REGISTER FILE`, the self-assessment and key messages per QS from a spreadsheet."""

from __future__ import annotations

import argparse


def add_commands(sub) -> None:
    from readiness_app.cli.common import action_group, add_action

    group = action_group(sub, "qs", "the self-assessment per quality statement")
    p = add_action(
        group,
        "import",
        cmd_import,
        "read scores, strengths, areas for development and key messages per QS from CSV/XLSX",
        description="One row per QS (id or name). Columns: QS, Score, Target, QS lead, Strengths, "
        "Areas for development, Key messages, Narrative; only the columns present are changed. All rows or none.",
    )
    p.add_argument("file", metavar="FILE", help="the CSV or XLSX file")


def cmd_import(args: argparse.Namespace) -> int:
    from readiness_app.cli.common import open_from_args
    from readiness_app.interop.importers.self_assessment import import_self_assessment

    with open_from_args(args) as reg:
        changed = import_self_assessment(reg, args.file)
    if not changed:
        print("nothing changed: the register already says this")
    for qs_id, fields in changed.items():
        print(f"{qs_id}: {', '.join(f.replace('_', ' ') for f in fields)} updated")
    return 0
