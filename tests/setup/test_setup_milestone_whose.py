"""Whose milestone it is (the council's or CQC's): stored, upgraded into an older register, and said in
words on the command line, in the printed timeline (PDF and its HTML version) and in the calendar export."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from readiness_app.errors import ReadinessError
from readiness_app.interop.exporters import export_schedule
from readiness_app.opening import open_register
from readiness_app.register import migrations, timeline
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.rendering import render

ROOT = Path(__file__).resolve().parents[2]
RELEASE2 = ROOT / "tests" / "fixtures" / "register-release2.sqlite"


def _whose(reg) -> dict[str, str]:
    return {m["key"] or m["title"]: m["whose"] for m in timeline.milestones(reg)}


def test_standard_milestones_are_the_council_s_or_cqc_s_by_what_they_are(empty_register):
    whose = _whose(empty_register)
    for key in ("info_return_submitted", "case_list_due", "consent_deadline", "fa_due", "plan_due"):
        assert whose[key] == "council", key
    for key in ("first_notice", "notification", "info_return_due", "setup_meeting", "onsite", "publication"):
        assert whose[key] == "cqc", key


def test_the_council_s_own_milestones_take_whose_from_the_title_or_the_user(empty_register):
    timeline.add(empty_register, "Mock interviews", "2027-01-05")
    timeline.add(empty_register, "CQC feedback call", "2027-01-06")
    timeline.add(empty_register, "Additional evidence deadline", "2027-01-07", whose="CQC")
    assert _whose(empty_register)["Mock interviews"] == "council"
    assert _whose(empty_register)["CQC feedback call"] == "cqc"
    assert _whose(empty_register)["Additional evidence deadline"] == "cqc"
    timeline.set_milestone(empty_register, "Mock interviews", whose="cqc")
    assert _whose(empty_register)["Mock interviews"] == "cqc"
    with pytest.raises(ReadinessError, match="is CQC's milestone; that is fixed"):
        timeline.set_milestone(empty_register, "onsite", whose="council")
    with pytest.raises(ReadinessError, match="not one of: Council, CQC"):
        timeline.set_milestone(empty_register, "Mock interviews", whose="ICB")
    # Saving a standard milestone's owner stores it with its own side, not the column's default.
    timeline.set_milestone(empty_register, "setup_meeting", owner="Assurance Lead")
    assert empty_register.scalar("SELECT whose FROM milestone WHERE key = 'setup_meeting'") == "cqc"


def test_a_release_2_register_upgrades_with_each_milestone_given_its_side(tmp_path):
    register = tmp_path / "register.sqlite"
    shutil.copy2(RELEASE2, register)
    conn = sqlite3.connect(register)
    assert conn.execute("PRAGMA user_version").fetchone()[0] < migrations.LATEST
    rows = [
        ("plan_due", "Improvement plan due", "2027-06-01", "AD Operations"),
        ("setup_meeting", "Set-up meeting with CQC", "2026-12-08", "Assurance Lead"),
        (None, "Board sign-off of the self-assessment", "2026-12-10", "Chief Executive"),
        (None, "CQC call with the DASS", "2026-12-11", ""),
    ]
    conn.executemany("INSERT INTO milestone (key, title, date, owner) VALUES (?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()

    reg = open_register(register)
    try:
        stored = {r[0]: tuple(r[1:]) for r in reg.query("SELECT title, date, owner, whose FROM milestone")}
    finally:
        reg.close()
    assert stored == {
        "Improvement plan due": ("2027-06-01", "AD Operations", "council"),
        "Set-up meeting with CQC": ("2026-12-08", "Assurance Lead", "cqc"),
        "Board sign-off of the self-assessment": ("2026-12-10", "Chief Executive", "council"),
        "CQC call with the DASS": ("2026-12-11", "", "cqc"),
    }


def _main(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, check=False, cwd=ROOT
    )


def test_the_command_line_lists_whose_each_milestone_is(demo_dir):
    register = str(demo_dir / "register.sqlite")
    added = _main("timeline", "add", register, "CQC feedback on the case list", "2026-12-03")
    assert added.returncode == 0 and "(CQC's milestone)" in added.stdout, added.stderr
    shown = _main("timeline", register)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    header = lines[0]
    assert "Whose" in header
    column = header.index("Whose")

    def whose_of(title: str) -> str:
        line = next(line for line in lines if title in line)
        return line[column:].split("  ")[0].strip()

    assert whose_of("Improvement plan due") == "Council"
    assert whose_of("Information return due") == "CQC"
    assert whose_of("CQC notification of the on-site visit") == "CQC"
    assert whose_of("Self-assessment 2026 signed off by the DASS") == "Council"
    assert whose_of("CQC feedback on the case list") == "CQC"
    refused = _main("timeline", "set", register, "onsite", "--whose", "council")
    assert refused.returncode == 1 and "is CQC's milestone" in refused.stderr and "Traceback" not in refused.stderr


def _timeline_rows(text: str) -> list[str]:
    start = text.index("Assessment timeline")
    return text[start : start + 4000].splitlines()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_printed_timeline_says_whose_each_milestone_is(demo_register, tmp_path):
    options = ReportOptions(generated_at=datetime(2026, 11, 23, 9, 0))
    render(demo_register, "checklist", tmp_path / "checklist.pdf", options)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "checklist.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    rows = _timeline_rows(text)
    header = next(line for line in rows if "Milestone" in line and "Status" in line)
    assert "Whose" in header
    plan = next(line for line in rows if "Improvement plan due" in line)
    notice = next(line for line in rows if "CQC notification of the on-site visit" in line)
    assert "Council" in plan.replace("Improvement plan due", "") and "CQC" not in plan
    assert "CQC" in notice.replace("CQC notification", "") and "Council" not in notice

    render(demo_register, "checklist", tmp_path / "checklist.html", options)
    page = (tmp_path / "checklist.html").read_text(encoding="utf-8")
    section = page[page.index("Assessment timeline") :]
    assert '<th scope="col">Whose</th>' in section
    cells = section[section.index("Improvement plan due") :].split("</tr>")[0]
    assert "<td>Council</td>" in cells


def test_the_calendar_export_says_whose_each_milestone_is(demo_register, tmp_path):
    export_schedule(demo_register, tmp_path / "all.ics")
    events = Calendar.from_ical((tmp_path / "all.ics").read_bytes()).walk("VEVENT")
    said = {str(e["SUMMARY"]): str(e["DESCRIPTION"]) for e in events if str(e["UID"]).startswith("milestone-")}
    assert "CQC's milestone" in said["CQC assessment: On-site days"]
    assert "The council's milestone" in said["CQC assessment: Case list due to CQC"]
    assert "The council's milestone" in said["CQC assessment: Mock interviews for senior leaders"]
