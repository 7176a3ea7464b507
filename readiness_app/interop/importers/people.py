"""Importing people, and the index of people that the timetable import also matches attendees against."""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework.matcher import normalise
from readiness_app.interop import columns as cols
from readiness_app.interop.attendees import parse_person
from readiness_app.interop.columns import cell_text
from readiness_app.interop.importers.base import BAD, Change, RowImporter, norm, private
from readiness_app.register import assessment, records
from readiness_app.register.connection import Register
from readiness_app.register.rooms import name_key
from readiness_app.register.validation import choice, email_address
from readiness_app.register.vocabulary import PERSON_KIND


class PeopleIndex:
    """Existing people by name, plus the new ones an import will create, for matching."""

    def __init__(self, reg: Register):
        from readiness_app.register import people

        self.council = normalise(assessment.get(reg)["council"])
        self.by_name: dict[str, list[dict[str, Any]]] = {}
        for person in people.list_people(reg):
            self.by_name.setdefault(name_key(person["name"]), []).append(person)
        self.new: dict[tuple[str, str, str], dict[str, Any]] = {}  # (name, org, role) -> values, placeholder id
        self.new_by_name: dict[str, list[dict[str, Any]]] = {}
        self.organisations = {normalise(p["organisation"]) for ps in self.by_name.values() for p in ps}

    def match(self, name: str, organisation: str, role: str = "", team: str = "") -> dict[str, Any] | None:
        """The one person meant, or None for someone new.

        Namesakes are told apart by organisation, then by role or team; raises
        ReadinessError only when several still fit.
        """
        candidates = self.by_name.get(name_key(name), [])
        if organisation:
            org = norm(organisation)
            same = [p for p in candidates if norm(p["organisation"]) == org]
            if same:
                return _one_of(same, name, role, team, ask=False)
            blank = [p for p in candidates if not p["organisation"].strip()]
            return _one_of(blank, name, role, team, ask=False) if blank else None
        return _one_of(candidates, name, role, team, ask=True) if candidates else None

    def is_organisation(self, text: str) -> bool:
        """Whether the part after a role's comma names an organisation rather than a council team.

        "Social Worker, Testshire ICB" is someone from the ICB; "Team Manager, Adult Social Care"
        is someone in the council's Adult Social Care team.
        """
        words = set(norm(text).split())
        if norm(text) == self.council or (words & _TEAM_WORDS):
            return norm(text) == self.council
        return bool(words & _ORGANISATION_WORDS) or norm(text) in self.organisations

    def kind_for(self, organisation: str) -> str:
        """A new person's kind: staff of the council unless they come from another organisation."""
        org = norm(organisation)
        return "partner" if org and org != self.council and "council" not in org else "staff"

    def add_new(self, values: dict[str, Any]) -> dict[str, Any]:
        """A person the import will create; a name given with no organisation finds the one new namesake."""
        key = (name_key(values["name"]), norm(values.get("organisation", "")), norm(values.get("role", "")))
        if not key[2] and key not in self.new:
            namesakes = [
                p for p in self.new_by_name.get(key[0], []) if not key[1] or norm(p.get("organisation", "")) == key[1]
            ]
            if len(namesakes) == 1:
                return namesakes[0]
        if key not in self.new:
            values = {**values, "id": -(len(self.new) + 1)}  # placeholder until inserted
            self.new[key] = values
            self.new_by_name.setdefault(key[0], []).append(values)
        return self.new[key]


# Words that make the part after the comma an organisation, or (winning over them) a council team.
_ORGANISATION_WORDS = {
    "council", "icb", "nhs", "trust", "healthwatch", "ltd", "limited", "cic", "charity", "carers", "police",
    "university", "hospital", "hospitals", "foundation", "association", "society", "housing", "college",
    "board", "cqc", "plc", "llp", "alliance", "network", "forum", "hub", "federation", "practice",
}  # fmt: skip
_TEAM_WORDS = {"team", "teams", "service", "services", "directorate", "department", "unit"}


