"""The assessment timeline: CQC's milestones and the council's own, each with a date, an owner and a status.

Some dates live elsewhere and are read from there, never copied: the notification,
information return and draft report dates are fields of the assessment; the on-site
and virtual days are the visit days; the factual accuracy deadline is worked out
(10 working days after the draft report arrives) and so follows its input. The
`milestone` table holds the other dates, and every owner and status.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.register import assessment, records
from readiness_app.register.connection import Register
from readiness_app.register.validation import choice, parse_date, required_text

MILESTONE_STATUS = {"planned": "Planned", "done": "Done"}
# Whose milestone it is, said in words wherever the timeline shows or prints.
WHOSE = {"council": "Council", "cqc": "CQC"}
# The council's own deadlines among the standard milestones (the rest are CQC's dates).
# (CQC sets the factual accuracy deadline, but the response is the council's to send.)
COUNCIL_KEYS = frozenset({"info_return_submitted", "case_list_due", "consent_deadline", "fa_due", "plan_due"})
# Dates recorded when the thing happens (a notice arrives, a report is published, the visit days pass):
# once the day has come, the milestone is done; nobody has to tick it.
EVENT_KEYS = frozenset({"first_notice", "notification", "onsite", "virtual", "draft_received", "publication"})
# CQC's own deadlines: once the day has gone by they have passed, and are nobody's to tick; whether the council
# met them is its own milestone ("Information return submitted", which follows the return's items).
CQC_DEADLINES = frozenset({"info_return_due"})

# key: (title, where the date comes from). "stored": the milestone table; "assessment:<field>";
# "visit:<kind>": the visit days; "derived": worked out from other dates.
STANDARD: dict[str, tuple[str, str]] = {
    "first_notice": ("CQC's first notice (assessment expected)", "stored"),
    "notification": ("CQC notification of the on-site visit", "assessment:notification_date"),
    "info_return_due": ("Information return due", "assessment:lair_due_date"),
    "info_return_submitted": ("Information return submitted", "stored"),
    "case_list_due": ("Case list due to CQC", "stored"),
    "consent_deadline": ("Consent deadline for tracked cases", "stored"),
    "setup_meeting": ("Set-up meeting with CQC", "stored"),
    "onsite": ("On-site days", "visit:onsite"),
    "virtual": ("Virtual days", "visit:virtual"),
    "draft_received": ("Draft report received", "assessment:fa_received_date"),
    "fa_due": ("Factual accuracy response due", "derived"),
    "publication": ("Report published", "assessment:published_date"),
    "plan_due": ("Improvement plan due", "stored"),
}
_WHERE_SET = {
    "visit": "it follows the visit days: change them in the register settings (--set onsite_start=...)",
    "derived": "it is 10 working days after the draft report is received: set 'draft_received' instead",
}


def milestones(reg: Register, today: date | None = None) -> list[dict[str, Any]]:
    """Every milestone, dated ones in date order, then those with no date yet (standard ones first)."""
    stored = {r["key"] or f"#{r['id']}": dict(r) for r in reg.query("SELECT * FROM milestone")}
    details = assessment.get(reg)
    visit = assessment.visit_days(reg)
    out = []
    for key, (title, source) in STANDARD.items():
        row = stored.pop(key, {})
        item = {
            "id": row.get("id"),
            "key": key,
            "title": title,
            "date": row.get("date"),
            "end": None,
            "owner": row.get("owner", ""),
            "status": row.get("status", "planned"),
            "notes": row.get("notes", ""),
            "source": source.split(":")[0],
            "whose": default_whose(key),  # a standard milestone's owner is fixed by what it is
        }
        if source.startswith("assessment:"):
            item["date"] = details[source.split(":")[1]]
        elif source.startswith("visit:"):
            days = [d["date"] for d in visit if d["kind"] == source.split(":")[1]]
            item["date"], item["end"] = (days[0], days[-1]) if days else (None, None)
            item["days"] = days
        elif source == "derived":
            item["date"] = _fa_due(reg, today)
        out.append(item)
    _previous_report(out)
    for row in stored.values():
        out.append({**row, "end": None, "source": "own", "key": None})
    _submitted_from_items(reg, out)
    day = (today or clock.today()).isoformat()
    for item in out:
        item["whose_label"] = WHOSE[item["whose"]]
        if item["key"] in EVENT_KEYS and item["date"] and (item["end"] or item["date"]) < day:
            item["status"] = "done"
        item["status_label"] = MILESTONE_STATUS[item["status"]]
        if item["key"] in CQC_DEADLINES and item["date"] and item["date"] < day:
            item["status"], item["status_label"] = "done", "Passed"
        if item.get("items") and item["status"] == "planned":
            item["status_label"] = item["items_short"]  # "26/30 submitted": how far it has got
        item["flags"] = []
        if item["date"] is None:
            item["flags"].append("no date yet")
        elif item["status"] == "planned" and (item["end"] or item["date"]) < day:
            item["status_label"] = "Date passed"  # never "Planned" for a day gone by
            item["flags"].append("the date has passed: mark it done or change the date")
    # An undated standard milestone keeps its place in the sequence (after the one before it), flagged.
    order = {key: n for n, key in enumerate(STANDARD)}
    placed: dict[str, str] = {}
    previous = ""
    for m in sorted((m for m in out if m["key"]), key=lambda m: order[m["key"]]):
        previous = max(previous, m["date"] or previous)
        placed[m["key"]] = m["date"] or previous
    return sorted(
        out,
        key=lambda m: (
            not (m["date"] or placed.get(m["key"] or "")),
            m["date"] or placed.get(m["key"] or "", "") or "",
            order.get(m["key"], 99),
        ),
    )


def _previous_report(out: list[dict[str, Any]]) -> None:
    """A report published before this cycle's notice is the previous assessment's (the re-assessment's baseline),
    not this visit's report: say so, rather than show this visit's report as already out."""
    dates = {m["key"]: m["date"] for m in out if m["key"]}
    started = dates.get("first_notice") or dates.get("notification")
    for m in out:
        if m["key"] == "publication" and m["date"] and started and m["date"] < started:
            m["title"] = "Previous report published (the baseline)"


def default_whose(key: str | None, title: str = "") -> str:
    """'council' or 'cqc': a standard milestone's from its key; the council's own is the council's
    unless its title starts with "CQC" (the same rule the upgrade used for existing rows)."""
    if key:
        return "council" if key in COUNCIL_KEYS else "cqc"
    return "cqc" if title.strip().lower().startswith("cqc") else "council"


def _submitted_from_items(reg: Register, out: list[dict[str, Any]]) -> None:
    """'Information return submitted' follows from the return's items: done when every item is submitted."""
    total, submitted = reg.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(status = 'submitted'), 0) FROM return_item"
    ).fetchone()
    if not total:
        return
    for item in out:
        if item["key"] == "info_return_submitted":
            item["status"] = "done" if submitted == total else "planned"
            item["items"] = f"{submitted} of {total} items submitted"
            item["items_short"] = f"{submitted}/{total} submitted"  # a status column's width


