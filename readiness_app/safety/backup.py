"""Backups of a register: automatic, rotating, made with SQLite's online backup API.

A live database is never file-copied: `Connection.backup` copies a consistent
snapshot even while the app is writing. Each copy is written to a hidden
temporary file in the backups folder, checked with `PRAGMA quick_check`, and
only then renamed into place, so a crash or a full disk never leaves a
half-written file under a backup's name. Encrypted registers give encrypted
backups (same passphrase, SQLCipher on both ends).

Layout: `<register folder>/backups/<stem>-<sequence>-YYYYMMDD-HHMMSS-ffffff-<kind>.sqlite`
where kind is auto (rotated: the newest `backup_keep` are kept, default 10),
manual, before-restore, before-upgrade-vN or replaced (never rotated).

Backups are ordered by their sequence number (one more than the highest in the
folder), never by the time in their name: a laptop clock set back or forward,
or a file copied in with a date in the future, cannot make the newest backup
look old (and be rotated away) or an old one look new (and stop the daily
backup). The time is kept for people to read and for the once-a-day check.
Names from before sequence numbers (no sequence) count as older than any
numbered backup.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from readiness_app import clock
from readiness_app.errors import ReadinessError, one_line
from readiness_app.logs import get_logger
from readiness_app.register.connection import (
    APPLICATION_ID,
    SQLITE_HEADER,
    SQLITE_NOTADB,
    UUID_KEY,
    Register,
    alone,
    connect,
    database_errors,
    error_code,
    looks_encrypted,
    read_header,
)
from readiness_app.safety.files import flush_to_disk, remove_copy
from readiness_app.safety.integrity import quick_check

FOLDER = "backups"
KEEP_SETTING = "backup_keep"
DEFAULT_KEEP = 10
AUTO = "auto"
_TAIL = r"-(?:(?P<seq>\d{6,})-)?(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<kind>[a-z][a-z0-9-]*)\.sqlite$"
_STAMP = "%Y%m%d-%H%M%S-%f"
log = get_logger(__name__)  # file names, sizes and timings only


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made: datetime  # the app clock when it was made (for reading and the daily check, not for order)
    kind: str
    sequence: int = 0  # the order it was made in; 0 for a name from before sequence numbers


@dataclass
class BackupInfo:
    """What a backup (or any register file) holds, as far as it can be read."""

    path: Path
    ok: bool
    problem: str = ""
    encrypted: bool = False
    version: int = 0
    uuid: str | None = None
    council: str | None = None
    created_at: str | None = None
    needs_passphrase: bool = False  # encrypted, and no passphrase or a wrong one was given

    def describe(self) -> str:
        return f"{self.council or 'unknown council'} (created {str(self.created_at or '?')[:10]})"


@dataclass
class RestoreResult:
    restored: Path
    previous_copy: Path | None
    info: BackupInfo


def backups_folder(register_path: Path) -> Path:
    """Beside the register, unless IT set a backup folder for the computer (machine_settings)."""
    from readiness_app import machine_settings

    chosen = machine_settings.load().backup_folder
    return chosen if chosen is not None else Path(register_path).parent / FOLDER


def list_backups(register_path: Path) -> list[BackupFile]:
    """This register's backups, newest (highest sequence) first."""
    folder = backups_folder(register_path)
    name = re.compile("^" + re.escape(Path(register_path).stem) + _TAIL)
    found: list[BackupFile] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = name.match(entry.name)
        if not match:
            continue
        try:
            made = datetime.strptime(match["stamp"], _STAMP)
        except ValueError:
            continue
        found.append(BackupFile(entry, made, match["kind"], int(match["seq"] or 0)))
    # Numbered backups by number; older unnumbered ones below them, in the order their names give.
    return sorted(found, key=lambda b: (b.sequence, b.made, b.path.name), reverse=True)


def next_backup_name(register_path: Path, kind: str) -> Path:
    """Where the next backup of this register goes: one past the highest sequence in the folder."""
    register_path = Path(register_path)
    sequence = max((b.sequence for b in list_backups(register_path)), default=0) + 1
    stamp = clock.now().strftime(_STAMP)
    return backups_folder(register_path) / f"{register_path.stem}-{sequence:06d}-{stamp}-{kind}.sqlite"


