"""The real watcher on real folders (native and polling), with deadlines instead of sleeps."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
import time

import pytest

from readiness_app.evidence import settings as evidence_settings
from readiness_app.evidence.reconcile import ReconcileResult
from readiness_app.evidence.watcher import EvidenceWatcher
from readiness_app.opening import open_register

TICK = threading.Event()  # never set: .wait(t) is a bounded pause between polls


def pump(watcher: EvidenceWatcher, until, timeout: float = 10.0, tick: float = 0.05) -> ReconcileResult:
    """Call process_pending until `until(total)` is true or the deadline passes; return all results merged."""
    total = ReconcileResult(full=False)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        total.merge(watcher.process_pending())
        if until(total):
            return total
        TICK.wait(tick)
    raise AssertionError(f"condition not met within {timeout} s; last state {watcher.state}, {total.summary()}")


@pytest.fixture
def fast(folder):
    evidence_settings.save(folder.reg, "stability_seconds", "0.3")
    return folder


def make_watcher(folder, **kwargs) -> EvidenceWatcher:
    kwargs.setdefault("health_interval", 0.2)
    watcher = EvidenceWatcher(folder.reg, **kwargs)
    watcher.start()
    return watcher


def test_new_file_reaches_the_register_after_the_stability_delay(fast):
    fast.write("QS1/existing.pdf", "already here", mtime=time.time() - 60)
    seen = []
    watcher = make_watcher(fast, on_change=seen.append)
    try:
        assert watcher.state == "live"
        first = watcher.process_pending()  # the start-up reconcile
        assert first.full and first.added == 1
        written = time.monotonic()
        fast.write("07 Safeguarding/People's experience/New MSP report.pdf", "msp")
        pump(watcher, lambda r: r.added == 1)
        took = time.monotonic() - written
        row = fast.row("07 Safeguarding/People's experience/New MSP report.pdf")
        assert row["sha256"] == hashlib.sha256(b"msp").hexdigest() and fast.qs(row["id"]) == ["QS7"]
        assert 0.3 <= took < 0.3 + 2.0  # the delay, plus generous slack for a busy test machine
        assert seen and seen[-1].new_ids == [row["id"]]
        assert watcher.last_reconcile is not None
        sources = {r[0] for r in fast.reg.query("SELECT source FROM audit WHERE record_table = 'evidence'")}
        assert sources == {"watcher"}
    finally:
        watcher.stop()
    assert watcher.state == "stopped"


def test_slow_copy_gives_exactly_one_record_with_the_final_hash(fast):
    evidence_settings.save(fast.reg, "stability_seconds", "1.0")  # well above the gap between writes
    watcher = make_watcher(fast)
    try:
        watcher.process_pending()
        path = fast.root / "QS4/Market position statement.pdf"
        path.parent.mkdir()
        data = b""
        with open(path, "wb") as fh:
            for _n in range(15):  # ~1.5 s of dribbling bytes, longer than the delay in total
                chunk = os.urandom(5000)
                fh.write(chunk)
                fh.flush()
                data += chunk
                total = watcher.process_pending()
                assert total.added == 0, "taken in before the copy finished"
                TICK.wait(0.1)
        pump(watcher, lambda r: r.added == 1)
        rows = fast.rows()
        assert list(rows) == ["QS4/Market position statement.pdf"]
        assert rows["QS4/Market position statement.pdf"]["sha256"] == hashlib.sha256(data).hexdigest()
    finally:
        watcher.stop()


def test_rename_keeps_the_item_and_delete_marks_missing(fast):
    fast.write("Drops/audit.pdf", "audit", mtime=time.time() - 60)
    watcher = make_watcher(fast)
    try:
        watcher.process_pending()
        item_id = fast.row("Drops/audit.pdf")["id"]
        (fast.root / "QS7").mkdir()
        os.rename(fast.root / "Drops/audit.pdf", fast.root / "QS7/audit.pdf")
        pump(watcher, lambda r: r.moved == 1)
        assert fast.row("QS7/audit.pdf")["id"] == item_id
        os.remove(fast.root / "QS7/audit.pdf")
        pump(watcher, lambda r: r.missing == 1)
        assert fast.row("QS7/audit.pdf")["presence"] == "missing"
    finally:
        watcher.stop()


def test_forced_polling_works_and_reports_its_state(fast):
    watcher = make_watcher(fast, polling=0.2)
    try:
        assert watcher.state == "polling" and watcher.uses_polling
        watcher.process_pending()
        fast.write("QS9/Learning review.docx", "learning")
        pump(watcher, lambda r: r.added == 1)
    finally:
        watcher.stop()


def test_burst_of_files_is_taken_in_by_one_full_reconcile(fast):
    watcher = make_watcher(fast, burst_threshold=50)
    try:
        watcher.process_pending()
        for n in range(300):
            fast.write(f"Burst/doc {n:03d}.txt", f"doc {n}")
        total = pump(watcher, lambda r: r.added == 300, timeout=30)
        assert total.full  # a full reconcile, not 300 single-file runs
        assert fast.reg.scalar("SELECT COUNT(*) FROM evidence") == 300
    finally:
        watcher.stop()


@pytest.mark.allow_log(r"evidence folder unreachable; watching paused")
def test_folder_going_offline_and_coming_back(fast, tmp_path):
    fast.write("QS1/a.pdf", "a", mtime=time.time() - 60)
    watcher = make_watcher(fast)
    try:
        watcher.process_pending()
        moved_aside = tmp_path / "share-gone"
        os.rename(fast.root, moved_aside)
        pump(watcher, lambda r: watcher.state == "offline")
        assert fast.row("QS1/a.pdf")["presence"] == "present"  # an unreachable share marks nothing missing
        assert watcher.last_error
        (moved_aside / "QS2").mkdir()
        (moved_aside / "QS2/while away.pdf").write_bytes(b"new while offline")
        os.rename(moved_aside, fast.root)
        pump(watcher, lambda r: r.added == 1)
        assert watcher.state == "live"
        assert "QS2/while away.pdf" in fast.rows()
        fast.write("QS3/after.pdf", "after")  # the new observer really watches the returned folder
        pump(watcher, lambda r: r.added == 1)
    finally:
        watcher.stop()


def test_root_deleted_and_recreated_gets_a_new_observer(fast):
    fast.write("QS1/a.pdf", "a", mtime=time.time() - 60)
    watcher = make_watcher(fast)
    try:
        watcher.process_pending()
        shutil.rmtree(fast.root)
        fast.root.mkdir()
        fast.write("QS1/a.pdf", "a", mtime=time.time() - 60)
        fast.write("QS5/b.pdf", "b")
        pump(watcher, lambda r: "QS5/b.pdf" in fast.rows())
        assert fast.row("QS1/a.pdf")["presence"] == "present"
        fast.write("QS6/c.pdf", "c")
        pump(watcher, lambda r: "QS6/c.pdf" in fast.rows())
    finally:
        watcher.stop()


def test_dead_observer_is_restarted_and_reconciled(fast):
    watcher = make_watcher(fast)
    try:
        watcher.process_pending()
        watcher._observer.stop()  # the thread dies, as it does when a share drops
        watcher._observer.join(5)
        fast.write("QS8/written while deaf.pdf", "deaf")
        pump(watcher, lambda r: r.added == 1)
        assert watcher.state == "live" and watcher._observer.is_alive()
    finally:
        watcher.stop()


def test_rescan_on_request_and_periodic(fast):
    watcher = make_watcher(fast, health_interval=60)
    try:
        watcher.process_pending()
        watcher._observer.unschedule_all()  # deaf, but looks alive: only a rescan can find new files
        fast.write("QS1/silent.pdf", "silent", mtime=time.time() - 60)
        assert watcher.process_pending().added == 0
        watcher.request_rescan()
        assert watcher.process_pending().added == 1
        fast.write("QS1/silent2.pdf", "silent2", mtime=time.time() - 60)
        later = time.monotonic() + watcher.settings.rescan_minutes * 60 + 1
        assert watcher.process_pending(now=later).added == 1
    finally:
        watcher.stop()


def test_watcher_opens_and_closes_its_own_register(fast):
    path = fast.reg.path
    fast.write("QS1/a.pdf", "a", mtime=time.time() - 60)
    with EvidenceWatcher(lambda: open_register(path, source="watcher")) as watcher:
        assert watcher.process_pending().added == 1
        reg = watcher.reg
    assert watcher.reg is None
    with pytest.raises(sqlite3.ProgrammingError):
        reg.conn.execute("SELECT 1")
