"""The WHERE clause of a listing query, built from the filters that were given.

    where = Where()
    if qs:
        where.add("qs = ?", qs)
    if open_only:
        where.add("status != 'closed'")
    reg.query(f"SELECT * FROM gap{where} ORDER BY id", where.params)

Conditions are joined with AND; with none, the clause is empty. A list of ids goes in as
one JSON parameter (`among`), so any number of them fits SQLite's limit on parameters.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


class Where:
    def __init__(self) -> None:
        self.conditions: list[str] = []
        self._params: list[Any] = []

    def add(self, condition: str, *params: Any) -> None:
        """A condition with its `?` parameters."""
        self.conditions.append(condition)
        self._params.extend(params)

    def among(self, column: str, ids: Iterable[Any]) -> None:
        """`column` is one of `ids`."""
        self.add(f"{column} IN (SELECT value FROM json_each(?))", json.dumps(list(ids)))

    @property
    def params(self) -> tuple[Any, ...]:
        return tuple(self._params)

    def __str__(self) -> str:
        return " WHERE " + " AND ".join(self.conditions) if self.conditions else ""
