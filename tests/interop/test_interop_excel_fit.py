"""Exports meant to come back from Excel: drop-downs, real dates and times, a table, text without apostrophes."""

from __future__ import annotations

import math
import zipfile
from datetime import date, time

import openpyxl

from readiness_app.interop.exporters import export_evidence_index, export_schedule
from readiness_app.interop.importers import import_file
from readiness_app.interop.xlsx import SheetTable, write_xlsx
from readiness_app.register import evidence, sessions
from readiness_app.register.vocabulary import SESSION_KIND, SESSION_STATUS


def _lists(ws) -> dict[str, list[str]]:
    """Column letter -> the values of its drop-down."""
    found = {}
    for rule in ws.data_validations.dataValidation:
        assert rule.type == "list"
        column = str(rule.sqref).split(":")[0].rstrip("0123456789")
        found[column] = rule.formula1.strip('"').split(",")
    return found


def test_schedule_has_drop_downs_times_a_table_and_reimports_unchanged(visit_register, tmp_path):
    reg = visit_register
    sessions.create(reg, date="2026-05-19", start="09:30", end="10:15", title="-5% budget variance", kind="drop_in")
    out = tmp_path / "schedule.xlsx"
    export_schedule(reg, out)
    ws = openpyxl.load_workbook(out)["Schedule"]
    assert ws.freeze_panes == "A2" and len(ws.tables) == 1
    row = [c for c in ws[2]]
    assert row[1].value.date() == date(2026, 5, 19) and row[1].number_format == "dd/mm/yyyy"
    assert row[2].value == time(9, 30) and row[2].number_format == "hh:mm"  # a real time, not text
    assert row[5].value == "-5% budget variance" and row[5].data_type == "s"  # no apostrophe shown
    lists = _lists(ws)
    assert lists["G"] == list(SESSION_KIND.values()) and lists["H"] == list(SESSION_STATUS.values())
    assert lists["I"][:2] == ["QS1", "QS2"]
    assert ws.column_dimensions["F"].width >= 30  # the title column is wide enough to read
    result = import_file(reg, "sessions", out)
    assert result.created == [] and result.updated == [] and result.unchanged == 1


def test_evidence_index_offers_status_and_category_choices(empty_register, tmp_path):
    evidence.create(empty_register, "QS1/a.pdf", qs=["QS1"], category="processes", title="A", sha256="a" * 64)
    out = tmp_path / "index.xlsx"
    export_evidence_index(empty_register, out)
    ws = openpyxl.load_workbook(out)["Evidence index"]
    lists = _lists(ws)
    assert "Accepted" in lists["G"] and "QS9" in lists["C"]
    from readiness_app.framework import current

    assert current().category("processes").name in lists["E"]


def test_nan_and_infinity_never_make_a_broken_workbook(tmp_path):
    out = tmp_path / "figures.xlsx"
    sheet = SheetTable("Figures", ["Figure", "Value"], [["a", math.nan], ["b", math.inf], ["c", -math.inf], ["d", 2.5]])
    write_xlsx(out, [sheet])
    xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "nan" not in xml.lower() and "inf" not in xml.lower()
    ws = openpyxl.load_workbook(out)["Figures"]
    assert [ws.cell(r, 2).value for r in range(2, 6)] == [None, None, None, 2.5]
