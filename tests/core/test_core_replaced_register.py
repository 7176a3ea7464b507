"""A register file replaced under a running program (a backup copied over it): the writer stops and says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readiness_app.errors import RegisterReplaced
from readiness_app.opening import open_register
from readiness_app.register import cases

ROOT = Path(__file__).resolve().parents[2]


def _case_codes(register) -> set[str]:
    """The case codes in the file at `register` now, read by a fresh reader."""
    copy = open_register(register, readonly=True)
    try:
        return {r[0] for r in copy.query("SELECT code FROM tracked_case")}
    finally:
        copy.close()


def _evidence_arrived_after_the_copy(register) -> int:
    copy = open_register(register, readonly=True)
    try:
        return copy.scalar("SELECT COUNT(*) FROM evidence WHERE rel_path LIKE '%Arrived after the copy%'")
    finally:
        copy.close()


def _put_copy_over(register: Path, copy: Path) -> None:
    """What a user does with a file manager: a copy of a backup takes the register's place."""
    incoming = register.with_name("incoming.sqlite")
    shutil.copy2(copy, incoming)
    os.replace(incoming, register)


def test_a_writer_refuses_once_its_file_was_replaced_and_the_copy_is_untouched(demo_dir):
    register = demo_dir / "register.sqlite"
    backup = demo_dir / "backup-copy.sqlite"
    shutil.copy2(register, backup)
    reg = open_register(register, source="cli")
    try:
        cases.create(reg, "BEFORE-1")  # writes while the file is the one it opened
        _put_copy_over(register, backup)
        with pytest.raises(RegisterReplaced, match="was replaced by another file while this program had it open"):
            cases.create(reg, "AFTER-1")
        with pytest.raises(RegisterReplaced):  # and it stays stopped
            cases.create(reg, "AFTER-2")
    finally:
        reg.close()
    codes = _case_codes(register)
    assert not codes & {"AFTER-1", "AFTER-2"}


def test_watch_stops_with_one_line_when_a_backup_is_copied_over_its_register(demo_dir):
    from readiness_app.evidence import settings

    register = demo_dir / "register.sqlite"
    reg = open_register(register, source="app")
    settings.save(reg, "stability_seconds", "0.5")
    reg.close()
    backup = demo_dir / "backup-copy.sqlite"
    shutil.copy2(register, backup)
    watch = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "watch", str(register), "--polling", "0.5", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert "watching" in watch.stdout.readline()
        _put_copy_over(register, backup)
        arrived = demo_dir / "evidence" / "00 Inbox - to sort" / "Arrived after the copy.pdf"
        deadline = time.monotonic() + 60
        while watch.poll() is None and time.monotonic() < deadline:  # touched until the watcher acts on it
            arrived.write_bytes(b"%PDF-1.4\n% arrived\n" + b"z" * 2000)
            try:
                watch.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
        out, err = watch.communicate(timeout=30)
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.communicate()
    assert watch.returncode == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[0].startswith("error: the register register.sqlite was replaced by another file")
    assert "Traceback" not in err
    assert "restore" in err
    assert _evidence_arrived_after_the_copy(register) == 0


# ---------------------------------------------------------------- a copy put over the file in place (same inode)


def _copy_in_place(copy: Path, register: Path) -> None:
    """What `cp backup.sqlite register.sqlite` does: the register file keeps its inode, its bytes are the copy's."""
    inode = register.stat().st_ino
    subprocess.run(["cp", str(copy), str(register)], check=True, timeout=60)
    assert register.stat().st_ino == inode


def _backup_by_another_program(register: Path, backup: Path) -> None:
    """A consistent copy of the register as it is now, made by another process through SQLite's backup API."""
    script = (
        "import sqlite3, sys\n"
        "source, target = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])\n"
        "source.backup(target)\n"
        "target.close(); source.close()\n"
    )
    subprocess.run([sys.executable, "-c", script, str(register), str(backup)], check=True, timeout=60)


