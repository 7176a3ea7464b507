"""Importing an interview timetable: sessions with their rooms, QS, attendees, CQC team and case.

A row's date comes from its Date cell, else from its sheet (name, title or
--date); its times from Start/End, a range in one Time cell, or a start and
a Duration. Rooms and CQC team members the register does not know yet are
created, named case- and space-blind so "room  2" is "Room 2". Attendees are
matched by name (and organisation when given); a role or organisation the
register lacks for a known person is filled in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from readiness_app.errors import ReadinessError
from readiness_app.framework.matcher import normalise
from readiness_app.interop import columns as cols
from readiness_app.interop.attendees import parse_team_member, split_people
from readiness_app.interop.columns import cell_text
from readiness_app.interop.importers.base import (
    BAD,
    STATUS_WORDS,
    Change,
    RowImporter,
    cell_date,
    cell_time,
    norm,
    private,
    word_choice,
)
from readiness_app.interop.importers.people import PeopleIndex, insert_people, parse_attendee
from readiness_app.interop.sheet_dates import VisitDays, date_in_text
from readiness_app.interop.times import add_minutes, check_span, duration_minutes, time_range
from readiness_app.register import assessment, cqc_team, records, sessions
from readiness_app.register import rooms as room_records
from readiness_app.register.rooms import name_key
from readiness_app.register.validation import choice, long_date
from readiness_app.register.vocabulary import SESSION_KIND, SESSION_STATUS

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session

_NOBODY = object()  # an attendee text with no name in it


def _session_kind(value: Any) -> str:
    text = cell_text(value)
    words = normalise(text)
    try:
        return choice(text, SESSION_KIND, "kind")
    except ReadinessError:
        pass
    if "focus" in words or words in ("group", "group discussion", "workshop"):
        return "focus_group"
    if "drop" in words:
        return "drop_in"
    if "case" in words:
        return "case_tracking"
    if "partner" in words or "provider" in words:
        return "partner_provider"
    if words in ("1 1", "121", "one to one", "1 to 1", "interview", "individual", "individual interview"):
        return "one_to_one"
    return "other"


class SessionImporter(RowImporter):
    spec = cols.SESSIONS

    def prepare(self) -> None:
        from readiness_app.register import people

        reg = self.reg
        listed = people.list_rooms(reg)
        self.rooms = {name_key(r["name"]): r["id"] for r in listed}
        self.room_names: dict[int, str] = {r["id"]: r["name"] for r in listed}  # new rooms' placeholders join
        self.new_rooms: dict[str, tuple[int, str, str]] = {}  # key -> (placeholder id, name, where first named)
        self.case_ids = {code.lower(): case_id for code, case_id in records.pairs(reg, "tracked_case", "code")}
        self.assessors: dict[str, int] = {}
        for a in people.list_assessors(reg):  # "Sam Jones" finds "Sam Jones (CQC)"
            self.assessors[name_key(a["name"])] = a["id"]
            self.assessors.setdefault(name_key(a["name"]).removesuffix("(cqc)").strip(), a["id"])
        self.new_assessors: dict[str, tuple[int, str, str]] = {}  # key -> (placeholder id, name, role)
        self.team_named_on: dict[str, str] = {}  # key -> where a new CQC team member is first named
        self._assessor_cells: dict[str, list[int]] = {}
        self._attendee_cells: dict[str, list[int] | ReadinessError] = {}
        self._attendee_items: dict[str, Any] = {}  # one attendee's text -> person id, _NOBODY or the error
        self.people = PeopleIndex(reg)
        self.council = " ".join(assessment.get(reg)["council"].split())
        self.person_updates: dict[int, dict[str, str]] = {}  # known people given a role or organisation
        days = assessment.visit_days(reg)
        self.visit = VisitDays(
            onsite=tuple(d["date"] for d in days if d["kind"] == "onsite"),
            virtual=tuple(d["date"] for d in days if d["kind"] != "onsite"),
        )
        self.window = (days[0]["date"], days[-1]["date"]) if days else None
        from readiness_app.interop.exporters import register_tag

        self.tag = register_tag(reg)
        self.foreign_ids: list[int] = []  # rows whose Session ID another register exported
        existing = sessions.list_sessions(reg)
        self.by_id = {s["id"]: s for s in existing}
        # Without ids, a session is known by its date, start and title; the room tells apart namesakes.
        self.by_key: dict[tuple[str, str, str], list[Session]] = {}
        for s in existing:
            self.by_key.setdefault((s["date"], s["start"], s["title"].strip().lower()), []).append(s)
        self.seen: dict[tuple, str] = {}
        self.creates: list[tuple[dict[str, Any], dict[str, list]]] = []
        self.updates: list[tuple[int, dict[str, Any]]] = []
        self.unknown_kinds: dict[str, list[int]] = {}

    def _day(self, value: Any) -> str:
        try:
            return cell_date(value)
        except ReadinessError:
            found = date_in_text(cell_text(value), self.visit)  # "Day 2", "Tue 11 Mar"
            if found is None:
                raise
            return found

    def plan_rows(self, data: list[tuple[int, list[Any]]]) -> None:
        window, seen = self.window, self.seen
        for row, cells in data:
            self.start_row()
            values: dict[str, Any] = {}
            day = self.parse(row, cells, "date", self._day)
            if day is None:
                day = self.sheet_date
            if day is None:
                self.problem(row, "date", "a date is required")
            elif day is not BAD:
                values["date"] = day
                if window and not window[0] <= day <= window[1]:
                    self.problem(
                        row, "date",
                        f"{long_date(day)} is outside the visit ({long_date(window[0])} to {long_date(window[1])})",
                    )  # fmt: skip
            start, end = self._times(row, cells)
            if start and end:
                values["start"], values["end"] = start, end
                try:
                    check_span(start, end)
                except ReadinessError as exc:
                    self.problem(row, "end" if self.hm.has("end") else "time", exc.message)
            title = self.text(cells, "title")
            if not title:
                self.problem(row, "title", "a title is required")
            values["title"] = title
            if room_name := self.text(cells, "room"):
                values["room_id"] = self._room(row, room_name)
            kind = self.parse(row, cells, "kind", _session_kind)
            if kind is not None:
                values["kind"] = kind
                if kind == "other" and normalise(self.text(cells, "kind")) != "other":
                    self.unknown_kinds.setdefault(self.text(cells, "kind"), []).append(row)
            status = self.parse(row, cells, "status", lambda v: word_choice(v, SESSION_STATUS, STATUS_WORDS, "status"))
            if status is not None and status is not BAD:
                values["status"] = status
            case_code = self.text(cells, "case")
            if case_code:
                if case_code.lower() not in self.case_ids:
                    self.problem(row, "case", f"no case with code {case_code!r} in the register")
                else:
                    values["case_id"] = self.case_ids[case_code.lower()]
            if text := self.text(cells, "briefing_owner"):
                values["briefing_owner"] = text
            if notes := self.notes_with_extras(cells):
                values["notes"] = notes
            links: dict[str, list] = {}
            qs = self.qs(row, cells)
            if qs is not None:
                links["qs"] = qs
            if text := self.text(cells, "assessors"):
                links["assessors"] = self._assessors(row, text)
            if text := self.text(cells, "people"):
                attendees = self._attendees(row, text)
                if attendees is not None:
                    links["people"] = attendees
            if not self.row_ok:
                continue
            key = (values["date"], values["start"], values.get("room_id"), title.lower())
            if key in seen:
                self.problem(row, "title", f"the same session is on {seen[key]} (same date, start, room and title)")
                continue
            seen[key] = self.where(row)
            self._match(row, cells, values, links)

    def _match(self, row: int, cells: list[Any], values: dict[str, Any], links: dict[str, list]) -> None:
        session_id = self.parse(row, cells, "session_id", _session_ref)
        if session_id is not None and session_id is not BAD:
            session_id, tag = session_id
            if tag and tag != self.tag:  # exported from another register: its numbers mean other sessions
                self.foreign_ids.append(row)
                session_id = None
        if session_id is BAD or (session_id is not None and session_id not in self.by_id):
            self.problem(row, "session_id", f"no session with id {self.text(cells, 'session_id')!r}")
            return
        before: Session | None
        if session_id is not None:
            before = self.by_id[session_id]
        else:
            namesakes = self.by_key.get((values["date"], values["start"], values["title"].lower()), [])
            same_room = [s for s in namesakes if s["room_id"] == values.get("room_id")]
            matches = same_room or (namesakes if len(namesakes) == 1 else [])
            before = matches[0] if matches else None
        label = f"{long_date(values['date'])} {values['start']} {values['title']}"
        if before is None:
            self.creates.append((values, links))
            self.result.created.append(Change("create", label, row))
            return
        compare = {**values, **links}
        current_links = {
            "qs": before["qs"],
            "people": [p["id"] for p in before["people"]],
            "assessors": [a["id"] for a in before["assessors"]],
        }
        changes = self.diff({**before, **current_links}, compare)
        if changes:
            self.updates.append((before["id"], {k: compare[k] for k in changes}))
            self.result.updated.append(Change("update", label, row, _readable(changes, self.room_names)))
        else:
            self.result.unchanged += 1

    def finish(self) -> None:
        if self.foreign_ids:
            rows = self.foreign_ids
            shown = ", ".join(map(str, rows[:10])) + (" ..." if len(rows) > 10 else "")
            self.result.notes.append(
                f"the Session IDs on rows {shown} come from another register's export, so they were not used;"
                " those rows were matched by date, start time and title"
            )
        for text, rows in self.unknown_kinds.items():
            shown = ", ".join(map(str, rows[:10])) + (" ..." if len(rows) > 10 else "")
            self.result.notes.append(f"kind {text!r} is not one the app knows; rows {shown} will be 'Other'")
        self.result.also_created = {
            "people": [p["name"] for p in self.people.new.values()],
            "rooms": [name for _, name, _ in self.new_rooms.values()],
            "assessors": [name for _, name, _ in self.new_assessors.values()],
        }
        for _, name, where in self.new_rooms.values():
            self.result.notes.append(f"new room {name!r}, first named on {where}")
        for key, (_, name, role) in self.new_assessors.items():
            what = f"{name!r} ({role})" if role else repr(name)
            self.result.notes.append(f"new CQC team member {what}, first named on {self.team_named_on[key]}")
        known = {p["id"]: p["name"] for ps in self.people.by_name.values() for p in ps}
        updated = [known[i] for i in self.person_updates if i in known]
        if updated:
            self.result.also_updated["people"] = updated

    # -- cells that name things

    def _room(self, row: int, text: str) -> int:
        key = name_key(text)
        if key in self.rooms:
            return self.rooms[key]
        if key not in self.new_rooms:
            self.new_rooms[key] = (-(len(self.new_rooms) + 1), " ".join(text.split()), self.where(row))
            self.room_names[self.new_rooms[key][0]] = self.new_rooms[key][1]
        return self.new_rooms[key][0]

    def _times(self, row: int, cells: list[Any]) -> tuple[str | None, str | None]:
        start = self.parse(row, cells, "start", cell_time)
        end = self.parse(row, cells, "end", cell_time)
        if (start is None or end is None) and self.text(cells, "time"):
            span = self.parse(row, cells, "time", _time_cell)
            if span is BAD:
                return None, None
            start, end = start or span[0], end or span[1]
        if start and start is not BAD and end is None and self.text(cells, "duration"):
            minutes = self.parse(row, cells, "duration", duration_minutes)
            if minutes is BAD:
                return None, None
            try:
                end = add_minutes(start, minutes)
            except ReadinessError as exc:
                self.problem(row, "duration", exc.message)
                return None, None
        if start is None:
            self.problem(row, "time" if self.hm.has("time") else "start", "a start time is required")
        if end is None:
            self.problem(row, "time" if self.hm.has("time") else "end", "an end time is required")
        if start is BAD or end is BAD or start is None or end is None:
            return None, None
        return start, end

    def _assessors(self, row: int, text: str) -> list[int]:
        if text in self._assessor_cells:
            return self._assessor_cells[text]
        ids = []
        for item in split_people(text):
            member = parse_team_member(item)
            if not member["name"]:
                continue
            found = self.assessors.get(name_key(item)) or self.assessors.get(name_key(member["name"]))
            if found is None:
                key = name_key(member["name"])
                if key not in self.new_assessors:
                    self.new_assessors[key] = (-(len(self.new_assessors) + 1), member["name"], member["role"])
                    self.team_named_on[key] = self.where(row)
                found = self.new_assessors[key][0]
            ids.append(found)
        self._assessor_cells[text] = list(dict.fromkeys(ids))
        return self._assessor_cells[text]

    def _attendees(self, row: int, text: str) -> list[int] | None:
        if text not in self._attendee_cells:  # a group's attendee list often repeats row after row
            try:
                self._attendee_cells[text] = self._resolve_attendees(text)
            except ReadinessError as exc:
                self._attendee_cells[text] = exc
        found = self._attendee_cells[text]
        if isinstance(found, ReadinessError):
            self.problem(row, "people", found.message)
            return None
        return found

    def _resolve_attendees(self, text: str) -> list[int]:
        ids = []
        for item in split_people(text):
            # The same attendee turns up in many different lists: resolve each text once.
            if item not in self._attendee_items:
                try:
                    self._attendee_items[item] = self._resolve_attendee(item)
                except ReadinessError as exc:
                    self._attendee_items[item] = exc
            found = self._attendee_items[item]
            if isinstance(found, ReadinessError):
                raise found
            if found is not _NOBODY:
                ids.append(found)
        return list(dict.fromkeys(ids))

    def _resolve_attendee(self, item: str) -> Any:
        """The person id (or placeholder id) one attendee text means; _NOBODY for a text with no name."""
        values = parse_attendee(item)
        if not values["name"]:
            return _NOBODY
        if values["role"] and not values["organisation"] and norm(values["role"]) in self.people.organisations:
            values["organisation"], values["role"] = values["role"], ""
        values["team"] = ""
        if values["organisation"] and not self.people.is_organisation(values["organisation"]):
            # "Ali Khan – Team Manager, Adult Social Care": a team of the council, not a partner organisation.
            values["team"], values["organisation"] = values["organisation"], self.council
        person = self.people.match(values["name"], values["organisation"], values["role"], values["team"])
        if person is None:
            values["kind"] = self.people.kind_for(values["organisation"])
            return self.people.add_new(values)["id"]
        # A known person's role, team or organisation, when the register has none, comes from the timetable.
        missing = {
            k: values[k] for k in ("role", "team", "organisation") if values[k] and not (person.get(k) or "").strip()
        }
        if missing and person["id"] > 0:
            self.person_updates.setdefault(person["id"], {}).update(missing)
        return person["id"]

    def apply(self) -> None:
        reg = self.reg
        person_ids = insert_people(reg, self.people)
        for person_id, values in self.person_updates.items():
            records.update(reg, "person", person_id, values)
        rooms = room_records.ensure(reg, [name for _, name, _ in self.new_rooms.values()])
        room_ids = {placeholder: rooms[name] for placeholder, name, _ in self.new_rooms.values()}
        team = cqc_team.ensure(reg, [(name, role) for _, name, role in self.new_assessors.values()])
        assessor_ids = {placeholder: team[name] for placeholder, name, _ in self.new_assessors.values()}

        def resolve(links: dict[str, Any]) -> dict[str, Any]:
            out = dict(links)
            if "people" in out:
                out["people"] = [person_ids.get(p, p) for p in out["people"]]
            if "assessors" in out:
                out["assessors"] = [assessor_ids.get(a, a) for a in out["assessors"]]
            return out

        def placed(values: dict[str, Any]) -> dict[str, Any]:
            if values.get("room_id") in room_ids:
                return {**values, "room_id": room_ids[values["room_id"]]}
            return values

        rows = [{"kind": "other", "status": "planned", **placed(values)} for values, _ in self.creates]
        resolved = [resolve(links) for _, links in self.creates]
        # One audit entry per new session names its QS, attendees and CQC team too (as a form's
        # create would in three): 2,000 sessions make 2,000 entries, not 8,000.
        fields = {name: audit_field for name, (_, _, audit_field) in sessions.LINKS.items() if name != "evidence"}
        also = [
            {fields[name]: [[], sorted(dict.fromkeys(ids))] for name, ids in links.items() if name in fields and ids}
            for links in resolved
        ]
        ids = records.insert_many(reg, "session", rows, audit_also=also)
        for name, (table, column, audit_field) in sessions.LINKS.items():
            if name == "evidence":
                continue
            records.add_links(
                reg, table, "session_id", column,
                {sid: links.get(name, []) for sid, links in zip(ids, resolved, strict=True)},
                audit_table="session", audit_field=audit_field, audited=True,
            )  # fmt: skip
        for session_id, values in self.updates:
            links = resolve({k: values.pop(k) for k in ("qs", "people", "assessors") if k in values})
            sessions.update(reg, session_id, **links, **placed(values))


def _session_ref(value: Any) -> tuple[int, str]:
    """A Session ID cell: '17' (bare, as older exports wrote it) or '17@3f2a9c1b' (with its register)."""
    number, _, tag = cell_text(value).partition("@")
    try:
        return int(number.strip()), tag.strip().lower()
    except ValueError:
        raise ReadinessError(f"{cell_text(value)!r} is not a Session ID", field="session_id") from None


def _time_cell(value: Any) -> tuple[str, str | None]:
    """A Time cell: a range ('09:00 - 10:00'), or one time to be ended by a Duration."""
    text = cell_text(value)
    if any(mark in text for mark in ("-", "\u2013", "\u2014", " to ")) and not isinstance(value, float):
        return time_range(value)
    return cell_time(value), None


def _readable(changes: dict[str, list[Any]], room_names: dict[int, str]) -> dict[str, list[Any]]:
    """Attendee and assessor changes as counts, rooms by name (ids mean nothing to a reader); notes hidden."""
    out = {}
    for key, (old, new) in private(changes).items():
        if key in ("people", "assessors"):
            out[key] = [f"{len(old)} listed", f"{len(new)} listed"]
        elif key == "room_id":
            out["room"] = [room_names.get(old, "(none)") if old else "(none)", room_names.get(new, "(none)")]
        else:
            out[key] = [old, new]
    return out
