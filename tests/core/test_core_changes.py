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
    with pytest.raises(ReadinessError, match="Someone changed this case since; redo skipped"):
        changes.replay(reg, redo.inverse, "redo: New case")
    assert [tuple(r) for r in reg.query("SELECT id FROM tracked_case WHERE code = 'ZZ-100'")] == [(other,)]
    assert reg.scalar("SELECT COUNT(*) FROM audit") == audit_before
    assert reg.scalar("SELECT COUNT(*) FROM temp.change_log") == 0


def _gap(reg):
    return dict(reg.query("SELECT id, owner, description, notes FROM gap ORDER BY id LIMIT 1")[0])


def test_undo_puts_back_only_its_own_columns_and_keeps_another_writers_change(demo_register, demo_dir):
    from readiness_app.opening import open_register
    from readiness_app.register import gaps

    reg = demo_register
    gap = _gap(reg)
    _, rec = changes.record(reg, lambda r: gaps.update(r, gap["id"], owner="App owner"))
    assert [(s.table, s.before, s.after) for s in rec.inverse] == [
        ("gap", {"owner": gap["owner"]}, {"owner": "App owner"})
    ]
    other = open_register(demo_dir / "register.sqlite", source="cli")  # another program's connection
    try:
        gaps.update(other, gap["id"], description="Changed by the command line")
    finally:
        other.close()
    assert changes.still_as_left(reg, rec.inverse)
    redo = changes.replay(reg, rec.inverse, "undo: Edit gap")
    now = _gap(reg)
    assert now["owner"] == gap["owner"] and now["description"] == "Changed by the command line"
    changes.replay(reg, redo.inverse, "redo: Edit gap")
    assert _gap(reg)["owner"] == "App owner"


def test_undo_and_redo_are_refused_when_their_columns_changed_since(demo_register):
    import pytest

    from readiness_app.register import gaps

    reg = demo_register
    gap = _gap(reg)
    _, rec = changes.record(reg, lambda r: gaps.update(r, gap["id"], owner="App owner", notes="app notes"))
    gaps.update(reg, gap["id"], owner="Their owner")  # not recorded: as another program would
    assert not changes.still_as_left(reg, rec.inverse)
    audit_before = reg.scalar("SELECT COUNT(*) FROM audit")
    with pytest.raises(changes.ChangedSince, match="^Someone changed this gap since; undo skipped$"):
        changes.replay(reg, rec.inverse, "undo: Edit gap")
    now = _gap(reg)
    assert (now["owner"], now["notes"]) == ("Their owner", "app notes")  # nothing of the undo ran
    assert reg.scalar("SELECT COUNT(*) FROM audit") == audit_before

    gaps.update(reg, gap["id"], owner="App owner")
    redo = changes.replay(reg, rec.inverse, "undo: Edit gap")
    gaps.update(reg, gap["id"], notes="their notes")
    with pytest.raises(changes.ChangedSince, match="redo skipped"):
        changes.replay(reg, redo.inverse, "redo: Edit gap")
    assert _gap(reg)["notes"] == "their notes"


def test_undo_of_an_edit_to_a_record_deleted_since_is_refused_and_changes_nothing(demo_register):
    import pytest

    from readiness_app.register import gaps

    reg = demo_register
    gap = _gap(reg)
    _, rec = changes.record(reg, lambda r: gaps.update(r, gap["id"], owner="App owner"))
    with reg.transaction():
        reg.conn.execute("DELETE FROM gap WHERE id = ?", (gap["id"],))
    with pytest.raises(changes.ChangedSince, match="^Someone deleted this gap since; undo skipped$") as caught:
        changes.replay(reg, rec.inverse, "undo: Edit gap")
    assert caught.value.gone
    assert reg.scalar("SELECT COUNT(*) FROM gap WHERE id = ?", (gap["id"],)) == 0


def test_a_row_changed_twice_in_one_change_folds_into_one_step(demo_register):
    from readiness_app.register import gaps

    reg = demo_register
    gap = _gap(reg)

    def twice(r):
        with r.transaction():
            gaps.update(r, gap["id"], owner="First")
            gaps.update(r, gap["id"], owner="Second", notes="n")
            gaps.update(r, gap["id"], notes=gap["notes"])

    _, rec = changes.record(reg, twice)
    assert [(s.before, s.after) for s in rec.inverse] == [({"owner": gap["owner"]}, {"owner": "Second"})]
    new_id, rec = changes.record(reg, lambda r: gaps.create(r, "QS1", "made and changed"))
    assert [(s.before, s.after["description"]) for s in rec.inverse] == [(None, "made and changed")]
