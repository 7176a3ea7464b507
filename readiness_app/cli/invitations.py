"""Command line: `export invitations REGISTER -o FOLDER`, the Outlook meeting invitations (one .ics each)."""

from __future__ import annotations

import argparse


def add_export_kind(kinds: argparse._SubParsersAction) -> None:
    """`invitations` beside the other kinds of `export`."""
    from readiness_app.cli import common as commandline

    k = kinds.add_parser(
        "invitations",
        help="Outlook meeting invitations, one .ics per session (updates and cancellations too)",
        description="Write one .ics meeting invitation per session into FOLDER. Send the new, updated and "
        "cancelled ones from Outlook; a moved session goes out as an update of the same meeting.",
    )
    commandline.add_register_argument(k)
    k.add_argument("-o", "--output", required=True, metavar="FOLDER", help="the folder to write the .ics files into")
    k.add_argument("--organiser", metavar="EMAIL", help="the organiser's e-mail address (remembered for next time)")
    k.add_argument("--json", action="store_true", help="machine-readable output")
    k.set_defaults(handler=cmd_export_invitations)


def cmd_export_invitations(args: argparse.Namespace) -> int:
    from readiness_app.cli import common as commandline
    from readiness_app.interop.invitations import export_invitations

    with commandline.open_from_args(args) as reg:
        result = export_invitations(reg, args.output, organiser_email=args.organiser)
        commandline.warn_if_in_evidence(reg, result.folder)
    if args.json:
        commandline.print_json(
            {
                "ok": True,
                "folder": str(result.folder),
                "files": [p.name for p in result.files],
                "new": result.new,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "cancelled": result.cancelled,
                "without_email": len(result.without_email),
            }
        )
    else:
        print(result.summary())
    return 0
