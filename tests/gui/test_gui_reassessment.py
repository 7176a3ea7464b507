"""The Quality statements page shows progress against the previous report beside the self-assessment."""

from __future__ import annotations

from datetime import date

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
