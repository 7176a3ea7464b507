"""Outlook meeting invitations: METHOD:REQUEST with attendees, SEQUENCE on a move, METHOD:CANCEL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from readiness_app.errors import ReadinessError
from readiness_app.interop.importers import import_file
from readiness_app.interop.invitations import export_invitations
from readiness_app.register import cqc_team, people, rooms, sessions

ROOT = Path(__file__).resolve().parents[2]


def _event(path: Path):
    cal = Calendar.from_ical(path.read_bytes())
    (event,) = cal.walk("VEVENT")
    return cal, event


def _attendees(event) -> dict[str, str]:
    found = event.get("attendee")
    found = found if isinstance(found, list) else [found]
    return {str(a).removeprefix("mailto:"): str(a.params["ROLE"]) for a in found}


@pytest.fixture
def planned(visit_register):
    reg = visit_register
    jane = people.list_people(reg)[0]["id"]
    people.update_person(reg, jane, email="jane.smith@testshire.gov.uk")
    carer = people.create_person(reg, "Carol Carer", kind="carer", email="carol@example.org")
    sam = cqc_team.find(reg, "Sam Jones (CQC)")["id"]
    cqc_team.edit(reg, sam, email="sam.jones@cqc.org.uk")
    room = rooms.list_rooms(reg)[0]["id"]
    session_id = sessions.create(
        reg, date="2026-05-19", start="09:00", end="10:00", title="Front door", kind="one_to_one",
        room_id=room, people=[jane, carer], assessors=[sam],
    )  # fmt: skip
    return reg, session_id


def test_request_names_organiser_and_attendees_with_roles_and_keeps_carers_apart(planned, tmp_path):
    reg, _ = planned
    result = export_invitations(reg, tmp_path / "out", organiser_email="lead@testshire.gov.uk")
    assert (result.new, result.updated, result.cancelled) == (2, 0, 0)
    shared = tmp_path / "out" / "2026-05-19 0900 Front door.ics"
    separate = tmp_path / "out" / "2026-05-19 0900 Front door (separate invitation).ics"
    assert sorted(result.files) == sorted([shared, separate])
    cal, event = _event(shared)
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["ORGANIZER"]) == "mailto:lead@testshire.gov.uk"
    assert _attendees(event) == {"jane.smith@testshire.gov.uk": "REQ-PARTICIPANT", "sam.jones@cqc.org.uk": "CHAIR"}
    assert str(event["LOCATION"]) == "Room 1, County Hall"
    assert int(event["SEQUENCE"]) == 0
    assert b"Carol" not in shared.read_bytes()  # the carer is neither invited with others nor named
    _, alone = _event(separate)
    assert _attendees(alone) == {"carol@example.org": "REQ-PARTICIPANT"}
    assert str(alone["UID"]) != str(event["UID"])


def test_a_moved_session_goes_out_with_the_same_uid_and_a_higher_sequence(planned, tmp_path):
    reg, session_id = planned
    export_invitations(reg, tmp_path / "first", organiser_email="lead@testshire.gov.uk")
    _, before = _event(tmp_path / "first" / "2026-05-19 0900 Front door.ics")
    again = export_invitations(reg, tmp_path / "same")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    teams = next(r["id"] for r in rooms.list_rooms(reg) if r["name"] == "Teams")
    sessions.update(reg, session_id, start="11:00", end="12:00", room_id=teams)
    moved = export_invitations(reg, tmp_path / "moved")
    assert (moved.new, moved.updated) == (0, 2)
    _, after = _event(tmp_path / "moved" / "2026-05-19 1100 Front door.ics")
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == 1
    assert str(after["LOCATION"]) == "https://teams.example/x"  # a virtual room's link is the location
    assert after.decoded("DTSTART").hour == 11


def test_cancelled_and_removed_sessions_export_cancel(planned, tmp_path):
    reg, session_id = planned
    other = sessions.create(reg, date="2026-05-20", start="14:00", end="15:00", title="Drop in",
                            people=[people.list_people(reg)[1]["id"]])  # fmt: skip
    export_invitations(reg, tmp_path / "first", organiser_email="lead@testshire.gov.uk")
    sessions.update(reg, session_id, status="cancelled")
    sessions.delete(reg, other)
    result = export_invitations(reg, tmp_path / "second")
    assert result.cancelled == 3  # the shared and the separate invitation, and the removed session's
    cal, event = _event(tmp_path / "second" / "2026-05-19 0900 Front door (cancelled).ics")
    assert str(cal["METHOD"]) == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    assert _attendees(event) == {"jane.smith@testshire.gov.uk": "REQ-PARTICIPANT", "sam.jones@cqc.org.uk": "CHAIR"}
    cal, _ = _event(tmp_path / "second" / "2026-05-20 1400 Drop in (cancelled).ics")
    assert str(cal["METHOD"]) == "CANCEL"
    assert export_invitations(reg, tmp_path / "third").cancelled == 0  # cancelled once, not again


def test_an_organiser_is_needed_and_a_bad_address_is_refused(planned, tmp_path):
    reg, _ = planned
    with pytest.raises(ReadinessError, match="organiser"):
        export_invitations(reg, tmp_path)
    with pytest.raises(ReadinessError, match="not an e-mail address"):
        people.create_person(reg, "No Mail", email="not an address")


def test_staff_list_email_column_is_imported(visit_register, files):
    path = files.csv(
        "staff.csv", [["Name", "Job title", "Email address"], ["Ali Khan", "Team Manager", "ali@x.gov.uk"]]
    )
    import_file(visit_register, "people", path)
    ali = next(p for p in people.list_people(visit_register) if p["name"] == "Ali Khan")
    assert ali["email"] == "ali@x.gov.uk"


def test_export_invitations_command(planned, tmp_path):
    reg, _ = planned
    path = reg.path
    reg.close()
    out = tmp_path / "invites"
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "export", "invitations", str(path), "-o", str(out),
         "--organiser", "lead@testshire.gov.uk", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["new"] == 2 and len(list(out.glob("*.ics"))) == 2
