"""`report DOCUMENT REGISTER -o FILE.pdf`: print a document from the command line.

Imports stay inside the handler so that other commands start fast.
"""

from __future__ import annotations

import argparse
import sys

from readiness_app.cli import common as commandline
from readiness_app.errors import ReadinessError
from readiness_app.reports.audience import LABELS
from readiness_app.reports.registry import DOCUMENTS


def add_commands(sub) -> None:
    from readiness_app.cli.common import add_register_argument

    listing = "; ".join(f"{k}: {spec.description}" for k, spec in DOCUMENTS.items())
    p = sub.add_parser(
        "report",
        help="print a document (checklist, interview packs, timetable, cases ...) to PDF",
        description=f"Print a document to PDF. Documents: {listing}.",
    )
    p.add_argument("document", metavar="DOCUMENT", choices=list(DOCUMENTS), help=", ".join(DOCUMENTS))
    add_register_argument(p)
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.pdf",
        help="where to write the PDF; FILE.html or FILE.docx writes the accessible version"
        " (headings and tables for screen readers; Word's is the self-assessment's own Word document)",
    )
    p.add_argument("--day", metavar="YYYY-MM-DD", help="only this day (interview-packs, timetable)")
    p.add_argument("--session", type=int, metavar="ID", help="only this session (interview-packs)")
    p.add_argument("--person", type=int, metavar="ID", help="this person's own pack and schedule (interview-packs)")
    p.add_argument(
        "--audience",
        choices=list(LABELS),
        help="who it is for (the footer says so, and what they must not see is left out): "
        + "; ".join(f"{k}: {v.lower()}" for k, v in LABELS.items())
        + " (default: the document's own)",
    )
    p.add_argument("--for", dest="for_date", metavar="YYYY-MM-DD", help="the day a bulletin is for (bulletin)")
    p.add_argument(
        "--marking",
        metavar="TEXT",
        help="protective marking on every page (default: the register's, normally OFFICIAL-SENSITIVE; 'none' for none)",
    )
    p.add_argument("--password-file", metavar="F", help="encrypt the PDF (AES-256) with the password in this file")
    p.add_argument("--encrypt", action="store_true", help="encrypt the PDF; asks for the password")
    p.add_argument(
        "--generated-at", metavar="'YYYY-MM-DD HH:MM'", help="the time printed as 'Generated' (for repeatable output)"
    )
    p.set_defaults(handler=cmd_report)


def read_password(args: argparse.Namespace) -> str | None:
    """From --password-file, or asked for twice at the terminal with --encrypt; never from argv."""
    from readiness_app.reports.output import check_password

    if args.password_file:
        from readiness_app.safety.passphrase_file import read_secret_file

        return check_password(read_secret_file(args.password_file, what="password", option="--password-file"))
    if not args.encrypt:
        return None
    if not sys.stdin.isatty():
        raise ReadinessError(
            "cannot ask for a password: no terminal", "use --password-file F instead", field="password"
        )
    import getpass

    first = check_password(getpass.getpass("Password for the PDF: "))
    if getpass.getpass("Same password again: ") != first:
        raise ReadinessError("the two passwords differ; nothing was printed", field="password")
    return first


def _generated_at(text: str | None):
    if not text:
        return None
    from datetime import datetime

    from readiness_app.register.validation import check_year

    try:
        when = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise ReadinessError(
            f"--generated-at {text!r} is not a date and time like 2026-12-14 18:30", field="generated-at"
        ) from None
    check_year(when.date(), "generated-at", text)
    return when


def cmd_report(args: argparse.Namespace) -> int:
    from readiness_app.cli.common import open_from_args
    from readiness_app.reports.options import ReportOptions
    from readiness_app.reports.rendering import needs_recording, record_printed, render

    options = ReportOptions(
        marking=args.marking,
        password=read_password(args),
        day=args.day,
        session_id=args.session,
        person_id=args.person,
        for_date=args.for_date,
        audience=args.audience,
        generated_at=_generated_at(args.generated_at),
    )
    reg = open_from_args(args, readonly=True)  # printing reads only: no backup, works on a read-only copy
    try:
        result = render(reg, args.document, args.output, options)
        commandline.warn_if_in_evidence(reg, result.path)
        new_version = needs_recording(reg, result)
    finally:
        reg.close()
    if new_version:  # the one write printing makes: remember the checklist's new version
        try:
            reg = open_from_args(args)
            try:
                record_printed(reg, result)
            finally:
                reg.close()
        except ReadinessError as exc:
            print(f"warning: the new version number was not recorded ({exc.message})", file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    extra = ", encrypted (AES-256)" if result.encrypted else ""
    if result.path.suffix.lower() in (".html", ".htm", ".docx"):
        print(f"printed {result.path} (the accessible version: headings and tables)")
    else:
        print(f"printed {result.path} ({result.pages} page{'s' if result.pages != 1 else ''}{extra})")
    return 0
