"""A writer process for the kill test: makes changes and reports each commit on stdout.

Usage: python writer_process.py SCENARIO REGISTER
Every line it prints is flushed at once, so the parent can kill it right after
a given commit. Scenarios:
  edits      one case with 12 criteria and 3 QS per transaction, forever
  import     batches of 400 evidence items with QS links, one transaction each
  migration  upgrade the register with a test-only next version that fills a table
  backup     back up the register over and over
  restore    restore a backup over the register over and over
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
    from readiness_app.register import cases, migrations, records
    from readiness_app.register.connection import open_register

    if scenario == "migration":
        migrations.MIGRATIONS.append(V2)
        migrations.LATEST = len(migrations.MIGRATIONS)
        say("ready")
        reg = open_register(register)  # backs up, then migrates in one transaction
        say("committed 1")
        reg.close()
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
            reg.backup(kind="auto")
        elif scenario == "restore":
            from readiness_app.safety.backup import restore_backup

            reg.close()
            restore_backup(sys.argv[3], register, force=True)
            reg = open_register(register, source="cli")
        say(f"committed {n}")


if __name__ == "__main__":
    main()
