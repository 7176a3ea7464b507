"""The assessment itself: council, key dates, visit days, evidence folder, settings."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.register import records
from readiness_app.register.connection import UUID_KEY, Register
from readiness_app.register.reads import reads
from readiness_app.register.validation import choice, parse_date
from readiness_app.register.vocabulary import VISIT_DAY_KIND

DATE_FIELDS = ("notification_date", "lair_due_date", "fa_received_date", "published_date")


def create(reg: Register, *, council: str, evidence_folder: Path | str | None = None) -> None:
    records.insert(
        reg,
        "assessment",
        {
            "id": 1,
            "council": council,
            "evidence_folder": str(evidence_folder) if evidence_folder else None,
            "created_at": records.now_iso(),
        },
    )


def get(reg: Register) -> dict[str, Any]:
    row = reg.conn.execute("SELECT * FROM assessment WHERE id = 1").fetchone()
    if row is None:
        raise ReadinessError(f"{reg.path} has no assessment details; it may be damaged")
    return dict(row)


def update(reg: Register, **values: Any) -> dict[str, Any]:
    for key in DATE_FIELDS:
        if key in values:
            values[key] = parse_date(values[key], key)
    if "council" in values and not str(values["council"] or "").strip():
        raise ReadinessError("council name is required", field="council")
    with reg.transaction():
        return records.update(reg, "assessment", 1, values)


def evidence_folder(reg: Register) -> Path | None:
    """The evidence folder; a relative path is taken from the register's folder."""
    folder = get(reg)["evidence_folder"]
    if not folder:
        return None
    path = Path(folder)
    return path if path.is_absolute() else (reg.path.parent / path)


@reads("visit_day")
def visit_days(reg: Register) -> list[dict[str, str]]:
    return [dict(r) for r in reg.query("SELECT date, kind FROM visit_day ORDER BY date")]


def onsite_days(reg: Register) -> list[str]:
    return [d["date"] for d in visit_days(reg) if d["kind"] == "onsite"]


def set_visit_days(reg: Register, days: dict[str, str]) -> None:
    """Replace the visit days: {ISO date: 'onsite' | 'virtual'}."""
    clean = {parse_date(d, "visit day", required=True): choice(k, VISIT_DAY_KIND, "kind") for d, k in days.items()}
    with reg.transaction():
        old = {d["date"]: d["kind"] for d in visit_days(reg)}
        if old == clean:
            return
        reg.conn.execute("DELETE FROM visit_day")
        reg.conn.executemany("INSERT INTO visit_day (date, kind) VALUES (?, ?)", sorted(clean.items()))
        records.audit(reg, "visit_day", "all", "update", {"days": [old, clean]})


def consecutive_weekdays(start: str, count: int) -> list[str]:
    """`count` weekdays from `start` (skipping Saturday and Sunday)."""
    day = date.fromisoformat(start)
    days: list[str] = []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day.isoformat())
        day += timedelta(days=1)
    return days


def days_to_onsite(reg: Register, today: date | None = None) -> int | None:
    days = onsite_days(reg)
    if not days:
        return None
    today = today or clock.today()
    return (date.fromisoformat(days[0]) - today).days


def setting(reg: Register, key: str, default: str | None = None) -> str | None:
    value = reg.scalar("SELECT value FROM setting WHERE key = ?", (key,))
    return default if value is None else value


def set_setting(reg: Register, key: str, value: str | None) -> None:
    with reg.transaction():
        old = setting(reg, key)
        if old == value:
            return
        reg.conn.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        records.audit(reg, "setting", key, "update", {"value": [old, value]})


def ensure_uuid(register: Register) -> str:
    """The assessment's stable id (setting `register_uuid`), written on first need."""
    value = register.scalar("SELECT value FROM setting WHERE key = ?", (UUID_KEY,))
    if value:
        return value
    import uuid  # only when a register gets its id (uuid costs start-up time)

    value = str(uuid.uuid4())
    with register.transaction():
        register.conn.execute("INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)", (UUID_KEY, value))
        value = register.scalar("SELECT value FROM setting WHERE key = ?", (UUID_KEY,))
        records.audit(register, "setting", UUID_KEY, "update", {"value": [None, value]})
    return value
