"""CQC's information requests during and after the visit, and what was sent back.

A request without a due date is accepted (CQC does not always give one) but is
flagged "no due date" everywhere it is listed, so it is chased rather than lost.
Overdue = due date before today and not yet sent or closed; derived, never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.framework.matcher import qs_ids_from
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.evidence import link_evidence, linked_evidence
from readiness_app.register.validation import choice, required_text
from readiness_app.register.visit_dates import checked_date
from readiness_app.register.where import Where

REQUEST_STATUS = {"open": "Open", "in_progress": "In progress", "sent": "Sent to CQC", "closed": "Closed"}
DONE = ("sent", "closed")
TEXT_FIELDS = ("from_whom", "owner", "notes")
# Requests arrive from a few weeks before the visit until the report is published.
BEFORE_VISIT_DAYS, AFTER_VISIT_DAYS = 90, 365


def _qs_text(qs: list[str] | str | None) -> str | None:
    return None if qs is None else ",".join(qs_ids_from(qs))


def _clean(reg: Register, values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key in ("received_date", "due_date", "sent_date"):
            clean[key] = checked_date(
                reg, value, key, before=BEFORE_VISIT_DAYS, after=AFTER_VISIT_DAYS, required=key == "received_date"
            )
        elif key == "description":
            clean[key] = required_text(value, "description")
        elif key == "status":
            clean[key] = choice(value or "open", REQUEST_STATUS, "status")
        elif key == "qs":
            clean[key] = _qs_text(value) or None
        elif key in TEXT_FIELDS:
            clean[key] = str(value or "").strip()
        else:
            raise ReadinessError(f"unknown request field {key!r}", field=key)
    return clean


def _check(row: dict[str, Any]) -> None:
    received = row.get("received_date")
    for key in ("due_date", "sent_date"):
        if received and row.get(key) and row[key] < received:
            raise ReadinessError(
                f"the {key.replace('_', ' ')} ({row[key]}) is before the request was received ({received})", field=key
            )


def create(reg: Register, *, evidence: Sequence[int] = (), today: date | None = None, **values: Any) -> int:
    values.setdefault("status", "open")
    clean = _clean(reg, values)
    for key in ("received_date", "description"):
        if not clean.get(key):
            raise ReadinessError(f"{key.replace('_', ' ')} is required", field=key)
    if clean["status"] in DONE and not clean.get("sent_date"):
        clean["sent_date"] = (today or clock.today()).isoformat()
    _check(clean)
    with reg.transaction():
        request_id = records.insert(reg, "cqc_request", clean)
        link_evidence(reg, "request_evidence", "request_id", request_id, evidence, "cqc_request")
    return request_id


def update(
    reg: Register, request_id: int, *, evidence: list[int] | None = None, today: date | None = None, **values: Any
) -> dict[str, Any]:
    """Change fields; marking a request sent stamps today's date unless a sent date is given."""
    clean = _clean(reg, values)
    with reg.transaction():
        before = records.get(reg, "cqc_request", request_id)
        if clean.get("status") == "sent" and not clean.get("sent_date") and not before["sent_date"]:
            clean["sent_date"] = (today or clock.today()).isoformat()
        _check({**before, **clean})
        changes = records.update(reg, "cqc_request", request_id, clean) if clean else {}
        if evidence is not None:
            ids = link_evidence(reg, "request_evidence", "request_id", request_id, evidence, "cqc_request")
            if ids is not None:
                changes["evidence"] = ids
    return changes


def delete(reg: Register, request_id: int) -> None:
    with reg.transaction():
        records.delete(reg, "cqc_request", request_id)


def _decorate(row: dict[str, Any], today: date, evidence: dict[int, list[dict[str, Any]]]) -> dict[str, Any]:
    row["qs"] = [q for q in (row["qs"] or "").split(",") if q]
    row["evidence"] = evidence.get(row["id"], [])
    done = row["status"] in DONE
    row["overdue"] = bool(row["due_date"] and not done and row["due_date"] < today.isoformat())
    row["days_overdue"] = (today - date.fromisoformat(row["due_date"])).days if row["overdue"] else 0
    flags = []
    if row["overdue"]:
        flags.append(f"overdue by {row['days_overdue']} day{'s' if row['days_overdue'] != 1 else ''}")
    if not row["due_date"] and not done:
        flags.append("no due date")
    if not row["owner"] and not done:
        flags.append("no owner")
    if row["status"] == "sent" and not row["evidence"]:
        flags.append("sent, but no evidence linked")
    row["flags"] = flags
    return row


def list_requests(
    reg: Register,
    *,
    today: date | None = None,
    status: str | None = None,
    overdue_only: bool = False,
    open_only: bool = False,
    request_ids: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Requests with derived `overdue`, `days_overdue`, `flags` and linked evidence; overdue first."""
    today = today or clock.today()
    where = Where()
    if status:
        where.add("status = ?", choice(status, REQUEST_STATUS, "status"))
    if open_only or overdue_only:
        where.add("status NOT IN ('sent', 'closed')")
    if request_ids is not None:
        where.among("id", request_ids)
    rows = [dict(r) for r in reg.query(f"SELECT * FROM cqc_request{where}", where.params)]
    evidence = linked_evidence(reg, "request_evidence", "request_id")
    rows = [_decorate(r, today, evidence) for r in rows]
    if overdue_only:
        rows = [r for r in rows if r["overdue"]]
    done_rank = {"open": 0, "in_progress": 0, "sent": 1, "closed": 1}
    rows.sort(key=lambda r: (done_rank[r["status"]], not r["overdue"], r["due_date"] or "9999", r["id"]))
    return rows


def get(reg: Register, request_id: int, today: date | None = None) -> dict[str, Any]:
    rows = list_requests(reg, today=today, request_ids=[request_id])
    if not rows:
        raise ReadinessError(f"no CQC request with id {request_id}")
    return rows[0]


def overdue(reg: Register, today: date | None = None) -> list[dict[str, Any]]:
    """Open requests past their due date, most overdue first (for the dashboard and `status`)."""
    rows = list_requests(reg, today=today, overdue_only=True)
    return sorted(rows, key=lambda r: (-r["days_overdue"], r["id"]))


def counts(reg: Register, today: date | None = None) -> dict[str, int]:
    """Cheap counts for the dashboard: open, overdue, no due date, sent/closed."""
    iso = (today or clock.today()).isoformat()
    row = reg.conn.execute(
        "SELECT COUNT(*),"
        " SUM(status NOT IN ('sent','closed')),"
        " SUM(status NOT IN ('sent','closed') AND due_date IS NOT NULL AND due_date < ?),"
        " SUM(status NOT IN ('sent','closed') AND due_date IS NULL),"
        " SUM(status IN ('sent','closed')) FROM cqc_request",
        (iso,),
    ).fetchone()
    return {
        "total": row[0],
        "open": row[1] or 0,
        "overdue": row[2] or 0,
        "no_due_date": row[3] or 0,
        "done": row[4] or 0,
    }
