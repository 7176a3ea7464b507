"""Corrections found against the public sources: room capacity against attendees, key messages
that an open high gap or an off-track action contradicts, and the timeline's milestones."""

from __future__ import annotations

import json
from datetime import date

from readiness_app import cli
from readiness_app.register import (
    assessment,
    gaps,
    improvement,
    people,
    rooms,
    self_assessment,
    session_checks,
    sessions,
    timeline,
)
from readiness_app.register import information_return as ir


def test_a_room_booked_beyond_its_capacity_is_a_warning(empty_register, capsys):
    reg = empty_register
    small = rooms.add(reg, "Room 4", capacity=3)
    big = rooms.add(reg, "Council Chamber", capacity=20)
    who = [people.create_person(reg, f"Practitioner {n}") for n in range(4)]
    crowded = sessions.create(reg, date="2027-03-09", start="10:00", end="11:00", title="Practitioners: QS1",
                              room_id=small, people=who)  # fmt: skip
    sessions.create(reg, date="2027-03-09", start="12:00", end="13:00", title="Practitioners: QS2", room_id=big,
                    people=who)  # fmt: skip
    found = session_checks.over_capacity(reg)
    assert [(f["session"], f["capacity"], f["booked"]) for f in found] == [(crowded, 3, 4)]
    assert "Room 4 holds 3 but 4 are booked" in found[0]["message"]
    path = str(reg.path)
    reg.close()
    assert cli.main(["check", path, "--json"]) == 0  # a warning, not a rule break
    result = json.loads(capsys.readouterr().out)
    assert any("Room 4 holds 3" in w for w in result["warnings"])


def test_key_messages_beside_an_open_high_gap_or_an_off_track_action_are_flagged_for_the_lead(empty_register):
    reg = empty_register
    self_assessment.update(reg, "QS1", owner="Head of Practice", key_messages="Nobody waits long for an assessment.")
    self_assessment.update(reg, "QS2", owner="Head of Reablement", key_messages="Reablement works well.")
    self_assessment.update(reg, "QS3", owner="Equality lead", key_messages="")
    gaps.create(reg, "QS1", "Assessment waiting list not reducing", severity="high")
    gaps.create(reg, "QS3", "Equality data missing", severity="high")  # no key messages: nothing to check
    improvement.create(reg, qs="QS2", description="Equipment in seven days", lead="Reablement manager",
                       target_date="2027-01-31", status="at risk")  # fmt: skip
    flagged = {f["qs"]: f for f in session_checks.key_messages_to_check(reg, today=date(2026, 11, 23))}
    assert set(flagged) == {"QS1", "QS2"}
    assert flagged["QS1"]["lead"] == "Head of Practice"
    assert flagged["QS1"]["reasons"] == ["open high gap: Assessment waiting list not reducing"]
    assert flagged["QS2"]["reasons"] == ["action 1.1 is at risk"]


def test_milestones_past_undated_the_councils_own_and_the_return_submitted_from_its_items(empty_register):
    reg = empty_register
    assessment.update(reg, notification_date="2026-09-14", lair_due_date="2026-10-26")
    timeline.set_milestone(reg, "setup_meeting", date="2026-11-02")
    today = date(2026, 11, 23)
    by_key = {m["key"]: m for m in timeline.milestones(reg, today=today)}
    assert by_key["setup_meeting"]["status_label"] == "Date passed"  # never "Planned" for a day gone by
    # CQC's deadline has passed (nobody's to tick); the council's own milestone says whether it was met
    assert by_key["info_return_due"]["status_label"] == "Passed" and by_key["info_return_due"]["status"] == "done"
    assert by_key["notification"]["status_label"] == "Done"  # a recorded event: it happened on its date
    assert by_key["plan_due"]["whose"] == "council" and by_key["notification"]["whose"] == "cqc"
    assert "no date yet" in by_key["case_list_due"]["flags"]
    # An undated milestone keeps its place in the sequence instead of sinking to the end.
    keys = [m["key"] for m in timeline.milestones(reg, today=today)]
    assert keys.index("info_return_submitted") < keys.index("setup_meeting")
    one = ir.create_item(reg, number="1", title="Self-assessment")
    two = ir.create_item(reg, number="2", title="Safeguarding policy")
    ir.update_item(reg, one, status="submitted")
    assert by_key["info_return_submitted"]["status"] == "planned"
    submitted = {m["key"]: m for m in timeline.milestones(reg, today=today)}["info_return_submitted"]
    assert submitted["status"] == "planned" and submitted["items"] == "1 of 2 items submitted"
    ir.update_item(reg, two, status="submitted")
    submitted = {m["key"]: m for m in timeline.milestones(reg, today=today)}["info_return_submitted"]
    assert submitted["status"] == "done"
