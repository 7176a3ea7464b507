"""Copying a register into a new file keyed with a passphrase (or none), checked before it replaces the old.

Both changing a register's protection (`encryption`) and restoring a plain backup over an
encrypted register (`backup`) use it, so it sits below both.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from readiness_app.errors import NeedsPassphrase, ReadinessError, one_line
from readiness_app.register.connection import (
    APPLICATION_ID,
    SQLITE_NOTADB,
    database_errors,
    error_code,
    quote_key,
    write_error,
)
from readiness_app.safety.files import flush_to_disk, remove_copy


def export_keyed(source, path: Path, new: str | None) -> None:
    """Export `source` (the open `path`) into a copy keyed with `new`, check it, and swap it in.

    The copy keeps SQLite's default rollback journal; opening the register switches it to WAL.
    """
    failures: tuple[type[BaseException], ...] = (OSError, *database_errors())
    temp = path.with_name(f".{path.name}.converting-{os.getpid()}")
    _cleanup(temp)
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        app_id = source.execute("PRAGMA application_id").fetchone()[0]
        version = source.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise ReadinessError(f"{path} is not a readiness register")
        source.execute(f"ATTACH DATABASE ? AS converted KEY {quote_key(new or '')}", (str(temp),))
        # A scratch file until the rename: no journal, no syncs (it is fsynced once, before the rename).
        source.execute("PRAGMA converted.journal_mode = OFF")
        source.execute("PRAGMA converted.synchronous = OFF")
        source.execute("SELECT sqlcipher_export('converted')")
        # sqlcipher_export copies tables, not these header fields
        source.execute(f"PRAGMA converted.user_version = {int(version)}")
        source.execute(f"PRAGMA converted.application_id = {APPLICATION_ID}")
        source.execute("DETACH DATABASE converted")
        _verify(temp, new)
        flush_to_disk(temp)
        os.replace(temp, path)
        flush_to_disk(path.parent)
        with contextlib.suppress(OSError):
            path.with_name(path.name + "-shm").unlink()
    except ReadinessError:
        _cleanup(temp)
        raise
    except failures as exc:
        _cleanup(temp)
        if error_code(exc) == SQLITE_NOTADB:
            raise NeedsPassphrase(
                f"wrong passphrase for {path} (or the file is damaged); nothing was changed"
            ) from None
        friendly = write_error(exc, path)
        raise (friendly or ReadinessError(f"could not convert {path}: {one_line(exc)}; nothing was changed")) from None


def _verify(temp: Path, passphrase: str | None) -> None:
    import sqlcipher3

    conn = sqlcipher3.connect(str(temp))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if passphrase:
            conn.execute(f"PRAGMA key = {quote_key(passphrase)}")
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        conn.close()
    if result != "ok":
        raise ReadinessError(f"the converted copy failed its check ({result}); nothing was changed")


def _cleanup(temp: Path) -> None:
    remove_copy(temp)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            temp.with_name(temp.name + suffix).unlink()
