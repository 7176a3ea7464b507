"""A register written by the first release opens in this one with nothing lost.

`tests/fixtures/register-release1.sqlite` is the demo register exactly as release 1
wrote it. Every migration added since must carry all of its rows forward.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from readiness_app import cli
from readiness_app.register import migrations
from readiness_app.register.cqc_team import ASSESSOR_ROLE

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "register-release1.sqlite"


def _tables_and_rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        names = [
            n
            for (n,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


RELEASE2 = FIXTURE.with_name("register-release2.sqlite")


@pytest.mark.parametrize(("fixture", "version"), [(FIXTURE, 1), (RELEASE2, 4)], ids=["release1", "release2"])
def test_an_earlier_release_register_upgrades_with_every_row_kept(fixture, version, tmp_path, capsys):
    """The demo register as release 1 (schema 1) and release 2 (schema 4) wrote it opens with nothing lost."""
    register = tmp_path / "register.sqlite"
    shutil.copy2(fixture, register)
    before = _tables_and_rows(register)
    assert sqlite3.connect(fixture).execute("PRAGMA user_version").fetchone()[0] == version

    assert cli.main(["status", str(register), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["council"] == "Northmoor County Council"
    assert summary["counts"]["sessions"] == len(before["session"])

    conn = sqlite3.connect(register)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    after = _tables_and_rows(register)
    for table, rows in before.items():
        assert table in after, f"table {table} was dropped"
        # Migrations may add columns: compare each old row on the columns it had.
        width = len(rows[0]) if rows else 0
        kept = sorted((row[:width] for row in after[table]), key=repr)
        if table == "assessor" and version == 1:
            # The CQC team's free-text roles became keys from a fixed list (text not
            # recognised is kept in the notes); ids and names stay as they were.
            assert [r[:2] for r in kept] == [r[:2] for r in rows]
            assert {r[2] for r in kept} <= set(ASSESSOR_ROLE)
        elif table == "audit":
            # Upgrading may append audit entries; every old entry stays as it was.
            assert set(rows) <= set(kept)
        else:
            assert kept == rows, f"rows of {table} changed"
