"""The timeline where it shows outside the register: the checklist PDF, the schedule's .ics, the dashboard line."""

from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar
from pypdf import PdfReader

from readiness_app.interop.exporters import export_schedule
from readiness_app.register import timeline
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.rendering import render


def _plan(reg) -> None:
    timeline.set_milestone(reg, "case_list_due", date="2026-12-01", owner="Pat Reid", status="done")
    timeline.set_milestone(reg, "setup_meeting", date="2026-12-07", owner="Director of ASC", status="planned")
    timeline.set_milestone(reg, "consent_deadline", date="2026-12-09")  # after the set-up meeting, so that is next
    timeline.add(reg, "Board sign-off of the self-assessment", "2026-12-10", owner="Chief Executive")


def test_the_checklist_has_a_timeline_section(demo_register, tmp_path):
    _plan(demo_register)
    result = render(
        demo_register, "checklist", tmp_path / "checklist.pdf", ReportOptions(generated_at=datetime(2026, 12, 2, 9, 0))
    )
    reader = PdfReader(result.path)
    text = "\n".join(page.extract_text() for page in reader.pages[:3])
    assert "Assessment timeline" in text
    assert "Case list due to CQC" in text and "Pat Reid" in text and "Done" in text
    assert "Board sign-off of the self-assessment" in text and "Chief Executive" in text
    assert "Next: Set-up meeting with CQC, Mon 7 Dec 2026." in text
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    nested = [i.title for sub in reader.outline if isinstance(sub, list) for i in sub if not isinstance(i, list)]
    assert "Assessment timeline" in outline + nested


def test_the_whole_schedule_carries_the_milestones_as_all_day_events(demo_register, tmp_path):
    _plan(demo_register)
    export_schedule(demo_register, tmp_path / "all.ics")
    events = Calendar.from_ical((tmp_path / "all.ics").read_bytes()).walk("VEVENT")
    milestones = {str(e["SUMMARY"]): e for e in events if str(e["UID"]).startswith("milestone-")}
    meeting = milestones["CQC assessment: Set-up meeting with CQC"]
    assert meeting.decoded("dtstart") == date(2026, 12, 7) and meeting.decoded("dtend") == date(2026, 12, 8)
    assert "Owner: Director of ASC" in str(meeting["DESCRIPTION"])
    onsite = milestones["CQC assessment: On-site days"]
    days = timeline.find(demo_register, "onsite")["days"]
    assert onsite.decoded("dtstart") == date.fromisoformat(days[0])
    assert (onsite.decoded("dtend") - onsite.decoded("dtstart")).days >= len(days)
    assert "CQC assessment: Board sign-off of the self-assessment" in milestones
    assert all(str(e["TRANSP"]) == "TRANSPARENT" for e in milestones.values())
    # Exported again, the same milestones keep their ids (a calendar updates rather than duplicates).
    export_schedule(demo_register, tmp_path / "again.ics")
    again = Calendar.from_ical((tmp_path / "again.ics").read_bytes()).walk("VEVENT")
    assert {str(e["UID"]) for e in again} == {str(e["UID"]) for e in events}
    # A day's schedule is for the people in it: no milestones.
    export_schedule(demo_register, tmp_path / "day.ics", day=days[0])
    day_events = Calendar.from_ical((tmp_path / "day.ics").read_bytes()).walk("VEVENT")
    assert not [e for e in day_events if str(e["UID"]).startswith("milestone-")]
