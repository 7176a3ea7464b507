"""Every document, printed for every audience it has, carries only what that audience may see.

The forbidden strings come from the register itself (the names of people who use services and
carers, the case codes, the council's key messages), not from the demo's wording, so the test
keeps its teeth whatever the demo holds.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from readiness_app.interop.exporters import export_schedule
from readiness_app.register import cases, learning, sessions
from readiness_app.reports import audience as A
from readiness_app.reports.interview_packs import HOST_NOTE
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.registry import DOCUMENTS
from readiness_app.reports.rendering import render_bytes

CORRECTION = "the waiting list figure quoted in the morning was last year's"


def text_of(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split())


def people_names(reg) -> list[str]:
    """Names of people who use services and carers, as the register holds them."""
    return [r["name"] for r in reg.query("SELECT name FROM person WHERE kind IN ('carer', 'lived_experience')")]


def case_codes(reg) -> list[str]:
    return [r["code"] for r in reg.query("SELECT code FROM tracked_case")]


def council_messages(reg) -> list[str]:
    """A line of each key message the council wants repeated (self-assessment and sessions)."""
    rows = reg.query(
        "SELECT key_messages FROM self_assessment WHERE key_messages != ''"
        " UNION SELECT key_messages FROM session WHERE key_messages != ''"
    )
    lines = [line.strip(" -•\t") for r in rows for line in r[0].splitlines()]
    return [" ".join(line.split()) for line in lines if len(line.strip()) > 25]


def bulletin_evening(reg) -> str:
    """The first visit day's evening: its learning log (and the correction logged that day) goes out."""
    return sessions.days(reg)[0]


@pytest.fixture
def visit_register(demo_register):
    """The demo during the visit: a correction logged on the first day reaches later packs and the bulletin."""
    reg = demo_register
    first = sessions.list_sessions(reg, day=sessions.days(reg)[0], include_cancelled=False)
    tagged = next(s for s in first if s["qs"] and s["kind"] not in ("case_tracking",))
    learning.create(
        reg,
        session_id=tagged["id"],
        date=tagged["date"],
        qs=tagged["qs"],
        went_well="The strengths-based approach example landed well with CQC.",
        to_correct=CORRECTION,
        correct_by="Head of Performance",
    )
    return reg


def forbidden(reg, audience: str) -> dict[str, list[str]]:
    """What `audience` must never read, by what it is."""
    if audience == A.INTERNAL:
        return {}
    out = {
        "names of people who use services and carers": people_names(reg),
        "case codes": case_codes(reg),
        "the council's self-assessed score": ["Self-assessed score", "aiming for"],
        "the council's key messages": council_messages(reg),
    }
    if audience != A.CQC:
        out["corrections"] = ["correction", "Correct this", CORRECTION]
    if audience != A.HOST:
        out["host notes"] = [HOST_NOTE]
    if audience == A.CQC:
        out["internal status and to-do"] = ["Before you submit", "Still needed", "NOT ANSWERED", "(shortened)"]
    return out


def options_for(reg, key: str, audience: str) -> ReportOptions:
    options = ReportOptions(audience=audience)
    if key == "bulletin":
        options.for_date = bulletin_evening(reg)
    return options


CASES = [(key, audience) for key, spec in DOCUMENTS.items() for audience in spec.audiences]


@pytest.mark.parametrize(("key", "audience"), CASES, ids=[f"{k}-for-{a}" for k, a in CASES])
def test_every_document_for_every_audience_leaves_out_what_it_must_not_see(visit_register, key, audience):
    reg = visit_register
    try:
        data, _pages = render_bytes(reg, key, options_for(reg, key, audience))
    except Exception as exc:  # a document that needs data the demo lacks would hide a gap: fail loudly
        pytest.fail(f"{key} for {audience} did not print: {exc}")
    text = text_of(data)
    assert A.footer(audience) in text, f"{key} does not say who it is for"
    for what, strings in forbidden(reg, audience).items():
        for s in strings:
            found = re.search(re.escape(s), text, flags=re.IGNORECASE) if s.islower() else s in text
            assert not found, f"{key} printed for {audience} contains {what}: {s!r}"


def test_the_council_still_sees_everything_in_its_own_pack(visit_register):
    reg = visit_register
    text = text_of(render_bytes(reg, "interview-packs", ReportOptions(audience="internal"))[0])
    assert "Self-assessed score" in text and "Correct this" in text and CORRECTION in text
    assert any(code in text for code in case_codes(reg))


def test_a_personal_pack_and_invitation_for_a_carer_name_only_them(visit_register):
    reg = visit_register
    carer = reg.query(
        "SELECT p.id, p.name FROM person p JOIN session_person sp ON sp.person_id = p.id"
        " JOIN session s ON s.id = sp.session_id WHERE p.kind = 'carer' AND s.status != 'cancelled' LIMIT 1"
    )[0]
    others = [n for n in people_names(reg) if n != carer["name"]]
    for key in ("interview-packs", "invitation", "invitation-easy-read"):
        text = text_of(render_bytes(reg, key, ReportOptions(audience="people", person_id=carer["id"]))[0])
        assert carer["name"] in text
        assert not [n for n in others if n in text], f"{key} names other carers or people who use services"
    letter = text_of(render_bytes(reg, "invitation", ReportOptions(person_id=carer["id"]))[0])
    # what the letter must say: adjustments (interpreter, BSL, access, someone to come too) and expenses
    for needed in ("interpreter", "British Sign Language", "step-free access", "a carer, friend or supporter"):
        assert needed in letter
    assert "Expenses" in letter and "Who to tell" in letter
    easy = PdfReader(io.BytesIO(render_bytes(reg, "invitation-easy-read", ReportOptions(person_id=carer["id"]))[0]))
    sizes: set[float] = set()
    easy.pages[0].extract_text(
        visitor_text=lambda t, cm, tm, font, size: sizes.add(round(size * tm[0])) if t.strip() else None
    )
    assert max(sizes) >= 16  # large type