def keep_count(reg: Register) -> int:
    value = reg.scalar("SELECT value FROM setting WHERE key = ?", (KEEP_SETTING,))
    try:
        return max(1, int(value)) if value is not None else DEFAULT_KEEP
    except ValueError:
        return DEFAULT_KEEP


def set_keep_count(reg: Register, count: int) -> None:
    from readiness_app.register import assessment

    if count < 1 or count > 1000:
        raise ReadinessError("the number of automatic backups to keep must be between 1 and 1000", field="keep")
    assessment.set_setting(reg, KEEP_SETTING, str(count))


def backup_register(reg: Register, kind: str = "manual", target: Path | None = None) -> Path:
    """Write a checked copy of the open register; automatic ones are rotated afterwards."""
    if reg.conn.in_transaction:
        raise RuntimeError("back up between changes, not inside a transaction")
    if target is None:
        target = next_backup_name(reg.path, kind)
    elif target.resolve() == reg.path.resolve():
        raise ReadinessError("a backup cannot overwrite the register it copies")
    from readiness_app.output_files import refuse_inside_evidence
    from readiness_app.register import assessment

    refuse_inside_evidence(target, assessment.evidence_folder(reg), "a backup")
    started = time.perf_counter()
    write_copy(reg.conn, target, reg.passphrase)
    log.info("%s backup %s written in %.0f ms", kind, target.name, (time.perf_counter() - started) * 1000)
    if kind == AUTO:
        removed = rotate(reg.path, keep_count(reg))
        if removed:
            log.info("rotated away %d old automatic backups", len(removed))
    return target


def backup_if_due(reg: Register, max_age: timedelta = timedelta(days=1)) -> Path | None:
    """Back up if the newest automatic backup is older than `max_age` (the app calls this hourly).

    "Newest" is the highest sequence. If it says it was made later than now, the clock
    has been set back since (or the name was written by hand): its age cannot be
    trusted, so a backup is made now rather than none until that date comes round.
    """
    autos = [b for b in list_backups(reg.path) if b.kind == AUTO]
    if autos and timedelta(0) <= clock.now() - autos[0].made < max_age:
        return None
    return backup_register(reg, kind=AUTO)


def rotate(register_path: Path, keep: int) -> list[Path]:
    """Delete automatic backups beyond the newest `keep` (by sequence); other kinds are kept."""
    removed = []
    for old in [b for b in list_backups(register_path) if b.kind == AUTO][keep:]:
        with contextlib.suppress(OSError):
            old.path.unlink()
            removed.append(old.path)
    return removed


def write_copy(source_conn, target: Path, passphrase: str | None) -> Path:
    """Online-backup `source_conn` into `target` via a checked temporary file and a rename."""
    folder = target.parent
    temp = folder / f".{target.name}.partial-{os.getpid()}"
    failures: tuple[type[BaseException], ...] = (OSError, *database_errors())
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _remove_stale_partials(folder)
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        dest = connect(temp, passphrase=passphrase, wal=False)
        try:
            source_conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # a backup is one self-contained file
            result = quick_check(dest)
        finally:
            dest.close()
        if result != "ok":
            raise ReadinessError(f"the backup copy failed its check ({result}); nothing was replaced")
        flush_to_disk(temp)
        os.replace(temp, target)
        flush_to_disk(folder)
    except failures as exc:
        remove_copy(temp)
        log.warning("backup %s failed: %s", target.name, type(exc).__name__)
        raise _backup_error(exc, target) from None
    except BaseException:
        remove_copy(temp)
        raise
    return target


def _backup_error(exc: BaseException, target: Path) -> ReadinessError:
    text = str(exc).lower()
    errno = getattr(exc, "errno", None)
    if "disk is full" in text or errno in (27, 28):  # ENOSPC, EFBIG (size limit)
        reason = "the disk is full"
    elif "readonly" in text or "read-only" in text or errno in (1, 13, 30):
        reason = "the folder is read-only or not yours"
    elif "disk i/o error" in text:
        reason = "the disk refused the write (it may be full, or the file too large for it)"
    else:
        reason = getattr(exc, "strerror", None) or str(exc)
    return ReadinessError(
        f"could not write the backup {target}: {reason}",
        "the register itself is unharmed; free some space or choose another folder with -o",
    )


