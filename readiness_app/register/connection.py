"""The register's database: connections, the `Register` handle, and what SQLite says.

A register is one SQLite file per assessment. This module holds the database
side only: `connect` (pragmas, SQLCipher for encrypted registers), the
`Register` handle with its transactions, the exclusive hold that `restore`,
`encrypt`, `decrypt` and schema upgrades need, and the translation of SQLite's
errors into one-line messages. Opening a register with its checks, backups and
upgrades lives above, in `readiness_app.opening`.

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
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness_app.errors import ReadinessError, RegisterBusy, RegisterReplaced, one_line

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
APPLICATION_ID = 0x52444E53  # "RDNS": marks a file as a readiness register
UUID_KEY = "register_uuid"  # setting that identifies one assessment's register across copies and backups


def database_errors() -> tuple[type[BaseException], ...]:
    """sqlite3.Error plus SQLCipher's twin hierarchy when it is loaded (they share no base class)."""
    errors: list[type[BaseException]] = [sqlite3.Error]
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is not None:
        errors.append(cipher.Error)
    return tuple(errors)


# SQLite's primary result codes that the messages below tell apart.
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = (
    5, 6, 8, 10, 11, 13, 26,
)  # fmt: skip
BUSY_TIMEOUT_MS = 5000  # how long a command waits for another program's write to finish
ALONE_TIMEOUT_MS = 1000  # how long an exclusive operation waits for other programs to let go


def error_code(exc: BaseException) -> int:
    """SQLite's primary result code of a database error (0 when unknown)."""
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def busy_error(path: Path) -> RegisterBusy:
    return RegisterBusy(
        f"the register {path} is busy: another program is writing to it",
        "wait a moment and try again; if it stays busy, finish or close the other program "
        "(the desktop app, `watch`, or a command still running)",
    )


