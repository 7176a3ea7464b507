"""Encryption at rest: the round trip, wrong passphrases, backups, prompts, nothing in the clear."""

from __future__ import annotations

import io
import sqlite3
import sys

import pytest

from readiness_app.cli import main
from readiness_app.errors import ReadinessError
from readiness_app.opening import open_register
from readiness_app.register import cases
from readiness_app.safety import backup, encryption
from readiness_app.safety.backup import backup_register

SECRET = "correct horse battery staple"


@pytest.fixture
def pass_file(tmp_path):
    def write(text: str, name: str = "pass.txt"):
        path = tmp_path / name
        path.write_text(text + "\n", encoding="utf-8")
        return path

    return write


def _plain_rows(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT code, stage, consent, notes FROM tracked_case ORDER BY code").fetchall()
    finally:
        conn.close()


def test_encrypt_then_decrypt_round_trip_keeps_every_row(demo_dir, pass_file, capsys):
    path = demo_dir / "register.sqlite"
    before = _plain_rows(path)
    audit_before = sqlite3.connect(path).execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    reg = open_register(path)
    backup_register(reg, kind="auto")
    reg.close()

    assert main(["encrypt", str(path), "--passphrase-file", str(pass_file(SECRET))]) == 0
    raw = path.read_bytes()
    # whole case codes, not "NM-": three given bytes turn up by chance in a megabyte of ciphertext
    case_codes = [code.encode() for code, *_ in before]
    assert not raw.startswith(b"SQLite format 3") and b"Northmoor" not in raw
    assert not [code for code in case_codes if code in raw]
    for b in backup.list_backups(path):  # backups were re-written encrypted too
        assert b"Northmoor" not in b.path.read_bytes()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM tracked_case").fetchall()

    reg = open_register(path, passphrase=SECRET)
    assert reg.encrypted and reg.scalar("SELECT COUNT(*) FROM tracked_case") == 50
    cases.create(reg, "ENC-1", notes="added while encrypted")  # sqlite-utils writes through SQLCipher
    made = backup_register(reg, kind="manual")
    reg.close()
    assert b"ENC-1" not in made.read_bytes() and backup.inspect_backup(made, SECRET).ok

    assert main(["decrypt", str(path), "--passphrase-file", str(pass_file(SECRET))]) == 0
    after = _plain_rows(path)
    assert [r for r in after if r[0] != "ENC-1"] == before
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM audit").fetchone()[0] > audit_before
    for b in backup.list_backups(path):
        assert backup.inspect_backup(b.path).ok  # decrypted with the register
    reg = open_register(path, check="full")
    assert sqlite3.connect(path).execute("PRAGMA application_id").fetchone()[0] == 0x52444E53
    reg.close()


def test_created_encrypted_with_init(tmp_path, pass_file, capsys):
    path = tmp_path / "register.sqlite"
    (tmp_path / "evidence").mkdir()
    args = ["init", str(path), "--council", "Secretshire Council", "--evidence", str(tmp_path / "evidence")]
    assert main([*args, "--passphrase-file", str(pass_file(SECRET))]) == 0
    assert b"Secretshire" not in path.read_bytes()
    assert main(["status", str(path)]) == 1
    err = capsys.readouterr().err
    assert "is encrypted" in err and "--passphrase-file" in err
    assert main(["status", str(path), "--passphrase-file", str(pass_file(SECRET))]) == 0
    assert "Secretshire Council" in capsys.readouterr().out


def test_wrong_passphrase_is_a_clear_message_and_changes_nothing(demo_dir, pass_file, capsys):
    path = demo_dir / "register.sqlite"
    encryption.encrypt_register(path, SECRET)
    before = path.read_bytes()
    assert main(["status", str(path), "--passphrase-file", str(pass_file("not the passphrase"))]) == 1
    err = capsys.readouterr().err
    assert "wrong passphrase" in err and "Traceback" not in err and "not the passphrase" not in err
    assert main(["decrypt", str(path), "--passphrase-file", str(pass_file("not the passphrase"))]) == 1
    assert "wrong passphrase" in capsys.readouterr().err
    assert path.read_bytes() == before
    with pytest.raises(ReadinessError, match="wrong passphrase"):
        backup.restore_backup(path, demo_dir / "copy.sqlite", passphrase="nope nope nope")


def test_passphrase_rules(demo_dir, pass_file, tmp_path, capsys):
    path = demo_dir / "register.sqlite"
    assert main(["encrypt", str(path), "--passphrase-file", str(pass_file("short"))]) == 1
    assert "at least 8 characters" in capsys.readouterr().err
    assert main(["encrypt", str(path), "--passphrase-file", str(pass_file(""))]) == 1
    assert "is empty" in capsys.readouterr().err
    assert main(["encrypt", str(path), "--passphrase-file", str(tmp_path / "missing.txt")]) == 1
    assert "cannot read the passphrase file" in capsys.readouterr().err
    assert main(["decrypt", str(path), "--passphrase-file", str(pass_file(SECRET))]) == 1
    assert "is not encrypted" in capsys.readouterr().err
    assert main(["encrypt", str(path), "--passphrase-file", str(pass_file("it's got 'quotes' in"))]) == 0
    reg = open_register(path, passphrase="it's got 'quotes' in")
    reg.close()
    assert main(["encrypt", str(path), "--passphrase-file", str(pass_file(SECRET))]) == 1
    assert "already encrypted" in capsys.readouterr().err


def test_change_passphrase_keeps_it_encrypted_throughout(demo_dir, pass_file, capsys):
    path = demo_dir / "register.sqlite"
    encryption.encrypt_register(path, SECRET)
    reg = open_register(path, passphrase=SECRET)
    made = backup_register(reg)
    reg.close()
    new = "a different passphrase"
    argv = ["encrypt", str(path), "--passphrase-file", str(pass_file(SECRET)),
            "--new-passphrase-file", str(pass_file(new, "new.txt"))]  # fmt: skip
    assert main(argv) == 0
    with pytest.raises(ReadinessError, match="wrong passphrase"):
        open_register(path, passphrase=SECRET)
    open_register(path, passphrase=new).close()
    assert backup.inspect_backup(made, new).ok and not backup.inspect_backup(made, SECRET).ok


def test_encrypted_backup_restores_with_the_passphrase(demo_dir, pass_file, capsys):
    path = demo_dir / "register.sqlite"
    encryption.encrypt_register(path, SECRET)
    reg = open_register(path, passphrase=SECRET)
    saved = backup_register(reg)
    cases.create(reg, "AFTER-1")
    reg.close()
    assert main(["restore", str(saved), str(path), "--force"]) == 1
    assert "encrypted; give its passphrase" in capsys.readouterr().err
    assert main(["restore", str(saved), str(path), "--force", "--passphrase-file", str(pass_file(SECRET))]) == 0
    reg = open_register(path, passphrase=SECRET)
    assert reg.scalar("SELECT COUNT(*) FROM tracked_case WHERE code = 'AFTER-1'") == 0
    reg.close()
    assert b"Northmoor" not in path.read_bytes()


def test_damaged_encrypted_register_names_its_encrypted_backup(demo_dir):
    path = demo_dir / "register.sqlite"
    encryption.encrypt_register(path, SECRET)
    reg = open_register(path, passphrase=SECRET)
    good = backup_register(reg, kind="auto")
    reg.close()
    data = bytearray(path.read_bytes())
    data[4096 * 5 : 4096 * 5 + 64] = bytes(64)  # one page's ciphertext no longer authenticates
    path.write_bytes(bytes(data))
    with pytest.raises(ReadinessError, match="damaged") as caught:
        open_register(path, passphrase=SECRET)
    assert str(good) in caught.value.hint


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_prompt_only_in_a_terminal_and_only_for_encrypted(demo_dir, monkeypatch, capsys):
    path = demo_dir / "register.sqlite"
    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or SECRET)
    monkeypatch.setattr(sys, "stdin", FakeTTY())
    assert main(["status", str(path)]) == 0
    assert asked == []  # plain register: nothing to ask
    encryption.encrypt_register(path, SECRET)
    assert main(["status", str(path)]) == 0
    assert asked == ["Passphrase for register.sqlite: "]
    monkeypatch.setattr(sys, "stdin", io.StringIO())  # not a terminal: never prompt
    assert main(["status", str(path)]) == 1
    assert len(asked) == 1


