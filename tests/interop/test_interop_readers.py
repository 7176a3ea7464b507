"""Reading what councils send: every encoding, delimiter and broken file gets a clear answer."""

from __future__ import annotations

import zipfile

import pytest

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop import columns
from readiness_app.interop.importers import import_file
from readiness_app.interop.readers import MAX_BYTES, OLE_SIGNATURE, read_table

HEADER = ["Case code", "Criteria", "Team", "Stage", "Consent", "Notes"]
ROWS = [
    HEADER,
    ["AB-001", "carer", "Front Door", "Long list", "Not sought", "Café visit, résumé"],
    ["AB-002", "mental health", "Locality North", "Shortlisted", "Requested", ""],
]


def _cases(reg) -> dict[str, dict]:
    return {r["code"]: dict(r) for r in reg.query("SELECT * FROM tracked_case")}


@pytest.mark.parametrize(
    ("encoding", "delimiter", "note"),
    [
        ("utf-8", ",", None),
        ("utf-8-sig", ",", None),
        ("cp1252", ",", "Windows-1252"),
        ("utf-8", ";", "';'"),
        ("utf-8", "\t", "tabs"),
        ("utf-16", "\t", "UTF-16"),
        ("cp1252", ";", "Windows-1252"),
    ],
)
def test_csv_encodings_and_delimiters_import_the_same(empty_register, files, encoding, delimiter, note):
    path = files.csv("cases.csv", ROWS, encoding=encoding, delimiter=delimiter)
    result = import_file(empty_register, "cases", path)
    got = _cases(empty_register)
    assert sorted(got) == ["AB-001", "AB-002"]
    assert got["AB-001"]["notes"] == "Café visit, résumé"  # accents survive every encoding
    assert got["AB-002"]["stage"] == "shortlisted"
    if note:
        assert any(note in n for n in result.notes), result.notes


def test_bom_does_not_hide_the_first_header(files):
    path = files.csv("bom.csv", ROWS, encoding="utf-8-sig")
    table = read_table(path)
    assert table.rows[0][0] == "Case code"


def test_empty_file(files):
    path = files.raw("empty.csv", b"")
    with pytest.raises(ReadinessError, match="empty"):
        read_table(path)


def test_blank_lines_only(empty_register, files):
    path = files.raw("blank.csv", b"\r\n\r\n  \r\n")
    with pytest.raises(ReadinessError, match="empty"):
        import_file(empty_register, "cases", path)


def test_header_only_file(empty_register, files):
    path = files.csv("header.csv", [HEADER])
    with pytest.raises(ReadinessError, match="header row but no data rows"):
        import_file(empty_register, "cases", path)


def test_header_only_workbook(empty_register, files):
    path = files.xlsx("header.xlsx", {"Cases": [HEADER]})
    with pytest.raises(ReadinessError, match="no data rows"):
        import_file(empty_register, "cases", path)


def test_missing_required_column_names_it(empty_register, files):
    path = files.csv("wrong.csv", [["Team", "Stage"], ["Front Door", "Long list"]])
    with pytest.raises(ReadinessError, match="'Case code'") as err:
        import_file(empty_register, "cases", path)
    assert "'Team'" in err.value.message  # says what it found instead


def test_pdf_is_not_a_spreadsheet(files):
    path = files.raw("cases.csv", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(ReadinessError, match="PDF, not a spreadsheet"):
        read_table(path)


def test_binary_file_is_not_a_spreadsheet(files):
    path = files.raw("photo.csv", bytes(range(256)) * 10)
    with pytest.raises(ReadinessError, match="not a spreadsheet"):
        read_table(path)


def test_word_document_renamed_xlsx(files):
    path = files.folder / "cases.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(ReadinessError, match="not an Excel workbook"):
        read_table(path)


def test_opendocument_spreadsheet(files):
    path = files.folder / "cases.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(ReadinessError, match="OpenDocument") as err:
        read_table(path)
    assert ".xlsx" in err.value.hint


def test_truncated_workbook(files):
    good = files.xlsx("good.xlsx", {"Cases": ROWS})
    path = files.raw("broken.xlsx", good.read_bytes()[:400])
    with pytest.raises(ReadinessError, match="damaged|cannot be read"):
        read_table(path)


def _ole_file(streams: list[str]) -> bytes:
    # Enough of a compound file for the check: signature plus directory names in UTF-16.
    body = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in streams)
    return OLE_SIGNATURE + b"\x00" * 504 + body + b"\x00" * 1024


def test_password_protected_workbook(empty_register, files):
    path = files.raw("cases.xlsx", _ole_file(["EncryptionInfo", "EncryptedPackage"]))
    with pytest.raises(ReadinessError, match="password-protected") as err:
        import_file(empty_register, "cases", path)
    assert "remove the password" in err.value.hint
    assert _cases(empty_register) == {}


def test_old_xls_workbook(files):
    path = files.raw("cases.xls", _ole_file(["Workbook", "SummaryInformation"]))
    with pytest.raises(ReadinessError, match="97-2003"):
        read_table(path)


