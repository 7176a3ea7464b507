"""Timetables as councils build them: title rows, one sheet per day, times and people in one cell."""

from __future__ import annotations

import openpyxl
import pytest

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop.importers import import_file
from readiness_app.interop.mapping import ImportOptions
from readiness_app.register import people, sessions

HEADER = ["Time", "Session", "Format", "Venue", "Focus", "CQC colleagues", "Attendees", "Notes"]


def _day(title: str, rows: list[list], *, lunch: bool = False, repeat_header: bool = False) -> list[list]:
    body = [[title], [], HEADER]
    for index, row in enumerate(rows):
        if lunch and index == 1:
            body.append(["Lunch"] * len(HEADER))  # a merged row reads as the same value across
        if repeat_header and index == 1:
            body.append(HEADER)
        body.append(row)
    return body


def _timetable(files, name: str = "timetable.xlsx") -> object:
    day1 = _day(
        "Testshire Council – CQC on-site assessment timetable",
        [
            ["09:00 - 10:00", "Director of Adult Social Care", "1:1", "Room 1", "QS8", "Jo Smith (Inspector)",
             "Jane Smith – Director of Adult Social Care", "Briefed on Monday"],
            ["10:15–11:15", "Front door", "Focus group", "room  2", "QS1; QS2", "Assessor 7\nSam Jones",
             "Ali Khan – Team Manager\nBo Li - Social Worker, Testshire Council", ""],
            ["1-2pm", "Carers", "Focus group", "Room 5 - Training Room", "QS3; Safeguarding", "Assessor 7",
             "Megan Walsh (Chief Officer, Testshire Carers)", ""],
        ],
        lunch=True,
    )  # fmt: skip
    day2 = _day(
        "Timetable – Day 2 - 20.05.26",
        [
            ["9.30am to 10.15am", "Principal Social Worker", "1:1", "Room 1", "QS1",
             "Jo Smith - Specialist adviser", "Ali Khan – Team Manager", ""],
            ["0900-1000", "Commissioning", "Partner meeting", "Teams", "QS4", "Ola Brown",
             "Grace Pritchard - Head of Commissioning, Testshire ICB", ""],
        ],
        repeat_header=True,
    )  # fmt: skip
    day3 = _day(
        "CQC on-site assessment timetable – Thursday 21 May 2026",
        [["9-10am", "Lead member", "1:1", "Room 1", "QS9", "Jo Smith", "Cllr Ray Dunn – Lead Member", ""]],
    )
    path = files.xlsx(
        name,
        {"Read me": [["Send changes to the assurance team"]], "Tue 19 May": day1, "Day 2 - 20.05.26": day2,
         "Sheet3": day3, "Lists": [["1:1"], ["Focus group"]]},
        merges={"Tue 19 May": ["A1:H1"]},
    )  # fmt: skip
    wb = openpyxl.load_workbook(path)
    wb["Lists"].sheet_state = "hidden"
    wb.save(path)
    return path


