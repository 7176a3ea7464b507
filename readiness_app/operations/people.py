"""People to be interviewed: add, edit, remove."""

from __future__ import annotations

from typing import Any

from readiness_app.operations import Operation
from readiness_app.register import people


def add(name: str, **fields: Any) -> Operation[int]:
    """A new person (role, team, organisation, kind); returns their id."""
    return Operation("adding a person", "New person", lambda reg: people.create_person(reg, name, **fields))


def edit(person_id: int, **fields: Any) -> Operation[dict[str, Any]]:
    return Operation("saving the person", "Edit person", lambda reg: people.update_person(reg, person_id, **fields))


def remove(person_id: int) -> Operation[None]:
    """Refused, naming the sessions, while the person is down for any."""
    return Operation("removing the person", "Remove person", lambda reg: people.delete_person(reg, person_id))
