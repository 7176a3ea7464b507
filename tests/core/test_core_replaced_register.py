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
    copy = open_register(register, readonly=True)
    try:
        codes = {r[0] for r in copy.query("SELECT code FROM tracked_case")}
    finally:
        copy.close()
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
    copy = open_register(register, readonly=True)
    try:
        assert copy.scalar("SELECT COUNT(*) FROM evidence WHERE rel_path LIKE '%Arrived after the copy%'") == 0
    finally:
        copy.close()
