"""Each register query that declares the tables it reads (`@reads`) reads exactly those.

Pages take their refresh triggers from these declarations, so a declaration that
misses a table leaves a page stale. Measured with an SQLite authorizer on the demo.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sqlite3

import pytest

import readiness_app.register as register_package
from readiness_app.register.reads import reads, tables_read


def declared_queries():
    found = {}
    for info in pkgutil.iter_modules(register_package.__path__):
        module = importlib.import_module(f"readiness_app.register.{info.name}")
        for name, fn in vars(module).items():
            if callable(fn) and getattr(fn, "__module__", "") == module.__name__ and hasattr(fn, "reads"):
                found[f"{info.name}.{name}"] = fn
    return found


def _read_by(reg, query) -> set[str]:
    seen: set[str] = set()

    def note(action, table, *_):
        if action == sqlite3.SQLITE_READ and table and not table.startswith("sqlite_"):
            seen.add(table)
        return sqlite3.SQLITE_OK

    reg.conn.set_authorizer(note)
    try:
        query(reg)
    finally:
        reg.conn.set_authorizer(None)
    return seen


def test_the_pages_queries_are_declared():
    assert {"sessions.list_sessions", "cases.sessions_on_withdrawn", "evidence.table_rows"} <= set(declared_queries())


@pytest.mark.parametrize("name", sorted(declared_queries()))
def test_a_declared_query_reads_exactly_its_tables(demo_register, name):
    query = declared_queries()[name]
    required = [
        p for p in inspect.signature(query).parameters.values() if p.default is p.empty and p.kind != p.VAR_KEYWORD
    ]
    assert len(required) == 1, f"{name}: a declared query takes the register and options with defaults"
    assert _read_by(demo_register, query) == set(query.reads)


def test_tables_read_refuses_a_query_with_no_declaration():
    @reads("gap")
    def declared(reg): ...

    def undeclared(reg): ...

    assert tables_read(declared) == {"gap"}
    with pytest.raises(TypeError, match="does not declare"):
        tables_read(declared, undeclared)
