"""What a write changed, and how to take it back (undo and redo for every kind of record).

`Changes` names the tables and row ids a write touched, in the spirit of Anki's
OpChanges: the desktop app refreshes only the pages (and rows) that show them.

`record(reg, fn)` runs one change with temporary triggers on the writer's
connection that log, for every row inserted, updated or deleted, the SQL that
puts it back (SQLite's classic undo log). The triggers are TEMP (never in the
register file, so no migration) and log only while a change is being
recorded, so the watcher's scans and imports pay almost nothing. `replay`
runs such a log backwards in one transaction, recording the inverse of the
inverse, which is the redo. This works alike for sessions, cases, evidence,
gaps, visit-week records and link tables, because it works on rows.

The audit trail is not logged (it is append-only): an undo adds its own
entries, "undo" with the action's name, for each row it put back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register import records
from readiness_app.register.connection import Register, database_errors

# The audit trail is append-only (an undo writes its own entries). The search index follows the
# records through its own triggers, so an undo that puts a record back re-indexes it; its
# shadow tables and the file-text bookkeeping are never replayed.
NOT_LOGGED = frozenset({"audit", "evidence_contents"})
NOT_LOGGED_PREFIXES = ("search_index_",)
_INSTALLED = "_change_log_tables"  # attribute on the Register: tables with triggers


@dataclass(frozen=True, slots=True)
class Changes:
    """Tables and row ids a write touched; `everything` when it is not known (imports, the watcher).

    A row id is the table's integer id, or for a link table its first key column (the owner's id);
    a table keyed by text (settings) has text ids.
    """

    rows: Mapping[str, frozenset[Any]] = field(default_factory=dict)
    everything: bool = False

    @classmethod
    def all(cls) -> Changes:
        return cls(everything=True)

    @classmethod
    def of(cls, **tables: Iterable[Any]) -> Changes:
        return cls({t: frozenset(ids) for t, ids in tables.items()})

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.rows)

    def touches(self, tables: Iterable[str] | None) -> bool:
        """True when a page showing `tables` (None: any table) must look again."""
        if self.everything or tables is None:
            return self.everything or bool(self.rows)
        return not self.tables.isdisjoint(tables)

    def ids(self, table: str) -> frozenset[Any]:
        return self.rows.get(table, frozenset())

    def only(self, table: str) -> bool:
        """True when nothing but rows of `table` changed (a page may update just those rows)."""
        return not self.everything and set(self.rows) == {table}

    def __bool__(self) -> bool:
        return self.everything or bool(self.rows)


@dataclass(slots=True)
class Recording:
    """A recorded change: what it touched and the statements that reverse it (newest last)."""

    changes: Changes
    inverse: list[str]


def _shape(reg: Register, table: str) -> tuple[list[str], list[str]]:
    """(columns to restore, key columns that find the row): rowid, or the key of a WITHOUT ROWID table."""
    info = reg.conn.execute(f"PRAGMA table_info({_name(table)})").fetchall()
    columns = [r[1] for r in info]
    keys = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
    sql = reg.scalar("SELECT sql FROM sqlite_master WHERE name = ?", (table,)) or ""
    if "WITHOUT ROWID" in sql.upper():
        return columns, keys
    alias = len(keys) == 1 and next(r[2] for r in info if r[1] == keys[0]).upper() == "INTEGER"
    return (columns if alias else ["rowid", *columns]), (keys if alias else ["rowid"])


def _name(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _text(sql: str) -> str:
    """An SQL string literal holding `sql`, for building the inverse statements inside a trigger."""
    return "'" + sql.replace("'", "''") + "'"


def _triggers(table: str, columns: list[str], keys: list[str]) -> list[str]:
    t = _name(table)
    cols = [_name(c) for c in columns]

    def where(row: str) -> str:
        parts = " || ' AND ' || ".join(f"{_text(_name(k) + '=')} || quote({row}.{_name(k)})" for k in keys)
        return f"' WHERE ' || {parts}"

    quoted = " || ',' || ".join(f"quote(old.{c})" for c in cols)
    sets = " || ',' || ".join(f"{_text(c + '=')} || quote(old.{c})" for c in cols if c != '"rowid"')
    when = "WHEN EXISTS (SELECT 1 FROM temp.change_capture)"
    # temp triggers may not name a schema in INSERT; unqualified, change_log is the temp table
    log = "INSERT INTO change_log (tbl, row_id, inverse) VALUES"
    prefix = "change_log_" + re.sub(r"\W", "_", table)
    return [
        f"CREATE TEMP TRIGGER {prefix}_i AFTER INSERT ON main.{t} {when} BEGIN "
        f"{log} ({_text(table)}, new.{_name(keys[0])}, {_text(f'DELETE FROM {t}')} || {where('new')}); END",
        f"CREATE TEMP TRIGGER {prefix}_u AFTER UPDATE ON main.{t} {when} BEGIN "
        f"{log} ({_text(table)}, old.{_name(keys[0])}, {_text(f'UPDATE {t} SET ')} || {sets} || {where('old')});"
        f"END",
        f"CREATE TEMP TRIGGER {prefix}_d AFTER DELETE ON main.{t} {when} BEGIN "
        f"{log} ({_text(table)}, old.{_name(keys[0])}, "
        f"{_text(f'INSERT INTO {t} ({chr(44).join(cols)}) VALUES (')} || {quoted} || ')'); END",
    ]


def install(reg: Register) -> None:
    """Create the temp log and its triggers on this connection (once; again if tables were added)."""
    tables = [
        r[0]
        for r in reg.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        )
        if r[0] not in NOT_LOGGED and not r[0].startswith(NOT_LOGGED_PREFIXES)
    ]
    if getattr(reg, _INSTALLED, None) == tables:
        return
    conn = reg.conn
    # Old values (names, notes) stay in memory, never in a temp file beside the register.
    conn.execute("PRAGMA temp_store = MEMORY")
    # An INSERT OR REPLACE's hidden delete must be logged too, or its undo would lose the old row.
    conn.execute("PRAGMA recursive_triggers = ON")
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS change_log (seq INTEGER PRIMARY KEY, tbl TEXT, row_id INTEGER, inverse TEXT)"
    )
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS change_capture (on_ INTEGER)")
    for (old,) in conn.execute("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'").fetchall():
        if old.startswith("change_log_"):
            conn.execute(f"DROP TRIGGER temp.{_name(old)}")
    for table in tables:
        for sql in _triggers(table, *_shape(reg, table)):
            conn.execute(sql)
    setattr(reg, _INSTALLED, tables)


def _start(reg: Register) -> None:
    install(reg)
    reg.conn.execute("DELETE FROM temp.change_log")
    reg.conn.execute("INSERT INTO temp.change_capture VALUES (1)")


def _finish(reg: Register) -> Recording:
    conn = reg.conn
    conn.execute("DELETE FROM temp.change_capture")
    logged = conn.execute("SELECT tbl, row_id, inverse FROM temp.change_log ORDER BY seq").fetchall()
    conn.execute("DELETE FROM temp.change_log")
    rows: dict[str, set[Any]] = {}
    for table, row_id, _inverse in logged:
        rows.setdefault(table, set()).add(row_id)
    return Recording(Changes({t: frozenset(ids) for t, ids in rows.items()}), [r[2] for r in logged])


def record(reg: Register, fn: Callable[[Register], Any]) -> tuple[Any, Recording]:
    """Run `fn(reg)` (which opens its own transaction) and return its result and what it changed."""
    _start(reg)
    try:
        result = fn(reg)
    finally:
        recording = _finish(reg)
    return result, recording


def replay(reg: Register, inverse: list[str], reason: str) -> Recording:
    """Run `inverse` newest first in one transaction; returns what that changed and how to reverse it.

    `reason` ("undo: Next stage") goes to the audit trail for every row put back. Foreign keys are
    checked at the commit, so a parent and its children can come back in any order.
    """
    _start(reg)
    try:
        _replay(reg, inverse, reason)
    except database_errors() as exc:  # a unique name or a link that a later change took
        raise ReadinessError(
            "this change can no longer be taken back: a later change stands in its way",
            "change the record by hand instead",
        ) from exc
    finally:
        recording = _finish(reg)
    return recording


def _replay(reg: Register, inverse: list[str], reason: str) -> None:
    with reg.transaction():
        reg.conn.execute("PRAGMA defer_foreign_keys = ON")
        for sql in reversed(inverse):
            reg.conn.execute(sql)
        touched = reg.conn.execute(
            "SELECT tbl, row_id, MIN(substr(inverse, 1, 6)) FROM temp.change_log GROUP BY tbl, row_id"
        ).fetchall()
        kind, _, name = reason.partition(": ")
        actions = {"DELETE": "insert", "UPDATE": "update", "INSERT": "delete"}
        for table, row_id, verb in touched:
            records.audit(reg, table, row_id, actions.get(verb.strip(), "update"), {kind: name})