def _fa_due(reg: Register, today: date | None) -> str | None:
    from readiness_app.register import accuracy

    return accuracy.deadline(reg, today)["deadline"]


def find(reg: Register, which: str) -> dict[str, Any]:
    """A milestone by key ('case_list_due'), title (any case) or, for the council's own, id."""
    text = str(which or "").strip()
    wanted = text.lower().replace("-", "_").replace(" ", "_")
    every = milestones(reg)
    for m in every:
        if m["key"] == wanted or m["title"].lower() == text.lower() or (m["key"] is None and str(m["id"]) == text):
            return m
    keys = ", ".join(STANDARD)
    hint = f"use one of {keys}, the title of your own milestone or its id"
    raise ReadinessError(f"no milestone {text!r}", hint=hint, field="milestone")


def set_milestone(
    reg: Register,
    which: str,
    *,
    date: object = ...,
    owner: object = ...,
    status: object = ...,
    title: object = ...,
    whose: object = ...,
) -> dict[str, Any]:
    """Change a milestone's date, owner, status (or, for the council's own, title and whose it is)."""
    m = find(reg, which)
    values: dict[str, Any] = {}
    if whose is not ... and _whose(whose) != m["whose"]:
        if m["key"]:
            theirs = "the council's" if m["whose"] == "council" else "CQC's"
            raise ReadinessError(f"{m['title']!r} is {theirs} milestone; that is fixed", field="whose")
        values["whose"] = _whose(whose)
    if owner is not ...:
        values["owner"] = str(owner or "").strip()
    if status is not ...:
        values["status"] = choice(status or "planned", MILESTONE_STATUS, "status")
    if title is not ...:
        if m["key"]:
            raise ReadinessError(f"{m['title']!r} is a standard milestone; its title is fixed", field="title")
        values["title"] = required_text(title, "title")
    if date is not ...:
        if m["source"] in _WHERE_SET:
            raise ReadinessError(f"the date of {m['title']!r} cannot be typed in", hint=_WHERE_SET[m["source"]])
        day = parse_date(date, "date")
        if m["source"] == "assessment":
            field = STANDARD[m["key"]][1].split(":")[1]
            if field == "fa_received_date":
                from readiness_app.register import accuracy

                accuracy.set_received(reg, day)
            else:
                assessment.update(reg, **{field: day})
        else:
            values["date"] = day
    if values:
        with reg.transaction():
            if m["id"] is None:
                records.insert(reg, "milestone", {"key": m["key"], "title": m["title"], "whose": m["whose"], **values})
            else:
                records.update(reg, "milestone", m["id"], values)
    return find(reg, m["key"] or str(m["id"]))


def _whose(value: object) -> str:
    """'council' or 'cqc' from the key or its label, any case ("CQC", "Council")."""
    return choice(value, WHOSE, "whose")


def add(
    reg: Register, title: str, day: object, *, owner: str = "", status: str = "planned", whose: object = None
) -> int:
    """Add a milestone of the council's choosing (a briefing, mock interviews, board sign-off, or a date
    CQC gave that is not one of the standard ones); whose it is follows the title unless given."""
    clean = {
        "title": required_text(title, "title"),
        "date": parse_date(day, "date", required=True),
        "owner": str(owner or "").strip(),
        "status": choice(status or "planned", MILESTONE_STATUS, "status"),
    }
    clean["whose"] = _whose(whose) if whose else default_whose(None, clean["title"])
    if clean["title"].lower() in {t.lower() for t, _ in STANDARD.values()}:
        raise ReadinessError(f"{clean['title']!r} is already on the timeline; set its date instead", field="title")
    with reg.transaction():
        return records.insert(reg, "milestone", clean)


def remove(reg: Register, which: str) -> None:
    """Remove one of the council's own milestones (CQC's stay; clear their date instead)."""
    m = find(reg, which)
    if m["key"]:
        raise ReadinessError(f"{m['title']!r} is one of CQC's milestones and stays on the timeline")
    with reg.transaction():
        records.delete(reg, "milestone", m["id"])


def next_milestone(reg: Register, today: date | None = None) -> dict[str, Any] | None:
    """The first planned milestone on or after today (a range counts until its last day)."""
    today_iso = (today or clock.today()).isoformat()
    for m in milestones(reg, today):
        if m["status"] == "planned" and m["date"] and (m["end"] or m["date"]) >= today_iso:
            return m
    return None
