"""The one WHERE-clause builder the register's listings share."""

from __future__ import annotations

from readiness_app.register import gaps, sessions
from readiness_app.register.where import Where


def test_no_filter_gives_no_clause_and_filters_join_with_and():
    where = Where()
    assert str(where) == "" and where.params == ()
    where.add("qs = ?", "QS3")
    where.add("status != 'closed'")
    where.among("id", [3, 1])
    assert str(where) == " WHERE qs = ? AND status != 'closed' AND id IN (SELECT value FROM json_each(?))"
    assert where.params == ("QS3", "[3, 1]")


def test_listings_filter_through_it(demo_register):
    open_qs3 = gaps.list_gaps(demo_register, qs="QS3", open_only=True)
    assert open_qs3 and all(g["qs"] == "QS3" and g["status"] != "closed" for g in open_qs3)
    every = [s["id"] for s in sessions.list_sessions(demo_register)]
    many = every * 40  # more ids than SQLite takes as separate parameters in older builds
    assert [s["id"] for s in sessions.list_sessions(demo_register, session_ids=many)] == every
