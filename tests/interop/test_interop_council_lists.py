"""People, case and evidence lists as councils' own systems export them, and a mapping kept for next week."""

from __future__ import annotations

import json

import pytest

from readiness_app.cli import main
from readiness_app.errors import ReadinessError
from readiness_app.interop.importers import import_file
from readiness_app.interop.mapping import ImportOptions, load_mapping, parse_map, save_mapping
from readiness_app.register import cases, evidence, people, sessions


def test_hr_staff_list(empty_register, files):
    rows = [
        ["Adult Social Care establishment report", "", "", "", "", "", ""],
        ["Run 03/11/2026 09:14 by HR Systems", "", "", "", "", "", ""],
        [],
        ["Employee No", "Surname", "Forename", "Job Title", "Service Area", "Employer", "Work email"],
        ["100234", "Okafor", "Harriet", "Team Manager", "Front Door", "Testshire Council", "h.okafor@example.gov.uk"],
        ["100235", "Iqbal", "Rhys", "Senior Practitioner", "Hospital Discharge", "Testshire Council", ""],
        ["", "", "", "", "", "", ""],
        ["200117", "Pritchard", "Grace", "Head of Commissioning", "", "Testshire ICB", ""],
    ]
    result = import_file(empty_register, "people", files.xlsx("establishment.xlsx", {"Staff": rows}))
    got = {p["name"]: (p["role"], p["team"], p["organisation"], p["kind"]) for p in people.list_people(empty_register)}
    assert got == {
        "Harriet Okafor": ("Team Manager", "Front Door", "Testshire Council", "staff"),
        "Rhys Iqbal": ("Senior Practitioner", "Hospital Discharge", "Testshire Council", "staff"),
        "Grace Pritchard": ("Head of Commissioning", "", "Testshire ICB", "partner"),
    }
    assert "columns not used: Employee No" in result.notes  # people have no notes: nothing kept
    emails = {p["name"]: p["email"] for p in people.list_people(empty_register)}
    assert emails["Harriet Okafor"] == "h.okafor@example.gov.uk" and emails["Rhys Iqbal"] == ""  # for invitations
    assert result.sheets == ["sheet 'Staff': read 3 rows under the header on row 4"]


def test_case_management_export(empty_register, files):
    rows = [
        ["CASE SELECTION EXPORT - OFFICIAL-SENSITIVE"],
        ["Client ref", "Team/Service", "Reason for selection", "Allocated worker", "Consent", "Focus"],
        ["MOS-1001", "Hospital Discharge", "hospital discharge; carer", "RI", "Yes", "QS1"],
        ["MOS-1002", "Transitions", "transitions", "HO", "Pending", "QS6"],
        ["Client ref", "Team/Service", "Reason for selection", "Allocated worker", "Consent", "Focus"],
        ["MOS-1003", "Mental Health", "mental health", "", "", "Safeguarding"],
    ]
    result = import_file(empty_register, "cases", files.csv("mosaic.csv", rows))
    got = {c["code"]: c for c in cases.list_cases(empty_register)}
    assert sorted(got) == ["MOS-1001", "MOS-1002", "MOS-1003"]
    assert got["MOS-1001"]["team"] == "Hospital Discharge" and got["MOS-1001"]["consent"] == "given"
    assert sorted(got["MOS-1001"]["criteria"]) == ["carer", "hospital discharge"]
    assert got["MOS-1002"]["consent"] == "requested" and got["MOS-1003"]["qs"] == ["QS7"]
    assert got["MOS-1001"]["notes"] == "Allocated worker: RI" and got["MOS-1003"]["notes"] == ""
    assert "columns Allocated worker were added to each row's notes" in result.notes
    assert result.sheets == ["mosaic.csv: read 3 rows under the header on row 2; skipped 1 repeated header row"]


def test_evidence_details_with_a_title_and_other_headings(demo_register, files):
    item = evidence.list_items(demo_register)[0]
    rows = [
        ["Local authority information return – evidence list"],
        [],
        ["Evidence no", "Document name", "File", "Theme", "Responsible officer", "RAG"],
        ["LAIR-900", "Strategy refresh", item["rel_path"], "QS2", "Head of Strategy", "Green"],
    ]
    result = import_file(demo_register, "evidence", files.csv("lair.csv", rows))
    after = evidence.get(demo_register, item["id"])
    assert (after["reference"], after["title"], after["owner"]) == ("LAIR-900", "Strategy refresh", "Head of Strategy")
    assert after["qs"] == ["QS2"] and after["notes"].endswith("RAG: Green")
    assert len(result.updated) == 1


