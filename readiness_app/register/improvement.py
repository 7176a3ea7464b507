"""The improvement plan: actions with a lead, a target and a RAG, in two parts.

Part B ("post_report") answers the previous report's findings; part A
("readiness") holds the readiness actions before the next visit. An action
addresses one or more findings (`register/findings.py`).

RAG is derived, never typed: complete when the action is complete; overdue when
its target date has passed and it is not complete; at risk when its lead says so;
"no date" when it has no target date (never "on track": nobody can be on track
for no date); on track when work is under way; otherwise not started. The stored
`status` is only what the lead reports (not started / on track / at risk / complete).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, NamedTuple

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.framework.matcher import match_theme, qs_ids_from
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.validation import choice, name_part, required_text, uk_date
from readiness_app.register.visit_dates import checked_date

PRIORITY = {"H": "High", "M": "Medium", "L": "Low"}
ACTION_STATUS = {
    "not_started": "Not started",
    "on_track": "In progress and on track",
    "at_risk": "At risk",
    "complete": "Complete",
}
RAG = {
    "complete": "Complete",
    "on_track": "On track",
    "at_risk": "At risk",
    "no_date": "No date",
    "overdue": "Overdue",
    "not_started": "Not started",
}
RAG_ORDER = ("overdue", "at_risk", "no_date", "not_started", "on_track", "complete")
PART = {"post_report": "Part B: from the previous report", "readiness": "Part A: readiness before the next visit"}
_PART_WORDS = {
    "b": "post_report",
    "part b": "post_report",
    "post report": "post_report",
    "report": "post_report",
    "a": "readiness",
    "part a": "readiness",
    "readiness": "readiness",
    "pre visit": "readiness",
}
TEXT_FIELDS = ("board", "progress", "description", "lead", "reference")
# Part B runs from the previous report (years before the next visit); part A up to the visit and after.
BEFORE_VISIT_DAYS, AFTER_VISIT_DAYS = 4 * 365, 3 * 365


def _priority(value: object) -> str:
    text = str(value or "").strip()
    if text.upper() in PRIORITY:
        return text.upper()
    return choice(text, PRIORITY, "priority")


def _theme_id(value: object) -> str | None:
    text = str(value or "").strip()
    if not text:
        return None
    theme = match_theme(text)  # names, aliases and ids alike
    if theme is None:
        names = "; ".join(t.name for t in current().themes)
        raise ReadinessError(f"unknown theme {text!r} (use one of: {names})", field="theme")
    return theme.id


def _clean(reg: Register, values: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key == "description":
            clean[key] = required_text(value, "description")
        elif key == "lead":
            if not str(value or "").strip():
                raise ReadinessError("every action needs a lead (a named person or role)", field="lead")
            clean[key] = str(value).strip()
        elif key == "reference":
            clean[key] = name_part(value, "reference")
        elif key == "priority":
            clean[key] = _priority(value)
        elif key == "status":
            clean[key] = choice(value or "not_started", ACTION_STATUS, "status")
        elif key == "target_date":
            clean[key] = checked_date(reg, value, "target_date", before=BEFORE_VISIT_DAYS, after=AFTER_VISIT_DAYS)
        elif key == "part":
            words = " ".join(str(value or "").strip().lower().replace("-", " ").replace("_", " ").split())
            clean[key] = _PART_WORDS.get(words) or choice(value, PART, "part")
        elif key == "qs":
            clean[key] = ",".join(qs_ids_from(value or [])) or None
        elif key == "theme":
            clean[key] = _theme_id(value)
        elif key in TEXT_FIELDS:
            clean[key] = str(value or "").strip()
        else:
            raise ReadinessError(f"unknown improvement action field {key!r}", field=key)
    return clean


def _fill_theme(clean: dict[str, Any], before: dict[str, Any] | None = None) -> None:
    """The theme follows from the QS when not given; a QS from another theme is refused."""
    qs = clean.get("qs", before["qs"] if before else None)
    theme = clean.get("theme", before["theme"] if before else None)
    if not qs:
        return
    themes = {current().theme_of(q).id for q in qs.split(",")}
    if theme is None:
        if len(themes) == 1:
            clean["theme"] = themes.pop()
    elif len(themes) == 1 and theme not in themes:
        qs_theme = current().theme_of(qs.split(",")[0]).name
        raise ReadinessError(f"{qs} belongs to the theme {qs_theme!r}, not the one given", field="theme")


def next_reference(reg: Register, theme: str | None) -> str:
    """'<theme number>.<n>' as in published plans (1.1, 1.2 ... 3.1); '0.n' for cross-cutting actions."""
    number = 0
    if theme:
        number = [t.id for t in current().themes].index(theme) + 1
    used = [
        r[0] for r in reg.query("SELECT reference FROM improvement_action WHERE reference LIKE ?", (f"{number}.%",))
    ]
    highest = max((int(m[1]) for ref in used if (m := re.fullmatch(rf"{number}\.(\d+)", ref))), default=0)
    return f"{number}.{highest + 1}"


def create(reg: Register, **values: Any) -> int:
    values.setdefault("status", "not_started")
    values.setdefault("priority", "M")
    if "lead" not in values:
        raise ReadinessError("every action needs a lead (a named person or role)", field="lead")
    clean = _clean(reg, values)
    if not clean.get("description"):
        raise ReadinessError("description is required", field="description")
    _fill_theme(clean)
    with reg.transaction():
        if not clean.get("reference"):
            clean["reference"] = next_reference(reg, clean.get("theme"))
        elif reg.scalar("SELECT 1 FROM improvement_action WHERE reference = ?", (clean["reference"],)):
            raise ReadinessError(f"reference {clean['reference']} is already used", field="reference")
        return records.insert(reg, "improvement_action", clean)


def resolve(reg: Register, ref: int | str) -> int:
    """An action id: an int is an id; text is a reference ('2.3'), or an id if no reference matches."""
    row_id = None
    if isinstance(ref, int):
        row_id = reg.scalar("SELECT id FROM improvement_action WHERE id = ?", (ref,))
    else:
        row_id = reg.scalar("SELECT id FROM improvement_action WHERE reference = ?", (str(ref).strip(),))
        if row_id is None and str(ref).strip().isdigit():
            row_id = reg.scalar("SELECT id FROM improvement_action WHERE id = ?", (int(str(ref).strip()),))
    if row_id is None:
        raise ReadinessError(f"no improvement action with reference or id {ref!r}", field="reference")
    return int(row_id)


def update(
    reg: Register, ref: int | str, *, note: str = "", today: date | None = None, **values: Any
) -> dict[str, Any]:
    """Change fields; `note` appends a dated line to the progress notes."""
    clean = _clean(reg, values)
    with reg.transaction():
        action_id = resolve(reg, ref)
        before = records.get(reg, "improvement_action", action_id)
        if (
            clean.get("reference")
            and clean["reference"] != before["reference"]
            and reg.scalar("SELECT 1 FROM improvement_action WHERE reference = ?", (clean["reference"],))
        ):
            raise ReadinessError(f"reference {clean['reference']} is already used", field="reference")
        if "reference" in clean and not clean["reference"]:
            raise ReadinessError("the reference cannot be blank", field="reference")
        _fill_theme(clean, before)
        if note.strip():
            stamp = f"{uk_date(today or clock.today())}: {note.strip()}"
            old = clean.get("progress", before["progress"])
            clean["progress"] = f"{old}\n{stamp}".strip()
        return records.update(reg, "improvement_action", action_id, clean) if clean else {}


def delete(reg: Register, ref: int | str) -> None:
    with reg.transaction():
        records.delete(reg, "improvement_action", resolve(reg, ref))


def rag(row: dict[str, Any], today: date) -> str:
    if row["status"] == "complete":
        return "complete"
    if row["target_date"] and row["target_date"] < today.isoformat():
        return "overdue"
    if row["status"] == "at_risk":
        return "at_risk"
    if not row["target_date"]:
        return "no_date"
    return str(row["status"])


def _ref_key(ref: str) -> tuple[Any, ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\s]+", ref))


def list_actions(
    reg: Register,
    *,
    today: date | None = None,
    theme: str | None = None,
    rag_filter: str | None = None,
    lead: str | None = None,
    part: str | None = None,
) -> list[dict[str, Any]]:
    """Actions in plan order (part B then A, theme, reference) with derived `rag`, `qs` list, findings, flags."""
    today = today or clock.today()
    themes = [t.id for t in current().themes]
    rows = [dict(r) for r in reg.query("SELECT * FROM improvement_action")]
    addressed: dict[int, list[int]] = {}
    for action_id, finding_id in reg.query("SELECT action_id, finding_id FROM action_finding ORDER BY finding_id"):
        addressed.setdefault(action_id, []).append(finding_id)
    wanted_part = _clean(reg, {"part": part})["part"] if part else None
    wanted_theme = _theme_id(theme) if theme else None
    wanted_rag = choice(rag_filter, RAG, "rag") if rag_filter else None
    out = []
    for row in rows:
        row["qs"] = [q for q in (row["qs"] or "").split(",") if q]
        row["rag"] = rag(row, today)
        row["theme_name"] = current().themes[themes.index(row["theme"])].name if row["theme"] in themes else ""
        row["flags"] = [] if row["target_date"] or row["status"] == "complete" else ["no target date"]
        row["part_label"] = PART[row["part"]]
        row["findings"] = addressed.get(row["id"], [])
        if wanted_part and row["part"] != wanted_part:
            continue
        if wanted_theme and row["theme"] != wanted_theme:
            continue
        if wanted_rag and row["rag"] != wanted_rag:
            continue
        if lead and lead.lower() not in row["lead"].lower():
            continue
        out.append(row)
    parts = list(PART)
    out.sort(
        key=lambda r: (
            parts.index(r["part"]),
            themes.index(r["theme"]) if r["theme"] in themes else -1,
            _ref_key(r["reference"]),
        )
    )
    return out


def get(reg: Register, ref: int | str, today: date | None = None) -> dict[str, Any]:
    action_id = resolve(reg, ref)
    return next(r for r in list_actions(reg, today=today) if r["id"] == action_id)


def rag_counts(reg: Register, today: date | None = None) -> dict[str, int]:
    day = today or clock.today()
    counts = dict.fromkeys(("complete", "overdue", "at_risk", "no_date", "on_track", "not_started"), 0)
    rows = reg.query("SELECT status, target_date FROM improvement_action")
    for status, target in rows:
        counts[rag({"status": status, "target_date": target}, day)] += 1
    return {"total": sum(counts.values()), **counts}


class ActionRow(NamedTuple):
    """An improvement action as a line of a table: the plan page's rows and the plan spreadsheet's."""

    id: int
    ref: str
    theme: str  # the CQC theme's name, or "Across the themes"
    qs: str  # "QS1, QS3"
    description: str
    priority: str  # H, M or L
    lead: str
    target: str  # ISO date or ""
    rag: str  # as people read it: "On track", "Overdue" ...
    board: str
    rag_key: str
    progress: str


def action_rows(reg: Register, today: date) -> list[ActionRow]:
    """Every action as a table line, in plan order, its RAG worked out for `today`."""
    return [
        ActionRow(
            a["id"],
            a["reference"],
            a["theme_name"] or "Across the themes",
            ", ".join(a["qs"]),
            a["description"],
            a["priority"],
            a["lead"],
            a["target_date"] or "",
            RAG[a["rag"]],
            a["board"],
            a["rag"],
            a["progress"],
        )
        for a in list_actions(reg, today=today)
    ]
