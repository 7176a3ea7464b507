"""Generic writes with an audit entry: every aggregate module writes through here.

Each helper must run inside `Register.transaction(...)`, so the record and its
audit entry commit together or not at all.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any, cast

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.register.connection import Register, database_errors

# Fields whose values never go into the audit trail in the clear (free text
# that may hold personal detail); the audit records only that they changed.
PRIVATE_FIELDS = {"notes", "name"}


# json.dumps with options builds a new encoder per call; one shared encoder writes the same text in half the
# time, and CPython's C encoder made once (JSONEncoder.encode makes one per call) saves another third.
_AUDIT_JSON: Callable[[Any], str] = json.JSONEncoder(sort_keys=True, default=str).encode
if c_make_encoder is not None:
    _c_audit = c_make_encoder(None, str, encode_basestring_ascii, None, ": ", ", ", True, False, True)

    def _AUDIT_JSON(value: Any) -> str:  # noqa: N802  (the name the module has always used)
        return "".join(_c_audit(value, 0))


def last_audit_id(reg: Register) -> int | None:
    """The newest audit entry's id: compare before and after some work to see whether it wrote."""
    return reg.scalar("SELECT MAX(id) FROM audit")


def now_iso() -> str:
    return clock.now_utc().replace(microsecond=0).isoformat()


def _require_transaction(reg: Register) -> None:
    if not reg.conn.in_transaction:
        raise RuntimeError("writes must run inside Register.transaction()")


# A case's audit entries keep its coded reference, its stage and QS tags; every other field
# (criteria, consent and its dates, team, contact, notes) is named with "(changed)", never its value.
CASE_AUDITED_VALUES = {"code", "stage", "qs"}


def _audit_value(table: str, key: str, value: Any) -> Any:
    if key in PRIVATE_FIELDS or (table == "tracked_case" and key not in CASE_AUDITED_VALUES):
        return "(changed)" if value not in (None, "", []) else value
    return value


