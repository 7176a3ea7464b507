"""Records kept by a unique name: rooms and CQC team members.

Names are compared case- and space-blind, a second record with the same name is
refused, and a name typed on the command line finds its record the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.validation import required_text


def name_key(name: str) -> str:
    """The form of a name used to compare names: lower case, single spaces."""
    return " ".join(str(name or "").split()).casefold()


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: object) -> tuple[int | str, ...]:
    """Sort key that puts "Assessor 2" before "Assessor 10" and ignores case."""
    parts = _DIGITS.split(str(text or "").casefold())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def clean_name(value: object) -> str:
    """A required name with its spacing tidied."""
    return re.sub(r"\s+", " ", required_text(value, "name"))


def refuse_duplicate(
    reg: Register, table: str, name: str, taken: Callable[[str], str], record_id: int | None = None
) -> None:
    """Refuse a name another record already has; `taken` words the refusal from that record's name."""
    for row in reg.query(f"SELECT id, name FROM {table}"):
        if name_key(row[1]) == name_key(name) and row[0] != record_id:
            raise ReadinessError(taken(row[1]), field="name")


def add(reg: Register, table: str, clean: dict[str, Any], taken: Callable[[str], str]) -> int:
    """Insert a checked record whose name is not taken; returns its id."""
    with reg.transaction():
        refuse_duplicate(reg, table, clean["name"], taken)
        return records.insert(reg, table, clean)


def edit(
    reg: Register, table: str, record_id: int, clean: dict[str, Any], taken: Callable[[str], str]
) -> dict[str, Any]:
    """Change checked fields of a record (a new name must not be taken); returns the audited changes."""
    with reg.transaction():
        records.get(reg, table, record_id)
        if "name" in clean:
            refuse_duplicate(reg, table, clean["name"], taken, record_id)
        return records.update(reg, table, record_id, clean)


def find(rows: list[dict[str, Any]], name: str, missing: Callable[[list[str]], str]) -> dict[str, Any]:
    """The row with this name; else ReadinessError worded by `missing` from the names there are."""
    for row in rows:
        if name_key(row["name"]) == name_key(name):
            return row
    raise ReadinessError(missing([r["name"] for r in rows]), field="name")
