"""A case list whose cells hold an NHS number, a date of birth or a postcode is refused (row and column
named, the value never repeated) unless the lead confirms it with --allow-personal-data."""

from __future__ import annotations

from datetime import datetime

import pytest

from readiness_app.cli import main
from readiness_app.errors import ValidationErrors
from readiness_app.interop.importers import import_file

NHS, POSTCODE = "943 476 5919", "NE1 4ST"
HEADER = ["Case code", "Team", "Stage", "Notes", "DOB"]  # DOB: no field for it, so it would go to the notes


def _rows():
    return [
        HEADER,
        ["AB-001", "Locality North", "Long list", "hospital discharge", ""],
        ["AB-002", "Locality South", "Long list", f"NHS {NHS}", ""],
        ["AB-003", f"Team at {POSTCODE}", "Long list", "", ""],
        ["AB-004", "Locality East", "Long list", "", "12/03/1948"],
    ]


def _count(reg) -> int:
    return reg.scalar("SELECT COUNT(*) FROM tracked_case")


def test_a_case_import_holding_personal_data_is_refused_and_names_row_and_column(empty_register, files, capsys):
    path = files.csv("cases.csv", _rows())
    audit_before = empty_register.scalar("SELECT COUNT(*) FROM audit")
    empty_register.close()
    assert main(["import", "cases", str(empty_register.path), str(path)]) == 1
    err = capsys.readouterr().err
    assert "row 3: Notes: looks like it holds an NHS number" in err
    assert "row 4: Team: looks like it holds a postcode" in err
    assert "row 5: DOB: looks like it holds a date of birth" in err
    assert "--allow-personal-data" in err
    assert NHS not in err and POSTCODE not in err and "1948" not in err  # never the value itself
    from readiness_app.opening import open_register

    reg = open_register(empty_register.path)
    try:
        assert _count(reg) == 0  # all or nothing: the clean row is not imported either
        assert reg.scalar("SELECT COUNT(*) FROM audit") == audit_before
    finally:
        reg.close()


def test_the_lead_can_confirm_it_with_an_explicit_option(empty_register, files, capsys):
    path = files.csv("cases.csv", _rows())
    empty_register.close()
    assert main(["import", "cases", str(empty_register.path), str(path), "--allow-personal-data"]) == 0
    out = capsys.readouterr().out
    assert "looks like it holds an NHS number" in out and NHS not in out
    from readiness_app.opening import open_register

    reg = open_register(empty_register.path)
    try:
        assert _count(reg) == 4
    finally:
        reg.close()


def test_a_real_date_cell_in_a_workbook_is_caught_too(empty_register, files):
    path = files.xlsx(
        "cases.xlsx", {"Cases": [["Case code", "Team", "Date of birth"], ["AB-010", "North", datetime(1951, 7, 2)]]}
    )
    with pytest.raises(ValidationErrors) as caught:
        import_file(empty_register, "cases", path)
    [line] = caught.value.lines()
    assert line.startswith("row 2: Date of birth: looks like it holds a date of birth") and "1951" not in line
    assert _count(empty_register) == 0


def test_a_clean_coded_list_imports_as_before(empty_register, files):
    path = files.csv("cases.csv", [HEADER, ["AB-001", "Locality North", "Long list", "carer; 2 visits", ""]])
    result = import_file(empty_register, "cases", path)
    assert len(result.created) == 1 and not [n for n in result.notes if "looks like" in n]
