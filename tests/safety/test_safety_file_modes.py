"""Every file the app writes is its owner's alone (0600 files, 0700 folders) on POSIX.

Real processes, started with a permissive umask (022, as most desktops have), write
a register, its backups, exports, a PDF, an audit export and the log; every file and
folder they made is then checked.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes; on Windows the files live in the profile")


def _run(*args: str, data_dir: Path) -> None:
    env = {**os.environ, "READINESS_DATA_DIR": str(data_dir)}
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        preexec_fn=lambda: os.umask(0o022),  # what a desktop session gives a program
    )
    assert run.returncode == 0, run.stderr


def _modes(folder: Path) -> dict[str, int]:
    found = {}
    for path in [folder, *folder.rglob("*")]:
        found[str(path.relative_to(folder.parent))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_every_file_the_commands_write_is_owner_only(tmp_path, demo_dir):
    data = tmp_path / "appdata"
    work = tmp_path / "work"
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    register = work / "register.sqlite"
    work.mkdir(mode=0o755)
    os.chmod(work, 0o755)  # the user's own folder: the app's files in it must still be private
    _run("init", str(register), "--council", "Modeshire Council", "--evidence", str(evidence), data_dir=data)
    _run("scan", str(register), data_dir=data)  # a writer: its daily backup
    _run("backup", str(register), data_dir=data)
    out = tmp_path / "out"
    out.mkdir()
    demo = str(demo_dir / "register.sqlite")
    _run("export", "evidence-index", demo, "-o", str(out / "index.xlsx"), data_dir=data)
    _run("export", "schedule", demo, "-o", str(out / "schedule.ics"), data_dir=data)
    _run("report", "cases", demo, "-o", str(out / "cases.pdf"), data_dir=data)
    _run("audit", demo, "-o", str(out / "audit.csv"), data_dir=data)

    written = {**_modes(work), **_modes(out), **_modes(data)}
    written.pop("work")  # made by the test, not the app
    written.pop("out")
    names = set(written)
    assert {"work/register.sqlite", "out/index.xlsx", "out/schedule.ics", "out/cases.pdf", "out/audit.csv"} <= names
    assert any(n.startswith("work/backups/register-") for n in names)
    assert "appdata/logs/readiness.log" in names
    loose = {name: oct(mode) for name, mode in written.items() if mode & 0o077}
    assert loose == {}
    assert written["work/backups"] == 0o700 and written["appdata/logs"] == 0o700
    assert written["work/register.sqlite"] == 0o600 and written["appdata/logs/readiness.log"] == 0o600


def test_a_log_from_an_older_release_is_made_owner_only(tmp_path, demo_dir):
    data = tmp_path / "appdata"
    (data / "logs").mkdir(parents=True)
    old = data / "logs" / "readiness.log"
    old.write_text("an older line\n", encoding="utf-8")
    os.chmod(old, 0o644)
    os.chmod(data / "logs", 0o755)
    _run("scan", str(demo_dir / "register.sqlite"), data_dir=data)  # logs its backup
    assert old.read_text(encoding="utf-8").startswith("an older line")
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "logs").stat().st_mode) == 0o700
