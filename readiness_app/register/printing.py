"""Read-only look-ups that the printed documents need and no aggregate offers yet."""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register import records
from readiness_app.register.connection import Register


def get_person(reg: Register, person_id: int) -> dict[str, Any]:
    """One person to be interviewed, or a ReadinessError naming the unknown id."""
    row = reg.conn.execute("SELECT * FROM person WHERE id = ?", (person_id,)).fetchone()
    if row is None:
        raise ReadinessError(
            f"no person with id {person_id}",
            "check the id against the people list in the app or an export",
            field="person",
        )
    return dict(row)


def cases_by_id(reg: Register, case_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Coded cases with their criteria and QS, keyed by id (for session packs)."""
    if not case_ids:
        return {}
    marks = ",".join("?" * len(case_ids))
    rows = {r["id"]: dict(r) for r in reg.query(f"SELECT * FROM tracked_case WHERE id IN ({marks})", tuple(case_ids))}
    for row in rows.values():
        row["criteria"], row["qs"] = [], []
    for r in reg.query(
        f"SELECT case_id, tag FROM case_criterion WHERE case_id IN ({marks}) ORDER BY tag", tuple(case_ids)
    ):
        rows[r[0]]["criteria"].append(r[1])
    for r in reg.query(f"SELECT case_id, qs FROM case_qs WHERE case_id IN ({marks}) ORDER BY qs", tuple(case_ids)):
        rows[r[0]]["qs"].append(r[1])
    return rows


def last_version(reg: Register, document: str) -> dict[str, Any] | None:
    """The last recorded printed version of a document: number, when, and its snapshot."""
    import json

    row = reg.conn.execute(
        "SELECT version, printed_at, snapshot FROM printed_version WHERE document = ? ORDER BY version DESC LIMIT 1",
        (document,),
    ).fetchone()
    if row is None:
        return None
    return {"version": row[0], "printed_at": row[1], "snapshot": json.loads(row[2] or "{}")}


def is_recorded(reg: Register, document: str, version: int) -> bool:
    return bool(reg.scalar("SELECT 1 FROM printed_version WHERE document = ? AND version = ?", (document, version)))


def record_version(reg: Register, document: str, version: int, snapshot: dict[str, Any]) -> int:
    """Remember that `version` of a document was printed, with what it said (for the next change list)."""
    import json

    with reg.transaction():
        if is_recorded(reg, document, version):
            return version  # printed again unchanged: same version
        records.insert(
            reg,
            "printed_version",
            {
                "document": document,
                "version": version,
                "printed_at": records.now_iso(),
                "snapshot": json.dumps(snapshot, sort_keys=True),
            },
        )
    return version


# The text fields documents print, by table: where a printed text that needed help is looked up.
PRINTED_FIELDS = {
    "person": ("name", "role", "team", "organisation", "access_needs"),
    "assessor": ("name",),
    "session": ("title", "purpose", "key_messages", "host", "briefing_owner"),
    "room": ("name", "location"),
    "self_assessment": ("strengths", "development", "key_messages", "owner"),
    "learning_entry": ("went_well", "to_correct", "correct_by", "evidence_to_send", "themes"),
    "fa_point": ("section", "draft_wording", "proposed_wording", "owner"),
    "evidence": ("title", "reference"),
    "gap": ("description",),
    "improvement_action": ("description", "lead", "progress"),
}
# Tables keyed by something other than `id`.
_KEYS = {"self_assessment": "qs"}


def records_with_text(reg: Register, texts: set[str]) -> list[tuple[str, Any, str, str]]:
    """(table, record key, field, text) for every printed field holding one of `texts` exactly."""
    found: list[tuple[str, Any, str, str]] = []
    if not texts:
        return found
    wanted = sorted(texts)
    marks = ",".join("?" * len(wanted))
    for table, fields in PRINTED_FIELDS.items():
        columns = {r[1] for r in reg.query(f"PRAGMA table_info({table})")}
        key = _KEYS.get(table, "id")
        for field in fields:
            if field not in columns:
                continue
            for row in reg.query(f"SELECT {key}, {field} FROM {table} WHERE {field} IN ({marks})", tuple(wanted)):
                found.append((table, row[0], field, row[1]))
    return found
