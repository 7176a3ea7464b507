"""The CQC team: the inspectors, assessors, specialist advisers, Experts by Experience and analysts.

A member's role is a key from a fixed list (ASSESSOR_ROLE); everything shows
its words. Names are unique ignoring case and spacing. Someone who is down for
sessions cannot be removed until they are taken off them.
"""

from __future__ import annotations

import re
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register import named, records
from readiness_app.register.connection import Register
from readiness_app.register.named import name_key
from readiness_app.register.validation import choice, email_address, required_text

# CQC's own names for the roles on an assessment team. The keys are those registers have always
# stored ("lead_inspector" is the assessment lead), so older registers need no change.
ASSESSOR_ROLE = {
    "lead_inspector": "Assessment lead",
    "inspector": "Inspector",
    "assessor": "Assessor",
    "analyst": "Analyst",
    "specialist_adviser": "Specialist professional adviser",
    "executive_reviewer": "Executive reviewer",
    "expert_by_experience": "Expert by Experience",
    "other": "Other",
}
# Words spreadsheets and older registers use for the same roles.
_SYNONYMS = {
    "lead assessment manager": "lead_inspector",
    "assessment lead": "lead_inspector",
    "lead assessor": "lead_inspector",
    "lead inspector": "lead_inspector",
    "specialist adviser": "specialist_adviser",
    "specialist advisor": "specialist_adviser",
    "specialist professional advisor": "specialist_adviser",
    "exec reviewer": "executive_reviewer",
    "expert by experience": "expert_by_experience",
    "exe": "expert_by_experience",
}
FIELDS = ("name", "role", "organisation", "notes", "email")


def role_key(value: object) -> str:
    """A role key from a key, its words or a common synonym; blank stays blank."""
    text = re.sub(r"\s+", " ", str(value or "")).strip()
    if not text:
        return ""
    if text.lower() in _SYNONYMS:
        return _SYNONYMS[text.lower()]
    return choice(text, ASSESSOR_ROLE, "role")


def role_and_note(text: object) -> tuple[str, str]:
    """A role key for text a spreadsheet gives; text that fits no role is kept as a note under "other"."""
    try:
        return role_key(text), ""
    except ReadinessError:
        return "other", " ".join(str(text).split())


def role_label(key: str) -> str:
    return ASSESSOR_ROLE.get(key, key)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ReadinessError(f"CQC team members have no field {sorted(unknown)[0]!r}")
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key == "name":
            clean[key] = named.clean_name(value)
        elif key == "role":
            clean[key] = role_key(value)
        elif key == "email":
            clean[key] = email_address(value)
        else:
            clean[key] = str(value or "").strip()
    return clean


def _taken(name: str) -> str:
    return f"{name!r} is already in the CQC team"


def add(reg: Register, name: str, **values: Any) -> int:
    return named.add(reg, "assessor", _clean({"name": name, **values}), _taken)


def edit(reg: Register, member_id: int, **values: Any) -> dict[str, Any]:
    return named.edit(reg, "assessor", member_id, _clean(values), _taken)


def remove(reg: Register, member_id: int) -> None:
    from readiness_app.register.bookings import remove_unless_booked

    remove_unless_booked(reg, "assessor", member_id)


def find(reg: Register, name: str) -> dict[str, Any]:
    def missing(known: list[str]) -> str:
        return f"no one called {name!r} in the CQC team (team: {', '.join(known) or 'nobody yet'})"

    return named.find(list_team(reg), name, missing)


def list_team(reg: Register) -> list[dict[str, Any]]:
    """Every member with the words of their role and how many sessions they are down for."""
    rows = reg.query(
        "SELECT a.*, (SELECT COUNT(*) FROM session_assessor sa WHERE sa.assessor_id = a.id) AS sessions"
        " FROM assessor a ORDER BY a.name COLLATE NOCASE"
    )
    team = [dict(r) | {"role_label": role_label(r["role"])} for r in rows]
    return sorted(team, key=lambda m: named.natural_key(m["name"]))  # "Assessor 2" before "Assessor 10"


def ensure(reg: Register, people: list[tuple[str, str]]) -> dict[str, int]:
    """CQC team ids by name for (name, role) pairs, creating those the register lacks.

    'Sam Jones' finds 'Sam Jones (CQC)'; names are compared case- and space-blind.
    """
    found: dict[str, int] = {}
    for assessor_id, existing in reg.query("SELECT id, name FROM assessor"):
        found[name_key(existing)] = int(assessor_id)
        found.setdefault(name_key(existing).removesuffix("(cqc)").strip(), int(assessor_id))
    new: dict[str, dict[str, str]] = {}
    for name, role in people:
        clean = required_text(" ".join(str(name).split()), "assessor")
        if name_key(clean) not in found:
            key, note = role_and_note(role)
            new.setdefault(name_key(clean), {"name": clean, "role": key, "notes": note})
    with reg.transaction():
        found.update(zip(new, records.insert_many(reg, "assessor", list(new.values())), strict=True))
    return {name: found[name_key(name)] for name, _ in people}
