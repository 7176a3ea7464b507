"""The audit trail: append-only, and exported with `audit`."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from readiness_app.cli import main
from readiness_app.opening import open_register
from readiness_app.register import audit, cases


def test_audit_trail_refuses_edits_and_deletes(demo_register):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        demo_register.conn.execute("UPDATE audit SET source = 'tampered'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        demo_register.conn.execute("DELETE FROM audit")
    assert demo_register.scalar("SELECT COUNT(*) FROM audit WHERE source = 'tampered'") == 0


def test_entries_filter_by_date_table_and_count(demo_register):
    total = demo_register.scalar("SELECT COUNT(*) FROM audit")
    assert len(audit.entries(demo_register)) == total
    demo_register.conn.execute(
        "INSERT INTO audit (at, source, record_table, record_id, action, changes) "
        "VALUES ('2020-01-01T10:00:00+00:00', 'cli', 'gap', '1', 'update', '{}')"
    )
    since = audit.entries(demo_register, since="01/01/2021")
    assert len(since) == total and all(e["at"] >= "2021-01-01" for e in since)
    case_id = cases.create(demo_register, "AUD-1", notes="private words")
    rows = audit.entries(demo_register, table="tracked_case")
    assert rows[-1]["record_id"] == str(case_id) and rows[-1]["changes"]["notes"] == [None, "(changed)"]
    last = audit.entries(demo_register, limit=2)
    assert [r["id"] for r in last] == sorted(r["id"] for r in last) and last[-1]["id"] == rows[-1]["id"]


def test_audit_command_prints_json_and_csv(demo_dir, tmp_path, capsys):
    path = demo_dir / "register.sqlite"
    reg = open_register(path)
    cases.create(reg, "AUD-2", stage="shortlisted")
    reg.close()
    assert main(["audit", str(path), "--json", "--table", "tracked_case", "--last", "3"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3 and rows[-1]["changes"]["code"] == [None, "AUD-2"]
    assert main(["audit", str(path), "--since", "2000-01-01"]) == 0
    out = capsys.readouterr().out
    assert "When (UTC)" in out and "AUD-2" in out
    target = tmp_path / "audit.csv"
    assert main(["audit", str(path), "-o", str(target)]) == 0
    with open(target, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == list(audit.COLUMNS) and len(table) > 100
    assert json.loads(table[-1][6])  # changes stay machine-readable
    assert main(["audit", str(path), "--since", "31/02/2024"]) == 1
    assert "since" in capsys.readouterr().err
