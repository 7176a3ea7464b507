"""Opening a register: the one connection factory.

A register is one SQLite file per assessment. Every caller (command line,
desktop app, tests) opens it through `open_register` or `create_register`, so
pragmas, version checks, migrations and the pre-migration backup hold for all.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x52444E53  # "RDNS": marks a file as a readiness register


class Register:
    """An open register: a plain sqlite3 connection plus a lazy sqlite-utils view.

    Reads go through `query` (plain sqlite3, cheap to import); writes go through
    `transaction()` and the aggregate modules, which use `db` (sqlite-utils).
    """

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn
        self._db = None
        self.source = "cli"

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

        `source` (app, cli, watcher, import) is written to the audit trail.
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
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
        finally:
            self.source = previous

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rwc'}"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def _fail(message: str, hint: str = "") -> ReadinessError:
    return ReadinessError(message, hint)


def _check_is_register(path: Path) -> None:
    if not path.exists():
        raise _fail(
            f"register not found: {path}",
            "create one with `init`, or build the demo with `demo DIR`",
        )
    if path.is_dir():
        raise _fail(f"{path} is a folder, not a register file")
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise _fail(f"cannot read register {path}: {exc.strerror or exc}") from None
    if header != SQLITE_HEADER:
        raise _fail(
            f"{path} is not a readiness register (not an SQLite database, or damaged)",
            "choose the register.sqlite file, or restore a backup",
        )


def open_register(
    path: Path | str, *, readonly: bool = False, migrate: bool = True, source: str = "cli"
) -> Register:
    """Open an existing register, upgrading it (after a backup) if it is older."""
    from readiness_app.register import migrations

    path = Path(path)
    _check_is_register(path)
    try:
        conn = _connect(path, readonly=readonly)
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise _fail(f"{path} cannot be opened as a register: {exc}", "restore a backup") from None
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
    register = Register(path, conn)
    register.source = source
    if version < migrations.LATEST and migrate:
        if readonly:
            conn.close()
            raise _fail(f"{path} needs upgrading; open it once without read-only mode")
        backup_before_migration(register, version)
        migrations.migrate(register)
    return register


def create_register(path: Path | str, *, council: str, evidence_folder: Path | str | None = None) -> Register:
    """Create a new, empty register file (refuses to overwrite)."""
    from readiness_app.register import assessment, migrations

    path = Path(path)
    if not council or not council.strip():
        raise ReadinessError("council name is required", field="council")
    if path.exists():
        raise _fail(f"{path} already exists; choose another file name")
    if not path.parent.exists():
        raise _fail(f"folder {path.parent} does not exist")
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise _fail(f"cannot create register {path}: {exc}") from None
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)  # owner-only where the platform allows
    register = Register(path, conn)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.migrate(register)
    with register.transaction("cli"):
        assessment.create(register, council=council.strip(), evidence_folder=evidence_folder)
    return register


def backup_before_migration(register: Register, from_version: int) -> Path:
    """Copy the register aside (online backup API) before changing its schema."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = register.path.with_name(f"{register.path.stem}.before-v{from_version}-{stamp}.sqlite")
    dest = sqlite3.connect(target)
    try:
        register.conn.backup(dest)
    finally:
        dest.close()
    return target
