"""What an assurance lead reading the demo's printed documents would catch, each found in a review of the
checklist, self-assessment and interview packs and fixed: the previous score beside this year's, a
plan whose statuses agree with the narratives, the previous report named as the baseline on the timeline,
a rating characteristic's source said once, and a worker at every case-tracking conversation."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime

import pytest

from readiness_app.register import improvement, self_assessment, sessions, timeline
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.rendering import render

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
OPTIONS = ReportOptions(generated_at=datetime(2026, 11, 23, 9, 0))


def _text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"[ \t]+", " ", out)


@needs_pdftotext
def test_the_checklist_and_packs_print_the_previous_score_beside_this_years(demo_register, tmp_path):
    render(demo_register, "checklist", tmp_path / "checklist.pdf", OPTIONS)
    text = _text(tmp_path / "checklist.pdf")
    qs1 = text[text.index("QS1 Assessing needs\nTheme") :]
    assert re.search(
        r"Previous assessment 2 \(Some shortfalls\) in CQC's published report\n Self-assessed score 2", qs1
    )
    qs2 = text[text.index("QS2 Supporting people") :]
    assert "Previous assessment 2 (Some shortfalls)" in qs2 and "Self-assessed score 3 (Good standard)" in qs2
    # a loaded characteristic's source is said once, not "(Example (not CQC's text))"
    assert "(Example (" not in text

    dass = next(
        s for s in sessions.list_sessions(demo_register) if s["title"].endswith("Director of Adult Social Services")
    )
    options = ReportOptions(generated_at=OPTIONS.generated_at, session_id=dass["id"])
    render(demo_register, "interview-packs", tmp_path / "pack.pdf", options)
    pack = _text(tmp_path / "pack.pdf")
    assert "previous assessment 3 (Good standard) in CQC's published report" in " ".join(pack.split())  # QS8, QS9


def test_the_plan_agrees_with_what_the_narratives_say_is_done(demo_register):
    actions = {a["description"]: a for a in improvement.list_actions(demo_register)}
    narratives = {q: r["narrative"] for q, r in self_assessment.all_rows(demo_register).items()}
    # QS6 says the discharge protocol is signed, QS5 that the housing protocol is in use: both done
    assert "protocol signed with the trust" in narratives["QS6"]
    assert actions["Joint discharge protocol with the hospital trust"]["rag"] == "complete"
    assert "signed protocol has been in use" in narratives["QS5"]
    assert actions["Information sharing protocol with district housing"]["rag"] == "complete"
    # QS1 says carers are already offered an assessment in two teams: under way, not "not started"
    assert actions["Offer every unpaid carer a carer's assessment at first contact"]["rag"] == "on_track"
    # QS4's market position statement is still being rewritten (its gap and action are open)
    assert "is being rewritten" in narratives["QS4"]
    assert actions["Refresh the market position statement with providers"]["rag"] != "complete"
    done = [a for a in actions.values() if a["rag"] == "complete"]
    assert 3 <= len(done) < len(actions)  # a plan part delivered, eighteen months after the report
    assert all(a["target_date"] < "2026-11-23" for a in done)  # done by its date, not ahead of a future one
    # no open gap says the opposite of a completed action
    from readiness_app.register import gaps

    open_gaps = " ".join(g["description"] for g in gaps.list_gaps(demo_register, open_only=True))
    assert "lacks RAG" not in open_gaps


def test_the_timeline_names_the_previous_report_as_the_baseline(demo_register):
    published = timeline.find(demo_register, "publication")
    assert published["title"] == "Previous report published (the baseline)"
    assert published["date"] < timeline.find(demo_register, "first_notice")["date"]
    assert published["status"] == "done"


def test_every_case_tracking_conversation_has_the_worker_who_holds_the_case(demo_register):
    roles = {"Social Worker", "Senior Practitioner", "Occupational Therapist", "Care Coordinator"}
    tracked = [s for s in sessions.list_sessions(demo_register) if s["kind"] == "case_tracking"]
    assert len(tracked) == 6
    for session in tracked:
        assert any(p["role"] in roles for p in session["people"]), session["title"]


def test_only_front_line_teams_are_called_front_line_practitioners(demo_register):
    titles = [s["title"] for s in sessions.list_sessions(demo_register)]
    for team in ("Commissioning", "Quality Assurance"):
        assert not [t for t in titles if t.endswith(f": {team}") and "ractitioner" in t], team
        assert f"Staff focus group: {team}" in titles
    assert any(t.startswith("Front-line practitioners: ") for t in titles)


def test_the_return_is_not_shown_weeks_overdue_on_the_timeline(demo_register):
    due = timeline.find(demo_register, "info_return_due")
    assert due["date"] < "2026-11-23" and (due["status"], due["status_label"]) == ("done", "Passed")
    submitted = timeline.find(demo_register, "info_return_submitted")
    assert submitted["status"] == "planned"  # four items agreed with CQC to follow this week
    assert re.fullmatch(r"2\d/30 submitted", submitted["status_label"])
