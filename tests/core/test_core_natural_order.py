"""Lists sort as people count: "Assessor 2" before "Assessor 10"."""

from __future__ import annotations

from readiness_app.register import cqc_team, people
from readiness_app.register.named import natural_key


def test_names_sort_naturally():
    names = ["Assessor 10", "assessor 2", "Assessor 1", "Room 10", "Room 9", "Analyst"]
    assert sorted(names, key=natural_key) == ["Analyst", "Assessor 1", "assessor 2", "Assessor 10", "Room 9", "Room 10"]


def test_the_cqc_team_and_rooms_are_listed_naturally(empty_register):
    for n in (10, 2, 1):
        cqc_team.add(empty_register, f"Assessor {n}", role="assessor")
        people.create_room(empty_register, f"Room {n}")
    assert [m["name"] for m in people.list_assessors(empty_register)] == ["Assessor 1", "Assessor 2", "Assessor 10"]
    assert [r["name"] for r in people.list_rooms(empty_register)] == ["Room 1", "Room 2", "Room 10"]


def test_a_virtual_room_needs_a_link_and_gets_https(empty_register):
    import pytest

    from readiness_app.errors import ReadinessError
    from readiness_app.register import rooms

    with pytest.raises(ReadinessError, match="a virtual room needs its meeting link"):
        rooms.add(empty_register, "Zoom", virtual=True)
    room = rooms.add(empty_register, "Teams", virtual=True, link="teams.example.com/meet/abc")
    assert rooms.find(empty_register, "teams")["link"] == "https://teams.example.com/meet/abc"
    with pytest.raises(ReadinessError, match="needs its meeting link"):
        rooms.edit(empty_register, room, link="")
    with pytest.raises(ReadinessError, match="must start http:// or https://"):
        rooms.edit(empty_register, room, link="ftp://old.example")
    on_site = rooms.add(empty_register, "Room 1")
    with pytest.raises(ReadinessError, match="needs its meeting link"):
        rooms.edit(empty_register, on_site, virtual=True)
