"""Shared helpers for every command-line command: the REGISTER argument, opening the
register named on the command line, the passphrase, and plain or JSON output.

A leaf module: every command group imports it, and it imports none of them (nor `cli/__init__.py`).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness_app.errors import NeedsUpgrade, ReadinessError, ValidationErrors

if TYPE_CHECKING:
    import argparse


def add_register_argument(parser: argparse.ArgumentParser) -> None:
    """The REGISTER positional plus the options every register-opening command takes."""
    parser.add_argument("register", metavar="REGISTER", help="the register file (register.sqlite)")
    parser.add_argument(
        "--passphrase-file",
        metavar="F",
        help="file holding the passphrase of an encrypted register (never pass it on the command line)",
    )


def action_group(sub: argparse._SubParsersAction, word: str, help_text: str, dest: str | None = None):
    """A command word whose actions follow it (`room add`, `case promote`): its sub-parsers."""
    return sub.add_parser(word, help=help_text).add_subparsers(
        dest=dest or f"{word}_command", metavar="ACTION", required=True
    )


def add_action(
    group: argparse._SubParsersAction,
    name: str,
    handler: Callable[[argparse.Namespace], int],
    help_text: str,
    *,
    description: str | None = None,
    register: bool = True,
) -> argparse.ArgumentParser:
    """One action of a group (or a plain command), with REGISTER unless told otherwise."""
    p = group.add_parser(name, help=help_text, description=description)
    if register:
        add_register_argument(p)
    p.set_defaults(handler=handler)
    return p


def open_from_args(args: argparse.Namespace, *, readonly: bool = False, source: str = "cli"):
    """Open the register named on the command line (the one way commands do it).

    Commands that may write get the daily automatic backup (at most one a day,
    so `status` stays fast); warnings from opening (network folder, missing
    journal) go to stderr so --json output stays clean.
    """
    from readiness_app.opening import open_register

    kwargs: dict[str, Any] = {"readonly": readonly, "source": source, "auto_backup": "off" if readonly else "daily"}
    passphrase = passphrase_from_args(args)
    if passphrase is not None:
        kwargs["passphrase"] = passphrase
    try:
        reg = open_register(args.register, **kwargs)
    except NeedsUpgrade:
        if not readonly:
            raise
        # A reading command on a register from an older version: upgrade it (after a backup) once.
        kwargs.update(readonly=False, auto_backup="daily")
        reg = open_register(args.register, **kwargs)
    for warning in reg.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return reg


def passphrase_from_args(args: argparse.Namespace, attribute: str = "passphrase_file") -> str | None:
    """The passphrase for an encrypted register: from --passphrase-file, else asked for.

    It is asked for (without echo) only when the register is encrypted and the
    command runs in a terminal; it is never read from the command line itself.
    """
    path = getattr(args, attribute, None)
    if path:
        from readiness_app.safety.passphrase_file import read_secret_file

        return read_secret_file(path, option="--" + attribute.replace("_", "-"))
    register = getattr(args, "register", None)
    if not register or not sys.stdin.isatty():
        return None
    from readiness_app.register.connection import looks_encrypted

    if not looks_encrypted(Path(register)):
        return None
    import getpass

    from readiness_app.safety.passphrase_file import typed

    return typed(getpass.getpass(f"Passphrase for {Path(register).name}: ")) or None


def warn_if_in_evidence(reg, output: str | Path) -> None:
    """Say so (on stderr) when an output was written into the shared evidence folder."""
    from readiness_app.output_files import evidence_warning
    from readiness_app.register import assessment

    warning = evidence_warning(output, assessment.evidence_folder(reg))
    if warning:
        print(f"warning: {warning}", file=sys.stderr)


def pick(rows: list[dict[str, Any]], text: str, what: str) -> int:
    """An id from a token that is an id or a name (names compared ignoring case and spacing)."""
    from readiness_app.errors import ReadinessError
    from readiness_app.register.named import name_key

    token = text.strip()
    if token.isdigit() and any(r["id"] == int(token) for r in rows):
        return int(token)
    found = [r["id"] for r in rows if name_key(r["name"]) == name_key(token)]
    if len(found) == 1:
        return found[0]
    if found:
        raise ReadinessError(f"{len(found)} {what}s are called {token!r}: give the id ({found})", field=what)
    raise ReadinessError(f"no {what} {token!r}", field=what)


def print_json(data: Any) -> None:
    # One compact write: the C encoder only runs without indent, and json.dump to a
    # stream issues a write per token. Pipe through `python -m json.tool` to read it.
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


LIST_LIMIT = 50  # lines of detail in an import's text report; --json gives all


def run_import(
    args: argparse.Namespace,
    run: Callable[[Any], Any],
    problem: Callable[[ReadinessError], dict[str, Any]],
) -> tuple[int, Any]:
    """Run an import on the register named on the command line: (exit code, its result).

    With --json the outcome is printed here (ok and the result, or every problem, exit
    code 1) and the result comes back as None; otherwise its summary is printed here and
    the caller prints the detail. Problems without --json are raised as they are.
    """
    with open_from_args(args, source="import") as reg:
        try:
            result = run(reg)
        except ValidationErrors as exc:
            if not args.json:
                raise
            print_json({"ok": False, "message": exc.message, "problems": [problem(p) for p in exc.problems]})
            return 1, None
    if args.json:
        print_json({"ok": True, **result.as_dict()})
        return 0, None
    print(result.summary())
    return 0, result


def print_limited(lines: list[str]) -> None:
    """The first LIST_LIMIT lines of a report, then how many more there are."""
    for line in lines[:LIST_LIMIT]:
        print(line)
    if len(lines) > LIST_LIMIT:
        print(f"  ... and {len(lines) - LIST_LIMIT} more (use --json for the full list)")


def print_rows(
    args: argparse.Namespace,
    rows: Sequence[Mapping[str, Any]],
    line: Callable[[Any], Sequence[Any]],
    headers: Sequence[str],
) -> None:
    """A listing: the rows as JSON with --json, else one table line per row."""
    if args.json:
        print_json(rows)
    else:
        print_table([line(r) for r in rows], headers)


def print_table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> None:
    """Plain aligned columns for terminal output."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
