"""Integrity on open: damaged registers are refused with the newest good backup named."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from readiness_app.cli import main
from readiness_app.errors import ReadinessError
from readiness_app.opening import create_register, open_register
from readiness_app.register import cases
from readiness_app.register.connection import UUID_KEY
from readiness_app.safety import integrity
from readiness_app.safety.backup import backup_register, list_backups


@pytest.fixture
def with_backup(demo_dir):
    path = demo_dir / "register.sqlite"
    reg = open_register(path)
    good = backup_register(reg, kind="auto")
    reg.close()
    return path, good


def _refused(path: Path, match: str) -> ReadinessError:
    with pytest.raises(ReadinessError, match=match) as caught:
        open_register(path)
    return caught.value


def test_truncated_register_is_refused_and_the_newest_good_backup_offered(with_backup):
    path, good = with_backup
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.truncate(size // 2)
    error = _refused(path, "damaged")
    assert str(good) in error.hint and "restore" in error.hint
    assert path.stat().st_size == size // 2  # no further damage: opening wrote nothing


def test_scribbled_pages_are_caught_by_the_quick_check(with_backup):
    path, good = with_backup
    data = bytearray(path.read_bytes())
    page = 4096
    for n in range(3, len(data) // page, 7):  # overwrite the middle of many pages, keep the header
        data[n * page + 100 : n * page + 600] = os.urandom(500)
    path.write_bytes(bytes(data))
    error = _refused(path, "damaged")
    assert str(good) in error.hint


def test_random_bytes_are_refused_with_a_clear_message(with_backup):
    path, good = with_backup
    path.write_bytes(os.urandom(3000))  # not whole pages: cannot be an encrypted register
    error = _refused(path, "not a readiness register")
    assert str(good) in error.hint
    path.write_bytes(os.urandom(8192))  # whole pages: might be encrypted, so say both
    error = _refused(path, "encrypted \\(or is not a register\\)")
    assert "--passphrase-file" in error.hint and str(good) in error.hint


def test_empty_file_and_missing_file(tmp_path):
    empty = tmp_path / "register.sqlite"
    empty.write_bytes(b"")
    _refused(empty, "not a readiness register")
    _refused(tmp_path / "nope.sqlite", "register not found")


def test_newest_good_backup_skips_damaged_backups(with_backup):
    path, good = with_backup
    reg = open_register(path)
    newer = backup_register(reg, kind="auto")
    reg.close()
    newer.write_bytes(newer.read_bytes()[:5000])  # the newest backup is itself damaged
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(20000))
    error = _refused(path, "damaged|not a readiness register")
    assert str(good) in error.hint and str(newer) not in error.hint


def test_no_backup_at_all_still_gives_a_clear_message(tmp_path):
    path = tmp_path / "register.sqlite"
    create_register(path, council="Testshire Council").close()
    with open(path, "r+b") as fh:
        fh.truncate(4096 * 2)
    error = _refused(path, "damaged")
    assert "no good backup" in error.hint


DELETE_WAL = r"""
import os, signal, sys
sys.path.insert(0, sys.argv[2])
from readiness_app.register import cases
from readiness_app.opening import open_register
reg = open_register(sys.argv[1])
reg.conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep the changes in the -wal file
for n in range(5):
    cases.create(reg, f"W-{n}")
os.kill(os.getpid(), signal.SIGKILL)  # crash: -wal and -shm stay behind
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_register_whose_journal_was_deleted_opens_consistent_with_a_warning(demo_dir, capsys):
    path = demo_dir / "register.sqlite"
    subprocess.run([sys.executable, "-c", DELETE_WAL, str(path), str(Path(__file__).parents[2])], timeout=60)
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    wal.unlink()  # what a careless copy or a sync client does
    assert main(["status", str(path)]) == 0
    err = capsys.readouterr().err
    assert "journal file register.sqlite-wal is missing" in err
    reg = open_register(path, check="full")
    assert reg.scalar("SELECT COUNT(*) FROM tracked_case WHERE code LIKE 'W-%'") == 0  # all-or-none: none
    assert reg.scalar("PRAGMA integrity_check") == "ok"
    reg.close()


def test_crash_leftover_journal_is_replayed(demo_dir):
    path = demo_dir / "register.sqlite"
    if sys.platform == "win32":
        pytest.skip("SIGKILL is POSIX")
    subprocess.run([sys.executable, "-c", DELETE_WAL, str(path), str(Path(__file__).parents[2])], timeout=60)
    reg = open_register(path)
    assert reg.scalar("SELECT COUNT(*) FROM tracked_case WHERE code LIKE 'W-%'") == 5
    assert reg.warnings == []
    reg.close()


def test_broken_links_are_a_warning_not_a_refusal(demo_dir):
    path = demo_dir / "register.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO case_qs (case_id, qs) VALUES (99999, 'QS1')")
    conn.commit()
    conn.close()
    reg = open_register(path)
    assert any("1 broken links in case_qs" in w for w in reg.warnings)
    reg.close()


