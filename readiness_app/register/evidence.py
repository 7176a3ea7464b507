"""Evidence items: files in the evidence folder, their tags and review status."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.framework.matcher import parse_qs_list
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.validation import choice, parse_date
from readiness_app.register.vocabulary import EVIDENCE_STATUS, PRESENCE


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "status" in clean:
        clean["status"] = choice(clean["status"], EVIDENCE_STATUS, "status")
    if "presence" in clean:
        clean["presence"] = choice(clean["presence"], PRESENCE, "presence")
    if clean.get("category"):
        clean["category"] = current().category(clean["category"]).id
    elif "category" in clean:
        clean["category"] = None
    if "document_date" in clean:
        clean["document_date"] = parse_date(clean["document_date"], "document_date")
    if "rel_path" in clean:
        clean["rel_path"] = PurePosixPath(str(clean["rel_path"]).replace("\\", "/")).as_posix()
    return clean


def default_title(rel_path: str) -> str:
    """A readable title from a file name: 'QS7 - s42 audit_2024.pdf' -> 's42 audit 2024'."""
    stem = PurePosixPath(rel_path).stem.replace("_", " ").strip()
    return " ".join(stem.split()) or rel_path


def create(reg: Register, rel_path: str, *, qs: list[str] | str = (), **values: Any) -> int:
    clean = _clean({"rel_path": rel_path, **values})
    clean.setdefault("title", default_title(clean["rel_path"]))
    clean.setdefault("added_at", records.now_iso())
    qs_ids = parse_qs_list(qs) if isinstance(qs, str) else list(qs)
    with reg.transaction():
        if reg.scalar("SELECT 1 FROM evidence WHERE rel_path = ?", (clean["rel_path"],)):
            raise ReadinessError(f"{clean['rel_path']} is already in the register", field="rel_path")
        item_id = records.insert(reg, "evidence", clean)
        set_qs(reg, item_id, qs_ids)
    return item_id


def update(reg: Register, item_id: int, *, qs: list[str] | str | None = None, **values: Any) -> dict:
    clean = _clean(values)
    with reg.transaction():
        changes = records.update(reg, "evidence", item_id, clean) if clean else {}
        if qs is not None:
            set_qs(reg, item_id, parse_qs_list(qs) if isinstance(qs, str) else list(qs))
    return changes


def set_qs(reg: Register, item_id: int, qs_ids: list[str]) -> None:
    for qid in qs_ids:
        current().qs(qid)
    records.set_links(reg, "evidence_qs", "evidence_id", item_id, "qs", qs_ids, audit_table="evidence", audit_field="qs")


def get(reg: Register, item_id: int) -> dict[str, Any]:
    row = records.get(reg, "evidence", item_id)
    row["qs"] = records.links(reg, "evidence_qs", "evidence_id", item_id, "qs")
    return row


def list_items(
    reg: Register,
    *,
    qs: str | None = None,
    status: str | None = None,
    presence: str | None = None,
    category: str | None = None,
    ids: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Evidence items with their QS ids, ordered by reference then path."""
    where, params = [], []
    if qs:
        where.append("e.id IN (SELECT evidence_id FROM evidence_qs WHERE qs = ?)")
        params.append(qs)
    if status:
        where.append("e.status = ?")
        params.append(status)
    if presence:
        where.append("e.presence = ?")
        params.append(presence)
    if category:
        where.append("e.category = ?")
        params.append(category)
    if ids is not None:
        where.append("e.id IN (SELECT value FROM json_each(?))")
        import json

        params.append(json.dumps(ids))
    sql = "SELECT e.* FROM evidence e" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY e.reference IS NULL, e.reference, e.rel_path"
    rows = [dict(r) for r in reg.query(sql, tuple(params))]
    tags: dict[int, list[str]] = {}
    for r in reg.query("SELECT evidence_id, qs FROM evidence_qs ORDER BY qs"):
        tags.setdefault(r[0], []).append(r[1])
    for row in rows:
        row["qs"] = tags.get(row["id"], [])
    return rows
