"""Council timetables to the last row: CQC's own QS names, dated sheets, council teams, .xls and .ods.

Each workbook is built here as a council sends it (titles, one sheet a day named by
its date, full QS names with commas, "Name – Role, Team" cells) and written as
.xlsx (openpyxl), .xls (xlwt) and .ods (odfpy); each imports, then imports again
with nothing changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness_app.errors import ValidationErrors
from readiness_app.framework.matcher import parse_qs_list
from readiness_app.interop.importers import import_file
from readiness_app.interop.mapping import ImportOptions
from readiness_app.interop.readers import read_sheets
from readiness_app.register import assessment, people, sessions

HEADER = ["Time", "Session", "Format", "Venue", "Focus", "CQC colleagues", "Attendees"]
ALI_MANAGER = "Ali Khan \u2013 Team Manager, Adult Social Care"
ALI_HOSPITAL = "Ali Khan \u2013 Social Worker, Hospital Discharge Team"


def _council_sheets() -> dict[str, list[list]]:
    return {
        "Tue 19 May": [
            ["Testshire Council \u2013 CQC local authority assessment 2026 \u2013 on-site timetable"],
            [],
            HEADER,
            ["09:00 - 10:00", "Front door", "Focus group", "Room 1",
             "Safe pathways, systems and transitions; Learning, improvement and innovation", "Assessor 2",
             f"{ALI_MANAGER}\n{ALI_HOSPITAL}"],
            ["10:30 - 11:30", "Partners", "Partner meeting", "Room 2",
             "Care provision, integration and continuity, Partnerships and communities", "Assessor 10",
             "Grace Pritchard - Head of Commissioning, Testshire ICB"],
        ],
        "Wed 20 May": [
            ["CQC on-site timetable"],
            [],
            HEADER,
            ["09:00 - 10:00", "Prevention", "1:1", "Room 1", "Supporting people to live healthier lives", "Assessor 2",
             ALI_MANAGER],
            ["11:00 - 12:00", "Hospital discharge", "1:1", "Room 2",
             "Safe systems, pathways and transitions, QS7", "Assessor 2", ALI_HOSPITAL],
        ],
        "Thursday 21 May 2026": [
            ["Day 3"],
            [],
            HEADER,
            ["09:00 - 10:00", "Leaders", "Focus group", "Room 1", "Leadership", "Assessor 10",
             "Cllr Ray Dunn \u2013 Lead Member; Megan Walsh (Chief Officer, Testshire Carers)"],
        ],
    }  # fmt: skip


def write_xls(path: Path, sheets: dict[str, list[list]]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                ws.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for value in row:
                cell = TableCell(valuetype="string")
                for line in str(value).split("\n"):
                    cell.addElement(P(text=line))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def _write(files, fmt: str, sheets: dict[str, list[list]]) -> Path:
    path = files.folder / f"timetable.{fmt}"
    if fmt == "xlsx":
        return files.xlsx(path.name, sheets)
    if fmt == "xls":
        return write_xls(path, sheets)
    return write_ods(path, sheets)


def _snapshot(reg) -> list[tuple]:
    return [
        (s["date"], s["start"], s["title"], tuple(s["qs"]), tuple(sorted(p["id"] for p in s["people"])))
        for s in sessions.list_sessions(reg)
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_a_council_timetable_imports_and_imports_again_with_no_change(visit_register, files, fmt):
    path = _write(files, fmt, _council_sheets())
    first = import_file(visit_register, "sessions", path)
    assert len(first.created) == 5
    got = {s["title"]: (s["date"], s["start"], s["end"], s["qs"]) for s in sessions.list_sessions(visit_register)}
    assert got == {
        "Front door": ("2026-05-19", "09:00", "10:00", ["QS6", "QS9"]),
        "Partners": ("2026-05-19", "10:30", "11:30", ["QS4", "QS5"]),
        "Prevention": ("2026-05-20", "09:00", "10:00", ["QS2"]),
        "Hospital discharge": ("2026-05-20", "11:00", "12:00", ["QS6", "QS7"]),
        "Leaders": ("2026-05-21", "09:00", "10:00", ["QS8", "QS9"]),  # the Leadership theme
    }
    staff = {(p["name"], p["role"]): p for p in people.list_people(visit_register)}
    manager, hospital = staff["Ali Khan", "Team Manager"], staff["Ali Khan", "Social Worker"]
    assert (manager["team"], manager["organisation"], manager["kind"]) == (
        "Adult Social Care", "Testshire Council", "staff",
    )  # fmt: skip
    assert (hospital["team"], hospital["organisation"], hospital["kind"]) == (
        "Hospital Discharge Team", "Testshire Council", "staff",
    )  # fmt: skip
    grace = staff["Grace Pritchard", "Head of Commissioning"]
    assert (grace["organisation"], grace["kind"]) == ("Testshire ICB", "partner")
    assert staff["Megan Walsh", "Chief Officer"]["kind"] == "partner"
    by_title = {s["title"]: s for s in sessions.list_sessions(visit_register)}
    assert [p["id"] for p in by_title["Prevention"]["people"]] == [manager["id"]]
    assert [p["id"] for p in by_title["Hospital discharge"]["people"]] == [hospital["id"]]
    assert "date Tue 19 May 2026 (from the sheet name and title)" in "\n".join(first.sheets)

    before, audit = _snapshot(visit_register), files.audit_count(visit_register)
    again = import_file(visit_register, "sessions", path)
    assert (len(again.created), len(again.updated), again.unchanged) == (0, 0, 5)
    assert _snapshot(visit_register) == before
    assert files.audit_count(visit_register) == audit
    assert len(people.list_people(visit_register)) == len(staff) == 6  # Jane Smith (the fixture's) and five new


def test_xls_and_ods_read_the_same_cells_as_xlsx(files):
    sheets = _council_sheets()
    read = {fmt: read_sheets(_write(files, fmt, sheets)) for fmt in ("xlsx", "xls", "ods")}
    shapes = {fmt: [(t.sheet, t.rows[3][:2], len(t.rows)) for t in tables] for fmt, tables in read.items()}
    assert shapes["xls"] == shapes["xlsx"] == shapes["ods"]
    assert read["ods"][0].rows[3][6] == f"{ALI_MANAGER}\n{ALI_HOSPITAL}"


def test_a_sheet_dated_in_another_year_is_one_message_and_its_date_can_be_set(empty_register, files):
    reg = empty_register
    assessment.set_visit_days(reg, {"2027-02-09": "onsite", "2027-02-10": "onsite", "2027-02-11": "onsite"})
    rows = [["Council timetable 2025"], [], HEADER]
    rows += [[f"{9 + i}:00 - {9 + i}:45", f"Session {i}", "1:1", "Room 1", "QS1", "Assessor 1", ""] for i in range(6)]
    path = files.xlsx("last-year.xlsx", {"Tue 11 Mar": rows})
    with pytest.raises(ValidationErrors) as err:
        import_file(reg, "sessions", path)
    assert [p.message for p in err.value.problems] == [
        "sheet 'Tue 11 Mar' is dated 11 Mar 2025 (from the sheet name and title); the visit is 9-11 Feb 2027;"
        " set the date for this sheet"
    ]
    assert sessions.list_sessions(reg) == []
    result = import_file(reg, "sessions", path, options=ImportOptions(sheet_dates={"Tue 11 Mar": "2027-02-10"}))
    assert len(result.created) == 6
    assert {s["date"] for s in sessions.list_sessions(reg)} == {"2027-02-10"}
    assert "date Wed 10 Feb 2027 (as set)" in "\n".join(result.sheets)


def test_a_weekday_that_contradicts_the_date_names_the_sheet(visit_register, files):
    rows = [["Timetable"], [], HEADER, ["09:00 - 10:00", "Front door", "1:1", "Room 1", "QS1", "Assessor 1", ""]]
    path = files.xlsx("wrong-day.xlsx", {"Wed 19 May 2026": rows, "Wed 20 May": rows})
    with pytest.raises(ValidationErrors) as err:
        import_file(visit_register, "sessions", path)
    assert [p.message for p in err.value.problems] == [
        "sheet 'Wed 19 May 2026': 'Wed 19 May 2026' says Wednesday, but 19 May 2026 is a Tuesday"
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Safe pathways, systems and transitions; Learning, improvement and innovation", ["QS6", "QS9"]),
        ("Safe systems, pathways and transitions, Learning, improvement and innovation", ["QS6", "QS9"]),
        ("Supporting people to live healthier lives, Supporting people to lead healthier lives", ["QS2"]),
        ("Governance, management and sustainability", ["QS8"]),
        ("QS3, Equity in experience and outcomes", ["QS3"]),
        ("Ensuring safety within the system", ["QS6", "QS7"]),
        ("Safe pathways, systems", ["QS6"]),
        ("Care provision, integration", ["QS4"]),
    ],
)
def test_cqc_names_with_commas_are_matched_whole(cell, expected):
    assert parse_qs_list(cell) == expected


def test_a_part_that_names_no_qs_is_still_refused():
    with pytest.raises(Exception, match="unknown quality statement 'Learning and earning'"):
        parse_qs_list("QS1, Learning and earning")


@pytest.mark.parametrize(
    ("text", "key", "label"),
    [
        ("Lead assessment manager", "lead_inspector", "Assessment lead"),
        ("assessment lead", "lead_inspector", "Assessment lead"),
        ("lead_inspector", "lead_inspector", "Assessment lead"),  # the key older registers hold
        ("Inspector", "inspector", "Inspector"),
        ("Specialist adviser", "specialist_adviser", "Specialist professional adviser"),
        ("specialist professional adviser", "specialist_adviser", "Specialist professional adviser"),
        ("Executive reviewer", "executive_reviewer", "Executive reviewer"),
        ("expert by experience", "expert_by_experience", "Expert by Experience"),
    ],
)
def test_cqc_team_roles_as_cqc_names_them(text, key, label):
    from readiness_app.register.cqc_team import role_key, role_label

    assert role_key(text) == key and role_label(key) == label
