"""What visit week prints and exports: bulletin (PDF and text), FA submission, improvement plan, XLSX, CLI."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from readiness_app import cli
from readiness_app.errors import ReadinessError
from readiness_app.interop import visit_exports as exports
from readiness_app.register import accuracy, assessment, improvement, learning, outcome, sessions
from readiness_app.reports import bulletin
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.rendering import render

EVENING = "2026-12-15"  # first on-site day of the demo; interviews continue on the 16th
CLOCK = datetime(2026, 12, 15, 18, 30)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def visit_day_log(demo_register):
    reg = demo_register
    first = sessions.list_sessions(reg, day=EVENING)[0]
    learning.create(
        reg,
        session_id=first["id"],
        went_well="Clear story on the front door",
        to_correct="Review backlog quoted as 300; it is 214",
        correct_by="Head of Adult Care",
        evidence_to_send="Waiting list dashboard",
        themes="waiting lists, carers",
    )
    learning.create(
        reg,
        date=EVENING,
        qs="QS7",
        to_correct="Review backlog quoted as 300; it is 214",
        correct_by="Head of Adult Care",
    )
    learning.create(reg, date="2026-12-16", went_well="Not for tonight's bulletin")
    return reg


def test_bulletin_text_has_tomorrows_sessions_and_todays_corrections(visit_day_log):
    reg = visit_day_log
    content = bulletin.collect(reg, "15/12/2026")
    tomorrow = sessions.list_sessions(reg, day="2026-12-16", include_cancelled=False)
    assert content["next_day"] == "2026-12-16" and len(content["sessions"]) == len(tomorrow)
    text = bulletin.as_text(content)
    assert text.startswith("OFFICIAL-SENSITIVE")
    assert "for interviews on Wed 16 Dec 2026" in text
    first = tomorrow[0]
    assert f"{first['start']}-{first['end']}  {first['title']}" in text
    assert first["people"][0]["name"] in text
    # The same correction heard twice is listed once, with where it was heard.
    assert text.count("Review backlog quoted as 300; it is 214") == 1
    assert "(to be picked up by Head of Adult Care) [heard 2 times]" in text
    assert "Waiting list dashboard" in text and "waiting lists; carers" in text
    assert "Not for tonight's bulletin" not in text
    assert "REMINDERS" in text and "Arrive at least 15 minutes" in text


def test_bulletin_friday_evening_covers_the_next_session_day_and_refuses_far_dates(demo_register):
    reg = demo_register
    assert bulletin.collect(reg, "2026-12-17")["next_day"] == "2026-12-18"  # the virtual day
    with pytest.raises(ReadinessError, match="no interview sessions after"):
        bulletin.collect(reg, "2026-12-18")
    with pytest.raises(ReadinessError, match="days later") as err:
        bulletin.collect(reg, "2026-12-01")
    assert "--for 2026-12-14" in err.value.hint
    # The council's own reminders: the register setting, one a line (blank lines dropped).
    assessment.set_setting(reg, bulletin.REMINDERS_SETTING, "Bring your pass\n\n")
    assert bulletin.collect(reg, "2026-12-14")["reminders"] == ["Bring your pass"]


def test_bulletin_pdf_text(visit_day_log, tmp_path):
    out = tmp_path / "bulletin.pdf"
    result = render(visit_day_log, "bulletin", out, ReportOptions(for_date=EVENING, generated_at=CLOCK))
    assert result.pages <= 3
    text = flat(pdf_text(out))
    assert "OFFICIAL-SENSITIVE" in text and "Evening bulletin: Tue 15 Dec 2026" in text
    assert "Tomorrow's interviews" in text and "Corrections and clarifications" in text
    assert "Review backlog quoted as 300; it is 214" in text
    first = sessions.list_sessions(visit_day_log, day="2026-12-16")[0]
    assert first["title"] in text
    assert "Reminders" in text and f"Page 1 of {result.pages}" in text


def test_bulletin_pdf_needs_a_date(demo_register, tmp_path):
    with pytest.raises(ReadinessError, match="which evening"):
        render(demo_register, "bulletin", tmp_path / "b.pdf", ReportOptions(generated_at=CLOCK))
    assert not (tmp_path / "b.pdf").exists()


@pytest.fixture
def plan_register(demo_register):
    reg = demo_register
    outcome.set_outcome(reg, scores=[2, 2, 2, 2, 3, 3, 3, 3, 3], published_date="2027-03-01")
    improvement.create(
        reg,
        qs="QS1",
        description="Cut waiting times for assessments",
        lead="Principal Social Worker",
        priority="H",
        target_date="2027-06-30",
        status="on_track",
        board="ACMT",
    )
    improvement.create(
        reg,
        qs="QS2",
        description="Direct payments take-up",
        lead="Commissioning Manager",
        priority="M",
        target_date="2027-03-31",
        board="QILT",
    )
    improvement.create(
        reg,
        qs="QS7",
        description="Making Safeguarding Personal audits",
        lead="Head of Safeguarding",
        priority="H",
        target_date="2027-04-30",
        status="complete",
        board="QAB",
    )
    improvement.create(reg, description='=HYPERLINK("http://x")', lead="+Head of Digital", priority="L")
    return reg


def test_plan_pdf_grouped_by_theme(plan_register, tmp_path):
    out = tmp_path / "plan.pdf"
    render(plan_register, "improvement-plan", out, ReportOptions(generated_at=datetime(2027, 5, 1, 9, 0)))
    text = flat(pdf_text(out))
    assert "Improvement plan" in text and "OFFICIAL-SENSITIVE" in text
    assert "Good, published Mon 1 Mar 2027" in text
    across, people, safety = (
        text.index(h) for h in ("Across the themes", "Theme: Working with people", "Theme: Ensuring safety")
    )
    assert across < people < safety
    assert "Theme: Providing support" not in text  # no actions there
    assert text.index("Cut waiting times") < text.index("Direct payments") < safety < text.index("Making Safeguarding")
    for word in ("On track", "Overdue", "Complete", "Not started"):
        assert word in text
    assert "1.2 Direct payments take-up" in text


def test_fa_submission_pdf(demo_register, tmp_path):
    reg = demo_register
    accuracy.set_received(reg, "2026-12-18")
    accuracy.create(
        reg,
        section="Theme 3, para 12",
        correction_type="inaccurate",
        draft_wording="No protocol exists",
        proposed_wording="A joint protocol has been in place since April 2025",
        evidence=[3],
    )
    accuracy.create(reg, section="Summary", page="4", paragraph="2", correction_type="omitted", owner="Head of QA")
    long_wording = " ".join(f"sentence {n} of a long proposed wording." for n in range(400))  # ~16,000 characters
    accuracy.create(reg, section="Theme 1", correction_type="typo", proposed_wording=long_wording + " THE END")
    out = tmp_path / "fa.pdf"
    render(reg, "fa-submission", out, ReportOptions(generated_at=datetime(2026, 12, 21, 9, 0)))
    text = flat(pdf_text(out))
    assert "Response due Wed 6 Jan 2027 (10 working days)" in text
    assert "A joint protocol has been in place since April 2025" in text
    assert "Factually inaccurate" in text and "evidence attached)" not in text
    # CQC's copy (the default): no to-do list, and nothing cut short
    assert "Before you submit" not in text and "Still needed" not in text and "shortened" not in text
    assert "Summary, page 4, paragraph 2" in text and "no evidence attached" in text
    assert "sentence 399 of a long proposed wording. THE END" in text
    assert "For: CQC" in text

    inside = tmp_path / "fa-internal.pdf"
    render(reg, "fa-submission", inside, ReportOptions(audience="internal"))
    text = flat(pdf_text(inside))
    assert "Before you submit" in text and "nothing says what was omitted" in text
    assert "For: council internal" in text


def test_xlsx_exports_read_back_and_neutralise_formulas(plan_register, tmp_path):
    reg = plan_register
    accuracy.create(
        reg, section="=cmd|' /C calc'!A0", correction_type="typo", draft_wording="@SUM(A1)", proposed_wording="-2+3"
    )
    path = exports.export(reg, "plan", tmp_path / "plan.xlsx", today=date(2027, 5, 1))
    ws = load_workbook(path)["Improvement plan"]
    assert ws["A2"].value == "OFFICIAL-SENSITIVE"
    assert [c.value for c in ws[4]][:4] == ["Ref", "CQC theme", "QS", "Action"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    assert rows["1.1"][7] == "On track" and rows["1.2"][7] == "Overdue"
    assert rows["1.1"][6] == datetime(2027, 6, 30)
    assert rows["0.1"][3] == '\'=HYPERLINK("http://x")' and rows["0.1"][5] == "'+Head of Digital"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)

    path = exports.export(reg, "accuracy", tmp_path / "fa.xlsx")
    ws = load_workbook(path).active
    point = [c.value for c in ws[5]]
    assert point[:5] == [1, "'=cmd|' /C calc'!A0", "Typo or wrong figure", "'@SUM(A1)", "'-2+3"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["fa.xlsx", "plan.xlsx"]  # no temp files

    with pytest.raises(ReadinessError, match=".xlsx"):
        exports.export(reg, "plan", tmp_path / "plan.csv")


# ---------------------------------------------------------------- command line


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_round_trip_with_json(demo_dir, capsys):
    reg = str(demo_dir / "register.sqlite")
    code, out, err = run(
        capsys,
        "learning",
        "add",
        reg,
        "--session",
        "1",
        "--to-correct",
        "Backlog is 214",
        "--correct-by",
        "PSW",
        "--json",
    )
    assert code == 0 and json.loads(out)["to_correct"] == "Backlog is 214"
    code, out, _ = run(capsys, "learning", "list", reg, "--search", "backlog", "--json")
    assert [e["session_id"] for e in json.loads(out)] == [1]

    code, out, err = run(capsys, "request", "add", reg, "--received", "16/12/2026", "--description", "s42 audit")
    assert code == 0 and "no due date" in err
    run(capsys, "request", "add", reg, "--received", "16/12/2026", "--description", "Org chart", "--due", "17/12/2026")
    code, out, _ = run(capsys, "request", "list", reg, "--overdue", "--today", "2026-12-21", "--json")
    assert [r["description"] for r in json.loads(out)] == ["Org chart"]
    code, out, _ = run(
        capsys,
        "request",
        "update",
        reg,
        "2",
        "--status",
        "sent",
        "--evidence",
        "4,5",
        "--today",
        "2026-12-21",
        "--json",
    )
    assert json.loads(out)["sent_date"] == "2026-12-21" and not json.loads(out)["overdue"]

    code, out, _ = run(
        capsys, "accuracy", "deadline", reg, "--received", "18/12/2026", "--today", "2026-12-21", "--json"
    )
    assert json.loads(out)["deadline"] == "2027-01-06"
    run(capsys, "accuracy", "add", reg, "--section", "Para 3", "--type", "typo", "--draft", "76%", "--proposed", "67%")
    code, out, _ = run(capsys, "accuracy", "list", reg, "--json")
    assert json.loads(out)[0]["correction_type"] == "typo_figure"

    code, out, _ = run(capsys, "outcome", "set", reg, "--scores", "2,2,2,2,3,3,3,3,3", "--date", "01/03/2027", "--json")
    assert json.loads(out)["published_rating"] == "Good"
    code, out, _ = run(capsys, "outcome", "show", reg)
    assert "over-rated" in out

    code, out, _ = run(
        capsys,
        "plan",
        "add",
        reg,
        "--qs",
        "QS1",
        "--description",
        "Cut waiting lists",
        "--lead",
        "PSW",
        "--priority",
        "H",
        "--target",
        "30/06/2027",
        "--json",
    )
    assert json.loads(out)["reference"] == "1.1"
    code, out, _ = run(
        capsys,
        "plan",
        "update",
        reg,
        "1.1",
        "--note",
        "Started",
        "--status",
        "on track",
        "--today",
        "2027-05-01",
        "--json",
    )
    assert json.loads(out)["progress"] == "01/05/2027: Started" and json.loads(out)["rag"] == "on_track"
    code, out, _ = run(capsys, "plan", "list", reg, "--today", "2027-07-01", "--json")
    assert json.loads(out)[0]["rag"] == "overdue"

    code, out, _ = run(capsys, "status", reg, "--json")
    visit = json.loads(out)["visit"]
    assert visit["requests"]["total"] == 2 and visit["factual_accuracy"]["points"] == 1
    assert visit["published_rating"] == "Good" and visit["plan"]["total"] == 1


def test_cli_bulletin_text_pdf_and_errors(demo_dir, capsys, tmp_path):
    reg = str(demo_dir / "register.sqlite")
    code, out, _ = run(capsys, "bulletin", reg, "--for", "15/12/2026")
    assert code == 0 and "for interviews on Wed 16 Dec 2026" in out
    target = tmp_path / "bulletin.txt"
    code, out, _ = run(capsys, "bulletin", reg, "--for", "2026-12-15", "-o", str(target))
    assert code == 0 and "for interviews on Wed 16 Dec 2026" in target.read_text(encoding="utf-8")
    pdf = tmp_path / "bulletin.pdf"
    code, out, err = run(capsys, "report", "bulletin", reg, "--for", "2026-12-15", "-o", str(pdf))
    assert code == 0, err
    assert "Tomorrow's interviews" in pdf_text(pdf)

    code, out, err = run(capsys, "plan", "add", reg, "--description", "x", "--lead", " ")
    assert code == 1 and "needs a lead" in err and "Traceback" not in err
    code, out, err = run(capsys, "workdays", "2027-12-24", "-1")
    assert code == 1 and "negative" in err and "Traceback" not in err
    code, out, _ = run(capsys, "workdays", "18/12/2026", "10", "--json")
    assert json.loads(out)["date"] == "2027-01-06"


def test_exports_name_evidence_by_reference_and_title_never_by_id(demo_register, tmp_path):
    reg = demo_register
    with_ref = reg.query("SELECT id, reference, title FROM evidence WHERE reference != '' ORDER BY id LIMIT 1")[0]
    without = reg.query("SELECT id, title FROM evidence WHERE title != '' AND id != ? LIMIT 1", (with_ref["id"],))[0]
    reg.conn.execute("UPDATE evidence SET reference = NULL WHERE id = ?", (without["id"],))
    accuracy.create(reg, section="Theme 1", correction_type="typo", evidence=[with_ref["id"], without["id"]])
    ws = load_workbook(exports.export(reg, "accuracy", tmp_path / "fa.xlsx")).active
    cells = [str(c.value) for row in ws.iter_rows(min_row=5) for c in row if c.value]
    named = next(c for c in cells if without["title"] in c)
    # the item without a reference is named by its title alone, not "<id> <title>"
    assert sorted(named.split("; ")) == sorted([f"{with_ref['reference']}: {with_ref['title']}", without["title"]])