def _remove_stale_partials(folder: Path) -> None:
    """Tidy temporary files left by a backup that was killed part-way."""
    now = clock.now().timestamp()
    for entry in folder.glob(".*.partial-*"):
        pid = entry.name.rsplit("-", 1)[-1]
        try:
            age = now - entry.stat().st_mtime
        except OSError:
            continue
        if age > 3600 or (pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid))):
            remove_copy(entry)


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # age decides on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


# ---------------------------------------------------------------- reading backups


def inspect_backup(path: Path, passphrase: str | None = None) -> BackupInfo:
    """Open a backup read-only and say whether it is a good register, and whose."""
    path = Path(path)
    info = BackupInfo(path, ok=False)
    if not path.is_file():
        info.problem = "file not found"
        return info
    try:
        header = read_header(path)
    except ReadinessError as exc:
        info.problem = exc.message
        return info
    info.encrypted = header != SQLITE_HEADER
    if info.encrypted and not looks_encrypted(path):
        info.problem = "not a register (not an SQLite database, or damaged)"
        return info
    if info.encrypted and passphrase is None:
        info.problem = "encrypted; give its passphrase"
        info.needs_passphrase = True
        return info
    try:
        conn = connect(path, readonly=True, passphrase=passphrase if info.encrypted else None)
    except database_errors() as exc:
        info.problem = str(exc)
        return info
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            info.problem = "not a readiness register"
            return info
        info.version = conn.execute("PRAGMA user_version").fetchone()[0]
        result = quick_check(conn)
        if result != "ok":
            info.problem = f"damaged ({one_line(result)})"
            return info
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (UUID_KEY,)).fetchone()
        info.uuid = row[0] if row else None
        row = conn.execute("SELECT council, created_at FROM assessment WHERE id = 1").fetchone()
        if row:
            info.council, info.created_at = row[0], row[1]
        info.ok = True
    except database_errors() as exc:
        info.needs_passphrase = info.encrypted and error_code(exc) == SQLITE_NOTADB
        info.problem = "wrong passphrase" if info.needs_passphrase else one_line(exc)
    finally:
        conn.close()
    return info


def newest_good_backup(register_path: Path, passphrase: str | None = None, look_at: int = 20) -> Path | None:
    """The newest backup of this register that opens and passes the quick check."""
    for backup in list_backups(register_path)[:look_at]:
        if inspect_backup(backup.path, passphrase).ok:
            return backup.path
    return None


def restore_hint(path: Path, passphrase: str | None = None) -> str:
    """'restore the newest good backup: ...' or '' when there is none."""
    good = newest_good_backup(path, passphrase)
    if good is None:
        return ""
    return f'newest good backup: {good}; restore it with: restore "{good}" "{path}" --force'


# ---------------------------------------------------------------- restoring


