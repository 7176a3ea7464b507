"""The case list export: drop-downs for stage, consent and contact, real dates, a table, coded references only,
and a round trip through Excel and `import cases` that changes exactly what was changed."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl

from readiness_app.interop.exporters import CASE_COLUMNS, export_cases
from readiness_app.interop.importers import import_file
from readiness_app.register import assessment, cases, people
from readiness_app.register.vocabulary import CONSENT, CONTACT, STAGE

ROOT = Path(__file__).resolve().parents[2]


def _lists(ws) -> dict[str, list[str]]:
    """Column letter -> the values of its drop-down, and the rows it reaches."""
    found = {}
    for rule in ws.data_validations.dataValidation:
        assert rule.type == "list"
        column = str(rule.sqref).split(":")[0].rstrip("0123456789")
        found[column] = rule.formula1.strip('"').split(",")
    return found


def _snapshot(reg) -> dict[str, dict]:
    keep = ("team", "stage", "consent", "consent_date", "records_shared_date", "contact", "notes", "criteria", "qs")
    return {c["code"]: {k: c[k] for k in keep} for c in cases.list_cases(reg)}


def test_case_list_has_drop_downs_dates_a_table_and_the_marking(demo_register, tmp_path):
    reg = demo_register
    case_id = cases.find_by_code(reg, cases.list_cases(reg)[0]["code"])
    cases.update(reg, case_id, consent="given", consent_date="2026-11-02", contact="family")
    out = tmp_path / "cases.xlsx"
    written = export_cases(reg, out)
    assert written.rows == len(cases.list_cases(reg)) == 50

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Cases", "About"]
    ws = wb["Cases"]
    assert [c.value for c in ws[1]] == [h for h, _ in CASE_COLUMNS]
    assert ws.freeze_panes == "A2"
    (table,) = ws.tables.values()
    assert table.ref == f"A1:J{written.rows + 1}"
    lists = _lists(ws)
    assert lists["D"] == list(STAGE.values())
    assert lists["E"] == list(CONSENT.values())
    assert lists["H"] == list(CONTACT.values())
    assert lists["I"][:2] == ["QS1", "QS2"]
    rule = next(r for r in ws.data_validations.dataValidation if str(r.sqref).startswith("D"))
    assert str(rule.sqref) == "D2:D1000"  # rows added in Excel get the drop-down too
    first = ws[2]
    assert first[4].value == "Given"
    assert first[5].value.date() == date(2026, 11, 2) and first[5].number_format == "dd/mm/yyyy"
    assert first[7].value == "Family"
    assert ws.column_dimensions["B"].width >= 25 and ws.column_dimensions["J"].width >= 40

    # An internal document: coded references, never a person's name; the marking on the sheet and in print.
    marking = assessment.get(reg)["marking"]
    assert marking
    about = {row[0]: row[1] for row in wb["About"].iter_rows(values_only=True)}
    assert about["Protective marking"] == marking
    assert about["For"] == "Council internal"
    assert "coded references only" in about["Case references"]
    assert marking in ws.oddHeader.center.text
    cells = {str(c.value) for row in ws.iter_rows(min_row=2) for c in row if c.value is not None}
    names = {p["name"] for p in people.list_people(reg)}
    assert not [name for name in names if any(name in text for text in cells)]


def test_a_stage_changed_in_excel_comes_back_and_nothing_else_changes(demo_register, tmp_path):
    reg = demo_register
    out = tmp_path / "cases.xlsx"
    export_cases(reg, out)
    before = _snapshot(reg)

    wb = openpyxl.load_workbook(out)
    ws = wb["Cases"]
    code = ws["A3"].value
    assert before[code]["stage"] != "reserve"
    ws["D3"] = "Reserve"  # what picking from the drop-down writes
    wb.save(out)

    result = import_file(reg, "cases", out)
    assert result.created == []
    assert [(u.key, list(u.changes)) for u in result.updated] == [(code, ["stage"])]
    assert result.unchanged == len(before) - 1
    after = _snapshot(reg)
    assert after[code]["stage"] == "reserve"
    before[code]["stage"] = "reserve"
    assert after == before


def test_an_untouched_export_reimports_with_no_changes(demo_register, tmp_path):
    reg = demo_register
    cases.update(
        reg,
        cases.find_by_code(reg, cases.list_cases(reg)[1]["code"]),
        consent="requested",
        records_shared_date="2026-11-20",
        notes="=not a formula\nsecond line",
    )
    out = tmp_path / "cases.xlsx"
    export_cases(reg, out)
    result = import_file(reg, "cases", out)
    assert result.created == [] and result.updated == [] and result.unchanged == 50


def test_csv_and_the_command_line(demo_dir, tmp_path):
    out = tmp_path / "cases.csv"
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "export", "cases", str(demo_dir / "register.sqlite"), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "(50 cases)" in done.stdout
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [h for h, _ in CASE_COLUMNS] and len(rows) == 51
    assert {r[3] for r in rows[1:]} <= set(STAGE.values())
