"""Commands for data safety: backup, restore, encrypt, decrypt, audit.

Imports stay inside the handlers so that building the parser stays cheap.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from readiness_app.cli.common import add_register_argument, open_from_args, passphrase_from_args
from readiness_app.errors import ReadinessError


def cmd_backup(args: argparse.Namespace) -> int:
    from readiness_app.safety import backup

    if args.list:
        register = Path(args.register)
        if not register.is_file():  # a slip of the path would otherwise list nothing and say nothing
            what = f"{register} is a folder, not a register file" if register.is_dir() else "register not found"
            raise ReadinessError(
                what if register.is_dir() else f"{what}: {register}",
                "give the register file (register.sqlite); its backups are found beside it",
            )
        rows, locked = [], []
        passphrase = passphrase_from_args(args)
        for b in backup.list_backups(Path(args.register)):
            info = backup.inspect_backup(b.path, passphrase)
            rows.append((b.made.strftime("%d/%m/%Y %H:%M:%S"), b.kind, "ok" if info.ok else info.problem, b.path.name))
            if info.needs_passphrase and passphrase is not None:
                locked.append(b.path.name)
        from readiness_app.cli.common import print_table

        print_table(rows, ["Made", "Kind", "Check", "File"])
        if locked:
            print(
                f"warning: {len(locked)} backups do not open with this passphrase: {', '.join(locked)}; "
                f"to bring them onto it: readiness encrypt {args.register} --passphrase-file F "
                "--backup-passphrase-file OLD (OLD: a file holding the passphrase they are on)",
                file=sys.stderr,
            )
        return 0
    with open_from_args(args, readonly=True) as reg:
        if args.keep is not None:
            reg.close()
            reg = open_from_args(args)  # saving the setting needs a writable register
            backup.set_keep_count(reg, args.keep)
            removed = backup.rotate(reg.path, args.keep)
            print(f"keeping the newest {args.keep} automatic backups ({len(removed)} older ones removed)")
            if not args.output and not args.now:
                return 0
        target = Path(args.output).resolve() if args.output else None
        if target is not None and target == reg.path.resolve():
            raise ReadinessError("a backup cannot overwrite the register it copies", "choose another file name")
        if target is not None and target.is_dir():
            raise ReadinessError(f"{target} is a folder; give a file name, e.g. {target / 'register-copy.sqlite'}")
        if target is not None and target.exists() and not args.force:
            raise ReadinessError(f"{target} already exists", "choose another name, or add --force to replace it")
        made = backup.backup_register(reg, kind="manual", target=target)
    print(f"backed up to {made}" + (" (encrypted)" if reg.encrypted else ""))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from readiness_app.safety.backup import restore_backup

    ns = argparse.Namespace(passphrase_file=args.passphrase_file, register=args.backup)
    passphrase = passphrase_from_args(ns)
    result = restore_backup(args.backup, args.register, passphrase=passphrase, force=args.force)
    if result.previous_copy:
        print(f"the register it replaced was kept as {result.previous_copy}")
    print(f"restored {result.info.describe()} from {args.backup} to {result.restored}")
    return 0


def _new_passphrase(args: argparse.Namespace, attribute: str) -> str:
    passphrase = passphrase_from_args(argparse.Namespace(**{attribute: getattr(args, attribute)}), attribute)
    if passphrase is not None:
        return passphrase
    if not sys.stdin.isatty():
        raise ReadinessError(
            "no passphrase given", f"put it in a file readable only by you and pass --{attribute.replace('_', '-')} F"
        )
    import getpass

    from readiness_app.safety.passphrase_file import typed

    first = typed(getpass.getpass("New passphrase: "))
    if typed(getpass.getpass("Same passphrase again: ")) != first:
        raise ReadinessError("the two passphrases differ; nothing was changed")
    return first


def _backup_passphrases(args: argparse.Namespace) -> list[str]:
    """Passphrases some backups may still be on (--backup-passphrase-file, may be given more than once)."""
    from readiness_app.safety.passphrase_file import read_secret_file

    return [read_secret_file(f, option="--backup-passphrase-file") for f in args.backup_passphrase_file or []]


def _report_left(result, register: Path) -> None:
    for line in result.warnings(register):
        print(f"warning: {line}", file=sys.stderr)


def cmd_encrypt(args: argparse.Namespace) -> int:
    from readiness_app.safety import encryption

    register = Path(args.register)
    others = _backup_passphrases(args)
    if others and not args.new_passphrase_file:  # only the backups left on another passphrase
        result = encryption.rekey_backups(register, passphrase_from_args(args), others)
        print(f"brought {len(result.converted)} backups onto the register's passphrase")
        _report_left(result, register)
        return 0
    encryption.refuse_what_is_not_a_register(register)
    if args.new_passphrase_file or encryption.is_encrypted(register):
        if not args.new_passphrase_file and not sys.stdin.isatty():
            raise ReadinessError(
                f"{register} is already encrypted", "to change its passphrase, add --new-passphrase-file F"
            )
        old = passphrase_from_args(args)
        if old is None:
            raise ReadinessError(f"{register} is already encrypted", "give its passphrase with --passphrase-file F")
        new = _new_passphrase(args, "new_passphrase_file")
        result = encryption.change_passphrase(register, old, new, others)
        print(f"changed the passphrase of {register} and {len(result)} backups")
        _report_left(result, register)
        return 0
    new = _new_passphrase(args, "passphrase_file")
    result = encryption.encrypt_register(register, new)
    print(f"encrypted {register} and {len(result)} backups; keep the passphrase safe: it cannot be recovered")
    _report_left(result, register)
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    from readiness_app.safety import encryption

    passphrase = passphrase_from_args(args)
    if passphrase is None and encryption.is_encrypted(Path(args.register)):
        raise ReadinessError("no passphrase given", "pass --passphrase-file F")
    result = encryption.decrypt_register(Path(args.register), passphrase or "", _backup_passphrases(args))
    print(f"decrypted {args.register} and {len(result)} backups; it is no longer protected by a passphrase")
    _report_left(result, Path(args.register))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from readiness_app.cli.common import print_json, print_table
    from readiness_app.register import audit

    with open_from_args(args, readonly=True) as reg:
        filters = {"since": args.since, "table": args.table, "limit": args.last}
        if args.output:
            count = audit.export_csv(reg, Path(args.output), **filters)
            print(f"wrote {count} audit entries to {args.output}")
            return 0
        rows = audit.entries(reg, **filters)
    if args.json:
        print_json(rows)
        return 0
    print_table(
        [(r["at"].replace("T", " ")[:19], r["source"], r["action"], r["record_table"], r["record_id"],
          audit.summarise(r["changes"])) for r in rows],
        ["When (UTC)", "Source", "Action", "Table", "Record", "Changes"],
    )  # fmt: skip
    return 0


def _add_backup_passphrase(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--backup-passphrase-file",
        metavar="F",
        action="append",
        help="a passphrase some backups are still on (a change that was stopped part-way); "
        "alone (without --new-passphrase-file) it brings them onto the register's passphrase",
    )


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="back up a register now (SQLite online backup)")
    add_register_argument(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write the backup here (default: backups/ beside it)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--keep", type=int, metavar="N", help="keep the newest N automatic backups (saved in the register)")
    p.add_argument("--now", action="store_true", help="with --keep: also make a backup now")
    p.add_argument("--list", action="store_true", help="list the backups beside the register and check each")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="put a backup in place of a register (the old one is backed up first)")
    p.add_argument("backup", metavar="BACKUP", help="the backup file")
    p.add_argument("register", metavar="REGISTER", help="the register file to replace or create")
    p.add_argument("--force", action="store_true", help="replace an existing register")
    p.add_argument("--passphrase-file", metavar="F", help="passphrase of an encrypted backup")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("encrypt", help="protect a register (and its backups) with a passphrase")
    add_register_argument(p)
    p.add_argument("--new-passphrase-file", metavar="F", help="change the passphrase of an encrypted register")
    _add_backup_passphrase(p)
    p.set_defaults(handler=cmd_encrypt)

    p = sub.add_parser("decrypt", help="remove the passphrase from a register (and its backups)")
    add_register_argument(p)
    _add_backup_passphrase(p)
    p.set_defaults(handler=cmd_decrypt)

    p = sub.add_parser("audit", help="show or export the audit trail")
    add_register_argument(p)
    p.add_argument("--since", metavar="DATE", help="only entries on or after this date (e.g. 21/05/2024)")
    p.add_argument("--table", metavar="TABLE", help="only changes to this table (e.g. tracked_case)")
    p.add_argument("--last", type=int, metavar="N", help="only the newest N entries")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("-o", "--output", metavar="FILE.csv", help="write the entries to a CSV file")
    p.set_defaults(handler=cmd_audit)
