"""Values and commands that used to hang, mislead or pass unchecked (issue 22, parts 2 and 6)."""

from __future__ import annotations

import time

import pytest

from readiness_app.cli import main
from readiness_app.errors import ReadinessError
from readiness_app.evidence import classify, settings
from readiness_app.interop.exporters import export_schedule
from readiness_app.interop.importers import import_file
from readiness_app.opening import create_register
from readiness_app.register import improvement, indicators, information_return, people, rooms, sessions, snapshots
from readiness_app.register.validation import parse_date

BAD_PATTERN = r"(?i)([a-z]+ ?)*LAIR-\d+"


def _err(capsys) -> str:
    return capsys.readouterr().err


# ---------------------------------------------------------------- the reference pattern


def test_a_pattern_that_backtracks_for_ever_is_refused_when_saved(empty_register):
    with pytest.raises(ReadinessError, match="nested quantifier"):
        settings.save(empty_register, "reference_pattern", BAD_PATTERN)
    assert settings.load(empty_register).reference_pattern is None
    for slow in (r"(\d+)+x", r"(a|ab)*c", r"\d*\d*\d*x", r".*(LAIR-\d+).*"):
        with pytest.raises(ReadinessError, match="could take hours"):
            classify.compile_reference_pattern(slow)
    for fine in (r"(?i)LAIR-(?P<ref>\d+)", r".*(LAIR-\d+)", r"(?:[A-Z]{2}-)*\d+", r"(?>a+)*b"):
        classify.compile_reference_pattern(fine)


def test_scan_with_a_bad_pattern_already_stored_is_refused_at_once(demo_dir, capsys):
    import sqlite3

    with sqlite3.connect(demo_dir / "register.sqlite") as conn:  # as an older release could have stored it
        conn.execute(
            "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (classify.REFERENCE_SETTING, BAD_PATTERN)
        )
    (demo_dir / "evidence" / ("word " * 40 + "report.pdf")).write_bytes(b"%PDF-1.4")
    started = time.perf_counter()
    assert main(["scan", str(demo_dir / "register.sqlite")]) == 1
    assert time.perf_counter() - started < 30  # before: never finished on the 200-character name
    assert "could take hours on one long file name" in _err(capsys)


# ---------------------------------------------------------------- the evidence folder


def test_gathering_into_the_evidence_folder_is_refused(demo_dir, capsys):
    reg = str(demo_dir / "register.sqlite")
    before = sorted(p for p in (demo_dir / "evidence").rglob("*"))
    out = demo_dir / "evidence" / "return.xlsx"
    assert main(["return", "export", reg, "-o", str(out), "--gather", str(demo_dir / "evidence")]) == 1
    assert "cannot be written inside the evidence folder" in _err(capsys)
    assert sorted(p for p in (demo_dir / "evidence").rglob("*")) == before


@pytest.mark.parametrize(
    "command",
    [
        ["return", "export", "{reg}", "-o", "{out}/index.xlsx"],
        ["accuracy", "export", "{reg}", "-o", "{out}/accuracy.xlsx"],
        ["plan", "export", "{reg}", "-o", "{out}/plan.xlsx"],
        ["bulletin", "{reg}", "--for", "2026-12-15", "-o", "{out}/bulletin.txt"],
        ["snapshot", "compare", "{reg}", "Board refresh (summer)", "-o", "{out}/compare.pdf"],
    ],
)
def test_every_export_warns_when_written_into_the_evidence_folder(demo_dir, capsys, command):
    reg, out = str(demo_dir / "register.sqlite"), str(demo_dir / "evidence")
    assert main([part.format(reg=reg, out=out) for part in command]) == 0, capsys.readouterr()
    assert "was written inside the evidence folder" in _err(capsys)


# ---------------------------------------------------------------- a schedule from another register


def test_a_schedule_from_another_register_never_overwrites_sessions_by_bare_id(tmp_path, visit_register, files):
    other = create_register(tmp_path / "other.sqlite", council="Otherton Council", evidence_folder=tmp_path / "ev")
    assert other.path != visit_register.path
    from readiness_app.register import assessment

    assessment.set_visit_days(other, {"2026-05-19": "onsite"})
    sessions.create(other, date="2026-05-19", start="09:00", end="10:00", title="Their opening")
    export_schedule(other, tmp_path / "theirs.xlsx")
    other.close()
    mine = sessions.create(visit_register, date="2026-05-20", start="11:00", end="12:00", title="Our carers group")
    assert mine == 1  # the same bare number as theirs
    result = import_file(visit_register, "sessions", tmp_path / "theirs.xlsx")
    assert [c.key for c in result.created] == ["Tue 19 May 2026 09:00 Their opening"] and not result.updated
    assert any("come from another register's export" in note for note in result.notes)
    assert sessions.get(visit_register, mine)["title"] == "Our carers group"
    # Our own export still matches by id after a move.
    export_schedule(visit_register, tmp_path / "ours.xlsx")
    again = import_file(visit_register, "sessions", tmp_path / "ours.xlsx")
    assert not again.changed and not any("another register" in n for n in again.notes)


def test_the_import_report_names_rooms_not_placeholders(visit_register, files):
    header = ["Date", "Start", "End", "Room", "Title"]
    import_file(
        visit_register, "sessions", files.csv("a.csv", [header, ["19/05/2026", "9:00", "10:00", "Room 1", "T"]])
    )
    moved = files.csv("b.csv", [header, ["19/05/2026", "9:00", "10:00", "Room 9", "T"]])
    result = import_file(visit_register, "sessions", moved, dry_run=True)
    assert [c.changes for c in result.updated] == [{"room": ["Room 1", "Room 9"]}]  # before: room_id 1 -> -1


# ---------------------------------------------------------------- dates, names and numbers


