"""The reconcile against real files on disk: new, changed, moved, duplicate, missing, back again."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest

from readiness_app.errors import ReadinessError
from readiness_app.evidence import hashing
from readiness_app.evidence import settings as evidence_settings
from readiness_app.evidence.folder import FolderUnreachable
from readiness_app.evidence.reconcile import reconcile
from readiness_app.register import evidence, gaps, sessions


def audit_count(reg) -> int:
    return reg.scalar("SELECT COUNT(*) FROM audit")


# ---------------------------------------------------------------- the demo


def test_fresh_demo_scan_changes_nothing(demo_register):
    before = demo_register.scalar("SELECT COUNT(*) FROM evidence")
    audit_before = audit_count(demo_register)
    result = reconcile(demo_register)
    counts = result.counts()
    assert counts["added"] == counts["changed"] == counts["moved"] == counts["missing"] == 0
    assert counts["duplicates"] == 0  # the demo's deliberate duplicate was already flagged
    assert result.hashed == 0  # size and mtime match: nothing re-hashed
    assert demo_register.scalar("SELECT COUNT(*) FROM evidence") == before
    assert audit_count(demo_register) == audit_before
    assert result.totals["duplicate"] == 2


# ---------------------------------------------------------------- new, unchanged, changed


def test_new_files_are_added_classified_and_left_in_the_inbox(folder):
    folder.write("07 Safeguarding/People's experience/MSP survey LAIR-031.pdf", "msp")
    folder.write("03 Equity in experience and outcomes/Feedback from partners/VCS letter.docx", "vcs")
    folder.write("Drops/scan 0001.pdf", "scan")
    result = reconcile(folder.reg)
    assert (result.added, result.inbox, result.changed, result.moved) == (3, 3, 0, 0)
    rows = folder.rows()
    msp = rows["07 Safeguarding/People's experience/MSP survey LAIR-031.pdf"]
    assert msp["sha256"] == hashlib.sha256(b"msp").hexdigest()
    assert (msp["category"], msp["reference"], msp["status"], msp["presence"]) == (
        "people",
        "LAIR-031",
        "inbox",
        "present",
    )
    assert folder.qs(msp["id"]) == ["QS7"]
    assert folder.qs(rows["03 Equity in experience and outcomes/Feedback from partners/VCS letter.docx"]["id"]) == [
        "QS3"
    ]
    unsorted = rows["Drops/scan 0001.pdf"]
    assert folder.qs(unsorted["id"]) == [] and unsorted["category"] is None and unsorted["status"] == "inbox"
    assert sorted(result.new_ids) == sorted(r["id"] for r in rows.values())
    sources = {r[0] for r in folder.reg.query("SELECT DISTINCT source FROM audit WHERE record_table = 'evidence'")}
    assert sources == {"cli"}


def test_unchanged_files_are_never_rehashed(folder, monkeypatch):
    for n in range(5):
        folder.write(f"QS1/file {n}.pdf", f"content {n}")
    reconcile(folder.reg)
    calls = []
    real = hashing.hash_one
    monkeypatch.setattr(hashing, "hash_one", lambda path, cancel=None: calls.append(path) or real(path, cancel))
    audit_before = audit_count(folder.reg)
    result = reconcile(folder.reg)
    assert calls == [] and result.hashed == 0 and not result.has_changes
    assert audit_count(folder.reg) == audit_before  # a quiet rescan writes nothing


def test_changed_file_is_rehashed_and_keeps_its_tags(folder):
    path = folder.write("QS1/Policy.docx", "v1", mtime=1_700_000_000)
    reconcile(folder.reg)
    item = folder.row("QS1/Policy.docx")
    evidence.update(folder.reg, item["id"], notes="checked by PSW", status="accepted", category="processes")
    path.write_bytes(b"version two")
    os.utime(path, (1_700_000_100, 1_700_000_100))
    result = reconcile(folder.reg)
    assert result.changed == 1 and result.added == 0
    after = folder.row("QS1/Policy.docx")
    assert after["id"] == item["id"]
    assert after["sha256"] == hashlib.sha256(b"version two").hexdigest()
    assert (after["notes"], after["status"], after["category"]) == ("checked by PSW", "accepted", "processes")


def test_touched_but_identical_file_is_not_a_change(folder):
    path = folder.write("QS1/Same.pdf", "same", mtime=1_700_000_000)
    reconcile(folder.reg)
    os.utime(path, (1_700_000_500, 1_700_000_500))
    result = reconcile(folder.reg)
    assert result.hashed == 1 and result.changed == 0
    assert folder.row("QS1/Same.pdf")["mtime"] == 1_700_000_500


# ---------------------------------------------------------------- moves keep everything


def _link_everything(reg, item_id):
    """Tags, notes, a session, a closed gap and a CQC request pointing at one item."""
    evidence.update(reg, item_id, notes="key document", status="accepted", qs=["QS7", "QS8"], category="processes")
    session_id = sessions.create(
        reg, date="2026-12-01", start="09:00", end="10:00", title="DASS interview", evidence=[item_id]
    )
    gap_id = gaps.create(reg, "QS7", "Need an audit", severity="high")
    gaps.close(reg, gap_id, item_id)
    with reg.transaction():
        reg.conn.execute("INSERT INTO cqc_request (id, received_date, description) VALUES (1, '2026-12-05', 'audit')")
        reg.conn.execute("INSERT INTO request_evidence (request_id, evidence_id) VALUES (1, ?)", (item_id,))
    return session_id, gap_id


def _assert_links_kept(reg, item_id, session_id, gap_id):
    item = evidence.get(reg, item_id)
    assert item["qs"] == ["QS7", "QS8"] and item["notes"] == "key document" and item["status"] == "accepted"
    assert reg.scalar("SELECT evidence_id FROM session_evidence WHERE session_id = ?", (session_id,)) == item_id
    assert reg.scalar("SELECT closed_by FROM gap WHERE id = ?", (gap_id,)) == item_id
    assert reg.scalar("SELECT evidence_id FROM request_evidence WHERE request_id = 1") == item_id


def test_rename_and_folder_move_keep_id_tags_notes_and_links(folder):
    folder.write("Drops/audit.pdf", "the s42 audit")
    folder.write("Drops/other.pdf", "other")
    reconcile(folder.reg)
    item_id = folder.row("Drops/audit.pdf")["id"]
    session_id, gap_id = _link_everything(folder.reg, item_id)

    os.makedirs(folder.root / "07 Safeguarding")
    os.rename(folder.root / "Drops/audit.pdf", folder.root / "07 Safeguarding/s42 audit 2026.pdf")
    result = reconcile(folder.reg)
    assert (result.moved, result.added, result.missing) == (1, 0, 0)
    assert result.changes[0].detail == "from Drops/audit.pdf"
    moved = folder.row("07 Safeguarding/s42 audit 2026.pdf")
    assert moved["id"] == item_id and moved["presence"] == "present"
    _assert_links_kept(folder.reg, item_id, session_id, gap_id)

    os.rename(folder.root / "07 Safeguarding", folder.root / "QS7 Safeguarding adults")  # a whole folder renamed
    result = reconcile(folder.reg)
    assert (result.moved, result.added, result.missing) == (1, 0, 0)
    assert folder.row("QS7 Safeguarding adults/s42 audit 2026.pdf")["id"] == item_id
    _assert_links_kept(folder.reg, item_id, session_id, gap_id)
    assert folder.reg.scalar("SELECT COUNT(*) FROM evidence") == 2


def test_missing_then_back_at_a_new_path_is_a_move(folder, tmp_path):
    folder.write("QS2/reablement.pdf", "reablement data")
    reconcile(folder.reg)
    item_id = folder.row("QS2/reablement.pdf")["id"]
    aside = tmp_path / "aside.pdf"
    os.rename(folder.root / "QS2/reablement.pdf", aside)
    result = reconcile(folder.reg)
    assert result.missing == 1
    assert folder.row("QS2/reablement.pdf")["presence"] == "missing"
    os.rename(aside, folder.root / "Archive-reablement.pdf")
    result = reconcile(folder.reg)
    assert (result.moved, result.added) == (1, 0)
    row = folder.row("Archive-reablement.pdf")
    assert row["id"] == item_id and row["presence"] == "present"


def test_missing_file_keeps_its_record_and_links_and_comes_back(folder, tmp_path):
    folder.write("QS7/MSP audit.pdf", "msp audit")
    reconcile(folder.reg)
    item_id = folder.row("QS7/MSP audit.pdf")["id"]
    session_id, gap_id = _link_everything(folder.reg, item_id)
    os.rename(folder.root / "QS7/MSP audit.pdf", tmp_path / "away.pdf")
    result = reconcile(folder.reg)
    assert result.missing == 1 and result.totals["missing"] == 1
    assert folder.row("QS7/MSP audit.pdf")["presence"] == "missing"
    _assert_links_kept(folder.reg, item_id, session_id, gap_id)
    assert reconcile(folder.reg).missing == 0  # counted once, not every scan

    os.rename(tmp_path / "away.pdf", folder.root / "QS7/MSP audit.pdf")
    result = reconcile(folder.reg)
    assert result.reappeared == 1 and result.hashed == 0  # same size and mtime: trusted, not re-hashed
    assert folder.row("QS7/MSP audit.pdf")["presence"] == "present"
    _assert_links_kept(folder.reg, item_id, session_id, gap_id)


# ---------------------------------------------------------------- duplicates


def test_same_content_at_two_paths_is_flagged_and_both_kept(folder):
    folder.write("QS1/Carers strategy.pdf", "strategy")
    reconcile(folder.reg)
    folder.write("QS5/Copy of Carers strategy.pdf", "strategy")
    result = reconcile(folder.reg)
    assert result.added == 1 and result.duplicates == 2
    rows = folder.rows()
    assert {r["presence"] for r in rows.values()} == {"duplicate"}
    os.remove(folder.root / "QS5/Copy of Carers strategy.pdf")
    result = reconcile(folder.reg)
    assert result.missing == 1
    assert folder.row("QS1/Carers strategy.pdf")["presence"] == "present"
    assert folder.row("QS5/Copy of Carers strategy.pdf")["presence"] == "missing"


def test_copy_alongside_original_is_a_duplicate_not_a_move(folder):
    folder.write("a/report.pdf", "report")
    reconcile(folder.reg)
    original = folder.row("a/report.pdf")["id"]
    folder.write("b/report.pdf", "report")
    result = reconcile(folder.reg)
    assert (result.added, result.moved) == (1, 0)
    assert folder.row("a/report.pdf")["id"] == original


# ---------------------------------------------------------------- ignored, placeholders, unreadable


def test_ignored_files_are_counted_not_recorded(folder):
    folder.write("QS1/~$Board report.docx", "lock")
    folder.write("QS1/draft.tmp", "tmp")
    folder.write("@eaDir/thumb.jpg", "x")
    folder.write(".hidden/secret.pdf", "x")
    folder.write("QS1/Board report.docx", "real")
    result = reconcile(folder.reg)
    assert result.added == 1 and result.ignored == 4
    assert list(folder.rows()) == ["QS1/Board report.docx"]
    assert ("QS1/draft.tmp", "temporary file (*.tmp)") in result.ignored_paths


def test_extra_ignore_pattern_from_settings(folder):
    evidence_settings.save(folder.reg, "ignore_patterns", "*.bak")
    folder.write("QS1/report.bak", "old")
    assert reconcile(folder.reg).added == 0


def test_online_only_placeholder_is_listed_as_not_downloaded_and_never_read(folder, monkeypatch):
    from readiness_app.evidence import folder as folder_module

    cloud = folder.write("QS4/Provider market position.pdf", b"\0" * 100)
    local = folder.write("QS4/Local.pdf", "here")
    cloud_ino = cloud.stat().st_ino
    online = {cloud_ino}
    monkeypatch.setattr(folder_module, "HAS_ATTRIBUTES", True)  # as on Windows
    monkeypatch.setattr(folder_module, "is_online_only", lambda st: st.st_ino in online)
    real = hashing.hash_one

    def guarded(path, cancel=None):
        assert os.stat(path).st_ino not in online, "a placeholder must never be opened"
        return real(path, cancel)

    monkeypatch.setattr(hashing, "hash_one", guarded)
    result = reconcile(folder.reg)
    assert result.not_downloaded == 1 and result.added == 2
    row = folder.row("QS4/Provider market position.pdf")
    assert (row["presence"], row["sha256"]) == ("not_downloaded", None)
    assert folder.qs(row["id"]) == ["QS4"]
    assert folder.row("QS4/Local.pdf")["sha256"] == hashlib.sha256(b"here").hexdigest()
    online.clear()  # the user downloads it
    result = reconcile(folder.reg)
    row = folder.row("QS4/Provider market position.pdf")
    assert (row["presence"], row["sha256"]) == ("present", hashlib.sha256(b"\0" * 100).hexdigest())
    assert local.exists()


def test_permission_denied_file_is_unreadable_with_reason_and_retried(folder, monkeypatch):
    folder.write("QS8/Budget.xlsx", "budget")
    folder.write("QS8/Open.xlsx", "open")
    denied = {str(folder.root / "QS8/Budget.xlsx")}
    real = hashing.sha256_file

    def sha(path, cancel=None):
        if str(path) in denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, cancel)

    monkeypatch.setattr(hashing, "sha256_file", sha)
    result = reconcile(folder.reg)
    assert result.unreadable == 1 and result.added == 2
    row = folder.row("QS8/Budget.xlsx")
    assert row["presence"] == "unreadable" and "permission denied" in row["problem"] and row["sha256"] is None
    assert folder.qs(row["id"]) == ["QS8"]
    denied.clear()  # access granted: the next scan retries
    result = reconcile(folder.reg)
    row = folder.row("QS8/Budget.xlsx")
    assert (row["presence"], row["problem"]) == ("present", "")
    assert row["sha256"] == hashlib.sha256(b"budget").hexdigest()
    assert result.unreadable == 0


def test_unreadable_subfolder_marks_its_items_unreadable_not_missing(folder, monkeypatch):
    from readiness_app.evidence import folder as folder_module

    folder.write("Restricted/HR case.pdf", "hr")
    folder.write("Open/doc.pdf", "doc")
    reconcile(folder.reg)
    real_scandir = os.scandir
    blocked = str(folder.root / "Restricted")

    def scandir(path):
        if str(path) == blocked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(folder_module.os, "scandir", scandir)
    result = reconcile(folder.reg)
    row = folder.row("Restricted/HR case.pdf")
    assert row["presence"] == "unreadable" and row["problem"] == "folder: permission denied"
    assert result.missing == 0 and result.unreadable == 1
    assert "Restricted/" in result.unreadable_paths
    monkeypatch.setattr(folder_module.os, "scandir", real_scandir)
    reconcile(folder.reg)
    assert folder.row("Restricted/HR case.pdf")["presence"] == "present"


# ---------------------------------------------------------------- faults mid-scan


def test_file_deleted_mid_hash_leaves_no_phantom(folder, monkeypatch):
    folder.write("QS1/keep.pdf", "keep")
    victim = folder.write("QS1/vanishing.pdf", "soon gone")
    real = hashing.sha256_file

    def sha(path, cancel=None):
        if str(path) == str(victim):
            os.remove(path)
        return real(path, cancel)

    monkeypatch.setattr(hashing, "sha256_file", sha)
    result = reconcile(folder.reg)
    assert list(folder.rows()) == ["QS1/keep.pdf"] and result.added == 1
    assert reconcile(folder.reg).has_changes is False


def test_file_changing_mid_hash_is_retried_not_recorded(folder, monkeypatch):
    growing = folder.write("QS1/copying.pdf", "part one")
    real = hashing.sha256_file

    def sha(path, cancel=None):
        digest = real(path, cancel)
        if str(path) == str(growing):
            with open(path, "ab") as fh:
                fh.write(b" and part two")
        return digest

    monkeypatch.setattr(hashing, "sha256_file", sha)
    result = reconcile(folder.reg)
    assert result.added == 0 and result.waiting == 1 and result.retry == ["QS1/copying.pdf"]
    monkeypatch.setattr(hashing, "sha256_file", real)
    reconcile(folder.reg)
    assert folder.row("QS1/copying.pdf")["sha256"] == hashlib.sha256(b"part one and part two").hexdigest()


def test_empty_files_wait_until_they_have_content(folder):
    path = folder.write("QS1/new.pdf", b"")
    result = reconcile(folder.reg)
    assert result.added == 0 and result.waiting == 1
    path.write_bytes(b"now real")
    assert reconcile(folder.reg).added == 1


def test_unreachable_root_writes_nothing(folder, tmp_path):
    folder.write("QS1/a.pdf", "a")
    reconcile(folder.reg)
    audit_before = audit_count(folder.reg)
    os.rename(folder.root, tmp_path / "renamed")
    with pytest.raises(FolderUnreachable):
        reconcile(folder.reg)
    assert folder.row("QS1/a.pdf")["presence"] == "present"
    assert audit_count(folder.reg) == audit_before
    os.rename(tmp_path / "renamed", folder.root)
    assert not reconcile(folder.reg).has_changes


def test_a_failure_while_writing_rolls_the_whole_scan_back(folder, monkeypatch):
    for n in range(5):
        folder.write(f"QS1/doc {n}.pdf", f"doc {n}")
    real = evidence.add_found
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real(*args, **kwargs)

    monkeypatch.setattr(evidence, "add_found", flaky)
    audit_before = audit_count(folder.reg)
    with pytest.raises((sqlite3.OperationalError, ReadinessError)):  # the register may word it for the user
        reconcile(folder.reg)
    assert folder.rows() == {} and audit_count(folder.reg) == audit_before
    monkeypatch.setattr(evidence, "add_found", real)
    assert reconcile(folder.reg).added == 5


def test_no_evidence_folder_is_a_clear_error(tmp_path):
    from readiness_app.opening import create_register

    reg = create_register(tmp_path / "r.sqlite", council="X")
    with pytest.raises(ReadinessError, match="no evidence folder"):
        reconcile(reg)
    reg.close()


# ---------------------------------------------------------------- odd paths


def test_symlinks_outside_are_ignored_and_loops_do_not_hang(folder, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.pdf").write_bytes(b"not evidence")
    folder.write("QS1/real.pdf", "real")
    os.symlink(outside, folder.root / "link-out")
    os.symlink(outside / "private.pdf", folder.root / "QS1/file-link-out.pdf")
    os.symlink(folder.root, folder.root / "QS1/loop")  # points back at the root
    os.symlink("..", folder.root / "QS1/up")
    result = reconcile(folder.reg)
    assert list(folder.rows()) == ["QS1/real.pdf"]
    assert {p for p, why in result.ignored_paths if "outside" in why} == {"link-out", "QS1/file-link-out.pdf"}


def test_long_paths_and_non_ascii_names(folder):
    deep = "/".join(f"Sous-dossier {n:02d} – Ünïcödé" for n in range(12))
    rel = f"07 Safeguarding/{deep}/Évaluation – 安全 – s42 audit {'x' * 60}.pdf"
    assert len(str(folder.root / rel)) > 300
    folder.write(rel, "deep")
    folder.write("QS3/Cymraeg – Adroddiad blynyddol ŵ ŷ.docx", "welsh")
    result = reconcile(folder.reg)
    assert result.added == 2
    assert folder.qs(folder.row(rel)["id"]) == ["QS7"]
    assert not reconcile(folder.reg).has_changes


def test_undecodable_file_name_is_stored_and_counted(folder):
    if os.name == "nt":
        pytest.skip("Windows file names are always valid UTF-16")
    bad = os.fsencode(str(folder.root)) + b"/bad-\xff-name.pdf"
    with open(bad, "wb") as fh:
        fh.write(b"x")
    folder.write("QS1/good.pdf", "good")
    result = reconcile(folder.reg)
    assert result.added == 2 and result.unreadable == 0
    assert folder.row("bad-\\xff-name.pdf")["presence"] == "present"


@pytest.mark.slow
def test_ten_thousand_files_in_one_go(folder):
    for n in range(10_000):
        folder.write(f"Burst/{n // 500:02d}/doc {n:05d}.txt", f"document number {n}")
    result = reconcile(folder.reg)
    assert result.added == 10_000
    assert folder.reg.scalar("SELECT COUNT(*) FROM evidence") == 10_000
    assert not reconcile(folder.reg).has_changes


# ---------------------------------------------------------------- accepting, auto-accept and gaps


def test_accepting_an_item_offers_matching_no_evidence_gaps(folder):
    gap_id = gaps.create(folder.reg, "QS3", "No partner evidence yet", kind="no_evidence", category="partners")
    other = gaps.create(folder.reg, "QS3", "No staff evidence", kind="no_evidence", category="staff")
    gaps.create(folder.reg, "QS3", "General worry", severity="low")
    folder.write("Drops/VCS forum letter.pdf", "letter")
    reconcile(folder.reg)
    item_id = folder.row("Drops/VCS forum letter.pdf")["id"]
    assert evidence.gaps_to_offer(folder.reg, item_id) == []  # not accepted yet
    with pytest.raises(ReadinessError, match="no quality statement"):
        evidence.accept(folder.reg, item_id)
    assert evidence.get(folder.reg, item_id)["status"] == "inbox"  # the failed accept changed nothing
    offered = evidence.accept(folder.reg, item_id, qs="QS3", category="partners")
    assert [g["id"] for g in offered] == [gap_id]
    gaps.close(folder.reg, gap_id, item_id)
    assert folder.reg.scalar("SELECT closed_by FROM gap WHERE id = ?", (gap_id,)) == item_id
    assert evidence.gaps_to_offer(folder.reg, item_id) == []
    assert folder.reg.scalar("SELECT status FROM gap WHERE id = ?", (other,)) == "open"


def test_auto_accept_takes_fully_classified_files_and_offers_gaps(folder):
    evidence_settings.save(folder.reg, "auto_accept", "on")
    gap_id = gaps.create(folder.reg, "QS6", "No people evidence", kind="no_evidence", category="people")
    folder.write("06 Safe systems, pathways and transitions/People's experience/Discharge stories.pdf", "stories")
    folder.write("06 Safe systems, pathways and transitions/Unsorted note.pdf", "note")
    result = reconcile(folder.reg)
    stories = folder.row("06 Safe systems, pathways and transitions/People's experience/Discharge stories.pdf")
    assert stories["status"] == "accepted"
    assert folder.row("06 Safe systems, pathways and transitions/Unsorted note.pdf")["status"] == "inbox"
    assert result.inbox == 1
    assert [g["id"] for g in result.gap_offers[stories["id"]]] == [gap_id]
    assert folder.reg.scalar("SELECT status FROM gap WHERE id = ?", (gap_id,)) == "open"  # offered, not closed


def test_a_withdrawn_copy_is_no_longer_a_duplicate(folder):
    from readiness_app.register import evidence as evidence_register

    folder.write("QS1/Carers strategy.pdf", "strategy")
    folder.write("QS5/Copy of Carers strategy.pdf", "strategy")
    reconcile(folder.reg)
    assert {r["presence"] for r in folder.rows().values()} == {"duplicate"}
    copy = folder.row("QS5/Copy of Carers strategy.pdf")["id"]
    evidence_register.update(folder.reg, copy, status="withdrawn")
    assert folder.row("QS1/Carers strategy.pdf")["presence"] == "present"
    assert folder.row("QS5/Copy of Carers strategy.pdf")["presence"] == "present"
    reconcile(folder.reg)  # and the next look at the folder agrees
    assert {r["presence"] for r in folder.rows().values()} == {"present"}
    assert evidence_register.presence_totals(folder.reg)["duplicate"] == 0
    evidence_register.update(folder.reg, copy, status="accepted")  # back in: a duplicate again
    assert folder.row("QS1/Carers strategy.pdf")["presence"] == "duplicate"
