"""Writes report what they changed, and every change can be undone and redone at the row level."""

from __future__ import annotations

from readiness_app.register import audit, cases, changes, sessions


def _session_rows(reg):
    return [dict(r) for r in reg.query("SELECT * FROM session ORDER BY id")]


def _links(reg, session_id):
    return [tuple(r) for r in reg.query("SELECT * FROM session_person WHERE session_id = ?", (session_id,))]


def test_a_recorded_change_names_its_tables_and_rows(demo_register):
    reg = demo_register
    first = reg.query("SELECT id FROM session ORDER BY id LIMIT 1")[0][0]
    _, rec = changes.record(reg, lambda r: sessions.update(r, first, title="Moved title"))
    assert rec.changes.ids("session") == {first}
    assert "audit" not in rec.changes.tables
    assert rec.changes.touches({"session"}) and not rec.changes.touches({"evidence"})
    assert rec.changes.only("session")


def test_undo_and_redo_of_a_delete_bring_back_the_row_and_its_links(demo_register):
    reg = demo_register
    target = next(
        r[0] for r in reg.query("SELECT session_id FROM session_person GROUP BY session_id ORDER BY session_id")
    )
    before_rows, before_links = _session_rows(reg), _links(reg, target)
    assert before_links
    _, rec = changes.record(reg, lambda r: sessions.delete(r, target))
    assert rec.changes.ids("session") == {target}
    assert "session_person" in rec.changes.tables  # the cascade is logged too
    assert _links(reg, target) == []

    redo = changes.replay(reg, rec.inverse, "undo: Delete session")
    assert _session_rows(reg) == before_rows
    assert sorted(_links(reg, target)) == sorted(before_links)
    last = audit.entries(reg, table="session")[-1]
    assert last["changes"] == {"undo": "Delete session"} and last["action"] == "insert"

    again = changes.replay(reg, redo.inverse, "redo: Delete session")
    assert target not in [r["id"] for r in _session_rows(reg)]
    changes.replay(reg, again.inverse, "undo: Delete session")
    assert _session_rows(reg) == before_rows


def test_undo_of_a_create_and_of_an_update(demo_register):
    reg = demo_register
    case_id, rec = changes.record(reg, lambda r: cases.create(r, "ZZ-999", criteria=["hospital discharge"]))
    assert reg.scalar("SELECT COUNT(*) FROM case_criterion WHERE case_id = ?", (case_id,)) == 1
    changes.replay(reg, rec.inverse, "undo: New case")
    assert reg.scalar("SELECT COUNT(*) FROM tracked_case WHERE id = ?", (case_id,)) == 0
    assert reg.scalar("SELECT COUNT(*) FROM case_criterion WHERE case_id = ?", (case_id,)) == 0

    some = reg.query("SELECT id, stage FROM tracked_case WHERE stage != 'withdrawn' ORDER BY id LIMIT 1")[0]
    _, rec = changes.record(reg, lambda r: cases.update(r, some["id"], stage="withdrawn"))
    assert reg.scalar("SELECT stage FROM tracked_case WHERE id = ?", (some["id"],)) == "withdrawn"
    changes.replay(reg, rec.inverse, "undo: Next stage")
    assert reg.scalar("SELECT stage FROM tracked_case WHERE id = ?", (some["id"],)) == some["stage"]


def test_a_failed_change_records_nothing_and_unrecorded_writes_are_not_logged(demo_register):
    reg = demo_register
    first = reg.query("SELECT id FROM session ORDER BY id LIMIT 1")[0][0]

    def bad(r):
        with r.transaction():
            sessions.update(r, first, title="half way")
            raise ValueError("stop")

    try:
        changes.record(reg, bad)
    except ValueError:
        pass
    else:  # pragma: no cover - the change must fail
        raise AssertionError("the change should have failed")
    assert reg.scalar("SELECT COUNT(*) FROM temp.change_log") == 0
    sessions.update(reg, first, title="not recorded")  # e.g. the watcher's own writes
    assert reg.scalar("SELECT COUNT(*) FROM temp.change_log") == 0


def test_everything_touches_every_page():
    assert changes.Changes.all().touches({"evidence"})
    assert changes.Changes.all().touches(None)
    assert not changes.Changes().touches(None)
    assert changes.Changes.of(session=[1]).touches(None)


def test_a_replay_that_a_later_change_blocks_is_refused_whole(demo_register):
    import pytest

    from readiness_app.errors import ReadinessError

    reg = demo_register
    case_id, rec = changes.record(reg, lambda r: cases.create(r, "ZZ-100"))
    redo = changes.replay(reg, rec.inverse, "undo: New case")
    other = cases.create(reg, "ZZ-100")  # someone else takes the code meanwhile (not through the app)
    audit_before = reg.scalar("SELECT COUNT(*) FROM audit")
    with pytest.raises(ReadinessError, match="can no longer be taken back"):
        changes.replay(reg, redo.inverse, "redo: New case")
    assert [tuple(r) for r in reg.query("SELECT id FROM tracked_case WHERE code = 'ZZ-100'")] == [(other,)]
    assert reg.scalar("SELECT COUNT(*) FROM audit") == audit_before
    assert reg.scalar("SELECT COUNT(*) FROM temp.change_log") == 0
