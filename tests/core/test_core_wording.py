"""CQC's wording kept apart from the app's: summaries labelled, official wording loaded with its source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readiness_app.cli import main
from readiness_app.errors import ValidationErrors
from readiness_app.framework import current, load_framework
from readiness_app.framework.matcher import match_qs
from readiness_app.framework.model import set_current
from readiness_app.framework.wording import load_wording
from readiness_app.opening import open_register
from readiness_app.reports.rendering import render
from readiness_app.reports.statements import SUMMARY_LABEL

ROOT = Path(__file__).resolve().parents[2]
WORDING = """
source = "Northmoor copy of CQC's assessment framework"
date = "2024-03-01"

[[quality_statements]]
id = "QS1"
we_statement = { text = "Zebra test wording for the commitment on assessing." }

[[quality_statements.i_statements]]
text = "Quokka test wording for a person's expectation."
source = "Making It Real (council copy)"
date = "2023-06-30"
"""


@pytest.fixture
def restore_framework():
    yield
    set_current(load_framework())


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_qs2_is_named_as_in_cqc_reports_and_the_old_name_still_matches():
    fw = current()
    assert fw.qs("QS2").name == "Supporting people to lead healthier lives"
    assert match_qs("Supporting people to live healthier lives").id == "QS2"
    assert match_qs("02 Supporting people to lead healthier lives").id == "QS2"


def test_shipped_framework_carries_summaries_not_i_statements():
    for q in load_framework().statements:
        assert q.we_statement is None and q.i_statements == ()
        if q.people_expect:  # the app's words, in the third person, never passing for an I statement
            assert not re.match(r"^(I|My|We)\b", q.people_expect)
            assert q.people_expect.startswith("People ")


def test_wording_file_missing_field_is_named(tmp_path):
    bad = tmp_path / "w.toml"
    bad.write_text('[[quality_statements]]\nid = "QS3"\nwe_statement = { text = "x", date = "2024-01-01" }\n')
    with pytest.raises(ValidationErrors) as caught:
        load_wording(bad)
    assert caught.value.lines() == ["quality statement QS3 we_statement: 'source' is missing or empty"]


def test_council_wording_prints_with_its_source_and_summaries_elsewhere(demo_dir, tmp_path, capsys, restore_framework):
    from pypdf import PdfReader

    wording = tmp_path / "wording.toml"
    wording.write_text(WORDING, encoding="utf-8")
    register = demo_dir / "register.sqlite"
    out = tmp_path / "checklist.pdf"
    assert main(["--wording", str(wording), "report", "checklist", str(register), "-o", str(out)]) == 0
    text = _squash(" ".join(p.extract_text() for p in PdfReader(out).pages))
    assert "We statement (Northmoor copy of CQC's assessment framework, Fri 1 Mar 2024): Zebra test wording" in text
    assert "I statements (Making It Real (council copy), Fri 30 Jun 2023):" in text
    assert "Quokka test wording" in text
    assert f"{SUMMARY_LABEL}: People want advice" in text  # QS2 has no loaded wording: the labelled summary
    assert "People expect:" not in text
    assert "Supporting people to lead healthier lives" in text


def test_wording_file_kept_in_the_register_is_used_for_packs(demo_dir, tmp_path, restore_framework):
    from pypdf import PdfReader

    from readiness_app.register import assessment, sessions

    wording = tmp_path / "wording.toml"
    wording.write_text(WORDING, encoding="utf-8")
    reg = open_register(demo_dir / "register.sqlite", source="app")
    try:
        assessment.set_setting(reg, "wording_file", str(wording))
        session = next(s for s in sessions.list_sessions(reg) if "QS1" in s["qs"] and s["kind"] != "case_tracking")
        from readiness_app.reports.options import ReportOptions

        render(reg, "interview-packs", tmp_path / "p.pdf", ReportOptions(session_id=session["id"]))
    finally:
        reg.close()
    text = _squash(" ".join(p.extract_text() for p in PdfReader(tmp_path / "p.pdf").pages))
    assert "We statement (Northmoor copy of CQC's assessment framework, Fri 1 Mar 2024)" in text


def test_a_broken_wording_file_is_one_clear_line(tmp_path, capsys, restore_framework):
    bad = tmp_path / "w.toml"
    bad.write_text('[[quality_statements]]\nid = "QS12"\nwe_statement = { text = "x" }\n')
    assert main(["--wording", str(bad), "rating", "--scores", "2,2,2,2,2,2,2,2,2"]) == 1
    err = capsys.readouterr().err
    assert "wording file" in err and "unknown quality statement id 'QS12'" in err
    assert "Traceback" not in err


def test_the_template_wording_file_is_valid(restore_framework):
    fw = load_wording(ROOT / "resources" / "samples" / "wording-template.toml")
    assert fw.qs("QS1").we_statement.source.startswith("CQC")
