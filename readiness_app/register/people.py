"""People to be interviewed, CQC assessors, and rooms (including virtual ones)."""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.validation import choice, required_text
from readiness_app.register.vocabulary import PERSON_KIND


def _clean_person(values: dict[str, Any]) -> dict[str, Any]:
    clean = {k: str(v or "").strip() for k, v in values.items()}
    if "name" in clean:
        clean["name"] = required_text(clean["name"], "name")
    if "kind" in clean:
        clean["kind"] = choice(clean["kind"] or "staff", PERSON_KIND, "kind")
    return clean


def create_person(reg: Register, name: str, **values: Any) -> int:
    with reg.transaction():
        return records.insert(reg, "person", _clean_person({"name": name, **values}))


def update_person(reg: Register, person_id: int, **values: Any) -> dict:
    with reg.transaction():
        return records.update(reg, "person", person_id, _clean_person(values))


def list_people(reg: Register) -> list[dict[str, Any]]:
    return [dict(r) for r in reg.query("SELECT * FROM person ORDER BY name COLLATE NOCASE")]


def create_assessor(reg: Register, name: str, role: str = "") -> int:
    name = required_text(name, "name")
    with reg.transaction():
        if reg.scalar("SELECT 1 FROM assessor WHERE name = ?", (name,)):
            raise ReadinessError(f"assessor {name!r} already exists", field="name")
        return records.insert(reg, "assessor", {"name": name, "role": role.strip()})


def list_assessors(reg: Register) -> list[dict[str, Any]]:
    return [dict(r) for r in reg.query("SELECT * FROM assessor ORDER BY name")]


def create_room(reg: Register, name: str, location: str = "", virtual: bool = False, link: str = "") -> int:
    name = required_text(name, "name")
    with reg.transaction():
        if reg.scalar("SELECT 1 FROM room WHERE name = ? COLLATE NOCASE", (name,)):
            raise ReadinessError(f"room {name!r} already exists", field="name")
        return records.insert(
            reg, "room", {"name": name, "location": location.strip(), "virtual": int(virtual), "link": link.strip()}
        )


def list_rooms(reg: Register) -> list[dict[str, Any]]:
    return [dict(r) for r in reg.query("SELECT * FROM room ORDER BY virtual, name")]