def write_error(exc: BaseException, path: Path) -> ReadinessError | None:
    """A user-facing message for a write that the disk refused, or None for other errors."""
    if error_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED):
        return busy_error(path)
    text, code = one_line(exc).lower(), error_code(exc)
    if code == SQLITE_FULL or "disk is full" in text or getattr(exc, "errno", None) == 28:
        return ReadinessError(
            f"the disk holding {path.parent} is full; the change was not saved",
            "free some space, then try again (the register itself is unharmed)",
        )
    if code == SQLITE_READONLY or "readonly" in text or "read-only" in text or getattr(exc, "errno", None) in (13, 30):
        return ReadinessError(
            f"{path} cannot be written (read-only file, folder or disk); the change was not saved",
            "copy the register to a folder you can write to; commands that only read "
            "(status, check, report, export) work on it as it is",
        )
    if code == SQLITE_IOERR or "disk i/o error" in text or getattr(exc, "errno", None) == 5:
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
        self._db: Database | None = None
        self._passphrase = passphrase
        self.source = "cli"
        self.readonly = False
        self.warnings: list[str] = []
        # The file this connection opened (device, inode): a copy put over it later is another file.
        opened = getattr(conn, "open_key", None)
        self._opened: tuple[int, int] | None = opened[0] if opened else None
        self.replaced = False
        # A backup copied over the file in place (same inode): see `register/copies.py`.
        self.keep_file_current = False  # set by `watch_for_copies`
        self._update_file_later = False
        self._file_behind = False  # a write is in the journal, not yet in the file
        self._copy: _CopySeen | None = None

    def __repr__(self) -> str:  # never shows the passphrase
        return f"Register({str(self.path)!r}, encrypted={self.encrypted})"

    @property
    def encrypted(self) -> bool:
        return self._passphrase is not None

    @property
    def passphrase(self) -> str | None:
        """The key of an encrypted register (backups are encrypted with it); never logged or shown."""
        return self._passphrase

    @property
    def db(self) -> Database:  # imported lazily to keep `status` fast
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def data_version(self) -> int:
        """Changes whenever another connection (another program) commits to the register."""
        return int(self.scalar("PRAGMA data_version"))

    def scalar(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
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
            self._check_same_file()
            changes_before = self.conn.total_changes
            yield self
            if self.conn.total_changes != changes_before:
                self._count_write()
        except BaseException as exc:
            self._undo(exc)
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException as exc:
                self._undo(exc)
                raise
            self._after_write()
        finally:
            self.source = previous

    def file_replaced(self) -> bool:
        """True once the file at `path` is no longer the copy this connection opened (a copy put over it)."""
        if self._opened is not None and not self.replaced:
            now = _file_key(self.path)
            self.replaced = now is not None and (now != self._opened or self._other_copy())
        return self.replaced

    def replaced_error(self) -> RegisterReplaced:
        return RegisterReplaced(
            f"the register {self.path.name} was replaced by another file while this program had it open; "
            "nothing more is written to it",
            "close this program and open the register again (to put a backup in place, use `restore`)",
        )

    def _check_same_file(self) -> None:
        """Refuse to write once the file at `path` is no longer the file this connection opened.

        A backup copied over a register that a program has open is a new file at the same path; the
        old connection would go on writing to the file that was replaced (the write is lost), and
        its journal (-wal) beside the path would later be played into the copy. So a writer stops
        and says so; `restore` is the safe way to put a backup in place.
        """
        if self._opened is None:
            return
        if not self.replaced and _file_key(self.path) == self._opened and not self._other_copy():
            return
        self.replaced = True
        raise self.replaced_error()

    # ------------------------------------------------------------ the write count (register/copies.py)

    def _copy_seen(self) -> _CopySeen | None:
        """What this program knows of the file's copy; None for a register without the count."""
        if self._copy is None:
            try:
                root = self.scalar("SELECT rootpage FROM sqlite_master WHERE name = 'register_copy'")
                if not root:
                    return None
                row = self.query("SELECT register_id, writes FROM register_copy WHERE id = 1")
                wal = str(self.scalar("PRAGMA journal_mode")).lower() == "wal"
                seen = _CopySeen(int(root), int(self.scalar("PRAGMA page_size")), wal)
            except database_errors():
                return None
            if row:
                seen.register_id = row[0][0]
            self._copy = seen
            self._look_at_file(seen)
        return self._copy

    def _count_write(self) -> None:
        """One more write (inside the transaction that made it)."""
        if self._copy_seen() is not None:
            self.conn.execute("UPDATE register_copy SET writes = writes + 1 WHERE id = 1")

    def watch_for_copies(self, *, later: bool = False) -> None:
        """Keep the file's write count current, so a copy put over the file is noticed (the app, `watch`).

        After each write the journal is checkpointed into the file (SQLite's own automatic checkpoint
        is turned off: it could write into a copy put over the file; this one looks first). `later`:
        the caller runs `bring_file_up_to_date` itself once it has handed the write's result on (the
        desktop app's writer thread, so its window hears of its own write first).
        """
        self.keep_file_current = True
        self._update_file_later = later
        with contextlib.suppress(*database_errors()):
            self.conn.execute("PRAGMA wal_autocheckpoint = 0")

    def _after_write(self) -> None:
        seen = self._copy
        if not self.keep_file_current or seen is None or not seen.wal:
            return
        self._file_behind = True
        if not self._update_file_later:
            self.bring_file_up_to_date()

    @property
    def file_up_to_date(self) -> bool:
        """False while a write is in the journal but not yet checkpointed into the file (`watch_for_copies`)."""
        return not self._file_behind

    def bring_file_up_to_date(self) -> None:
        """Checkpoint the writes made since the last time into the file, if it is still this register's copy."""
        seen = self._copy
        if not self._file_behind or seen is None or self.replaced or self.conn.in_transaction:
            return
        self._file_behind = False
        if _file_key(self.path) != self._opened or self._other_copy():
            self.replaced = True  # never write this program's journal into a copy put over the file
            return
        with contextlib.suppress(*database_errors()):
            busy, logged, copied = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if busy == 0 and logged == copied:
                self._look_at_file(seen)

    def _look_at_file(self, seen: _CopySeen) -> tuple[bool, tuple[str, int] | None]:
        """Read the count in the file and remember it with the file's signature: (could read, (id, count) or None)."""
        from readiness_app.register import copies

        signature = copies.file_signature(self.path)
        if self._opened is None or signature is None:
            return False, None
        pages = copies.read_pages(self.path, self._opened, seen.page_size, seen.root)
        if pages is None:
            return False, None
        header, page = pages
        found = copies.row_in_page(page)
        seen.signature = signature
        if found is not None:
            seen.in_file = found[1]
        seen.header_ok = header[18:20] == copies.WAL_MODE or not seen.wal
        return True, found

    def _other_copy(self) -> bool:
        """True when the file now holds another copy than the one this program has been using.

        Cheap while the file is unchanged on disk (one stat); when it changed, its count is read from the
        file: lower than this program last saw there, higher than anything committed, another register's,
        or no longer readable where it was (or not in WAL mode) means a copy was put over it.
        """
        from readiness_app.register import copies

        seen = self._copy_seen()
        if seen is None or copies.file_signature(self.path) == seen.signature:
            return False
        if seen.in_file is None:  # the count was not in the file yet (only in the journal): learn it now
            self._look_at_file(seen)
            return False
        before = seen.in_file
        for _look in range(2):  # a page read while another program checkpoints may be half-written: look twice
            readable, found = self._look_at_file(seen)
            if not readable:
                return False  # no descriptor to read it through: no verdict
            try:
                committed = self.scalar("SELECT writes FROM register_copy WHERE id = 1")
                root = self.scalar("SELECT rootpage FROM sqlite_master WHERE name = 'register_copy'")
            except database_errors():
                return False
            if root and int(root) != seen.root:  # the table was moved (a VACUUM by this register's own programs)
                seen.root = int(root)
                seen.in_file = None
                self._look_at_file(seen)
                return False
            other = (
                found is None
                or not seen.header_ok
                or found[0] != seen.register_id
                or found[1] < before
                or (committed is not None and found[1] > committed)
            )
            if not other:
                return False
            seen.in_file = before
        return True

    def _undo(self, exc: BaseException) -> None:
        """Roll back an open transaction; a write the disk refused is raised as one user-facing line."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        friendly = write_error(exc, self.path) if isinstance(exc, database_errors()) else None
        if friendly:
            raise friendly from None

    def close(self) -> None:
        with contextlib.suppress(*database_errors()):
            self.conn.execute("PRAGMA optimize")
        self.conn.close()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _CopySeen:
    """What a program last saw of the register's write count in the file (`register/copies.py`)."""

    def __init__(self, root: int, page_size: int, wal: bool):
        self.root = root  # the register_copy table's page
        self.page_size = page_size
        self.wal = wal
        self.register_id: str | None = None
        self.in_file: int | None = None  # the count last read from the file itself
        self.signature: tuple[int, ...] | None = None  # the file's size and times then
        self.header_ok = True


def quote_key(text: str) -> str:
    """An SQL string literal (PRAGMA key takes no bound parameters)."""
    if "\x00" in text:
        raise ReadinessError("a passphrase cannot contain a NUL character")
    return "'" + text.replace("'", "''") + "'"


# Connections this process has open, per file (device, inode): whether each is encrypted.
# On Linux and macOS, closing ANY descriptor of a database file drops ALL of this
# process's SQLite locks on it (POSIX advisory locks belong to the process). Another
# program closing the register would then think it was the last one, and delete the
# -wal and -shm under our open connection. So nothing here opens a register file with
# plain file I/O while this process holds a connection to it: `read_header` and
# `looks_encrypted` answer from this table instead, and size checks use stat and PRAGMAs.
_open_here: dict[tuple[int, int], list[bool]] = {}
_open_lock = threading.Lock()
_tracked_classes: dict[Any, type] = {}


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)  # stat opens no descriptor
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def open_here(path: Path) -> bool | None:
    """None if this process has no SQLite connection to `path`; else whether it is encrypted."""
    key = _file_key(path)
    with _open_lock:
        flags = _open_here.get(key) if key else None
        return any(flags) if flags else None


