"""What a write changed, and how to take it back (undo and redo for every kind of record).

`Changes` names the tables and row ids a write touched, in the spirit of Anki's
OpChanges: the desktop app refreshes only the pages (and rows) that show them.

`record(reg, fn)` runs one change with temporary triggers on the writer's
connection that log, for every row inserted, updated or deleted, its key and
the values of the columns that changed, before and after (SQLite's classic
undo log, kept as values rather than SQL text so they compare exactly). The
triggers are TEMP (never in the register file, so no migration) and log only
while a change is being recorded, so the watcher's scans and imports pay
almost nothing. The log is folded into one `RowStep` per row: what the row
was before the change and what the change left.

`replay` takes the steps back, newest first, in one transaction, and records
the inverse of the inverse, which is the redo. It is a compare-and-set: a step
puts back only the columns its own change set, and only while they still hold
the values that change wrote. If another program (or a later change) has
changed one of them, or deleted the row, nothing is replayed and
`ChangedSince` says which record, so an undo never wipes someone else's work.
This works alike for sessions, cases, evidence, gaps, visit-week records and
link tables, because it works on rows.

The audit trail is not logged (it is append-only): an undo adds its own
entries, "undo" with the action's name, for each row it put back.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register import records
from readiness_app.register.connection import Register, database_errors

# The audit trail is append-only (an undo writes its own entries). The search index follows the
# records through its own triggers, so an undo that puts a record back re-indexes it; its
# shadow tables and the file-text bookkeeping are never replayed.
NOT_LOGGED = frozenset({"audit", "evidence_contents", "register_copy"})  # register_copy: see register/copies.py
NOT_LOGGED_PREFIXES = ("search_index_",)
_INSTALLED = "_change_log_tables"  # attribute on the Register: tables with triggers
_SHAPES = "_change_log_shapes"  # attribute on the Register: each logged table's (columns, keys)


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
    seq = "(SELECT MAX(seq) FROM change_log)"
    # temp triggers may not name a schema in INSERT; unqualified, change_log is the temp table
    log = "INSERT INTO change_log (tbl, op, row_id) VALUES"
    values = "INSERT INTO change_value (seq, col, old, new)"
    prefix = "change_log_" + re.sub(r"\W", "_", table)
    when = "WHEN EXISTS (SELECT 1 FROM temp.change_capture)"
    key_moved = " OR ".join(f"old.{_name(k)} IS NOT new.{_name(k)}" for k in keys)

    def rows(old: bool, new: bool) -> str:
        return ", ".join(
            f"({seq}, {_text(c)}, {f'old.{_name(c)}' if old else 'NULL'}, {f'new.{_name(c)}' if new else 'NULL'})"
            for c in columns
        )

    # an update logs its keys always, other columns only when they changed (all of them if a key moved)
    changed = " UNION ALL ".join(
        f"SELECT {seq}, {_text(c)}, old.{_name(c)}, new.{_name(c)}"
        + ("" if c in keys else f" WHERE old.{_name(c)} IS NOT new.{_name(c)} OR {key_moved}")
        for c in columns
    )
    first = _name(keys[0])
    return [
        f"CREATE TEMP TRIGGER {prefix}_i AFTER INSERT ON main.{t} {when} BEGIN "
        f"{log} ({_text(table)}, 'i', new.{first}); {values} VALUES {rows(False, True)}; END",
        f"CREATE TEMP TRIGGER {prefix}_u AFTER UPDATE ON main.{t} {when} BEGIN "
        f"{log} ({_text(table)}, 'u', old.{first}); {values} {changed}; END",
        f"CREATE TEMP TRIGGER {prefix}_d AFTER DELETE ON main.{t} {when} BEGIN "
        f"{log} ({_text(table)}, 'd', old.{first}); {values} VALUES {rows(True, False)}; END",
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
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS change_log (seq INTEGER PRIMARY KEY, tbl TEXT, op TEXT, row_id)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS change_value (seq INTEGER, col TEXT, old, new)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS change_capture (on_ INTEGER)")
    for (old,) in conn.execute("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'").fetchall():
        if old.startswith("change_log_"):
            conn.execute(f"DROP TRIGGER temp.{_name(old)}")
    for table in tables:
        for sql in _triggers(table, *_shape(reg, table)):
            conn.execute(sql)
    setattr(reg, _INSTALLED, tables)
    setattr(reg, _SHAPES, {table: _shape(reg, table) for table in tables})


@dataclass(frozen=True, slots=True)
class RowStep:
    """One row's part in a change: what it was before and what the change left.

    `before` None: the change created the row (taking it back deletes it). `after` None: the change
    deleted it (taking it back inserts `before`). Otherwise both hold just the columns that changed.
    `keys` finds the row: its rowid, or the key columns of a WITHOUT ROWID table.
    """

    table: str
    keys: tuple[tuple[str, Any], ...]
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(slots=True)
class Recording:
    """A recorded change: what it touched and the steps that take it back (oldest first)."""

    changes: Changes
    inverse: list[RowStep]


class ChangedSince(ReadinessError):
    """A replay found a row it would put back changed or deleted by another program (or a later change)."""

    def __init__(self, table: str, gone: bool, kind: str):
        noun = record_noun(table)
        super().__init__(
            f"Someone {'deleted' if gone else 'changed'} this {noun} since; {kind} skipped",
            f"the {noun} keeps their change; change it by hand if it still needs it",
        )
        self.table = table
        self.gone = gone


# How a message names the record a table holds (link tables name their owner).
_NOUNS = {
    "tracked_case": "case",
    "case_criterion": "case",
    "case_qs": "case",
    "evidence": "evidence item",
    "evidence_qs": "evidence item",
    "session_qs": "session",
    "session_person": "session",
    "session_assessor": "session",
    "session_evidence": "session",
    "learning_entry": "learning log entry",
    "learning_qs": "learning log entry",
    "cqc_request": "CQC request",
    "request_evidence": "CQC request",
    "fa_point": "factual accuracy point",
    "fa_point_evidence": "factual accuracy point",
    "improvement_action": "improvement action",
    "self_assessment": "quality statement",
    "return_item": "information return item",
    "return_answer": "information return item",
    "visit_day": "visit day",
}


def record_noun(table: str) -> str:
    """'gap', 'case', 'session': the record a table's rows belong to, in the users' words."""
    return _NOUNS.get(table, table.replace("_", " "))


def _start(reg: Register) -> None:
    install(reg)
    reg.conn.execute("DELETE FROM temp.change_log")
    reg.conn.execute("DELETE FROM temp.change_value")
    reg.conn.execute("INSERT INTO temp.change_capture VALUES (1)")


def _same(a: Any, b: Any) -> bool:
    """SQLite's IS for stored values: NULL equals only NULL, 1 equals 1.0, text never equals a number."""
    if a is None or b is None:
        return a is b
    if isinstance(a, (str, bytes)) or isinstance(b, (str, bytes)):
        return type(a) is type(b) and a == b
    return bool(a == b)


