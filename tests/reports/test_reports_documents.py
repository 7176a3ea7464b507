"""What each printed document says, read back from the PDF with pypdf."""

from __future__ import annotations

import re

import pytest

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.register import cases, conflicts, evidence, people, sessions
from readiness_app.reports.rendering import render, render_bytes


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# ---------------------------------------------------------------- every document


@pytest.mark.parametrize("key", ["checklist", "interview-packs", "timetable", "cases"])
def test_every_page_has_header_footer_and_page_x_of_y(printed_demo, key):
    docs, _ = printed_demo
    doc = docs[key]
    assert doc.pages >= 2
    for number, text in enumerate(doc.texts, start=1):
        assert f"Page {number} of {doc.pages}" in text
        assert text.count("OFFICIAL-SENSITIVE") >= 2  # top and bottom
        assert "Northmoor County Council" in text
        assert "Generated Mon 23 Nov 2026 at 09:30" in text


@pytest.mark.parametrize(
    ("key", "title"),
    [
        ("checklist", "Readiness checklist"),
        ("interview-packs", "Interview packs"),
        ("timetable", "Visit timetable"),
        ("cases", "Case-tracking summary"),
    ],
)
def test_metadata_language_and_embedded_fonts(printed_demo, key, title):
    docs, _ = printed_demo
    reader = docs[key].reader
    meta = reader.metadata
    assert meta.title == title
    assert meta.author == "Northmoor County Council"
    assert meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    fonts = set()
    for page in reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
            assert "/FontFile2" in font["/FontDescriptor"]  # the TrueType program is embedded
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= fonts
    assert not fonts & {"Helvetica", "Times-Roman"}


