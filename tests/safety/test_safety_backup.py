"""Backups and restore: online backup API, rotation, refusals, full disk, read-only folders."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from readiness_app import clock
from readiness_app.cli import main
from readiness_app.errors import ReadinessError
from readiness_app.opening import open_register
from readiness_app.register import cases
from readiness_app.register.connection import UUID_KEY
from readiness_app.safety import backup
from readiness_app.safety.backup import backup_register


def _cases(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM tracked_case").fetchone()[0]
    finally:
        conn.close()


def test_backup_is_a_checked_owner_only_copy_beside_the_register(demo_register):
    made = backup_register(demo_register, kind="manual")
    assert made.parent == demo_register.path.parent / "backups"
    assert made.name.startswith("register-") and made.name.endswith("-manual.sqlite")
    info = backup.inspect_backup(made)
    assert info.ok and info.council == "Northmoor County Council"
    assert info.uuid == demo_register.scalar("SELECT value FROM setting WHERE key = ?", (UUID_KEY,))
    assert _cases(made) == demo_register.scalar("SELECT COUNT(*) FROM tracked_case") == 50
    if sys.platform != "win32":
        assert stat.S_IMODE(made.stat().st_mode) == 0o600
        assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(demo_register.path.stat().st_mode) == 0o600
    # one self-contained file: no journal beside it, rollback-journal mode inside
    assert not made.with_name(made.name + "-wal").exists()
    assert sqlite3.connect(made).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_backup_sees_committed_changes_while_the_register_is_open(demo_register):
    cases.create(demo_register, "ZZ-NEW-1")
    made = backup_register(demo_register)
    assert _cases(made) == 51


def test_automatic_backups_rotate_to_the_configured_count(demo_register):
    backup.set_keep_count(demo_register, 3)
    made = [backup_register(demo_register, kind="auto") for _ in range(5)]
    manual = backup_register(demo_register, kind="manual")
    autos = [b.path for b in backup.list_backups(demo_register.path) if b.kind == "auto"]
    assert autos == made[:-4:-1]  # the newest three, newest first
    assert manual.exists()  # manual backups are never rotated away
    with pytest.raises(ReadinessError, match="between 1 and 1000"):
        backup.set_keep_count(demo_register, 0)


def test_backup_if_due_makes_at_most_one_a_day(demo_register, set_today):
    first = backup.backup_if_due(demo_register)
    assert first is not None
    assert backup.backup_if_due(demo_register) is None
    set_today(clock.now() + timedelta(days=1, minutes=1))
    assert backup.backup_if_due(demo_register) is not None


def test_app_open_backs_up_and_cli_writers_back_up_once_a_day(demo_dir, capsys):
    path = demo_dir / "register.sqlite"
    open_register(path, auto_backup="open").close()
    open_register(path, auto_backup="open").close()
    assert len(backup.list_backups(path)) == 2
    for b in backup.list_backups(path):
        b.path.unlink()
    assert main(["status", str(path)]) == 0  # reads only: opens read-only, nothing to back up
    assert backup.list_backups(path) == []
    assert main(["scan", str(path)]) == 0
    assert main(["scan", str(path)]) == 0
    assert [b.kind for b in backup.list_backups(path)] == ["auto"]
    open_register(path, readonly=True, auto_backup="open").close()  # read-only opens never write
    assert len(backup.list_backups(path)) == 1


def test_cli_backup_to_a_file_and_refuses_to_overwrite(demo_dir, tmp_path, capsys):
    path = demo_dir / "register.sqlite"
    target = tmp_path / "copy.sqlite"
    assert main(["backup", str(path), "-o", str(target)]) == 0
    assert backup.inspect_backup(target).ok
    assert main(["backup", str(path), "-o", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["backup", str(path), "-o", str(target), "--force"]) == 0
    assert main(["backup", str(path), "-o", str(path)]) == 1
    assert "cannot overwrite the register" in capsys.readouterr().err
    assert main(["backup", str(path), "--keep", "4"]) == 0
    reg = open_register(path)
    assert backup.keep_count(reg) == 4
    reg.close()
    assert main(["backup", str(path), "--list"]) == 0
    listed = capsys.readouterr().out
    assert "auto  ok" in listed and "copy.sqlite" not in listed  # -o copies live where the user put them


def test_restore_refuses_to_overwrite_without_force_and_keeps_what_it_replaces(demo_dir, capsys):
    path = demo_dir / "register.sqlite"
    reg = open_register(path)
    saved = backup_register(reg)
    cases.create(reg, "ZZ-AFTER-BACKUP")
    reg.close()

    assert main(["restore", str(saved), str(path)]) == 1
    err = capsys.readouterr().err
    assert "already exists; nothing was changed" in err and "--force" in err
    assert _cases(path) == 51

    assert main(["restore", str(saved), str(path), "--force"]) == 0
    out = capsys.readouterr().out
    assert "kept as" in out
    assert _cases(path) == 50
    before = [b for b in backup.list_backups(path) if b.kind == "before-restore"]
    assert len(before) == 1 and _cases(before[0].path) == 51  # nothing is lost by restoring
    reg = open_register(path, check="full")  # the restored register opens and passes the check
    reg.close()


def test_restore_refuses_a_backup_from_another_assessment(demo_dir, tmp_path, capsys):
    from readiness_app.demo import build_demo

    other = build_demo(tmp_path / "other").register
    path = demo_dir / "register.sqlite"
    assert main(["restore", str(other), str(path)]) == 1
    assert "from a different assessment" in capsys.readouterr().err
    reg = open_register(path)
    mine = reg.scalar("SELECT value FROM setting WHERE key = ?", (UUID_KEY,))
    reg.close()
    assert main(["restore", str(other), str(path), "--force"]) == 0
    reg = open_register(path)
    assert reg.scalar("SELECT value FROM setting WHERE key = ?", (UUID_KEY,)) != mine
    reg.close()


def test_restore_into_a_new_path_and_over_a_damaged_register(demo_dir, tmp_path, capsys):
    path = demo_dir / "register.sqlite"
    reg = open_register(path)
    saved = backup_register(reg)
    reg.close()
    fresh = demo_dir / "restored.sqlite"
    assert main(["restore", str(saved), str(fresh)]) == 0
    assert _cases(fresh) == 50

    path.write_bytes(os.urandom(5000))
    assert main(["restore", str(saved), str(path)]) == 1
    assert "cannot be opened" in capsys.readouterr().err
    assert main(["restore", str(saved), str(path), "--force"]) == 0
    replaced = [b for b in backup.list_backups(path) if b.kind == "replaced"]
    assert len(replaced) == 1 and len(replaced[0].path.read_bytes()) == 5000  # the damaged file is kept
    assert _cases(path) == 50


def test_restore_refuses_a_bad_backup(demo_dir, tmp_path, capsys):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    assert main(["restore", str(junk), str(demo_dir / "register.sqlite"), "--force"]) == 1
    assert "cannot be restored" in capsys.readouterr().err
    assert _cases(demo_dir / "register.sqlite") == 50


def test_restore_refuses_while_the_register_is_open_elsewhere(demo_dir):
    path = demo_dir / "register.sqlite"
    reg = open_register(path)
    saved = backup_register(reg)
    try:
        with pytest.raises(ReadinessError, match="open in another program"):
            backup.restore_backup(saved, path, force=True)
    finally:
        reg.close()


class DiskFullPartWay(sqlite3.Connection):
    """A connection whose backup copies some pages into the target, then hits a full disk."""

    def backup(self, target, *, pages=-1, progress=None, name="main", sleep=0.25):
        super().backup(target, pages=5)
        raise sqlite3.OperationalError("database or disk is full")


@pytest.mark.allow_log(r"backup .* failed: OperationalError")
def test_full_disk_during_backup_is_reported_and_leaves_no_partial_file(demo_dir):
    reg = open_register(demo_dir / "register.sqlite")
    reg.conn.close()
    reg.conn = sqlite3.connect(reg.path, factory=DiskFullPartWay, isolation_level=None)
    reg.conn.row_factory = sqlite3.Row  # as the register's own connections
    with pytest.raises(ReadinessError, match="could not write the backup .*: the disk is full") as caught:
        backup_register(reg)
    assert "the register itself is unharmed" in caught.value.hint
    assert list((demo_dir / "backups").iterdir()) == []  # the partial copy was removed
    assert reg.scalar("PRAGMA quick_check") == "ok"
    reg.close()


FILL_DISK = r"""
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # get EFBIG instead of being killed
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.path.insert(0, sys.argv[4])
from readiness_app.errors import ReadinessError
from readiness_app.opening import open_register
from readiness_app.register import records
from readiness_app.safety.backup import backup_register
reg = open_register(sys.argv[1])
try:
    if sys.argv[2] == "backup":
        backup_register(reg)
    else:
        with reg.transaction("import"):
            for i in range(20000):
                records.insert(reg, "evidence", {"rel_path": f"big/{i}.pdf", "title": "x" * 400,
                                                 "added_at": "2026-11-23"})
    print("no error")
