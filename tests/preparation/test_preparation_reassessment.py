"""Re-assessment: the previous report's findings, the two-part plan, progress per QS,
the self-assessment document and its annual versions, and a release-2 register's
outcome kept as the previous assessment."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest

from readiness_app import cli
from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop.importers import import_file
from readiness_app.register import (
    annual_self_assessment,
    findings,
    improvement,
    outcome,
    progress,
    readiness,
    self_assessment,
)

FINDINGS_ROWS = [
    ["QS", "Finding", "Kind", "Page"],
    ["QS1", "People waited too long for a Care Act assessment", "Area for improvement", "7"],
    ["Assessing needs", "Staff worked in a strengths-based way", "Went well", "6"],
    ["Safe pathways, systems and transitions", "Young people's transitions were planned early", "went well", "12"],
    ["QS7", "DoLS applications waited too long", "area for improvement", "para 41"],
]


def test_findings_import_from_a_spreadsheet_and_again_changes_nothing(library, sheet):
    path = sheet("findings.xlsx", FINDINGS_ROWS)
    result = import_file(library, "findings", path)
    assert len(result.created) == 4
    rows = findings.list_findings(library)
    assert [(r["qs"], r["kind"], r["page"]) for r in rows] == [
        ("QS1", "went_well", "6"),
        ("QS1", "improve", "7"),
        ("QS6", "went_well", "12"),
        ("QS7", "improve", "para 41"),
    ]
    again = import_file(library, "findings", path)
    assert not again.created and again.unchanged == 4
    assert len(findings.list_findings(library)) == 4


def test_findings_import_refuses_a_bad_row_and_writes_nothing(library, sheet):
    rows = [*FINDINGS_ROWS, ["QS12", "Not a statement", "went well", ""], ["QS2", "No kind given", "maybe", ""]]
    with pytest.raises(ValidationErrors) as caught:
        import_file(library, "findings", sheet("bad.csv", rows))
    lines = caught.value.lines()
    assert any("row 6" in line and "QS12" in line for line in lines)
    assert any("row 7" in line and "maybe" in line for line in lines)
    assert findings.list_findings(library) == []


def test_a_finding_typed_in_through_the_command_line(library, capsys):
    path = str(library.path)
    library.close()
    assert (
        cli.main(["finding", "add", path, "--qs", "QS3", "--kind", "area for improvement", "--text", "Equality data"])
        == 0
    )
    assert cli.main(["finding", "list", path, "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    listed = json.loads(out)
    assert [(r["qs"], r["kind"], r["text"]) for r in listed] == [("QS3", "improve", "Equality data")]


def test_two_part_plan_with_at_risk_and_no_date(library):
    b = improvement.create(library, description="Clear the waiting list", lead="Head of Practice", qs="QS1",
                           target_date="2027-03-15", status="on_track")  # fmt: skip
    a = improvement.create(library, description="Mock interviews for leaders", lead="Assurance lead", qs="QS8",
                           part="A", status="on_track")  # fmt: skip
    risk = improvement.create(library, description="Publish equality data", lead="Performance", qs="QS3",
                              target_date="2027-02-01", status="at risk")  # fmt: skip
    today = date(2026, 11, 23)
    rows = {r["id"]: r for r in improvement.list_actions(library, today=today)}
    assert rows[b]["part"] == "post_report" and rows[a]["part"] == "readiness"
    assert rows[a]["rag"] == "no_date"  # on track for no date is never "on track"
    assert rows[risk]["rag"] == "at_risk"
    assert rows[b]["rag"] == "on_track"
    assert [r["id"] for r in improvement.list_actions(library, today=today, part="A")] == [a]
    # Part B (from the report) is listed before part A (readiness).
    order = [r["id"] for r in improvement.list_actions(library, today=today)]
    assert order.index(a) > order.index(b) and order.index(a) > order.index(risk)
    counts = improvement.rag_counts(library, today)
    assert counts == {"total": 3, "complete": 0, "overdue": 0, "at_risk": 1, "no_date": 1, "on_track": 1,
                      "not_started": 0}  # fmt: skip
    with pytest.raises(ReadinessError):
        improvement.create(library, description="x", lead="y", part="C")


def test_progress_view_and_readiness_count_unanswered_findings(library, sheet):
    import_file(library, "findings", sheet("findings.csv", FINDINGS_ROWS))
    outcome.set_outcome(library, scores=[2, 2, 2, 2, 3, 3, 2, 3, 3], rating="Good", published_date="2025-06-10")
    self_assessment.update(library, "QS1", score=3)
    wait = next(f for f in findings.list_findings(library) if f["qs"] == "QS1" and f["kind"] == "improve")

    def qs1_reasons():
        return next(q for q in readiness.per_qs(library) if q.qs == "QS1").reasons

    assert "1 area for improvement from the previous report with no action" in qs1_reasons()
    action = improvement.create(library, description="Clear the waiting list", lead="Head of Practice", qs="QS1",
                                target_date="2027-03-15", status="on_track")  # fmt: skip
    findings.link_action(library, action, [wait["id"]])
    assert not any("no action" in r for r in qs1_reasons())
    assert "1 area for improvement with no evidence of change" in qs1_reasons()
    findings.set_evidence(library, wait["id"], [2])  # the waiting list dashboard
    assert not any("previous report" in r or "evidence of change" in r for r in qs1_reasons())

    view = progress.per_qs(library, today=date(2026, 11, 23), qs="QS1")[0]
    assert view["previous_score"] == 2 and view["self_score"] == 3
    assert view["characteristic"]  # the rubric for a 3 prints beside the score
    improve = next(f for f in view["findings"] if f["kind"] == "improve")
    assert improve["actions"][0]["rag"] == "on_track"
    assert improve["evidence"][0]["reference"] == "LAIR-002"
    assert view["no_action"] == 0 and view["no_evidence"] == 0
    assert progress.previous_assessment(library) == {
        "date": "2025-06-10",
        "rating": "Good",
        "scores": dict(zip([f"QS{n}" for n in range(1, 10)], [2, 2, 2, 2, 3, 3, 2, 3, 3], strict=True)),
    }


def _filled(library, sheet) -> None:
    import_file(library, "findings", sheet("findings.csv", FINDINGS_ROWS))
    outcome.set_outcome(library, scores=[2, 2, 2, 2, 3, 3, 2, 3, 3], rating="Good", published_date="2025-06-10")
    self_assessment.update(
        library,
        "QS1",
        score=3,
        narrative="Waits have halved since the report.",
        strengths="Strengths-based practice\nCarers offered an assessment sooner",
        development="Occupational therapy waits",
    )
    from readiness_app.register import indicators

    indicators.create(
        library,
        name="People waiting for an assessment",
        qs="QS1",
        value=212,
        unit="people",
        period="Oct 2026",
        data_date="2026-10-31",
        better="lower",
        source="Waiting list report",
    )


def test_self_assessment_as_word_document(library, sheet, tmp_path, capsys):
    from docx import Document

    _filled(library, sheet)
    path = str(library.path)
    library.close()
    out = tmp_path / "self-assessment.docx"
    assert cli.main(["report", "self-assessment", path, "-o", str(out)]) == 0
    doc = Document(str(out))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Theme: Working with people") in headings
    assert ("Heading 2", "QS1 Assessing needs") in headings
    assert ("Heading 2", "QS6 Safe pathways, systems and transitions") in headings
    assert ("Heading 3", "Progress against the previous report") in headings
    texts = [p.text for p in doc.paragraphs]
    assert "Waits have halved since the report." in texts
    assert "Carers offered an assessment sooner" in texts
    assert any(t.startswith("People waiting for an assessment: 212 people (Oct 2026)") for t in texts)
    assert any(t == "LAIR-002: Assessment waiting list dashboard" for t in texts)
    assert any(t.startswith("Area for improvement: People waited too long") for t in texts)
    assert "Self-assessed score: 3. Previous assessment: 2." in texts
    rubric = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert rubric[0].startswith("Rating characteristic for this score (Example, not CQC's text):")  # its source
    bullets = [p for p in doc.paragraphs if p.text == "Strengths-based practice"]
    assert bullets[0].style.name == "List Bullet"  # named styles: restyled in Word, not by hand
    xml = doc.element.xml
    assert 'TOC \\o "1-2"' in xml  # the table of contents is a real field
    assert doc.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"


def test_self_assessment_pdf_has_the_same_content(library, sheet, tmp_path):
    _filled(library, sheet)
    path = str(library.path)
    library.close()
    out = tmp_path / "self-assessment.pdf"
    assert cli.main(["report", "self-assessment", path, "-o", str(out)]) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for wanted in (
        "Theme: Working with people",
        "QS1 Assessing needs",
        "Self-assessed score: 3. Previous assessment: 2.",
        "Waits have halved since the report.",
        "People waiting for an assessment: 212 people (Oct 2026)",
        "LAIR-002: Assessment waiting list dashboard",
        "Area for improvement: People waited too long for a Care Act assessment (report p. 7)",
        "QS6 Safe pathways, systems and transitions",
        "OFFICIAL-SENSITIVE",
    ):
        assert wanted in flat, wanted


def test_annual_versions_have_a_status_and_compare_year_on_year(library, set_today):
    set_today(date(2025, 11, 3))
    self_assessment.update(library, "QS1", score=2, narrative="Long waits.")
    annual_self_assessment.take(library, "2025")
    annual_self_assessment.set_status(library, "2025", "signed off")
    annual_self_assessment.set_status(library, "2025", "sent", document="self-assessment-2025.docx")
    with pytest.raises(ReadinessError, match="already sent"):
        annual_self_assessment.set_status(library, "2025", "draft")
    with pytest.raises(ReadinessError, match="already has a version"):
        annual_self_assessment.take(library, "2025")
    set_today(date(2026, 11, 2))
    self_assessment.update(library, "QS1", score=3, narrative="Waits have halved.")
    annual_self_assessment.take(library, "2026")
    versions = annual_self_assessment.list_versions(library)
    assert [(v["year"], v["status"], v["document"]) for v in versions] == [
        ("2026", "draft", ""),
        ("2025", "sent", "self-assessment-2025.docx"),
    ]
    result = annual_self_assessment.compare_years(library, "2026")
    qs1 = next(s for s in result["statements"] if s["qs"] == "QS1")
    assert (qs1["score_a"], qs1["score_b"]) == (2, 3)
    assert result["a"]["label"] == "Self-assessment 2025" and result["b"]["label"] == "Self-assessment 2026"


RELEASE2 = Path(__file__).resolve().parents[1] / "fixtures" / "register-release2.sqlite"


def test_release2_register_keeps_its_outcome_as_the_previous_assessment(tmp_path, capsys):
    register = tmp_path / "register.sqlite"
    shutil.copy2(RELEASE2, register)
    conn = sqlite3.connect(register)  # the outcome as release 2 recorded it (schema 4, before this release)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4
    conn.execute("UPDATE assessment SET published_rating = 'Good', published_date = '2025-06-10'")
    for n, score in enumerate([2, 2, 2, 2, 3, 3, 3, 3, 3], start=1):
        conn.execute("UPDATE self_assessment SET published_score = ? WHERE qs = ?", (score, f"QS{n}"))
    actions_before = conn.execute("SELECT id, reference, status, target_date FROM improvement_action").fetchall()
    indicators_before = conn.execute("SELECT id, name, value, better FROM indicator").fetchall()
    conn.commit()
    conn.close()

    assert cli.main(["progress", str(register), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["previous_assessment"]["rating"] == "Good"
    assert data["previous_assessment"]["date"] == "2025-06-10"
    assert [q["previous_score"] for q in data["quality_statements"]] == [2, 2, 2, 2, 3, 3, 3, 3, 3]
    conn = sqlite3.connect(register)
    assert (
        conn.execute("SELECT id, reference, status, target_date FROM improvement_action").fetchall() == actions_before
    )
    assert {r[0] for r in conn.execute("SELECT part FROM improvement_action")} == {"post_report"}
    assert conn.execute("SELECT id, name, value, better FROM indicator").fetchall() == indicators_before
    conn.close()


def test_the_return_item_for_the_self_assessment_points_at_the_generated_document(library, sheet, capsys):
    from readiness_app.register import assessment
    from readiness_app.register import information_return as ir

    _filled(library, sheet)
    item = ir.create_item(library, number="1", title="Self-assessment")
    annual_self_assessment.take(library, "2026")
    folder = assessment.evidence_folder(library)
    path = str(library.path)
    library.close()
    target = folder / "00 Self-assessment" / "Self-assessment 2026.docx"
    target.parent.mkdir()
    assert cli.main(["report", "self-assessment", path, "-o", str(target)]) == 0
    assert cli.main(["annual", "answer", path, "2026", "1"]) == 1  # no document recorded yet: a clear refusal
    assert "no document is recorded" in capsys.readouterr().err
    assert cli.main(["annual", "status", path, "2026", "signed off", "--document", str(target)]) == 0
    assert cli.main(["annual", "answer", path, "2026", "1"]) == 0
    from readiness_app.opening import open_register

    reg = open_register(Path(path), readonly=True)
    try:
        (answer,) = ir.answers(reg, [item])[item]
        assert answer["rel_path"] == "00 Self-assessment/Self-assessment 2026.docx"
        assert answer["presence"] == "present" and answer["kind"] == "evidence"
    finally:
        reg.close()
