"""The demo's people and timetable: who attends which kind of session.

Leaders meet CQC one to one; practitioners and their team manager talk about a
tracked case; carers and people with lived experience, voluntary-sector groups,
providers and health partners each meet CQC on their own; nobody is in two
places at once except in the few deliberate double bookings the lead should find.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from readiness_app.demo.content import (
    CORE_TEAM,
    COUNCIL,
    FIRST,
    LAST,
    LEADERS,
    ORGS,
    PARTNER_MEETINGS,
    PRACTITIONER_ROLES,
    SESSION_MESSAGES,
    TEAM_QS,
    TEAMS,
    VOICE_MEETINGS,
    plausible_name,
)
from readiness_app.register import cases, people, sessions
from readiness_app.register import rooms as room_register
from readiness_app.register.connection import Register

PRACTITIONER_SESSIONS = 2  # the most sessions one practitioner is booked into
ROOM_CAPACITY = (30, 16, 12, 12)  # Rooms 1 to 4: more than any session booked into them
SLOTS = (
    ("09:00", "10:00"),
    ("10:15", "11:15"),
    ("11:30", "12:30"),
    ("13:30", "14:30"),
    ("14:45", "15:45"),
    ("16:00", "17:00"),
)


@dataclass
class Cast:
    """Everyone in the demo, grouped the way sessions pick them."""

    leaders: dict[str, int]
    practitioners: dict[str, list[int]]  # team -> people
    managers: dict[str, int]  # team -> its team manager
    others: dict[str, list[tuple[int, str]]]  # person kind -> (id, organisation)
    assessors: list[int]
    expert_by_experience: int
    rooms: list[int]
    virtual_room: int
    all_ids: list[int]
    system: dict[str, int]  # voices from across the system, each met on their own (role -> person)


def make_people(reg: Register, rng: random.Random) -> Cast:
    names = sorted({f"{f} {s}" for f in FIRST for s in LAST})
    rng.shuffle(names)
    pool = iter(plausible_name(*name.split(" ", 1)) for name in names)  # same draw, surnames that agree
    all_ids: list[int] = []

    def add(kind: str, role: str, team: str = "", org: str = "") -> int:
        pid = people.create_person(reg, next(pool), role=role, team=team, organisation=org or COUNCIL, kind=kind)
        all_ids.append(pid)
        return pid

    leaders = {role: add("leader", role, "Leadership") for role, _qs in LEADERS}
    for role, team in CORE_TEAM:
        add("staff", role, team)
    managers = {team: add("staff", "Team Manager", team) for team in TEAMS}
    practitioners: dict[str, list[int]] = {team: [] for team in TEAMS}
    for n in range(58):
        team = TEAMS[n % len(TEAMS)]
        role = "Commissioning Officer" if team == "Commissioning" else rng.choice(PRACTITIONER_ROLES)
        if team == "Quality Assurance":
            role = "Practice Quality Lead"
        practitioners[team].append(add("staff", role, team))
    others: dict[str, list[tuple[int, str]]] = {}
    for kind, count in (("partner", 24), ("provider", 20), ("voluntary", 16), ("carer", 12), ("lived_experience", 12)):
        orgs = list(ORGS[kind].items())
        for n in range(count):
            org, roles = orgs[n % len(orgs)]
            others.setdefault(kind, []).append((add(kind, roles[(n // len(orgs)) % len(roles)], "", org), org))
    names_roles = zip(
        ["Alex Barton", "Bea Kaur", "Chris Doyle", "Dee Mensah", "Ellis Ward"]
        + ["Fern Cole", "Gabe Lin", "Hana Novak", "Ivo Reid", "Jo Sutton"],
        ["Lead assessor"] + ["Assessor"] * 6 + ["Specialist adviser"] * 2 + ["Expert by Experience"],
        strict=True,
    )
    assessors = [people.create_assessor(reg, f"{n} (CQC)", role) for n, role in names_roles]
    rooms = [
        people.create_room(reg, name, loc)
        for name, loc in (
            ("Room 1 - Council Chamber", "County Hall, ground floor"),
            ("Room 2 - Committee Room A", "County Hall, first floor"),
            ("Room 3 - Committee Room B", "County Hall, first floor"),
            ("Room 4 - Moorside Suite", "County Hall, second floor"),
        )
    ]
    virtual_room = people.create_room(reg, "Teams", "Online", virtual=True, link="https://teams.example/northmoor-cqc")
    for room_id, capacity in zip(rooms, ROOM_CAPACITY, strict=True):
        room_register.edit(reg, room_id, capacity=capacity)
    room_register.add(reg, "Moorland Room", location="County Hall, second floor", capacity=12, use="cqc_base",
                      notes="The CQC team's base for the visit: lockable, with its own printer")  # fmt: skip
    room_register.add(reg, "Room 5 - Home team", location="County Hall, second floor", capacity=10,
                      use="home_team", notes="The assurance team's room: runners, briefings")  # fmt: skip
    system = {role: add(kind, role, team, org) for role, kind, team, org in SYSTEM_VOICES}
    return Cast(
        leaders, practitioners, managers, others, assessors[:-1], assessors[-1], rooms, virtual_room, all_ids, system
    )


class _Picker:
    """Hands out people in turn, those not yet invited first, never anyone already busy in this slot."""

    def __init__(self) -> None:
        self.used: set[int] = set()
        self.busy: set[int] = set()  # people in a session in the current slot
        self.sessions: dict[int, int] = {}  # person -> sessions booked so far
        self.case_holders: set[int] = set()  # the workers who hold a tracked case: kept for its conversation

    def take(self, candidates: list[int], count: int, limit: int | None = None, *, case: bool = False) -> list[int]:
        """`limit`: nobody in more sessions than this (practitioners: two at most, the day job goes on).
        A worker who holds a tracked case is kept for that case's conversation (`case`), not a focus group."""
        if case:
            candidates = sorted(candidates, key=lambda c: c not in self.case_holders)
        else:
            candidates = [c for c in candidates if c not in self.case_holders]
        free = [c for c in candidates if c not in self.busy and (limit is None or self.sessions.get(c, 0) < limit)]
        chosen = ([c for c in free if c not in self.used] + [c for c in free if c in self.used])[:count]
        self.used.update(chosen)
        self.busy.update(chosen)
        for c in chosen:
            self.sessions[c] = self.sessions.get(c, 0) + 1
        return chosen