except ReadinessError as exc:
    print("error:", exc)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
@pytest.mark.parametrize("action", ["backup", "write"])
def test_a_real_file_size_limit_is_reported_and_corrupts_nothing(demo_dir, action):
    path = demo_dir / "register.sqlite"
    limit = path.stat().st_size // 2  # reading is unaffected; any file written past this fails
    result = subprocess.run(
        [sys.executable, "-c", FILL_DISK, str(path), action, str(limit), str(Path(__file__).parents[2])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout.startswith("error:"), result.stdout
    assert "disk" in result.stdout or "could not write" in result.stdout
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM evidence WHERE rel_path LIKE 'big/%'").fetchone()[0] == 0
    conn.close()
    assert not [p for p in (demo_dir / "backups").glob("*.sqlite")] if (demo_dir / "backups").exists() else True


def _mount(args: list[str]) -> bool:
    if sys.platform != "linux" or os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.mark.allow_log(r"backup .* failed: (OperationalError|OSError)")
def test_tiny_filesystem_and_read_only_folder(demo_dir, tmp_path):
    """On a real 1 MB tmpfs (root on Linux) a backup fails cleanly; on a read-only remount too."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if not _mount(["-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)]):
        pytest.skip("cannot mount a tmpfs here (needs root on Linux); the RLIMIT test covers a full disk")
    try:
        reg = open_register(demo_dir / "register.sqlite")
        with pytest.raises(ReadinessError, match="disk is full"):
            backup_register(reg, target=mnt / "copy.sqlite")
        assert list(mnt.iterdir()) == []
        assert subprocess.run(["mount", "-o", "remount,ro", str(mnt)], capture_output=True).returncode == 0
        with pytest.raises(ReadinessError, match="read-only"):
            backup_register(reg, target=mnt / "copy.sqlite")
        assert reg.scalar("PRAGMA quick_check") == "ok"
        reg.close()
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)
