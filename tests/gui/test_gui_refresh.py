"""A page is refreshed after a change to any table its queries read: measured, not trusted.

Every page is opened on the demo and refreshed with an SQLite authorizer on the window's
read connection and on the reader thread's connection, which records each table the
page's queries read. A page that names the tables it shows (`Page.tables`, derived from
the `@reads` declarations of the register queries it runs) must name all of them, or a
change to one of them would leave the page showing the register as it was.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest

from .conftest import wait_idle

pytestmark = pytest.mark.gui


def _tables_read(qtbot, window, page) -> set[str]:
    seen: set[str] = set()
    lock = threading.Lock()

    def note(action, table, _column, _database, _trigger):
        if action == sqlite3.SQLITE_READ and table and not table.startswith("sqlite_"):
            with lock:
                seen.add(table)
        return sqlite3.SQLITE_OK

    read = window.ctx.read.conn
    read.set_authorizer(note)  # setting one expires cached statements: every query is prepared (and seen) again
    window.ctx.reader.submit(lambda reg: reg.conn.set_authorizer(note), description="listen")
    wait_idle(qtbot, window)
    try:
        page.refresh()
        wait_idle(qtbot, window)  # the page's big reads on the reader thread
    finally:
        read.set_authorizer(None)
        window.ctx.reader.submit(lambda reg: reg.conn.set_authorizer(None), description="stop listening")
        wait_idle(qtbot, window)
    return seen


def test_every_page_refreshes_on_every_table_its_queries_read(window, qtbot):
    wait_idle(qtbot, window)
    missing = {}
    checked = 0
    for key in window.page_types:
        page = window.open_page(key)
        wait_idle(qtbot, window)
        if page.tables is None:  # any change reloads it
            continue
        checked += 1
        read = _tables_read(qtbot, window, page)
        assert read, key  # the authorizer saw the page's queries
        if read - page.tables:
            missing[key] = sorted(read - page.tables)
    assert checked >= 4
    assert missing == {}


def test_interviews_say_a_case_is_withdrawn_as_soon_as_it_is(window, qtbot):
    from readiness_app.register import cases, sessions

    page = window.open_page("interviews")
    wait_idle(qtbot, window)
    linked = next(s for s in sessions.list_sessions(window.ctx.read) if s["case_id"])
    code = cases.get(window.ctx.read, linked["case_id"])["code"]
    assert "withdrawn" not in " ".join(page.conflict_text.get(linked["id"], []))
    window.ctx.write(lambda reg: cases.update(reg, linked["case_id"], stage="withdrawn"), "withdrawing a case")
    wait_idle(qtbot, window)
    assert f"case {code} is withdrawn" in page.conflict_text.get(linked["id"], [])
