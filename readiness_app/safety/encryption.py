"""Encryption at rest: turn a plain register into an SQLCipher one and back.

The conversion exports the whole database with `sqlcipher_export` into a
temporary file beside the register, checks it opens with the new key, then
renames it over the original, so a crash leaves either the old file or the
new one. Backups follow the register: encrypting re-writes every plain backup
encrypted (and removes the plain copy); decrypting does the reverse for
backups that open with the passphrase. The passphrase is never stored.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from readiness_app.errors import NeedsPassphrase, ReadinessError, one_line
from readiness_app.register.connection import (
    APPLICATION_ID,
    SQLITE_HEADER,
    SQLITE_NOTADB,
    alone,
    database_errors,
    error_code,
    quote_key,
    read_header,
    write_error,
)
from readiness_app.safety.backup import inspect_backup, list_backups
from readiness_app.safety.files import flush_to_disk, remove_copy

MIN_LENGTH = 8


def check_new_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_LENGTH:
        raise ReadinessError(f"a passphrase needs at least {MIN_LENGTH} characters", field="passphrase")
    if passphrase != passphrase.strip():
        raise ReadinessError("a passphrase cannot start or end with spaces", field="passphrase")
    return passphrase


def is_encrypted(path: Path) -> bool:
    return Path(path).is_file() and read_header(Path(path)) != SQLITE_HEADER


def encrypt_register(path: Path | str, passphrase: str) -> list[Path]:
    """Encrypt a plain register (and its backups) with `passphrase`. Returns the backups converted."""
    path = Path(path)
    check_new_passphrase(passphrase)
    if is_encrypted(path):
        raise ReadinessError(f"{path} is already encrypted", "decrypt it first to change the passphrase")
    return _convert_register(path, None, passphrase, "encrypted")


def decrypt_register(path: Path | str, passphrase: str) -> list[Path]:
    """Remove encryption from a register (and from backups that open with the same passphrase)."""
    path = Path(path)
    if not is_encrypted(path):
        raise ReadinessError(f"{path} is not encrypted")
    return _convert_register(path, passphrase, None, "decrypted")


def change_passphrase(path: Path | str, old: str, new: str) -> list[Path]:
    """Re-key an encrypted register and its backups without ever writing it in the clear."""
    path = Path(path)
    check_new_passphrase(new)
    if not is_encrypted(path):
        raise ReadinessError(f"{path} is not encrypted", "use encrypt to protect it with a passphrase")
    return _convert_register(path, old, new, "given a new passphrase")


def _convert_register(path: Path, old: str | None, new: str | None, doing: str) -> list[Path]:
    """Check the register, hold it alone (refused while another program has it open), convert
    its backups, then the register itself. Returns the backups converted."""
    info = inspect_backup(path, old)  # proves it is a good register; a wrong passphrase is told here
    if not info.ok:
        if info.needs_passphrase:
            raise NeedsPassphrase(f"wrong passphrase for {path} (or the file is damaged); nothing was changed")
        raise ReadinessError(f"{path} cannot be {doing}: {info.problem}; nothing was changed")
    with alone(path, old, doing, cipher=True) as held:
        # Fold the journal in now: nothing may delete a -wal by name after the new file is in place.
        held.conn.execute("PRAGMA journal_mode = DELETE")
        converted = []
        for backup in list_backups(path):
            if is_encrypted(backup.path) == (old is not None) and _convert(backup.path, old, new, quiet=True):
                converted.append(backup.path)
        _export(held.conn, path, new)
    return converted


def _convert(path: Path, old: str | None, new: str | None, *, quiet: bool = False) -> bool:
    """Convert a backup file (no program holds it open) from key `old` to key `new`."""
    import sqlcipher3

    source = None
    try:
        source = sqlcipher3.connect(str(path), isolation_level=None)
        source.execute("PRAGMA cipher_log_level = NONE")
        if old is not None:
            source.execute(f"PRAGMA key = {quote_key(old)}")
        _export(source, path, new)
    except ReadinessError:
        if quiet:
            return False
        raise
    finally:
        if source is not None:
            with contextlib.suppress(Exception):
                source.close()
    return True


def _export(source, path: Path, new: str | None) -> None:
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
