"""What the import speed-ups must not change: attendees resolved once per text, the audit text, the
cycle collector left as it was found, case codes matched whatever their case, cells trimmed."""

from __future__ import annotations

import gc
import json
import sqlite3
from datetime import date

import pytest

from readiness_app.errors import ValidationErrors
from readiness_app.interop.columns import cell_text
from readiness_app.interop.importers import import_file
from readiness_app.register import people, records, search, sessions


def _row(title, attendees="", start="09:00", case="", date_text="19/05/2026"):
    end = f"{int(start[:2]) + 1:02d}{start[2:]}"
    return [date_text, start, end, "Room 1", title, "Focus group", "QS1", "Sam Jones", attendees, case]


def test_one_attendee_in_many_different_lists_is_one_person(visit_register, files):
    ali = "Ali Khan (Team Manager, Northmoor ICB)"
    path = files.csv(
        "t.csv",
        [
            files.SESSION_HEADER,
            _row("First", f"{ali}; Bo Li (Carer)"),
            _row("Second", f"Jane Smith; {ali}", start="11:00"),
            _row("Third", f"{ali}; Jane Smith; {ali}", start="13:00"),
        ],
    )
    result = import_file(visit_register, "sessions", path)
    assert result.also_created["people"] == ["Ali Khan", "Bo Li"]
    found = {s["title"]: sorted(p["name"] for p in s["people"]) for s in sessions.list_sessions(visit_register)}
    assert found == {
        "First": ["Ali Khan", "Bo Li"],
        "Second": ["Ali Khan", "Jane Smith"],
        "Third": ["Ali Khan", "Jane Smith"],  # named twice in one cell, linked once
    }
    assert [p["name"] for p in people.list_people(visit_register)].count("Ali Khan") == 1


def test_an_ambiguous_attendee_is_reported_on_every_row_that_names_them(visit_register, files):
    people.create_person(visit_register, "Sam Lee", organisation="Testshire Council")
    people.create_person(visit_register, "Sam Lee", organisation="Northmoor ICB")
    before = files.audit_count(visit_register)
    path = files.csv(
        "t.csv",
        [files.SESSION_HEADER, _row("First", "Sam Lee; Jane Smith"), _row("Second", "Jane Smith; Sam Lee", "11:00")],
    )
    with pytest.raises(ValidationErrors) as caught:
        import_file(visit_register, "sessions", path)
    rows = sorted(p.row for p in caught.value.problems if "2 people are called 'Sam Lee'" in p.message)
    assert rows == [2, 3]
    assert files.audit_count(visit_register) == before


def test_the_cycle_collector_is_left_as_it_was_found(visit_register, files):
    good = files.csv("good.csv", [files.SESSION_HEADER, _row("Fine")])
    bad = files.csv("bad.csv", [files.SESSION_HEADER, _row("Broken", date_text="31/02/2026")])
    assert gc.isenabled()
    import_file(visit_register, "sessions", good, dry_run=True)
    assert gc.isenabled()
    with pytest.raises(ValidationErrors):
        import_file(visit_register, "sessions", bad)
    assert gc.isenabled()
    import_file(visit_register, "sessions", good)
    assert gc.isenabled()
    gc.disable()
    try:
        import_file(visit_register, "sessions", good)  # unchanged now: nothing to write
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_batch_audit_text_is_what_a_single_audit_entry_would_hold(visit_register, files):
    sample = {"date": [None, date(2026, 5, 19)], "qs": [[], ["QS7", "QS1"]], "title": [None, "Café – “quoted”"]}
    assert records._AUDIT_JSON(sample) == json.dumps(sample, sort_keys=True, default=str)
    mark = visit_register.scalar("SELECT MAX(id) FROM audit")
    import_file(visit_register, "sessions", files.csv("t.csv", [files.SESSION_HEADER, _row("Café", "Zoë Ng")]))
    entries = visit_register.query("SELECT record_table, action, changes FROM audit WHERE id > ?", (mark,))
    assert {(e["record_table"], e["action"]) for e in entries} == {
        ("session", "insert"),
        ("person", "insert"),
        ("snapshot", "insert"),  # the self-assessment, kept before the import writes
    }
    # One entry per new session holds its first state, links included.
    (session,) = [json.loads(e["changes"]) for e in entries if e["record_table"] == "session"]
    assert session["title"] == [None, "Café"] and session["qs"] == [[], ["QS1"]] and len(session["attendees"][1]) == 1
    for entry in entries:
        assert entry["changes"] == json.dumps(json.loads(entry["changes"]), sort_keys=True)


def test_case_codes_match_whatever_their_case(visit_register, files):
    path = files.csv("t.csv", [files.SESSION_HEADER, _row("Case review", case="ts-001")])
    import_file(visit_register, "sessions", path)
    (session,) = sessions.list_sessions(visit_register)
    assert session["case_code"] == "TS-001"


class Text(str):
    pass


@pytest.mark.parametrize("value", ["\u00a0 Room 1 \u00a0", Text("  Room 1\t")])
def test_text_cells_are_trimmed_on_the_fast_path_and_off_it(value):
    assert cell_text(value) == "Room 1"


def _session_trigger(reg) -> str:
    return reg.scalar("SELECT sql FROM sqlite_master WHERE name = 'search_session_insert'")


def test_a_large_import_is_indexed_for_search_in_one_go_as_the_trigger_would(visit_register, files):
    trigger = _session_trigger(visit_register)
    count = records.BULK_INDEX_FROM + 20
    rows = [_row(f"Bulk review {n}", start=f"{9 + n % 8:02d}:{n % 4 * 15:02d}") for n in range(count)]
    import_file(visit_register, "sessions", files.csv("t.csv", [files.SESSION_HEADER, *rows]))
    assert _session_trigger(visit_register) == trigger  # put back as it was, in the same transaction
    indexed = visit_register.query(
        "SELECT s.title, i.title AS indexed, i.body, i.details FROM session s "
        "JOIN search_index i ON i.rowid = 5497558138880 + s.id"
    )
    assert len(indexed) == count
    for row in indexed:
        assert row["indexed"] == row["title"] and "2026-05-19 focus_group planned" in row["details"]
    hits = search.search(visit_register, "Bulk review 117")
    assert [h.title for h in hits][:1] == ["Bulk review 117"]
    # the trigger still indexes a session added afterwards, one at a time
    sessions.create(visit_register, date="2026-05-19", start="18:00", end="18:30", title="Late huddle")
    assert [h.title for h in search.search(visit_register, "huddle")] == ["Late huddle"]


def test_a_failed_large_insert_leaves_the_search_trigger_in_place(visit_register):
    trigger = _session_trigger(visit_register)
    good = {"date": "2026-05-19", "start": "09:00", "end": "10:00", "title": "Fine", "kind": "other"}
    rows = [good] * records.BULK_INDEX_FROM + [{**good, "kind": "no such kind"}]
    with pytest.raises(sqlite3.IntegrityError), visit_register.transaction("import"):
        records.insert_many(visit_register, "session", rows)
    assert _session_trigger(visit_register) == trigger
    assert visit_register.scalar("SELECT COUNT(*) FROM session WHERE title = 'Fine'") == 0
