"""The issue-17 documents, read back from the PDF: consent, briefing packs, wording, sign-off."""

from __future__ import annotations

import re

from readiness_app.register import cases
from readiness_app.reports.rendering import render


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_declined_case_is_offered_for_replacement_not_awaiting(printed_demo):
    docs, reg = printed_demo
    declined = cases.declined_codes(reg)
    assert declined
    summary = _squash(docs["cases"].texts[0])
    still = re.search(r"Consent still needed (.*?) Consent declined: replace", summary).group(1)
    assert declined[0] not in still
    assert f"Consent declined: replace {declined[0]}. A refusal closes this route" in summary
    checklist = _squash(docs["checklist"].texts[0])
    pending = sum(1 for c in cases.list_cases(reg) if cases.awaiting_consent(c))
    assert f"{pending} shortlisted cases still without consent; consent declined for {declined[0]}" in checklist
    assert "promote a reserve" in checklist


def test_session_of_withdrawn_case_is_flagged_in_the_case_summary(demo_register, tmp_path, pdf):
    reg = demo_register
    case = next(c for c in cases.list_cases(reg, stage="selected") if c["sessions"])
    cases.update(reg, case["id"], stage="withdrawn")
    text = _squash(pdf(render(reg, "cases", tmp_path / "c.pdf").path).text)
    assert f"Sessions still linked to a withdrawn case: #{case['sessions'][0]}" in text
    assert f"({case['code']})" in text


def _pack_text(reg, tmp_path, pdf, session_id, name="p.pdf"):
    from readiness_app.reports.options import ReportOptions

    result = render(reg, "interview-packs", tmp_path / name, ReportOptions(session_id=session_id))
    doc = pdf(result.path)
    return _squash(doc.text), doc.pages


def test_pack_opens_with_its_purpose_then_the_councils_position(demo_register, tmp_path, pdf):
    from readiness_app.framework import current
    from readiness_app.register import improvement, self_assessment, sessions

    reg = demo_register
    actions = improvement.list_actions(reg)
    qs_with_action = {q for a in actions if a["rag"] != "complete" for q in a["qs"]}
    session = next(
        s for s in sessions.list_sessions(reg) if s["kind"] == "one_to_one" and set(s["qs"]) & qs_with_action
    )
    qs_id = sorted(set(session["qs"]) & qs_with_action)[0]
    self_assessment.update(reg, qs_id, key_messages="Our first message\nOur second message")
    sessions.update(reg, session["id"], purpose="To test that the purpose leads the pack")
    text, _pages = _pack_text(reg, tmp_path, pdf, session["id"])
    assert text.index("Purpose of this session. To test that the purpose leads the pack") < text.index("When ")
    sa = self_assessment.all_rows(reg)[qs_id]
    label = current().score_labels[sa["score"]]
    assert f"Self-assessed score {sa['score']} ({label})" in text
    assert f"Strengths {sa['strengths']}" in text
    assert f"Areas for development {sa['development']}" in text
    action = next(a for a in actions if qs_id in a["qs"] and a["rag"] != "complete")
    assert action["reference"] in text and action["description"] in text
    assert {"on_track": "ON TRACK", "not_started": "NOT STARTED", "overdue": "OVERDUE"}[action["rag"]] in text
    assert "Key messages (from the QS lead" in text and "Our first message" in text and "Our second message" in text


def test_default_purpose_by_kind(demo_register, tmp_path, pdf):
    from readiness_app.register import sessions
    from readiness_app.register.vocabulary import SESSION_PURPOSE

    session = next(s for s in sessions.list_sessions(demo_register) if s["kind"] == "focus_group")
    sessions.update(demo_register, session["id"], purpose="")
    text, _ = _pack_text(demo_register, tmp_path, pdf, session["id"])
    assert f"Purpose of this session. {SESSION_PURPOSE['focus_group']}" in text


