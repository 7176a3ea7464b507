"""The information return: import CQC's list, answer items every way, export and read it back."""

from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from readiness_app.cli import main
from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop import submission
from readiness_app.interop.importers.return_items import import_request_list
from readiness_app.opening import open_register
from readiness_app.register import evidence
from readiness_app.register import information_return as ir
from readiness_app.register.return_suggestions import suggest

TODAY = date(2026, 11, 23)
HEADER = ["Item no", "Document requested", "Further detail", "Quality statement", "Evidence category"]
ROWS = [
    HEADER,
    ["3.2", "Safeguarding Adults Board annual report", "The latest report", "Safeguarding", "Processes"],
    ["17", "Carers strategy", "", "QS5", ""],
    ["3.10", "Waiting list data", "Assessment waits by team", "QS1", "Processes"],
    ["4", "Adult social care website", "", "QS2", ""],
    ["5", "Mental health crisis protocol", "", "QS6", ""],
]


def _answer_all_ways(reg) -> None:
    ir.add_answer(reg, ir.item_id(reg, "3.2"), "evidence", evidence="LAIR-001")
    ir.add_answer(reg, ir.item_id(reg, "3.10"), "section", section="LAIR-002 p.12")
    ir.add_answer(reg, ir.item_id(reg, "4"), "link", link="https://www.testshire.example.gov.uk/asc")
    ir.add_answer(reg, ir.item_id(reg, "5"), "not_held", reason="Protocol is owned by the NHS trust")


def test_import_csv_then_xlsx_matches_by_number_and_keeps_answers(library, sheet):
    result = import_request_list(library, sheet("list.csv", ROWS))
    assert [c.key for c in result.created] == ["3.2", "17", "3.10", "4", "5"]
    row = library.conn.execute("SELECT * FROM return_item WHERE number = '3.2'").fetchone()
    assert (row["title"], row["qs"], row["category"], row["status"]) == (
        "Safeguarding Adults Board annual report",
        "QS7",
        "processes",
        "not_started",
    )
    ir.add_answer(library, ir.item_id(library, "3.2"), "evidence", evidence="LAIR-001")
    resent = [
        HEADER,
        ["3.2", "Safeguarding Adults Board annual report 2025/26", "", "", ""],
        ["18", "Market position", "", "", ""],
    ]
    again = import_request_list(library, sheet("list.xlsx", resent))
    assert [c.key for c in again.created] == ["18"]
    assert again.updated[0].changes == {
        "title": ["Safeguarding Adults Board annual report", "Safeguarding Adults Board annual report 2025/26"]
    }
    item = ir.get_item(library, ir.item_id(library, "3.2"))
    assert item["description"] == "The latest report"  # a blank cell changes nothing
    assert [a["reference"] for a in item["answers"]] == ["LAIR-001"]
    # A snapshot of the self-assessment was kept before the first import wrote anything.
    assert library.scalar("SELECT reason FROM snapshot ORDER BY id LIMIT 1") == "before_import"


def test_duplicate_numbers_are_refused_naming_both_rows(library, sheet):
    rows = [*ROWS, ["3.2", "Another safeguarding report", "", "QS7", ""]]
    with pytest.raises(ValidationErrors) as caught:
        import_request_list(library, sheet("dup.csv", rows))
    assert "row 7: Item no: item 3.2 is also on row 2" in caught.value.lines()
    assert library.scalar("SELECT COUNT(*) FROM return_item") == 0
    ir.create_item(library, number="9", title="By hand")
    with pytest.raises(ReadinessError, match="already in the information return"):
        ir.create_item(library, number="9", title="Twice")


def test_bad_cells_name_row_and_column(library, sheet):
    rows = [HEADER, ["3.2", "", "", "", ""], ["3 2!", "Odd number", "", "", ""], ["6", "X", "", "QS42", "Gossip"]]
    with pytest.raises(ValidationErrors) as caught:
        import_request_list(library, sheet("bad.csv", rows))
    lines = caught.value.lines()
    assert "row 2: Document requested: a new item needs a title" in lines
    assert any(line.startswith("row 3: Item no:") for line in lines)
    assert any(line.startswith("row 4: Quality statement: unknown quality statement") for line in lines)
    assert any(line.startswith("row 4: Evidence category: unknown evidence category 'Gossip'") for line in lines)


