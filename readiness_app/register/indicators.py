"""The data pack: figures per quality statement (waiting lists, s42 timeliness, ASCOF ...).

An indicator is one number with its unit, the period it covers, the date of the
data and its source, and which way is better. Benchmarks (England, region,
comparator group), a target and earlier values for a trend are optional.
A figure older than the register's stale age (default 6 months, setting
`indicator_stale_months`) is stale: flagged wherever it is shown or printed.
Every function that judges staleness takes `today`, so tests can fake the clock.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.validation import parse_date, required_text
from readiness_app.register.where import Where

BETTER = {"higher": "Higher is better", "lower": "Lower is better"}
BETTER_WORDS = {"higher": "higher", "high": "higher", "up": "higher", "lower": "lower", "low": "lower", "down": "lower"}
PERCENT_UNITS = ("%", "percent", "per cent", "percentage")
NUMBER_FIELDS = ("value", "england", "region", "comparator", "target")
TEXT_FIELDS = ("period", "source", "owner")
STALE_SETTING = "indicator_stale_months"
DEFAULT_STALE_MONTHS = 6
_NUMBER = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


def _qs_ids(value: Any) -> list[str]:
    """QS ids through the framework matcher, imported only when a QS is parsed (not when the dashboard counts)."""
    from readiness_app.framework.matcher import qs_ids_from

    return qs_ids_from(value)


def is_percent(unit: str) -> bool:
    return str(unit or "").strip().lower() in PERCENT_UNITS


def parse_number(value: Any, field: str, unit: str = "") -> float | None:
    """A number from a cell: 72.5, '72.5', '72.5%', '1,234'. Percentages must be 0-100."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ReadinessError(f"{value!r} is not a number", field=field)
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if text.endswith("%"):
            text = text[:-1]
        if not text or not _NUMBER.match(text) or text in ("+", "-", "."):
            raise ReadinessError(f"{str(value).strip()!r} is not a number", field=field)
        number = float(text.replace(",", ""))
    if number != number or number in (float("inf"), float("-inf")):
        raise ReadinessError(f"{value!r} is not a number", field=field)
    if is_percent(unit) and not 0 <= number <= 100:
        raise ReadinessError(f"{number:g} is not a percentage (0 to 100)", field=field)
    return number


def parse_better(value: Any) -> str:
    words = str(value or "").strip().lower().replace("is better", "").replace("better when", "").split()
    key = BETTER_WORDS.get(words[0] if words else "")
    if not key:
        raise ReadinessError(f"{value!r}: say whether higher or lower is better", field="better")
    return key


def parse_history(value: Any, unit: str = "") -> list[list[Any]]:
    """Earlier values, oldest first: '2022/23: 61; 2023/24: 64' or [['2022/23', 61], ...]."""
    if value in (None, "", []):
        return []
    if isinstance(value, list | tuple):
        pairs = [(str(p), v) for p, v in value]
    else:
        pairs = []
        for part in re.split(r"[;\n]+", str(value)):
            if not part.strip():
                continue
            label, sep, number = part.rpartition(":") if ":" in part else ("", "", part)
            pairs.append((label.strip(), number))
    return [[label, parse_number(number, "previous values", unit)] for label, number in pairs]


def clean_values(values: dict[str, Any], unit: str = "") -> dict[str, Any]:
    unit = str(values.get("unit", unit) or "").strip()
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key == "name":
            clean[key] = required_text(value, "name")
        elif key == "qs":
            ids = _qs_ids(value) if value else []
            if len(ids) != 1:
                raise ReadinessError("an indicator belongs to exactly one quality statement", field="qs")
            clean[key] = ids[0]
        elif key == "unit":
            clean[key] = required_text(value, "unit")
        elif key in NUMBER_FIELDS:
            clean[key] = parse_number(value, key, unit)
        elif key == "data_date":
            clean[key] = parse_date(value, "data_date", required=True)
        elif key == "better":
            clean[key] = parse_better(value)
        elif key == "history":
            clean[key] = json.dumps(parse_history(value, unit))
        elif key in TEXT_FIELDS:
            clean[key] = str(value or "").strip()
        else:
            raise ReadinessError(f"unknown indicator field {key!r}", field=key)
    if "value" in clean and clean["value"] is None:
        raise ReadinessError("a value is required", field="value")
    return clean


REQUIRED = ("name", "qs", "value", "unit", "data_date", "better")


