"""Importing an interview timetable: rooms, the visit window, attendees matched or created."""

from __future__ import annotations

import pytest

from readiness_app.errors import ValidationErrors
from readiness_app.interop.exporters import export_schedule
from readiness_app.interop.importers import import_file, parse_attendee
from readiness_app.paths import resource
from readiness_app.register import people, sessions


def _row(date="19/05/2026", start="09:00", end="10:00", room="Room 1", title="Focus group", kind="Focus group",
         qs="QS1", assessors="Sam Jones", attendees="", case=""):  # fmt: skip
    return [date, start, end, room, title, kind, qs, assessors, attendees, case]


def test_timetable_with_attendees(visit_register, files):
    path = files.csv(
        "t.csv",
        [
            files.SESSION_HEADER,
            _row(attendees="Jane Smith; Ali Khan (Team Manager, Northmoor ICB); Bo Li (Carer)", case="TS-001"),
            _row(start="2pm", end="3.15pm", room="room 2", title="Drop-in", kind="Drop in", qs="Safeguarding",
                 assessors="Sam Jones (CQC); New Assessor", attendees="Ali Khan (Team Manager, Northmoor ICB)"),
        ],
    )  # fmt: skip
    result = import_file(visit_register, "sessions", path)
    assert len(result.created) == 2
    assert result.also_created == {"people": ["Ali Khan", "Bo Li"], "rooms": [], "assessors": ["New Assessor"]}
    first, second = sessions.list_sessions(visit_register)
    assert [p["name"] for p in first["people"]] == ["Ali Khan", "Bo Li", "Jane Smith"]
    assert first["case_code"] == "TS-001" and first["kind"] == "focus_group"
    assert [a["name"] for a in first["assessors"]] == ["Sam Jones (CQC)"]  # matched without "(CQC)"
    assert (second["start"], second["end"], second["room"]) == ("14:00", "15:15", "Room 2")
    assert second["qs"] == ["QS7"] and second["kind"] == "drop_in"
    ali = [p for p in people.list_people(visit_register) if p["name"] == "Ali Khan"]
    assert len(ali) == 1  # named in two rows, created once
    assert (ali[0]["role"], ali[0]["organisation"], ali[0]["kind"]) == ("Team Manager", "Northmoor ICB", "partner")
    jane = [p for p in people.list_people(visit_register) if p["name"] == "Jane Smith"]
    assert len(jane) == 1  # existing person matched


def test_bad_rows_are_all_reported_and_nothing_changes(visit_register, files):
    before = files.audit_count(visit_register)
    path = files.csv(
        "t.csv",
        [
            files.SESSION_HEADER,
            _row(),
            _row(start="11:00", end="10:30", title="Backwards"),
            _row(room="Broom cupboard", title="Nowhere"),
            _row(date="28/05/2026", title="Too late"),
            _row(qs="QS12", title="Odd QS"),
            _row(case="XX-999", title="No case"),
            _row(),
            _row(date="", title="No date"),
        ],
    )
    with pytest.raises(ValidationErrors) as err:
        import_file(visit_register, "sessions", path)
    assert err.value.lines() == [
        "row 3: End: the session ends (10:30) before it starts (11:00)",
        "row 5: Date: Thu 28 May 2026 is outside the visit (Tue 19 May 2026 to Wed 27 May 2026)",
        "row 6: QS: unknown quality statement 'QS12'",
        "row 7: Case: no case with code 'XX-999' in the register",
        "row 8: Title: the same session is on row 2 (same date, start, room and title)",
        "row 9: Date: a date is required",
    ]
    assert visit_register.scalar("SELECT COUNT(*) FROM session") == 0
    assert visit_register.scalar("SELECT COUNT(*) FROM person") == 1
    assert files.audit_count(visit_register) == before


def test_dates_are_free_when_no_visit_days_are_set(empty_register, files):
    path = files.csv("t.csv", [["Date", "Start", "End", "Title"], ["02/01/2027", "09:00", "10:00", "Planning"]])
    import_file(empty_register, "sessions", path)
    assert empty_register.scalar("SELECT date FROM session") == "2027-01-02"


def test_time_range_column(visit_register, files):
    path = files.csv("t.csv", [["Date", "Time", "Title"], ["20/05/2026", "9.30am - 10.45am", "Ranged"]])
    import_file(visit_register, "sessions", path)
    assert tuple(visit_register.query("SELECT start, end FROM session")[0]) == ("09:30", "10:45")


