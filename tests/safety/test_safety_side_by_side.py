"""Two programs, one register: a holder (like `watch` or the app's writer) keeps the
register open and writes all the time, while another process runs real commands.

Opening or closing the register file with plain file I/O in a process that has an
SQLite connection to it drops all that process's locks on it (POSIX advisory locks
belong to the process). The next program to close then thinks it is the last one,
checkpoints and deletes the -wal and -shm from under the holder, whose later writes
are lost. These tests run the real thing in separate processes.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from readiness_app.opening import create_register

WRITER = Path(__file__).with_name("writer_process.py")
COMMANDS = 60  # 20 each of `learning add`, `import cases`, and an evidence drop + `scan`


@pytest.fixture
def register(tmp_path) -> Path:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    create_register(tmp_path / "register.sqlite", council="Sidebyside Council", evidence_folder=evidence).close()
    return tmp_path / "register.sqlite"


def _python_path(first: Path) -> str:
    """`first`, then whatever the caller had (tests/any_date.sh puts its time fix there)."""
    return os.pathsep.join(filter(None, [str(first), os.environ.get("PYTHONPATH")]))


def _start(*args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WRITER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def _deleted_journals(pid: int) -> list[str]:
    """The holder's open descriptors that point at a -wal or -shm file deleted under it (Linux's /proc;
    elsewhere the test still proves the outcome: integrity and every write from both sides)."""
    found: list[str] = []
    if not Path(f"/proc/{pid}/fd").is_dir():
        return found
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if ("-wal" in target or "-shm" in target) and target.endswith("(deleted)"):
            found.append(target)
    return found


def test_commands_beside_a_program_holding_the_register_lose_nothing(register, tmp_path):
    env = {**os.environ, "READINESS_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": _python_path(Path.cwd())}
    stop = tmp_path / "STOP"
    holder = _start("hold", str(register), str(stop), env=env)
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        other = subprocess.run(
            [sys.executable, str(WRITER), "commands", str(register), str(tmp_path / "evidence"), str(COMMANDS)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert other.returncode == 0, other.stderr
        assert f"done {COMMANDS}" in other.stdout
        assert "Traceback" not in other.stderr, other.stderr
        deleted = _deleted_journals(holder.pid)  # while the holder is still running
        stop.touch()
        out, err = holder.communicate(timeout=60)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.communicate()
    assert deleted == [], "the -wal/-shm were deleted while a connection was open"
    assert holder.returncode == 0 and "Traceback" not in err, err
    held = [int(line.split()[1]) for line in out.splitlines() if line.startswith("committed")]
    assert held and out.splitlines()[-1] == "closed"

    conn = sqlite3.connect(register)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        codes = {r[0] for r in conn.execute("SELECT code FROM tracked_case")}
        assert {f"H{n:05}" for n in range(1, max(held) + 1)} <= codes  # every holder write is there
        imported = {f"C{n:05}" for n in range(1, COMMANDS + 1) if n % 3 == 1}
        assert imported <= codes
        notes = {r[0] for r in conn.execute("SELECT went_well FROM learning_entry")}
        assert notes == {f"cli entry {n}" for n in range(1, COMMANDS + 1) if n % 3 == 0}
        dropped = {r[0] for r in conn.execute("SELECT rel_path FROM evidence WHERE rel_path LIKE '%dropped-%'")}
        assert {Path(p).name for p in dropped} == {f"dropped-{n:05}.txt" for n in range(1, COMMANDS + 1) if n % 3 == 2}
    finally:
        conn.close()


def _holding(register: Path, tmp_path: Path, passphrase: str | None = None) -> tuple[subprocess.Popen, Path]:
    env = {**os.environ, "READINESS_DATA_DIR": str(tmp_path / "holder-data"), "PYTHONPATH": _python_path(Path.cwd())}
    if passphrase:
        env["READINESS_TEST_PASSPHRASE"] = passphrase
    stop = tmp_path / "STOP"
    holder = _start("hold", str(register), str(stop), env=env)
    assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
    return holder, stop


def _let_go(holder: subprocess.Popen, stop: Path) -> int:
    """Stop the holder; returns the number of its last write."""
    stop.touch()
    out, err = holder.communicate(timeout=60)
    assert holder.returncode == 0, err
    return max(int(line.split()[1]) for line in out.splitlines() if line.startswith("committed"))


def _codes(register: Path) -> set[str]:
    conn = sqlite3.connect(register)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {r[0] for r in conn.execute("SELECT code FROM tracked_case")}
    finally:
        conn.close()


def test_exclusive_operations_refuse_while_another_program_has_the_register_open(
    register, tmp_path, capsys, monkeypatch
):
    from readiness_app.cli import main
    from readiness_app.opening import open_register
    from readiness_app.register import migrations
    from readiness_app.safety.backup import backup_register

    reg = open_register(register)
    saved = backup_register(reg, kind="manual")
    reg.close()
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text("correct horse battery", encoding="utf-8")
    holder, stop = _holding(register, tmp_path)
    try:
        for argv in (
            ["restore", str(saved), str(register), "--force"],
            ["encrypt", str(register), "--passphrase-file", str(passphrase)],
        ):
            assert main(argv) == 1
            err = capsys.readouterr().err
            assert err.count("\n") == 2, err  # one line, one hint
            assert "is open in another program" in err and "nothing was changed" in err, err
            assert "close the desktop app" in err
        # A schema upgrade on open is refused the same way, before its backup is taken.
        monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, "CREATE TABLE probe (id INTEGER)"])
        monkeypatch.setattr(migrations, "LATEST", len(migrations.MIGRATIONS))
        assert main(["learning", "add", str(register), "--went-well", "after upgrade"]) == 1
        err = capsys.readouterr().err
        assert "cannot be upgraded to this version of readiness-app now" in err, err
    finally:
        last = _let_go(holder, stop) if holder.poll() is None else 0
    assert {f"H{n:05}" for n in range(1, last + 1)} <= _codes(register)  # the holder's writes all survived
    assert sqlite3.connect(register).execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST - 1
    # Once the other program has let go, the same operations go ahead.
    assert main(["learning", "add", str(register), "--went-well", "after upgrade"]) == 0
    assert sqlite3.connect(register).execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert main(["restore", str(saved), str(register), "--force"]) == 0
    assert not any(code.startswith("H") for code in _codes(register))


def test_decrypting_or_rekeying_refuses_while_another_program_has_the_register_open(register, tmp_path, capsys):
    from readiness_app.cli import main
    from readiness_app.safety import encryption

    secret = "correct horse battery"
    encryption.encrypt_register(register, secret)
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(secret + "\n", encoding="utf-8")
    new.write_text("another long passphrase\n", encoding="utf-8")
    holder, stop = _holding(register, tmp_path, passphrase=secret)
    try:
        for argv in (
            ["decrypt", str(register), "--passphrase-file", str(old)],
            ["encrypt", str(register), "--passphrase-file", str(old), "--new-passphrase-file", str(new)],
        ):
            assert main(argv) == 1
            err = capsys.readouterr().err
            assert "is open in another program" in err and "nothing was changed" in err, err
    finally:
        last = _let_go(holder, stop) if holder.poll() is None else 0
    assert encryption.is_encrypted(register)
    assert main(["decrypt", str(register), "--passphrase-file", str(old)]) == 0
    assert {f"H{n:05}" for n in range(1, last + 1)} <= _codes(register)  # decrypted, with every write kept


def test_a_register_busy_with_another_writer_waits_then_says_so_in_one_line(register, capsys, monkeypatch):
    from readiness_app.cli import main
    from readiness_app.register import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 300)  # the real wait is 5 s
    writer = subprocess.Popen(
        [sys.executable, "-c", LOCK_AND_WAIT, str(register)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "locked"
        assert main(["learning", "add", str(register), "--went-well", "while busy"]) == 1
    finally:
        writer.communicate("", timeout=30)
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"error: the register {register} is busy: another program is writing to it",
        "hint: wait a moment and try again; if it stays busy, finish or close the other program "
        "(the desktop app, `watch`, or a command still running)",
    ]
    assert main(["learning", "add", str(register), "--went-well", "after"]) == 0  # the writer has finished
    conn = sqlite3.connect(register)
    assert [r[0] for r in conn.execute("SELECT went_well FROM learning_entry")] == ["after"]
    conn.close()


# Another program in the middle of a write: it holds SQLite's write lock until told to finish.
LOCK_AND_WAIT = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO setting (key, value) VALUES ('busy-probe', 'x')")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""
