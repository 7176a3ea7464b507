"""Gaps in the evidence: add, edit, close, remove."""

from __future__ import annotations

from typing import Any

from readiness_app.operations import Operation
from readiness_app.register import gaps


def add(**fields: Any) -> Operation[int]:
    """A new gap (qs, description, severity, category, kind, owner, due_date, status, notes); returns its id."""
    return Operation("adding a gap", "New gap", lambda reg: gaps.create(reg, **fields))


def edit(gap_id: int, **fields: Any) -> Operation[dict[str, Any]]:
    return Operation("saving the gap", "Edit gap", lambda reg: gaps.update(reg, gap_id, **fields))


def close(gap_id: int, evidence_id: int | None = None, note: str = "") -> Operation[dict[str, Any]]:
    """Close a gap, naming the evidence item that filled it (optional) and a note."""
    return Operation("closing the gap", "Close gap", lambda reg: gaps.close(reg, gap_id, evidence_id, note))


def remove(gap_id: int) -> Operation[None]:
    return Operation("deleting the gap", "Delete gap", lambda reg: gaps.delete(reg, gap_id))
