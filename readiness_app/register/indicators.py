"""The data pack: figures per quality statement (waiting lists, s42 timeliness, ASCOF ...).

An indicator is one number with its unit, the period it covers, the date of the
data and its source, and (optionally) which way is better: a figure with no
direction is shown without good/bad colouring, with a note. Benchmarks (England,
region, comparator group, with the period they cover), a target and earlier
values for a trend are optional.

Staleness follows each figure's publication cycle (`cycle`, settable per
indicator): an annual figure (ASCOF, the surveys) stays current until the next
year's publication is due, allowing for the months between a year's end and its
publication; a quarterly one for a quarter plus a grace period; a monthly one
for a month plus a fortnight. A figure with no cycle set takes one from its
name, source or period (ASCOF, surveys and "2025/26" are annual), else the
register's stale age (default 6 months, setting `indicator_stale_months`).
A benchmark for a later period than the figure's is flagged.
Every function that judges staleness takes `today`, so tests can fake the clock.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.validation import choice, parse_date, required_text
from readiness_app.register.where import Where

BETTER = {"higher": "Higher is better", "lower": "Lower is better"}
NO_DIRECTION = "no direction set: shown without good or bad colouring"
CYCLE = {"annual": "Annual", "quarterly": "Quarterly", "monthly": "Monthly"}
# Days a figure stays current after its date of data: the cycle plus the usual lag to publication.
# ASCOF for a year ending in March is published the following winter, so an annual figure lasts 21 months.
CYCLE_DAYS = {"annual": 365 + 275, "quarterly": 92 + 46, "monthly": 31 + 14}
_ANNUAL_WORDS = ("ascof", "survey", "annual", "client level data", "salt")
BETTER_WORDS = {"higher": "higher", "high": "higher", "up": "higher", "lower": "lower", "low": "lower", "down": "lower"}
PERCENT_UNITS = ("%", "percent", "per cent", "percentage")
NUMBER_FIELDS = ("value", "england", "region", "comparator", "target")
TEXT_FIELDS = ("period", "source", "owner", "benchmark_period")
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
        # The value as typed: "100.0000001", never a rounded "100" that looks allowed.
        shown = str(value).strip() if isinstance(value, str) else repr(value)
        raise ReadinessError(f"{shown} is not a percentage (0 to 100)", field=field)
    return number


def parse_better(value: Any) -> str | None:
    if value is None or not str(value).strip():
        return None  # optional: the figure is shown without colouring
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
        elif key == "cycle":
            text = str(value or "").strip().lower()
            clean[key] = "" if text in ("", "default", "auto") else choice(text, CYCLE, "cycle")
        elif key == "history":
            clean[key] = json.dumps(parse_history(value, unit))
        elif key in TEXT_FIELDS:
            clean[key] = str(value or "").strip()
        else:
            raise ReadinessError(f"unknown indicator field {key!r}", field=key)
    if "value" in clean and clean["value"] is None:
        raise ReadinessError("a value is required", field="value")
    return clean


REQUIRED = ("name", "qs", "value", "unit", "data_date")


def checked(values: dict[str, Any]) -> dict[str, Any]:
    """A new indicator's values, cleaned; every required field present."""
    missing = [k for k in REQUIRED if values.get(k) in (None, "")]
    if missing:
        names = {"data_date": "date of data"}
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


def cycle_of(row: dict[str, Any]) -> str:
    """The publication cycle: as set, else annual for ASCOF, surveys and yearly periods, else '' (the stale age)."""
    if row.get("cycle"):
        return str(row["cycle"])
    words = f"{row.get('name', '')} {row.get('source', '')}".lower()
    if any(w in words for w in _ANNUAL_WORDS) or re.fullmatch(
        r"\d{4}\s*[/-]\s*\d{2,4}", str(row.get("period") or "").strip()
    ):
        return "annual"
    return ""


def stale_from(row: dict[str, Any]) -> date:
    """The first day a figure with a publication cycle counts as stale."""
    return date.fromisoformat(row["data_date"]) + timedelta(days=CYCLE_DAYS[cycle_of(row)] + 1)


_MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), start=1)}  # fmt: skip


