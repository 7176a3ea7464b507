"""Readiness over time: how many quality statements were red, amber and green on each day.

A daily snapshot, kept without a schema change as one JSON setting
(`readiness_history`: {"2026-11-23": [red, amber, green], ...}). The desktop app
records today's counts after every change it makes to what readiness is
counted from (`keep_today`), so each day keeps its last state; days without
such a change have no point.
(Rebuilding past days from the audit trail was ruled out: deletions and raw
demo writes leave no before-values there, so the picture would be invented.)
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from readiness_app import clock
from readiness_app.register import assessment, readiness
from readiness_app.register.connection import Register

KEY = "readiness_history"
# the tables the RAG rules read: a change elsewhere leaves today's counts as they were
COUNTED_TABLES = frozenset({"evidence", "evidence_qs", "gap", "session", "session_qs", "self_assessment"})
KEEP_DAYS = 400  # a little over a year: from notification to the report and the action plan


def history(reg: Register, *, days: int | None = None, today: date | None = None) -> list[tuple[str, int, int, int]]:
    """(ISO date, red, amber, green) oldest first; the last `days` days up to `today` when given."""
    try:
        stored = json.loads(assessment.setting(reg, KEY) or "{}")
    except ValueError:
        stored = {}  # a damaged value shows as no history rather than stopping the dashboard
    rows = []
    for day, counts in sorted(stored.items()):
        if isinstance(counts, list) and len(counts) == 3 and all(isinstance(n, int) for n in counts):
            rows.append((day, counts[0], counts[1], counts[2]))
    if days is not None:
        end = today or clock.today()
        first = (end - timedelta(days=days - 1)).isoformat()
        rows = [r for r in rows if first <= r[0] <= end.isoformat()]
    return rows


def needs_recording(reg: Register, day: date, rag: dict[str, int]) -> bool:
    """True when `day`'s stored counts differ from `rag` (so the app writes only when something moved)."""
    today = {r[0]: list(r[1:]) for r in history(reg)}.get(day.isoformat())
    return today != [rag["red"], rag["amber"], rag["green"]]


def record(reg: Register, day: date, rag: dict[str, int]) -> bool:
    """Keep `rag` ({'red': n, 'amber': n, 'green': n}) as `day`'s counts; True if that changed anything."""
    with reg.transaction():
        if not needs_recording(reg, day, rag):
            return False
        stored = {r[0]: list(r[1:]) for r in history(reg)}
        stored[day.isoformat()] = [int(rag["red"]), int(rag["amber"]), int(rag["green"])]
        for old in sorted(stored)[:-KEEP_DAYS]:
            del stored[old]
        assessment.set_setting(reg, KEY, json.dumps(stored, sort_keys=True, separators=(",", ":")))
    return True


def keep_today(reg: Register, day: date) -> bool:
    """Record `day`'s red, amber and green counts as the register now stands."""
    rows = readiness.per_qs(reg)
    return record(reg, day, {rag: sum(1 for q in rows if q.rag == rag) for rag in ("red", "amber", "green")})
