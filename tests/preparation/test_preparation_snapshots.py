"""Self-assessment snapshots: taken by hand, before imports and the visit; read-only; compared."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from readiness_app.cli import main
from readiness_app.opening import open_register
from readiness_app.register import assessment, migrations, self_assessment, snapshots

FIXTURE = Path(__file__).parents[1] / "fixtures" / "register-release1.sqlite"


def _board_refresh(reg) -> int:
    self_assessment.update(reg, "QS1", score=2, target=3, narrative="Waiting lists are long and growing.")
    self_assessment.update(reg, "QS7", score=3, published_score=2, strengths="A steady safeguarding hub.")
    first = snapshots.take(reg, "Q1 board refresh", today=date(2026, 6, 30))
    self_assessment.update(reg, "QS1", score=3, narrative="Waiting lists are shorter and falling.")
    return first


def test_snapshot_keeps_every_column_and_is_read_only(empty_register):
    first = _board_refresh(empty_register)
    snap = snapshots.get(empty_register, "Q1 board refresh")
    assert snap["id"] == first and snap["taken_on"] == "2026-06-30"
    assert set(snap["content"]) == {f"QS{n}" for n in range(1, 10)}
    assert snap["content"]["QS1"]["narrative"] == "Waiting lists are long and growing."
    assert snap["content"]["QS2"]["score"] is None
    with pytest.raises(sqlite3.IntegrityError, match="cannot be changed"), empty_register.transaction():
        empty_register.conn.execute("UPDATE snapshot SET label = 'changed'")
    assert snapshots.get(empty_register, first)["label"] == "Q1 board refresh"


def test_compare_with_now_scores_word_diff_and_cqc_baseline(empty_register):
    first = _board_refresh(empty_register)
    result = snapshots.compare(empty_register, first)
    qs1 = result["statements"][0]
    assert (qs1["score_a"], qs1["score_b"], qs1["score_change"]) == (2, 3, 1)
    narrative = next(f for f in qs1["fields"] if f["field"] == "narrative")
    assert narrative["diff"] == [
        ("same", "Waiting lists are "),
        ("removed", "long "),
        ("added", "shorter "),
        ("same", "and "),
        ("removed", "growing."),
        ("added", "falling."),
    ]
    qs7 = result["statements"][6]
    assert not qs7["changed"] and qs7["against_published"] == 1
    assert snapshots.baseline_text(qs7["score_b"], qs7["published"]) == "up 1 on CQC's 2"
    assert result["changed"] == 1


def test_comparison_pdf_for_a_board_paper(empty_register, tmp_path, capsys):
    first = _board_refresh(empty_register)
    second = snapshots.take(empty_register, "Q2 refresh")
    register = str(empty_register.path)
    empty_register.close()
    out = tmp_path / "compare.pdf"
    assert main(["snapshot", "compare", register, str(first), "Q2 refresh", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "QS1: score 2 -> 3; text: narrative" in printed and "1 of 9 quality statements changed" in printed
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
    assert "Scores against CQC's published baseline" in text
    assert "up 1 on CQC's 2" in text
    assert "QS1 Assessing needs" in text and "shorter and falling." in text and "long and growing." in text
    assert main(["snapshot", "compare", register, str(second), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["changed"] == 0
    assert main(["snapshot", "compare", register, "no such label"]) == 1
    assert "no snapshot 'no such label'" in capsys.readouterr().err


def test_cli_take_and_list(empty_register, capsys):
    register = str(empty_register.path)
    empty_register.close()
    assert main(["snapshot", "take", register, "--label", "Annual refresh 2026"]) == 0
    assert main(["snapshot", "list", register, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert [(r["label"], r["reason"]) for r in rows] == [("Annual refresh 2026", "manual")]


def test_automatic_snapshot_before_an_import_only_when_something_changed(empty_register, tmp_path):
    from readiness_app.interop.importers import import_file

    path = tmp_path / "cases.csv"
    path.write_text("Case code,Team\nTS-1,Front Door\n", encoding="utf-8")
    import_file(empty_register, "cases", path)
    path.write_text("Case code,Team\nTS-2,Front Door\n", encoding="utf-8")
    import_file(empty_register, "cases", path)
    reasons = [r["reason"] for r in snapshots.list_snapshots(empty_register)]
    assert reasons == ["before_import"]  # the second import found the self-assessment unchanged
    self_assessment.update(empty_register, "QS3", score=2)
    path.write_text("Case code,Team\nTS-3,Front Door\n", encoding="utf-8")
    import_file(empty_register, "cases", path)
    assert len(snapshots.list_snapshots(empty_register)) == 2


def test_snapshot_before_the_visit_on_first_open_from_the_first_day(empty_register):
    assessment.set_visit_days(empty_register, {"2026-12-15": "onsite", "2026-12-16": "onsite"})
    assert snapshots.take_before_visit_if_due(empty_register, date(2026, 12, 14)) is None
    taken = snapshots.take_before_visit_if_due(empty_register, date(2026, 12, 15))
    assert snapshots.get(empty_register, taken)["reason"] == "before_visit"
    assert snapshots.take_before_visit_if_due(empty_register, date(2026, 12, 16)) is None  # once only


def test_first_release_register_opens_with_the_new_tables_and_keeps_its_rows(tmp_path):
    copy = tmp_path / "register.sqlite"
    shutil.copy2(FIXTURE, copy)
    old = sqlite3.connect(copy)
    counts = {
        t: old.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("evidence", "session", "self_assessment")
    }
    old.close()
    reg = open_register(copy, check="off")
    try:
        assert reg.scalar("PRAGMA user_version") == migrations.LATEST
        for table, n in counts.items():
            assert reg.scalar(f"SELECT COUNT(*) FROM {table}") == n
        for table in ("return_item", "return_answer", "indicator", "snapshot", "rating_characteristic"):
            assert reg.scalar(f"SELECT COUNT(*) FROM {table}") == 0
        assert snapshots.take(reg, "After the upgrade")
    finally:
        reg.close()


def test_rating_characteristics_example_then_loaded_with_source_and_status(empty_register, sheet, capsys):
    from readiness_app.register import rating_characteristics

    shipped = rating_characteristics.for_qs(empty_register, "QS7")
    assert [c["score"] for c in shipped] == [2, 3] and {c["status"] for c in shipped} == {"example"}
    assert "Example written for readiness-app" in shipped[0]["source"]
    rows = [["QS", "Rating", "Description"], ["Safeguarding", 1, "Words one"], ["QS7", 4, "Words four"]]
    path = sheet("rubric.xlsx", rows)
    register = str(empty_register.path)
    empty_register.close()
    assert (
        main(["characteristics", "load", register, str(path), "--source", "CQC, March 2026", "--status", "draft"]) == 0
    )
    assert "loaded 2 rating characteristics" in capsys.readouterr().out
    bad = sheet("bad.csv", [["QS", "Score", "Description"], ["QS7", "5", "x"], ["QS7", "1", ""]])
    assert main(["characteristics", "load", register, str(bad), "--source", "x", "--status", "final"]) == 1
    err = capsys.readouterr().err
    assert (
        "row 2: Score: '5' is not a score from 1 to 4" in err and "row 3: Description: the description is blank" in err
    )
    reg = open_register(register)
    try:
        loaded = rating_characteristics.for_qs(reg, "QS7")
        assert [(c["score"], c["description"], c["source"], c["status"]) for c in loaded] == [
            (1, "Words one", "CQC, March 2026", "draft"),
            (4, "Words four", "CQC, March 2026", "draft"),
        ]
        assert rating_characteristics.for_qs(reg, "QS1") == []  # the loaded set replaces the example
    finally:
        reg.close()


def test_the_demo_shows_the_return_the_figures_and_the_snapshots(demo_register):
    from readiness_app.register import indicators
    from readiness_app.register import information_return as ir

    counts = ir.counts(demo_register)
    assert counts["total"] == 30 and counts["unanswered"] == 4 and counts["missing_files"] == 1
    kinds = {r[0] for r in demo_register.query("SELECT DISTINCT kind FROM return_answer")}
    assert kinds == {"evidence", "section", "link", "not_held"}
    figures = indicators.list_indicators(demo_register, today=date(2026, 11, 23))
    assert len(figures) == 30 and {f["qs"] for f in figures} == {f"QS{n}" for n in range(1, 10)}
    # Only the monthly figures left untouched for months are stale: annual ones (ASCOF, surveys) wait for the next.
    assert sum(f["stale"] for f in figures) == 2 and any(f["england"] is not None for f in figures)
    assert {f["trend"] for f in figures} == {"improving", "worsening"}
    labels = [s["label"] for s in snapshots.list_snapshots(demo_register)]
    assert {"Board refresh (summer)", "Sent with the information return"} <= set(labels)
    assert snapshots.compare(demo_register, "Board refresh (summer)")["changed"] == 3


def test_framework_file_rating_characteristics_are_checked():
    import tomllib

    from readiness_app.errors import ValidationErrors
    from readiness_app.framework.model import DEFAULT_FRAMEWORK, parse_framework

    data = tomllib.loads(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))
    shipped = parse_framework(data).characteristics
    assert shipped and all(c.status == "example" and "readiness-app" in c.source for c in shipped)
    data["rating_characteristics"].append({"qs": "QS12", "score": 5, "description": "", "status": "maybe"})
    with pytest.raises(ValidationErrors) as caught:
        parse_framework(data, "custom.toml")
    assert any("rating characteristic 5" in line for line in caught.value.lines())