@pytest.mark.skipif(sys.platform == "win32", reason="uses the cp command")
def test_a_writer_notices_an_older_copy_put_over_its_file_in_place(demo_dir):
    register = demo_dir / "register.sqlite"
    backup = demo_dir / "backup-copy.sqlite"
    reg = open_register(register, source="app")
    reg.watch_for_copies()  # as the desktop app's writer and `watch` do
    try:
        cases.create(reg, "BEFORE-BACKUP")
        _backup_by_another_program(register, backup)
        cases.create(reg, "AFTER-BACKUP")  # the copy is now older than the register
        _copy_in_place(backup, register)
        with pytest.raises(RegisterReplaced, match="was replaced by another file while this program had it open"):
            cases.create(reg, "AFTER-COPY-1")
        with pytest.raises(RegisterReplaced):  # and it stays stopped
            cases.create(reg, "AFTER-COPY-2")
    finally:
        reg.close()
    codes = _case_codes(register)
    assert "BEFORE-BACKUP" in codes and not codes & {"AFTER-COPY-1", "AFTER-COPY-2"}


@pytest.mark.skipif(sys.platform == "win32", reason="uses the cp command")
def test_another_registers_copy_put_over_the_file_in_place_is_noticed(demo_dir, tmp_path):
    from readiness_app.opening import create_register

    register = demo_dir / "register.sqlite"
    other = create_register(tmp_path / "other.sqlite", council="Another council")
    cases.create(other, "THEIRS-1")
    other.close()
    other_copy = tmp_path / "other-copy.sqlite"
    _backup_by_another_program(tmp_path / "other.sqlite", other_copy)
    reg = open_register(register, source="app")
    reg.watch_for_copies()
    try:
        cases.create(reg, "OURS-1")
        _copy_in_place(other_copy, register)
        with pytest.raises(RegisterReplaced):
            cases.create(reg, "OURS-2")
    finally:
        reg.close()


def test_writers_and_other_programs_checkpoints_are_not_taken_for_a_copy(demo_dir):
    register = demo_dir / "register.sqlite"
    app = open_register(register, source="app")
    app.watch_for_copies()
    reader = open_register(register, readonly=True)
    try:
        for n in range(3):
            cases.create(app, f"APP-{n}")
            run = subprocess.run(
                [sys.executable, str(ROOT / "main.py"), "gap", "add", str(register), "--qs", "QS1"]
                + ["--description", f"CLI-{n}"],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=120,
            )
            assert run.returncode == 0, run.stderr
            assert not reader.file_replaced()
        cases.create(app, "APP-LAST")  # the other program's writes and checkpoints are no copy
        assert not app.file_replaced() and not reader.file_replaced()
        assert app.scalar("SELECT COUNT(*) FROM gap WHERE description LIKE 'CLI-%'") == 3
    finally:
        reader.close()
        app.close()


@pytest.mark.skipif(sys.platform == "win32", reason="uses the cp command")
def test_watch_stops_with_one_line_when_a_backup_is_copied_over_its_register_in_place(demo_dir):
    from readiness_app.evidence import settings

    register = demo_dir / "register.sqlite"
    reg = open_register(register, source="app")
    settings.save(reg, "stability_seconds", "0.5")
    reg.close()
    backup = demo_dir / "backup-copy.sqlite"
    _backup_by_another_program(register, backup)
    watch = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "watch", str(register), "--polling", "0.5", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    inbox = demo_dir / "evidence" / "00 Inbox - to sort"
    try:
        assert "watching" in watch.stdout.readline()
        (inbox / "Arrived before the copy.pdf").write_bytes(b"%PDF-1.4\n% before\n" + b"y" * 2000)
        while "Arrived before the copy" not in watch.stdout.readline():  # taken in: the register is past the copy
            assert watch.poll() is None
        _copy_in_place(backup, register)
        arrived = inbox / "Arrived after the copy.pdf"
        deadline = time.monotonic() + 60
        while watch.poll() is None and time.monotonic() < deadline:  # touched until the watcher acts on it
            arrived.write_bytes(b"%PDF-1.4\n% arrived\n" + b"z" * 2000)
            try:
                watch.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
        out, err = watch.communicate(timeout=30)
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.communicate()
    assert watch.returncode == 1, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[0].startswith("error: the register register.sqlite was replaced by another file")
    assert "Traceback" not in err
    assert "restore" in err
    assert _evidence_arrived_after_the_copy(register) == 0