def test_encrypt_prompts_twice_and_refuses_a_mismatch(demo_dir, monkeypatch, capsys):
    path = demo_dir / "register.sqlite"
    answers = iter([SECRET, SECRET + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr(sys, "stdin", FakeTTY())
    assert main(["encrypt", str(path)]) == 1
    assert "differ" in capsys.readouterr().err
    assert path.read_bytes().startswith(b"SQLite format 3")
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert main(["encrypt", str(path)]) == 1
    assert "no passphrase given" in capsys.readouterr().err


def test_passphrase_is_never_logged_or_stored(demo_dir, pass_file, capsys, _isolated_data_dir):
    path = demo_dir / "register.sqlite"
    assert main(["encrypt", str(path), "--passphrase-file", str(pass_file(SECRET))]) == 0
    assert main(["status", str(path), "--passphrase-file", str(pass_file("wrong wrong wrong"))]) == 1
    assert main(["backup", str(path), "--passphrase-file", str(pass_file(SECRET))]) == 0
    reg = open_register(path, passphrase=SECRET)
    assert SECRET not in repr(reg)
    assert reg.scalar("SELECT COUNT(*) FROM setting WHERE value LIKE ?", (f"%{SECRET}%",)) == 0
    assert reg.scalar("SELECT COUNT(*) FROM audit WHERE changes LIKE ?", (f"%{SECRET}%",)) == 0
    reg.close()
    for file in _isolated_data_dir.rglob("*"):
        if file.is_file():
            assert SECRET.encode() not in file.read_bytes(), file
    # A passphrase typed where its file belongs is never echoed back.
    assert main(["status", str(path), "--passphrase-file", SECRET]) == 1
    err = capsys.readouterr().err
    assert "cannot read the passphrase file" in err and SECRET not in err
