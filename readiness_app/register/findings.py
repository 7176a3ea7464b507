"""The previous report's findings: per QS, what CQC found went well and the areas for improvement.

Each finding is a short entry in the council's own words with the report's page or
paragraph. Improvement-plan actions address findings (many to many) and evidence
items show change against them; a finding with neither is what the readiness RAG
counts as not yet answered. The report's date, rating and nine scores are the
published outcome already held (`register/outcome.py`), shown as the previous assessment.
"""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.validation import required_text

KIND = {"went_well": "Went well", "improve": "Area for improvement"}
_KIND_WORDS = {
    "went well": "went_well",
    "went_well": "went_well",
    "strength": "went_well",
    "positive": "went_well",
    "well": "went_well",
    "area for improvement": "improve",
    "areas for improvement": "improve",
    "improve": "improve",
    "improvement": "improve",
    "area for development": "improve",
    "development": "improve",
    "afi": "improve",
}


def parse_kind(value: object) -> str:
    text = " ".join(str(value or "").strip().lower().replace("-", " ").split())
    if text in _KIND_WORDS:
        return _KIND_WORDS[text]
    raise ReadinessError(
        f"{str(value).strip()!r} is not a kind of finding (went well, or area for improvement)", field="kind"
    )


def parse_qs(value: object) -> str:
    from readiness_app.framework.matcher import match_qs

    text = str(value or "").strip()
    qs = match_qs(text) if text else None
    if qs is None:
        raise ReadinessError(f"{text!r} is not a quality statement (QS1 to QS9, or its name)", field="qs")
    return qs.id


def clean(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "qs":
            out[key] = parse_qs(value)
        elif key == "kind":
            out[key] = parse_kind(value)
        elif key == "text":
            out[key] = required_text(value, "finding")
        elif key in ("page", "notes"):
            out[key] = str(value if value is not None else "").strip()
            if isinstance(value, float) and value.is_integer():
                out[key] = str(int(value))
        else:
            raise ReadinessError(f"unknown finding field {key!r}", field=key)
    return out


def create(reg: Register, **values: Any) -> int:
    for key in ("qs", "kind", "text"):
        if not str(values.get(key) or "").strip():
            raise ReadinessError(f"{'finding' if key == 'text' else key} is required", field=key)
    row = clean(values)
    with reg.transaction():
        return records.insert(reg, "finding", row)


def update(reg: Register, finding_id: int, **values: Any) -> dict[str, Any]:
    row = clean(values)
    with reg.transaction():
        return records.update(reg, "finding", finding_id, row) if row else {}


def delete(reg: Register, finding_id: int) -> None:
    with reg.transaction():
        records.delete(reg, "finding", finding_id)


def get(reg: Register, finding_id: int) -> dict[str, Any]:
    return records.get(reg, "finding", finding_id)


def list_findings(reg: Register, qs: str | None = None) -> list[dict[str, Any]]:
    """Findings in QS order (went well first), each with its linked action references and evidence ids."""
    actions: dict[int, list[str]] = {}
    for fid, ref in reg.query(
        "SELECT af.finding_id, a.reference FROM action_finding af JOIN improvement_action a ON a.id = af.action_id"
    ):
        actions.setdefault(fid, []).append(ref)
    evidence: dict[int, list[int]] = {}
    for fid, eid in reg.query("SELECT finding_id, evidence_id FROM finding_evidence ORDER BY evidence_id"):
        evidence.setdefault(fid, []).append(eid)
    where, params = ("WHERE qs = ?", (parse_qs(qs),)) if qs else ("", ())
    rows = [dict(r) for r in reg.query(f"SELECT * FROM finding {where}", params)]
    order = {q: n for n, q in enumerate(current().qs_ids)}
    rows.sort(key=lambda r: (order.get(r["qs"], 99), r["kind"] != "went_well", r["id"]))
    for row in rows:
        row["kind_label"] = KIND[row["kind"]]
        row["actions"] = sorted(actions.get(row["id"], []))
        row["evidence"] = evidence.get(row["id"], [])
    return rows


def set_actions(reg: Register, finding_id: int, action_refs: list[int | str]) -> None:
    """The actions that address a finding (replaces the set)."""
    from readiness_app.register import improvement

    with reg.transaction():
        get(reg, finding_id)
        ids = [improvement.resolve(reg, ref) for ref in action_refs]
        records.set_links(
            reg,
            "action_finding",
            "finding_id",
            finding_id,
            "action_id",
            ids,
            audit_table="finding",
            audit_field="actions",
        )


def link_action(reg: Register, action_ref: int | str, finding_ids: list[int]) -> None:
    """An action addresses these findings (added to the ones it already addresses)."""
    from readiness_app.register import improvement

    with reg.transaction():
        action_id = improvement.resolve(reg, action_ref)
        have = set(records.links(reg, "action_finding", "action_id", action_id, "finding_id"))
        for fid in finding_ids:
            get(reg, fid)
        records.set_links(
            reg,
            "action_finding",
            "action_id",
            action_id,
            "finding_id",
            sorted(have | set(finding_ids)),
            audit_table="improvement_action",
            audit_field="findings",
        )


def findings_of_action(reg: Register, action_id: int) -> list[int]:
    return records.links(reg, "action_finding", "action_id", action_id, "finding_id")


def set_evidence(reg: Register, finding_id: int, evidence_ids: list[int]) -> None:
    """The evidence that shows change against a finding (replaces the set)."""
    with reg.transaction():
        get(reg, finding_id)
        for eid in evidence_ids:
            if not reg.scalar("SELECT 1 FROM evidence WHERE id = ?", (eid,)):
                raise ReadinessError(f"no evidence item with id {eid}", field="evidence")
        records.set_links(
            reg,
            "finding_evidence",
            "finding_id",
            finding_id,
            "evidence_id",
            evidence_ids,
            audit_table="finding",
            audit_field="evidence",
        )


def unanswered(reg: Register) -> dict[str, dict[str, int]]:
    """Per QS: areas for improvement with no action, and with no evidence of change (for the readiness RAG)."""
    out: dict[str, dict[str, int]] = {}
    rows = reg.query(
        "SELECT f.qs,"
        " SUM(NOT EXISTS (SELECT 1 FROM action_finding a WHERE a.finding_id = f.id)),"
        " SUM(NOT EXISTS (SELECT 1 FROM finding_evidence e WHERE e.finding_id = f.id))"
        " FROM finding f WHERE f.kind = 'improve' GROUP BY f.qs"
    )
    for qs, no_action, no_evidence in rows:
        out[qs] = {"no_action": no_action or 0, "no_evidence": no_evidence or 0}
    return out
