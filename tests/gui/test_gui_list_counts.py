"""Every filterable list says how many rows it shows, and the count follows the filter ("12 of 40 sessions shown").

The expected numbers come from the register itself, not from the page's model.
"""

from __future__ import annotations

import pytest

from readiness_app.opening import open_register
from readiness_app.register import readiness
from readiness_app.ui.pages.rooms_and_team import RoomsList, TeamList
from readiness_app.ui.wording import shown_count

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

NOTHING = "zzqx-nothing-matches"


def test_the_count_words_agree_with_their_number():
    assert shown_count(1, 1, "item") == "1 item"
    assert shown_count(2, 2, "item") == "2 items"
    assert shown_count(0, 0, "item") == "0 items"
    assert shown_count(1, 2, "item") == "1 of 2 items shown"
    assert shown_count(0, 1, "item") == "0 of 1 item shown"
    assert shown_count(12, 1_040, "session") == "12 of 1,040 sessions shown"
    assert shown_count(3, 170, "person", "people") == "3 of 170 people shown"
    assert shown_count(1, 1, "learning log entry", "learning log entries") == "1 learning log entry"


def _value(demo_dir, sql: str, params: tuple = ()):
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    try:
        return reg.scalar(sql, params)
    finally:
        reg.close()


def _count(demo_dir, sql: str, params: tuple = ()) -> int:
    return int(_value(demo_dir, sql, params))


def test_the_main_lists_count_what_their_filters_leave(window, qtbot, demo_dir):
    evidence = window.open_page("evidence")
    wait_idle(qtbot, window)
    total = _count(demo_dir, "SELECT COUNT(*) FROM evidence")
    qtbot.waitUntil(lambda: evidence.count_label.text() == f"{total} items")
    evidence.apply_filters(status="inbox")
    inbox = _count(demo_dir, "SELECT COUNT(*) FROM evidence WHERE status = 'inbox'")
    assert 0 < inbox < total
    assert evidence.count_label.text() == f"{inbox} of {total} items shown"
    evidence.apply_filters()
    assert evidence.count_label.text() == f"{total} items"

    gaps = window.open_page("gaps")
    all_gaps = _count(demo_dir, "SELECT COUNT(*) FROM gap")
    gaps.apply_filters(open="0")
    assert gaps.count_label.text() == f"{all_gaps} gaps"
    gaps.apply_filters(open="0", severity="high")
    high = _count(demo_dir, "SELECT COUNT(*) FROM gap WHERE severity = 'high'")
    assert gaps.count_label.text() == f"{high} of {all_gaps} gaps shown"

    cases = window.open_page("cases")
    all_cases = _count(demo_dir, "SELECT COUNT(*) FROM tracked_case")
    assert cases.count_label.text() == f"{all_cases} cases"
    stage = _value(demo_dir, "SELECT stage FROM tracked_case GROUP BY stage ORDER BY COUNT(*) DESC LIMIT 1")
    cases.apply_filters(stage=stage)
    in_stage = _count(demo_dir, "SELECT COUNT(*) FROM tracked_case WHERE stage = ?", (stage,))
    assert 0 < in_stage < all_cases
    assert cases.count_label.text() == f"{in_stage} of {all_cases} cases shown"

    interviews = window.open_page("interviews")
    sessions = _count(demo_dir, "SELECT COUNT(*) FROM session")
    day = _value(demo_dir, "SELECT date FROM session GROUP BY date ORDER BY COUNT(*) DESC LIMIT 1")
    on_day = _count(demo_dir, "SELECT COUNT(*) FROM session WHERE date = ?", (day,))
    interviews.day.setCurrentIndex(interviews.day.findData(day))
    assert interviews.summary.text().startswith(f"{on_day} of {sessions} sessions shown; ")
    interviews.day.setCurrentIndex(interviews.day.findData(None))
    assert "shown" not in interviews.summary.text()

    people = window.open_page("people")
    everyone = _count(demo_dir, "SELECT COUNT(*) FROM person")
    assert people.count_label.text() == f"{everyone} people"
    people.search.setText(NOTHING)
    qtbot.waitUntil(lambda: people.count_label.text() == f"0 of {everyone} people shown")


def test_the_quality_statements_say_how_many_a_rag_filter_shows(window, qtbot, demo_dir):
    quality = window.open_page("quality")
    assert quality.filter_line.isHidden()
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    rags = [q["rag"] for q in readiness.summary(reg)["quality_statements"]]  # worked out, not stored
    reg.close()
    red = rags.count("red")
    assert red
    window.ctx.navigate("quality", rag="red")
    assert quality.filter_line.isVisibleTo(quality)
    assert quality.count_label.text() == f"{shown_count(red, 9, 'quality statement')} (red only)"
    quality.show_all_button.click()
    assert quality.model.rowCount() == 9 and quality.filter_line.isHidden()


# page key, the register table behind its list, the count's words for one and for many
RECORD_PAGES = [
    ("timeline", None, "milestone", None),
    ("requests", "cqc_request", "request", None),
    ("information_return", "return_item", "item", None),
    ("figures", None, "figure", None),
    ("outcome", "improvement_action", "action", None),
    ("findings", "finding", "finding", None),
]


@pytest.mark.parametrize(("key", "table", "one", "many"), RECORD_PAGES, ids=[p[0] for p in RECORD_PAGES])
def test_each_record_list_counts_what_its_search_leaves(window, qtbot, demo_dir, key, table, one, many):
    page = window.open_page(key)
    wait_idle(qtbot, window)
    total = page.model.total
    if table is not None:
        assert total == _count(demo_dir, f"SELECT COUNT(*) FROM {table}")
    assert total > 1
    assert page.count_label.text() == shown_count(total, total, one, many)
    first = page.model.row_at(0)
    title = next(str(v) for v in first if isinstance(v, str) and len(v) > 12)  # a long text of the first row
    page.search.setText(NOTHING)
    assert page.count_label.text() == f"0 of {shown_count(total, total, one, many)} shown"
    page.search.setText(title)
    shown = page.model.rowCount()
    assert shown >= 1
    everything = shown_count(total, total, one, many)
    assert page.count_label.text() == (everything if shown == total else f"{shown} of {everything} shown")
    page.search.setText("")
    assert page.count_label.text() == shown_count(total, total, one, many)


def test_the_rooms_and_team_lists_count_in_their_own_words(window, qtbot, demo_dir):
    page = window.open_page("setup")
    (rooms,) = page.findChildren(RoomsList)
    (team,) = page.findChildren(TeamList)
    n_rooms = _count(demo_dir, "SELECT COUNT(*) FROM room")
    n_team = _count(demo_dir, "SELECT COUNT(*) FROM assessor")
    assert rooms.count_label.text() == f"{n_rooms} rooms"
    assert team.count_label.text() == f"{n_team} CQC team members"
    team.search.setText(NOTHING)
    assert team.count_label.text() == f"0 of {n_team} CQC team members shown"
