"""The factual accuracy check: points the council challenges in CQC's draft report.

CQC allows 10 working days from receipt of the draft. The receipt date is
`assessment.fa_received_date`; the deadline is worked out from it with the
England and Wales bank holiday list, never stored, so correcting the receipt
date corrects the deadline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.register import assessment, records
from readiness_app.register.connection import Register
from readiness_app.register.evidence import link_evidence, linked_evidence
from readiness_app.register.validation import choice, required_text
from readiness_app.register.visit_dates import checked_date

CORRECTION_TYPE = {
    "typo_figure": "Typo or wrong figure",
    "inaccurate": "Factually inaccurate",
    "omitted": "Information omitted",
}
FA_STATUS = {
    "draft": "Draft",
    "agreed": "Agreed internally",
    "submitted": "Submitted to CQC",
    "accepted": "Accepted by CQC",
    "rejected": "Not accepted by CQC",
}
# Short words people type for each correction type.
TYPE_WORDS = {"typo": "typo_figure", "figure": "typo_figure", "factual": "inaccurate", "omission": "omitted"}
WORKING_DAYS = 10
TEXT_FIELDS = ("draft_wording", "proposed_wording", "owner", "notes", "page", "paragraph")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key == "section":
            clean[key] = required_text(value, "section")
        elif key == "correction_type":
            word = str(value or "").strip().lower()
            clean[key] = TYPE_WORDS.get(word) or choice(value, CORRECTION_TYPE, "correction_type")
        elif key == "status":
            clean[key] = choice(value or "draft", FA_STATUS, "status")
        elif key in TEXT_FIELDS:
            clean[key] = str(value or "").strip()
        else:
            raise ReadinessError(f"unknown factual accuracy field {key!r}", field=key)
    return clean


def create(reg: Register, *, evidence: Sequence[int] = (), **values: Any) -> int:
    values.setdefault("status", "draft")
    clean = _clean(values)
    for key in ("section", "correction_type"):
        if not clean.get(key):
            raise ReadinessError(f"{key.replace('_', ' ')} is required", field=key)
    with reg.transaction():
        point_id = records.insert(reg, "fa_point", clean)
        link_evidence(reg, "fa_point_evidence", "point_id", point_id, evidence, "fa_point")
    return point_id


def update(reg: Register, point_id: int, *, evidence: list[int] | None = None, **values: Any) -> dict[str, Any]:
    clean = _clean(values)
    with reg.transaction():
        records.get(reg, "fa_point", point_id)
        changes = records.update(reg, "fa_point", point_id, clean) if clean else {}
        if evidence is not None:
            ids = link_evidence(reg, "fa_point_evidence", "point_id", point_id, evidence, "fa_point")
            if ids is not None:
                changes["evidence"] = ids
    return changes


def delete(reg: Register, point_id: int) -> None:
    with reg.transaction():
        records.delete(reg, "fa_point", point_id)


def list_points(
    reg: Register, *, status: str | None = None, point_ids: list[int] | None = None
) -> list[dict[str, Any]]:
    """Points in entry order, numbered 1.. as in the submission, with evidence and flags."""
    rows = [dict(r) for r in reg.query("SELECT * FROM fa_point ORDER BY id")]
    evidence = linked_evidence(reg, "fa_point_evidence", "point_id", paths=True)
    out = []
    for number, row in enumerate(rows, start=1):
        row["number"] = number
        row["evidence"] = evidence.get(row["id"], [])
        row["type_label"] = CORRECTION_TYPE[row["correction_type"]]
        flags = []
        if row["correction_type"] == "inaccurate" and not row["evidence"]:
            flags.append("no supporting evidence")
        if row["correction_type"] != "omitted" and not row["proposed_wording"]:
            flags.append("no proposed wording")
        if row["correction_type"] == "omitted" and not (row["proposed_wording"] or row["evidence"]):
            flags.append("nothing says what was omitted")
        if not row["owner"]:
            flags.append("no owner")
        row["flags"] = flags
        out.append(row)
    if status:
        wanted = choice(status, FA_STATUS, "status")
        out = [r for r in out if r["status"] == wanted]
    if point_ids is not None:
        out = [r for r in out if r["id"] in point_ids]
    return out


def get(reg: Register, point_id: int) -> dict[str, Any]:
    rows = list_points(reg, point_ids=[point_id])
    if not rows:
        raise ReadinessError(f"no factual accuracy point with id {point_id}")
    return rows[0]


def set_received(reg: Register, value: object) -> str | None:
    """Record when the draft report arrived (blank clears it). Must be after the visit began."""
    day = checked_date(reg, value, "fa_received_date", before=0, after=365)
    assessment.update(reg, fa_received_date=day)
    return day


def deadline(reg: Register, today: date | None = None) -> dict[str, Any]:
    """The submission deadline and how many working days are left.

    Raises ReadinessError if the bank holiday list does not cover the dates.
    """
    today = today or clock.today()
    received = assessment.get(reg)["fa_received_date"]
    if not received:
        return {
            "received": None,
            "deadline": None,
            "working_days": WORKING_DAYS,
            "working_days_left": None,
            "state": "not received",
            "bank_holidays": [],
        }
    from readiness_app.register import workdays  # only now: the desktop app's first screen runs this

    due = workdays.add_working_days(received, WORKING_DAYS)
    holidays = [{"date": d.isoformat(), "title": t} for d, t in workdays.holidays_between(received, due)]
    if today > due:
        left, state = -workdays.working_days_between(due, today), "passed"
    else:
        left = workdays.working_days_between(today, due)
        state = "due today" if today == due else "open"
    return {
        "received": received,
        "deadline": due.isoformat(),
        "working_days": WORKING_DAYS,
        "working_days_left": left,
        "state": state,
        "bank_holidays": holidays,
    }


def where_in_report(point: dict[str, Any]) -> str:
    """Section, then page and paragraph when known: 'Safeguarding, page 12, paragraph 3'."""
    parts = [point["section"]]
    if (point.get("page") or "").strip():
        parts.append(f"page {point['page'].strip()}")
    if (point.get("paragraph") or "").strip():
        parts.append(f"paragraph {point['paragraph'].strip()}")
    return ", ".join(parts)
