"""Command line: `import cases|sessions|people|evidence` and `export evidence-index|schedule|cases|gaps`.

Imports stay light here (the heavy modules load inside the handlers) so that
`status` and `--help` stay fast.
"""

from __future__ import annotations

import argparse
import sys

from readiness_app.cli import common as commandline
from readiness_app.errors import ReadinessError

IMPORT_KINDS = {
    "cases": "a case long list (coded references, criteria, team, stage, consent)",
    "sessions": "an interview timetable (date, start, end, room, title, attendees ...)",
    "people": "people to be interviewed (name, role, team, organisation, kind)",
    "evidence": "details of evidence files already in the folder, matched by relative path",
    "findings": "the previous report's findings (QS, finding, kind: went well or area for improvement, page)",
}
EXPORT_KINDS = {
    "evidence-index": "the evidence index (information-return list) as .xlsx or .csv",
    "schedule": "the interview schedule as .ics (calendar), .xlsx or .csv",
    "cases": "the case list (coded references, stage, consent) as .xlsx with drop-downs, or .csv; re-imports",
    "gaps": "evidence gaps and improvement actions as .xlsx (or the gaps alone as .csv)",
}
ALSO_LABELS = {"assessors": "CQC team"}


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="bring a case list, timetable, people or evidence details in from CSV/XLSX")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, text in IMPORT_KINDS.items():
        k = kinds.add_parser(kind, help=text, description=f"Import {text}. All rows or none.")
        commandline.add_register_argument(k)
        k.add_argument("file", metavar="FILE", help="a .csv or .xlsx file")
        k.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
        k.add_argument("--json", action="store_true", help="machine-readable output")
        k.add_argument(
            "--sheet", metavar="NAME|all", help="the sheet to read (default: every visible sheet with a header)"
        )
        k.add_argument("--header-row", metavar="N", type=int, help="the row holding the column names (default: found)")
        k.add_argument(
            "--map", metavar="COLUMN=FIELD,...", help="what columns mean, e.g. 'Meeting=title,Venue=room,Who=ignore'"
        )
        if kind == "cases":
            k.add_argument(
                "--allow-personal-data",
                action="store_true",
                help="import cells that look like an NHS number, a date of birth or a postcode (refused otherwise)",
            )
        if kind == "sessions":
            k.add_argument("--date", metavar="DATE", help="the date of a sheet that has none in its name or title")
        k.add_argument("--mapping", metavar="FILE", help="a mapping saved by the app or written by hand (.toml/.json)")
        k.add_argument("--save-mapping", metavar="FILE", help="save these options as a mapping file for next time")
        k.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help="write the evidence index, schedule, case list or gaps to XLSX, CSV or ICS")
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, text in EXPORT_KINDS.items():
        k = kinds.add_parser(kind, help=text, description=f"Export {text}.")
        commandline.add_register_argument(k)
        k.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write (.xlsx, .csv, .ics)")
        if kind == "schedule":
            k.add_argument("--person", metavar="ID", type=int, help="only sessions this person attends (person id)")
            k.add_argument("--day", metavar="DATE", help="only this day (e.g. 21/05/2024)")
        k.add_argument("--json", action="store_true", help="machine-readable output")
        k.set_defaults(handler=cmd_export)
    from readiness_app.cli.invitations import add_export_kind

    add_export_kind(kinds)


def cmd_import(args: argparse.Namespace) -> int:
    from readiness_app.interop import mapping
    from readiness_app.interop.importers import import_file

    options = _options(args)
    if args.save_mapping:
        mapping.save_mapping(args.save_mapping, args.kind, options)
    code, result = commandline.run_import(
        args,
        lambda reg: import_file(
            reg,
            args.kind,
            args.file,
            dry_run=args.dry_run,
            options=options,
            allow_personal_data=getattr(args, "allow_personal_data", False),
        ),
        _problem,
    )
    if result is None:
        return code
    for line in result.sheets:
        print(f"  {line}")
    for note in result.notes:
        print(f"note: {note}")
    _print_changes(result)
    return 0


def _options(args: argparse.Namespace):
    """ImportOptions from --mapping FILE, overridden by --sheet, --header-row, --map and --date."""
    from readiness_app.interop import mapping
    from readiness_app.register.validation import parse_date

    given = mapping.ImportOptions(
        sheet=args.sheet,
        header_row=args.header_row,
        columns=mapping.parse_map(args.kind, args.map) if args.map else {},
        date=parse_date(args.date, "date") if getattr(args, "date", None) else None,
    )
    if args.header_row is not None and args.header_row < 1:
        raise ReadinessError("--header-row must be 1 or more", field="header row")
    if args.mapping:
        return mapping.merge(mapping.load_mapping(args.kind, args.mapping), given)
    return given


def _problem(problem: ReadinessError) -> dict:
    return {
        "sheet": getattr(problem, "sheet", ""),
        "row": problem.row,
        "column": problem.field,
        "message": problem.message,
    }


def _print_changes(result) -> None:
    lines = []
    for change in result.updated:
        parts = "; ".join(f"{k} {_show(v[0])} -> {_show(v[1])}" for k, v in change.changes.items())
        lines.append(f"  update (row {change.row}) {change.key}: {parts}")
    for change in result.created:
        lines.append(f"  create (row {change.row}) {change.key}")
    for kind, names in result.also_created.items():
        if names:
            label = ALSO_LABELS.get(kind, kind)
            lines.append(f"  new {label}: {', '.join(names[:20])}{' ...' if len(names) > 20 else ''}")
    for kind, names in result.also_updated.items():
        if names:
            lines.append(f"  {kind} given a role or organisation: {', '.join(names[:20])}")
    commandline.print_limited(lines)


def _show(value) -> str:
    if value in (None, "", []):
        return "(blank)"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def cmd_export(args: argparse.Namespace) -> int:
    from readiness_app.interop import exporters

    with commandline.open_from_args(args, readonly=True) as reg:
        if args.kind == "evidence-index":
            written = exporters.export_evidence_index(reg, args.output)
        elif args.kind == "schedule":
            day = None
            if args.day:
                from readiness_app.register.validation import parse_date

                day = parse_date(args.day, "day")
            written = exporters.export_schedule(reg, args.output, person_id=args.person, day=day)
        elif args.kind == "cases":
            written = exporters.export_cases(reg, args.output)
        elif args.kind == "gaps":
            written = exporters.export_gaps(reg, args.output)
        else:  # argparse limits the choices; this is a guard for future kinds
            raise ReadinessError(f"unknown export {args.kind!r}")
        commandline.warn_if_in_evidence(reg, written.path)
    if args.json:
        commandline.print_json({"ok": True, "file": str(written.path), "rows": written.rows, "format": written.format})
    else:
        print(f"wrote {written.path} ({written.rows} {written.noun})", file=sys.stdout)
    return 0
