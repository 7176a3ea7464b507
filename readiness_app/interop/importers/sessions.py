"""Importing an interview timetable: sessions with their rooms, QS, attendees, CQC team and case."""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework.matcher import normalise
from readiness_app.interop import columns as cols
from readiness_app.interop.columns import cell_text, split_list
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
from readiness_app.register import assessment, records
from readiness_app.register.validation import choice, uk_date
from readiness_app.register.vocabulary import SESSION_KIND, SESSION_STATUS

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

    def plan(self, data: list[tuple[int, list[Any]]]) -> None:
        from readiness_app.register import people, sessions

        reg = self.reg
        rooms = {r["name"].strip().lower(): r for r in people.list_rooms(reg)}
        case_ids = {code.lower(): case_id for code, case_id in records.pairs(reg, "tracked_case", "code")}
        self.assessors = {a["name"].strip().lower(): a["id"] for a in people.list_assessors(reg)}
        for a in people.list_assessors(reg):  # "Sam Jones" finds "Sam Jones (CQC)"
            short = a["name"].lower().replace("(cqc)", "").strip()
            self.assessors.setdefault(short, a["id"])
        self.new_assessors: dict[str, int] = {}
        self._assessor_cells: dict[str, list[int]] = {}
        self._attendee_cells: dict[str, list[int] | ReadinessError] = {}
        self._attendee_items: dict[str, Any] = {}  # one attendee's text -> person id, _NOBODY or the error
        self.people = PeopleIndex(reg)
        visit_days = [d["date"] for d in assessment.visit_days(reg)]
        window = (visit_days[0], visit_days[-1]) if visit_days else None
        existing = sessions.list_sessions(reg)
        by_id = {s["id"]: s for s in existing}
        by_key = {(s["date"], s["start"], s["room_id"], s["title"].strip().lower()): s for s in existing}
        seen: dict[tuple, int] = {}
        self.creates: list[tuple[dict[str, Any], dict[str, list]]] = []
        self.updates: list[tuple[int, dict[str, Any]]] = []
        unknown_kinds: dict[str, list[int]] = {}

        for row, cells in data:
            self.start_row()
            values: dict[str, Any] = {}
            day = self.parse(row, cells, "date", cell_date)
            if day is None:
                self.problem(row, "date", "a date is required")
            elif day is not BAD:
                values["date"] = day
                if window and not window[0] <= day <= window[1]:
                    self.problem(
                        row, "date",
                        f"{uk_date(day)} is outside the visit ({uk_date(window[0])} to {uk_date(window[1])})",
                    )  # fmt: skip
            start, end = self._times(row, cells)
            if start and end:
                values["start"], values["end"] = start, end
                try:
                    sessions.check_times(start, end)
                except ReadinessError as exc:
                    self.problem(row, "end", exc.message)
            title = self.text(cells, "title")
            if not title:
                self.problem(row, "title", "a title is required")
            values["title"] = title
            room_name = self.text(cells, "room")
            if room_name:
                room = rooms.get(room_name.lower())
                if room is None:
                    known = ", ".join(r["name"] for r in rooms.values()) or "none set up yet"
                    self.problem(row, "room", f"unknown room {room_name!r} (rooms: {known})")
                else:
                    values["room_id"] = room["id"]
            kind = self.parse(row, cells, "kind", _session_kind)
            if kind is not None:
                values["kind"] = kind
                if kind == "other" and normalise(self.text(cells, "kind")) != "other":
                    unknown_kinds.setdefault(self.text(cells, "kind"), []).append(row)
            status = self.parse(row, cells, "status", lambda v: word_choice(v, SESSION_STATUS, STATUS_WORDS, "status"))
            if status is not None and status is not BAD:
                values["status"] = status
            case_code = self.text(cells, "case")
            if case_code:
                if case_code.lower() not in case_ids:
                    self.problem(row, "case", f"no case with code {case_code!r} in the register")
                else:
                    values["case_id"] = case_ids[case_code.lower()]
            for key in ("briefing_owner", "notes"):
                if text := self.text(cells, key):
                    values[key] = text
            links: dict[str, list] = {}
            qs = self.qs(row, cells)
            if qs is not None:
                links["qs"] = qs
            if text := self.text(cells, "assessors"):
                links["assessors"] = self._assessors(text)
            if text := self.text(cells, "people"):
                attendees = self._attendees(row, text)
                if attendees is not None:
                    links["people"] = attendees
            if not self.row_ok:
                continue
            key = (values["date"], values["start"], values.get("room_id"), title.lower())
            if key in seen:
                self.problem(row, "title", f"the same session is on row {seen[key]} (same date, start, room and title)")
                continue
            seen[key] = row
            before = None
            session_id = self.parse(row, cells, "session_id", lambda v: int(cell_text(v)))
            if session_id is BAD or (session_id is not None and session_id not in by_id):
                self.problem(row, "session_id", f"no session with id {self.text(cells, 'session_id')!r}")
                continue
            before = by_id[session_id] if session_id is not None else by_key.get(key)
            label = f"{uk_date(values['date'])} {values['start']} {title}"
            if before is None:
                self.creates.append((values, links))
                self.result.created.append(Change("create", label, row))
                continue
            compare = {**values}
            for name, ids in links.items():
                compare[name] = ids
            current_links = {
                "qs": before["qs"],
                "people": [p["id"] for p in before["people"]],
                "assessors": [a["id"] for a in before["assessors"]],
            }
            changes = self.diff({**before, **current_links}, compare)
            if changes:
                self.updates.append((before["id"], {k: compare[k] for k in changes}))
                self.result.updated.append(Change("update", label, row, _readable(changes)))
            else:
                self.result.unchanged += 1
        for text, rows in unknown_kinds.items():
            shown = ", ".join(map(str, rows[:10])) + (" ..." if len(rows) > 10 else "")
            self.result.notes.append(f"kind {text!r} is not one the app knows; rows {shown} will be 'Other'")
        self.result.also_created = {
            "people": [p["name"] for p in self.people.new.values()],
            "assessors": list(self.new_assessors),
        }

    def _times(self, row: int, cells: list[Any]) -> tuple[str | None, str | None]:
        start = self.parse(row, cells, "start", cell_time)
        end = self.parse(row, cells, "end", cell_time)
        span = self.text(cells, "time")
        if span and (start is None or end is None):
            parts = [p for p in span.replace("\u2013", "-").replace(" to ", "-").split("-") if p.strip()]
            if len(parts) == 2:
                try:
                    start, end = start or cell_time(parts[0]), end or cell_time(parts[1])
                except ReadinessError as exc:
                    self.problem(row, "time", exc.message)
                    return None, None
        if start is None:
            self.problem(row, "start", "a start time is required")
        if end is None:
            self.problem(row, "end", "an end time is required")
        if start is BAD or end is BAD or start is None or end is None:
            return None, None
        return start, end

    def _assessors(self, text: str) -> list[int]:
        if text in self._assessor_cells:
            return self._assessor_cells[text]
        ids = []
        for name in split_list(text):
            key = name.lower()
            found = self.assessors.get(key) or self.assessors.get(key.replace("(cqc)", "").strip())
            if found is None:
                found = self.new_assessors.setdefault(name, -(len(self.new_assessors) + 1))
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
        for item in split_list(text):
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
        person = self.people.match(values["name"], values["organisation"])
        if person is None:
            values["kind"] = self.people.kind_for(values["organisation"])
            values["team"] = ""
            person = self.people.add_new(values)
        return person["id"]

    def apply(self) -> None:
        from readiness_app.register import sessions

        reg = self.reg
        person_ids = insert_people(reg, self.people)
        names = list(self.new_assessors)
        real = records.insert_many(reg, "assessor", [{"name": n, "role": ""} for n in names])
        assessor_ids = {self.new_assessors[n]: i for n, i in zip(names, real, strict=True)}

        def resolve(links: dict[str, list]) -> dict[str, list]:
            out = dict(links)
            if "people" in out:
                out["people"] = [person_ids.get(p, p) for p in out["people"]]
            if "assessors" in out:
                out["assessors"] = [assessor_ids.get(a, a) for a in out["assessors"]]
            return out

        rows = []
        for values, _ in self.creates:
            row = {"kind": "other", "status": "planned", **values}
            rows.append(row)
        ids = records.insert_many(reg, "session", rows)
        resolved = [resolve(links) for _, links in self.creates]
        for name, (table, column, audit_field) in sessions.LINKS.items():
            if name == "evidence":
                continue
            records.add_links(
                reg, table, "session_id", column,
                {sid: links.get(name, []) for sid, links in zip(ids, resolved, strict=True)},
                audit_table="session", audit_field=audit_field,
            )  # fmt: skip
        for session_id, values in self.updates:
            links = resolve({k: values.pop(k) for k in ("qs", "people", "assessors") if k in values})
            sessions.update(reg, session_id, **links, **values)


def _readable(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Attendee and assessor changes as counts (ids mean nothing to a reader); notes hidden."""
    out = {}
    for key, (old, new) in private(changes).items():
        if key in ("people", "assessors"):
            out[key] = [f"{len(old)} listed", f"{len(new)} listed"]
        else:
            out[key] = [old, new]
    return out
