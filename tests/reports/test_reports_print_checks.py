"""What a reader trips over in print, read back from the PDF: clipped clash lines, near-empty pages,
a heading left at the foot of a page, key messages run together. On the demo and on a register a
council makes itself from the sample spreadsheets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from readiness_app.cli import main
from readiness_app.opening import open_register
from readiness_app.register import conflicts, sessions
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.rendering import render

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def council_register(tmp_path_factory):
    """A register made as docs/user-guide/starting-a-register.md says: no demo data, no figures."""
    folder = tmp_path_factory.mktemp("council")
    (folder / "evidence").mkdir()
    path = str(folder / "ts.sqlite")
    steps = [
        ["init", path, "--council", "Testshire County Council", "--evidence", str(folder / "evidence")],
        ["settings", path, "--set", "onsite_start=09/02/2027", "--set", "onsite_days=3", "--set", "virtual_days=1"],
        ["room", "add", path, "Room 1", "--location", "County Hall, ground floor", "--capacity", "12"],
        ["assessor", "add", path, "Sam Jones", "--role", "lead inspector", "--organisation", "CQC"],
        ["import", "people", path, str(SAMPLES / "people.csv")],
        ["import", "cases", path, str(SAMPLES / "cases.csv")],
        ["import", "sessions", path, str(SAMPLES / "council-timetable.xlsx")],
    ]
    for step in steps:
        assert main(step) == 0, step
    reg = open_register(path, source="cli")
    yield reg
    reg.close()


def test_timetable_spells_out_every_clash_in_full(printed_demo):
    docs, reg = printed_demo
    doc = docs["timetable"]
    found = conflicts.find_conflicts(reg)
    assert found
    for n, day in enumerate(sessions.days(reg)):
        page = _squash(doc.texts[n])
        for clash in [c for c in found if c.date == day][:6]:
            # Wrapped, not clipped: the last session named in the clash is on the page too.
            assert _squash(clash.message) in page


def test_packs_of_a_new_register_are_one_page_each_with_no_empty_figures_page(council_register, tmp_path, pdf):
    planned = sessions.list_sessions(council_register, include_cancelled=False)
    assert len(planned) >= 5
    doc = pdf(render(council_register, "interview-packs", tmp_path / "packs.pdf", ReportOptions()).path)
    assert "Figures to know" not in doc.text
    assert "No figures recorded" not in doc.text
    # Every page opens a pack: no page carries only a notes box or a figures heading.
    assert doc.pages == len(planned)
    for page, session in zip(doc.texts, sorted(planned, key=lambda s: (s["date"], s["start"], s["id"])), strict=True):
        assert session["title"] in _squash(page)
        assert "Notes (what was asked" in page


def test_pack_keeps_its_key_messages_with_their_heading(demo_register, tmp_path, pdf):
    two_qs = [s for s in sessions.list_sessions(demo_register) if s["kind"] == "one_to_one" and len(s["qs"]) >= 2]
    assert two_qs
    for session in two_qs:
        messages = [m.strip() for m in session["key_messages"].splitlines() if m.strip()]
        assert len(messages) >= 2
        doc = pdf(
            render(
                demo_register,
                "interview-packs",
                tmp_path / f"{session['id']}.pdf",
                ReportOptions(session_id=session["id"]),
            ).path
        )
        holding = [_squash(t) for t in doc.texts if "Key messages and evidence for this session" in t]
        assert len(holding) == 1, session["title"]
        for message in messages:
            assert message in holding[0], (session["title"], message)


def test_bulletin_prints_each_key_message_as_its_own_sentence(demo_register, tmp_path, pdf):
    day = sessions.days(demo_register)[1]
    evening = sessions.days(demo_register)[0]
    multi = [
        s
        for s in sessions.list_sessions(demo_register, day=day, include_cancelled=False)
        if len([m for m in s["key_messages"].splitlines() if m.strip()]) >= 2
    ]
    assert multi
    first, second = [m.strip() for m in multi[0]["key_messages"].splitlines() if m.strip()][:2]
    doc = pdf(render(demo_register, "bulletin", tmp_path / "b.pdf", ReportOptions(for_date=evening)).path)
    assert f"{first}. {second}" in _squash(doc.text)
    assert f"{first} {second}" not in _squash(doc.text)


def test_factual_accuracy_response_without_points_is_one_portrait_page(council_register, tmp_path, pdf):
    doc = pdf(render(council_register, "fa-submission", tmp_path / "fa.pdf", ReportOptions()).path)
    assert doc.pages == 1
    page = doc.reader.pages[0]
    assert float(page.mediabox.height) > float(page.mediabox.width)
    text = _squash(doc.text)
    assert "Points for CQC No factual accuracy points have been recorded yet." in text
    assert "Page 1 of 1" in text


def test_dates_in_titles_and_footers_follow_the_apps_style(printed_demo):
    docs, _ = printed_demo
    for key in ("checklist", "cases"):
        first = _squash(docs[key].texts[0])
        assert "as at Mon 23 Nov 2026" in first, key
        assert "November" not in first, key
    for key, doc in docs.items():
        assert all("Generated Mon 23 Nov 2026 at 09:30" in t for t in doc.texts), key
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", doc.text), key


def test_bulletin_names_no_one_beside_a_tracked_case(demo_register, tmp_path, pdf):
    evening, day = sessions.days(demo_register)[:2]
    tracked = [
        s
        for s in sessions.list_sessions(demo_register, day=day, include_cancelled=False)
        if s["kind"] == "case_tracking" and s["people"]
    ]
    assert tracked
    others = {
        p["name"]
        for s in sessions.list_sessions(demo_register, day=day, include_cancelled=False)
        if s["kind"] != "case_tracking"
        for p in s["people"]
    }
    text = _squash(
        pdf(render(demo_register, "bulletin", tmp_path / "b.pdf", ReportOptions(for_date=evening)).path).text
    )
    for s in tracked:
        row = text[text.index(s["title"]) : text.index(s["title"]) + 400]
        assert "Practitioners by role:" in row
        for person in s["people"]:
            if person["name"] not in others:  # a name also attending an untracked session may print there
                assert person["name"] not in text, (s["title"], person["name"])


def test_a_notice_box_stays_inside_the_margins(council_register, tmp_path, pdf):
    from readiness_app.reports import styles

    doc = pdf(render(council_register, "checklist", tmp_path / "c.pdf", ReportOptions()).path)
    starts: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        for marker in ("Still to do:", "Key dates"):
            if text.startswith(marker):
                starts.setdefault(marker, tm[4] * cm[0] + cm[4])

    doc.reader.pages[0].extract_text(visitor_text=visit)
    notice = styles.style_sheet()["notice"]
    # The box is drawn borderPadding outside the text: the text sits that far in, so the box meets the margin.
    assert starts["Still to do:"] >= styles.MARGIN + notice.borderPadding - 0.5
    assert starts["Key dates"] < starts["Still to do:"]


def test_return_index_names_a_file_with_its_reference_once(demo_register, tmp_path, pdf):
    from readiness_app.register import information_return as ir

    answered = [
        a for item in ir.items_in_order(demo_register) for a in item["answers"] if a["kind"] in ("file", "section")
    ]
    prefixed = [a for a in answered if a["reference"] and a["rel_path"].rsplit("/", 1)[-1].startswith(a["reference"])]
    assert prefixed  # the demo's files start with their reference, as councils' often do
    text = _squash(pdf(render(demo_register, "information-return", tmp_path / "r.pdf", ReportOptions()).path).text)
    assert not re.search(r"\b(LAIR-\d+) \1\b", text)
    for a in prefixed:
        assert a["rel_path"].rsplit("/", 1)[-1][:25] in text


def test_factual_accuracy_evidence_without_a_reference_is_named_by_its_title(demo_register, tmp_path, pdf):
    from readiness_app.register import accuracy, evidence

    items = evidence.list_items(demo_register)[:2]
    evidence.update(demo_register, items[0]["id"], reference=None)
    assert evidence.get(demo_register, items[0]["id"])["reference"] is None
    accuracy.create(
        demo_register,
        section="Summary, paragraph 3",
        correction_type="inaccurate",
        draft_wording="1,500 people wait for an assessment.",
        proposed_wording="487 people wait for an assessment.",
        evidence=[items[0]["id"], items[1]["id"]],
    )
    text = _squash(pdf(render(demo_register, "fa-submission", tmp_path / "fa.pdf", ReportOptions()).path).text)
    assert f"{items[1]['reference']}: {items[1]['title']}" in text
    assert items[0]["title"] in text
    assert f"{items[0]['id']}: {items[0]['title']}" not in text
