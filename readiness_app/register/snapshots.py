"""Self-assessment snapshots: the nine QS as they stood on a day, kept read-only.

A snapshot stores every self-assessment column as JSON (so columns added later,
such as key messages, are kept without a schema change). One is taken by hand
under a label, automatically before each import (`before_import`, skipped when
nothing changed since the last snapshot), and before the visit: on the first
open for writing on or after the first visit day. A trigger refuses any edit.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.validation import required_text, uk_date

REASONS = {"manual": "Taken by hand", "before_import": "Before an import", "before_visit": "Before the visit"}
TEXT_FIELDS = ("narrative", "strengths", "development", "key_messages", "owner")
SCORE_FIELDS = ("score", "target", "published_score")
FIELD_LABELS = {
    "score": "Score",
    "target": "Target",
    "published_score": "CQC's published score",
    "narrative": "Narrative",
    "strengths": "Strengths",
    "development": "Areas for development",
    "key_messages": "Key messages",
    "owner": "Owner",
}
_TOKENS = re.compile(r"\s*\S+\s*|\s+")  # a word with the spaces around it: half the tokens, no run of blanks


def current_content(reg: Register) -> dict[str, dict[str, Any]]:
    """The self-assessment now: {QS id: {column: value}} for all nine QS, every stored column."""
    stored = {}
    for r in reg.query("SELECT * FROM self_assessment"):
        row = dict(r)
        stored[row.pop("qs")] = row
    columns = [r[1] for r in reg.query("PRAGMA table_info(self_assessment)") if r[1] != "qs"]
    blank = {c: (None if c in SCORE_FIELDS else "") for c in columns}
    return {qid: {**blank, **stored.get(qid, {})} for qid in current().qs_ids}


def take(reg: Register, label: str, *, reason: str = "manual", today: date | None = None) -> int:
    """Snapshot the self-assessment under `label`, which must be unique and not a bare number.

    A bare number would read as an id in `snapshot compare 3`; a label used twice could
    not say which snapshot it means. The automatic ones number their repeats: "(2)".
    """
    label = required_text(label, "label")
    if reason not in REASONS:
        raise ReadinessError(f"unknown snapshot reason {reason!r}")
    if label.isdigit():
        raise ReadinessError(
            f"a snapshot label cannot be just a number ({label}): numbers are snapshot ids",
            "add a word, e.g. 'Board review " + label + "'",
            field="label",
        )
    if _labelled(reg, label):
        if reason == "manual":
            raise ReadinessError(
                f"a snapshot is already labelled {label!r}", "choose another label, e.g. add the date", field="label"
            )
        base, n = label, 2
        while _labelled(reg, label):
            label, n = f"{base} ({n})", n + 1
    content = json.dumps(current_content(reg), sort_keys=True, ensure_ascii=False)
    values = {
        "label": label,
        "taken_on": (today or clock.today()).isoformat(),
        "taken_at": records.now_iso(),
        "reason": reason,
        "content": content,
    }
    with reg.transaction():
        snapshot_id = records.insert(reg, "snapshot", values)
    return snapshot_id


def take_before_import(reg: Register, what: str, today: date | None = None) -> int | None:
    """The automatic snapshot before an import; none when nothing changed since the last one.

    The one hook every import calls before it writes.
    """
    latest = reg.scalar("SELECT content FROM snapshot ORDER BY id DESC LIMIT 1")
    if latest is not None and json.loads(latest) == json.loads(json.dumps(current_content(reg))):
        return None
    return take(reg, f"Before importing {what}", reason="before_import", today=today)


def take_before_visit_if_due(reg: Register, today: date | None = None) -> int | None:
    """On the first open on or after the first visit day: the self-assessment as it went into the visit."""
    first = reg.scalar("SELECT MIN(date) FROM visit_day")
    today = today or clock.today()
    if not first or today.isoformat() < first:
        return None
    if reg.scalar("SELECT 1 FROM snapshot WHERE reason = 'before_visit' AND taken_on >= date(?, '-60 days')", (first,)):
        return None
    return take(reg, "Before the on-site visit", reason="before_visit", today=today)


def newest_id(reg: Register) -> int | None:
    return reg.scalar("SELECT id FROM snapshot ORDER BY id DESC LIMIT 1")


def count(reg: Register) -> int:
    return int(reg.scalar("SELECT COUNT(*) FROM snapshot"))


def list_snapshots(reg: Register) -> list[dict[str, Any]]:
    """Newest first, without their content."""
    return [
        dict(r)
        for r in reg.query("SELECT id, label, taken_on, taken_at, reason FROM snapshot ORDER BY taken_at DESC, id DESC")
    ]


def _labelled(reg: Register, label: str) -> list[Any]:
    return list(reg.query("SELECT * FROM snapshot WHERE label = ? COLLATE NOCASE ORDER BY id", (label,)))


def get(reg: Register, ref: Any) -> dict[str, Any]:
    """A snapshot by id, or by label; a label two snapshots share (from before labels were unique) is refused."""
    text = str(ref or "").strip()
    row = None
    if text.isdigit():
        row = reg.conn.execute("SELECT * FROM snapshot WHERE id = ?", (int(text),)).fetchone()
    if row is None:
        rows = _labelled(reg, text)
        if len(rows) > 1:
            which = "; ".join(f"{r['id']} (taken {uk_date(r['taken_on'])})" for r in rows)
            raise ReadinessError(
                f"{len(rows)} snapshots are labelled {text!r}: ids {which}",
                "say which by its id, e.g. `snapshot compare REGISTER " + str(rows[-1]["id"]) + "`",
                field="snapshot",
            )
        row = rows[0] if rows else None
    if row is None:
        raise ReadinessError(f"no snapshot {text!r}", "see `snapshot list REGISTER` for ids and labels")
    snapshot = dict(row)
    snapshot["content"] = json.loads(snapshot["content"])
    return snapshot


def now_as_snapshot(reg: Register, today: date | None = None) -> dict[str, Any]:
    """The live self-assessment, shaped like a snapshot (side B of a comparison by default)."""
    day = (today or clock.today()).isoformat()
    return {"id": None, "label": "Now", "taken_on": day, "taken_at": day, "reason": "", "content": current_content(reg)}


# ---------------------------------------------------------------- comparing


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(op, text) pieces, op in same / removed / added, compared word by word."""
    import difflib

    a, b = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    pieces: list[tuple[str, str]] = []
    # autojunk (on by default) skips words that fill over 1% of a long text when seeking anchors: prose
    # diffs the same, and a 400-word narrative compares in milliseconds instead of a tenth of a second.
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(b[j1:j2])))
    return pieces