def _audit_changes(table: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes as the trail keeps them: [before, after] pairs with private values named, not kept."""
    if table != "tracked_case":
        return changes
    # Only [before, after] pairs carry values; anything else is about the entry ({"undo": "Next stage"}).
    return {
        k: [_audit_value(table, k, x) for x in v] if isinstance(v, list) and len(v) == 2 else v
        for k, v in changes.items()
    }


def _inserted(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """The audit changes of a new row: every field from nothing to its value."""
    if table == "tracked_case":
        return {k: [None, _audit_value(table, k, v)] for k, v in values.items()}
    changes = {k: [None, v] for k, v in values.items()}  # an import's thousands of rows: no call per field
    for key in PRIVATE_FIELDS.intersection(values):
        changes[key][1] = _audit_value(table, key, values[key])
    return changes


def audit(reg: Register, table: str, record_id: Any, action: str, changes: dict[str, Any]) -> None:
    _require_transaction(reg)
    _audit_many(reg, [(table, record_id, action, changes)])


def insert(reg: Register, table: str, values: dict[str, Any]) -> int:
    """Insert a row and return its id."""
    _require_transaction(reg)
    row_id = reg.db.table(table).insert(values).last_pk
    assert row_id is not None  # every record table has an integer id
    audit(reg, table, row_id, "insert", _inserted(table, values))
    return int(row_id)


def get(reg: Register, table: str, row_id: Any, key: str = "id") -> dict[str, Any]:
    row = reg.conn.execute(f"SELECT * FROM {table} WHERE {key} = ?", (row_id,)).fetchone()
    if row is None:
        raise ReadinessError(f"no {table.replace('_', ' ')} with {key} {row_id}")
    return dict(row)


def update(reg: Register, table: str, row_id: Any, values: dict[str, Any], key: str = "id") -> dict[str, Any]:
    """Change the given fields; audit only those that really changed. Returns the changes."""
    _require_transaction(reg)
    before = get(reg, table, row_id, key)
    changed = {k: v for k, v in values.items() if before.get(k) != v}
    unknown = [k for k in values if k not in before]
    if unknown:
        raise ReadinessError(f"{table}: unknown field {unknown[0]!r}", field=unknown[0])
    if not changed:
        return {}
    sets = ", ".join(f"{k} = ?" for k in changed)
    reg.conn.execute(f"UPDATE {table} SET {sets} WHERE {key} = ?", (*changed.values(), row_id))
    diff = {k: [_audit_value(table, k, before[k]), _audit_value(table, k, v)] for k, v in changed.items()}
    audit(reg, table, row_id, "update", diff)
    return diff


def delete(reg: Register, table: str, row_id: Any, key: str = "id") -> None:
    _require_transaction(reg)
    get(reg, table, row_id, key)
    reg.conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (row_id,))
    audit(reg, table, row_id, "delete", {})


def set_links(
    reg: Register,
    link_table: str,
    owner_column: str,
    owner_id: int,
    value_column: str,
    values: Iterable[Any],
    *,
    audit_table: str,
    audit_field: str,
) -> bool:
    """Replace the set of links (QS tags, attendees ...) of one record. Returns True if changed."""
    _require_transaction(reg)
    wanted = list(dict.fromkeys(values))
    current = [
        r[0] for r in reg.conn.execute(f"SELECT {value_column} FROM {link_table} WHERE {owner_column} = ?", (owner_id,))
    ]
    if sorted(map(str, current)) == sorted(map(str, wanted)):
        return False
    reg.conn.execute(f"DELETE FROM {link_table} WHERE {owner_column} = ?", (owner_id,))
    reg.conn.executemany(
        f"INSERT INTO {link_table} ({owner_column}, {value_column}) VALUES (?, ?)",
        [(owner_id, v) for v in wanted],
    )
    audit(reg, audit_table, owner_id, "update", {audit_field: [sorted(current), sorted(wanted)]})
    return True


def links(reg: Register, link_table: str, owner_column: str, owner_id: int, value_column: str) -> list[Any]:
    return [
        r[0]
        for r in reg.conn.execute(
            f"SELECT {value_column} FROM {link_table} WHERE {owner_column} = ? ORDER BY {value_column}",
            (owner_id,),
        )
    ]


def _audit_many(reg: Register, entries: list[tuple[str, Any, str, dict[str, Any]]]) -> None:
    """Audit entries for a batch (one timestamp, one statement); `audit` writes a batch of one."""
    at = now_iso()
    reg.conn.executemany(
        "INSERT INTO audit (at, source, record_table, record_id, action, changes) VALUES (?,?,?,?,?,?)",
        [
            (at, reg.source, table, str(record_id), action, _AUDIT_JSON(_audit_changes(table, changes)))
            for table, record_id, action, changes in entries
        ],
    )


def insert_many(
    reg: Register, table: str, rows: list[dict[str, Any]], *, audit_also: list[dict[str, Any]] | None = None
) -> list[int]:
    """Insert many new rows (an import) with one audit entry each, as `insert` would.

    One executemany per shape of row instead of sqlite-utils' per-row insert,
    which inspects the table on every call. Inside the write transaction
    nobody else can insert, so new rowids follow the largest one in order;
    that is checked afterwards, and a surprise aborts the whole transaction.
    `audit_also` adds to each row's audit entry (the links an import gives a new
    record, so one entry tells its whole first state).
    """
    _require_transaction(reg)
    ids: list[int] = []
    groups: list[list[dict[str, Any]]] = []
    shape: tuple[str, ...] = ()
    for values in rows:
        if groups and tuple(values) == shape:
            groups[-1].append(values)
        else:
            groups.append([values])
            shape = tuple(values)
    index = _bulk_index(reg, table) if len(rows) >= BULK_INDEX_FROM and all("id" not in g[0] for g in groups) else None
    if index is not None:
        reg.conn.execute(f"DROP TRIGGER {index.trigger}")
    try:
        _insert_groups(reg, table, groups, ids)
        if index is not None and ids:  # new rowids run on from the old largest, so one range holds them all
            reg.conn.execute(index.insert, (ids[0], ids[-1]))
    except BaseException:
        if index is not None:  # the transaction's rollback brings the trigger back in any case
            with contextlib.suppress(*database_errors()):
                reg.conn.execute(index.create)
        raise
    if index is not None:
        reg.conn.execute(index.create)
    extra = audit_also or [{}] * len(rows)
    _audit_many(
        reg,
        [
            (table, row_id, "insert", {**_inserted(table, values), **more})
            for row_id, values, more in zip(ids, rows, extra, strict=True)
        ],
    )
    return ids


# From this many new rows an import indexes them for search in one statement, not one trigger run each:
# FTS5 pays a savepoint per row from a trigger (2,000 sessions: 35 ms by trigger, 7 ms at once).
BULK_INDEX_FROM = 100
_INDEX_BODY = re.compile(
    r"BEGIN\s+INSERT INTO search_index\s*\(([^)]*)\)\s*VALUES\s*\((.*)\)\s*;\s*END\s*;?\s*$", re.DOTALL
)


@dataclass(frozen=True)
class _BulkIndex:
    trigger: str  # the table's search trigger, dropped for the batch
    create: str  # its SQL as stored, to put it back in the same transaction
    insert: str  # the trigger's one INSERT over a range of new rowids (?, ?)


def _bulk_index(reg: Register, table: str) -> _BulkIndex | None:
    """The table's search-index trigger as one INSERT ... SELECT, when it is the simple one-row insert."""
    name = f"search_{table}_insert"
    sql = reg.scalar("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,))
    found = _INDEX_BODY.search(sql or "")
    if not found:  # no trigger, or one this does not understand: the trigger does the work
        return None
    insert = (
        f"INSERT INTO search_index ({found[1]}) SELECT {found[2]} FROM {table} AS new WHERE new.rowid BETWEEN ? AND ?"
    )
    return _BulkIndex(name, sql, insert)


def _insert_groups(reg: Register, table: str, groups: list[list[dict[str, Any]]], ids: list[int]) -> None:
    for group in groups:
        columns = ", ".join(group[0])
        marks = ", ".join("?" * len(group[0]))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        first = (reg.scalar(f"SELECT MAX(rowid) FROM {table}") or 0) + 1
        if "id" not in group[0]:
            reg.conn.executemany(sql, [tuple(v.values()) for v in group])
            if reg.scalar(f"SELECT MAX(rowid) FROM {table}") == first + len(group) - 1:
                ids.extend(range(first, first + len(group)))
                continue
            raise RuntimeError(f"unexpected row ids after a batch insert into {table}")
        ids.extend(cast(int, reg.conn.execute(sql, tuple(v.values())).lastrowid) for v in group)


def add_links(
    reg: Register,
    link_table: str,
    owner_column: str,
    value_column: str,
    links_by_owner: dict[int, list[Any]],
    *,
    audit_table: str,
    audit_field: str,
    audited: bool = False,
) -> None:
    """Links for records that have none yet (just inserted); audited per owner as `set_links` would.

    `audited`: the links are already in the records' insert entries (insert_many's audit_also).
    """
    _require_transaction(reg)
    pairs: list[tuple[int, Any]] = []
    entries = []
    for owner_id, values in links_by_owner.items():
        wanted = list(dict.fromkeys(values))
        if not wanted:
            continue
        pairs.extend((owner_id, v) for v in wanted)
        if not audited:
            entries.append((audit_table, owner_id, "update", {audit_field: [[], sorted(wanted)]}))
    reg.conn.executemany(f"INSERT INTO {link_table} ({owner_column}, {value_column}) VALUES (?, ?)", pairs)
    if not audited:
        _audit_many(reg, entries)


def pairs(reg: Register, table: str, key_column: str, value_column: str = "id") -> list[tuple[Any, Any]]:
    """(key, value) from every row of `table` as plain tuples: a cheap lookup table (codes to ids) for an import."""
    cursor = reg.conn.cursor()
    cursor.row_factory = None
    return cursor.execute(f"SELECT {key_column}, {value_column} FROM {table}").fetchall()
