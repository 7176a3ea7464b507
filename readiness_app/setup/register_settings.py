"""Register settings: the council, the visit days, the protective marking, the evidence folder, the reminders.

    changes = parse_assignments(["onsite_start=2027-01-12", "virtual_days=1"])
    preview = plan(reg, changes)          # what would change, sessions left outside, warnings
    apply(reg, changes, force=True)       # everything in one transaction

The visit days are worked out from the first on-site day and the numbers of
on-site and virtual days, over working days (`register.workdays`). A change that
would leave sessions outside the visit is refused unless forced, naming them.
Moving the evidence folder reconciles the new folder: items found there (same
relative path, or the same content elsewhere) keep their id, tags and links.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register import assessment, sessions, workdays
from readiness_app.register.connection import Register
from readiness_app.register.rooms import describe_sessions
from readiness_app.register.validation import long_date, parse_date
from readiness_app.reports import bulletin
from readiness_app.safety.location import refuse_inside_evidence

KEYS = {
    "council": "the council's name",
    "onsite_start": "the first on-site day",
    "onsite_days": "the number of on-site working days (1-10)",
    "virtual_days": "the number of virtual days after the on-site days (0-10)",
    "marking": "the protective marking printed on documents (blank for none)",
    "evidence_folder": "the shared evidence folder",
    "reminders": "the bulletin's reminders, separated by ' | ' (blank for the standard ones)",
    "invitation_contact": "who people and carers ask for adjustments, printed on invitations (blank for the default)",
    "invitation_expenses": "how expenses are paid, printed on invitations (blank for the default)",
    "dass": "the Director of Adult Social Services, named on the checklist's sign-off (blank: nobody named)",
}
DASS_SETTING = "dass"
REMINDER_SEPARATOR = " | "


def current(reg: Register) -> dict[str, Any]:
    """The settings as they are now."""
    details = assessment.get(reg)
    days = assessment.visit_days(reg)
    onsite = [d["date"] for d in days if d["kind"] == "onsite"]
    folder = assessment.evidence_folder(reg)
    return {
        "council": details["council"],
        "onsite_start": onsite[0] if onsite else None,
        "onsite_days": len(onsite),
        "virtual_days": sum(d["kind"] == "virtual" for d in days),
        "marking": details["marking"] or "",
        "evidence_folder": str(folder) if folder else None,
        "reminders": bulletin.reminders(reg),
        "invitation_contact": assessment.setting(reg, "invitation.contact") or "",
        "invitation_expenses": assessment.setting(reg, "invitation.expenses") or "",
        "dass": assessment.setting(reg, DASS_SETTING) or "",
        "visit_days": days,
    }


def parse_assignments(items: list[str]) -> dict[str, str]:
    """KEY=VALUE pairs from the command line; an unknown key is refused, listing the keys."""
    changes: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().lower().replace("-", "_")
        if not sep:
            raise ReadinessError(f"{item!r} is not KEY=VALUE", hint=f"keys: {', '.join(KEYS)}")
        if key not in KEYS:
            raise ReadinessError(f"there is no setting {key!r}", hint=f"keys: {', '.join(KEYS)}", field=key)
        changes[key] = value.strip()
    return changes


def _count(value: object, key: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ReadinessError(f"{key.replace('_', ' ')} must be a whole number (got {value!r})", field=key) from None
    if not low <= number <= high:
        raise ReadinessError(f"{key.replace('_', ' ')} must be between {low} and {high}", field=key)
    return number


def _clean(reg: Register, changes: dict[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for key, value in changes.items():
        if key == "council":
            clean[key] = str(value or "").strip()
            if not clean[key]:
                raise ReadinessError("the council's name is required", field="council")
        elif key == "onsite_start":
            clean[key] = parse_date(value, "onsite_start", required=True)
        elif key == "onsite_days":
            clean[key] = _count(value, key, 1, 10)
        elif key == "virtual_days":
            clean[key] = _count(value, key, 0, 10)
        elif key == "dass":
            clean[key] = " ".join(str(value or "").split())
        elif key == "marking":
            from readiness_app.reports.document import marking_problem

            clean[key] = " ".join(str(value or "").split())
            problem = marking_problem(clean[key])
            if problem:  # refused at entry, never run off the page
                raise ReadinessError(problem, field="marking")
        elif key == "evidence_folder":
            clean[key] = _evidence_folder(reg, value)
        elif key in ("invitation_contact", "invitation_expenses"):
            clean[key] = " ".join(str(value or "").split())
        elif key == "reminders":
            lines = value if isinstance(value, list) else str(value or "").split(REMINDER_SEPARATOR.strip())
            clean[key] = [line.strip() for line in lines if line.strip()]
        else:
            raise ReadinessError(f"there is no setting {key!r}", hint=f"keys: {', '.join(KEYS)}", field=key)
    return clean


def _evidence_folder(reg: Register, value: object) -> str:
    from readiness_app.evidence.folder import FolderUnreachable, check_root

    text = str(value or "").strip()
    if not text:
        raise ReadinessError("choose the evidence folder", field="evidence_folder")
    folder = Path(text).expanduser().resolve()
    try:
        check_root(folder)
    except FolderUnreachable as exc:
        raise ReadinessError(str(exc), hint="create the folder or choose another", field="evidence_folder") from None
    refuse_inside_evidence(reg.path.resolve(), folder, field="evidence_folder")
    return str(folder)


def plan(reg: Register, changes: dict[str, Any]) -> dict[str, Any]:
    """Check the changes and say what they would do, writing nothing.

    Returns {"values": clean values, "visit_days": new days or None, "outside": sessions the new
    visit would leave outside it, "warnings": [...], "changed": keys whose value really changes}.
    """
    clean = _clean(reg, changes)
    now = current(reg)
    new_days = None
    if {"onsite_start", "onsite_days", "virtual_days"} & set(clean):
        start = clean.get("onsite_start", now["onsite_start"])
        if not start:
            raise ReadinessError("set the first on-site day (onsite_start) as well", field="onsite_start")
        onsite = clean.get("onsite_days", now["onsite_days"] or 3)
        virtual = clean.get("virtual_days", now["virtual_days"])
        new_days = workdays.visit_days(start, onsite, virtual)
        if new_days == {d["date"]: d["kind"] for d in now["visit_days"]}:
            new_days = None
    changed = [k for k, v in clean.items() if v != now[k]]
    if new_days is None:
        changed = [k for k in changed if k not in ("onsite_start", "onsite_days", "virtual_days")]
    warnings = []
    outside: list[str] = []
    if new_days is not None:
        warning = workdays.christmas_warning(new_days)
        if warning:
            warnings.append(warning)
        outside = sessions_outside(reg, set(new_days), {d["date"] for d in now["visit_days"]})
    return {"values": clean, "visit_days": new_days, "outside": outside, "warnings": warnings, "changed": changed}


def sessions_outside(reg: Register, new_days: set[str], old_days: set[str]) -> list[str]:
    """Sessions on a day of the visit as it is (any day, if none is set) that the new visit days leave out."""
    rows = sessions.dates_times_titles(reg)
    return [
        f"{long_date(r[0])} {r[1]} {r[2]}" for r in rows if r[0] not in new_days and (not old_days or r[0] in old_days)
    ]


def apply(reg: Register, changes: dict[str, Any], *, force: bool = False) -> dict[str, Any]:
    """Make the changes in one transaction. Refused (naming them) if sessions would fall outside the visit.

    Returns the plan plus "evidence": the reconcile summary when the folder moved.
    """
    preview = plan(reg, changes)
    if preview["outside"] and not force:
        count = len(preview["outside"])
        raise ReadinessError(
            f"the new visit days would leave {count} session{'s' if count > 1 else ''} outside the visit: "
            f"{describe_sessions(preview['outside'])}",
            hint="move those sessions first, or confirm (--force on the command line)",
            field="onsite_start",
        )
    values = preview["values"]
    result = {**preview, "evidence": None}
    with reg.transaction():
        if "evidence_folder" in preview["changed"]:
            from readiness_app.evidence.reconcile import reconcile

            # The same files in the new folder keep their items (same path, or moved: same content).
            result["evidence"] = reconcile(reg, values["evidence_folder"], source=reg.source).summary()
        if preview["visit_days"] is not None:
            assessment.set_visit_days(reg, preview["visit_days"])
        fields = {k: values[k] for k in ("council", "marking", "evidence_folder") if k in preview["changed"]}
        if fields:
            assessment.update(reg, **fields)
        if "reminders" in preview["changed"]:
            bulletin.set_reminders(reg, values["reminders"])
        for key in ("invitation_contact", "invitation_expenses"):
            if key in preview["changed"]:
                assessment.set_setting(reg, key.replace("_", ".", 1), values[key] or None)
        if "dass" in preview["changed"]:
            assessment.set_setting(reg, DASS_SETTING, values["dass"] or None)
    return result