def _session_plan(rng: random.Random, case_ids: list[int]) -> list[tuple]:
    """The non-leader sessions to place, in a shuffled but repeatable order."""
    plan: list[tuple] = [("case_tracking", case_id) for case_id in case_ids]
    plan += [("partner_provider", meeting) for meeting in PARTNER_MEETINGS]
    plan += [("other", meeting) for meeting in VOICE_MEETINGS]
    plan += [("managers", None), ("managers", None), ("managers", None)]
    teams = [t for t in TEAMS for _ in range(3)] + ["Front Door", "Safeguarding Hub"]
    plan += [("drop_in" if n % 4 == 3 else "focus_group", team) for n, team in enumerate(teams)]
    rng.shuffle(plan)
    return plan


def _slot_key(kind: str, what, reg: Register) -> str:
    """What a session ties up for its slot: a team's practitioners, the team managers, or the Expert by Experience."""
    if kind == "case_tracking":
        return cases.get(reg, what)["team"]
    if kind in ("focus_group", "drop_in"):
        return what
    if kind in ("other", "managers"):
        return {"other": "expert by experience", "managers": "managers"}[kind]
    return f"{kind} {what[0]}"


def _fits(plan: list[tuple], taken: set[str], reg: Register) -> int:
    """The first planned session that needs nothing already taken in this slot (else the first)."""
    for index, (kind, what) in enumerate(plan):
        if _slot_key(kind, what, reg) not in taken:
            return index
    return 0


