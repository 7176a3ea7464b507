"""Opening and creating a register: the one way in, for the command line, the app and tests.

`open_register` decrypts, checks, upgrades (after a backup, with the register
held alone) and backs up; `create_register` builds a new file under a temporary
name. It stands above `register` (the database) and `safety` (checks, backups,
locations), so neither of those imports the other's orchestration.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Literal

from readiness_app import clock
from readiness_app.errors import (
    NeedsPassphrase,
    NeedsUpgrade,
    ReadinessError,
    RegisterDamaged,
    one_line,
)
from readiness_app.register import assessment, migrations
from readiness_app.register.connection import (
    APPLICATION_ID,
    SQLITE_CORRUPT,
    SQLITE_HEADER,
    SQLITE_NOTADB,
    Register,
    alone,
    connect,
    database_errors,
    error_code,
    looks_encrypted,
    read_header,
    write_error,
)
from readiness_app.safety import integrity, location
from readiness_app.safety.backup import restore_hint

AutoBackup = Literal["off", "open", "daily"]


def damaged(
    path: Path, problem: str, passphrase: str | None = None, *, outcome: str = "was not opened"
) -> RegisterDamaged:
    """The one message for a damaged register, with the newest good backup to restore."""
    return RegisterDamaged(
        f"{path} is damaged and {outcome} ({one_line(problem)})",
        restore_hint(path, passphrase) or "no good backup was found beside it",
    )


def database_problem(exc: BaseException, path: Path | str | None) -> ReadinessError | None:
    """A one-line message for a database error met after opening (busy, damaged, disk), else None.

    A page damaged after the last check (the check on open is skipped for an
    unchanged file) shows up only when a command reads it; it is reported here
    as damage, with the backup to restore.
    """
    if path is None or not isinstance(exc, database_errors()):
        return None
    path = Path(path)
    friendly = write_error(exc, path)
    if friendly is not None:
        return friendly
    if error_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(path, str(exc), outcome="the command stopped; nothing was changed")
    return None


def _check_is_register(path: Path, passphrase: str | None) -> bool:
    """Check the file before SQLite touches it; returns whether to open it encrypted."""
    if not path.exists():
        raise ReadinessError(
            f"register not found: {path}",
            "create one with `init`, or build the demo with `demo DIR`",
        )
    if path.is_dir():
        raise ReadinessError(f"{path} is a folder, not a register file")
    header = read_header(path)
    if header == SQLITE_HEADER:
        return False
    if looks_encrypted(path):
        if passphrase is None:
            hint = restore_hint(path)
            raise NeedsPassphrase(
                f"{path} is encrypted (or is not a register)",
                "give its passphrase with --passphrase-file F, or run the command in a terminal to be asked"
                + (f"; if it is damaged, {hint}" if hint else ""),
            )
        return True
    raise RegisterDamaged(
        f"{path} is not a readiness register (not an SQLite database, or damaged)",
        restore_hint(path, passphrase) or "choose the register.sqlite file, or restore a backup",
    )


def _journal_warning(path: Path) -> str | None:
    # After a crash both -wal and -shm remain; after a clean close neither does.
    # A -shm with no -wal means someone deleted the journal: recent changes may be gone.
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    if shm.exists() and not wal.exists():
        return (
            f"the journal file {wal.name} is missing (deleted or not copied); the most recent changes "
            "may be lost. Check the register, and restore a backup if something is missing"
        )
    return None


def _connect_checked(path: Path, readonly: bool, encrypted: bool, passphrase: str | None):
    """Connect and read the version, turning SQLite's refusals into one-line messages."""
    try:
        conn = connect(path, readonly=readonly, passphrase=passphrase)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except BaseException:
            conn.close()
            raise
    except database_errors() as exc:
        if encrypted and error_code(exc) == SQLITE_NOTADB:
            raise NeedsPassphrase(
                f"wrong passphrase for {path} (or the file is damaged)",
                "check the passphrase file; " + (restore_hint(path, None) or "if it is right, restore a backup"),
            ) from None
        friendly = write_error(exc, path)
        if friendly:
            raise friendly from None
        raise damaged(path, str(exc), passphrase) from None
    if app_id != APPLICATION_ID:
        conn.close()
        raise ReadinessError(f"{path} is an SQLite file but not a readiness register")
    if version > migrations.LATEST:
        conn.close()
        raise ReadinessError(
            f"{path} was written by a newer version of readiness-app "
            f"(register version {version}, this app knows up to {migrations.LATEST})",
            "update readiness-app before opening this register",
        )
    return conn, version


def upgrade(path: Path, passphrase: str | None, from_version: int) -> None:
    """Back up, then migrate, with the register held alone (refused while another program has it open)."""
    with alone(path, passphrase, "upgraded to this version of readiness-app") as reg:
        backup_before_migration(reg, from_version)
        migrations.migrate(reg)