def test_council_timetable_imports_every_day(visit_register, files):
    result = import_file(visit_register, "sessions", _timetable(files))
    got = [(s["date"], s["start"], s["end"], s["title"], s["room"]) for s in sessions.list_sessions(visit_register)]
    assert got == [
        ("2026-05-19", "09:00", "10:00", "Director of Adult Social Care", "Room 1"),
        ("2026-05-19", "10:15", "11:15", "Front door", "Room 2"),
        ("2026-05-19", "13:00", "14:00", "Carers", "Room 5 - Training Room"),
        ("2026-05-20", "09:00", "10:00", "Commissioning", "Teams"),
        ("2026-05-20", "09:30", "10:15", "Principal Social Worker", "Room 1"),
        ("2026-05-21", "09:00", "10:00", "Lead member", "Room 1"),
    ]
    assert result.also_created["rooms"] == ["Room 5 - Training Room"]
    assert sorted(result.also_created["assessors"]) == ["Assessor 7", "Jo Smith"]
    assert {a["name"]: a["role"] for a in people.list_assessors(visit_register)} == {
        "Assessor 7": "assessor", "Jo Smith": "inspector", "Ola Brown (CQC)": "assessor",
        "Sam Jones (CQC)": "lead_inspector",
    }  # fmt: skip
    by_name = {p["name"]: p for p in people.list_people(visit_register)}
    assert (by_name["Bo Li"]["role"], by_name["Bo Li"]["organisation"]) == ("Social Worker", "Testshire Council")
    assert (by_name["Grace Pritchard"]["organisation"], by_name["Grace Pritchard"]["kind"]) == (
        "Testshire ICB",
        "partner",
    )
    assert by_name["Megan Walsh"]["role"] == "Chief Officer"
    assert by_name["Jane Smith"]["role"] == "Team Manager"  # the existing person, matched by name, kept
    front_door = next(s for s in sessions.list_sessions(visit_register) if s["title"] == "Front door")
    assert [p["name"] for p in front_door["people"]] == ["Ali Khan", "Bo Li"]
    assert [a["name"] for a in front_door["assessors"]] == ["Assessor 7", "Sam Jones (CQC)"]
    assert front_door["qs"] == ["QS1", "QS2"] and front_door["kind"] == "focus_group"
    first = sessions.list_sessions(visit_register)[0]
    assert first["notes"] == "Briefed on Monday"
    report = "\n".join(result.sheets)
    assert "sheet 'Read me': skipped (no header row" in report
    assert "sheet 'Lists': skipped (hidden)" in report
    assert "sheet 'Tue 19 May': read 3 rows under the header on row 3, date Tue 19 May 2026 (from the sheet name)" in (
        report
    )
    assert "skipped 1 spacer row" in report and "skipped 1 repeated header row" in report
    assert "sheet 'Sheet3': read 1 row under the header on row 3, date Thu 21 May 2026 (from the title)" in report


def test_the_same_file_again_changes_nothing_and_an_update_is_reported(visit_register, files):
    path = _timetable(files)
    import_file(visit_register, "sessions", path)
    before = files.audit_count(visit_register)
    again = import_file(visit_register, "sessions", path)
    assert not again.changed and again.unchanged == 6 and files.audit_count(visit_register) == before
    wb = openpyxl.load_workbook(path)
    wb["Tue 19 May"]["D4"] = "Room 2"  # the director's session moves room; no ids in the file
    wb.save(path)
    result = import_file(visit_register, "sessions", path)
    assert [(c.key, c.changes) for c in result.updated] == [
        ("Tue 19 May 2026 09:00 Director of Adult Social Care", {"room": ["Room 1", "Room 2"]})
    ]
    assert len(sessions.list_sessions(visit_register)) == 6


def test_an_existing_person_gets_the_role_the_timetable_gives(visit_register, files):
    people.create_person(visit_register, "Rita Ora", kind="staff")
    rows = [
        ["Timetable"],
        ["Date", "Time", "Meeting", "Who"],
        ["19/05/2026", "09:00 - 10:00", "Intro", "rita  ora – Head of Service"],
    ]
    result = import_file(visit_register, "sessions", files.csv("t.csv", rows))
    rita = [p for p in people.list_people(visit_register) if p["name"] == "Rita Ora"]
    assert len(rita) == 1 and rita[0]["role"] == "Head of Service"
    assert result.also_updated == {"people": ["Rita Ora"]} and result.also_created["people"] == []


def test_a_start_and_a_duration(visit_register, files):
    rows = [["Date", "Time", "Duration", "Title"], ["19/05/2026", "09:00", "45 mins", "A"],
            ["19/05/2026", "10:00", "1 hour", "B"], ["19/05/2026", "11:00", 90, "C"]]  # fmt: skip
    import_file(visit_register, "sessions", files.csv("t.csv", rows))
    got = [(s["title"], s["start"], s["end"]) for s in sessions.list_sessions(visit_register)]
    assert got == [("A", "09:00", "09:45"), ("B", "10:00", "11:00"), ("C", "11:00", "12:30")]


