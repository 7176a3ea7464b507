"""`qs import`: the self-assessment and the QS lead's key messages from a spreadsheet."""

from __future__ import annotations

from openpyxl import Workbook

from readiness_app.cli import main
from readiness_app.opening import open_register
from readiness_app.paths import resource
from readiness_app.register import self_assessment


def test_sample_sheet_sets_key_messages_and_leaves_other_columns(empty_register, capsys):
    path = str(empty_register.path)
    empty_register.close()
    assert main(["qs", "import", path, str(resource("samples", "self-assessment.csv"))]) == 0
    assert "QS1: development, key messages, owner, score, strengths updated" in capsys.readouterr().out
    reg = open_register(path)
    try:
        rows = self_assessment.all_rows(reg)
        assert rows["QS1"]["key_messages"].splitlines() == [
            "Waiting list down from 620 to 410 since April",
            "Every person waiting has a named worker and a risk review",
        ]
        assert rows["QS2"]["owner"] == "Head of Prevention"  # matched by its name, not its id
        assert rows["QS1"]["narrative"] == ""  # no Narrative column: left alone
        audit = reg.query("SELECT source FROM audit WHERE record_table = 'self_assessment'")
        assert audit and {r[0] for r in audit} == {"import"}
    finally:
        reg.close()


def test_bad_rows_are_named_and_nothing_changes(empty_register, tmp_path, capsys):
    wb = Workbook()
    ws = wb.active
    ws.append(["Self-assessment for import"])
    ws.append(["Quality statement", "Score", "Key messages"])
    ws.append(["Safeguarding", 3, "Fine"])
    ws.append(["Parking", 2, "x"])
    ws.append(["QS4", 6, "y"])
    wb.save(tmp_path / "sa.xlsx")
    path = str(empty_register.path)
    empty_register.close()
    assert main(["qs", "import", path, str(tmp_path / "sa.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "row 4, Quality statement: 'Parking' is not a quality statement" in err
    assert "row 5, Score: score 6 is outside 1-4" in err
    reg = open_register(path)
    try:
        assert self_assessment.all_rows(reg)["QS7"]["key_messages"] == ""
    finally:
        reg.close()
