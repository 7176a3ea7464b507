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
