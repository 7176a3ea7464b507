"""The window prints each document for its audience, and flags case tracking that cannot wait."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_the_print_page_prints_the_packs_for_partners(window, qtbot, tmp_path, opened_urls):
    page = window.open_page("print")
    page.apply_filters(document="interview-packs")
    labels = [page.audience.itemText(i) for i in range(page.audience.count())]
    assert labels[0] == "Council internal" and "Attendees (partners)" in labels and page.audience.isEnabled()
    page.apply_filters(audience="partners")
    page.folder.setText(str(tmp_path))
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: (tmp_path / page.file_name.text()).exists() and not page.building, timeout=60_000)
    text = " ".join((p.extract_text() or "") for p in PdfReader(tmp_path / page.file_name.text()).pages[:3])
    assert "For: attendees (partners)" in " ".join(text.split())
    assert "Self-assessed score" not in text
    page.apply_filters(document="checklist")  # one audience only: nothing to choose
    assert page.audience.count() == 1 and not page.audience.isEnabled()
    wait_idle(qtbot, window)


@pytest.fixture
def week_before_visit(demo_dir, set_today):
    from readiness_app.opening import open_register

    reg = open_register(demo_dir / "register.sqlite", source="cli")
    try:
        first = date.fromisoformat(reg.scalar("SELECT MIN(date) FROM visit_day WHERE kind = 'onsite'"))
    finally:
        reg.close()
    set_today(first - timedelta(days=7))


def test_the_dashboard_flags_pending_consent_in_the_week_before_the_visit(week_before_visit, window, qtbot):
    dashboard = window.open_page("dashboard")
    qtbot.waitUntil(lambda: "case tracking problem" in dashboard.html, timeout=10_000)
    assert "consent is" in dashboard.html and "the visit starts in 5 working days" in dashboard.html


def test_a_drop_in_takes_a_host_and_refuses_named_invitees(window, qtbot, demo_dir):
    from readiness_app.opening import open_register

    page = window.open_page("interviews")
    page.new_item()
    dialog = page.dialog
    dialog.title_edit.setText("Open drop-in: Front Door")
    dialog.date.setText("17/12/2026")
    dialog.start.setText("07:00")
    dialog.end.setText("07:45")
    dialog.kind.setCurrentIndex(dialog.kind.findData("drop_in"))
    dialog.host.setText("Sam Okoro, Practice Lead")
    someone = dialog.people.list.item(0).data(Qt.ItemDataRole.UserRole)
    dialog.people.set_checked([someone])
    dialog.save()
    assert dialog.error.isVisible() and "drop-ins are open" in dialog.error.text()
    dialog.people.set_checked([])
    with qtbot.waitSignal(window.ctx.data_changed, timeout=5000):
        dialog.save()
    reg = open_register(demo_dir / "register.sqlite", source="cli")
    try:
        row = reg.query("SELECT host FROM session WHERE title = 'Open drop-in: Front Door'")[0]
    finally:
        reg.close()
    assert row["host"] == "Sam Okoro, Practice Lead"
    wait_idle(qtbot, window)