def test_file_over_50_mb_is_refused_before_reading(files):
    path = files.folder / "huge.csv"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no real 50 MB written
    with pytest.raises(ReadinessError, match="import limit is 50 MB"):
        read_table(path)


def test_missing_file_and_folder(files):
    with pytest.raises(ReadinessError, match="not found"):
        read_table(files.folder / "nope.csv")
    with pytest.raises(ReadinessError, match="is a folder"):
        read_table(files.folder)


def test_wrong_sheet_name_lists_the_sheets(empty_register, files):
    path = files.xlsx("book.xlsx", {"Instructions": [["Fill in the list"]], "Long list": ROWS})
    with pytest.raises(ReadinessError, match="no sheet named 'Cases'") as err:
        import_file(empty_register, "cases", path, sheet="Cases")
    assert "'Instructions', 'Long list'" in err.value.message


def test_named_sheet_without_the_columns(empty_register, files):
    path = files.xlsx("book.xlsx", {"Instructions": [["Fill in the list"]], "Long list": ROWS})
    with pytest.raises(ReadinessError, match="no header row"):
        import_file(empty_register, "cases", path, sheet="Instructions")


def test_sheet_is_found_when_the_first_is_instructions(empty_register, files):
    path = files.xlsx("book.xlsx", {"Instructions": [["Fill in the list"], ["One row per case"]], "Long list": ROWS})
    result = import_file(empty_register, "cases", path)
    assert result.sheet == "Long list"
    assert len(_cases(empty_register)) == 2


def test_sheet_option_on_a_csv(files):
    path = files.csv("cases.csv", ROWS)
    with pytest.raises(ReadinessError, match="no sheets"):
        read_table(path, sheet="Cases")


def test_title_rows_above_the_header_and_extra_columns(empty_register, files):
    rows = [["Northmoor case long list - OFFICIAL-SENSITIVE"], [], [*HEADER, "Worker initials", "RAG"]]
    rows += [[*r, "AB", "Green"] for r in ROWS[1:]]
    result = import_file(empty_register, "cases", files.csv("cases.csv", rows))
    assert len(_cases(empty_register)) == 2
    assert result.created[0].row == 4  # numbered as Excel numbers it
    assert any("Worker initials" in n and "RAG" in n for n in result.notes)


def test_merged_cells_are_filled_from_their_top_cell(visit_register, files):
    rows = [
        ["Date", "Start", "End", "Room", "Title"],
        ["19/05/2026", "09:00", "10:00", "Room 1", "First"],
        [None, "10:30", "11:30", "Room 1", "Second"],
        [None, "12:00", "13:00", "Room 2", "Third"],
    ]
    path = files.xlsx("timetable.xlsx", {"Day 1": rows}, merges={"Day 1": ["A2:A4"]})
    result = import_file(visit_register, "sessions", path)
    dates = [r[0] for r in visit_register.query("SELECT date FROM session ORDER BY start")]
    assert dates == ["2026-05-19"] * 3
    assert any("A2:A4" in n for n in result.notes)


def test_excel_date_and_time_cells(visit_register, files):
    from datetime import datetime, time

    rows = [
        ["Date", "Start", "End", "Room", "Title"],
        [datetime(2026, 5, 20), time(9, 30), time(10, 45), "Room 1", "Cells"],
        [46162, 0.4375, 0.5, "Room 2", "Serial numbers"],  # 20/05/2026, 10:30, 12:00 as raw numbers
    ]
    import_file(visit_register, "sessions", files.xlsx("t.xlsx", {"T": rows}))
    got = [tuple(r) for r in visit_register.query("SELECT date, start, end FROM session ORDER BY title")]
    assert got == [("2026-05-20", "09:30", "10:45"), ("2026-05-20", "10:30", "12:00")]


def test_header_variants_are_recognised():
    row = ["Coded reference", "Selection criteria", "Service", "Case status", "Consent status", "Quality statement(s)"]
    hm = columns.match_header(row, columns.CASES)
    assert set(hm.columns) == {"code", "criteria", "team", "stage", "consent", "qs"}


def test_qs_named_columns_are_tick_columns():
    row = ["Case code", "Safeguarding", "QS1", "3. Equity", "Notes on safeguarding"]
    hm = columns.match_header(row, columns.CASES)
    assert hm.qs_ticks == {1: "QS7", 2: "QS1", 3: "QS3"}
    assert hm.ignored == ["Notes on safeguarding"]


def test_two_headers_for_one_column_prefer_the_closer_name():
    hm = columns.match_header(["Description", "Date", "Start", "Title"], columns.SESSIONS)
    assert hm.columns["title"] == 3
    assert "Description" in hm.ignored


def test_any_problem_in_a_file_raises_validation_errors_not_a_traceback(empty_register, files):
    path = files.csv("bad.csv", [HEADER, ["Jane Smith", "carer", "", "", "", ""]])
    with pytest.raises(ValidationErrors) as err:
        import_file(empty_register, "cases", path)
    assert err.value.lines() == [
        "row 2: Case code: 'Jane Smith' is not a coded reference (letters, digits and - _ / . only, no spaces or names)"
    ]
