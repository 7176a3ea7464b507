"""Keeping protection: a plain backup restored over an encrypted register, encrypt on a stray file,
and PDF passwords too short to protect anything."""

from __future__ import annotations

import sqlite3

import pytest

from readiness_app.cli import main
from readiness_app.errors import ReadinessError
from readiness_app.opening import open_register
from readiness_app.register import cases
from readiness_app.reports.output import check_password
from readiness_app.safety import backup, encryption
from readiness_app.safety.backup import backup_register

SECRET = "correct horse battery staple"


@pytest.fixture
def plain_backup_and_encrypted_register(demo_dir, tmp_path):
    path = demo_dir / "register.sqlite"
    reg = open_register(path)
    saved = backup_register(reg, kind="manual", target=tmp_path / "plain-copy.sqlite")
    reg.close()
    encryption.encrypt_register(path, SECRET)
    reg = open_register(path, passphrase=SECRET)
    cases.create(reg, "AFTER-ENCRYPT")
    reg.close()
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    return path, saved, secret


def test_restore_force_of_a_plain_backup_keeps_the_register_encrypted(plain_backup_and_encrypted_register, capsys):
    path, saved, secret = plain_backup_and_encrypted_register
    assert main(["restore", str(saved), str(path), "--force", "--passphrase-file", str(secret)]) == 0
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and b"Northmoor" not in raw
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM tracked_case").fetchall()
    reg = open_register(path, passphrase=SECRET)
    try:  # the backup's content, under the register's passphrase
        assert reg.scalar("SELECT COUNT(*) FROM tracked_case") == 50
        assert reg.scalar("SELECT COUNT(*) FROM tracked_case WHERE code = 'AFTER-ENCRYPT'") == 0
    finally:
        reg.close()
    before = [b for b in backup.list_backups(path) if b.kind == "before-restore"]
    assert len(before) == 1 and backup.inspect_backup(before[0].path, SECRET).ok
    assert [p.name for p in path.parent.iterdir() if ".restoring-" in p.name or ".converting-" in p.name] == []


def test_restore_force_of_a_plain_backup_without_the_passphrase_is_refused(plain_backup_and_encrypted_register, capsys):
    path, saved, _secret = plain_backup_and_encrypted_register
    before = path.read_bytes()
    assert main(["restore", str(saved), str(path), "--force"]) == 1
    err = capsys.readouterr().err
    assert "is encrypted" in err and "--passphrase-file" in err and "nothing was changed" in err
    assert path.read_bytes() == before
    assert backup.list_backups(path) == []  # nothing set aside either


def test_encrypt_on_a_file_that_is_not_a_register_says_so(tmp_path, capsys):
    stray = tmp_path / "notes.txt"
    stray.write_text("minutes of the readiness board\n", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    assert main(["encrypt", str(stray), "--passphrase-file", str(secret)]) == 1
    err = capsys.readouterr().err
    assert "is not a register" in err and "already encrypted" not in err
    with pytest.raises(ReadinessError, match="not a register"):
        encryption.encrypt_register(stray, SECRET)
    assert stray.read_text(encoding="utf-8") == "minutes of the readiness board\n"


def test_a_pdf_password_shorter_than_8_characters_is_refused(demo_dir, tmp_path, capsys):
    short = tmp_path / "pw.txt"
    short.write_text("1234567\n", encoding="utf-8")
    out = tmp_path / "cases.pdf"
    code = main(["report", "cases", str(demo_dir / "register.sqlite"), "-o", str(out), "--password-file", str(short)])
    assert code == 1
    assert "at least 8 characters" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(ReadinessError, match="at least 8"):
        check_password("seven77")
    assert check_password("eight888") == "eight888"


def test_a_damaged_encrypted_register_replaced_by_a_plain_backup_stays_encrypted(
    plain_backup_and_encrypted_register, capsys
):
    path, saved, secret = plain_backup_and_encrypted_register
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 64] = bytes(64)  # one page no longer decrypts
    path.write_bytes(bytes(data))
    assert main(["restore", str(saved), str(path), "--force", "--passphrase-file", str(secret)]) == 0
    assert b"Northmoor" not in path.read_bytes()
    reg = open_register(path, passphrase=SECRET)
    try:
        assert reg.scalar("SELECT COUNT(*) FROM tracked_case") == 50
    finally:
        reg.close()
    assert [b.kind for b in backup.list_backups(path)] == ["replaced"]  # the damaged file, kept aside
