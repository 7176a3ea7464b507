"""Evidence items: files in the evidence folder, their tags and review status."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from typing import Any, cast

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.framework.matcher import parse_qs_list
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.reads import reads
from readiness_app.register.validation import choice, parse_date
from readiness_app.register.vocabulary import EVIDENCE_STATUS, PRESENCE
from readiness_app.register.where import Where


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


def create(reg: Register, rel_path: str, *, qs: Sequence[str] | str = (), **values: Any) -> int:
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


def update(reg: Register, item_id: int, *, qs: list[str] | str | None = None, **values: Any) -> dict[str, Any]:
    clean = _clean(values)
    with reg.transaction():
        changes = records.update(reg, "evidence", item_id, clean) if clean else {}
        if "status" in changes:
            refresh_duplicates(reg)  # a withdrawn copy no longer makes its twin a duplicate
        if qs is not None:
            set_qs(reg, item_id, parse_qs_list(qs) if isinstance(qs, str) else list(qs))
    return changes


def set_qs(reg: Register, item_id: int, qs_ids: list[str]) -> None:
    for qid in qs_ids:
        current().qs(qid)
    records.set_links(
        reg, "evidence_qs", "evidence_id", item_id, "qs", qs_ids, audit_table="evidence", audit_field="qs"
    )


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
    where = Where()
    if qs:
        where.add("e.id IN (SELECT evidence_id FROM evidence_qs WHERE qs = ?)", qs)
    if status:
        where.add("e.status = ?", status)
    if presence:
        where.add("e.presence = ?", presence)
    if category:
        where.add("e.category = ?", category)
    if ids is not None:
        where.among("e.id", ids)
    sql = f"SELECT e.* FROM evidence e{where} ORDER BY e.reference IS NULL, e.reference, e.rel_path"
    rows = [dict(r) for r in reg.query(sql, where.params)]
    tags: dict[int, list[str]] = {}
    for r in reg.query("SELECT evidence_id, qs FROM evidence_qs ORDER BY qs"):
        tags.setdefault(r[0], []).append(r[1])
    for row in rows:
        row["qs"] = tags.get(row["id"], [])
    return rows


DETAIL_FIELDS = ("reference", "title", "owner", "document_date", "status", "notes")


def update_details(reg: Register, item_id: int, **values: Any) -> dict[str, Any]:
    """Change an item's reference, title, owner, document date, status or notes (audited, one transaction)."""
    unknown = [k for k in values if k not in DETAIL_FIELDS]
    if unknown:
        raise ReadinessError(f"{unknown[0]} is not an evidence detail", field=unknown[0])
    if "title" in values and not str(values["title"] or "").strip():
        raise ReadinessError("a title is required", field="title")
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if "reference" in clean:
        clean["reference"] = clean["reference"] or None
        if clean["reference"] and reg.scalar(
            "SELECT 1 FROM evidence WHERE reference = ? AND id != ?", (clean["reference"], item_id)
        ):
            raise ReadinessError(f"{clean['reference']} is already used by another item", field="reference")
    return update(reg, item_id, **clean)


def why_flagged(reg: Register, item_id: int) -> str:
    """Why an item is coloured in the list (a duplicate, missing ...), in words; "" for a file that is fine."""
    row = reg.query("SELECT presence, problem, sha256, seen_at FROM evidence WHERE id = ?", (item_id,))
    if not row:
        return ""
    presence, problem, sha, seen = row[0]
    if presence == "duplicate":
        others = [
            r[0]
            for r in reg.query(
                "SELECT rel_path FROM evidence WHERE sha256 = ? AND id != ? AND presence != 'missing'"
                " ORDER BY rel_path LIMIT 3",
                (sha, item_id),
            )
        ]
        where = "; ".join(others) or "another file"
        return f"Duplicate: the same content is also at {where}. Keep one and remove the other copy."
    if presence == "missing":
        since = f" (last seen {seen[:10]})" if seen else ""
        return f"Missing: the file is no longer in the evidence folder{since}. Its tags and links are kept."
    if presence == "unreadable":
        return f"Unreadable: {problem or 'the file could not be opened'}."
    if presence == "not_downloaded":
        return "Not downloaded: the file is online only; open it once in the cloud folder to download it."
    return problem


def choices(reg: Register) -> list[tuple[int, str]]:
    """(id, "LAIR-012 Title") for pickers: every item not withdrawn, in reference order."""
    rows = reg.query(
        "SELECT id, reference, title FROM evidence WHERE status != 'withdrawn'"
        " ORDER BY reference IS NULL, reference, rel_path"
    )
    return [(r[0], f"{r[1]} {r[2]}" if r[1] else r[2]) for r in rows]


def revision(reg: Register) -> tuple[int, int]:
    """Changes when items are added or removed (count, highest id): pickers reload only then."""
    row = reg.query("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM evidence")[0]
    return int(row[0]), int(row[1])


# ---------------------------------------------------------------- the folder scan (evidence/reconcile.py)
# The reconcile decides what changed; these functions write it. Each must run
# inside the caller's `reg.transaction(source)`, so one scan is one transaction.