def test_backwards_and_past_midnight_times_are_row_errors(visit_register, files):
    rows = [["Date", "Time", "Duration", "Title"], ["19/05/2026", "10:00 - 09:00", "", "Backwards"],
            ["19/05/2026", "23:00 - 01:00", "", "Late"], ["19/05/2026", "23:30", "1 hour", "Later"],
            ["19/05/2026", "half nine", "", "Vague"]]  # fmt: skip
    path = files.xlsx("t.xlsx", {"One": rows, "Two": [["Date", "Time", "Title"], ["20/05/2026", "9-8am", "Odd"]]})
    with pytest.raises(ValidationErrors) as err:
        import_file(visit_register, "sessions", path)
    assert err.value.lines() == [
        "sheet 'One', row 2: Time: the session ends (09:00) before it starts (10:00)",
        "sheet 'One', row 3: Time: the session runs past midnight (23:00 to 01:00); a session must end on the day"
        " it starts",
        "sheet 'One', row 4: Duration: a session starting at 23:30 for 60 minutes runs past midnight",
        "sheet 'One', row 5: Time: 'half nine' is not a time (use 09:30 or 9.30am)",
        "sheet 'Two', row 2: Time: the session ends (08:00) before it starts (09:00)",
    ]
    assert visit_register.scalar("SELECT COUNT(*) FROM session") == 0


def test_a_sheet_without_a_date_stops_the_import_with_the_fix(visit_register, files):
    good = [["Time", "Title"], ["09:00 - 10:00", "Fine"]]
    path = files.xlsx("t.xlsx", {"Day 1": good, "Extra": [["Planning"], ["Time", "Title"], ["11:00 - 12:00", "Lost"]]})
    with pytest.raises(ValidationErrors) as err:
        import_file(visit_register, "sessions", path)
    assert err.value.lines() == [
        "sheet 'Extra', row 2: Date: no date for this sheet: no Date column, and none in the sheet name or title"
        " (add --date or a date in the sheet name)"
    ]
    assert visit_register.scalar("SELECT COUNT(*) FROM session") == 0
    result = import_file(visit_register, "sessions", path, options=ImportOptions(date="2026-05-20"))
    got = [(s["date"], s["title"]) for s in sessions.list_sessions(visit_register)]
    assert got == [("2026-05-19", "Fine"), ("2026-05-20", "Lost")]
    assert any("date Wed 20 May 2026 (as given)" in line for line in result.sheets)


def test_day_numbers_and_dates_without_a_year(visit_register, files):
    rows = [["Date", "Time", "Title"], ["Day 3", "09:00-10:00", "Third"], ["Tue 19 May", "09:00-10:00", "First"],
            ["Virtual day 1", "09:00-10:00", "Online"]]  # fmt: skip
    import_file(visit_register, "sessions", files.csv("t.csv", rows))
    got = [(s["date"], s["title"]) for s in sessions.list_sessions(visit_register)]
    assert got == [("2026-05-19", "First"), ("2026-05-21", "Third"), ("2026-05-27", "Online")]
    with pytest.raises(ValidationErrors, match="1 problem") as err:
        import_file(visit_register, "sessions", files.csv("u.csv", [rows[0], ["Day 4", "09:00-10:00", "x"]]))
    assert err.value.lines() == [
        "row 2: Date: 'Day 4': the visit has 3 on-site days (set more in File > Register settings or with"
        " `settings --set onsite_days=N`, or put this sheet's date in its name)"
    ]