def _one_of(people: list[dict[str, Any]], name: str, role: str, team: str, *, ask: bool) -> dict[str, Any] | None:
    if len(people) == 1:
        return people[0]
    for key, wanted in (("role", role), ("team", team)):
        if wanted:
            same = [p for p in people if norm(p.get(key) or "") == norm(wanted)]
            if len(same) == 1:
                return same[0]
            if same:
                people = same
    if not ask:
        return people[0]
    if role or team:
        return None  # a namesake with another role: someone new
    raise ReadinessError(
        f"{len(people)} people are called {name!r}; add the role or organisation to tell them apart",
    )


def parse_attendee(text: str) -> dict[str, str]:
    """'Jane Smith (Team Manager, Northmoor ICB)' or 'Jane Smith – Team Manager' -> name, role, organisation."""
    return parse_person(text)


class PeopleImporter(RowImporter):
    spec = cols.PEOPLE

    def prepare(self) -> None:
        self.index = PeopleIndex(self.reg)
        self.by_id = {p["id"]: p for ps in self.index.by_name.values() for p in ps}
        self.seen: dict[tuple[str, str], str] = {}  # (name, organisation) -> where first listed
        self.updates: list[tuple[int, dict[str, Any]]] = []

    def plan_rows(self, data: list[tuple[int, list[Any]]]) -> None:
        index, by_id, seen = self.index, self.by_id, self.seen
        for row, cells in data:
            self.start_row()
            name = " ".join(self.text(cells, "name").split())
            if not name and self.hm.has("last_name"):
                name = " ".join(f"{self.text(cells, 'first_name')} {self.text(cells, 'last_name')}".split())
            if not name:
                self.problem(row, "name", "a name is required")
                continue
            values = {
                k: self.text(cells, k) for k in ("role", "team", "organisation", "access_needs") if self.text(cells, k)
            }
            email = self.parse(row, cells, "email", email_address)
            if email and email is not BAD:
                values["email"] = email
            kind = self.parse(row, cells, "kind", lambda v: choice(cell_text(v), PERSON_KIND, "kind"))
            if kind is not None and kind is not BAD:
                values["kind"] = kind
            key = (name.lower(), normalise(values.get("organisation", "")))
            if key in seen:
                self.problem(row, "name", f"{name!r} is listed twice (also on {seen[key]})")
                continue
            seen[key] = self.where(row)
            before = None
            person_id = self.parse(row, cells, "person_id", lambda v: int(cell_text(v)))
            if person_id is BAD or (person_id is not None and person_id not in by_id):
                self.problem(row, "person_id", f"no person with id {self.text(cells, 'person_id')!r} in the register")
            elif person_id is not None:
                before = by_id[person_id]
                values["name"] = name
            else:
                try:
                    before = index.match(name, values.get("organisation", ""))
                except ReadinessError as exc:
                    self.problem(row, "name", exc.message)
            if not self.row_ok:
                continue
            if before is None:
                values = {"name": name, **values}
                values.setdefault("kind", index.kind_for(values.get("organisation", "")))
                index.add_new(values)
                self.result.created.append(Change("create", name, row))
                continue
            changes = self.diff(before, values)
            if changes:
                self.updates.append((before["id"], {k: values[k] for k in changes}))
                self.result.updated.append(Change("update", before["name"], row, private(changes)))
            else:
                self.result.unchanged += 1

    def apply(self) -> None:
        from readiness_app.register import people

        insert_people(self.reg, self.index)
        for person_id, values in self.updates:
            people.update_person(self.reg, person_id, **values)


def insert_people(reg: Register, index: PeopleIndex) -> dict[int, int]:
    """Create the people an import found new; returns placeholder id -> real id."""
    new = list(index.new.values())
    rows = [{k: v for k, v in p.items() if k != "id"} for p in new]
    for values in rows:
        for key in ("role", "team", "organisation", "access_needs", "email"):
            values.setdefault(key, "")
    ids = records.insert_many(reg, "person", rows)
    return {p["id"]: real for p, real in zip(new, ids, strict=True)}
