"""Encryption at rest: turn a plain register into an SQLCipher one and back.

The conversion exports the whole database with `sqlcipher_export` into a
temporary file beside the register, checks it opens with the new key, then
renames it over the original, so a crash leaves either the old file or the
new one. Backups follow the register: encrypting re-writes every plain backup
encrypted (and removes the plain copy); decrypting does the reverse for
backups that open with the passphrase. The passphrase is never stored.

Re-keying is resumable. The backups are converted one by one before the
register, and a small note beside them (`backups/.<stem>-rekeying.json`: when,
and which backups are done; never a key) says a change is under way until the
register itself is done. Run again with the same passphrases, a change that
was killed half-way finishes: a backup already on the new key counts as done.
A backup that opens with none of the keys given is never skipped silently: it
is listed by name with what to do (give the key it is on with
`--backup-passphrase-file`, or delete it).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from readiness_app import clock
from readiness_app.errors import NeedsPassphrase, ReadinessError
from readiness_app.register.connection import (
    SQLITE_HEADER,
    alone,
    looks_encrypted,
    quote_key,
    read_header,
)
from readiness_app.safety.backup import backups_folder, inspect_backup, list_backups
from readiness_app.safety.keyed_copy import export_keyed

MIN_LENGTH = 8


def check_new_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_LENGTH:
        raise ReadinessError(f"a passphrase needs at least {MIN_LENGTH} characters", field="passphrase")
    if passphrase != passphrase.strip():
        raise ReadinessError("a passphrase cannot start or end with spaces", field="passphrase")
    return passphrase


def is_encrypted(path: Path) -> bool:
    return Path(path).is_file() and read_header(Path(path)) != SQLITE_HEADER


@dataclass
class Rekeyed:
    """What a conversion did to the backups beside the register."""

    converted: list[Path] = field(default_factory=list)  # re-written on the new key (or plain)
    already: list[Path] = field(default_factory=list)  # already there (a change finished after a stop)
    left: list[Path] = field(default_factory=list)  # open with none of the keys given: still as they were
    interrupted: str | None = None  # when an earlier change stopped part-way, if one did

    def __len__(self) -> int:
        return len(self.converted) + len(self.already)

    def warnings(self, register: Path) -> list[str]:
        """Lines that name every backup left behind, and what to do about it."""
        if not self.left:
            return []
        lines = []
        if self.interrupted:
            lines.append(
                f"an earlier change of passphrase stopped part-way ({self.interrupted}); "
                "some backups may be on the passphrase chosen then"
            )
        lines.append(f"{len(self.left)} backups do not open with the passphrase given and were left as they were:")
        lines += [f"  {p.name}" for p in self.left]
        lines.append(
            f"to bring them onto the register's passphrase: readiness encrypt {register} --passphrase-file F "
            "--backup-passphrase-file OLD (OLD: a file holding the passphrase they are on); "
            "if nobody knows it, they cannot be opened: delete them"
        )
        return lines


def refuse_what_is_not_a_register(path: Path) -> None:
    """A file that is neither a plain SQLite file nor shaped like an encrypted one is not a register.

    (An encrypted register and random bytes look alike until the passphrase is tried.)
    """
    if is_encrypted(path) and not looks_encrypted(path):
        raise ReadinessError(
            f"{path} is not a register (not an SQLite database, or damaged); nothing was changed",
            "give the path of the register file (the .sqlite file the app opens)",
        )


def encrypt_register(path: Path | str, passphrase: str) -> Rekeyed:
    """Encrypt a plain register (and its backups) with `passphrase`."""
    path = Path(path)
    check_new_passphrase(passphrase)
    refuse_what_is_not_a_register(path)
    if is_encrypted(path):
        raise ReadinessError(f"{path} is already encrypted", "decrypt it first to change the passphrase")
    return _convert_register(path, None, passphrase, "encrypted")


def decrypt_register(path: Path | str, passphrase: str, others: list[str] | None = None) -> Rekeyed:
    """Remove encryption from a register (and from backups that open with the same passphrase or `others`)."""
    path = Path(path)
    if not is_encrypted(path):
        raise ReadinessError(f"{path} is not encrypted")
    return _convert_register(path, passphrase, None, "decrypted", others or [])


def change_passphrase(path: Path | str, old: str, new: str, others: list[str] | None = None) -> Rekeyed:
    """Re-key an encrypted register and its backups without ever writing it in the clear.

    `others`: passphrases some backups may still be on (an earlier change that was stopped).
    """
    path = Path(path)
    check_new_passphrase(new)
    if not is_encrypted(path):
        raise ReadinessError(f"{path} is not encrypted", "use encrypt to protect it with a passphrase")
    return _convert_register(path, old, new, "given a new passphrase", others or [])


def rekey_backups(path: Path | str, passphrase: str | None, others: list[str]) -> Rekeyed:
    """Bring backups left on another passphrase onto the register's own (the register is not touched)."""
    path = Path(path)
    info = inspect_backup(path, passphrase if is_encrypted(path) else None)
    if not info.ok:
        if info.needs_passphrase:
            raise NeedsPassphrase(f"wrong passphrase for {path} (or the file is damaged); nothing was changed")
        raise ReadinessError(f"{path} cannot be opened: {info.problem}; nothing was changed")
    key = passphrase if info.encrypted else None
    with alone(path, key, "re-keyed", cipher=info.encrypted):
        done = _convert_backups(path, key, others)
    if not done.left:
        _journal(path).unlink(missing_ok=True)  # nothing is left on another key
    return done