def test_a_document_refuses_an_audience_it_has_no_version_for(demo_register):
    from readiness_app.errors import ReadinessError

    with pytest.raises(ReadinessError, match="no version for attendees"):
        render_bytes(demo_register, "checklist", ReportOptions(audience="people"))


def test_the_calendar_never_names_people_beside_a_case_code(visit_register, tmp_path):
    reg = visit_register
    names = people_names(reg)
    staff = [r["name"] for r in reg.query("SELECT name FROM person WHERE kind IN ('leader', 'staff')")]
    assessors = [r["name"] for r in reg.query("SELECT name FROM assessor")]
    export_schedule(reg, tmp_path / "all.ics")
    calendar = Calendar.from_ical((tmp_path / "all.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    case_events = [e for e in events if "Case:" in str(e.get("description", ""))]
    assert case_events, "the demo has case-tracking sessions"
    for event in case_events:
        description = str(event["description"])
        assert not [n for n in staff + assessors + names if n in description], "a name beside a case code"
        assert "Practitioners by role" in description
    whole = (tmp_path / "all.ics").read_text(encoding="utf-8")
    assert not [n for n in names if n in whole.replace("\r\n ", "")]

    carer = reg.query(
        "SELECT p.id FROM person p JOIN session_person sp ON sp.person_id = p.id WHERE p.kind = 'carer' LIMIT 1"
    )[0]["id"]
    export_schedule(reg, tmp_path / "carer.ics", person_id=carer)
    own = Calendar.from_ical((tmp_path / "carer.ics").read_bytes())
    for event in own.walk("VEVENT"):
        description = str(event["description"])
        assert "Attendees" not in description and "Case:" not in description and "Status" not in description


def test_a_declined_consent_leaves_the_packs_bulletin_and_timetable_at_once(demo_register):
    reg = demo_register
    tracked = [s for s in sessions.list_sessions(reg, include_cancelled=False) if s.get("case_id")]
    session = tracked[0]
    code = session["case_code"]
    evening = (date.fromisoformat(session["date"]) - timedelta(days=1)).isoformat()
    before = text_of(render_bytes(reg, "interview-packs")[0])
    assert code in before
    cases.update(reg, session["case_id"], consent="declined")
    for key, options in (
        ("interview-packs", ReportOptions()),
        ("timetable", ReportOptions()),
        ("bulletin", ReportOptions(for_date=evening)),
    ):
        text = text_of(render_bytes(reg, key, options)[0])
        assert code not in text, f"{key} still shows case {code} after consent was declined"
        assert session["title"] not in text or sum(s["title"] == session["title"] for s in tracked) > 1


def test_the_partners_bulletin_leaves_out_cases_corrections_and_names(visit_register):
    reg = visit_register
    evening = bulletin_evening(reg)
    inside = text_of(render_bytes(reg, "bulletin", ReportOptions(for_date=evening))[0])
    partners = text_of(render_bytes(reg, "bulletin", ReportOptions(for_date=evening, audience="partners"))[0])
    assert CORRECTION in inside and "For: council internal" in inside
    assert CORRECTION not in partners and "orrection" not in partners
    staff = [r["name"] for r in reg.query("SELECT name FROM person")]
    assert not [n for n in staff if n in partners]
    next_day = sessions.days(reg)[1]
    tracked = [s["title"] for s in sessions.list_sessions(reg, day=next_day) if s.get("case_id")]
    assert tracked and [t for t in tracked if t in inside]  # the council's own bulletin lists them
    assert not [t for t in tracked if t in partners] and not [c for c in case_codes(reg) if c in partners]


def test_the_council_words_the_adjustments_contact_and_expenses(demo_dir, capsys):
    from readiness_app.cli import main
    from readiness_app.opening import open_register

    path = str(demo_dir / "register.sqlite")
    contact = "Jo Patel, Engagement Officer, 01234 567890, jo.patel@example.gov.uk"
    assert main(["settings", path, "--set", f"invitation_contact={contact}"]) == 0
    assert main(["settings", path, "--set", "invitation_expenses=We pay for taxis booked by the council"]) == 0
    reg = open_register(demo_dir / "register.sqlite", source="cli")
    try:
        letter = text_of(render_bytes(reg, "invitation")[0])
    finally:
        reg.close()
    assert f"Who to tell: {contact}." in letter and "We pay for taxis booked by the council." in letter


def test_the_host_pack_carries_the_attendees_access_needs(visit_register, tmp_path):
    from readiness_app.interop.importers import import_file
    from readiness_app.register import people

    reg = visit_register
    carers = next(
        s
        for s in sessions.list_sessions(reg, include_cancelled=False)
        if any(p["kind"] == "carer" for p in s["people"])
    )
    carer = next(p for p in carers["people"] if p["kind"] == "carer")
    sheet = tmp_path / "people.csv"
    sheet.write_text(f"Name,Access needs\n{carer['name']},Step-free access and a BSL interpreter\n", encoding="utf-8")
    import_file(reg, "people", sheet)
    assert next(p for p in people.list_people(reg) if p["id"] == carer["id"])["access_needs"]
    host = text_of(render_bytes(reg, "interview-packs", ReportOptions(audience="host", session_id=carers["id"]))[0])
    assert "Access needs: Step-free access and a BSL interpreter" in host
    assert carer["name"] not in host  # the need, not the name
