"""Rooms and venues for interviews: on site (building and floor, capacity) or virtual (a meeting link).

Names are unique ignoring case and spacing ("Room 2" and "room  2" are one room),
so an import or a typed name always finds the room meant. A room that sessions
use cannot be removed until they are moved.
"""

from __future__ import annotations

from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register import named, records
from readiness_app.register.connection import Register
from readiness_app.register.named import name_key, natural_key
from readiness_app.register.validation import long_date, required_text, web_link

FIELDS = ("name", "location", "capacity", "virtual", "link", "notes", "use")
# Councils set aside a base room for the CQC team and a room for their own home team during the visit.
USE = {"interviews": "Interviews", "cqc_base": "CQC team's base room", "home_team": "Council's home-team room"}


def check_link(link: object) -> str:
    """A meeting link: blank, or an http(s) address with a host; 'teams.example/x' gets its https://."""
    text = str(link or "").strip()
    if not text:
        return ""
    if "://" not in text and not text.lower().startswith("mailto:") and "." in text.split("/")[0]:
        text = "https://" + text  # typed as people say it: teams.example/room
    return web_link(text, "link", what="a meeting link")


def _capacity(value: object) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ReadinessError(f"capacity must be a whole number of people (got {value!r})", field="capacity") from None
    if number < 1:
        raise ReadinessError("capacity must be at least 1 person", field="capacity")
    return number


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ReadinessError(f"rooms have no field {sorted(unknown)[0]!r}")
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key == "name":
            clean[key] = named.clean_name(value)
        elif key == "capacity":
            clean[key] = _capacity(value)
        elif key == "virtual":
            clean[key] = int(bool(value))
        elif key == "link":
            clean[key] = check_link(value)
        elif key == "use":
            from readiness_app.register.validation import choice

            clean[key] = choice(value or "interviews", USE, "use")
        else:
            clean[key] = str(value or "").strip()
    return clean


def _taken(name: str) -> str:
    return f"there is already a room called {name!r}"


def _needs_link(room: dict[str, Any]) -> None:
    if room.get("virtual") and not room.get("link"):
        raise ReadinessError("a virtual room needs its meeting link", hint="paste the Teams or Zoom link", field="link")


def add(reg: Register, name: str, **values: Any) -> int:
    """Add a room; returns its id. A virtual room needs its meeting link."""
    clean = _clean({"name": name, **values})
    _needs_link(clean)
    return named.add(reg, "room", clean, _taken)


def edit(reg: Register, room_id: int, **values: Any) -> dict[str, Any]:
    """Change some of a room's fields; returns the audited changes."""
    clean = _clean(values)
    if "virtual" in clean or "link" in clean:
        _needs_link({**records.get(reg, "room", room_id), **clean})
    return named.edit(reg, "room", room_id, clean, _taken)


def sessions_in(reg: Register, room_id: int) -> list[str]:
    """The sessions held in a room, as people read them: 'Tue 15 Dec 2026 09:30 Leaders focus group'."""
    rows = reg.query("SELECT date, start, title FROM session WHERE room_id = ? ORDER BY date, start", (room_id,))
    return [f"{long_date(r[0])} {r[1]} {r[2]}" for r in rows]


def describe_sessions(titles: list[str], limit: int = 4) -> str:
    shown = "; ".join(titles[:limit])
    return shown + (f" and {len(titles) - limit} more" if len(titles) > limit else "")


def remove(reg: Register, room_id: int) -> None:
    """Remove a room nobody uses; refused (naming the sessions) while sessions are held in it."""
    with reg.transaction():
        room = records.get(reg, "room", room_id)
        used = sessions_in(reg, room_id)
        if used:
            noun = "session uses" if len(used) == 1 else "sessions use"
            raise ReadinessError(
                f"{len(used)} {noun} room {room['name']!r}: {describe_sessions(used)}",
                hint="move those sessions to another room first",
            )
        records.delete(reg, "room", room_id)


def find(reg: Register, name: str) -> dict[str, Any]:
    """The room with this name (ignoring case and spacing)."""

    def missing(known: list[str]) -> str:
        return f"no room called {name!r} (rooms: {', '.join(known) or 'none set up yet'})"

    return named.find(list_rooms(reg), name, missing)


def list_rooms(reg: Register) -> list[dict[str, Any]]:
    """Every room (on-site first, then virtual), with how many sessions each holds."""
    rows = reg.query(
        "SELECT r.*, (SELECT COUNT(*) FROM session s WHERE s.room_id = r.id) AS sessions"
        " FROM room r ORDER BY r.virtual, r.name COLLATE NOCASE"
    )
    return sorted((dict(r) for r in rows), key=lambda r: (r["virtual"], natural_key(r["name"])))  # Room 2, Room 10


def ensure(reg: Register, names: list[str]) -> dict[str, int]:
    """Room ids by name for `names`, creating (and auditing) those the register lacks. Case- and space-blind."""
    found = {name_key(existing): int(room_id) for room_id, existing in reg.query("SELECT id, name FROM room")}
    new: dict[str, str] = {}
    for name in names:
        clean = required_text(" ".join(str(name).split()), "room")
        if name_key(clean) not in found:
            new.setdefault(name_key(clean), clean)
    with reg.transaction():
        rows = [{"name": n, "location": "", "virtual": 0, "link": ""} for n in new.values()]
        found.update(zip(new, records.insert_many(reg, "room", rows), strict=True))
    return {name: found[name_key(name)] for name in names}