def checked(values: dict[str, Any]) -> dict[str, Any]:
    """A new indicator's values, cleaned; every required field present."""
    missing = [k for k in REQUIRED if values.get(k) in (None, "")]
    if missing:
        names = {"data_date": "date of data", "better": "better when higher or lower"}
        raise ReadinessError(f"{names.get(missing[0], missing[0])} is required", field=missing[0])
    return clean_values(values)


def create(reg: Register, **values: Any) -> int:
    clean = checked(values)
    with reg.transaction():
        if reg.scalar("SELECT 1 FROM indicator WHERE name = ?", (clean["name"],)):
            raise ReadinessError(f"an indicator called {clean['name']!r} already exists", field="name")
        return records.insert(reg, "indicator", clean)


def update(reg: Register, indicator_id: int, **values: Any) -> dict[str, Any]:
    with reg.transaction():
        before = records.get(reg, "indicator", indicator_id)
        clean = clean_values(values, before["unit"])
        if "unit" in clean and "value" not in clean:  # a new unit must still fit the stored value
            parse_number(before["value"], "value", clean["unit"])
        return records.update(reg, "indicator", indicator_id, clean) if clean else {}


def delete(reg: Register, indicator_id: int) -> None:
    with reg.transaction():
        records.delete(reg, "indicator", indicator_id)


# ---------------------------------------------------------------- staleness


def stale_months(reg: Register) -> int:
    value = reg.scalar("SELECT value FROM setting WHERE key = ?", (STALE_SETTING,))
    try:
        return max(1, int(value)) if value is not None else DEFAULT_STALE_MONTHS
    except ValueError:
        return DEFAULT_STALE_MONTHS


def set_stale_months(reg: Register, months: int) -> None:
    if not 1 <= int(months) <= 60:
        raise ReadinessError("the stale age must be 1 to 60 months", field="months")
    with reg.transaction():
        before = reg.scalar("SELECT value FROM setting WHERE key = ?", (STALE_SETTING,))
        reg.conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (STALE_SETTING, str(int(months))))
        records.audit(reg, "setting", STALE_SETTING, "update", {"value": [before, str(int(months))]})


def stale_before(today: date, months: int) -> date:
    """The cut-off: data dated before this day is stale (same day `months` earlier, clamped to month end)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    day = today.day
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def _decorate(row: dict[str, Any], cutoff: str) -> dict[str, Any]:
    row["history"] = json.loads(row["history"] or "[]")
    row["stale"] = row["data_date"] < cutoff
    previous = row["history"][-1][1] if row["history"] else None
    row["trend"] = None
    if previous is not None and previous != row["value"]:
        up = row["value"] > previous
        row["trend"] = "improving" if up == (row["better"] == "higher") else "worsening"
    row["percent"] = is_percent(row["unit"])
    return row


def list_indicators(
    reg: Register,
    *,
    today: date | None = None,
    qs: str | None = None,
    stale_only: bool = False,
    ids: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Indicators in QS order then name, each with `stale`, `trend` and its history as a list."""
    cutoff = stale_before(today or clock.today(), stale_months(reg)).isoformat()
    where = Where()
    if qs:
        where.add("qs = ?", _qs_ids([qs])[0])
    if stale_only:
        where.add("data_date < ?", cutoff)
    if ids is not None:
        where.among("id", ids)
    rows = [_decorate(dict(r), cutoff) for r in reg.query(f"SELECT * FROM indicator{where}", where.params)]
    rows.sort(key=lambda r: (int(r["qs"][2:]) if r["qs"][2:].isdigit() else 99, r["name"].lower()))
    return rows


def counts(reg: Register, today: date | None = None) -> dict[str, int]:
    cutoff = stale_before(today or clock.today(), stale_months(reg)).isoformat()
    row = reg.conn.execute("SELECT COUNT(*), SUM(data_date < ?) FROM indicator", (cutoff,)).fetchone()
    return {"total": row[0], "stale": row[1] or 0, "stale_months": stale_months(reg)}


def by_name(reg: Register) -> dict[str, dict[str, Any]]:
    """Every stored indicator keyed by lower-case name (for an import's matching)."""
    return {r["name"].lower(): dict(r) for r in reg.query("SELECT * FROM indicator")}


def format_value(value: float | None, unit: str) -> str:
    """72.5 '%' -> '72.5%'; 41 'days' -> '41 days'; 1234 'people' -> '1,234 people'; 2.4 '£m' -> '£2.4m'."""
    if value is None:
        return ""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if is_percent(unit):
        return f"{text}%"
    if str(unit).startswith("£"):  # '£m' -> '£2.4m'
        return f"£{text}{unit[1:]}"
    return f"{text} {unit}".strip()
