"""A writer process for the kill test: makes changes and reports each commit on stdout.

Usage: python writer_process.py SCENARIO REGISTER
Every line it prints is flushed at once, so the parent can kill it right after
a given commit. Scenarios:
  edits      one case with 12 criteria and 3 QS per transaction, forever
  import     batches of 400 evidence items with QS links, one transaction each
  migration  upgrade the register with a test-only next version that fills a table;
             says "migrating" once the backup is made and the upgrade starts
  backup     back up the register over and over
  restore    restore a backup over the register over and over
  hold       like `watch` or the app's writer: one connection open for the whole run,
             a case H<n> written every few milliseconds, until the file STOP exists
  commands   N real commands through the command line, one after another, each opening
             and closing the register: `learning add`, `import cases`, and an evidence
             file dropped into EVIDENCE followed by `scan`
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

CRITERIA = [f"criterion-{n:02}" for n in range(12)]
BATCH = 400

# A migration the kill test runs: new table, many rows, and a schema change, in one step.
V2 = """
CREATE TABLE kill_probe (id INTEGER PRIMARY KEY, evidence_id INTEGER REFERENCES evidence(id), note TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
INSERT INTO kill_probe (note) SELECT printf('probe row %d', i) FROM n;
CREATE INDEX kill_probe_note ON kill_probe(note);
"""


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> None:
    scenario, register = sys.argv[1], Path(sys.argv[2])
    from readiness_app.opening import open_register
    from readiness_app.register import cases, migrations, records

    if scenario == "migration":
        migrations.MIGRATIONS.append(V2)
        migrations.LATEST = len(migrations.MIGRATIONS)
        migrate = migrations.migrate

        def migrate_and_say(reg):  # the parent can aim its kill between the backup and the commit
            say("migrating")
            return migrate(reg)

        migrations.migrate = migrate_and_say
        say("ready")
        reg = open_register(register)  # backs up, then migrates in one transaction
        say("committed 1")
        reg.close()
        return
    if scenario == "hold":
        hold(register, Path(sys.argv[3]))
        return
    if scenario == "commands":
        commands(register, Path(sys.argv[3]), int(sys.argv[4]))
        return
    reg = open_register(register, source="cli")
    say("ready")
    n = 0
    while True:
        n += 1
        if scenario == "edits":
            cases.create(reg, f"K{n:05}", criteria=CRITERIA, qs=["QS1", "QS4", "QS7"], team="Hospital team")
        elif scenario == "import":
            with reg.transaction("import"):
                for i in range(BATCH):
                    item = records.insert(
                        reg,
                        "evidence",
                        {"rel_path": f"import/{n:04}/{i:04}.pdf", "title": f"Imported {n}/{i}",
                         "added_at": "2026-11-23T09:00:00+00:00", "status": "accepted"},
                    )  # fmt: skip
                    records.set_links(
                        reg, "evidence_qs", "evidence_id", item, "qs", ["QS2", "QS8"],
                        audit_table="evidence", audit_field="qs",
                    )  # fmt: skip
        elif scenario == "backup":
            from readiness_app.safety.backup import backup_register

            backup_register(reg, kind="auto")
        elif scenario == "restore":
            from readiness_app.safety.backup import restore_backup

            reg.close()
            restore_backup(sys.argv[3], register, force=True)
            reg = open_register(register, source="cli")
        say(f"committed {n}")


def hold(register: Path, stop: Path) -> None:
    import os
    import time

    from readiness_app.opening import open_register
    from readiness_app.register import cases

    passphrase = os.environ.get("READINESS_TEST_PASSPHRASE")  # an encrypted register's, for the test only
    reg = open_register(register, source="app", passphrase=passphrase)
    # The app also keeps read connections open in the same process, opened after the writer.
    reader = open_register(register, readonly=True, source="app", check=False, passphrase=passphrase)
    say("ready")
    n = 0
    while not stop.exists():
        n += 1
        cases.create(reg, f"H{n:05}", criteria=["hospital discharge"])
        say(f"committed {n}")
        reader.scalar("SELECT COUNT(*) FROM tracked_case")
        time.sleep(0.005)  # pacing, so the other process's commands interleave with these writes
    reader.close()
    reg.close()
    say("closed")


def commands(register: Path, evidence: Path, count: int) -> None:
    from readiness_app.cli import main as run

    for n in range(1, count + 1):
        kind = n % 3
        if kind == 0:
            argv = ["learning", "add", str(register), "--went-well", f"cli entry {n}", "--date", "2026-11-20"]
        elif kind == 1:
            csv = register.with_name(f"cases-{n}.csv")
            csv.write_text(f"Case code,Team\nC{n:05},Hospital team\n", encoding="utf-8")
            argv = ["import", "cases", str(register), str(csv)]
        else:
            (evidence / f"dropped-{n:05}.txt").write_text(f"evidence {n}", encoding="utf-8")
            argv = ["scan", str(register)]
        code = run(argv)
        if code != 0:
            raise SystemExit(f"{argv[:2]} exited {code}")
        say(f"done {n}")


if __name__ == "__main__":
    main()
