"""Spreadsheets and mapping files that used to crash, hang or mislead an import (issue 22, part 2 and 6)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from readiness_app.cli import main
from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop import mapping
from readiness_app.interop.importers import import_file
from readiness_app.interop.importers.return_items import import_request_list
from readiness_app.interop.readers import read_sheets, read_table
from readiness_app.opening import open_register
from readiness_app.register import cases, people

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def _far_corner(path: Path, cell: str = "XFD1048576", value: object = None) -> Path:
    """A small case list whose one extra cell (formatted, empty unless `value`) sits at `cell`."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Cases"
    ws.append(["Case code", "Team"])
    ws.append(["AB-001", "Front Door"])
    ws[cell].font = Font(bold=True)
    if value is not None:
        ws[cell] = value
    wb.save(path)
    return path


def _run(*args: str, limit_mb: int | None = None, **env: str) -> subprocess.CompletedProcess:
    def limit() -> None:
        import resource

        if limit_mb:
            resource.setrlimit(resource.RLIMIT_AS, (limit_mb * 1024 * 1024, limit_mb * 1024 * 1024))

    return subprocess.run(
        [sys.executable, str(MAIN), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
        preexec_fn=limit,
    )


def _case(reg, code: str) -> dict:
    return cases.get(reg, cases.find_by_code(reg, code))


def _names(reg) -> list[str]:
    return [p["name"] for p in people.list_people(reg)]


# ---------------------------------------------------------------- a sheet's declared size


def test_far_corner_formatted_cell_imports_in_little_memory(empty_register, tmp_path):
    far = _far_corner(tmp_path / "far.xlsx")
    assert far.stat().st_size < 10_000
    reg = str(empty_register.path)
    empty_register.close()
    # A real process held to 1 GB of address space: padding every row to XFD needs 24 GB.
    # Everything that reads the far-corner file does so in a limited child: a regression must fail, not
    # take the machine's memory.
    done = _run("import", "cases", reg, str(far), limit_mb=1024)
    assert done.returncode == 0, done.stderr
    assert "created 1" in done.stdout and "unexpected" not in done.stderr
    reopened = open_register(reg, readonly=True)
    try:
        assert _case(reopened, "AB-001")["team"] == "Front Door"
    finally:
        reopened.close()


def test_a_value_past_the_column_limit_is_refused_naming_the_cell(tmp_path):
    far = _far_corner(tmp_path / "wide.xlsx", "XFD2", "stray")
    with pytest.raises(ReadinessError, match=r"wide.xlsx \[Cases\] has data in cell XFD2; an import reads at most"):
        read_sheets(far)


def test_a_value_past_the_row_limit_is_refused(tmp_path):
    far = _far_corner(tmp_path / "long.xlsx", "A200000", "stray")
    with pytest.raises(ReadinessError, match=r"has data in row 200,000; an import reads at most 100,000 rows"):
        read_table(far)


def test_a_csv_file_past_the_row_limit_is_refused_and_blank_lines_past_it_are_not(files):
    lines = b"Case code\n" + b"".join(b"AB-%06d\n" % n for n in range(100_000))
    with pytest.raises(ReadinessError, match=r"has data in row 100,001; an import reads at most 100,000 rows"):
        read_table(files.raw("long.csv", lines))
    table = read_table(files.raw("blank-tail.csv", lines[: lines.index(b"AB-099999")] + b"\n" * 500_000))
    assert len(table.rows) == 100_000


def test_a_merge_across_to_the_last_column_fills_only_the_data(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Case code", "Team"])
    ws.append(["AB-001", "Front Door"])
    ws.merge_cells("A3:XFD3")
    ws["A3"] = "Lunch"
    wb.save(tmp_path / "merged.xlsx")
    rows = read_table(tmp_path / "merged.xlsx").rows
    assert rows[2] == ["Lunch", "Lunch"]


def test_a_workbook_saved_with_a_csv_name_is_read_as_a_workbook(empty_register, tmp_path):
    named = _far_corner(tmp_path / "cases.xlsx", "C3").rename(tmp_path / "cases.csv")
    result = import_file(empty_register, "cases", named)
    assert [c.key for c in result.created] == ["AB-001"]
    assert _case(empty_register, "AB-001")["team"] == "Front Door"


# ---------------------------------------------------------------- Excel error values


@pytest.mark.parametrize("code", ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?"])
def test_excel_error_values_are_row_errors_naming_the_cell(visit_register, files, code):
    path = files.xlsx(
        "timetable.xlsx",
        {"Sessions": [["Date", "Start", "End", "Room", "Title"], ["19/05/2026", "09:00", "10:00", code, "Opening"]]},
    )
    with pytest.raises(ValidationErrors) as caught:
        import_file(visit_register, "sessions", path)
    lines = caught.value.lines()
    assert any(f"row 2: Room: cell D2 holds the Excel error {code}" in line for line in lines), lines
    assert visit_register.scalar("SELECT COUNT(*) FROM room WHERE name = ?", (code,)) == 0


def test_excel_error_from_a_formula_cell_in_a_people_list(empty_register, tmp_path):
    # Excel stores a failed formula's cached value as an error cell (t="e"), not as text.
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Role"])
    ws.append(["Jane Smith", "Manager"])
    ws.append(["=VLOOKUP(1,Z1:Z2,2,FALSE)", "Officer"])
    wb.save(tmp_path / "people.xlsx")
    _cache_error(tmp_path / "people.xlsx", "A3", "#N/A")
    with pytest.raises(ValidationErrors) as caught:
        import_file(empty_register, "people", tmp_path / "people.xlsx")
    assert any("cell A3 holds the Excel error #N/A" in line for line in caught.value.lines())
    assert "#N/A" not in _names(empty_register)


def _cache_error(path: Path, ref: str, code: str) -> None:
    """Rewrite the sheet XML so cell `ref` is an error cell with cached value `code`, as Excel saves it."""
    import re
    import zipfile

    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as src:
        items = {i.filename: src.read(i) for i in src.infolist()}
    xml = items[part].decode()
    xml, n = re.subn(rf'<c r="{ref}"[^>]*>.*?</c>', f'<c r="{ref}" t="e"><f>NA()</f><v>{code}</v></c>', xml)
    assert n == 1
    items[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in items.items():
            out.writestr(name, data)


def test_excel_error_in_a_request_list_title(empty_register, files):
    path = files.csv("request.csv", [["Item", "Title"], ["1.1", "Policies"], ["1.2", "#REF!"]])
    with pytest.raises(ValidationErrors) as caught:
        import_request_list(empty_register, path)
    assert any("row 3: Title: cell B3 holds the Excel error #REF!" in line for line in caught.value.lines())


# ---------------------------------------------------------------- just the required column


def test_a_file_of_just_case_codes_imports(empty_register, files):
    path = files.csv("codes.csv", [["Case code"], ["AB-001"], ["AB-002"]])
    result = import_file(empty_register, "cases", path)
    assert [c.key for c in result.created] == ["AB-001", "AB-002"]


def test_a_file_of_just_names_imports(empty_register, files):
    path = files.xlsx("names.xlsx", {"Staff": [["Name"], ["Jane Smith"], ["Aled Jones"]]})
    result = import_file(empty_register, "people", path)
    assert sorted(c.key for c in result.created) == ["Aled Jones", "Jane Smith"]
    assert "Aled Jones" in _names(empty_register)


# ---------------------------------------------------------------- text encodings


def test_utf8_mark_then_windows_1252_bytes_is_read_as_1252_with_a_note(empty_register, files):
    path = files.raw("cases.csv", b"\xef\xbb\xbfCase code,Team\r\nAB-001,Caf\xe9 team\r\n")
    table = read_table(path)
    assert table.rows[1] == ["AB-001", "Café team"]
    assert "\ufffd" not in repr(table.rows)
    assert any("starts with a UTF-8 mark" in note for note in table.notes)
    result = import_file(empty_register, "cases", path)
    assert any("Windows-1252" in note for note in result.notes)
    assert _case(empty_register, "AB-001")["team"] == "Café team"


# ---------------------------------------------------------------- mapping files


def test_mapping_file_that_is_dev_zero_is_refused_at_once():
    with pytest.raises(ReadinessError, match="not an ordinary file"):
        mapping.load_mapping("cases", "/dev/zero")


def test_mapping_file_that_is_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "mapping.toml"
    os.mkfifo(fifo)
    with pytest.raises(ReadinessError, match="not an ordinary file"):
        mapping.load_mapping("cases", fifo)


def test_huge_mapping_file_is_refused_by_its_size(tmp_path):
    huge = tmp_path / "mapping.json"
    with open(huge, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    with pytest.raises(ReadinessError, match=r"mapping.json is 209,715,200 bytes; a mapping file is at most 64 KB"):
        mapping.load_mapping("cases", huge)


DEEP = [("deep.json", "[" * 30000 + "]" * 30000), ("deep.toml", "a = " + "[" * 30000)]


@pytest.mark.parametrize(("name", "text"), DEEP)
def test_deeply_nested_mapping_file_is_refused_in_one_line(tmp_path, capsys, empty_register, files, name, text):
    (tmp_path / name).write_text(text)
    data = files.csv("codes.csv", [["Case code"], ["AB-001"]])
    reg = str(empty_register.path)
    empty_register.close()
    assert main(["import", "cases", reg, str(data), "--mapping", str(tmp_path / name)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {name} is not a") and "unexpected" not in err


def test_remembered_mapping_of_the_wrong_shape_is_refused_as_an_error():
    for data in ([1, 2], {"columns": ["x"]}, {"columns": {"A": ["title"]}}, {"header_row": True}, {"sheet": {}}):
        with pytest.raises(ReadinessError):
            mapping.options_from("cases", data)


# ---------------------------------------------------------------- the command line's --map


def test_map_naming_a_column_the_file_lacks_is_an_error_naming_it(empty_register, files, capsys):
    path = files.csv("cases.csv", [["Case code", "Service"], ["AB-001", "Front Door"]])
    reg = str(empty_register.path)
    empty_register.close()
    assert main(["import", "cases", reg, str(path), "--map", "Servce=team"]) == 1
    err = capsys.readouterr().err
    assert "'Servce'" in err and "Service" in err
    assert main(["import", "cases", reg, str(path), "--map", "Service"]) == 1
    assert "--map 'Service': write COLUMN=FIELD" in capsys.readouterr().err
    assert main(["import", "cases", reg, str(path), "--map", "Service=team"]) == 0


# ---------------------------------------------------------------- output encoding


def test_listing_a_welsh_and_polish_name_on_a_cp1252_console(demo_register):
    from readiness_app.register import rooms

    reg = demo_register
    with reg.transaction("test"):
        for n, room in enumerate(people.list_rooms(reg)):
            rooms.edit(reg, room["id"], name=f"Ystafell Ŵy {n}")
        for n, person in enumerate(people.list_people(reg)):
            people.update_person(reg, person["id"], name=f"Łukasz Wąsik {n}")
        people.create_assessor(reg, "Łucja Wąsik (CQC)", "Assessor")
    path = str(reg.path)
    reg.close()
    commands = (["room", "list", path], ["assessor", "list", path], ["bulletin", path, "--for", "2026-12-15"])
    for command in commands:
        done = _run(*command, PYTHONIOENCODING="cp1252")
        assert done.returncode == 0, (command, done.stderr)
        assert "unexpected" not in done.stderr and "Traceback" not in done.stderr
        assert "?" in done.stdout  # what cp1252 cannot show is replaced, the rest printed
    assert "Ystafell ?y 0" in _run("room", "list", path, PYTHONIOENCODING="cp1252").stdout
    assert "?ucja W" in _run("assessor", "list", path, PYTHONIOENCODING="cp1252").stdout
    assert "Ystafell Ŵy 0" in _run("room", "list", path, PYTHONIOENCODING="utf-8").stdout
