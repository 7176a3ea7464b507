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
