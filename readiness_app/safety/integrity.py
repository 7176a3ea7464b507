"""The integrity check run each time a register opens.

Every open makes two cheap checks: the file holds as many pages as its header
says (a truncated copy fails here), and `foreign_key_check` (about 2 ms on a
20,000-item register). `PRAGMA quick_check` reads every page; on a
20,000-item register it costs about 45-75 ms, a quarter of `status`. So it
runs in full when the register has changed since it last passed (size and
modification time of the file and its journal, remembered in the user's data
folder), and always when the desktop app opens a register (`check="full"`).
See tests/benchmarks/bench_safety.py for the figures.

A damaged register is refused with the newest backup that passes the same
check, so it is never opened silently. Broken links cannot come from the app's
own writes (foreign keys are enforced); they are reported as a warning so the
user can still open the register and see them with `check`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from readiness_app.errors import RegisterDamaged, one_line
from readiness_app.register.connection import database_errors

if TYPE_CHECKING:
    from readiness_app.register.connection import Register


def quick_check(conn) -> str:
    """'ok', or the first problem SQLite found."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except database_errors() as exc:
        return str(exc)
    problems = [r[0] for r in rows if r[0] != "ok"]
    return "ok" if not problems else "; ".join(problems[:3])


def broken_links(conn) -> list[tuple[str, int]]:
    """(table, rowid) of each row whose foreign key points nowhere."""
    return [(r[0], r[1]) for r in conn.execute("PRAGMA foreign_key_check").fetchall()]


def _wal_size(path: Path) -> int:
    try:
        return path.with_name(path.name + "-wal").stat().st_size
    except OSError:
        return 0


def _fingerprint(path: Path) -> list[int] | None:
    """Size and mtime of the file; None while the journal holds changes (then always check)."""
    if _wal_size(path) > 0:
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _verified_file() -> Path:
    from readiness_app.paths import user_data_dir

    return user_data_dir() / "verified-registers.json"


def _load_verified() -> dict[str, list[int]]:
    try:
        data = json.loads(_verified_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remember_verified(path: Path, fingerprint: list[int]) -> None:
    """Note that this exact file passed quick_check, so an unchanged file need not be read again."""
    data = _load_verified()
    data[str(path.resolve())] = fingerprint
    if len(data) > 50:  # keep the file small: the most recent registers only
        data = dict(list(data.items())[-50:])
    target = _verified_file()
    temp = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temp, target)
    except OSError:
        pass  # only a speed-up; a read-only data folder means the full check runs every time


def truncated(path: Path, conn) -> bool:
    """True when the file is shorter than the pages SQLite expects (no journal pending).

    The sizes come from stat and PRAGMAs, never by opening the file: closing a
    second descriptor would drop this process's locks on the register. SQLite
    itself refuses a file shorter than its header's page count ("malformed").
    """
    if _wal_size(path) > 0:
        return False  # pages may legitimately live in the WAL until a checkpoint
    failures: tuple[type[BaseException], ...] = (OSError, *database_errors())
    try:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        size = path.stat().st_size
    except failures:
        return False  # unreadable: the quick check that follows says what is wrong
    return size < pages * page_size


NO_BACKUP_HINT = "no good backup was found beside it"


def check_on_open(register: Register, mode: str = "auto") -> list[str]:
    """Raise RegisterDamaged if the register is damaged; return warnings for lesser problems.

    The damage carries NO_BACKUP_HINT: the caller (`opening`) names the backup to restore,
    since finding it means checking backups, which stand on this module.

    mode "full" always runs quick_check; "auto" runs it when the file changed since it last passed.
    """
    path = register.path
    result = "ok"
    if not register.encrypted and truncated(path, register.conn):
        result = "the file is shorter than its header says (truncated)"
    fingerprint = _fingerprint(path)
    if result == "ok" and (
        mode == "full" or fingerprint is None or _load_verified().get(str(path.resolve())) != fingerprint
    ):
        result = quick_check(register.conn)
        if result == "ok" and fingerprint is not None:
            _remember_verified(path, fingerprint)
    if result != "ok":
        raise RegisterDamaged(
            f"{register.path} is damaged and was not opened (database check: {one_line(result)})",
            NO_BACKUP_HINT,
        )
    try:
        links = broken_links(register.conn)  # reads every table: finds damage the skipped check would have
    except database_errors() as exc:
        raise RegisterDamaged(
            f"{register.path} is damaged and was not opened ({one_line(exc)})",
            NO_BACKUP_HINT,
        ) from None
    if links:
        tables = sorted({t for t, _ in links})
        return [f"{len(links)} broken links in {', '.join(tables)}; run `check` for details"]
    return []