def test_answers_every_way_and_links_must_be_web_addresses(library, sheet):
    import_request_list(library, sheet("list.csv", ROWS))
    _answer_all_ways(library)
    for bad in ("file:///C:/secret.docx", "ftp://x.example/a", "www.example.com", "javascript:alert(1)"):
        with pytest.raises(ReadinessError, match="links must start http"):
            ir.add_answer(library, ir.item_id(library, "4"), "link", link=bad)
    with pytest.raises(ReadinessError, match="no evidence file"):
        ir.add_answer(library, ir.item_id(library, "17"), "evidence", evidence="LAIR-999")
    with pytest.raises(ReadinessError, match="reason is required"):
        ir.add_answer(library, ir.item_id(library, "17"), "not_held", reason=" ")
    items = {i["number"]: i for i in ir.list_items(library, today=TODAY)}
    assert items["3.10"]["answers"][0]["text"] == "LAIR-002 Waiting list dashboard.xlsx, p.12"
    assert items["4"]["answers"][0]["text"] == "https://www.testshire.example.gov.uk/asc"
    assert items["5"]["answers"][0]["text"] == "Not held: Protocol is owned by the NHS trust"
    assert items["3.2"]["status"] == "in_progress"  # the first answer starts the item
    assert items["17"]["due"] == "2026-11-20"  # the return's due date by default
    assert "overdue" in ir.list_items(library, today=date(2026, 11, 21))[0]["flags"]
    # Unanswered first, then CQC's numbering (3.2 before 3.10 before 4).
    assert [i["number"] for i in ir.list_items(library, today=TODAY)] == ["17", "3.2", "3.10", "4", "5"]
    counts = ir.counts(library)
    assert counts["unanswered"] == 1 and counts["by_status"]["in_progress"] == 4
    assert counts["by_qs"]["QS7"] == {"items": 1, "answered": 1}


def test_missing_file_is_flagged_on_the_list_and_in_every_export(library, sheet, tmp_path):
    import_request_list(library, sheet("list.csv", ROWS))
    _answer_all_ways(library)
    gone = library.scalar("SELECT id FROM evidence WHERE reference = 'LAIR-002'")
    evidence.update(library, gone, presence="missing")
    item = ir.get_item(library, ir.item_id(library, "3.10"), today=TODAY)
    assert item["flags"] == ["LAIR-002 Waiting list dashboard.xlsx, p.12: file missing", "overdue"]
    assert ir.counts(library)["missing_files"] == 1
    submission.export_index(library, tmp_path / "index.xlsx", TODAY)
    ws = load_workbook(tmp_path / "index.xlsx")["Information return"]
    cells = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert "[FILE MISSING]" in cells["3.10"][5] and cells["3.10"][6] == "file missing"


def test_submission_xlsx_csv_pdf_and_gathered_folder(library, sheet, tmp_path):
    import_request_list(library, sheet("list.csv", ROWS))
    _answer_all_ways(library)
    submission.export_index(library, tmp_path / "index.xlsx", TODAY)
    ws = load_workbook(tmp_path / "index.xlsx")["Information return"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("Item", "Title", "QS", "Evidence category", "Status", "Answer")
    assert [r[0] for r in rows[1:]] == ["3.2", "3.10", "4", "5", "17"]  # CQC's numbering
    by_number = {r[0]: r for r in rows[1:]}
    assert by_number["3.2"][5] == "LAIR-001 SAB annual report 2025-26.pdf"
    assert by_number["17"][5] == "NOT ANSWERED"
    assert by_number["4"][5] == "https://www.testshire.example.gov.uk/asc"
    submission.export_index(library, tmp_path / "index.csv", TODAY)
    assert "Not held: Protocol is owned by the NHS trust" in (tmp_path / "index.csv").read_text(encoding="utf-8-sig")

    out = tmp_path / "out"
    out.mkdir()
    register = str(library.path)
    library.close()
    code = main(["return", "export", register, "-o", "submission.pdf", "--gather", str(out), "--today", "2026-11-23"])
    assert code == 0
    folder = out / "Information return 2026-11-23"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "3.10 Waiting list dashboard.xlsx",
        "3.2 SAB annual report 2025-26.pdf",
        "submission.pdf",
        "submission.xlsx",
    ]
    text = " ".join((p.extract_text() or "") for p in PdfReader(folder / "submission.pdf").pages)
    text = " ".join(text.split())
    # the copy for CQC: no internal status, an unanswered item said plainly
    assert "Submission index" in text and "No answer provided" in text and "NOT ANSWERED" not in text
    assert "For: CQC" in text
    assert "LAIR-002 Waiting list dashboard.xlsx, p.12" in text
    assert "Not held: Protocol is owned by the NHS trust" in text
    assert load_workbook(folder / "submission.xlsx")["Information return"]["A2"].value == "3.2"


def test_suggestions_never_link_and_fit_the_item(library, sheet):
    import_request_list(library, sheet("list.csv", ROWS))
    before = library.scalar("SELECT COUNT(*) FROM return_answer")
    found = suggest(library, ir.get_item(library, ir.item_id(library, "17")))
    assert [s.reference for s in found] == ["LAIR-003"]
    assert "title words: carers, strategy" in found[0].reasons
    assert library.scalar("SELECT COUNT(*) FROM return_answer") == before
    ir.add_answer(library, ir.item_id(library, "17"), "evidence", evidence=found[0].evidence_id)
    assert suggest(library, ir.get_item(library, ir.item_id(library, "17"))) == []  # already linked