def restore_backup(
    backup_path: Path | str, register_path: Path | str, *, passphrase: str | None = None, force: bool = False
) -> RestoreResult:
    """Put a backup in place of a register; what it replaces is backed up first.

    Refuses (unless force) to overwrite an existing register, and says so more
    loudly when the backup belongs to a different assessment. An existing
    register is held alone while it is replaced (refused while another program
    has it open), and the backup is copied into it through SQLite, so no program
    can be left writing to a file that is no longer the register.
    """
    from readiness_app.register import migrations
    from readiness_app.safety.location import refuse_inside_evidence

    backup_path, register_path = Path(backup_path), Path(register_path)
    if backup_path.exists() and register_path.exists() and backup_path.resolve() == register_path.resolve():
        raise ReadinessError("the backup and the register are the same file")
    info = inspect_backup(backup_path, passphrase)
    if not info.ok:
        raise ReadinessError(f"{backup_path} cannot be restored: {info.problem}")
    if info.version > migrations.LATEST:
        raise ReadinessError(
            f"{backup_path} was written by a newer version of readiness-app", "update readiness-app first"
        )
    if not register_path.parent.is_dir():
        raise ReadinessError(f"folder {register_path.parent} does not exist")
    _refuse_backup_inside_evidence(backup_path, register_path, passphrase, refuse_inside_evidence)
    key = passphrase if info.encrypted else None
    if not register_path.exists():
        _copy_backup(backup_path, register_path, key)
        return RestoreResult(register_path, None, info)
    current = inspect_backup(register_path, passphrase)
    if current.needs_passphrase and not info.encrypted and passphrase is None:
        # A plain backup over an encrypted register must not quietly leave the register unprotected.
        raise ReadinessError(
            f"{register_path} is encrypted and {backup_path} is not; nothing was changed",
            "give the register's passphrase with --passphrase-file: the restored copy is then encrypted with it "
            "(or restore to a new file name to keep an unprotected copy on purpose)",
        )
    if not current.ok:
        if not force:
            raise ReadinessError(
                f"{register_path} exists but cannot be opened ({current.problem}); nothing was changed",
                "add --force to replace it; the old file is kept in the backups folder",
            )
        # An unreadable file cannot be held (its error is ignored); one another program has open refuses.
        with contextlib.suppress(*database_errors()), alone(register_path, None, "restored"):
            pass
        previous = _set_aside(register_path)
        if current.encrypted and not info.encrypted and passphrase is not None:
            _copy_encrypted(backup_path, register_path, passphrase)  # an encrypted register stays encrypted
        else:
            _copy_backup(backup_path, register_path, key)
        return RestoreResult(register_path, previous, info)
    if not force:
        if not _same(current, info):
            raise ReadinessError(
                f"{backup_path} is from a different assessment ({info.describe()}) than "
                f"{register_path}; nothing was changed",
                "add --force only if you really mean to replace this register with it",
            )
        raise ReadinessError(
            f"{register_path} already exists; nothing was changed",
            "add --force to replace it (it is backed up first)",
        )
    with alone(register_path, passphrase if current.encrypted else None, "restored") as held:
        previous = backup_register(held, kind="before-restore")
        if current.encrypted == info.encrypted:
            source = connect(backup_path, readonly=True, passphrase=key)
            try:
                source.backup(held.conn)  # one transaction into the held register: all or nothing
            except database_errors() as exc:
                raise _backup_error(exc, register_path) from None
            finally:
                source.close()
            return RestoreResult(register_path, previous, info)
    # Encrypted backup over a plain register or the reverse: a new file, renamed into place
    # once the old one was let go (the backup API cannot change a file's encryption).
    if current.encrypted and not info.encrypted:
        _copy_encrypted(backup_path, register_path, passphrase or "")  # keeps the register's protection
    else:
        _copy_backup(backup_path, register_path, key)
    return RestoreResult(register_path, previous, info)


def _same(current: BackupInfo, info: BackupInfo) -> bool:
    if current.uuid and info.uuid:
        return current.uuid == info.uuid
    return (current.council, current.created_at) == (info.council, info.created_at)


def _copy_backup(backup_path: Path, register_path: Path, key: str | None) -> None:
    source = connect(backup_path, readonly=True, passphrase=key)
    try:
        write_copy(source, register_path, key)
    finally:
        source.close()
    with contextlib.suppress(OSError):
        register_path.with_name(register_path.name + "-shm").unlink()


def _copy_encrypted(backup_path: Path, register_path: Path, passphrase: str) -> None:
    """Put a plain backup in place of an encrypted register, encrypted with the register's passphrase.

    The plain copy is made owner-only in the register's folder, exported encrypted over
    the register (checked, then renamed into place), and removed.
    """
    import sqlcipher3

    from readiness_app.safety.keyed_copy import export_keyed

    plain = register_path.with_name(f".{register_path.name}.restoring-{os.getpid()}")
    try:
        _copy_backup(backup_path, plain, None)
        source = sqlcipher3.connect(str(plain), isolation_level=None)
        try:
            export_keyed(source, register_path, passphrase)
        finally:
            source.close()
    finally:
        remove_copy(plain)


def _refuse_backup_inside_evidence(backup_path, register_path, passphrase, refuse) -> None:
    conn = connect(backup_path, readonly=True, passphrase=passphrase if looks_encrypted(backup_path) else None)
    try:
        row = conn.execute("SELECT evidence_folder FROM assessment WHERE id = 1").fetchone()
    finally:
        conn.close()
    if row and row[0]:
        evidence = Path(row[0])
        refuse(register_path, evidence if evidence.is_absolute() else register_path.parent / evidence)


def _set_aside(register_path: Path) -> Path:
    """Move an unreadable register (and its journal files) into backups/ under a 'replaced' name."""
    target = next_backup_name(register_path, "replaced")
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            src = register_path.with_name(register_path.name + suffix)
            if src.exists():
                os.replace(src, target.with_name(target.name + suffix))
    except OSError as exc:
        raise ReadinessError(
            f"could not move {register_path} aside: {exc.strerror or exc}; nothing was restored"
        ) from None
    return target
