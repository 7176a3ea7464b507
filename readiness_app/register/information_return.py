"""The information return: CQC's numbered request list and how each item is answered.

An item is answered by one or more of: an evidence file from the library, a
section of one (file plus page or section text), a public link, or "not held"
with a reason. An answer whose file has gone (missing from the folder, or its
register entry deleted) is kept and flagged, never dropped. An item without its
own due date is due on the return's due date (the assessment's LAIR due date).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.validation import choice, name_part, parse_date, required_text, web_link

ITEM_STATUS = {"not_started": "Not started", "in_progress": "In progress", "ready": "Ready", "submitted": "Submitted"}
ANSWER_KIND = {
    "evidence": "Evidence file",
    "section": "Section of a document",
    "link": "Public link",
    "not_held": "Not held",
}
TEXT_FIELDS = ("title", "description", "owner", "notes")
FILE_GONE = ("missing", "unreadable", "not_downloaded")
UNANSWERED_NUMBERS = (
    "SELECT number FROM return_item i WHERE NOT EXISTS (SELECT 1 FROM return_answer a WHERE a.item_id = i.id)"
)
_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")


def _qs_ids(value: Any) -> list[str]:
    """QS ids through the framework matcher, imported only when a QS is parsed (not when the dashboard counts)."""
    from readiness_app.framework.matcher import qs_ids_from

    return qs_ids_from(value)


def number_key(number: str) -> tuple[Any, ...]:
    """Natural order of item numbers: 2 < 3.2 < 3.10 < 17 < 17a."""
    parts = re.split(r"[.\-/]", str(number))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in parts)


def clean_number(value: Any) -> str:
    text = str(value or "").strip().rstrip(".")
    if not text:
        raise ReadinessError("an item number is required", field="number")
    name_part(text, "number")
    if not _NUMBER.match(text):
        raise ReadinessError(f"{text!r} is not an item number (use CQC's numbering, e.g. 3.2 or 17)", field="number")
    return text


def check_link(url: Any) -> str:
    """A public web address: http or https with a host, nothing else (no file: or mailto:)."""
    return web_link(url, "link")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key == "number":
            clean[key] = clean_number(value)
        elif key == "title":
            clean[key] = required_text(value, "title")
        elif key == "status":
            clean[key] = choice(value or "not_started", ITEM_STATUS, "status")
        elif key == "due_date":
            clean[key] = parse_date(value, "due_date")
        elif key == "qs":
            clean[key] = ",".join(_qs_ids(value)) if value else None
        elif key == "category":
            from readiness_app.framework import current

            clean[key] = current().category(value).id if value else None
        elif key in TEXT_FIELDS:
            clean[key] = str(value or "").strip()
        else:
            raise ReadinessError(f"unknown information return field {key!r}", field=key)
    return clean


def _refuse_duplicate(reg: Register, number: str, item_id: int | None = None) -> None:
    other = reg.scalar("SELECT id FROM return_item WHERE number = ? AND id IS NOT ?", (number, item_id))
    if other:
        raise ReadinessError(f"item {number} is already in the information return", field="number")


def create_item(reg: Register, **values: Any) -> int:
    clean = _clean(values)
    for key in ("number", "title"):
        if not clean.get(key):
            raise ReadinessError(f"{key} is required", field=key)
    with reg.transaction():
        _refuse_duplicate(reg, clean["number"])
        return records.insert(reg, "return_item", clean)


def update_item(reg: Register, item_id: int, **values: Any) -> dict[str, Any]:
    clean = _clean(values)
    with reg.transaction():
        if "number" in clean:
            _refuse_duplicate(reg, clean["number"], item_id)
        return records.update(reg, "return_item", item_id, clean) if clean else {}


def delete_item(reg: Register, item_id: int) -> None:
    with reg.transaction():
        records.delete(reg, "return_item", item_id)


def find_item(reg: Register, number: Any) -> int | None:
    """The id of the item with this number (as CQC numbered it), or None."""
    found = reg.scalar("SELECT id FROM return_item WHERE number = ?", (clean_number(number),))
    return int(found) if found else None


def stored_items(reg: Register) -> dict[str, dict[str, Any]]:
    """Every item as stored, keyed by lower-case number (for an import's matching)."""
    return {r["number"].lower(): dict(r) for r in reg.query("SELECT * FROM return_item")}


def evidence_answered_once(reg: Register) -> list[int]:
    """Library items that exactly one answer uses, oldest answer first."""
    return [
        int(r[0])
        for r in reg.query(
            "SELECT evidence_id FROM return_answer WHERE evidence_id IS NOT NULL"
            " GROUP BY evidence_id HAVING COUNT(*) = 1 ORDER BY MIN(id)"
        )
    ]


def item_id(reg: Register, number: Any) -> int:
    """The item with this number (as CQC numbered it)."""
    text = clean_number(number)
    found = find_item(reg, text)
    if not found:
        raise ReadinessError(f"no item {text} in the information return", "see `return status REGISTER` for the list")
    return int(found)


# ---------------------------------------------------------------- answers


def find_evidence(reg: Register, ref: Any) -> int:
    """An evidence item named by its reference (LAIR-012), its path or file name, or its id."""
    text = str(ref or "").strip()
    if not text:
        raise ReadinessError("name the evidence file by its reference, path or id", field="evidence")
    for sql in (
        "SELECT id FROM evidence WHERE reference = ? COLLATE NOCASE",
        "SELECT id FROM evidence WHERE rel_path = ?",
        "SELECT id FROM evidence WHERE rel_path LIKE '%/' || ? OR rel_path = ?",
    ):
        params = (text, text) if sql.count("?") == 2 else (text,)
        rows = reg.query(sql, params)
        if len(rows) == 1:
            return int(rows[0][0])
        if len(rows) > 1:
            raise ReadinessError(f"{text!r} names {len(rows)} evidence files; give its reference", field="evidence")
    if text.isdigit() and reg.scalar("SELECT 1 FROM evidence WHERE id = ?", (int(text),)):
        return int(text)
    raise ReadinessError(f"no evidence file with reference, path or id {text!r}", field="evidence")


def split_section(text: str) -> tuple[str, str]:
    """'LAIR-012 p.12' -> ('LAIR-012', 'p.12'): the file's reference, then the page or section."""
    parts = str(text or "").strip().split(None, 1)
    if len(parts) < 2:
        raise ReadinessError(
            f'{text!r} needs a file reference and a page or section, e.g. "LAIR-012 p.12"', field="section"
        )
    return parts[0], parts[1].strip()


def add_answer(
    reg: Register,
    item: int,
    kind: str,
    *,
    evidence: Any = None,
    section: str = "",
    link: str = "",
    reason: str = "",
) -> int:
    """Answer an item one more way. The first answer moves a 'not started' item to 'in progress'."""
    kind = choice(kind, ANSWER_KIND, "kind")
    values: dict[str, Any] = {"item_id": item, "kind": kind}
    if kind == "section" and evidence in (None, ""):
        evidence, section = split_section(section)  # "LAIR-012 p.12" as typed on the command line
    if kind in ("evidence", "section"):
        values["evidence_id"] = evidence if isinstance(evidence, int) else find_evidence(reg, evidence)
    if kind == "section":
        values["section"] = required_text(section, "section")
    if kind == "link":
        values["link"] = check_link(link)
    if kind == "not_held":
        values["reason"] = required_text(reason, "reason")
    with reg.transaction():
        status = reg.scalar("SELECT status FROM return_item WHERE id = ?", (item,))
        if status is None:
            raise ReadinessError(f"no information return item with id {item}")
        if kind in ("evidence", "section") and not reg.scalar(
            "SELECT 1 FROM evidence WHERE id = ?", (values["evidence_id"],)
        ):
            raise ReadinessError(f"no evidence item with id {values['evidence_id']}", field="evidence")
        duplicate = reg.scalar(
            "SELECT id FROM return_answer WHERE item_id = ? AND kind = ? AND evidence_id IS ?"
            " AND section = ? AND link = ? AND reason = ?",
            (
                item,
                kind,
                values.get("evidence_id"),
                values.get("section", ""),
                values.get("link", ""),
                values.get("reason", ""),
            ),
        )
        if duplicate:
            return int(duplicate)
        answer_id = records.insert(reg, "return_answer", values)
        if status == "not_started":
            records.update(reg, "return_item", item, {"status": "in_progress"})
    return answer_id


def remove_answer(reg: Register, answer_id: int) -> None:
    with reg.transaction():
        records.delete(reg, "return_answer", answer_id)


def answers(reg: Register, item_ids: list[int] | None = None) -> dict[int, list[dict[str, Any]]]:
    """Each item's answers, with the answering file's reference, title, path and whether it is there."""
    sql = (
        "SELECT a.id, a.item_id, a.kind, a.evidence_id, a.section, a.link, a.reason,"
        " e.reference, e.title, e.rel_path, e.presence"
        " FROM return_answer a LEFT JOIN evidence e ON e.id = a.evidence_id"
    )
    params: tuple[Any, ...] = ()
    if item_ids is not None:
        sql += " WHERE a.item_id IN (SELECT value FROM json_each(?))"
        import json

        params = (json.dumps(item_ids),)
    found: dict[int, list[dict[str, Any]]] = {}
    for r in reg.query(sql + " ORDER BY a.id", params):
        answer = dict(r)
        answer["problem"] = answer_problem(answer)
        answer["text"] = answer_text(answer)
        found.setdefault(r["item_id"], []).append(answer)
    return found


def answer_problem(answer: dict[str, Any]) -> str:
    if answer["kind"] not in ("evidence", "section"):
        return ""
    if answer["rel_path"] is None:
        return "file removed from the register"
    if answer["presence"] in FILE_GONE:
        return f"file {answer['presence'].replace('_', ' ')}"
    return ""


def answer_text(answer: dict[str, Any]) -> str:
    """One answer as the submission index prints it."""
    kind = answer["kind"]
    if kind == "link":
        return answer["link"]
    if kind == "not_held":
        return f"Not held: {answer['reason']}"
    name = answer["rel_path"].rsplit("/", 1)[-1] if answer["rel_path"] else "(file removed)"
    ref = answer.get("reference") or ""
    # Councils often start file names with the reference: print it once, not "LAIR-005 LAIR-005 ...".
    text = name if not ref or name.lower().startswith(ref.lower()) else f"{ref} {name}"
    if kind == "section":
        text += f", {answer['section']}"
    if answer["problem"]:
        text += f" [{answer['problem'].upper()}]"
    return text


# ---------------------------------------------------------------- an open answer form

# An open answer form compares an item's answers in three groups, so another program's answer of
# another kind (a link while the form adds a file) is no clash: both stand.
ANSWER_GROUP = {"evidence": "files", "section": "files", "link": "links", "not_held": "not_held"}


def answer_spec(answer: dict[str, Any]) -> dict[str, Any]:
    """What `add_answer` needs to make this answer again."""
    return {
        "kind": answer["kind"],
        "evidence": answer.get("evidence_id"),
        "section": answer.get("section") or "",
        "link": answer.get("link") or "",
        "reason": answer.get("reason") or "",
    }


def plain_answer_text(answer: dict[str, Any]) -> str:
    """An answer's text without its file flag: a file going missing does not change how the item is answered."""
    return answer_text({**answer, "problem": ""})


def answer_form(reg: Register, item: int) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """An item as an open answer form sees it, and how to make each of its answers again.

    The first: number, title and each group's answer texts (sorted); the second: text -> `answer_spec`.
    Raises ReadinessError when the item is gone.
    """
    row = get_item(reg, item)
    values: dict[str, Any] = {"number": row["number"], "title": row["title"]}
    values |= {group: [] for group in ANSWER_GROUP.values()}
    specs: dict[str, dict[str, Any]] = {}
    for answer in row["answers"]:
        text = plain_answer_text(answer)
        values[ANSWER_GROUP[answer["kind"]]].append(text)
        specs[text] = answer_spec(answer)
    for group in set(ANSWER_GROUP.values()):
        values[group].sort()
    return values, specs


def new_answer_text(
    reg: Register, kind: str, *, evidence: int | None = None, section: str = "", link: str = "", reason: str = ""
) -> str:
    """The text an answer not stored yet will have (as `plain_answer_text` gives it once stored)."""
    answer: dict[str, Any] = {"kind": kind, "section": section, "link": link, "reason": reason.strip()}
    answer |= {"reference": None, "rel_path": None}
    if evidence is not None:
        for reference, rel_path in reg.query("SELECT reference, rel_path FROM evidence WHERE id = ?", (evidence,)):
            answer |= {"reference": reference, "rel_path": rel_path}
    return plain_answer_text(answer)


def set_answers(reg: Register, item: int, group: str, wanted: list[str], specs: dict[str, dict[str, Any]]) -> None:
    """Make one group of an item's answers exactly `wanted` (texts); `specs` says how to make one not there."""
    with reg.transaction():
        have: set[str] = set()
        for answer in answers(reg, [item]).get(item, []):
            if ANSWER_GROUP[answer["kind"]] != group:
                continue
            text = plain_answer_text(answer)
            if text in wanted and text not in have:
                have.add(text)
            else:
                remove_answer(reg, answer["id"])
        for text in wanted:
            if text not in have:
                spec = specs[text]
                add_answer(
                    reg,
                    item,
                    spec["kind"],
                    evidence=spec["evidence"],
                    section=spec["section"],
                    link=spec["link"],
                    reason=spec["reason"],
                )


# ---------------------------------------------------------------- lists and counts


def return_due_date(reg: Register) -> str | None:
    return reg.scalar("SELECT lair_due_date FROM assessment WHERE id = 1")


def list_items(reg: Register, *, today: date | None = None, item_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Items with answers and flags; unanswered first, then in CQC's numbering."""
    today_iso = (today or clock.today()).isoformat()
    sql = "SELECT * FROM return_item"
    params: tuple[Any, ...] = ()
    if item_ids is not None:
        import json

        sql += " WHERE id IN (SELECT value FROM json_each(?))"
        params = (json.dumps(item_ids),)
    rows = [dict(r) for r in reg.query(sql, params)]
    by_item = answers(reg, item_ids)
    default_due = return_due_date(reg)
    for row in rows:
        row["qs"] = [q for q in (row["qs"] or "").split(",") if q]
        row["answers"] = by_item.get(row["id"], [])
        row["answered"] = bool(row["answers"])
        row["due"] = row["due_date"] or default_due
        flags = [f"{a['text'].split(' [')[0]}: {a['problem']}" for a in row["answers"] if a["problem"]]
        if row["due"] and row["due"] < today_iso and row["status"] not in ("ready", "submitted"):
            flags.append("overdue")
        if not row["answers"]:
            flags.append("unanswered")
        row["flags"] = flags
    rows.sort(key=lambda r: (r["answered"], number_key(r["number"])))
    return rows


def items_in_order(reg: Register, today: date | None = None) -> list[dict[str, Any]]:
    """Every item in CQC's numbering (the page shows unanswered first; the submission does not)."""
    return sorted(list_items(reg, today=today), key=lambda r: number_key(r["number"]))


def get_item(reg: Register, item: int, today: date | None = None) -> dict[str, Any]:
    rows = list_items(reg, today=today, item_ids=[item])
    if not rows:
        raise ReadinessError(f"no information return item with id {item}")
    return rows[0]


def counts(reg: Register) -> dict[str, Any]:
    """Counts by status and by QS, unanswered items, and answers whose file is gone (cheap: the dashboard and CLI)."""
    by_status = dict.fromkeys(ITEM_STATUS, 0)
    for status, n in reg.query("SELECT status, COUNT(*) FROM return_item GROUP BY status"):
        by_status[status] = n
    answered_sql = "EXISTS (SELECT 1 FROM return_answer a WHERE a.item_id = i.id)"
    by_qs: dict[str, dict[str, int]] = {}
    for qs, total, answered in reg.query(f"SELECT qs, COUNT(*), SUM({answered_sql}) FROM return_item i GROUP BY qs"):
        for q in (qs or "none").split(","):
            entry = by_qs.setdefault(q, {"items": 0, "answered": 0})
            entry["items"] += total
            entry["answered"] += answered or 0
    total = sum(by_status.values())
    unanswered = reg.scalar(f"SELECT COUNT(*) FROM return_item i WHERE NOT {answered_sql}")
    missing = reg.scalar(
        "SELECT COUNT(*) FROM return_answer a LEFT JOIN evidence e ON e.id = a.evidence_id"
        " WHERE a.kind IN ('evidence', 'section') AND (e.id IS NULL OR e.presence IN (?, ?, ?))",
        FILE_GONE,
    )
    return {
        "total": total,
        "by_status": by_status,
        "unanswered": unanswered,
        "missing_files": missing,
        "by_qs": dict(sorted(by_qs.items(), key=lambda kv: (kv[0] == "none", len(kv[0]), kv[0]))),
        "due_date": return_due_date(reg),
    }
