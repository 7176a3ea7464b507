"""People to be interviewed; shortcuts to the CQC team (cqc_team) and rooms (rooms) for older callers."""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.reads import reads
from readiness_app.register.validation import choice, email_address, required_text
from readiness_app.register.vocabulary import PERSON_KIND


def _clean_person(values: dict[str, Any]) -> dict[str, Any]:
    clean = {k: str(v or "").strip() for k, v in values.items()}
    if "name" in clean:
        clean["name"] = required_text(clean["name"], "name")
    if "kind" in clean:
        clean["kind"] = choice(clean["kind"] or "staff", PERSON_KIND, "kind")
    if "email" in clean:
        clean["email"] = email_address(clean["email"])
    return clean


def create_person(reg: Register, name: str, **values: Any) -> int:
    with reg.transaction():
        return records.insert(reg, "person", _clean_person({"name": name, **values}))


def update_person(reg: Register, person_id: int, **values: Any) -> dict[str, Any]:
    with reg.transaction():
        return records.update(reg, "person", person_id, _clean_person(values))


def list_people(reg: Register) -> list[dict[str, Any]]:
    from readiness_app.register.named import natural_key

    rows = reg.query("SELECT * FROM person ORDER BY name COLLATE NOCASE")
    return sorted((dict(r) for r in rows), key=lambda p: natural_key(p["name"]))


def create_assessor(reg: Register, name: str, role: str = "") -> int:
    """Add a CQC team member; a role outside the fixed list is kept as 'other' with its words in the notes."""
    from readiness_app.register import cqc_team

    try:
        return cqc_team.add(reg, name, role=role)
    except ReadinessError as exc:
        if exc.field != "role":
            raise
        return cqc_team.add(reg, name, role="other", notes=role)


def list_assessors(reg: Register) -> list[dict[str, Any]]:
    from readiness_app.register import cqc_team

    return cqc_team.list_team(reg)


def create_room(reg: Register, name: str, location: str = "", virtual: bool = False, link: str = "") -> int:
    from readiness_app.register import rooms

    return rooms.add(reg, name, location=location, virtual=virtual, link=link)


@reads("room", "session")
def list_rooms(reg: Register) -> list[dict[str, Any]]:
    from readiness_app.register import rooms

    return rooms.list_rooms(reg)


def delete_person(reg: Register, person_id: int) -> None:
    """Remove a person who attends no session; refused (naming the sessions) while they are down for any."""
    from readiness_app.register.bookings import remove_unless_booked

    remove_unless_booked(reg, "person", person_id)