def test_two_candidate_headers_the_fuller_one_wins(visit_register, files):
    rows = [
        ["Title", "Date"],
        ["Date", "Start", "End", "Title", "Room"],
        ["19/05/2026", "09:00", "10:00", "T", "Room 1"],
    ]
    result = import_file(visit_register, "sessions", files.csv("t.csv", rows))
    assert "rows 1 and 2 both look like headers; used row 2 (5 recognised columns)" in result.notes
    assert [s["room"] for s in sessions.list_sessions(visit_register)] == ["Room 1"]


def test_unknown_columns_go_into_the_notes(visit_register, files):
    rows = [["Date", "Time", "Title", "Notes", "Comms lead", "Catering"],
            ["19/05/2026", "09:00 - 10:00", "Intro", "Bring badges", "Sue", "Tea"]]  # fmt: skip
    result = import_file(visit_register, "sessions", files.csv("t.csv", rows))
    assert sessions.list_sessions(visit_register)[0]["notes"] == "Bring badges\nComms lead: Sue\nCatering: Tea"
    assert "columns Comms lead, Catering were added to each row's notes" in result.notes


def test_fifty_sheets_are_read(empty_register, files):
    sheets = {f"Team {n}": [["Name", "Role"], [f"Person {n}", "Social Worker"]] for n in range(50)}
    result = import_file(empty_register, "people", files.xlsx("staff.xlsx", sheets))
    assert len(result.created) == 50 and len(result.sheets) == 50
    assert len(people.list_people(empty_register)) == 50


def test_a_named_sheet_and_a_wrong_header_row(visit_register, files):
    path = _timetable(files)
    result = import_file(visit_register, "sessions", path, options=ImportOptions(sheet="Sheet3"))
    assert [s["title"] for s in sessions.list_sessions(visit_register)] == ["Lead member"]
    assert result.sheet == "Sheet3"
    with pytest.raises(ReadinessError, match="row 1 is not a header row"):
        import_file(visit_register, "sessions", path, options=ImportOptions(sheet="Sheet3", header_row=1))


def test_formula_cells_are_read_as_their_saved_values(visit_register, files):
    import re
    import zipfile

    rows = [["Date", "Time", "Title"], ["19/05/2026", "09:00 - 10:00", '=UPPER("intro")']]
    path = files.xlsx("f.xlsx", {"T": rows})
    # Excel saves a formula's last result beside it; openpyxl does not, so add it as Excel would.
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[sheet] = re.sub(
        rb'<c r="C2"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?', rb'<c r="C2" t="str"><f>\2</f><v>INTRO</v>', parts[sheet]
    )
    assert b"<v>INTRO</v>" in parts[sheet]
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    import_file(visit_register, "sessions", path)
    assert [s["title"] for s in sessions.list_sessions(visit_register)] == ["INTRO"]


def test_a_hidden_sheet_named_on_its_own_is_explained(visit_register, files):
    path = files.xlsx("t.xlsx", {"Day 1": [["Time", "Title"], ["09:00 - 10:00", "A"]], "Old": [["Time", "Title"]]})
    wb = openpyxl.load_workbook(path)
    wb["Old"].sheet_state = "hidden"
    wb.save(path)
    with pytest.raises(ReadinessError, match=r"the only sheets to read \('Old'\) are hidden") as err:
        import_file(visit_register, "sessions", path, options=ImportOptions(sheet="old"))
    assert "Unhide" in err.value.hint


def test_the_date_option_on_the_command_line(visit_register, files, capsys):
    from readiness_app.cli import main

    path = files.csv("t.csv", [["Planning meeting"], ["Time", "Meeting"], ["9.30am to 10.15am", "Briefing"]])
    reg_path = str(visit_register.path)
    visit_register.close()
    assert main(["import", "sessions", reg_path, str(path)]) == 1
    assert "add --date or a date in the sheet name" in capsys.readouterr().err
    assert main(["import", "sessions", reg_path, str(path), "--date", "20/05/2026"]) == 0
    assert "created 1" in capsys.readouterr().out