def open_register(
    path: Path | str,
    *,
    readonly: bool = False,
    migrate: bool = True,
    source: str = "cli",
    passphrase: str | None = None,
    auto_backup: AutoBackup = "off",
    check: Literal["auto", "full", "off"] | bool = "auto",
) -> Register:
    """Open an existing register: decrypt, check, upgrade (after a backup), back up.

    auto_backup: "open" backs up now (the desktop app on open), "daily" backs up
    only if the newest automatic backup is a day old (write commands), "off" never.
    check: the integrity check on open. "auto" (default) runs the full quick_check
    when the file changed since it last passed, "full" always (the desktop app),
    "off" never (only benchmarks). See safety.integrity.
    """
    path = Path(path)
    encrypted = _check_is_register(path, passphrase)
    use_passphrase = passphrase if encrypted else None
    warnings: list[str] = []
    if passphrase is not None and not encrypted:
        warnings.append(f"{path.name} is not encrypted; the passphrase was not needed")
    journal = _journal_warning(path)
    if journal:
        warnings.append(journal)
    if not readonly and not os.access(path, os.W_OK):
        raise ReadinessError(
            f"{path} is read-only; it cannot be opened for changes",
            "copy it to a folder you can write to; commands that only read "
            "(status, check, report, export) work on it as it is",
        )
    conn, version = _connect_checked(path, readonly, encrypted, use_passphrase)
    register = Register(path, conn, use_passphrase)
    register.source = source
    register.readonly = readonly
    register.warnings = warnings
    try:
        mode = check if isinstance(check, str) else ("auto" if check else "off")
        if mode != "off":
            try:
                register.warnings += integrity.check_on_open(register, mode)
            except RegisterDamaged as exc:
                exc.hint = restore_hint(path, use_passphrase) or exc.hint
                raise
        if version < migrations.LATEST and migrate:
            if readonly:
                raise NeedsUpgrade(f"{path} needs upgrading; open it once without read-only mode")
            conn.close()  # the upgrade needs the register alone, this process included
            upgrade(path, use_passphrase, version)
            conn, version = _connect_checked(path, readonly, encrypted, use_passphrase)
            register.conn = conn
        if not readonly:
            with contextlib.suppress(OSError):
                os.chmod(path, 0o600)  # owner-only where the platform allows (chmod opens no descriptor)
        if not readonly and version >= 1:
            assessment.ensure_uuid(register)
        if not readonly and version == migrations.LATEST:
            _snapshot_before_visit(register)
        _check_location(register)
        if auto_backup != "off" and not readonly:
            from readiness_app.safety import backup  # only when a backup is due: keeps `status` quick

            try:
                if auto_backup == "open":  # the desktop app: a fresh copy each time it opens a register
                    backup.backup_register(register, kind="auto")
                else:
                    backup.backup_if_due(register)
            except ReadinessError as exc:  # a full disk: the safety net failed, the work itself can go on
                register.warnings.append(f"the automatic backup was not made ({exc.message}); {exc.hint}")
    except BaseException:
        register.conn.close()
        raise
    return register


def _snapshot_before_visit(register: Register) -> None:
    """On the first writable open from the first visit day: the self-assessment as it went into the visit."""

    first_day = register.scalar("SELECT MIN(date) FROM visit_day")
    if first_day and first_day <= clock.today().isoformat():  # the snapshots module loads only from then on
        from readiness_app.register.snapshots import take_before_visit_if_due

        take_before_visit_if_due(register)


def _check_location(register: Register) -> None:
    evidence = assessment.evidence_folder(register)
    if evidence is not None:
        location.refuse_inside_evidence(register.path, evidence)
    register.warnings += location.location_warnings(register.path)


def create_register(
    path: Path | str,
    *,
    council: str,
    evidence_folder: Path | str | None = None,
    passphrase: str | None = None,
) -> Register:
    """Create a new, empty register file (refuses to overwrite).

    It is built under a temporary name and renamed when complete, so a crash
    never leaves a half-made register behind.
    """
    path = Path(path)
    if not council or not council.strip():
        raise ReadinessError("council name is required", field="council")
    if evidence_folder:  # first: the place is wrong whether or not its folder exists yet
        evidence = Path(evidence_folder)
        location.refuse_inside_evidence(path, evidence if evidence.is_absolute() else path.parent / evidence)
    if path.exists():
        raise ReadinessError(f"{path} already exists; choose another file name")
    if not path.parent.exists():
        raise ReadinessError(f"folder {path.parent} does not exist")
    if passphrase is not None and len(passphrase) < 8:
        raise ReadinessError("a passphrase needs at least 8 characters", field="passphrase")
    from readiness_app import machine_settings

    machine = machine_settings.load()
    if machine.require_encryption and passphrase is None:
        raise ReadinessError(
            "this computer's settings require every new register to be encrypted",
            hint="give a passphrase (in the app, or --passphrase-file on the command line); "
            f"the setting is in {machine.source}",
            field="passphrase",
        )
    temp = path.with_name(f".{path.name}.creating-{os.getpid()}")
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))  # owner-only from the start
        conn = connect(temp, passphrase=passphrase)
        register = Register(temp, conn, passphrase)
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            migrations.migrate(register)
            with register.transaction("cli"):
                assessment.create(register, council=council.strip(), evidence_folder=evidence_folder)
                assessment.ensure_uuid(register)
                if machine.protective_marking:
                    assessment.update(register, marking=machine.protective_marking)
        finally:
            register.close()
        os.replace(temp, path)
    except BaseException as exc:
        for leftover in (temp, temp.with_name(temp.name + "-wal"), temp.with_name(temp.name + "-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if isinstance(exc, ReadinessError) or not isinstance(exc, database_errors() + (OSError,)):
            raise
        friendly = write_error(exc, path)
        raise (friendly or ReadinessError(f"cannot create register {path}: {one_line(exc)}")) from None
    return open_register(path, passphrase=passphrase, source="cli")


def backup_before_migration(register: Register, from_version: int) -> Path:
    """Copy the register aside (online backup API) before changing its schema."""
    from readiness_app.safety import backup

    return backup.backup_register(register, kind=f"before-upgrade-v{from_version}")
