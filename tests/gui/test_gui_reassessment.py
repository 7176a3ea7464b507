"""The Quality statements page shows progress against the previous report beside the self-assessment."""

from __future__ import annotations

from datetime import date

from .conftest import wait_idle

TODAY = date(2026, 11, 23)


def test_quality_statement_page_shows_the_previous_reports_findings_actions_and_evidence(window, set_today):
    set_today(TODAY)
    page = window.open_page("quality", {"qs": "QS7"})
    text = page.figures.text()
    assert "Progress against the previous report" in text
    assert "Went well: The Safeguarding Adults Board was well led and partners attended (p. 29)" in text
    assert "Area for improvement: DoLS applications waited too long for allocation (p. 30)" in text
    assert "actions 3.2 on track" in text and "1 evidence of change" in text
    assert "Against CQC's last assessment: level with CQC's 3" in text
    # The app's own summary of the QS is named as the app's, never passed off as CQC's wording.
    assert "This app's summary (not CQC's wording)" in page.details.text()


def test_a_finding_typed_in_on_the_previous_report_page_is_linked_to_its_action(window, qtbot, set_today):
    from readiness_app.opening import open_register
    from readiness_app.register import findings
    from readiness_app.ui.widgets import set_combo

    set_today(TODAY)
    page = window.open_page("findings")
    assert "areas for improvement" in page.header.text() and "0 with no action" in page.header.text()
    page.new_item()
    set_combo(page.widgets["qs"], "QS9")
    set_combo(page.widgets["kind"], "improve")
    page.widgets["text"].setPlainText("Co-production was not yet part of service redesign")
    page.widgets["page"].setText("37")
    page.widgets["actions"].setText("4.9")  # no such action: refused, nothing written
    page.save()
    qtbot.waitUntil(lambda: "4.9" in page.error.text(), timeout=5000)
    page.widgets["actions"].setText("4.1")
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        page.save()
    wait_idle(qtbot, window)
    reg = open_register(window.ctx.register_path, readonly=True)
    try:
        rows = [f for f in findings.list_findings(reg) if f["text"].startswith("Co-production")]
    finally:
        reg.close()
    assert len(rows) == 1  # the refused save wrote nothing
    assert (rows[0]["qs"], rows[0]["kind"], rows[0]["page"], rows[0]["actions"]) == ("QS9", "improve", "37", ["4.1"])


def test_key_messages_beside_an_open_high_gap_are_flagged_for_the_qs_lead(window, set_today):
    set_today(TODAY)
    page = window.open_page("quality", {"qs": "QS1"})
    text = page.details.text()
    assert "Key messages to check" in text and "Head of Practice" in text
    assert "open high gap: Assessment waiting list trajectory not yet signed off" in text
    page = window.open_page("quality", {"qs": "QS5"})  # no open high gap, no slipping action: nothing to check
    assert "Key messages to check" not in page.details.text()