FILE_FIELDS = "id, rel_path, sha256, size, mtime, presence, problem, status"


def known_files(reg: Register) -> list[Any]:
    """Every evidence row's file facts (not its notes or tags), for comparing with the folder."""
    return reg.query(f"SELECT {FILE_FIELDS} FROM evidence")  # sqlite3.Row: read by name, no copies


# An item a rescan can pass over when its size and mtime are unchanged: hashed, and present (or duplicate).
_SETTLED = "presence IN ('present', 'duplicate') AND sha256 IS NOT NULL AND sha256 != ''"


def settled_files(reg: Register) -> dict[str, tuple[int, float, bool]] | None:
    """rel_path -> (size, mtime, False) of every settled item, shaped like the folder listing so a rescan
    can compare the two in one step; None if some item is neither settled nor missing (then nothing is read)."""
    if reg.scalar(f"SELECT EXISTS (SELECT 1 FROM evidence WHERE presence != 'missing' AND NOT ({_SETTLED}))"):
        return None
    cursor = reg.conn.cursor()
    cursor.row_factory = None  # plain tuples: a third of the cost of sqlite3.Row for 20,000 rows
    rows = cursor.execute(f"SELECT rel_path, size, mtime FROM evidence WHERE {_SETTLED}").fetchall()
    return {rel: (size, mtime, False) for rel, size, mtime in rows}


def add_found(
    reg: Register,
    rel_path: str,
    *,
    qs: list[str],
    category: str | None,
    reference: str | None,
    status: str = "inbox",
    presence: str = "present",
    sha256: str | None = None,
    size: int | None = None,
    mtime: float | None = None,
    problem: str = "",
    title: str | None = None,
    owner: str = "",
    document_date: str | None = None,
) -> int:
    """Record a file the scan found (already classified; a saved e-mail brings its title, owner and date).
    Plain SQL: a first scan adds thousands."""
    records._require_transaction(reg)
    now = records.now_iso()
    values = {
        "rel_path": rel_path,
        "sha256": sha256,
        "size": size,
        "mtime": mtime,
        "title": title or default_title(rel_path),
        "owner": owner,
        "document_date": document_date,
        "category": category,
        "reference": reference,
        "status": choice(status, EVIDENCE_STATUS, "status"),
        "presence": choice(presence, PRESENCE, "presence"),
        "problem": problem,
        "added_at": now,
        "seen_at": now,
    }
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    item_id = reg.conn.execute(f"INSERT INTO evidence ({columns}) VALUES ({marks})", tuple(values.values())).lastrowid
    records.audit(reg, "evidence", item_id, "insert", {k: [None, v] for k, v in values.items() if v not in (None, "")})
    if qs:
        reg.conn.executemany("INSERT INTO evidence_qs (evidence_id, qs) VALUES (?, ?)", [(item_id, q) for q in qs])
        records.audit(reg, "evidence", item_id, "update", {"qs": [[], sorted(qs)]})
    return cast(int, item_id)


def mark_found(reg: Register, item_id: int, **values: Any) -> dict[str, Any]:
    """Update the file facts of a known item (moved, changed, missing, back again); tags stay."""
    allowed = {"rel_path", "sha256", "size", "mtime", "presence", "problem", "seen_at"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"mark_found cannot change {sorted(unknown)}")
    if "presence" in values:
        values["presence"] = choice(values["presence"], PRESENCE, "presence")
    return records.update(reg, "evidence", item_id, values)


def refresh_duplicates(reg: Register) -> list[int]:
    """Flag every file whose content is at two or more paths; unflag the rest. Returns newly flagged ids.

    A withdrawn item counts for nothing: it is not a duplicate, and it makes no other item one.
    """
    records._require_transaction(reg)
    rows = reg.query(
        "WITH shared AS (SELECT sha256 FROM evidence WHERE presence IN ('present', 'duplicate')"
        " AND status != 'withdrawn' AND sha256 IS NOT NULL GROUP BY sha256 HAVING COUNT(*) > 1)"
        " SELECT id, presence FROM evidence WHERE"
        " (presence = 'present' AND status != 'withdrawn' AND sha256 IN shared)"
        " OR (presence = 'duplicate' AND (status = 'withdrawn' OR sha256 IS NULL OR sha256 NOT IN shared))"
    )
    flagged = []
    for item_id, presence in rows:
        if presence == "present":
            records.update(reg, "evidence", item_id, {"presence": "duplicate"})
            flagged.append(item_id)
        else:
            records.update(reg, "evidence", item_id, {"presence": "present"})
    return flagged


def presence_totals(reg: Register) -> dict[str, int]:
    """How many items are present, missing, duplicate ..., plus the whole count and the inbox."""
    totals = {key: 0 for key in PRESENCE}
    for presence, count in reg.query("SELECT presence, COUNT(*) FROM evidence GROUP BY presence"):
        totals[presence] = count
    totals["items"] = sum(totals[k] for k in PRESENCE)
    totals["inbox"] = reg.scalar("SELECT COUNT(*) FROM evidence WHERE status = 'inbox' AND presence != 'missing'")
    return totals