def test_reimport_is_idempotent_and_an_update_is_reported(visit_register, files):
    rows = [files.SESSION_HEADER, _row(attendees="Jane Smith; Ali Khan (Northmoor ICB)"), _row(start="11:00",
            end="12:00", title="Second")]  # fmt: skip
    path = files.csv("t.csv", rows)
    import_file(visit_register, "sessions", path)
    before = files.audit_count(visit_register)
    again = import_file(visit_register, "sessions", path)
    assert again.unchanged == 2 and not again.changed
    assert files.audit_count(visit_register) == before
    rows[2] = _row(start="11:00", end="12:30", title="Second", kind="One-to-one", attendees="Jane Smith")
    result = import_file(visit_register, "sessions", files.csv("t2.csv", rows))
    (change,) = result.updated
    assert change.changes == {
        "end": ["12:00", "12:30"],
        "kind": ["Focus group", "One-to-one"],
        "people": ["0 listed", "1 listed"],
    }
    second = [s for s in sessions.list_sessions(visit_register) if s["title"] == "Second"][0]
    assert second["end"] == "12:30" and [p["name"] for p in second["people"]] == ["Jane Smith"]


def test_exported_schedule_round_trips_and_session_id_matches_after_a_move(visit_register, files):
    import openpyxl

    import_file(visit_register, "sessions", files.csv("t.csv", [files.SESSION_HEADER, _row(attendees="Jane Smith")]))
    out = files.folder / "schedule.xlsx"
    export_schedule(visit_register, out)
    assert not import_file(visit_register, "sessions", out).changed  # an export imports as "no change"
    wb = openpyxl.load_workbook(out)
    ws = wb["Schedule"]
    ws["C2"] = "13:00"  # move the session: only the Session ID can still match it
    ws["D2"] = "14:00"
    wb.save(out)
    result = import_file(visit_register, "sessions", out)
    assert len(result.updated) == 1 and not result.created
    assert result.updated[0].changes == {"start": ["09:00", "13:00"], "end": ["10:00", "14:00"]}
    assert visit_register.scalar("SELECT COUNT(*) FROM session") == 1


def test_unknown_session_id(visit_register, files):
    path = files.csv(
        "t.csv", [["Session ID", "Date", "Start", "End", "Title"], ["999", "19/05/2026", "9:00", "10:00", "X"]]
    )
    with pytest.raises(ValidationErrors, match="1 problem") as err:
        import_file(visit_register, "sessions", path)
    assert err.value.lines() == ["row 2: Session ID: no session with id '999'"]


def test_ambiguous_attendee_name(visit_register, files):
    people.create_person(visit_register, "Jane Smith", organisation="Northmoor ICB", kind="partner")
    path = files.csv("t.csv", [files.SESSION_HEADER, _row(attendees="Jane Smith")])
    with pytest.raises(ValidationErrors) as err:
        import_file(visit_register, "sessions", path)
    assert "2 people are called 'Jane Smith'" in err.value.lines()[0]
    path = files.csv("t2.csv", [files.SESSION_HEADER, _row(attendees="Jane Smith (Northmoor ICB)")])
    import_file(visit_register, "sessions", path)
    (session,) = sessions.list_sessions(visit_register)
    assert [p["organisation"] for p in session["people"]] == ["Northmoor ICB"]


def test_cancelled_status_and_unknown_kind(visit_register, files):
    path = files.csv(
        "t.csv",
        [
            ["Date", "Start", "End", "Title", "Type", "Status"],
            ["19/05/2026", "09:00", "10:00", "Walkabout", "Site visit", "Canceled"],
        ],
    )
    result = import_file(visit_register, "sessions", path)
    row = visit_register.query("SELECT kind, status FROM session")[0]
    assert tuple(row) == ("other", "cancelled")
    assert any("'Site visit'" in n for n in result.notes)


def test_sample_timetables_import_into_the_demo(demo_register, files):
    import_file(demo_register, "people", resource("samples", "people.csv"))
    import_file(demo_register, "cases", resource("samples", "cases.csv"))
    result = import_file(demo_register, "sessions", resource("samples", "sessions.xlsx"))
    assert len(result.created) == 6 and result.also_created["people"] == []
    again = import_file(demo_register, "sessions", resource("samples", "sessions.csv"))
    assert again.unchanged == 6  # the CSV and the workbook hold the same timetable


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Smith", ("Jane Smith", "", "")),
        ("Jane Smith (Team Manager, Northmoor ICB)", ("Jane Smith", "Team Manager", "Northmoor ICB")),
        ("Ali Khan (Assistant Director, Operations, Northmoor County Council)",
         ("Ali Khan", "Assistant Director, Operations", "Northmoor County Council")),
        ("Bo Li (Carer)", ("Bo Li", "Carer", "")),
        ("Jo  Bloggs - Social Worker", ("Jo Bloggs", "Social Worker", "")),
    ],
)  # fmt: skip
def test_parse_attendee(text, expected):
    got = parse_attendee(text)
    assert (got["name"], got["role"], got["organisation"]) == expected
