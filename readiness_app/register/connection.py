"""Opening a register: the one connection factory.

A register is one SQLite file per assessment. Every caller (command line,
desktop app, tests) opens it through `open_register` or `create_register`, so
pragmas, encryption, the integrity check, version checks, migrations and the
backups around them hold for all.

Encrypted registers (a passphrase was given) use SQLCipher through the
`sqlcipher3` package; plain ones use the standard `sqlite3` module. The
passphrase lives only in memory on the open `Register` (backups need it) and
is never written anywhere.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from readiness_app.errors import ReadinessError

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x52444E53  # "RDNS": marks a file as a readiness register
UUID_KEY = "register_uuid"  # setting that identifies one assessment's register across copies and backups

AutoBackup = Literal["off", "open", "daily"]


def database_errors() -> tuple[type[BaseException], ...]:
    """sqlite3.Error plus SQLCipher's twin hierarchy when it is loaded (they share no base class)."""
    errors: list[type[BaseException]] = [sqlite3.Error]
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is not None:
        errors.append(cipher.Error)
    return tuple(errors)


def write_error(exc: BaseException, path: Path) -> ReadinessError | None:
    """A user-facing message for a write that the disk refused, or None for other errors."""
    text = str(exc).lower()
    if "disk is full" in text or getattr(exc, "errno", None) == 28:
        return ReadinessError(
            f"the disk holding {path.parent} is full; the change was not saved",
            "free some space, then try again (the register itself is unharmed)",
        )
    if "readonly" in text or "read-only" in text or getattr(exc, "errno", None) in (13, 30):
        return ReadinessError(
            f"{path} cannot be written (read-only file, folder or disk); the change was not saved",
            "copy the register to a folder you can write to, or open it read-only",
        )
    if "disk i/o error" in text or getattr(exc, "errno", None) == 5:
        return ReadinessError(
            f"the disk reported an error while writing {path}; the change was not saved",
            "check the disk, then try again; restore a backup if the register will not open",
        )
    return None


class Register:
    """An open register: a DB-API connection plus a lazy sqlite-utils view.

    Reads go through `query` (cheap to import); writes go through
    `transaction()` and the aggregate modules, which use `db` (sqlite-utils).
    `warnings` holds things the user should see after opening (network folder,
    missing journal, broken links); the CLI prints them, the app shows them.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, passphrase: str | None = None):
        self.path = path
        self.conn = conn
        self._db = None
        self._passphrase = passphrase
        self.source = "cli"
        self.readonly = False
        self.warnings: list[str] = []

    def __repr__(self) -> str:  # never shows the passphrase
        return f"Register({str(self.path)!r}, encrypted={self.encrypted})"

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    @property
    def db(self):  # -> sqlite_utils.Database; imported lazily to keep `status` fast
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: tuple | dict = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @contextlib.contextmanager
    def transaction(self, source: str | None = None) -> Iterator[Register]:
        """One change = one transaction; nested calls join the outer one.

        `source` (app, cli, watcher, import) is written to the audit trail. A
        full disk or read-only file rolls the change back and is reported as a
        ReadinessError, so the user sees one line and the register is untouched.
        """
        if self.conn.in_transaction:
            previous = self.source
            if source:
                self.source = source
            try:
                yield self
            finally:
                self.source = previous
            return
        previous = self.source
        if source:
            self.source = source
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except database_errors() as exc:
            self.source = previous
            self._undo(exc)
            raise
        try:
            yield self
        except BaseException as exc:
            self._undo(exc)
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException as exc:
                self._undo(exc)
                raise
        finally:
            self.source = previous

    def _undo(self, exc: BaseException) -> None:
        """Roll back an open transaction; a write the disk refused is raised as one user-facing line."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        friendly = write_error(exc, self.path) if isinstance(exc, database_errors()) else None
        if friendly:
            raise friendly from None

    def backup(self, kind: str = "manual", target: Path | str | None = None) -> Path:
        """Copy the register with the online backup API (see safety.backup)."""
        from readiness_app.safety import backup

        return backup.backup_register(self, kind=kind, target=Path(target) if target else None)

    def close(self) -> None:
        with contextlib.suppress(*database_errors()):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _quote(text: str) -> str:
    """An SQL string literal (PRAGMA key takes no bound parameters)."""
    if "\x00" in text:
        raise ReadinessError("a passphrase cannot contain a NUL character")
    return "'" + text.replace("'", "''") + "'"


def connect(path: Path, *, readonly: bool = False, passphrase: str | None = None, wal: bool = True):
    """A raw connection with the register's pragmas; SQLCipher when a passphrase is given."""
    if passphrase is None:
        module: Any = sqlite3
    else:
        import sqlcipher3 as module
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rwc'}"
    conn = module.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    try:
        conn.row_factory = module.Row
        if passphrase is not None:
            conn.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher otherwise prints to stderr
            conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly and wal:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _fail(message: str, hint: str = "") -> ReadinessError:
    return ReadinessError(message, hint)