class _Row:
    """A row's story within one change: first seen at `first`; `before`/`after` None when absent."""

    __slots__ = ("after", "before", "first")

    def __init__(self, first: int, before: dict[str, Any] | None, after: dict[str, Any] | None):
        self.first, self.before, self.after = first, before, after


def _fold(reg: Register, logged: list[Any], values: list[Any]) -> list[RowStep]:
    """One step per row from the trigger log (a change may touch a row several times)."""
    shapes: dict[str, tuple[list[str], list[str]]] = getattr(reg, _SHAPES)
    by_seq: dict[int, list[tuple[str, Any, Any]]] = defaultdict(list)
    for seq, col, old, new in values:
        by_seq[seq].append((col, old, new))
    rows: dict[tuple[str, tuple[Any, ...]], _Row] = {}

    def inserted(table: str, key: tuple[Any, ...], seq: int, full: dict[str, Any]) -> None:
        row = rows.get((table, key))
        if row is None:
            rows[(table, key)] = _Row(seq, None, full)
        else:  # deleted earlier in the same change (INSERT OR REPLACE): there again
            row.after = full

    def deleted(table: str, key: tuple[Any, ...], seq: int, full: dict[str, Any]) -> None:
        row = rows.setdefault((table, key), _Row(seq, {}, {}))
        if row.before is not None:
            for col, value in full.items():
                row.before.setdefault(col, value)
        row.after = None

    for seq, table, op, _row_id in logged:
        keys = shapes[table][1]
        cols = by_seq[seq]
        old = {c: o for c, o, _n in cols}
        new = {c: n for c, _o, n in cols}
        old_key = tuple(old[k] for k in keys)
        new_key = tuple(new[k] for k in keys)
        if op == "i":
            inserted(table, new_key, seq, new)
        elif op == "d":
            deleted(table, old_key, seq, old)
        elif old_key != new_key:  # a key moved: the old row went and a new one came
            deleted(table, old_key, seq, old)
            inserted(table, new_key, seq, new)
        else:
            row = rows.setdefault((table, old_key), _Row(seq, {}, {}))
            after = row.after if row.after is not None else {}
            row.after = after
            for col, was, now in cols:
                if row.before is not None:
                    row.before.setdefault(col, was)
                after[col] = now
    steps: list[tuple[int, RowStep]] = []
    for (table, key), row in rows.items():
        found = tuple(zip(shapes[table][1], key, strict=True))
        if row.before is None and row.after is None:
            continue  # made and removed within the change
        if row.before is not None and row.after is not None:
            moved = [c for c, v in row.after.items() if c in row.before and not _same(row.before[c], v)]
            if not moved:
                continue
            step = RowStep(table, found, {c: row.before[c] for c in moved}, {c: row.after[c] for c in moved})
        else:
            step = RowStep(table, found, row.before, row.after)
        steps.append((row.first, step))
    steps.sort(key=lambda pair: pair[0])
    return [step for _first, step in steps]


