"""The command line: `python main.py COMMAND ...` or `readiness COMMAND ...`.

With no command (or `--demo`, or `open REGISTER`) it starts the desktop app.
Exit codes (EXIT_CODES, also in `--help`): 0 success; 1 problems found (`check`
found conflicts, a file, value or register was refused: one line on stderr,
no traceback); 2 could not run (bad usage, the register failed while in use,
an unexpected error). With `--json` an error is a JSON object on stdout.
The core commands are here; every other command group has its module in this
package (`cli/evidence.py`, `cli/visit.py` ...), listed in COMMAND_MODULES;
those modules keep their imports inside the handlers so that `status` stays fast.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness_app import __version__
from readiness_app.cli.common import (
    add_register_argument,
    open_from_args,
    passphrase_from_args,
    print_json,
    print_table,
)
from readiness_app.errors import ReadinessError, ValidationErrors

COMMAND_MODULES = (
    "readiness_app.cli.evidence",
    "readiness_app.cli.reports",
    "readiness_app.cli.interop",
    "readiness_app.cli.safety",
    "readiness_app.cli.visit",
    "readiness_app.cli.setup",
    "readiness_app.cli.cases",
    "readiness_app.cli.quality_statements",
    "readiness_app.cli.preparation",
    "readiness_app.cli.gaps",
    "readiness_app.cli.sessions",
    "readiness_app.cli.people",
    "readiness_app.cli.search",
    "readiness_app.cli.reassessment",
)

if TYPE_CHECKING:
    import argparse

Handler = Callable[["argparse.Namespace"], int]
FOUND_PROBLEMS, COULD_NOT_RUN = 1, 2
EXIT_CODES = "exit codes: 0 done; 1 problems found (conflicts, refused rows or values); 2 could not run"


# ---------------------------------------------------------------- core commands


def cmd_init(args: argparse.Namespace) -> int:
    from readiness_app.operations import registers
    from readiness_app.register.validation import parse_date

    made = registers.create(
        args.register,
        council=args.council,
        evidence_folder=args.evidence,
        onsite_start=parse_date(args.onsite_start, "onsite-start") if args.onsite_start else None,
        onsite_days=3 if args.onsite_days is None else args.onsite_days,
        virtual_days=args.virtual_days or 0,
        passphrase=passphrase_from_args(args),
    )
    for warning in made.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"created {made.path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    import time

    from readiness_app.demo import build_demo
    from readiness_app.register.validation import parse_date

    today = None
    if args.today:
        from datetime import date

        today = date.fromisoformat(parse_date(args.today, "today", required=True))
    started = time.perf_counter()
    result = build_demo(Path(args.folder), today=today)
    took = time.perf_counter() - started
    parts = ", ".join(f"{v} {k}" for k, v in result.counts.items())
    print(f"demo register {result.register} ({parts}) built in {took:.1f} s")
    print(f"evidence folder {result.evidence}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from readiness_app.register import readiness
    from readiness_app.register.cases import withdrawn_session_message
    from readiness_app.register.validation import long_date

    # Read-only: nothing to back up, and the file stays as its last check left it.
    with open_from_args(args, readonly=True) as reg:
        data = readiness.summary(reg)
    if args.json:
        print_json(data)
        return 0
    rating = data["rating"]
    print(f"{data['council']}  ({data['register']})")
    if data["days_to_onsite"] is not None:
        print(f"On-site visit in {data['days_to_onsite']} days ({long_date(data['visit_days'][0]['date'])})")
    else:
        print("On-site dates not set")
    if rating["state"] == "incomplete":
        print(f"Indicative rating: incomplete (no score for {', '.join(rating['missing'])})")
    else:
        print(
            f"Indicative rating: {rating['total']}/{rating['maximum']} = {rating['percent']}% "
            f"{rating['band'] or rating['note']}"
        )
    print()
    print_table(
        [
            (q["qs"], q["name"], q["rag"].upper(), "; ".join(q["reasons"]) or "ready")
            for q in data["quality_statements"]
        ],
        ["QS", "Quality statement", "RAG", "Reasons"],
    )
    c = data["counts"]
    g = data["open_gaps"]
    print()
    print(
        f"Evidence: {c['evidence']} items, {c['inbox']} in the inbox, {c['missing']} missing, "
        f"{c['duplicates']} duplicates"
    )
    print(f"Open gaps: {g['high']} high, {g['medium']} medium, {g['low']} low")
    print(f"Sessions: {c['sessions']}; conflicts: {len(data['conflicts'])}")
    print(f"Cases: {c['cases']}; shortlisted cases awaiting consent: {data['cases_awaiting_consent']}")
    if data["cases_declined"]:
        codes = ", ".join(data["cases_declined"])
        print(f"Consent declined: {codes}; replace with a reserve: case promote REGISTER RESERVE --replacing CODE")
    for row in data["sessions_on_withdrawn_cases"]:
        message = withdrawn_session_message(row)
        print(message[0].upper() + message[1:])
    for message in data["case_deadline_problems"]:
        print(message[0].upper() + message[1:])
    visit = data.get("visit")
    if visit:
        r = visit["requests"]
        line = f"CQC requests: {r['open']} open, {r['overdue']} overdue"
        if r["no_due_date"]:
            line += f", {r['no_due_date']} with no due date"
        print(line)
        fa = visit["factual_accuracy"]
        if fa["deadline"]:
            print(f"Factual accuracy check due {fa['deadline']} ({fa['working_days_left']} working days left)")
        plan = visit["plan"]
        if plan["total"]:
            print(f"Improvement plan: {plan['total']} actions, {plan['overdue']} overdue, {plan['complete']} complete")
    return 0


def cmd_rating(args: argparse.Namespace) -> int:
    from readiness_app.framework.rating import parse_scores, rate

    rating = rate(parse_scores(args.scores))
    if args.json:
        print_json(rating.as_dict())
    else:
        print(rating.summary)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Report rule breaks (conflicts) and data problems; exit 1 if any are found."""
    from readiness_app.register import readiness
    from readiness_app.register.cases import declined_with_sessions, withdrawn_session_message
    from readiness_app.safety.integrity import broken_links, quick_check

    with open_from_args(args, readonly=True) as reg:
        declined = declined_with_sessions(reg)
        integrity = quick_check(reg.conn)
        fk = broken_links(reg.conn)
        data = readiness.summary(reg)  # its conflicts are the rule breaks this command reports
        from readiness_app.register import session_checks

        warnings = [c["message"] for c in session_checks.over_capacity(reg)]
        warnings += [k["message"] for k in session_checks.key_messages_to_check(reg)]
    conflicts = data["conflicts"]
    problems = [c["message"] for c in conflicts]
    if integrity != "ok":
        problems.append(f"database check failed: {integrity}")
    problems += [f"broken link in {r[0]} row {r[1]}" for r in fk]
    problems += [withdrawn_session_message(row) for row in data["sessions_on_withdrawn_cases"]]
    problems += data["case_deadline_problems"]
    problems += data["drop_in_problems"]
    problems += [
        f"case {code}: consent declined but session {sid} is still booked; promote a reserve "
        f"(case promote REGISTER RESERVE --replacing {code})"
        for code, sid in declined
    ]
    result = {
        "ok": not problems,
        "conflicts": conflicts,
        "integrity": integrity,
        "missing_evidence": data["counts"]["missing"],
        "cases_awaiting_consent": data["cases_awaiting_consent"],
        "cases_declined": data["cases_declined"],
        "problems": problems,
        "warnings": warnings,  # for the lead to look at; they do not fail the check
    }
    if args.json:
        print_json(result)
    else:
        for line in problems:
            print(line)
        for line in warnings:
            print(f"warning: {line}")
        print(f"{len(conflicts)} conflicts; register {'ok' if integrity == 'ok' else 'DAMAGED'}")
    return 0 if not problems else 1


