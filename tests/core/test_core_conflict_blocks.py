"""`check --json` and `status --json` list one entry per double-booked block, not one per pair."""

from __future__ import annotations

import json

from readiness_app.cli import main
from readiness_app.register import people, sessions


def test_check_json_has_one_entry_for_a_room_booked_three_hundred_times(empty_register, capsys):
    reg = empty_register
    room = people.create_room(reg, "Room 1")
    with reg.transaction("cli"):
        ids = [
            sessions.create(reg, date="2026-05-21", start="10:00", end="11:00", title=f"Talk {n}", room_id=room)
            for n in range(300)
        ]
    path = str(reg.path)
    reg.close()
    assert main(["check", path, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert len(data["conflicts"]) == 1 == len(data["problems"])
    block = data["conflicts"][0]
    assert block["kind"] == "room" and block["who"] == "Room 1" and block["sessions"] == ids
    assert "300 overlapping sessions on Thu 21 May 2026 10:00-11:00" in block["message"]
    assert "and 295 more" in block["message"]
    assert main(["status", path, "--json"]) == 0
    assert [c["sessions"] for c in json.loads(capsys.readouterr().out)["conflicts"]] == [ids]
    assert main(["check", path]) == 1
    assert capsys.readouterr().out.splitlines()[-1].startswith("1 conflicts")


def test_a_proposed_session_in_a_crowded_room_is_explained_in_a_few_lines(empty_register):
    from readiness_app.register import conflicts

    reg = empty_register
    room = people.create_room(reg, "Room 1")
    ann = people.create_person(reg, "Ann Example", kind="leader")
    with reg.transaction("cli"):
        ids = [
            sessions.create(
                reg, date="2026-05-21", start="10:00", end="11:00", title=f"Talk {n}", room_id=room, people=[ann]
            )
            for n in range(100)
        ]
    messages = conflicts.check_proposed(reg, date="2026-05-21", start="10:30", end="11:30", room_id=room, people=[ann])
    assert len(messages) == conflicts.PROPOSED_LINES + 1
    assert len(ids) == 100
    assert messages[0] == "Room 1 is already booked for 10:00-11:00 Talk 0"  # by time and title, never an id
    assert messages[1] == "Ann Example is already in 10:00-11:00 Talk 0"
    assert messages[-1] == f"... and {200 - conflicts.PROPOSED_LINES} more clashes (run check for the full list)"
    assert conflicts.check_proposed(reg, date="2026-05-21", start="11:00", end="12:00", room_id=room) == []


def test_a_name_that_says_its_kind_is_not_prefixed_again():
    from readiness_app.register.conflicts import kind_and_name

    assert kind_and_name("assessor", "Assessor 9") == "Assessor 9"
    assert kind_and_name("room", "Room 1") == "Room 1"
    assert kind_and_name("room", "Teams") == "room Teams"
    assert kind_and_name("person", "Jane Smith") == "person Jane Smith"
