"""Every page opens on the demo register and shows its real data; models pass qtmodeltester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from readiness_app.opening import open_register
from readiness_app.register import readiness

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_every_page_opens_with_demo_data(window, qtbot, demo_dir):
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    counts = {
        "evidence": reg.scalar("SELECT COUNT(*) FROM evidence"),
        "gaps_open": reg.scalar("SELECT COUNT(*) FROM gap WHERE status != 'closed'"),
        "cases": reg.scalar("SELECT COUNT(*) FROM tracked_case"),
        "sessions": reg.scalar("SELECT COUNT(*) FROM session"),
        "people": reg.scalar("SELECT COUNT(*) FROM person"),
        "assessors": reg.scalar("SELECT COUNT(*) FROM assessor"),
    }
    summary = readiness.summary(reg)
    reg.close()

    dashboard = window.open_page("dashboard")
    assert "Northmoor County Council" in dashboard.text()
    assert f">{summary['counts']['inbox']}</a></b> files in the inbox" in dashboard.html
    assert len(dashboard.tiles) == 9
    assert summary["quality_statements"][0]["rag"].upper() in dashboard.tiles["QS1"]
    assert f"{summary['counts']['inbox']} files in the inbox" in dashboard.text()

    quality = window.open_page("quality")
    assert quality.model.rowCount() == 9
    assert quality.form_box.title().startswith("Self-assessment: QS")

    evidence = window.open_page("evidence")
    qtbot.waitUntil(lambda: evidence.model.total == counts["evidence"], timeout=5000)

    gaps = window.open_page("gaps")
    assert gaps.model.rowCount() == counts["gaps_open"]

    cases = window.open_page("cases")
    assert cases.model.rowCount() == counts["cases"]

    interviews = window.open_page("interviews")
    assert interviews.model.rowCount() == counts["sessions"]
    assert "3 double bookings" in interviews.summary.text()

    people = window.open_page("people")
    assert people.people_model.rowCount() == counts["people"]
    assert people.assessor_model.rowCount() == counts["assessors"]

    printing = window.open_page("print")
    assert printing.documents.count() >= 4
    wait_idle(qtbot, window)


def test_models_pass_qtmodeltester(window, qtbot, qtmodeltester):
    evidence = window.open_page("evidence")
    qtbot.waitUntil(lambda: evidence.model.total > 0, timeout=5000)
    qtmodeltester.check(evidence.model, force_py=True)
    evidence.model.sort(1, Qt.SortOrder.DescendingOrder)
    evidence.model.set_search("survey")
    qtmodeltester.check(evidence.model, force_py=True)
    qtmodeltester.check(window.open_page("interviews").model, force_py=True)
    qtmodeltester.check(window.open_page("cases").model, force_py=True)


def test_dashboard_links_open_filtered_lists(window, qtbot):
    dashboard = window.open_page("dashboard")
    dashboard.follow("evidence?status=inbox")
    evidence = window.current_page()
    assert evidence.key == "evidence"
    qtbot.waitUntil(lambda: evidence.model.total > 0, timeout=5000)
    statuses = {evidence.model.row_at(r)[10] for r in range(evidence.model.rowCount())}
    assert statuses == {"inbox"}

    dashboard.follow("gaps?severity=high&open=1")
    gaps = window.current_page()
    assert gaps.key == "gaps" and gaps.model.rowCount() >= 1
    assert {gaps.model.row_at(r)[9] for r in range(gaps.model.rowCount())} == {"high"}

    dashboard.follow("interviews?conflicts=1")
    interviews = window.current_page()
    assert interviews.model.rowCount() >= 2
    assert all(interviews.model.row_at(r)[14] for r in range(interviews.model.rowCount()))

    dashboard.follow("cases?awaiting_consent=1")
    cases = window.current_page()
    assert cases.model.rowCount() == dashboard.data["cases_awaiting_consent"]
    wait_idle(qtbot, window)


def test_search_and_sort_on_the_evidence_table(window, qtbot):
    evidence = window.open_page("evidence")
    qtbot.waitUntil(lambda: evidence.model.total > 0, timeout=5000)
    qtbot.keyClicks(evidence.search, "safeguarding")
    shown = evidence.model.rowCount()
    assert 0 < shown < evidence.model.total
    assert all("safeguarding" in " ".join(map(str, evidence.model.row_at(r)[1:10])).lower() for r in range(shown))
    evidence.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    titles = [evidence.model.row_at(r)[2].casefold() for r in range(evidence.model.rowCount())]
    assert titles == sorted(titles)
    wait_idle(qtbot, window)


def test_sidebar_is_keyboard_reachable_and_shortcuts_switch_pages(window, qtbot):
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.current_page().key == list(window.page_types)[1]
    window.findChild(type(window.actions()[0]), "go_gaps").trigger()
    assert window.current_page().key == "gaps"
    for page in window.pages.values():
        assert page.accessibleName()
    wait_idle(qtbot, window)


def test_known_titles_match_the_page_classes():
    from readiness_app.ui.sidebar import KNOWN_TITLES, page_entries

    for entry in page_entries():
        cls = entry.load()
        assert (cls.key, cls.title) == (entry.key, entry.title), entry.module
    assert all(name.startswith("readiness_app.ui.pages.") for name in KNOWN_TITLES)