def cmd_gui(args: argparse.Namespace) -> int:
    from readiness_app.ui import startup

    startup.hold_collector()  # released once the dashboard is drawn
    from readiness_app.ui.app import run

    return run(
        register=getattr(args, "register", None),
        demo=bool(getattr(args, "demo", False)),
        passphrase_file=getattr(args, "passphrase_file", None),
    )


# ---------------------------------------------------------------- parser


def _desktop_launch(argv: list[str]) -> Any:
    """The plain ways to start the window (no command, `--demo`, `open REGISTER`), read
    without argparse: the window's cold start is measured against a bare Qt window."""
    from types import SimpleNamespace

    plain = SimpleNamespace(framework=None, wording=None, self_test=False, handler=cmd_gui, demo=False, register=None)
    plain.passphrase_file = None
    if not argv:
        return plain
    if argv == ["--demo"]:
        plain.demo = True
        return plain
    if len(argv) == 2 and argv[0] == "open" and not argv[1].startswith("-"):
        plain.register = argv[1]
        return plain
    if len(argv) == 1 and argv[0].lower().endswith(REGISTER_SUFFIXES) and Path(argv[0]).is_file():
        plain.register = argv[0]  # a register double-clicked in Explorer, Finder or the file manager
        return plain
    return None


# The register's own file type (registered by the installers) and the name older registers have.
REGISTER_SUFFIXES = (".readiness", ".sqlite")
CORE_COMMANDS = ("init", "demo", "status", "rating", "check", "open")
# Area commands whose module is known without importing every area: they start as quickly as `status`.
COMMAND_HOMES = dict.fromkeys(("return", "indicator", "snapshot", "characteristics"), "readiness_app.cli.preparation")


