"""People as timetables list them in one cell.

One per line, or separated by ";" or ","; each as "Name", "Name – Role",
"Name - Role, Organisation" or "Name (Role, Organisation)". CQC team cells
hold "Assessor 7", "Jo Smith (Inspector)" or "Jo Smith - Specialist adviser".
"""

from __future__ import annotations

import re

from readiness_app.interop.columns import cell_text

_DASH = re.compile(r"\s+[-\u2013\u2014]\s+|\s*[\u2013\u2014]\s*")
_HARD_SEPARATORS = re.compile(r"[;\n|]")
_COMMA_OUTSIDE_BRACKETS = re.compile(r",(?![^(\[]*[)\]])")
_CQC = re.compile(r"\s*\((?:cqc)\)\s*$", re.IGNORECASE)


def split_people(value: object) -> list[str]:
    """The people one cell names, in order.

    Lines and ';' always separate people. Commas separate people too, except
    the comma in "Name - Role, Organisation": a piece with no name-and-role
    dash after a piece that has one is that person's organisation.
    """
    text = cell_text(value)
    if not text:
        return []
    if _HARD_SEPARATORS.search(text):
        return [p.strip() for p in _HARD_SEPARATORS.split(text) if p.strip()]
    items: list[str] = []
    for piece in (p.strip() for p in _COMMA_OUTSIDE_BRACKETS.split(text)):
        if not piece:
            continue
        previous = items[-1] if items else ""
        if previous and _DASH.search(previous) and "," not in previous and not _DASH.search(piece):
            items[-1] = f"{previous}, {piece}"
        else:
            items.append(piece)
    return items


def parse_person(text: str) -> dict[str, str]:
    """'Jane Smith (Team Manager, Northmoor ICB)' or 'Jane Smith – Team Manager' -> name, role, organisation.

    With a comma inside the brackets or after the dash, the last part is the organisation.
    """
    text = " ".join(text.split())
    name, detail = text, ""
    if text.endswith(")") and "(" in text:
        name, detail = text[: text.index("(")].strip(), text[text.index("(") + 1 : -1]
    elif m := _DASH.search(text):
        name, detail = text[: m.start()].strip(), text[m.end() :].strip()
    parts = [p.strip() for p in detail.split(",") if p.strip()]
    role, organisation = "", ""
    if len(parts) >= 2:
        role, organisation = ", ".join(parts[:-1]), parts[-1]
    elif parts:
        role = parts[0]
    return {"name": name, "role": role, "organisation": organisation}


def parse_team_member(text: str) -> dict[str, str]:
    """A CQC team cell item: 'Jo Smith (Inspector)' -> Jo Smith, Inspector; 'Sam Jones (CQC)' -> Sam Jones."""
    text = _CQC.sub("", " ".join(text.split()))
    person = parse_person(text)
    role = person["role"]
    if person["organisation"] and person["organisation"].lower() != "cqc":
        role = f"{role}, {person['organisation']}" if role else person["organisation"]
    if not role and re.fullmatch(r"(?i)(assessor|inspector|specialist adviser|analyst)\s*\d+", person["name"]):
        role = re.sub(r"\s*\d+$", "", person["name"]).capitalize()  # "Assessor 7": a place held for a name to come
    return {"name": person["name"], "role": role}