def test_a_correction_logged_on_day_one_reaches_the_day_two_packs(demo_register, tmp_path, pdf):
    from readiness_app.register import learning, sessions
    from readiness_app.reports.options import ReportOptions

    reg = demo_register
    days = sessions.days(reg)
    first_day = sessions.list_sessions(reg, day=days[0], include_cancelled=False)
    source = first_day[0]
    qs_id = source["qs"][0]
    learning.create(
        reg,
        session_id=source["id"],
        qs=[qs_id],
        to_correct="The backlog figure quoted was 620; the right figure is 410",
        correct_by="Head of Practice",
        themes="waiting lists",
    )
    render(reg, "interview-packs", tmp_path / "day2.pdf", ReportOptions(day=days[1]))
    day2 = _squash(pdf(tmp_path / "day2.pdf").text)
    assert "Since the visit began" in day2
    assert "the right figure is 410 (correcting: Head of Practice)" in day2
    assert "Themes CQC has raised so far: waiting lists" in day2
    # A case-tracking pack is about its case's QS; any other pack about its own QS tags.
    focus = [
        cases.get(reg, s["case_id"])["qs"] if s["kind"] == "case_tracking" else s["qs"]
        for s in sessions.list_sessions(reg, day=days[1], include_cancelled=False)
    ]
    day2_with_qs = [f for f in focus if qs_id in f]
    assert day2.count("the right figure is 410") == len(day2_with_qs)
    # The session it was learned in does not carry it (it had not happened yet).
    text, _ = _pack_text(reg, tmp_path, pdf, source["id"], "source.pdf")
    assert "the right figure is 410" not in text


def test_case_tracking_pack_follows_the_journey_and_names_nobody(demo_register, tmp_path, pdf):
    from readiness_app.framework import current
    from readiness_app.register import sessions

    reg = demo_register
    tracked = [s for s in sessions.list_sessions(reg) if s["kind"] == "case_tracking"]
    names = [r[0] for r in reg.query("SELECT name FROM person")] + [
        r[0] for r in reg.query("SELECT name FROM assessor")
    ]
    fw = current()
    for session in tracked:
        case = cases.get(reg, session["case_id"])
        text, _ = _pack_text(reg, tmp_path, pdf, session["id"], f"case-{session['id']}.pdf")
        for step in ("First contact", "Assessment", "Support plan", "Review", "Outcome"):
            assert step in text
        for q in case["qs"]:
            assert f"{q} {fw.qs(q).name}" in text
        assert ("Unpaid carers" in text) == any("carer" in c for c in case["criteria"])
        assert ("Safeguarding How was the concern raised" in text) == ("safeguarding" in case["criteria"])
        assert ("Leaving hospital" in text) == ("hospital discharge" in case["criteria"])
        assert "CQC will speak to" in text and "practitioners:" in text
        for qid in set(session["qs"]) - set(case["qs"]):  # the session's own tags no longer drive the prompts
            assert fw.qs(qid).prompts[0] not in text
        leaked = [n for n in names if n in text or n.split(" (")[0] in text]
        assert not leaked, f"names in the pack for {case['code']}: {leaked}"


def test_one_qs_one_to_one_pack_fits_one_page(demo_register, tmp_path, pdf):
    from readiness_app.register import sessions

    one_qs = [s for s in sessions.list_sessions(demo_register) if s["kind"] == "one_to_one" and len(s["qs"]) == 1]
    assert one_qs
    from readiness_app.reports.options import ReportOptions

    for session in one_qs:
        result = render(
            demo_register,
            "interview-packs",
            tmp_path / f"s{session['id']}.pdf",
            ReportOptions(session_id=session["id"]),
        )
        doc = pdf(result.path)
        # The brief is one page; the data pack's figures for its QS, when there are any, follow on a page of their own.
        assert "Notes (what was asked" in _squash(doc.texts[0]), session["title"]
        assert doc.pages == 1 or (doc.pages == 2 and "Figures to know" in doc.texts[1]), session["title"]


