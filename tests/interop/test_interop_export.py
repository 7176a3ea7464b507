"""Exports read back through real readers: openpyxl, csv, icalendar."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from icalendar import Calendar

from readiness_app.errors import ReadinessError
from readiness_app.interop import exporters
from readiness_app.interop.exporters import export_evidence_index, export_gaps, export_schedule, neutralise
from readiness_app.register import assessment, evidence, gaps, people, sessions
from readiness_app.register.connection import UUID_KEY


def _sheet_rows(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return ws, [list(r) for r in ws.iter_rows(values_only=True)]


def test_evidence_index_xlsx(demo_register, tmp_path):
    out = tmp_path / "index.xlsx"
    written = export_evidence_index(demo_register, out)
    items = evidence.list_items(demo_register)
    ws, rows = _sheet_rows(out, "Evidence index")
    assert written.rows == len(items) == len(rows) - 1
    assert rows[0] == [h for h, _ in exporters.EVIDENCE_COLUMNS]
    assert ws.freeze_panes == "A2"
    (table,) = ws.tables.values()  # an Excel table, with its own filter buttons
    assert table.ref == f"A1:J{len(items) + 1}" and table.autoFilter.ref == table.ref
    assert ws["A1"].font.b
    assert ws.oddHeader.center.text == "OFFICIAL-SENSITIVE"
    first = items[0]
    assert rows[1][0] == first["reference"] and rows[1][8] == first["rel_path"] and rows[1][9] == first["sha256"]
    assert rows[1][2] == "; ".join(first["qs"])
    dated = next((i, r) for i, r in enumerate(rows[1:]) if items[i]["document_date"]) if any(
        i["document_date"] for i in items) else None  # fmt: skip
    if dated:
        index, row = dated
        assert row[7].date() == date.fromisoformat(items[index]["document_date"])
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Evidence index", "About"]
    assert wb.properties.subject == "OFFICIAL-SENSITIVE"
    about = {r[0]: r[1] for r in wb["About"].iter_rows(values_only=True)}
    assert about["Protective marking"] == "OFFICIAL-SENSITIVE" and about["Council"] == "Northmoor County Council"


def test_evidence_index_csv(demo_register, tmp_path):
    item_id = evidence.list_items(demo_register)[0]["id"]
    with demo_register.transaction():
        evidence.update(demo_register, item_id, document_date="21/05/2024")
    out = tmp_path / "index.csv"
    export_evidence_index(demo_register, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["Reference", "Title", "QS"]
    assert len(rows) == len(evidence.list_items(demo_register)) + 1
    by_path = {r[8]: r for r in rows[1:]}
    item = evidence.get(demo_register, item_id)
    assert by_path[item["rel_path"]][7] == "2024-05-21"


def test_formula_injection_is_neutralised(demo_register, tmp_path):
    items = evidence.list_items(demo_register)
    nasty = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    with demo_register.transaction():
        for item, title in zip(items, nasty, strict=False):
            evidence.update(demo_register, item["id"], title=title, owner="=1+1")
    export_evidence_index(demo_register, tmp_path / "i.xlsx")
    export_evidence_index(demo_register, tmp_path / "i.csv")
    ws, rows = _sheet_rows(tmp_path / "i.xlsx", "Evidence index")
    titles = {r[1] for r in rows[1:]}
    for title in nasty:
        shown = "'" + title if title[0] in "\t\r" else title  # a leading tab/CR keeps it: reading trims them
        assert shown.replace("\r", "\n") in titles  # text cells: no apostrophe shown (XML reads a CR as LF)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"  # no formula anywhere
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\n")):
                assert cell.data_type == "s" and cell.quotePrefix  # stays text even when edited in Excel
    with open(tmp_path / "i.csv", encoding="utf-8-sig", newline="") as fh:
        cells = [c for r in csv.reader(fh) for c in r]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert neutralise(-5) == -5 and neutralise("a=b") == "a=b"


def test_schedule_xlsx(demo_register, tmp_path):
    out = tmp_path / "schedule.xlsx"
    written = export_schedule(demo_register, out)
    ws, rows = _sheet_rows(out, "Schedule")
    all_sessions = sessions.list_sessions(demo_register)
    assert written.rows == len(all_sessions) == len(rows) - 1
    assert rows[0][:6] == ["Session ID", "Date", "Start", "End", "Room", "Title"]
    first = all_sessions[0]
    # The Session ID carries the register's identity, so another register's import cannot take it for its own.
    assert rows[1][0] == f"{first['id']}@{exporters.register_tag(demo_register)}" and "@" in rows[1][0]
    assert rows[1][1].date() == date.fromisoformat(first["date"])
    assert ws["B2"].number_format == "dd/mm/yyyy"
    assert ws.freeze_panes == "A2"


def _calendar(path):
    return Calendar.from_ical(path.read_bytes())


def test_schedule_ics_whole_day_and_person(demo_register, tmp_path):
    export_schedule(demo_register, tmp_path / "all.ics")
    cal = _calendar(tmp_path / "all.ics")
    # The whole schedule also carries the assessment timeline's milestones (tests/setup checks those).
    events = [e for e in cal.walk("VEVENT") if str(e["UID"]).startswith("session-")]
    all_sessions = sessions.list_sessions(demo_register)
    assert len(events) == len(all_sessions)
    uids = {str(e["UID"]) for e in events}
    register_id = assessment.setting(demo_register, UUID_KEY)
    assert register_id
    assert uids == {f"session-{s['id']}@{register_id}.readiness-app" for s in all_sessions}
    s = all_sessions[0]
    event = next(e for e in events if str(e["UID"]).startswith(f"session-{s['id']}@"))
    assert event.decoded("dtstart") == datetime.fromisoformat(f"{s['date']}T{s['start']}").replace(
        tzinfo=event.decoded("dtstart").tzinfo
    )
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    text = str(event["DESCRIPTION"])
    assert text.startswith("OFFICIAL-SENSITIVE")
    assert all(p["name"] in text for p in s["people"]) and all(a["name"] in text for a in s["assessors"])
    assert "QS focus: " + s["qs"][0] in text
    assert s["room"] in str(event["LOCATION"])

    day = all_sessions[-1]["date"]
    export_schedule(demo_register, tmp_path / "day.ics", day=day)
    assert len(_calendar(tmp_path / "day.ics").walk("VEVENT")) == len(sessions.list_sessions(demo_register, day=day))

    person = s["people"][0]["id"]
    export_schedule(demo_register, tmp_path / "me.ics", person_id=person)
    mine = sessions.list_sessions(demo_register, person_id=person)
    got = {str(e["UID"]) for e in _calendar(tmp_path / "me.ics").walk("VEVENT")}
    register_id = assessment.setting(demo_register, UUID_KEY)
    assert got == {f"session-{m['id']}@{register_id}.readiness-app" for m in mine}


def test_uids_are_stable_and_sequence_rises_on_change(demo_register, tmp_path):
    s = sessions.list_sessions(demo_register)[0]
    export_schedule(demo_register, tmp_path / "a.ics")
    with demo_register.transaction():
        sessions.update(demo_register, s["id"], status="cancelled")
    export_schedule(demo_register, tmp_path / "b.ics")

    def event(path):
        return next(e for e in _calendar(path).walk("VEVENT") if str(e["UID"]).startswith(f"session-{s['id']}@"))

    before, after = event(tmp_path / "a.ics"), event(tmp_path / "b.ics")
    assert str(before["UID"]) == str(after["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert str(after["STATUS"]) == "CANCELLED" and str(before["STATUS"]) != "CANCELLED"
    assert str(after["SUMMARY"]).startswith("Cancelled: ")
    assert after.decoded("last-modified") >= before.decoded("last-modified")


@pytest.mark.parametrize(
    ("day", "offset_hours"),
    [
        ("2026-03-27", 0),  # Friday before the clocks go forward (GMT)
        ("2026-03-30", 1),  # Monday after (BST)
        ("2026-10-23", 1),  # Friday before the clocks go back (BST)
        ("2026-10-26", 0),  # Monday after (GMT)
    ],
)
def test_times_are_uk_local_across_bst_and_gmt(empty_register, tmp_path, day, offset_hours):
    sessions.create(empty_register, date=day, start="09:30", end="10:30", title="Interview")
    out = tmp_path / "s.ics"
    export_schedule(empty_register, out)
    cal = _calendar(out)
    (event,) = cal.walk("VEVENT")
    start = event.decoded("dtstart")
    assert (start.hour, start.minute) == (9, 30)
    assert start.utcoffset() == timedelta(hours=offset_hours)
    # The VTIMEZONE written in the file gives the same offset on its own (what Outlook uses).
    (vtz,) = cal.walk("VTIMEZONE")
    own = vtz.to_tz()
    local = datetime.fromisoformat(f"{day}T09:30").replace(tzinfo=own)
    assert local.utcoffset() == timedelta(hours=offset_hours)
    raw = out.read_text()
    assert f"DTSTART;TZID=Europe/London:{day.replace('-', '')}T093000" in raw


def test_empty_selections_are_refused(demo_register, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(ReadinessError, match="no sessions on 01/01/2030"):
        export_schedule(demo_register, tmp_path / "x.ics", day="2030-01-01")
    with pytest.raises(ReadinessError, match="no person with id 99999"):
        export_schedule(demo_register, tmp_path / "x.ics", person_id=99999)
    assert not list(tmp_path.iterdir())


def test_gaps_and_actions_xlsx(demo_register, tmp_path):
    from readiness_app.register import improvement

    improvement.create(
        demo_register,
        description="Publish waiting list trajectory",
        priority="H",
        lead="AD Ops",
        qs="QS1",
        target_date="2027-03-31",
    )
    out = tmp_path / "gaps.xlsx"
    export_gaps(demo_register, out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Gaps", "Improvement actions", "About"]
    rows = [list(r) for r in wb["Gaps"].iter_rows(values_only=True)]
    all_gaps = gaps.list_gaps(demo_register)
    assert len(rows) - 1 == len(all_gaps)
    assert rows[1][0] == all_gaps[0]["id"] and rows[1][5] == all_gaps[0]["description"]
    assert wb["Gaps"].freeze_panes == "A2" and wb["Gaps"].tables
    actions = [list(r) for r in wb["Improvement actions"].iter_rows(values_only=True)]
    assert len(actions) - 1 == demo_register.scalar("SELECT COUNT(*) FROM improvement_action")
    added = next(row for row in actions if row[3] == "Publish waiting list trajectory")
    assert added[4] == "High"
    export_gaps(demo_register, tmp_path / "gaps.csv")
    with open(tmp_path / "gaps.csv", encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == len(all_gaps) + 1


def test_wrong_extension_and_missing_folder(demo_register, tmp_path):
    with pytest.raises(ReadinessError, match=r"must end in \.xlsx, \.csv"):
        export_evidence_index(demo_register, tmp_path / "index.ics")
    with pytest.raises(ReadinessError, match="does not exist"):
        export_evidence_index(demo_register, tmp_path / "nope" / "index.xlsx")


def test_failed_export_leaves_the_old_file_and_no_temp_file(demo_register, tmp_path, monkeypatch):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "index.xlsx"
    out.write_bytes(b"old contents")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporters, "write_xlsx", broken)
    with pytest.raises(ReadinessError, match="No space left"):
        export_evidence_index(demo_register, out)
    assert out.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["index.xlsx"]


def test_locked_target_says_close_it(demo_register, tmp_path, monkeypatch):
    import os

    tmp_path = tmp_path / "out"
    tmp_path.mkdir()

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ReadinessError, match="open in another program") as err:
        export_evidence_index(demo_register, tmp_path / "index.xlsx")
    assert "Excel" in err.value.hint
    assert list(tmp_path.iterdir()) == []


def test_virtual_room_link_in_calendar(empty_register, tmp_path):
    room = people.create_room(empty_register, "Teams", "Online", virtual=True, link="https://teams.example/abc")
    sessions.create(empty_register, date="2026-06-01", start="10:00", end="11:00", title="Call", room_id=room)
    export_schedule(empty_register, tmp_path / "c.ics")
    (event,) = _calendar(tmp_path / "c.ics").walk("VEVENT")
    assert "https://teams.example/abc" in str(event["LOCATION"]) and str(event["URL"]) == "https://teams.example/abc"
