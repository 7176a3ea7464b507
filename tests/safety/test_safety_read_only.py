"""Reading commands on a register the user cannot write: a read-only file in a read-only folder.

Permissions are real here: as root (who may write anything) the commands run as
the user `nobody` through `setpriv`; as anyone else they run as that user.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from readiness_app.cli import main
from readiness_app.safety import backup

MAIN = Path(__file__).resolve().parents[2] / "main.py"
NOBODY = 65534


def _prefix() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to drop root's rights for this test"
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


@pytest.fixture
def locked_away(demo_dir):
    """(register in a read-only folder, a writable home for outputs); both readable by the test user."""
    root = Path(tempfile.mkdtemp(prefix="readonly-"))
    try:
        os.chmod(root, 0o755)
        folder, home = root / "shared", root / "home"
        folder.mkdir()
        home.mkdir()
        register = folder / "register.sqlite"
        shutil.copy2(demo_dir / "register.sqlite", register)
        if os.geteuid() == 0:
            for path in (root, folder, home, register):
                os.chown(path, NOBODY, NOBODY)
        os.chmod(register, 0o444)
        os.chmod(folder, 0o555)
        yield register, home
    finally:
        os.chmod(root / "shared", 0o755)
        shutil.rmtree(root)


def _run(argv: list[str], home: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "HOME": str(home),
        "READINESS_DATA_DIR": str(home),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(MAIN.parent), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [*_prefix(), sys.executable, str(MAIN), *argv], capture_output=True, text=True, env=env, timeout=120
    )


def test_reading_commands_work_on_a_read_only_register_and_take_no_backup(locked_away):
    register, home = locked_away
    before = hashlib.sha256(register.read_bytes()).hexdigest()
    # the user really cannot write there
    denied = _run(["learning", "add", str(register), "--went-well", "x"], home)
    assert denied.returncode == 1 and "read-only" in denied.stderr and "unexpected" not in denied.stderr
    assert "status, check, report, export" in denied.stderr  # the hint names what does work

    status = _run(["status", str(register), "--json"], home)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["council"] == "Northmoor County Council"
    check = _run(["check", str(register), "--json"], home)
    assert json.loads(check.stdout)["integrity"] == "ok", check.stderr
    report = _run(["report", "checklist", str(register), "-o", str(home / "checklist.pdf")], home)
    assert report.returncode == 0, report.stderr
    assert (home / "checklist.pdf").read_bytes()[:5] == b"%PDF-"
    export = _run(["export", "schedule", str(register), "-o", str(home / "schedule.csv")], home)
    assert export.returncode == 0, export.stderr
    assert "Case tracking conversation" in (home / "schedule.csv").read_text(encoding="utf-8-sig")

    assert sorted(p.name for p in register.parent.iterdir()) == ["register.sqlite"]  # no backup, no journal
    assert hashlib.sha256(register.read_bytes()).hexdigest() == before


def _disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.allow_log(r"backup .* failed")
def test_on_a_full_disk_the_automatic_backup_warns_and_the_command_goes_on(demo_dir, tmp_path, capsys, monkeypatch):
    register = str(demo_dir / "register.sqlite")
    monkeypatch.setattr(backup, "flush_to_disk", _disk_full)  # every backup copy fails as on a full disk
    assert main(["status", register]) == 0  # reads: takes no backup at all
    assert "backup" not in capsys.readouterr().err
    assert main(["learning", "add", register, "--went-well", "written anyway"]) == 0
    err = capsys.readouterr().err
    assert "warning: the automatic backup was not made" in err and "the disk is full" in err
    assert len(err.splitlines()) == 1
    assert backup.list_backups(demo_dir / "register.sqlite") == []
    assert main(["learning", "list", register]) == 0
    assert "written anyway" in capsys.readouterr().out