def test_mapping_parsed_saved_and_loaded(tmp_path):
    columns = parse_map("sessions", "Meeting=title, Venue=room,Who=attendees,Ref=ignore,CQC=cqc team")
    assert columns == {"Meeting": "title", "Venue": "room", "Who": "people", "Ref": "ignore", "CQC": "assessors"}
    options = ImportOptions(sheet="all", header_row=3, columns=columns, date="2026-05-19")
    for name in ("m.toml", "m.json"):
        save_mapping(tmp_path / name, "sessions", options)
        assert load_mapping("sessions", tmp_path / name) == options
    with pytest.raises(ReadinessError, match="'banana' is not a field of the sessions import"):
        parse_map("sessions", "Room=banana")
    with pytest.raises(ReadinessError, match="a mapping for a sessions import, not cases"):
        load_mapping("cases", tmp_path / "m.toml")


def _weekly(files, name: str, title: str) -> str:
    rows = [["Week 21 plan"], [], ["When", "Slot", "What", "Where", "Who", "Ref"],
            ["19/05/2026", "09:00 - 10:00", title, "Room 1", "Jane Smith", "A1"]]  # fmt: skip
    return str(files.csv(name, rows))


def test_a_mapping_on_the_command_line_saved_and_reused(visit_register, files, tmp_path, capsys):
    reg_path = str(visit_register.path)
    visit_register.close()
    first = _weekly(files, "week1.csv", "Induction")
    assert main(["import", "sessions", reg_path, first]) == 1
    assert "no header row with the columns 'Title'" in capsys.readouterr().err
    mapping = str(tmp_path / "weekly.toml")
    args = ["--header-row", "3", "--map", "When=date,Slot=time,What=title,Where=room,Who=attendees,Ref=ignore"]
    assert main(["import", "sessions", reg_path, first, *args, "--save-mapping", mapping, "--dry-run"]) == 0
    assert "would create 1" in capsys.readouterr().out
    second = _weekly(files, "week2.csv", "Follow-up")
    assert main(["import", "sessions", reg_path, second, "--mapping", mapping, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and [c["key"] for c in data["created"]] == ["Tue 19 May 2026 09:00 Follow-up"]
    from readiness_app.opening import open_register

    reg = open_register(reg_path, readonly=True)
    try:
        got = [
            (s["title"], s["room"], [p["name"] for p in s["people"]], s["notes"]) for s in sessions.list_sessions(reg)
        ]
    finally:
        reg.close()
    assert got == [("Follow-up", "Room 1", ["Jane Smith"], "")]  # "Ref" ignored, not put in the notes


def test_dry_run_lists_new_rooms_and_cqc_team(visit_register, files, capsys):
    rows = [["Date", "Time", "Title", "Venue", "CQC team", "Attendees"],
            ["19/05/2026", "09:00 - 10:00", "A", "Room 9", "Kim Lee (Inspector)", "Zed Ade – Manager"],
            ["19/05/2026", "10:00 - 11:00", "B", "ROOM  9", "kim lee", ""]]  # fmt: skip
    reg_path = str(visit_register.path)
    visit_register.close()
    assert main(["import", "sessions", reg_path, str(files.csv("t.csv", rows)), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "new people: Zed Ade" in out and "new rooms: Room 9" in out and "new CQC team: Kim Lee" in out
    assert "note: new room 'Room 9', first named on row 2" in out
    assert "note: new CQC team member 'Kim Lee' (Inspector), first named on row 2" in out


def test_problems_as_json_name_the_sheet(visit_register, files, capsys):
    header = ["Time", "Title"]
    path = files.xlsx(
        "t.xlsx", {"Day 1": [header, ["10:00 - 09:00", "Backwards"]], "Day 2": [header, ["9-10am", "Fine"]]}
    )
    reg_path = str(visit_register.path)
    visit_register.close()
    assert main(["import", "sessions", reg_path, str(path), "--sheet", "all", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == [
        {"sheet": "Day 1", "row": 2, "column": "Time", "message": "the session ends (09:00) before it starts (10:00)"}
    ]
    assert main(["import", "sessions", reg_path, str(path), "--sheet", "Day 2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["key"] for c in data["created"]] == ["Wed 20 May 2026 09:00 Fine"]
    assert data["sheets"] == [
        "sheet 'Day 2': read 1 row under the header on row 1, date Wed 20 May 2026 (from the sheet name)"
    ]
