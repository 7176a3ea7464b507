"""Which register tables a read query reads, declared on the query itself.

    @reads("session", "room")
    def list_rooms(reg): ...

A page that reloads only when one of its tables changes takes its tables from the
queries it runs (`tables_read(sessions.list_sessions, ...)`), so the list lives in one
place, beside the SQL. `tests/core/test_core_reads.py` runs each declared query on the
demo with an SQLite authorizer and checks the declaration against what it really read;
`tests/gui/test_gui_refresh.py` does the same for every page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

Query = TypeVar("Query", bound=Callable[..., Any])


def reads(*tables: str) -> Callable[[Query], Query]:
    """Declare the tables a query reads."""

    def declare(query: Query) -> Query:
        query.reads = frozenset(tables)  # type: ignore[attr-defined]
        return query

    return declare


def tables_read(*queries: Callable[..., Any]) -> frozenset[str]:
    """Every table the queries read (each must be declared with `@reads`)."""
    found: set[str] = set()
    for query in queries:
        declared = getattr(query, "reads", None)
        if declared is None:
            raise TypeError(f"{query.__module__}.{query.__qualname__} does not declare the tables it reads (@reads)")
        found |= declared
    return frozenset(found)
