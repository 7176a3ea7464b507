"""Re-keying is resumable: a passphrase change killed half-way is finished, never silently skipped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from readiness_app.cli import main
from readiness_app.opening import open_register
from readiness_app.safety import backup, encryption
from readiness_app.safety.backup import backup_register

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

FIRST, ABANDONED, THIRD = "first passphrase", "abandoned passphrase", "third passphrase"
KILLER = Path(__file__).with_name("rekey_process.py")


@pytest.fixture
def half_rekeyed(demo_dir, tmp_path):
    """An encrypted register with four backups, and a change to ABANDONED killed after two of them."""
    path = demo_dir / "register.sqlite"
    files = {}
    for secret in (FIRST, ABANDONED, THIRD):
        files[secret] = tmp_path / f"{secret.split()[0]}.txt"
        files[secret].write_text(secret + "\n", encoding="utf-8")
    encryption.encrypt_register(path, FIRST)
    reg = open_register(path, passphrase=FIRST)
    for _ in range(4):
        backup_register(reg, kind="manual")
    reg.close()
    run = subprocess.run(
        [sys.executable, str(KILLER), str(path), str(files[FIRST]), str(files[ABANDONED]), "2"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == -9, run.stderr
    return path, files


def _on(path: Path, secret: str) -> list[str]:
    return sorted(b.path.name for b in backup.list_backups(path) if backup.inspect_backup(b.path, secret).ok)


def test_a_change_killed_half_way_leaves_backups_on_two_passphrases(half_rekeyed):
    path, _files = half_rekeyed
    assert len(_on(path, ABANDONED)) == 2 and len(_on(path, FIRST)) == 2
    open_register(path, passphrase=FIRST).close()  # the register itself was not touched
    assert (backup.backups_folder(path) / ".register-rekeying.json").exists()


def test_running_the_same_change_again_finishes_it(half_rekeyed, capsys):
    path, files = half_rekeyed
    argv = [
        "encrypt",
        str(path),
        "--passphrase-file",
        str(files[FIRST]),
        "--new-passphrase-file",
        str(files[ABANDONED]),
    ]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "and 4 backups" in captured.out and "warning" not in captured.err
    assert len(_on(path, ABANDONED)) == 4
    open_register(path, passphrase=ABANDONED).close()
    assert not (backup.backups_folder(path) / ".register-rekeying.json").exists()


def test_a_change_to_another_passphrase_names_every_backup_it_cannot_open(half_rekeyed, capsys):
    path, files = half_rekeyed
    argv = ["encrypt", str(path), "--passphrase-file", str(files[FIRST]), "--new-passphrase-file", str(files[THIRD])]
    assert main(argv) == 0
    captured = capsys.readouterr()
    stranded = _on(path, ABANDONED)
    assert len(stranded) == 2 and len(_on(path, THIRD)) == 2
    for name in stranded:
        assert name in captured.err
    assert "stopped part-way" in captured.err and "--backup-passphrase-file" in captured.err
    assert ABANDONED not in captured.err + captured.out  # never a passphrase on screen

    # the listing says so too, with the same way out
    assert main(["backup", str(path), "--list", "--passphrase-file", str(files[THIRD])]) == 0
    listed = capsys.readouterr()
    assert all(name in listed.err for name in stranded) and "--backup-passphrase-file" in listed.err

    # and the way out works: the stranded backups come onto the register's passphrase
    argv = [
        "encrypt",
        str(path),
        "--passphrase-file",
        str(files[THIRD]),
        "--backup-passphrase-file",
        str(files[ABANDONED]),
    ]
    assert main(argv) == 0
    assert "brought 2 backups" in capsys.readouterr().out
    assert len(_on(path, THIRD)) == 4
    assert not (backup.backups_folder(path) / ".register-rekeying.json").exists()
