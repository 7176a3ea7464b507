"""The checklist's version, its changes since the last printed version, and the sign-off block.

A director signs a particular version. Each print compares what the checklist
says now with what the last printed version said (kept in the register as a
small snapshot): unchanged, it keeps that number; changed, it is the next
number, with a short list of what moved.
"""

from __future__ import annotations

from typing import Any

from readiness_app.register import printing
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date
from readiness_app.reports import flowables as F

DOCUMENT = "checklist"
SIGNATORIES = (
    ("Director of Adult Social Services", ("director of adult social services", "dass")),
    ("Senior responsible officer", ("senior responsible officer", "sro")),
    ("Assurance lead", ("assurance lead", "cqc lead", "assurance manager")),
)
MAX_CHANGES = 8  # a short list: the rest is summarised as a count


def snapshot(data: dict[str, Any], sa_rows: dict[str, dict[str, Any]], dates: dict[str, Any]) -> dict[str, Any]:
    """What the checklist says, in a form that compares well with the next print."""
    counts = data["counts"]
    return {
        "rating": data["rating"].get("total"),
        "evidence": counts["evidence"],
        "inbox": counts["inbox"],
        "missing": counts["missing"],
        "gaps": dict(data["open_gaps"]),
        "sessions": counts["sessions"],
        "conflicts": len(data["conflicts"]),
        "awaiting_consent": data["cases_awaiting_consent"],
        "dates": {k: v for k, v in dates.items() if v},
        "qs": {
            q["qs"]: {"rag": q["rag"], "score": sa_rows.get(q["qs"], {}).get("score")}
            for q in data["quality_statements"]
        },
    }


def _moved(label: str, old: Any, new: Any) -> str | None:
    if old == new:
        return None
    return f"{label}: {old if old not in (None, '') else 'none'} → {new if new not in (None, '') else 'none'}"


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Plain lines saying what changed between two snapshots, most important first."""
    lines: list[str | None] = []
    for qid, now in new.get("qs", {}).items():
        before = old.get("qs", {}).get(qid, {})
        lines.append(_moved(f"{qid} readiness", (before.get("rag") or "").upper(), now["rag"].upper()))
        lines.append(_moved(f"{qid} self-assessed score", before.get("score"), now["score"]))
    lines.append(_moved("Indicative total score", old.get("rating"), new.get("rating")))
    for severity in ("high", "medium", "low"):
        lines.append(_moved(f"Open {severity} gaps", old.get("gaps", {}).get(severity), new["gaps"].get(severity)))
    for key, label in (
        ("evidence", "Evidence items"),
        ("inbox", "Items in the inbox"),
        ("missing", "Items missing from the folder"),
        ("sessions", "Sessions"),
        ("conflicts", "Double bookings"),
        ("awaiting_consent", "Cases awaiting consent"),
    ):
        lines.append(_moved(label, old.get(key), new.get(key)))
    for key, label in (("notification", "Notification"), ("lair_due", "Information return due"), ("onsite", "On site")):
        lines.append(_moved(label, old.get("dates", {}).get(key), new.get("dates", {}).get(key)))
    out = [line for line in lines if line]
    if len(out) > MAX_CHANGES:
        out = [*out[:MAX_CHANGES], f"and {len(out) - MAX_CHANGES} more changes"]
    return out


def version_for(reg: Register, snap: dict[str, Any]) -> tuple[int, list[str], dict[str, Any] | None]:
    """(version number, change lines, the last printed version or None)."""
    last = printing.last_version(reg, DOCUMENT)
    if last is None:
        return 1, [], None
    if last["snapshot"] == snap:
        return last["version"], [], last
    return last["version"] + 1, changes(last["snapshot"], snap), last


def _signatory_names(people: list[dict[str, Any]], dass: str = "") -> dict[str, str]:
    """Who signs as what: the DASS as the register's setting names them; otherwise a title only when
    exactly one person holds it (never one of several "Director"s picked silently)."""
    names: dict[str, str] = {}
    for title, words in SIGNATORIES:
        holders = [
            p["name"]
            for p in people
            if any(w == (role := (p.get("role") or "").lower()) or (len(w) > 4 and w in role) for w in words)
        ]
        if len(holders) == 1:
            names[title] = holders[0]
    if dass:
        names[SIGNATORIES[0][0]] = dass
    return names


def version_and_sign_off(
    version: int,
    lines: list[str],
    last: dict[str, Any] | None,
    people: list[dict[str, Any]],
    printed_on: str,
    dass: str = "",
) -> list:
    """The page a director signs: which version, what changed since the last one, and the signatures."""
    out: list = [F.heading(f"Version {version} and sign-off", 0, bookmark="Version and sign-off")]
    if last is None:
        out.append(F.para(f"Version 1, printed {printed_on}: the first printed version of this checklist."))
    elif not lines:
        out.append(
            F.para(
                f"Version {version}: nothing has changed since it was printed on {long_date(last['printed_at'][:10])}."
            )
        )
    else:
        out.append(
            F.para(
                f"Version {version}. Changes since version {last['version']} ({long_date(last['printed_at'][:10])}):"
            )
        )
        out += F.bullets(lines)
    out.append(F.space(4))
    names = _signatory_names(people, dass)
    rows = [[title, names.get(title, ""), "", ""] for title, _words in SIGNATORIES]
    table = F.table(rows, ["Signed off by", "Name", "Signature", "Date"], [0.28, 0.26, 0.3, 0.16], zebra=False)
    table.setStyle([("TOPPADDING", (0, 1), (-1, -1), 14), ("BOTTOMPADDING", (0, 1), (-1, -1), 14)])
    out.append(table)
    out.append(
        F.para(
            f"By signing, each confirms this checklist (version {version}) is a fair picture of the council's "
            "readiness on the date signed.",
            "small",
        )
    )
    return out
