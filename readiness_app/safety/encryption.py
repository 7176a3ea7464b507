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

from readiness_app.errors import ReadinessError
from readiness_app.register.connection import (
    APPLICATION_ID,
    SQLITE_HEADER,
    _quote,
    database_errors,
    open_register,
    read_header,
    write_error,
)
from readiness_app.safety.backup import _fsync, _remove, list_backups

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
    _check_closeable(path, None)  # opens, checks integrity, proves it is a register
    converted = []
    for backup in list_backups(path):
        if not is_encrypted(backup.path) and _convert(backup.path, None, passphrase):
            converted.append(backup.path)
    _convert(path, None, passphrase)
    return converted


def decrypt_register(path: Path | str, passphrase: str) -> list[Path]:
    """Remove encryption from a register (and from backups that open with the same passphrase)."""
    path = Path(path)
    if not is_encrypted(path):
        raise ReadinessError(f"{path} is not encrypted")
    _check_closeable(path, passphrase)  # wrong passphrase -> clear message here
    converted = []
    for backup in list_backups(path):
        if is_encrypted(backup.path) and _convert(backup.path, passphrase, None, quiet=True):
            converted.append(backup.path)
    _convert(path, passphrase, None)
    return converted


def change_passphrase(path: Path | str, old: str, new: str) -> list[Path]:
    """Re-key an encrypted register and its backups without ever writing it in the clear."""
    path = Path(path)
    check_new_passphrase(new)
    if not is_encrypted(path):
        raise ReadinessError(f"{path} is not encrypted", "use encrypt to protect it with a passphrase")
    _check_closeable(path, old)
    converted = []
    for backup in list_backups(path):
        if is_encrypted(backup.path) and _convert(backup.path, old, new, quiet=True):
            converted.append(backup.path)
    _convert(path, old, new)
    return converted


def _check_closeable(path: Path, passphrase: str | None) -> None:
    reg = open_register(path, passphrase=passphrase)
    reg.close()
    if path.with_name(path.name + "-wal").exists():
        raise ReadinessError(
            f"{path} is open in another program; nothing was changed", "close the desktop app and try again"
        )


def _convert(path: Path, old: str | None, new: str | None, *, quiet: bool = False) -> bool:
    """Export `path` keyed with `old` into a copy keyed with `new`, then swap it in.

    The copy keeps SQLite's default rollback journal; open_register switches it to WAL.
    """
    import sqlcipher3

    temp = path.with_name(f".{path.name}.converting-{os.getpid()}")
    _remove(temp)
    source = None
    failures: tuple[type[BaseException], ...] = (OSError, *database_errors())
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        source = sqlcipher3.connect(str(path), isolation_level=None)
        source.execute("PRAGMA cipher_log_level = NONE")
        if old is not None:
            source.execute(f"PRAGMA key = {_quote(old)}")
        app_id = source.execute("PRAGMA application_id").fetchone()[0]
        version = source.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise ReadinessError(f"{path} is not a readiness register")
        source.execute(f"ATTACH DATABASE ? AS converted KEY {_quote(new or '')}", (str(temp),))
        # A scratch file until the rename: no journal, no syncs (it is fsynced once, before the rename).
        source.execute("PRAGMA converted.journal_mode = OFF")
        source.execute("PRAGMA converted.synchronous = OFF")
        source.execute("SELECT sqlcipher_export('converted')")
        # sqlcipher_export copies tables, not these header fields
        source.execute(f"PRAGMA converted.user_version = {int(version)}")
        source.execute(f"PRAGMA converted.application_id = {APPLICATION_ID}")
        source.execute("DETACH DATABASE converted")
        source.close()
        source = None
        _verify(temp, new)
        _fsync(temp)
        os.replace(temp, path)
        _fsync(path.parent)
        with contextlib.suppress(OSError):
            path.with_name(path.name + "-shm").unlink()
    except ReadinessError:
        _cleanup(source, temp)
        if quiet:
            return False
        raise
    except failures as exc:
        _cleanup(source, temp)
        if quiet:
            return False
        if "not a database" in str(exc):
            raise ReadinessError(f"wrong passphrase for {path} (or the file is damaged); nothing was changed") from None
        friendly = write_error(exc, path)
        raise (friendly or ReadinessError(f"could not convert {path}: {exc}; nothing was changed")) from None
    return True


def _verify(temp: Path, passphrase: str | None) -> None:
    import sqlcipher3

    conn = sqlcipher3.connect(str(temp))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if passphrase:
            conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        conn.close()
    if result != "ok":
        raise ReadinessError(f"the converted copy failed its check ({result}); nothing was changed")


def _cleanup(source, temp: Path) -> None:
    if source is not None:
        with contextlib.suppress(Exception):
            source.close()
    _remove(temp)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            temp.with_name(temp.name + suffix).unlink()