def _convert_register(path: Path, old: str | None, new: str | None, doing: str, others: Sequence[str] = ()) -> Rekeyed:
    """Check the register, hold it alone (refused while another program has it open), convert
    its backups, then the register itself."""
    info = inspect_backup(path, old)  # proves it is a good register; a wrong passphrase is told here
    if not info.ok:
        if info.needs_passphrase:
            raise NeedsPassphrase(f"wrong passphrase for {path} (or the file is damaged); nothing was changed")
        raise ReadinessError(f"{path} cannot be {doing}: {info.problem}; nothing was changed")
    with alone(path, old, doing, cipher=True) as held:
        # Fold the journal in now: nothing may delete a -wal by name after the new file is in place.
        held.conn.execute("PRAGMA journal_mode = DELETE")
        done = _convert_backups(path, new, [k for k in (old, *others) if k is not None])
        export_keyed(held.conn, path, new)
        _journal(path).unlink(missing_ok=True)  # the change is complete
    return done


def _convert_backups(register: Path, new: str | None, keys: list[str]) -> Rekeyed:
    """Put every backup of `register` on key `new` (None: plain), opening each with `new` or one of `keys`."""
    journal = _journal(register)
    done = Rekeyed()
    try:
        earlier = json.loads(journal.read_text(encoding="utf-8"))
        done.interrupted = f"started {earlier.get('started', '?')}"
    except (OSError, ValueError, AttributeError):
        earlier = None
    note: dict = {"started": clock.now().isoformat(timespec="seconds"), "done": []}
    for backup in list_backups(register):
        encrypted = is_encrypted(backup.path)
        if encrypted == (new is not None) and (new is None or _opens(backup.path, new)):
            done.already.append(backup.path)
            continue
        key = None if not encrypted else next((k for k in keys if _opens(backup.path, k)), "")
        if key == "":
            done.left.append(backup.path)
            continue
        if not journal.exists():
            _write_journal(journal, note)
        if _convert(backup.path, key, new, quiet=True):
            done.converted.append(backup.path)
            note["done"].append(backup.path.name)
            _write_journal(journal, note)
        else:
            done.left.append(backup.path)
    if earlier is None and not done.converted:
        journal.unlink(missing_ok=True)
    return done


def _opens(path: Path, key: str) -> bool:
    """True when the encrypted file at `path` opens with `key` (a read of its schema, nothing more)."""
    import sqlcipher3

    conn = None
    try:
        conn = sqlcipher3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {quote_key(key)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception:  # any failure to read means: not this key
        return False
    finally:
        if conn is not None:
            conn.close()
    return True


def _journal(register: Path) -> Path:
    return backups_folder(register) / f".{register.stem}-rekeying.json"


def _write_journal(journal: Path, note: dict) -> None:
    temp = journal.with_name(journal.name + ".part")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(note, fh)
    os.replace(temp, journal)


def _convert(path: Path, old: str | None, new: str | None, *, quiet: bool = False) -> bool:
    """Convert a backup file (no program holds it open) from key `old` to key `new`."""
    import sqlcipher3

    source = None
    try:
        source = sqlcipher3.connect(str(path), isolation_level=None)
        source.execute("PRAGMA cipher_log_level = NONE")
        if old is not None:
            source.execute(f"PRAGMA key = {quote_key(old)}")
        export_keyed(source, path, new)
    except ReadinessError:
        if quiet:
            return False
        raise
    finally:
        if source is not None:
            with contextlib.suppress(Exception):
                source.close()
    return True
