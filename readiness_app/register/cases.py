"""Case tracking: coded cases, their criteria, stage and consent."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework.matcher import parse_qs_list
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.validation import choice, parse_date
from readiness_app.register.vocabulary import CONSENT, CONTACT, STAGE

# A coded reference: letters, digits and - _ / . only, 2-32 long; no spaces so a
# full name ("Jane Smith") cannot be typed in by mistake.
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/.]{1,31}$")


def validate_code(code: object) -> str:
    text = str(code or "").strip()
    if not text:
        raise ReadinessError("a coded reference is required", field="code")
    if not _CODE.match(text):
        raise ReadinessError(
            f"{text!r} is not a coded reference (letters, digits and - _ / . only, no spaces or names)",
            field="code",
        )
    return text


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "code" in clean:
        clean["code"] = validate_code(clean["code"])
    if "stage" in clean:
        clean["stage"] = choice(clean["stage"], STAGE, "stage")
    if "consent" in clean:
        clean["consent"] = choice(clean["consent"], CONSENT, "consent")
    if "contact" in clean:
        clean["contact"] = choice(clean["contact"], CONTACT, "contact") if clean["contact"] else ""
    for key in ("consent_date", "records_shared_date"):
        if key in clean:
            clean[key] = parse_date(clean[key], key)
    for key in ("team", "notes"):
        if key in clean:
            clean[key] = str(clean[key] or "").strip()
    return clean


def _check_unique(reg: Register, code: str, exclude_id: int | None = None) -> None:
    other = find_by_code(reg, code)
    if other is not None and other != exclude_id:
        raise ReadinessError(f"case code {code!r} is already used", field="code")


def create(
    reg: Register, code: str, *, criteria: Sequence[str] = (), qs: Sequence[str] | str = (), **values: Any
) -> int:
    clean = _clean({"code": code, **values})
    qs_ids = parse_qs_list(qs) if isinstance(qs, str) else list(qs)
    with reg.transaction():
        _check_unique(reg, clean["code"])
        case_id = records.insert(reg, "tracked_case", clean)
        set_criteria(reg, case_id, list(criteria))
        records.set_links(
            reg, "case_qs", "case_id", case_id, "qs", qs_ids, audit_table="tracked_case", audit_field="qs"
        )
    return case_id


def update(
    reg: Register, case_id: int, *, criteria: list[str] | None = None, qs: list[str] | None = None, **values: Any
) -> dict:
    clean = _clean(values)
    with reg.transaction():
        if "code" in clean:
            _check_unique(reg, clean["code"], exclude_id=case_id)
        changes = records.update(reg, "tracked_case", case_id, clean) if clean else {}
        if criteria is not None:
            set_criteria(reg, case_id, criteria)
        if qs is not None:
            records.set_links(
                reg, "case_qs", "case_id", case_id, "qs", qs, audit_table="tracked_case", audit_field="qs"
            )
    return changes


def set_criteria(reg: Register, case_id: int, criteria: list[str]) -> None:
    tags = [t.strip().lower() for t in criteria if t and t.strip()]
    records.set_links(
        reg, "case_criterion", "case_id", case_id, "tag", tags, audit_table="tracked_case", audit_field="criteria"
    )


def get(reg: Register, case_id: int) -> dict[str, Any]:
    row = records.get(reg, "tracked_case", case_id)
    row["criteria"] = records.links(reg, "case_criterion", "case_id", case_id, "tag")
    row["qs"] = records.links(reg, "case_qs", "case_id", case_id, "qs")
    return row


def find_by_code(reg: Register, code: str) -> int | None:
    return reg.scalar("SELECT id FROM tracked_case WHERE code = ? COLLATE NOCASE", (code.strip(),))


def list_cases(reg: Register, stage: str | None = None) -> list[dict[str, Any]]:
    """All cases with criteria, QS and linked session ids, in code order."""
    rows = [dict(r) for r in reg.query("SELECT * FROM tracked_case ORDER BY code")]
    crit: dict[int, list[str]] = {}
    for r in reg.query("SELECT case_id, tag FROM case_criterion ORDER BY tag"):
        crit.setdefault(r[0], []).append(r[1])
    qs: dict[int, list[str]] = {}
    for r in reg.query("SELECT case_id, qs FROM case_qs ORDER BY qs"):
        qs.setdefault(r[0], []).append(r[1])
    sessions: dict[int, list[int]] = {}
    for r in reg.query("SELECT case_id, id FROM session WHERE case_id IS NOT NULL ORDER BY date, start"):
        sessions.setdefault(r[0], []).append(r[1])
    for row in rows:
        row["criteria"] = crit.get(row["id"], [])
        row["qs"] = qs.get(row["id"], [])
        row["sessions"] = sessions.get(row["id"], [])
    if stage:
        rows = [r for r in rows if r["stage"] == stage]
    return rows