def compare(reg: Register, a: Any, b: Any = None, *, today: date | None = None) -> dict[str, Any]:
    """Side by side per QS: scores (and their change), each text field's word diff, and CQC's published baseline."""
    first = get(reg, a)
    second = get(reg, b) if b not in (None, "") else now_as_snapshot(reg, today)
    published_now = current_content(reg)
    statements = []
    for qs in current().statements:
        old, new = first["content"].get(qs.id, {}), second["content"].get(qs.id, {})
        baseline = (
            new.get("published_score") or old.get("published_score") or published_now[qs.id].get("published_score")
        )
        score_a, score_b = old.get("score"), new.get("score")
        fields = []
        for key in TEXT_FIELDS:
            if key not in old and key not in new:
                continue
            before, after = str(old.get(key) or ""), str(new.get(key) or "")
            fields.append(
                {
                    "field": key,
                    "label": FIELD_LABELS[key],
                    "changed": before != after,
                    "before": before,
                    "after": after,
                    "diff": word_diff(before, after) if before != after else [("same", after)],
                }
            )
        statements.append(
            {
                "qs": qs.id,
                "name": qs.name,
                "score_a": score_a,
                "score_b": score_b,
                "score_change": (score_b - score_a) if score_a is not None and score_b is not None else None,
                "target_a": old.get("target"),
                "target_b": new.get("target"),
                "published": baseline,
                "against_published": (score_b - baseline) if score_b is not None and baseline is not None else None,
                "fields": fields,
                "changed": score_a != score_b
                or old.get("target") != new.get("target")
                or any(f["changed"] for f in fields),
            }
        )
    strip = ("content",)
    return {
        "a": {k: v for k, v in first.items() if k not in strip},
        "b": {k: v for k, v in second.items() if k not in strip},
        "statements": statements,
        "changed": sum(1 for s in statements if s["changed"]),
    }


def baseline_text(score: int | None, published: int | None) -> str:
    """Where a QS stands against CQC's published score: 'up 1 on CQC's 2', 'level with CQC's 3'."""
    if published is None:
        return "no published score"
    if score is None:
        return f"CQC scored {published}; not yet self-assessed"
    change = score - published
    if change == 0:
        return f"level with CQC's {published}"
    return f"{'up' if change > 0 else 'down'} {abs(change)} on CQC's {published}"