def test_bold_and_italic_switch_face(printed_demo):
    docs, _ = printed_demo
    fonts = set()
    for page in docs["checklist"].reader.pages[2:4]:  # a QS section: bold headings, italic theme line
        fonts |= {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in page["/Resources"]["/Font"].values()}
    assert {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"} <= fonts


# ---------------------------------------------------------------- checklist


def test_checklist_summary_page(printed_demo):
    docs, reg = printed_demo
    first = _squash(docs["checklist"].texts[0])
    assert "Readiness checklist" in first
    assert "in 22 days" in first  # demo today 23 Nov, on site 15 Dec
    assert "24/36 = 66.7% Good" in first
    for q in current().statements:
        assert f"{q.id} " in first
    for word in ("RED", "AMBER", "GREEN"):
        assert word in first
    assert "3 high, 7 medium, 3 low" in first
    assert "3 double bookings" in first
    assert "3 shortlisted cases still without consent" in first  # the declined one is offered for replacement


def test_checklist_has_a_section_per_qs_with_bookmarks_and_sign_off(printed_demo):
    docs, _ = printed_demo
    doc = docs["checklist"]
    titles = doc.outline_titles()
    assert titles[0] == "Summary"
    for q in current().statements:
        assert f"{q.id} {q.name}" in titles
        assert f"{q.id} evidence" in titles
    text = _squash(doc.text)
    assert text.count("Signed off by the quality statement lead") == 9
    assert "☐" in text


def test_checklist_lists_evidence_and_marks_missing_and_inbox(demo_register, options, tmp_path, pdf):
    items = evidence.list_items(demo_register, qs="QS3")
    target = next(i for i in items if i["status"] != "inbox")
    evidence.update(demo_register, target["id"], presence="missing")
    render(demo_register, "checklist", tmp_path / "c.pdf", options())
    text = _squash(pdf(tmp_path / "c.pdf").text)
    assert re.search(re.escape(target["reference"]) + r" .*MISSING: file not in the evidence folder", text)
    inbox = next(i for i in evidence.list_items(demo_register, status="inbox") if i["qs"])
    assert inbox["reference"] in text
    assert "In the inbox: not yet reviewed" in text


def test_checklist_caps_long_categories_but_lists_items_needing_action(demo_register, options, tmp_path, pdf):
    for n in range(30):
        evidence.create(
            demo_register,
            f"QS2/x{n:03}.pdf",
            qs=["QS2"],
            category="processes",
            reference=f"BULK-{n:03}",
            status="accepted",
        )
    evidence.create(demo_register, "QS2/late.pdf", qs=["QS2"], category="processes", reference="ZZ-LATE")
    render(demo_register, "checklist", tmp_path / "c.pdf", options(evidence_limit=10))
    text = _squash(pdf(tmp_path / "c.pdf").text)
    assert "ZZ-LATE" in text  # sorted last by reference, but in the inbox: listed first
    assert re.search(r"and \d+ more items in this category", text)


# ---------------------------------------------------------------- interview packs


def test_interview_packs_cover_every_planned_session(printed_demo):
    docs, reg = printed_demo
    doc = docs["interview-packs"]
    text = _squash(doc.text)
    planned = sessions.list_sessions(reg, include_cancelled=False)
    titles = doc.outline_titles()
    assert len(titles) >= len(planned)
    for s in planned:
        assert f"{s['start']}–{s['end']}" in text
        assert any(t.endswith(s["title"]) for t in titles)
    one = planned[0]
    page = _squash(doc.text).split(planned[1]["title"])[0]  # the first pack, however many pages it runs to
    assert one["title"] in page
    for a in one["assessors"]:
        assert a["name"] in page
    for p in one["people"]:
        assert p["name"] in page
    for qid in one["qs"]:
        q = current().qs(qid)
        assert f"{q.id} {q.name}" in page
        assert q.prompts[0] in page
    assert "Notes (what was asked" in page


def test_case_tracking_pack_shows_code_criteria_consent_never_a_relative(demo_register, options, tmp_path, pdf):
    session = next(s for s in sessions.list_sessions(demo_register) if s["kind"] == "case_tracking")
    relative = people.create_person(demo_register, "Gwenllian Prydderch", role="Daughter", kind="carer")
    sessions.update(demo_register, session["id"], people=[p["id"] for p in session["people"]] + [relative])
    case = cases.get(demo_register, session["case_id"])
    render(demo_register, "interview-packs", tmp_path / "p.pdf", options(session_id=session["id"]))
    doc = pdf(tmp_path / "p.pdf")
    text = _squash(doc.text)
    assert case["code"] in text
    for tag in case["criteria"]:
        assert tag in text
    assert "Consent" in text and "The tracked case" in text
    assert "Gwenllian" not in text and "Prydderch" not in text
    assert "1 further attendee not listed" in text
    staff = [p for p in session["people"] if p["kind"] in ("staff", "leader")]
    # No names at all in a case-tracking pack: practitioners appear by role (issue 17).
    assert staff and not any(p["name"] in text for p in staff)
    assert all(p["role"] in text for p in staff)


def test_pack_scopes_day_session_person(demo_register, options, tmp_path, pdf):
    day = "2026-12-16"
    render(demo_register, "interview-packs", tmp_path / "day.pdf", options(day=day))
    titles = pdf(tmp_path / "day.pdf").outline_titles()
    on_day = sessions.list_sessions(demo_register, day=day, include_cancelled=False)
    assert len(titles) == len(on_day) * 3  # each pack: title, QS, key messages
    assert all(t.startswith("Wed 16 Dec") for t in titles[::3])

    person = on_day[0]["people"][0]
    theirs = sessions.list_sessions(demo_register, person_id=person["id"], include_cancelled=False)
    result = render(demo_register, "interview-packs", tmp_path / "me.pdf", options(person_id=person["id"]))
    doc = pdf(result.path)
    first = _squash(doc.texts[0])
    assert f"Your interview schedule: {person['name']}" in first
    for s in theirs:
        assert s["title"] in first
    assert doc.outline_titles()[0] == "Your schedule"

    one = next(s for s in on_day[1:] if len(s["qs"]) == 1)  # one QS: its figures share the second page
    render(demo_register, "interview-packs", tmp_path / "one.pdf", options(session_id=one["id"]))
    doc = pdf(tmp_path / "one.pdf")
    assert doc.reader.metadata.title == f"Interview pack: {one['title']}"
    assert one["title"] in doc.texts[0]
    assert doc.pages <= 2


def test_welsh_and_polish_names_print(demo_register, options, tmp_path, pdf):
    pid = people.create_person(
        demo_register, "Siân Wiśniewska-Llŷr", role="Team Manager – Łódź liaison", organisation="Cyngor Sir Ynys Môn"
    )
    sid = sessions.create(
        demo_register,
        date="2026-12-16",
        start="17:00",
        end="17:45",
        title="Ymgynghoriad: Zoë’s team",
        people=[pid],
        qs=["QS1"],
    )
    render(demo_register, "interview-packs", tmp_path / "w.pdf", options(session_id=sid))
    text = pdf(tmp_path / "w.pdf").text
    for word in ("Siân Wiśniewska-Llŷr", "Team Manager – Łódź liaison", "Cyngor Sir Ynys Môn", "Zoë’s"):
        assert word in text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"session_id": 9999}, "no session with id 9999"),
        ({"person_id": 9999}, "no person with id 9999"),
        ({"day": "2026-12-19"}, "no sessions are planned on Sat 19 Dec 2026"),
        ({"day": "31/02/2026"}, "day"),
    ],
)
def test_pack_scope_errors_leave_no_file(demo_register, options, tmp_path, kwargs, message):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ReadinessError, match=message):
        render(demo_register, "interview-packs", out / "x.pdf", options(**kwargs))
    assert list(out.iterdir()) == []