def read_header(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(16)
    except OSError as exc:
        raise _fail(f"cannot read register {path}: {exc.strerror or exc}") from None


def looks_encrypted(path: Path) -> bool:
    """True for a file that could be an SQLCipher register: no plain header, whole pages.

    An encrypted file and random bytes look alike; only the passphrase tells them apart.
    """
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size >= 1024 and size % 512 == 0 and read_header(path) != SQLITE_HEADER


def _damaged_hint(path: Path, passphrase: str | None = None) -> str:
    from readiness_app.safety.integrity import restore_hint

    return restore_hint(path, passphrase)


def _check_is_register(path: Path, passphrase: str | None) -> bool:
    """Check the file before SQLite touches it; returns whether to open it encrypted."""
    if not path.exists():
        raise _fail(
            f"register not found: {path}",
            "create one with `init`, or build the demo with `demo DIR`",
        )
    if path.is_dir():
        raise _fail(f"{path} is a folder, not a register file")
    header = read_header(path)
    if header == SQLITE_HEADER:
        return False
    if looks_encrypted(path):
        if passphrase is None:
            backup = _damaged_hint(path)
            raise _fail(
                f"{path} is encrypted (or is not a register)",
                "give its passphrase with --passphrase-file F, or run the command in a terminal to be asked"
                + (f"; if it is damaged, {backup}" if backup else ""),
            )
        return True
    raise _fail(
        f"{path} is not a readiness register (not an SQLite database, or damaged)",
        _damaged_hint(path, passphrase) or "choose the register.sqlite file, or restore a backup",
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
    from readiness_app.register import migrations

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
        raise _fail(
            f"{path} is read-only; it cannot be opened for changes",
            "copy it to a folder you can write to, or open it read-only",
        )
    try:
        conn = connect(path, readonly=readonly, passphrase=use_passphrase)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except database_errors() as exc:
        if encrypted and "not a database" in str(exc):
            raise _fail(
                f"wrong passphrase for {path} (or the file is damaged)",
                "check the passphrase file; " + (_damaged_hint(path, None) or "if it is right, restore a backup"),
            ) from None
        friendly = write_error(exc, path)
        if friendly:
            raise friendly from None
        raise _fail(
            f"{path} is damaged and was not opened ({exc})",
            _damaged_hint(path, use_passphrase) or "no good backup was found beside it",
        ) from None
    if app_id != APPLICATION_ID:
        conn.close()
        raise _fail(f"{path} is an SQLite file but not a readiness register")
    if version > migrations.LATEST:
        conn.close()
        raise _fail(
            f"{path} was written by a newer version of readiness-app "
            f"(register version {version}, this app knows up to {migrations.LATEST})",
            "update readiness-app before opening this register",
        )
    register = Register(path, conn, use_passphrase)
    register.source = source
    register.readonly = readonly
    register.warnings = warnings
    try:
        mode = {True: "auto", False: "off"}.get(check, check)  # type: ignore[call-overload]
        if mode != "off":
            from readiness_app.safety.integrity import check_on_open

            register.warnings += check_on_open(register, mode)
        if not readonly:
            with contextlib.suppress(OSError):
                os.chmod(path, 0o600)  # owner-only where the platform allows
        if version < migrations.LATEST and migrate:
            if readonly:
                raise _fail(f"{path} needs upgrading; open it once without read-only mode")
            backup_before_migration(register, version)
            migrations.migrate(register)
        if not readonly and conn.execute("PRAGMA user_version").fetchone()[0] >= 1:
            ensure_uuid(register)
        if not readonly and conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST:
            first_day = conn.execute("SELECT MIN(date) FROM visit_day").fetchone()[0]
            if first_day and first_day <= _today_iso():  # the snapshots module loads only from the first visit day
                from readiness_app.register.snapshots import take_before_visit_if_due

                take_before_visit_if_due(register)  # the self-assessment as it went into the visit
        _check_location(register)
        if auto_backup != "off" and not readonly:
            from readiness_app.safety import backup

            if auto_backup == "open":  # the desktop app: a fresh copy each time it opens a register
                backup.backup_register(register, kind="auto")
            else:
                backup.backup_if_due(register)
    except BaseException:
        conn.close()
        raise
    return register


def _today_iso() -> str:
    from datetime import date

    return date.today().isoformat()


def _check_location(register: Register) -> None:
    from readiness_app.safety.location import location_warnings, refuse_inside_evidence

    folder = register.scalar("SELECT evidence_folder FROM assessment WHERE id = 1")
    if folder:
        evidence = Path(folder)
        if not evidence.is_absolute():
            evidence = register.path.parent / evidence
        refuse_inside_evidence(register.path, evidence)
    register.warnings += location_warnings(register.path)


def ensure_uuid(register: Register) -> str:
    """The assessment's stable id (setting `register_uuid`), written on first need."""
    value = register.scalar("SELECT value FROM setting WHERE key = ?", (UUID_KEY,))
    if value:
        return value
    import uuid  # only when a register gets its id (uuid costs start-up time)

    from readiness_app.register import records

    value = str(uuid.uuid4())
    with register.transaction():
        register.conn.execute("INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)", (UUID_KEY, value))
        value = register.scalar("SELECT value FROM setting WHERE key = ?", (UUID_KEY,))
        records.audit(register, "setting", UUID_KEY, "update", {"value": [None, value]})
    return value


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
    from readiness_app.register import assessment, migrations
    from readiness_app.safety.location import refuse_inside_evidence

    path = Path(path)
    if not council or not council.strip():
        raise ReadinessError("council name is required", field="council")
    if path.exists():
        raise _fail(f"{path} already exists; choose another file name")
    if not path.parent.exists():
        raise _fail(f"folder {path.parent} does not exist")
    if evidence_folder:
        evidence = Path(evidence_folder)
        refuse_inside_evidence(path, evidence if evidence.is_absolute() else path.parent / evidence)
    if passphrase is not None and len(passphrase) < 8:
        raise ReadinessError("a passphrase needs at least 8 characters", field="passphrase")
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
                ensure_uuid(register)
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
        raise (friendly or _fail(f"cannot create register {path}: {exc}")) from None
    return open_register(path, passphrase=passphrase, source="cli")


def backup_before_migration(register: Register, from_version: int) -> Path:
    """Copy the register aside (online backup API) before changing its schema."""
    from readiness_app.safety import backup

    return backup.backup_register(register, kind=f"before-upgrade-v{from_version}")