def _attendees(kind: str, what, cast: Cast, picker: _Picker, reg: Register) -> tuple[str, list[int], list[str]]:
    """(title, attendees, QS) for one planned session."""
    if kind == "case_tracking":
        case = cases.get(reg, what)
        team = case["team"]
        workers = picker.take(cast.practitioners[team], 2, PRACTITIONER_SESSIONS, case=True)
        staff = workers + picker.take([cast.managers[team]], 1)
        return f"Case tracking conversation {case['code']}", staff, case["qs"]
    if kind in ("partner_provider", "other"):
        title, person_kind, *rest = what
        orgs = rest[0] if kind == "partner_provider" else None
        qs = rest[-1]
        pool = [pid for pid, org in cast.others[person_kind] if orgs is None or org in orgs]
        size = {"voluntary": 8, "provider": 7, "partner": 6}.get(person_kind, 4)  # VCS groups run large
        return title, picker.take(pool, size), qs
    if kind == "managers":
        return "Team managers' focus group", picker.take(list(cast.managers.values()), 5), ["QS8", "QS9"]
    team = what
    # Commissioning and quality assurance officers are staff, not front-line practitioners.
    front_line = team not in ("Commissioning", "Quality Assurance")
    if kind == "drop_in":  # open: staff choose on the day whether to come, so nobody is booked
        return f"{'Practitioner' if front_line else 'Staff'} drop-in: {team}", [], TEAM_QS[team]
    staff = picker.take(cast.practitioners[team], 5, PRACTITIONER_SESSIONS)
    return f"{'Front-line practitioners' if front_line else 'Staff focus group'}: {team}", staff, TEAM_QS[team]


def make_sessions(
    reg: Register,
    fw,
    rng: random.Random,
    onsite: list[str],
    virtual: list[str],
    cast: Cast,
    selected_cases: list[int],
    evidence_ids: dict[str, list[int]],
) -> int:
    """The timetable: leaders one-to-one in Room 1 first, then a repeatable mix of every kind of session."""
    plan = _session_plan(rng, selected_cases)
    leaders = [(role, cast.leaders[role], qs) for role, qs in LEADERS]
    picker = _Picker()
    for case_id in selected_cases:  # each tracked case's worker: the first practitioner of its team
        picker.case_holders.add(cast.practitioners[cases.get(reg, case_id)["team"]][0])
    count = 0
    grid = [(d, cast.rooms) for d in onsite] + [(d, [cast.virtual_room]) for d in virtual]
    for day, day_rooms in grid:
        for slot_index, (s_start, s_end) in enumerate(SLOTS):
            slot_assessors = cast.assessors[:]
            rng.shuffle(slot_assessors)
            picker.busy = set()
            slot_keys: set[str] = set()
            for room_index, room in enumerate(day_rooms):
                if room_index == 3 and slot_index in (2, 5):
                    continue  # keep a little slack in the home-team room
                lead_interview = False
                if room_index == 0 and leaders:
                    role, pid, qs = leaders.pop(0)
                    kind, title, attendees = "one_to_one", f"Conversation with the {role}", [pid]
                    lead_interview = role in BY_ASSESSMENT_LEAD
                elif plan:
                    kind, what = plan.pop(_fits(plan, slot_keys, reg))
                    slot_keys.add(_slot_key(kind, what, reg))
                    title, attendees, qs = _attendees(kind, what, cast, picker, reg)
                    kind = "focus_group" if kind == "managers" else kind
                else:
                    continue
                if lead_interview:  # the DASS and the Chief Executive meet CQC's assessment lead
                    slot_assessors.remove(cast.assessors[0])
                    slot_assessors.insert(0, cast.assessors[0])
                team_of_assessors = slot_assessors[room_index * 2 : room_index * 2 + 1 + (slot_index + room_index) % 2]
                if kind == "other":  # people and carers meet CQC's Expert by Experience
                    team_of_assessors = [cast.expert_by_experience, *team_of_assessors[:1]]
                linked = [] if kind == "case_tracking" else sorted({rng.choice(evidence_ids[q]) for q in qs[:2]})
                sessions.create(
                    reg,
                    date=day,
                    start=s_start,
                    end=s_end,
                    room_id=room,
                    title=title,
                    kind=kind,
                    case_id=what if kind == "case_tracking" else None,
                    status=rng.choice(["planned", "invited", "confirmed", "briefed"]),
                    briefing_owner="PSW office" if kind in ("focus_group", "drop_in") else "Assurance team",
                    key_messages=SESSION_MESSAGES[kind],
                    qs=qs,
                    people=attendees,
                    assessors=team_of_assessors,
                    evidence=linked,
                )
                count += 1
    return count + _deliberate_conflicts(reg, onsite, cast) + _system_voices(reg, onsite, cast)