# ---------------------------------------------------------------- timetable


def test_timetable_one_landscape_page_per_day_with_rooms_times_and_conflicts(printed_demo):
    docs, reg = printed_demo
    doc = docs["timetable"]
    days = sessions.days(reg)
    assert doc.pages == len(days) == 4
    for page in doc.reader.pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)
    assert [t.split(" (")[0] for t in doc.outline_titles()] == [
        "Tue 15 Dec 2026",
        "Wed 16 Dec 2026",
        "Thu 17 Dec 2026",
        "Fri 18 Dec 2026",
    ]
    found = conflicts.find_conflicts(reg)
    assert found
    for n, day in enumerate(days):
        page = _squash(doc.texts[n])
        for room in ("Room 1 - Council Chamber", "Room 4 - Moorside Suite") if n < 3 else ("Teams (virtual)",):
            assert room in page
        for hour in ("09:00", "12:00", "16:00"):
            assert hour in page
        for s in sessions.list_sessions(reg, day=day, include_cancelled=False):
            assert s["start"] in page and f"#{s['id']} " not in page  # sessions by time, never by id
        for c in (c for c in found if c.date == day):
            assert "⚠" in page
            assert _squash(c.message)[:60] in page


def test_timetable_lists_a_day_with_too_many_rooms(demo_register, options, tmp_path, pdf):
    for n in range(8):
        room = people.create_room(demo_register, f"Extra room {n}")
        sessions.create(
            demo_register, date="2026-12-17", start="17:00", end="17:30", title=f"Extra talk {n}", room_id=room
        )
    render(demo_register, "timetable", tmp_path / "t.pdf", options(day="2026-12-17"))
    doc = pdf(tmp_path / "t.pdf")
    text = _squash(doc.text)
    assert "listed in time order" in text
    assert "Extra talk 7" in text and "Double booking" in text


def test_timetable_for_a_day_without_sessions_is_refused(demo_register, options, tmp_path):
    with pytest.raises(ReadinessError, match="no sessions are planned on Sun 20 Dec 2026"):
        render(demo_register, "timetable", tmp_path / "t.pdf", options(day="2026-12-20"))
    assert not (tmp_path / "t.pdf").exists()


# ---------------------------------------------------------------- cases


def test_case_summary_has_shortlist_long_list_and_no_names(printed_demo):
    docs, reg = printed_demo
    doc = docs["cases"]
    text = _squash(doc.text)
    assert doc.outline_titles() == ["Overview", "Shortlist", "Long list"]
    every = cases.list_cases(reg)
    for c in every:
        assert c["code"] in text
    assert "Consent still needed" in text
    names = [p["name"] for p in people.list_people(reg)]
    parts = {part for name in names for part in name.split() if len(part) > 3}
    leaked = [part for part in parts if re.search(rf"\b{re.escape(part)}\b", text)]
    assert not leaked, leaked
    table_pages = [_squash(t) for t in doc.texts if "NM-0" in t]
    assert len(table_pages) >= 3
    header = "Case Stage Criteria Consent Contact Records shared CQC agreed swap QS Sessions"
    assert all(header in t for t in table_pages)


def test_timetable_shows_sessions_without_a_room_and_a_cancelled_pack_says_so(demo_register, options, tmp_path, pdf):
    sid = sessions.create(demo_register, date="2026-12-15", start="16:00", end="16:30", title="Roomless huddle")
    render(demo_register, "timetable", tmp_path / "t.pdf", options(day="2026-12-15"))
    page = _squash(pdf(tmp_path / "t.pdf").text)
    assert "No room set" in page and "Roomless huddle" in page
    sessions.update(demo_register, sid, status="cancelled")
    render(demo_register, "timetable", tmp_path / "t2.pdf", options(day="2026-12-15"))
    assert "Roomless huddle" not in pdf(tmp_path / "t2.pdf").text
    render(demo_register, "interview-packs", tmp_path / "p.pdf", options(session_id=sid))
    assert "This session is CANCELLED." in _squash(pdf(tmp_path / "p.pdf").text)


