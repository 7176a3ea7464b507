"""The kill test: a writer killed with SIGKILL at random moments never leaves a broken register.

Each run copies a fresh register, starts `writer_process.py` on it, waits for a
random number of reported commits plus a random short delay, kills it, and
checks the register: it opens, passes integrity_check and foreign_key_check,
and holds every reported change plus either all or none of the one cut short.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from readiness_app.opening import create_register, open_register
from readiness_app.register import cases, migrations
from readiness_app.safety.backup import backup_register, inspect_backup, list_backups

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

WRITER = Path(__file__).with_name("writer_process.py")
SCENARIOS = ("edits", "import", "migration", "backup", "restore")
BASE = migrations.LATEST  # the template's version, before the writer's own migration
RUNS_PER_SCENARIO = 12  # 60 runs in all
CRITERIA, BATCH, PROBE_ROWS = 12, 400, 200000
# The random delay after the awaited line: kept short of how long a commit takes, so kills
# land before, inside and after it; the migration's covers its backup when no line is awaited.
DELAY = {"edits": 0.12, "import": 0.12, "migration": 0.15, "backup": 0.12, "restore": 0.12}


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    root = tmp_path_factory.mktemp("kill-templates")
    (root / "evidence").mkdir()
    reg = create_register(root / "register.sqlite", council="Killshire Council", evidence_folder=root / "evidence")
    reg.close()
    # The backup the restore scenario puts back: same assessment, one extra case.
    reg = open_register(root / "register.sqlite")
    cases.create(reg, "R-BACKUP", criteria=["hospital discharge"])
    backup = backup_register(reg, kind="manual", target=root / "restore-me.sqlite")
    cases.update(reg, cases.find_by_code(reg, "R-BACKUP"), stage="withdrawn")
    reg.conn.execute("DELETE FROM case_criterion")  # back to no links in the live copy
    reg.close()
    return root, backup


def _run_and_kill(scenario: str, folder: Path, extra: list[str], env: dict, lines: int, delay: float) -> int:
    """Start the writer, kill it at a random moment; returns the last commit it reported.

    The moment is set by the writer's own progress, not the clock: wait for `lines`
    progress lines after "ready" (commits; for the migration, "migrating" once the
    backup is made, then "committed 1"), then `delay` seconds. A loaded machine only
    slows the writer down; it cannot move the kill to another stage.
    """
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), scenario, str(folder / "register.sqlite"), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    last = 0
    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        for _ in range(lines):
            line = proc.stdout.readline()
            if not line:  # the writer finished (the migration does)
                break
            if line.startswith("committed"):
                last = int(line.split()[1])
        try:
            proc.wait(timeout=delay)  # no sleep: a bounded wait
        except subprocess.TimeoutExpired:
            pass
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    # Read the rest through the same file object: readline() may already hold later lines in
    # its buffer (a loaded parent falls behind), which communicate() would never see.
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    for line in out.splitlines():  # commits reported before the kill landed
        if line.startswith("committed"):
            last = max(last, int(line.split()[1]))
    assert "Traceback" not in err, err
    return last


def _aim(rng: random.Random, scenario: str, round_number: int) -> tuple[int, float]:
    """(progress lines to wait for, then a random delay): every stage is aimed at in some round."""
    if scenario == "migration":
        lines = round_number % 3  # before the upgrade, inside it, after its commit
    else:
        lines = 0 if round_number % 2 == 0 else rng.randint(1, 3)
    if round_number == 0 and scenario != "migration":
        return lines, 0.0  # right after "ready": before the first commit, however fast the machine
    return lines, rng.uniform(0.0, DELAY[scenario])


def _raw_checks(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def _check(scenario: str, folder: Path, last: int, monkeypatch) -> None:
    path = folder / "register.sqlite"
    _raw_checks(path)
    if scenario == "migration":
        version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
        # The writer appends one migration to the real ones (other branches append theirs too).
        assert version in (BASE, BASE + 1)
        if last:
            assert version == BASE + 1
        monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, "SELECT 1"])
        monkeypatch.setattr(migrations, "LATEST", BASE + 1)
    reg = open_register(path, check="full", migrate=False)
    try:
        if scenario == "edits":
            count = reg.scalar("SELECT COUNT(*) FROM tracked_case WHERE code LIKE 'K%'")
            assert last <= count <= last + 1
            assert reg.scalar("SELECT COUNT(*) FROM case_criterion") == count * CRITERIA
            assert reg.scalar("SELECT COUNT(*) FROM case_qs") == count * 3
            mine = "SELECT CAST(id AS TEXT) FROM tracked_case WHERE code LIKE 'K%'"
            audit_sql = f"SELECT COUNT(*) FROM audit WHERE record_table = 'tracked_case' AND record_id IN ({mine})"
            assert reg.scalar(audit_sql) == count * 3  # insert, criteria, QS: all or nothing
        elif scenario == "import":
            count = reg.scalar("SELECT COUNT(*) FROM evidence WHERE rel_path LIKE 'import/%'")
            assert count % BATCH == 0 and last <= count // BATCH <= last + 1
            assert reg.scalar("SELECT COUNT(*) FROM evidence_qs") == count * 2
            assert reg.scalar("SELECT COUNT(*) FROM audit WHERE record_table = 'evidence'") == count * 2
        elif scenario == "migration":
            tables = {r[0] for r in reg.query("SELECT name FROM sqlite_master")}
            if reg.scalar("PRAGMA user_version") == BASE + 1:
                assert reg.scalar("SELECT COUNT(*) FROM kill_probe") == PROBE_ROWS
                assert "kill_probe_note" in tables
            else:
                assert "kill_probe" not in tables and "kill_probe_note" not in tables
        elif scenario == "restore":
            codes = [r[0] for r in reg.query("SELECT code FROM tracked_case")]
            stage = reg.scalar("SELECT stage FROM tracked_case WHERE code = 'R-BACKUP'")
            links = reg.scalar("SELECT COUNT(*) FROM case_criterion")
            # Either the live copy (withdrawn, no links) or the backup (long list, one link): never a mix.
            assert codes == ["R-BACKUP"] and (stage, links) in {("withdrawn", 0), ("long_list", 1)}
            if last:
                assert (stage, links) == ("long_list", 1)
    finally:
        reg.close()
    for backup in list_backups(path):  # every file under a backup's name is a good register
        assert inspect_backup(backup.path).ok, backup.path


def test_killing_a_writer_at_random_moments_never_breaks_the_register(templates, tmp_path, monkeypatch):
    template_dir, restore_me = templates
    rng = random.Random(20261123)
    env = {**os.environ, "READINESS_DATA_DIR": str(tmp_path / "writer-data")}
    outcomes: dict[str, set] = {s: set() for s in SCENARIOS}
    runs = 0
    for round_number in range(RUNS_PER_SCENARIO):
        for scenario in SCENARIOS:
            folder = tmp_path / f"{scenario}-{round_number}"
            folder.mkdir()
            (folder / "evidence").mkdir()
            shutil.copy2(template_dir / "register.sqlite", folder / "register.sqlite")
            with monkeypatch.context() as patch:
                patch.setattr(migrations, "MIGRATIONS", list(migrations.MIGRATIONS))
                # the template's evidence folder is elsewhere; point it here so the location check is real
                reg = open_register(folder / "register.sqlite", check="off")
                reg.conn.execute("UPDATE assessment SET evidence_folder = ?", (str(folder / "evidence"),))
                reg.close()
                extra = [str(restore_me)] if scenario == "restore" else []
                lines, delay = _aim(rng, scenario, round_number)
                last = _run_and_kill(scenario, folder, extra, env, lines, delay)
                _check(scenario, folder, last, patch)
            if scenario == "migration":
                version = sqlite3.connect(folder / "register.sqlite").execute("PRAGMA user_version").fetchone()[0]
                backed_up = bool(list_backups(folder / "register.sqlite"))
                outcomes[scenario].add("done" if version == BASE + 1 else "cut mid-way" if backed_up else "before")
            else:
                outcomes[scenario].add("after a commit" if last else "before any commit")
            runs += 1
    assert runs >= 50
    # The random moments really varied: kills landed both before and after commits, and
    # some migrations were cut between their backup and their commit.
    for scenario in ("edits", "import", "backup", "restore"):
        assert outcomes[scenario] == {"after a commit", "before any commit"}, (scenario, outcomes[scenario])
    assert {"done", "cut mid-way"} <= outcomes["migration"], outcomes["migration"]
