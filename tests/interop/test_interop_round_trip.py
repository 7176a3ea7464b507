"""An exported schedule or evidence index imports back as "no change", formula guard and all."""

from __future__ import annotations

import pytest

from readiness_app.interop.columns import cell_text
from readiness_app.interop.exporters import export_evidence_index, export_schedule, neutralise
from readiness_app.interop.importers import import_file
from readiness_app.register import evidence, sessions

RISKY = ["=SUM(A1)", "+44 line", "-minus", "@mention", "\tTabbed", "'=quoted already", "plain"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exported_schedule_reimports_with_no_change(visit_register, tmp_path, fmt):
    reg = visit_register
    ids = [
        sessions.create(reg, date="2026-05-19", start=f"{9 + n}:00", end=f"{9 + n}:45", title=title, notes=title)
        for n, title in enumerate(RISKY)
    ]
    out = tmp_path / f"schedule.{fmt}"
    export_schedule(reg, out)
    result = import_file(reg, "sessions", out)
    assert result.created == [] and result.updated == [], [c.as_dict() for c in result.updated]
    assert result.unchanged == len(RISKY)
    assert [sessions.get(reg, i)["title"] for i in ids] == [t.strip() for t in RISKY]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exported_evidence_index_reimports_with_no_change(empty_register, tmp_path, fmt):
    reg = empty_register
    names = ["+plus.pdf", "=equals.pdf", "-minus.pdf", "@at.pdf", "\ttab.pdf", "'=odd.pdf", "QS1/normal.pdf"]
    for n, name in enumerate(names):
        evidence.create(reg, name, qs=["QS1"], category="processes", title=f"-Title {n}", sha256=f"{n:064x}")
    out = tmp_path / f"index.{fmt}"
    export_evidence_index(reg, out)
    result = import_file(reg, "evidence", out)
    assert result.updated == [], [c.as_dict() for c in result.updated]
    assert result.unchanged == len(names)


def test_the_guard_and_its_undoing_are_exact_inverses():
    for text in RISKY + ["'", "'plain", "''=x", "="]:
        assert cell_text(neutralise(text)) == text
    assert neutralise("'=already") == "''=already"
    assert cell_text("'\tTabbed") == "\tTabbed"
    assert cell_text("'plain") == "'plain"  # an apostrophe the guard did not add stays