# ---------------------------------------------------------------- accepting and closing gaps


def gaps_to_offer(reg: Register, evidence_id: int) -> list[dict[str, Any]]:
    """Open 'no evidence in this category' gaps this item could close (its QS x its category)."""
    from readiness_app.register import gaps

    item = get(reg, evidence_id)
    if not item["category"] or item["status"] not in ("accepted", "submitted"):
        return []
    offered: list[dict[str, Any]] = []
    for qs_id in item["qs"]:
        offered.extend(gaps.open_no_evidence_gaps(reg, qs_id, item["category"]))
    return offered


def accept(
    reg: Register, evidence_id: int, *, qs: list[str] | str | None = None, category: str | None = None
) -> list[dict[str, Any]]:
    """Accept an item (optionally setting its QS and category); return the gaps now offered for closure.

    Closing is the lead's choice: `gaps.close(reg, gap_id, evidence_id)`.
    """
    values: dict[str, Any] = {"status": "accepted"}
    if category is not None:
        values["category"] = category
    with reg.transaction():
        update(reg, evidence_id, qs=qs, **values)
        item = get(reg, evidence_id)
        if not item["qs"]:
            raise ReadinessError(
                f"evidence {evidence_id} has no quality statement; choose at least one to accept it", field="qs"
            )
    return gaps_to_offer(reg, evidence_id)


@reads("evidence", "evidence_qs")
def table_rows(reg: Register, ids: Iterable[int] | None = None) -> list[tuple[Any, ...]]:
    """Every item (or the items `ids`) as a plain tuple, for big lists (the desktop app's evidence table).

    (id, reference, title, QS ids space-separated, category, status, presence,
    document_date, rel_path, owner), in the order of `list_items`. Plain tuples
    and one query keep 20,000 items well under a tenth of a second.
    """
    cursor = reg.conn.cursor()
    cursor.row_factory = None
    where = ""
    params: tuple[int, ...] = ()
    if ids is not None:
        params = tuple(int(i) for i in ids)
        where = f" WHERE e.id IN ({','.join('?' * len(params))})"
    return cursor.execute(
        "SELECT e.id, e.reference, e.title,"
        " (SELECT group_concat(qs, ' ') FROM (SELECT qs FROM evidence_qs q WHERE q.evidence_id = e.id ORDER BY qs)),"
        " e.category, e.status, e.presence, e.document_date, e.rel_path, e.owner"
        f" FROM evidence e{where} ORDER BY e.reference IS NULL, e.reference, e.rel_path",
        params,
    ).fetchall()


def evidence_ids(reg: Register, refs: Iterable[Any]) -> list[int]:
    """Evidence ids typed or picked elsewhere (requests, accuracy points), each checked to exist."""
    ids = []
    for ref in refs:
        try:
            item = int(ref)
        except (TypeError, ValueError):
            raise ReadinessError(f"evidence {ref!r} is not an evidence id", field="evidence") from None
        if not reg.scalar("SELECT 1 FROM evidence WHERE id = ?", (item,)):
            raise ReadinessError(f"no evidence item with id {item}", field="evidence")
        ids.append(item)
    return ids


def rel_path(reg: Register, item_id: int) -> str:
    """Where the item's file is, relative to the evidence folder."""
    return str(reg.scalar("SELECT rel_path FROM evidence WHERE id = ?", (item_id,)))


def link_evidence(
    reg: Register, link_table: str, key: str, record_id: int, refs: Iterable[Any], owner: str
) -> list[int] | None:
    """Set the evidence a record (a CQC request, an accuracy point) relies on, audited under
    the record's table `owner`. Returns the ids when the links changed, else None."""
    ids = evidence_ids(reg, refs)
    changed = records.set_links(
        reg, link_table, key, record_id, "evidence_id", ids, audit_table=owner, audit_field="evidence"
    )
    return ids if changed else None


def evidence_name(item: dict[str, Any]) -> str:
    """An evidence item as users know it: 'LAIR-012: Carers strategy', or the title alone (never its id)."""
    title = item.get("title") or item.get("path") or "untitled item"
    return f"{item['reference']}: {title}" if item.get("reference") else str(title)


def linked_evidence(
    reg: Register, link_table: str, key: str, *, paths: bool = False
) -> dict[int, list[dict[str, Any]]]:
    """Each record's linked evidence items (id, reference, title and, if asked, path), by reference."""
    found: dict[int, list[dict[str, Any]]] = {}
    for r in reg.query(
        f"SELECT link.{key}, e.id, e.reference, e.title, e.rel_path FROM {link_table} link"
        " JOIN evidence e ON e.id = link.evidence_id ORDER BY e.reference, e.id"
    ):
        item = {"id": r[1], "reference": r[2], "title": r[3]}
        if paths:
            item["path"] = r[4]
        found.setdefault(r[0], []).append(item)
    return found