def _finish(reg: Register) -> Recording:
    conn = reg.conn
    conn.execute("DELETE FROM temp.change_capture")
    logged = conn.execute("SELECT seq, tbl, op, row_id FROM temp.change_log ORDER BY seq").fetchall()
    values = conn.execute("SELECT seq, col, old, new FROM temp.change_value ORDER BY rowid").fetchall()
    conn.execute("DELETE FROM temp.change_log")
    conn.execute("DELETE FROM temp.change_value")
    rows: dict[str, set[Any]] = {}
    for _seq, table, _op, row_id in logged:
        rows.setdefault(table, set()).add(row_id)
    steps = _fold(reg, logged, values) if logged else []
    return Recording(Changes({t: frozenset(ids) for t, ids in rows.items()}), steps)


def record(reg: Register, fn: Callable[[Register], Any]) -> tuple[Any, Recording]:
    """Run `fn(reg)` (which opens its own transaction) and return its result and what it changed."""
    _start(reg)
    try:
        result = fn(reg)
    finally:
        recording = _finish(reg)
    return result, recording


def replay(reg: Register, inverse: list[RowStep], reason: str) -> Recording:
    """Take `inverse` back, newest first, in one transaction; returns what that changed and how to reverse it.

    `reason` ("undo: Next stage") goes to the audit trail for every row put back. Foreign keys are
    checked at the commit, so a parent and its children can come back in any order. Raises
    `ChangedSince`, with nothing changed, when a row is no longer as the change left it.
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


def _where(step: RowStep, compared: dict[str, Any]) -> tuple[str, list[Any]]:
    """`WHERE key = ? AND col IS ? ...`: the row, only while the `compared` columns hold those values."""
    parts = [f"{_name(k)} = ?" for k, _v in step.keys] + [f"{_name(c)} IS ?" for c in compared]
    return " WHERE " + " AND ".join(parts), [v for _k, v in step.keys] + list(compared.values())


def _exists(reg: Register, step: RowStep) -> bool:
    where, params = _where(step, {})
    return reg.conn.execute(f"SELECT 1 FROM {_name(step.table)}{where}", params).fetchone() is not None


def _take_back(reg: Register, step: RowStep, kind: str) -> None:
    """One step, compare-and-set; raises ChangedSince when the row is not as the change left it."""
    table = _name(step.table)
    if step.after is None:  # the change deleted the row: bring it back, unless a row has its key now
        before = step.before or {}
        if _exists(reg, step):
            raise ChangedSince(step.table, False, kind)
        cols = ", ".join(_name(c) for c in before)
        marks = ", ".join("?" * len(before))
        reg.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(before.values()))
        return
    where, params = _where(step, step.after)
    if step.before is None:  # the change created the row: remove it, only as the change left it
        done = reg.conn.execute(f"DELETE FROM {table}{where}", params).rowcount
    else:
        sets = ", ".join(f"{_name(c)} = ?" for c in step.before)
        done = reg.conn.execute(f"UPDATE {table} SET {sets}{where}", [*step.before.values(), *params]).rowcount
    if done != 1:
        raise ChangedSince(step.table, not _exists(reg, step), kind)


def _replay(reg: Register, inverse: list[RowStep], reason: str) -> None:
    kind, _, name = reason.partition(": ")
    with reg.transaction():
        reg.conn.execute("PRAGMA defer_foreign_keys = ON")
        for step in reversed(inverse):
            _take_back(reg, step, kind)
        touched = reg.conn.execute("SELECT tbl, row_id, MIN(op) FROM temp.change_log GROUP BY tbl, row_id").fetchall()
        actions = {"i": "insert", "u": "update", "d": "delete"}
        for table, row_id, op in touched:
            records.audit(reg, table, row_id, actions.get(op, "update"), {kind: name})


def still_as_left(reg: Register, inverse: list[RowStep]) -> bool:
    """True while every row is as its change left it, so the undo (or redo) can still run; only reads."""
    for step in inverse:
        if step.after is None:
            if _exists(reg, step):
                return False
            continue
        where, params = _where(step, step.after)
        if reg.conn.execute(f"SELECT 1 FROM {_name(step.table)}{where}", params).fetchone() is None:
            return False
    return True