def test_unchanged_register_skips_the_full_check_but_a_changed_one_does_not(demo_dir, monkeypatch):
    path = demo_dir / "register.sqlite"
    calls = []
    real = integrity.quick_check
    monkeypatch.setattr(integrity, "quick_check", lambda conn: calls.append(1) or real(conn))
    open_register(path, readonly=True).close()
    open_register(path, readonly=True).close()
    assert len(calls) == 1  # second open: same size and time, already verified
    open_register(path, readonly=True, check="full").close()
    assert len(calls) == 2
    reg = open_register(path)  # unchanged: no full check
    cases.create(reg, "CHANGED-1")
    reg.close()
    assert len(calls) == 2
    open_register(path, readonly=True).close()
    assert len(calls) == 3  # the file changed, so it is read in full again


def test_check_command_reports_a_damaged_register(with_backup, capsys):
    path, good = with_backup
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size // 3)
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and str(good) in err and "Traceback" not in err


def test_every_register_gets_a_stable_uuid(tmp_path, demo_dir):
    path = tmp_path / "register.sqlite"
    reg = create_register(path, council="Testshire Council")
    first = reg.scalar("SELECT value FROM setting WHERE key = ?", (UUID_KEY,))
    reg.close()
    assert len(first) == 36
    reg = open_register(path)
    assert reg.scalar("SELECT value FROM setting WHERE key = ?", (UUID_KEY,)) == first
    reg.close()
    # an older register without one gets it on first writable open, audited
    old = tmp_path / "old.sqlite"
    shutil.copy2(demo_dir / "register.sqlite", old)
    conn = sqlite3.connect(old)
    conn.execute("DELETE FROM setting WHERE key = ?", (UUID_KEY,))
    conn.commit()
    conn.close()
    reg = open_register(old, readonly=True)
    assert reg.scalar("SELECT value FROM setting WHERE key = ?", (UUID_KEY,)) is None
    reg.close()
    reg = open_register(old)
    made = reg.scalar("SELECT value FROM setting WHERE key = ?", (UUID_KEY,))
    assert made and made != first
    assert reg.scalar("SELECT COUNT(*) FROM audit WHERE record_id = ?", (UUID_KEY,)) >= 1
    reg.close()


def test_creation_leaves_no_half_made_file_when_it_fails(tmp_path, monkeypatch):
    from readiness_app.register import assessment

    def boom(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(assessment, "create", boom)
    with pytest.raises(ReadinessError, match="disk .* is full"):
        create_register(tmp_path / "register.sqlite", council="Testshire Council")
    assert list(tmp_path.iterdir()) == []


def test_read_only_register(demo_dir, monkeypatch):
    """Root ignores chmod, so a read-only file is simulated with os.access; a mode=ro open is real."""
    path = demo_dir / "register.sqlite"
    reg = open_register(path, readonly=True)
    with pytest.raises(ReadinessError, match="cannot be written .*the change was not saved"):
        cases.create(reg, "RO-1")
    reg.close()
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK)
    with pytest.raises(ReadinessError, match="read-only"):
        open_register(path)
    monkeypatch.undo()
    reg = open_register(path)
    assert reg.scalar("SELECT COUNT(*) FROM tracked_case WHERE code = 'RO-1'") == 0
    reg.close()


def test_no_backups_of_other_registers_are_offered(tmp_path, demo_dir):
    other = demo_dir / "other.sqlite"
    create_register(other, council="Other Council").close()
    reg = open_register(other)
    backup_register(reg)
    reg.close()
    assert [b.path.name.startswith("other-") for b in list_backups(other)] == [True]
    assert list_backups(demo_dir / "register.sqlite") == []


def test_damage_hidden_behind_the_verified_cache_is_reported_as_damage_in_one_line(with_backup, capsys):
    path, good = with_backup
    assert main(["status", str(path)]) == 0  # passes its check; size and time are remembered
    capsys.readouterr()
    stat = path.stat()
    data = bytearray(path.read_bytes())
    page = 4096
    for n in range(2, len(data) // page):  # every page but the schema's: whatever status reads is damaged
        data[n * page : n * page + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time: the check is skipped
    assert main(["status", str(path)]) == 1
    err = capsys.readouterr().err
    assert "unexpected" not in err
    lines = err.splitlines()
    assert len(lines) == 2, err  # SQLite's message is folded into one line
    assert lines[0].startswith(f"error: {path} is damaged")
    assert str(good) in lines[1] and "restore" in lines[1]


def test_a_multi_line_database_message_is_folded_into_one_line(tmp_path):
    from readiness_app.opening import damaged

    error = damaged(tmp_path / "register.sqlite", "*** in database main ***\nPage 5: btreeInitPage() returns error 11")
    assert "\n" not in error.message
    assert "*** in database main *** Page 5: btreeInitPage() returns error 11" in error.message
