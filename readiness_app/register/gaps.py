"""Evidence gaps per quality statement, and closing them with evidence."""

from __future__ import annotations

from typing import Any, TypedDict, cast

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.reads import reads
from readiness_app.register.validation import choice, parse_date, required_text
from readiness_app.register.vocabulary import GAP_KIND, GAP_STATUS, SEVERITY
from readiness_app.register.where import Where


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "qs" in clean:
        clean["qs"] = current().qs(str(clean["qs"]).strip().upper()).id
    if clean.get("category"):
        clean["category"] = current().category(clean["category"]).id
    elif "category" in clean:
        clean["category"] = None
    if "description" in clean:
        clean["description"] = required_text(clean["description"], "description")
    if "severity" in clean:
        clean["severity"] = choice(clean["severity"], SEVERITY, "severity")
    if "status" in clean:
        clean["status"] = choice(clean["status"], GAP_STATUS, "status")
    if "kind" in clean:
        clean["kind"] = choice(clean["kind"], GAP_KIND, "kind")
    if "due_date" in clean:
        clean["due_date"] = parse_date(clean["due_date"], "due_date")
    return clean


def create(reg: Register, qs: str, description: str, severity: str = "medium", **values: Any) -> int:
    clean = _clean({"qs": qs, "description": description, "severity": severity, **values})
    if clean.get("kind") == "no_evidence" and not clean.get("category"):
        raise ReadinessError("a 'no evidence in this category' gap needs a category", field="category")
    with reg.transaction():
        return records.insert(reg, "gap", clean)


def update(reg: Register, gap_id: int, **values: Any) -> dict[str, Any]:
    with reg.transaction():
        return records.update(reg, "gap", gap_id, _clean(values))


def delete(reg: Register, gap_id: int) -> None:
    """Remove a gap recorded by mistake (a gap that was filled is closed instead, and kept)."""
    with reg.transaction():
        records.delete(reg, "gap", gap_id)


def close(reg: Register, gap_id: int, evidence_id: int | None = None, note: str = "") -> dict[str, Any]:
    """Close a gap, optionally naming the evidence that closed it."""
    with reg.transaction():
        if evidence_id is not None and not reg.scalar("SELECT 1 FROM evidence WHERE id = ?", (evidence_id,)):
            raise ReadinessError(f"no evidence item with id {evidence_id}", field="evidence")
        values: dict[str, Any] = {"status": "closed", "closed_by": evidence_id}
        if note:
            old = records.get(reg, "gap", gap_id)["notes"]
            values["notes"] = (old + "\n" + note).strip()
        return records.update(reg, "gap", gap_id, values)


class Gap(TypedDict):
    """A gap as the Gaps page, the checklist, the exports and `gap list --json` read it."""

    id: int
    qs: str  # QS1 ... QS9
    category: str | None  # an evidence category key, or none
    kind: str  # general | no_evidence
    description: str
    severity: str  # high | medium | low
    owner: str
    due_date: str | None  # ISO
    status: str  # open | in_progress | closed
    closed_by: int | None  # the evidence item that filled it
    notes: str


@reads("gap")
def list_gaps(reg: Register, *, qs: str | None = None, open_only: bool = False) -> list[Gap]:
    where = Where()
    if qs:
        where.add("qs = ?", qs)
    if open_only:
        where.add("status != 'closed'")
    order = " ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, due_date, id"
    return [cast(Gap, dict(r)) for r in reg.query(f"SELECT * FROM gap{where}{order}", where.params)]


@reads("gap", "evidence")
def closing_evidence_titles(reg: Register) -> dict[int, str]:
    """Title of each evidence item that closed a gap, by evidence id (the gaps page shows it)."""
    return {r[0]: r[1] for r in reg.query("SELECT id, title FROM evidence WHERE id IN (SELECT closed_by FROM gap)")}


def open_no_evidence_gaps(reg: Register, qs: str, category: str) -> list[dict[str, Any]]:
    """Open gaps that say 'no evidence in this category' for this QS and category."""
    return [
        dict(r)
        for r in reg.query(
            "SELECT * FROM gap WHERE kind = 'no_evidence' AND status != 'closed' AND qs = ? AND category = ?",
            (qs, category),
        )
    ]