def test_years_outside_1900_to_2100_are_one_clear_line(demo_dir, capsys, tmp_path):
    reg = str(demo_dir / "register.sqlite")
    out = str(tmp_path / "c.pdf")
    cases = [
        (["report", "checklist", reg, "-o", out, "--generated-at", "0001-01-01"], "years run from 1900 to 2100"),
        (["workdays", "9999-12-30", "5"], "years run from 1900 to 2100"),
        (["workdays", "2100-12-20", "10"], "bank holidays are known for 1900 to 2100 only"),
        (["bulletin", reg, "--for", "9999-12-31"], "years run from 1900 to 2100"),
    ]
    for command, words in cases:
        assert main(command) == 1, command
        err = _err(capsys)
        assert words in err and "unexpected" not in err, (command, err)
    with pytest.raises(ReadinessError, match="years run from 1900 to 2100"):
        parse_date("31/12/9999")


def test_a_300_character_file_name_is_one_clear_line(demo_dir, capsys, tmp_path):
    reg = str(demo_dir / "register.sqlite")
    for command in (
        ["report", "checklist", reg, "-o", str(tmp_path / ("x" * 300 + ".pdf"))],
        ["export", "schedule", reg, "-o", str(tmp_path / ("x" * 300 + ".xlsx"))],
        ["import", "cases", reg, str(tmp_path / ("x" * 300 + ".csv"))],
    ):
        assert main(command) == 1, command
        err = _err(capsys)
        assert err.startswith("error: ") and "unexpected" not in err, (command, err)
        assert len(err.splitlines()) <= 2


def test_links_with_credentials_or_control_characters_are_refused(empty_register):
    from readiness_app.register.validation import web_link

    for bad in ("https://user:secret@teams.example/x", "https://teams.example/x\r\nHost: evil", "file:///etc/passwd"):
        with pytest.raises(ReadinessError):
            rooms.check_link(bad)
        with pytest.raises(ReadinessError):
            information_return.check_link(bad)
    with pytest.raises(ReadinessError, match="user name or password"):
        people.create_room(empty_register, "Zoom", virtual=True, link="https://me:pw@zoom.example/j/1")
    assert rooms.check_link("https://teams.example/x") == "https://teams.example/x"
    assert web_link("mailto:lead@example.gov.uk", email=True) == "mailto:lead@example.gov.uk"
    with pytest.raises(ReadinessError):
        web_link("mailto:lead@example.gov.uk")


def test_item_numbers_and_plan_references_cannot_name_folders(empty_register):
    for bad in ("3/2", "../x", "3\\2", "1..2"):
        with pytest.raises(ReadinessError, match="cannot contain"):
            information_return.clean_number(bad)
    assert information_return.clean_number("3.2") == "3.2"
    with pytest.raises(ReadinessError, match="cannot contain"):
        improvement.create(empty_register, description="Train staff", lead="Head of service", reference="../x")


def test_percentages_refused_as_typed_and_never_shown_as_100():
    with pytest.raises(ReadinessError, match=r"^value: 100.0000001 is not a percentage"):
        indicators.parse_number("100.0000001", "value", "%")
    with pytest.raises(ReadinessError, match=r"100.0000001 is not a percentage"):
        indicators.parse_number(100.0000001, "value", "%")
    assert indicators.format_value(99.96, "%") == "99.96%"
    assert indicators.format_value(100.4, "%") == "100.4%"
    assert indicators.format_value(72.5, "%") == "72.5%"


# ---------------------------------------------------------------- snapshots


def test_snapshot_labels_are_unique_and_not_bare_numbers(empty_register):
    snapshots.take(empty_register, "Board review")
    with pytest.raises(ReadinessError, match="(?i)already labelled .board review."):
        snapshots.take(empty_register, "board review")
    with pytest.raises(ReadinessError, match="cannot be just a number"):
        snapshots.take(empty_register, "2")
    taken = snapshots.list_snapshots(empty_register)
    assert [s["label"] for s in taken] == ["Board review"]


def test_snapshot_compare_by_a_shared_label_asks_which(empty_register, capsys):
    import sqlite3

    a = snapshots.take(empty_register, "Board review")
    b = snapshots.take(empty_register, "Later")
    path = str(empty_register.path)
    empty_register.close()
    with sqlite3.connect(path) as conn:  # two with one label, as registers from before this check hold
        conn.execute("DROP TRIGGER IF EXISTS snapshot_read_only")
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='snapshot'"):
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("UPDATE snapshot SET label = 'Board review' WHERE id = ?", (b,))
    assert main(["snapshot", "compare", path, "Board review"]) == 1
    err = _err(capsys)
    assert f"2 snapshots are labelled 'Board review': ids {a}" in err and f"{b} (taken" in err
    assert main(["snapshot", "compare", path, str(a)]) == 0


# ---------------------------------------------------------------- command-line values


def test_outcome_scores_naming_a_statement_twice_is_an_error(demo_dir, capsys):
    reg = str(demo_dir / "register.sqlite")
    assert main(["outcome", "set", reg, "--scores", "QS1=3,QS1=4"]) == 1
    assert "QS1 is given two scores" in _err(capsys)


@pytest.mark.parametrize("last", ["0", "-3"])
def test_audit_last_must_be_one_or_more(demo_dir, capsys, last):
    assert main(["audit", str(demo_dir / "register.sqlite"), "--last", last]) == 1
    assert "must be 1 or more" in _err(capsys)


def test_backup_list_of_a_missing_register_or_a_folder_fails(tmp_path, capsys):
    assert main(["backup", str(tmp_path / "missing.sqlite"), "--list"]) == 1
    assert "register not found" in _err(capsys)
    assert main(["backup", str(tmp_path), "--list"]) == 1
    assert "is a folder" in _err(capsys)
