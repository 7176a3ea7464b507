"""Case tracking: coded cases, their criteria, stage and consent."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework.matcher import parse_qs_list
from readiness_app.register import records
from readiness_app.register.connection import Register
from readiness_app.register.reads import reads
from readiness_app.register.validation import choice, parse_date
from readiness_app.register.vocabulary import CONSENT, CONTACT, SHORTLIST_STAGES, STAGE

# A coded reference: letters, digits and - _ / . only, 2-32 long; no spaces so a
# full name ("Jane Smith") cannot be typed in by mistake.
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/.]{1,31}$")


def validate_code(code: object) -> str:
    text = str(code or "").strip()
    if not text:
        raise ReadinessError("a coded reference is required", field="code")
    if not _CODE.match(text):
        raise ReadinessError(
            f"{text!r} is not a coded reference (letters, digits and - _ / . only, no spaces or names)",
            field="code",
        )
    return text


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "code" in clean:
        clean["code"] = validate_code(clean["code"])
    if "stage" in clean:
        clean["stage"] = choice(clean["stage"], STAGE, "stage")
    if "consent" in clean:
        clean["consent"] = choice(clean["consent"], CONSENT, "consent")
    if "contact" in clean:
        clean["contact"] = choice(clean["contact"], CONTACT, "contact") if clean["contact"] else ""
    for key in ("consent_date", "records_shared_date"):
        if key in clean:
            clean[key] = parse_date(clean[key], key)
    for key in ("team", "notes", "cqc_agreed_by"):
        if key in clean:
            clean[key] = str(clean[key] or "").strip()
    return clean


def _check_unique(reg: Register, code: str, exclude_id: int | None = None) -> None:
    other = find_by_code(reg, code)
    if other is not None and other != exclude_id:
        raise ReadinessError(f"case code {code!r} is already used", field="code")


def create(
    reg: Register, code: str, *, criteria: Sequence[str] = (), qs: Sequence[str] | str = (), **values: Any
) -> int:
    clean = _clean({"code": code, **values})
    qs_ids = parse_qs_list(qs) if isinstance(qs, str) else list(qs)
    with reg.transaction():
        _check_unique(reg, clean["code"])
        case_id = records.insert(reg, "tracked_case", clean)
        set_criteria(reg, case_id, list(criteria))
        records.set_links(
            reg, "case_qs", "case_id", case_id, "qs", qs_ids, audit_table="tracked_case", audit_field="qs"
        )
    return case_id


def update(
    reg: Register, case_id: int, *, criteria: list[str] | None = None, qs: list[str] | None = None, **values: Any
) -> dict[str, Any]:
    clean = _clean(values)
    with reg.transaction():
        if "code" in clean:
            _check_unique(reg, clean["code"], exclude_id=case_id)
        changes = records.update(reg, "tracked_case", case_id, clean) if clean else {}
        if criteria is not None:
            set_criteria(reg, case_id, criteria)
        if qs is not None:
            records.set_links(
                reg, "case_qs", "case_id", case_id, "qs", qs, audit_table="tracked_case", audit_field="qs"
            )
    return changes


def set_criteria(reg: Register, case_id: int, criteria: list[str]) -> None:
    tags = [t.strip().lower() for t in criteria if t and t.strip()]
    records.set_links(
        reg, "case_criterion", "case_id", case_id, "tag", tags, audit_table="tracked_case", audit_field="criteria"
    )


def get(reg: Register, case_id: int) -> dict[str, Any]:
    row = records.get(reg, "tracked_case", case_id)
    row["criteria"] = records.links(reg, "case_criterion", "case_id", case_id, "tag")
    row["qs"] = records.links(reg, "case_qs", "case_id", case_id, "qs")
    return row


def find_by_code(reg: Register, code: str) -> int | None:
    return reg.scalar("SELECT id FROM tracked_case WHERE code = ? COLLATE NOCASE", (code.strip(),))


@reads("tracked_case", "case_criterion", "case_qs", "session")
def list_cases(reg: Register, stage: str | None = None) -> list[dict[str, Any]]:
    """All cases with criteria, QS and linked session ids, in code order."""
    rows = [dict(r) for r in reg.query("SELECT * FROM tracked_case ORDER BY code")]
    crit: dict[int, list[str]] = {}
    for r in reg.query("SELECT case_id, tag FROM case_criterion ORDER BY tag"):
        crit.setdefault(r[0], []).append(r[1])
    qs: dict[int, list[str]] = {}
    for r in reg.query("SELECT case_id, qs FROM case_qs ORDER BY qs"):
        qs.setdefault(r[0], []).append(r[1])
    sessions: dict[int, list[int]] = {}
    for r in reg.query("SELECT case_id, id FROM session WHERE case_id IS NOT NULL ORDER BY date, start"):
        sessions.setdefault(r[0], []).append(r[1])
    for row in rows:
        row["criteria"] = crit.get(row["id"], [])
        row["qs"] = qs.get(row["id"], [])
        row["sessions"] = sessions.get(row["id"], [])
    if stage:
        rows = [r for r in rows if r["stage"] == stage]
    return rows


# ---------------------------------------------------------------- consent and replacement

# Consent that may still come: a shortlisted case in one of these states is awaiting it.
CONSENT_PENDING = ("not_sought", "requested")


def awaiting_consent(case: dict[str, Any]) -> bool:
    """Shortlisted and consent may still come (a refusal is not "awaiting": it closes the route)."""
    return case["stage"] in SHORTLIST_STAGES and case["consent"] in CONSENT_PENDING


def needs_replacing(case: dict[str, Any]) -> bool:
    """Shortlisted but consent was declined: withdraw it and promote a reserve."""
    return case["stage"] in SHORTLIST_STAGES and case["consent"] == "declined"


def declined_codes(reg: Register) -> list[str]:
    marks = ",".join("?" * len(SHORTLIST_STAGES))
    return [
        r[0]
        for r in reg.query(
            f"SELECT code FROM tracked_case WHERE stage IN ({marks}) AND consent = 'declined' ORDER BY code",
            SHORTLIST_STAGES,
        )
    ]


@reads("session", "tracked_case")
def sessions_on_withdrawn(reg: Register) -> list[dict[str, Any]]:
    """Sessions (not cancelled) still linked to a withdrawn case: each needs re-linking or cancelling."""
    return [
        dict(r)
        for r in reg.query(
            "SELECT s.id, s.date, s.start, s.title, c.code FROM session s JOIN tracked_case c ON c.id = s.case_id"
            " WHERE c.stage = 'withdrawn' AND s.status != 'cancelled' ORDER BY s.date, s.start, s.id"
        )
    ]


def withdrawn_session_message(row: dict[str, Any]) -> str:
    return (
        f"session {row['id']} ({row['date']} {row['start']}) is still linked to withdrawn case {row['code']}: "
        "link it to another case or cancel it"
    )


def promote(
    reg: Register,
    reserve_code: str,
    replacing_code: str,
    *,
    agreed_by: str,
    consent_pending: bool = False,
) -> dict[str, Any]:
    """Promote a reserve in place of a case that cannot go ahead, in one transaction.

    CQC chooses the cases, so the swap is one CQC agreed: `agreed_by` names who at CQC,
    and the time is recorded with it (the case-tracking summary prints both). A reserve
    whose consent is not given is refused unless `consent_pending` says it is being sought.
    The reserve becomes selected; the replaced case is withdrawn; its sessions that
    have not happened move to the new case (titles naming the old code follow),
    unless the new case already has a session of its own, when they stay and are
    flagged by `sessions_on_withdrawn`. Returns what changed.
    """
    from readiness_app import clock

    agreed_by = " ".join(str(agreed_by or "").split())
    if not agreed_by:
        raise ReadinessError(
            "say who at CQC agreed the swap", "CQC chooses the cases: name the person who agreed it", field="agreed_by"
        )
    with reg.transaction():
        new_id = find_by_code(reg, validate_code(reserve_code))
        old_id = find_by_code(reg, validate_code(replacing_code))
        if new_id is None:
            raise ReadinessError(f"no case with code {reserve_code!r}", field="reserve")
        if old_id is None:
            raise ReadinessError(f"no case with code {replacing_code!r}", field="replacing")
        if new_id == old_id:
            raise ReadinessError("a case cannot replace itself", field="reserve")
        new, old = get(reg, new_id), get(reg, old_id)
        if new["stage"] != "reserve":
            raise ReadinessError(
                f"case {new['code']} is {STAGE[new['stage']].lower()}, not a reserve",
                "choose one of CQC's reserve cases",
                field="reserve",
            )
        if old["stage"] == "withdrawn":
            raise ReadinessError(f"case {old['code']} is already withdrawn", field="replacing")
        if new["consent"] == "declined":
            raise ReadinessError(f"consent for case {new['code']} was declined: it cannot be tracked", field="reserve")
        if new["consent"] not in ("given", "not_required") and not consent_pending:
            raise ReadinessError(
                f"consent for case {new['code']} is {CONSENT[new['consent']].lower()}, not given",
                "promote a reserve whose consent is given, or say consent is pending (--consent-pending) "
                "and share no records until it is given",
                field="reserve",
            )
        update(reg, old_id, stage="withdrawn")
        update(
            reg,
            new_id,
            stage="selected",
            cqc_agreed_by=agreed_by,
            cqc_agreed_at=clock.now().replace(second=0, microsecond=0).isoformat(timespec="minutes"),
        )
        own = reg.scalar("SELECT COUNT(*) FROM session WHERE case_id = ? AND status != 'cancelled'", (new_id,))
        moved, flagged = [], []
        for row in reg.query(
            "SELECT id, title, status FROM session WHERE case_id = ? AND status != 'cancelled' ORDER BY date, start",
            (old_id,),
        ):
            if own or row[2] == "held":
                flagged.append(row[0])
                continue
            values: dict[str, Any] = {"case_id": new_id}
            if old["code"] in row[1]:
                values["title"] = row[1].replace(old["code"], new["code"])
            records.update(reg, "session", row[0], values)
            moved.append(row[0])
    return {
        "promoted": new["code"],
        "withdrawn": old["code"],
        "sessions_moved": moved,
        "sessions_flagged": flagged,
        "agreed_by": agreed_by,
        "consent": new["consent"],
    }


def declined_with_sessions(reg: Register) -> list[tuple[str, int]]:
    """(code, session id) for shortlisted cases whose consent was declined but whose session is still booked."""
    marks = ",".join("?" * len(SHORTLIST_STAGES))
    return [
        (r[0], r[1])
        for r in reg.query(
            f"SELECT c.code, s.id FROM tracked_case c JOIN session s ON s.case_id = c.id WHERE c.stage IN ({marks})"
            " AND c.consent = 'declined' AND s.status != 'cancelled' ORDER BY c.code, s.id",
            SHORTLIST_STAGES,
        )
    ]


# How close to the visit (in working days) a tracked case still waiting for consent, or for its
# records to be shared, becomes a problem: the conversations cannot be arranged without both.
CONSENT_WARNING_WORKING_DAYS = 5


def consent_deadline_problems(reg: Register, today: date) -> list[str]:
    """Selected and tracked cases whose consent is still pending, or whose records are not yet shared,
    when the on-site visit starts within CONSENT_WARNING_WORKING_DAYS working days (dashboard and `check`)."""
    from readiness_app.register import assessment
    from readiness_app.register.workdays import working_days_between

    onsite = assessment.onsite_days(reg)
    if not onsite or today.isoformat() > onsite[-1]:
        return []
    if (date.fromisoformat(onsite[0]) - today).days > 3 * CONSENT_WARNING_WORKING_DAYS:
        return []  # far off: no need to load the bank holidays (the dashboard calls this on every refresh)
    left = working_days_between(today, onsite[0]) if today.isoformat() < onsite[0] else 0
    if left > CONSENT_WARNING_WORKING_DAYS:
        return []
    when = "the visit has begun" if left == 0 else f"the visit starts in {left} working day{'s' * (left != 1)}"
    problems = []
    for r in reg.query(
        "SELECT code, consent, records_shared_date FROM tracked_case WHERE stage IN ('selected', 'tracked')"
        " ORDER BY code"
    ):
        if r["consent"] in CONSENT_PENDING:
            problems.append(
                f"case {r['code']}: consent is {CONSENT[r['consent']].lower()} and {when}; "
                "chase it, or agree a reserve with CQC"
            )
        elif r["consent"] in ("given", "not_required") and not r["records_shared_date"]:
            problems.append(f"case {r['code']}: records not yet shared with CQC and {when}")
    return problems