def test_checklist_sign_off_version_and_changes_since_the_last_print(demo_dir, tmp_path, pdf, capsys):
    from readiness_app.cli import main
    from readiness_app.opening import open_register
    from readiness_app.register import gaps, self_assessment

    register = str(demo_dir / "register.sqlite")
    assert main(["report", "checklist", register, "-o", str(tmp_path / "v1.pdf")]) == 0
    first = pdf(tmp_path / "v1.pdf")
    summary = _squash(first.texts[0])
    assert "version 1 · as at" in summary
    assert "Key dates notified " in summary and "information return due" in summary and "on site" in summary
    sign = _squash(first.texts[1])
    assert "Version 1 and sign-off" in sign
    for role in ("Director of Adult Social Services", "Senior responsible officer", "Assurance lead"):
        assert role in sign
    assert "Name Signature Date" in sign

    # Printed again unchanged: the same version, saying so.
    assert main(["report", "checklist", register, "-o", str(tmp_path / "again.pdf")]) == 0
    assert "Version 1: nothing has changed since it was printed on" in _squash(pdf(tmp_path / "again.pdf").texts[1])

    reg = open_register(register, source="cli")
    try:
        self_assessment.update(reg, "QS3", score=3)
        high = next(g for g in gaps.list_gaps(reg, open_only=True) if g["severity"] == "high")
        gaps.update(reg, high["id"], status="closed")
    finally:
        reg.close()
    assert main(["report", "checklist", register, "-o", str(tmp_path / "v2.pdf")]) == 0
    second = pdf(tmp_path / "v2.pdf")
    assert "version 2 · as at" in _squash(second.texts[0])
    changes = _squash(second.texts[1])
    assert "Changes since version 1" in changes
    assert "QS3 self-assessed score: 2 → 3" in changes
    assert "Open high gaps: 3 → 2" in changes


def test_checklist_prints_strengths_and_development_per_qs(printed_demo):
    from readiness_app.register import self_assessment

    docs, reg = printed_demo
    text = _squash(docs["checklist"].text)
    for qid, row in self_assessment.all_rows(reg).items():
        assert f"Strengths {row['strengths']}" in text, qid
        assert f"Areas for development {row['development']}" in text, qid


def test_packs_for_partners_and_people_brief_the_host_not_the_attendees(demo_register, tmp_path, pdf):
    from readiness_app.register import self_assessment, sessions

    hosted = [s for s in sessions.list_sessions(demo_register) if s["kind"] in ("partner_provider", "other")]
    assert hosted
    rows = self_assessment.all_rows(demo_register)
    for session in hosted[:3]:
        text, _ = _pack_text(demo_register, tmp_path, pdf, session["id"], f"h{session['id']}.pdf")
        assert "This pack is for the council's host" in text
        assert "Self-assessed score" not in text and "Key messages (from the QS lead" not in text
        for qid in session["qs"]:
            assert rows[qid]["development"] not in text


def test_case_pack_flags_a_declined_or_withdrawn_case(demo_register, tmp_path, pdf):
    from readiness_app.register import sessions

    reg = demo_register
    declined = cases.get(reg, cases.find_by_code(reg, cases.declined_codes(reg)[0]))
    session = next(s for s in sessions.list_sessions(reg) if s["case_id"] == declined["id"])
    text, _ = _pack_text(reg, tmp_path, pdf, session["id"], "declined.pdf")
    assert "Consent was declined: this case cannot be tracked. Withdraw it and promote a reserve." in text
    assert "awaiting" not in text.lower()
    cases.update(reg, declined["id"], stage="withdrawn")
    text, _ = _pack_text(reg, tmp_path, pdf, session["id"], "withdrawn.pdf")
    assert f"Case {declined['code']} is WITHDRAWN: link this session to the promoted case or cancel it." in text


def test_the_dass_on_the_sign_off_is_the_register_setting_never_one_of_several(demo_dir, tmp_path, pdf):
    from readiness_app.cli import main
    from readiness_app.opening import open_register
    from readiness_app.register import people
    from readiness_app.setup import register_settings

    register = str(demo_dir / "register.sqlite")
    reg = open_register(register, source="cli")
    try:
        for name in ("Robin Director", "Sam Director"):
            people.create_person(reg, name, role="Director of Adult Social Services", kind="staff")
    finally:
        reg.close()
    assert main(["report", "checklist", register, "-o", str(tmp_path / "two.pdf")]) == 0
    sign = _squash(pdf(tmp_path / "two.pdf").texts[1])
    assert "Robin Director" not in sign and "Sam Director" not in sign  # two could sign: nobody is guessed

    reg = open_register(register, source="cli")
    try:
        register_settings.apply(reg, {"dass": "Sam  Director"})
        assert register_settings.current(reg)["dass"] == "Sam Director"
    finally:
        reg.close()
    assert main(["report", "checklist", register, "-o", str(tmp_path / "set.pdf")]) == 0
    sign = _squash(pdf(tmp_path / "set.pdf").texts[1])
    assert "Director of Adult Social Services Sam Director" in sign and "Robin Director" not in sign