# ---------------------------------------------------------------- empty register


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("checklist", "no evidence items are in the register yet; no interview sessions are planned"),
        ("interview-packs", "No interview sessions are planned yet"),
        ("timetable", "No visit days are set and no sessions are planned yet"),
        ("cases", "No cases are on the case-tracking list yet"),
    ],
)
def test_empty_register_gives_an_honest_document(empty_register, options, key, says):
    data, pages = render_bytes(empty_register, key, options())
    assert data.startswith(b"%PDF") and pages >= 1
    import io

    from pypdf import PdfReader

    text = _squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert says in text
    assert "Testshire Council" in text


def test_personal_schedule_flags_a_double_booking(demo_register, options, tmp_path, pdf):
    clash = next(c for c in conflicts.find_conflicts(demo_register) if c.kind == "person")
    render(demo_register, "interview-packs", tmp_path / "me.pdf", options(person_id=clash.who_id))
    first = _squash(pdf(tmp_path / "me.pdf").texts[0])
    assert first.count("⚠ overlaps another of your sessions") == 2


def test_very_long_text_wraps_and_never_stops_printing(demo_register, options, tmp_path, pdf):
    long_title = "Conversation about " + " ".join(f"topic{n}" for n in range(400))
    url = "https://teams.example/" + "x" * 300
    room = people.create_room(demo_register, "Virtual 2", virtual=True, link=url)
    pid = people.create_person(demo_register, "Nia Llewelyn", role="Manager " * 200)
    sid = sessions.create(
        demo_register,
        date="2026-12-16",
        start="08:00",
        end="08:30",
        title=long_title,
        room_id=room,
        people=[pid],
        qs=["QS1"],
        key_messages="\n".join(["A point to make."] * 80),
    )
    for key, opts in (
        ("interview-packs", {"session_id": sid}),
        ("timetable", {"day": "2026-12-16"}),
        ("interview-packs", {"person_id": pid}),
    ):
        result = render(demo_register, key, tmp_path / f"{key}.pdf", options(**opts))
        doc = pdf(result.path)
        assert doc.pages >= 1
        assert "topic0" in doc.text


@pytest.mark.parametrize("overlapping", [25, 60])
def test_timetable_prints_a_slot_with_too_many_sessions_and_lists_the_rest(
    demo_register, options, tmp_path, pdf, overlapping
):
    room = people.create_room(demo_register, "Crowded room")
    ids = [
        sessions.create(
            demo_register, date="2026-12-17", start="14:00", end="15:00", title=f"Crowd talk {n}", room_id=room
        )
        for n in range(overlapping)
    ]
    render(demo_register, "timetable", tmp_path / "t.pdf", options(day="2026-12-17"))
    text = _squash(pdf(tmp_path / "t.pdf").text)
    assert "Crowded room" in text
    assert f"booked into {overlapping} overlapping sessions" in text
    assert "Not shown in the grid" in text
    assert len(ids) == overlapping
    for n in range(overlapping):  # every session is printed (by time and title): in the grid or the list under it
        assert re.search(rf"Crowd talk {n}\b", text), n


def test_personal_schedule_overlaps_are_found_by_a_sweep_not_pairs():
    from readiness_app.reports.interview_packs import _overlapping

    def s(i, day, start, end):
        return {"id": i, "date": day, "start": start, "end": end}

    rows = [s(1, "d1", "09:00", "10:00"), s(2, "d1", "09:30", "11:00"), s(3, "d1", "10:30", "12:00")]
    rows += [s(4, "d1", "12:00", "13:00"), s(5, "d2", "09:00", "10:00"), s(6, "d2", "09:00", "09:30")]
    assert _overlapping(rows) == {1, 2, 3, 5, 6}  # back to back (4) is not a clash
    crowd = [s(n, "d3", "10:00", "11:00") for n in range(20_000)]  # pairwise would be 200 million checks
    assert len(_overlapping(crowd)) == 20_000