def test_cli_import_dry_run_status_answer(library, sheet, capsys):
    path = sheet("list.csv", ROWS)
    register = str(library.path)
    library.close()
    assert main(["return", "import", register, str(path), "--dry-run"]) == 0
    assert "would create 5" in capsys.readouterr().out
    assert main(["return", "import", register, str(path)]) == 0
    capsys.readouterr()
    assert main(["return", "answer", register, "3.2", "--evidence", "LAIR-001", "--status", "ready"]) == 0
    assert "LAIR-001 SAB annual report 2025-26.pdf" in capsys.readouterr().out
    assert main(["return", "answer", register, "4", "--link", "file:///etc/passwd"]) == 1
    assert "links must start http" in capsys.readouterr().err
    assert main(["return", "answer", register, "99", "--not-held", "x"]) == 1
    assert "no item 99" in capsys.readouterr().err
    assert main(["return", "answer", register, "5", "--section", "LAIR-002"]) == 1
    assert "needs a file reference and a page" in capsys.readouterr().err
    assert main(["return", "status", register, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 5 and data["by_status"]["ready"] == 1 and data["unanswered"] == 4
    assert main(["return", "status", register]) == 0
    assert "Unanswered: 3.10, 4, 5, 17" in capsys.readouterr().out
    assert main(["return", "suggest", register, "17", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["suggestions"][0]["reference"] == "LAIR-003"
    reg = open_register(register)
    try:
        assert reg.scalar("SELECT COUNT(*) FROM return_answer") == 1
    finally:
        reg.close()


def test_the_shipped_samples_import_cleanly(empty_register):
    from readiness_app.interop.importers.characteristics import load_characteristics
    from readiness_app.interop.importers.indicators import import_indicators
    from readiness_app.paths import resource

    assert len(import_request_list(empty_register, resource("samples", "request-list.csv")).created) == 10
    assert len(import_indicators(empty_register, resource("samples", "indicators.csv")).created) == 6
    count = load_characteristics(
        empty_register, resource("samples", "rating-characteristics.csv"), source="sample", status="draft"
    )
    assert count == 4


def test_item_numbers_typed_as_numbers_in_excel_get_a_note(empty_register, sheet):
    rows = [HEADER, [3.2, "Waiting list data", "", "QS1", ""], [17, "Carers strategy", "", "QS5", ""]]
    result = import_request_list(empty_register, sheet("numbers.xlsx", rows))
    assert [c.key for c in result.created] == ["3.2", "17"]
    assert any("Excel may have dropped a final 0" in note for note in result.notes)


def test_cli_items_by_hand_and_an_answer_whose_file_left_the_register(library, capsys):
    register = str(library.path)
    library.close()
    assert main(["return", "item", register, "7", "--title", "Carers strategy", "--qs", "QS5"]) == 0
    assert "item 7 added" in capsys.readouterr().out
    assert main(["return", "item", register, "7", "--owner", "Carers lead", "--due", "18/11/2026"]) == 0
    assert "item 7 changed owner, due_date" in capsys.readouterr().out
    assert main(["return", "item", register, "8"]) == 1
    assert "title is required" in capsys.readouterr().err
    assert main(["return", "answer", register, "7", "--evidence", "LAIR-003"]) == 0
    reg = open_register(register)
    try:
        with reg.transaction():
            reg.conn.execute("DELETE FROM evidence WHERE reference = 'LAIR-003'")
        item = ir.get_item(reg, ir.item_id(reg, "7"), today=TODAY)
        assert item["answers"][0]["text"] == "(file removed) [FILE REMOVED FROM THE REGISTER]"
        assert item["due"] == "2026-11-18" and "overdue" in item["flags"]
        assert ir.counts(reg)["missing_files"] == 1
    finally:
        reg.close()


def test_return_status_starts_without_the_other_areas_commands(library):
    """`return status` builds only its own area's parser (it must stay near a bare sqlite3 count)."""
    import subprocess
    import sys

    from readiness_app import cli

    for name, module in cli.COMMAND_HOMES.items():
        assert name in cli.build_parser(extensions=[module])._subparsers._group_actions[0].choices
    register = str(library.path)
    library.close()
    code = (
        "import sys; from readiness_app import cli; from readiness_app.cli import main; "
        f"rc = main(['return', 'status', {register!r}, '--json']); "
        "print(rc, sorted(m for m in sys.modules if m in cli.COMMAND_MODULES))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "0 ['readiness_app.cli.preparation']"