def _tracked_class(module: Any) -> type:
    """A Connection subclass that keeps `_open_here` up to date as it opens and closes."""
    cls = _tracked_classes.get(module)
    if cls is None:

        class TrackedConnection(module.Connection):  # type: ignore[name-defined,misc]
            open_key: tuple[tuple[int, int], bool] | None = None

            def close(self) -> None:
                try:
                    super().close()
                finally:
                    entry, self.open_key = self.open_key, None
                    if entry is not None:
                        with _open_lock:
                            flags = _open_here.get(entry[0], [])
                            if entry[1] in flags:
                                flags.remove(entry[1])
                            if not flags:
                                _open_here.pop(entry[0], None)

        cls = _tracked_classes[module] = TrackedConnection
    return cls


def _unchangeable(path: Path) -> bool:
    """True for a register in a folder this user cannot write to, with no journal beside it.

    SQLite reads a WAL register through a -shm file that it creates beside it; in
    a read-only folder (a colleague's share, a write-protected stick) it cannot,
    and refuses even to read. Nobody can start a journal there either (this user
    cannot, and a writer would leave a -wal), so the file is read as immutable:
    without locks or the -shm. A -wal or -shm present means someone writes there:
    then the normal read-only mode, which can use an existing -shm, is kept.
    """
    folder = path.resolve().parent
    journals = (path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm"))
    return not os.access(folder, os.W_OK) and not any(journals)


def connect(
    path: Path, *, readonly: bool = False, passphrase: str | None = None, wal: bool = True, cipher: bool = False
):
    """A raw connection with the register's pragmas; SQLCipher when a passphrase is given (or `cipher`)."""
    module: Any = sqlite3
    if passphrase is not None or cipher:
        import sqlcipher3

        module = sqlcipher3
    uri = f"{path.resolve().as_uri()}?mode={'ro' if readonly else 'rwc'}"
    if readonly and _unchangeable(path):
        uri += "&immutable=1"
    conn = module.connect(uri, uri=True, isolation_level=None, check_same_thread=False, factory=_tracked_class(module))
    key = _file_key(path)
    if key is not None:
        conn.open_key = (key, passphrase is not None)
        with _open_lock:
            _open_here.setdefault(key, []).append(passphrase is not None)
    try:
        conn.row_factory = module.Row
        if passphrase is not None:
            conn.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher otherwise prints to stderr
            conn.execute(f"PRAGMA key = {quote_key(passphrase)}")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly and wal:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def read_header(path: Path) -> bytes:
    """The file's first 16 bytes, without opening a file this process has open through SQLite.

    For such a file the open connection already tells: the SQLite header for a
    plain register, empty bytes for an encrypted one (its first bytes are salt).
    """
    known = open_here(path)
    if known is not None:
        return b"" if known else SQLITE_HEADER
    try:
        with open(path, "rb") as fh:
            return fh.read(16)
    except OSError as exc:
        raise ReadinessError(f"cannot read register {path}: {exc.strerror or exc}") from None


def looks_encrypted(path: Path) -> bool:
    """True for a file that could be an SQLCipher register: no plain header, whole pages.

    An encrypted file and random bytes look alike; only the passphrase tells them apart.
    """
    known = open_here(path)
    if known is not None:
        return known
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size >= 1024 and size % 512 == 0 and read_header(path) != SQLITE_HEADER


@contextlib.contextmanager
def alone(path: Path, passphrase: str | None, doing: str, *, cipher: bool = False) -> Iterator[Register]:
    """Hold the register exclusively for `doing` (restore, encrypt, decrypt, upgrade).

    How "another program has it open" is detected: every SQLite connection to a
    WAL register holds a shared lock on the file for as long as it is open (that
    is how SQLite knows which connection is the last). An exclusive lock can be
    had only when no other connection, in any process, is open; this one asks
    for it (`locking_mode = EXCLUSIVE`, `BEGIN EXCLUSIVE`) and keeps it until the
    block ends, so nobody can open the register half-way through. The locks are
    the operating system's (fcntl on Linux and macOS, LockFileEx on Windows) and
    vanish with a crashed process, so there is no stale lock file to clear. This
    process's own connections are checked first, as SQLite cannot see those made
    through the other library (sqlite3 beside sqlcipher3).
    """
    refusal = RegisterBusy(
        f"{path} is open in another program; it cannot be {doing} now, and nothing was changed",
        "close the desktop app, stop `watch` and let running commands finish, then try again",
    )
    if open_here(path) is not None:
        raise refusal
    conn = connect(path, passphrase=passphrase, wal=False, cipher=cipher)
    try:
        conn.execute(f"PRAGMA busy_timeout = {ALONE_TIMEOUT_MS}")
        conn.execute("PRAGMA synchronous = NORMAL")  # as every register connection: safe in WAL, fewer fsyncs
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        try:
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
        except database_errors() as exc:
            if error_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED):
                raise refusal from None
            raise
        reg = Register(path, conn, passphrase)
        yield reg
    finally:
        conn.close()