def _deliberate_conflicts(reg: Register, onsite: list[str], cast: Cast) -> int:
    """A few double bookings for the lead to find: the PSW in two places, a room and an assessor twice."""
    psw = cast.leaders["Principal Social Worker"]
    at_the_time = [s for s in sessions.list_sessions(reg, day=onsite[0]) if s["start"] == "10:15"]
    preference = ("focus_group", "case_tracking", "partner_provider", "other")  # never an open drop-in
    staff_session = min((s for s in at_the_time if s["kind"] in preference), key=lambda s: preference.index(s["kind"]))
    sessions.update(reg, staff_session["id"], people=[*(p["id"] for p in staff_session["people"]), psw])
    # The briefing overlaps Room 1's 13:30 session and borrows an assessor from the session next door.
    next_door = next(s for s in sessions.list_sessions(reg, day=onsite[1]) if s["start"] == "13:30" and s["assessors"])
    sessions.create(
        reg,
        date=onsite[1],
        start="13:45",
        end="14:15",
        room_id=cast.rooms[0],
        title="Lead Member briefing",
        kind="one_to_one",
        purpose="The Lead Member gives the political view of priorities and how members hold the service to account.",
        people=[cast.leaders["Lead Member for Adult Social Care"], cast.leaders["Director of Adult Social Services"]],
        assessors=[next_door["assessors"][0]["id"]],
        key_messages=SESSION_MESSAGES["one_to_one"],
        qs=["QS8"],
    )
    return 1


BY_ASSESSMENT_LEAD = ("Director of Adult Social Services", "Chief Executive")
# People from across the system CQC meets on their own: (role, person kind, team, organisation)
SYSTEM_VOICES = (
    ("Director of Public Health", "leader", "Public Health", ""),
    ("Director of Finance (section 151 officer)", "leader", "Finance", ""),
    ("Director of Children's Services", "leader", "Children's Services", ""),
    ("Independent Chair", "partner", "", "Northmoor Safeguarding Adults Board"),
    ("Chief Executive", "voluntary", "", "Healthwatch Northmoor"),
    ("Clinical Director, Community Mental Health", "partner", "", "Northmoor and Dales NHS Foundation Trust"),
)
# (role, title, QS, kind): in Room 4's free slots, one a day before lunch and one at the end of the day.
SYSTEM_SESSIONS = (
    ("Director of Public Health", "Conversation with the Director of Public Health", ["QS2", "QS3"], "one_to_one"),
    ("Director of Finance (section 151 officer)", "Conversation with the Director of Finance", ["QS8"], "one_to_one"),
    ("Director of Children's Services", "Transitions: Director of Children's Services", ["QS6"], "one_to_one"),
    ("Independent Chair", "Safeguarding Adults Board independent chair", ["QS7"], "partner_provider"),
    ("Chief Executive", "Healthwatch Northmoor", ["QS3", "QS5"], "partner_provider"),
    ("Clinical Director, Community Mental Health", "Mental health trust", ["QS4", "QS6"], "partner_provider"),
)


def _system_voices(reg: Register, onsite: list[str], cast: Cast) -> int:
    """Public health, finance, children's services, the SAB chair, Healthwatch and the mental health trust,
    each with two of CQC's team who are free at the time."""
    slots = [(day, SLOTS[index]) for day in onsite for index in (2, 5)]
    count = 0
    for (role, title, qs, kind), (day, (start, end)) in zip(SYSTEM_SESSIONS, slots, strict=False):
        busy = {a["id"] for s in sessions.list_sessions(reg, day=day) if s["start"] == start for a in s["assessors"]}
        free = [a for a in cast.assessors if a not in busy][:2]
        sessions.create(
            reg,
            date=day,
            start=start,
            end=end,
            room_id=cast.rooms[3],
            title=title,
            kind=kind,
            status="confirmed",
            briefing_owner="Assurance team",
            key_messages=SESSION_MESSAGES[kind],
            qs=qs,
            people=[cast.system[role]],
            assessors=free,
        )
        count += 1
    return count
