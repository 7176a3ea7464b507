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