def period_end(text: str) -> tuple[int, int] | None:
    """(year, month) a period ends in: '2024/25' -> (2025, 3); 'Oct 2026' -> (2026, 10); 'Q2 2026' -> (2026, 6)."""
    text = str(text or "").strip().lower()
    span = re.search(r"(\d{4})\s*[/-]\s*(\d{2,4})", text)
    if span:
        end = int(span.group(2))
        return (end if end > 999 else int(span.group(1)[:2]) * 100 + end, 3)
    year = re.search(r"\d{4}", text)
    if not year:
        return None
    quarter = re.search(r"q([1-4])", text)
    month = next((n for m, n in _MONTHS.items() if m in text), None)
    if quarter:
        month = int(quarter.group(1)) * 3
    return (int(year.group()), month or 12)


def _decorate(row: dict[str, Any], cutoff: str, today: str) -> dict[str, Any]:
    row["history"] = json.loads(row["history"] or "[]")
    row["cycle_used"] = cycle_of(row)
    if row["cycle_used"]:
        row["stale"] = today >= stale_from(row).isoformat()
    else:
        row["stale"] = row["data_date"] < cutoff
    previous = row["history"][-1][1] if row["history"] else None
    row["trend"] = None
    if previous is not None and previous != row["value"] and row["better"]:
        up = row["value"] > previous
        row["trend"] = "improving" if up == (row["better"] == "higher") else "worsening"
    row["percent"] = is_percent(row["unit"])
    row["notes"] = [] if row["better"] else [NO_DIRECTION]
    figure, bench = period_end(row["period"]), period_end(row.get("benchmark_period") or "")
    row["benchmark_later"] = bool(figure and bench and bench > figure)
    if row["benchmark_later"]:
        row["notes"].append(
            f"the benchmarks are for {row['benchmark_period']}, a later period than the figure's ({row['period']})"
        )
    return row


def list_indicators(
    reg: Register,
    *,
    today: date | None = None,
    qs: str | None = None,
    stale_only: bool = False,
    ids: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Indicators in QS order then name, each with `stale`, `trend`, `notes` and its history as a list."""
    day = today or clock.today()
    cutoff = stale_before(day, stale_months(reg)).isoformat()
    where = Where()
    if qs:
        where.add("qs = ?", _qs_ids([qs])[0])
    if ids is not None:
        where.among("id", ids)
    sql = f"SELECT * FROM indicator{where}"
    rows = [_decorate(dict(r), cutoff, day.isoformat()) for r in reg.query(sql, where.params)]
    if stale_only:
        rows = [r for r in rows if r["stale"]]
    rows.sort(key=lambda r: (int(r["qs"][2:]) if r["qs"][2:].isdigit() else 99, r["name"].lower()))
    return rows


def stale_label(row: dict[str, Any], months: int) -> str:
    """'STALE (next annual figure due)', 'STALE (over 6 months)', or '' for a current figure."""
    if not row["stale"]:
        return ""
    cycle = row.get("cycle_used") or ""
    return f"STALE (next {cycle} figure due)" if cycle else f"STALE (over {months} months)"


def counts(reg: Register, today: date | None = None) -> dict[str, int]:
    rows = list_indicators(reg, today=today)
    return {"total": len(rows), "stale": sum(1 for r in rows if r["stale"]), "stale_months": stale_months(reg)}


def by_name(reg: Register) -> dict[str, dict[str, Any]]:
    """Every stored indicator keyed by lower-case name (for an import's matching)."""
    return {r["name"].lower(): dict(r) for r in reg.query("SELECT * FROM indicator")}


def format_value(value: float | None, unit: str) -> str:
    """72.5 '%' -> '72.5%'; 41 'days' -> '41 days'; 1234 'people' -> '1,234 people'; 2.4 '£m' -> '£2.4m'."""
    if value is None:
        return ""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    if is_percent(unit):
        if text in ("100.0", "0.0") or value > 100:  # 99.96 is not 100%, and 100.4 is not "100"
            text = f"{value:,.4f}".rstrip("0").rstrip(".")
        return f"{text}%"
    if str(unit).startswith("£"):  # '£m' -> '£2.4m'
        return f"£{text}{unit[1:]}"
    return f"{text} {unit}".strip()
