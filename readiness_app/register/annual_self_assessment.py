"""Annual self-assessments: each year's version is a read-only snapshot with a status.

A version is taken as a draft, then signed off, then sent (to CQC, or for the
annual conversation). The snapshot keeps the words; this table keeps the year,
the status, the day it changed and the document generated for it (so the
information return's self-assessment item can point at the file). Comparing this
year's version with last year's reuses the snapshot comparison.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.register import records, snapshots
from readiness_app.register.connection import Register
from readiness_app.register.validation import choice, required_text

STATUS = {"draft": "Draft", "signed_off": "Signed off", "sent": "Sent"}
_ORDER = list(STATUS)


def take(reg: Register, year: str, *, status: str = "draft", today: date | None = None) -> int:
    """Snapshot the self-assessment now as `year`'s version (one version per year)."""
    year = required_text(year, "year")
    status = choice(status, STATUS, "status")
    day = today or clock.today()
    if reg.scalar("SELECT 1 FROM self_assessment_version WHERE year = ?", (year,)):
        raise ReadinessError(
            f"the {year} self-assessment already has a version",
            "a version is read-only; change its status, or name another year",
            field="year",
        )
    snapshot_id = snapshots.take(reg, f"Self-assessment {year}", today=day)
    with reg.transaction():
        records.insert(
            reg,
            "self_assessment_version",
            {"snapshot_id": snapshot_id, "year": year, "status": status, "status_date": day.isoformat()},
        )
    return snapshot_id


def _row(reg: Register, year: str) -> dict[str, Any]:
    row = reg.conn.execute("SELECT * FROM self_assessment_version WHERE year = ?", (str(year).strip(),)).fetchone()
    if row is None:
        raise ReadinessError(f"no self-assessment version for {year!r}", "see `annual list REGISTER`", field="year")
    return dict(row)


def set_status(
    reg: Register, year: str, status: str, *, document: str | None = None, today: date | None = None
) -> dict[str, Any]:
    """Move a version on (draft -> signed off -> sent); a sent version cannot go back to draft."""
    status = choice(status, STATUS, "status")
    with reg.transaction():
        row = _row(reg, year)
        if _ORDER.index(status) < _ORDER.index(row["status"]):
            raise ReadinessError(
                f"the {year} self-assessment is already {STATUS[row['status']].lower()}",
                "take a new version for changes after sign-off",
                field="status",
            )
        values: dict[str, Any] = {"status": status, "status_date": (today or clock.today()).isoformat()}
        if document is not None:
            values["document"] = str(document)
        return records.update(reg, "self_assessment_version", row["snapshot_id"], values, key="snapshot_id")


def set_document(reg: Register, year: str, path: str) -> None:
    with reg.transaction():
        row = _row(reg, year)
        records.update(reg, "self_assessment_version", row["snapshot_id"], {"document": str(path)}, key="snapshot_id")


def list_versions(reg: Register) -> list[dict[str, Any]]:
    """Newest year first, with the snapshot's day."""
    rows = [
        dict(r)
        for r in reg.query(
            "SELECT v.*, s.taken_on FROM self_assessment_version v JOIN snapshot s ON s.id = v.snapshot_id"
            " ORDER BY v.year DESC"
        )
    ]
    for row in rows:
        row["status_label"] = STATUS[row["status"]]
    return rows


def compare_years(reg: Register, this_year: str | None = None, last_year: str | None = None) -> dict[str, Any]:
    """This year's version (default: the live self-assessment) against last year's (default: the newest version)."""
    versions = list_versions(reg)
    if last_year is None:
        older = [v for v in versions if this_year is None or v["year"] < this_year]
        if not older:
            raise ReadinessError("no earlier self-assessment version to compare with", "take one with `annual take`")
        last_year = older[0]["year"]
    a = _row(reg, last_year)["snapshot_id"]
    b = _row(reg, this_year)["snapshot_id"] if this_year else None
    result = snapshots.compare(reg, a, b)
    result["a"]["label"] = f"Self-assessment {last_year}"
    if this_year:
        result["b"]["label"] = f"Self-assessment {this_year}"
    return result


def answer_return_item(reg: Register, year: str, item_number: str) -> int:
    """Answer the information return's self-assessment item with this version's generated document.

    The document must be in the evidence folder (the return's files are filed there); it is
    added to the register as accepted evidence for all nine QS if a scan has not found it yet.
    """
    from pathlib import Path

    from readiness_app.framework import current
    from readiness_app.register import assessment, evidence
    from readiness_app.register import information_return as ir

    row = _row(reg, year)
    if not row["document"]:
        raise ReadinessError(
            f"no document is recorded for the {year} self-assessment",
            "write it into the evidence folder with `report self-assessment -o`, then `annual status ... --document`",
        )
    folder = assessment.evidence_folder(reg)
    path = Path(row["document"])
    if not path.is_absolute() and folder is not None:
        path = folder / path
    if folder is None or not path.resolve().is_relative_to(folder.resolve()):
        raise ReadinessError(
            f"{row['document']} is not in the evidence folder",
            "save the document there so it can be sent with the return",
        )
    rel = path.resolve().relative_to(folder.resolve()).as_posix()
    with reg.transaction():
        item = ir.item_id(reg, item_number)
        found = reg.scalar("SELECT id FROM evidence WHERE rel_path = ?", (rel,))
        evidence_id = found or evidence.create(
            reg, rel, qs=list(current().qs_ids), title=f"Self-assessment {year}", status="accepted"
        )
        return ir.add_answer(reg, item, "evidence", evidence=int(evidence_id))