def build_parser(*, extensions: bool | Sequence[str] = True) -> argparse.ArgumentParser:
    """The full parser; `extensions=False` leaves out other areas' commands (faster start), a list of
    modules takes only theirs."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="readiness",
        description="Get ready for CQC's on-site assessment of adult social care.",
        epilog=f"With no command, the desktop app opens. {EXIT_CODES}.",
    )
    import platform

    # The interpreter too: a bundle carries its own Python, and IT asks which one.
    version = f"readiness-app {__version__} (Python {platform.python_version()})"
    parser.add_argument("--version", action="version", version=version)
    parser.add_argument("--demo", action="store_true", help="open the desktop app on a fresh demo register")
    parser.add_argument("--framework", metavar="FILE", help="use this framework file instead of the built-in one")
    parser.add_argument(
        "--wording", metavar="FILE", help="print CQC's We/I statements from this council-kept wording file (TOML)"
    )
    parser.add_argument(
        "--self-test", action="store_true", help="check the installed app works (for IT after an install), then exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a new register")
    p.add_argument("register", metavar="REGISTER")
    p.add_argument("--council", required=True, help="the council's name")
    p.add_argument("--evidence", required=True, metavar="DIR", help="the shared evidence folder")
    p.add_argument("--onsite-start", metavar="YYYY-MM-DD", help="first on-site day")
    p.add_argument("--onsite-days", type=int, metavar="N", help="number of on-site working days (default 3)")
    p.add_argument("--virtual-days", type=int, metavar="N", help="virtual days after the on-site days (default 0)")
    p.add_argument("--passphrase-file", metavar="F", help="encrypt the new register with the passphrase in F")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="build the demo register and evidence folder in DIR")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="pretend today is this date (repeatable demo)")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("status", help="readiness at a glance")
    add_register_argument(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("rating", help="work out a rating from nine scores")
    p.add_argument("--scores", required=True, help="nine scores 1-4 in QS order, e.g. 2,2,2,2,3,3,3,3,3")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_rating)

    p = sub.add_parser("check", help="report conflicts and data problems (exit 1 if any)")
    add_register_argument(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("open", help="open a register in the desktop app")
    add_register_argument(p)
    p.set_defaults(handler=cmd_gui)

    modules = COMMAND_MODULES if extensions is True else (extensions or ())
    for name in modules:
        importlib.import_module(name).add_commands(sub)
    return parser


def _printable_output() -> None:
    """Never fail on a name the console cannot show (Ł, ŵ on a Windows cp1252 console): replace it instead.

    Output that is already UTF-8 is left alone; a legacy code page keeps its encoding
    (the console shows it) and prints '?' for what it lacks.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and encoding not in ("utf8", "utf_8"):
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream that cannot change: leave it as it is
                pass


def main(argv: Sequence[str] | None = None) -> int:
    from readiness_app.output_files import owner_only_from_now

    owner_only_from_now()  # before anything is written: every file this process makes is the user's alone
    _printable_output()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = _desktop_launch(argv)
    if args is None:
        # A core command needs no other area's parser: skipping their imports keeps `status` quick.
        plain = bool(argv) and not {"-h", "--help"} & set(argv)
        core_only = plain and argv[0] in CORE_COMMANDS
        home = COMMAND_HOMES.get(argv[0]) if plain else None
        try:
            args = build_parser(extensions=[home] if home else not core_only).parse_args(argv)
        except SystemExit as exc:  # argparse has printed the usage on stderr
            if exc.code == 2 and "--json" in argv:
                _json_error("bad usage: see the message above or --help")
            raise
    as_json = bool(getattr(args, "json", False))
    try:
        if args.framework:
            from readiness_app.framework import use_framework

            use_framework(args.framework)
        if getattr(args, "wording", None):
            from readiness_app.framework.wording import use_wording

            use_wording(args.wording)
        if args.self_test:
            from readiness_app.ui.selftest import run_self_test

            return run_self_test()
        handler: Handler = getattr(args, "handler", None) or cmd_gui
        return handler(args)
    except ValidationErrors as exc:
        if as_json:
            _json_error(exc.message, exc.hint, problems=exc.lines())
            return FOUND_PROBLEMS
        print(f"error: {exc.message}", file=sys.stderr)
        for line in exc.lines():
            print(f"  {line}", file=sys.stderr)
        return FOUND_PROBLEMS
    except ReadinessError as exc:
        if as_json:
            _json_error(exc.message, exc.hint, field=exc.field)
            return FOUND_PROBLEMS
        print(f"error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return FOUND_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: log it in full, show the user one line
        from readiness_app.opening import database_problem

        friendly = database_problem(exc, getattr(args, "register", None))
        if friendly is not None:  # busy, damaged or a full disk, met after opening
            if as_json:
                _json_error(friendly.message, friendly.hint)
            else:
                print(f"error: {friendly}\nhint: {friendly.hint}", file=sys.stderr)
            return COULD_NOT_RUN
        from readiness_app.logs import get_logger, log_file

        get_logger("readiness_app").exception("unexpected error in %s", getattr(args, "command", None))
        message = f"unexpected {type(exc).__name__}; details were written to {log_file()}"
        if as_json:
            _json_error(message)
        else:
            print(f"error: {message}", file=sys.stderr)
        return COULD_NOT_RUN


def _json_error(message: str, hint: str | None = None, **more: Any) -> None:
    """An error as the one JSON object on stdout, so a script reading --json output never gets plain text."""
    data: dict[str, Any] = {"ok": False, "error": message}
    if hint:
        data["hint"] = hint
    data.update({k: v for k, v in more.items() if v})
    print_json(data)
