"""The no-change rescan shortcut: it must report exactly what the full reconcile would, and step aside
whenever anything at all differs between the folder and the register."""

from __future__ import annotations

import os

import pytest

from readiness_app.errors import ReadinessError
from readiness_app.evidence import folder as folder_module
from readiness_app.evidence import reconcile as reconcile_module
from readiness_app.evidence import settings as evidence_settings
from readiness_app.evidence.folder import list_folder, name_screen
from readiness_app.evidence.ignore import IgnoreRules
from readiness_app.evidence.reconcile import reconcile
from readiness_app.register import evidence


def audit_count(reg) -> int:
    return reg.scalar("SELECT COUNT(*) FROM audit")


@pytest.fixture
def shortcut(monkeypatch):
    """Records each answer of the 'nothing changed' check; `force_full()` switches the shortcut off."""
    answers: list[bool] = []
    real = reconcile_module._nothing_changed

    def spy(reg, listing):
        answers.append(real(reg, listing))
        return answers[-1]

    monkeypatch.setattr(reconcile_module, "_nothing_changed", spy)

    class Shortcut:
        taken = answers

        @staticmethod
        def force_full() -> None:
            monkeypatch.setattr(reconcile_module, "_nothing_changed", lambda reg, listing: False)

    return Shortcut


def comparable(result) -> dict:
    data = result.as_dict()
    for key in ("seconds", "finished_at"):
        data.pop(key)
    return data


def settled_folder(folder):
    """Files of every sort a calm folder holds: plain, ignored, duplicated, one gone missing, a bad name."""
    folder.write("QS1/Policy.pdf", "policy")
    folder.write("QS7 Safeguarding/s42 audit.docx", "audit")
    folder.write("QS2/Copy A.pdf", "same content")
    folder.write("QS2/Copy B.pdf", "same content")
    folder.write("QS2/~$Copy A.docx", "lock")
    gone = folder.write("QS3/Withdrawn.pdf", "withdrawn")
    if os.name != "nt":
        with open(os.fsencode(str(folder.root)) + b"/bad-\xff-name.pdf", "wb") as fh:
            fh.write(b"x")
    reconcile(folder.reg)
    gone.unlink()
    assert reconcile(folder.reg).missing == 1


def test_unchanged_rescan_writes_nothing_and_reports_what_the_full_reconcile_reports(folder, shortcut):
    settled_folder(folder)
    audit_before, writes_before = audit_count(folder.reg), folder.reg.conn.total_changes
    fast = reconcile(folder.reg)
    assert shortcut.taken[-1] is True
    assert (audit_count(folder.reg), folder.reg.conn.total_changes) == (audit_before, writes_before)
    shortcut.force_full()
    full = reconcile(folder.reg)
    assert comparable(fast) == comparable(full)
    assert not fast.has_changes and fast.hashed == 0
    assert fast.ignored == 1 and fast.ignored_paths == [("QS2/~$Copy A.docx", "Office owner/lock file (~$*)")]
    assert fast.totals["missing"] == 1 and fast.totals["duplicate"] == 2
    if os.name != "nt":  # the bad name is stored (as bad-\xff-name.pdf) and counted like any file
        assert fast.totals["items"] == 6 and fast.unreadable == 0


def test_a_cancelled_unchanged_rescan_still_says_it_was_cancelled(folder, shortcut):
    import threading

    settled_folder(folder)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ReadinessError, match="cancelled"):
        reconcile(folder.reg, cancel=cancel)
    assert shortcut.taken[-1] is True


def _touch(folder, monkeypatch):
    os.utime(folder.root / "QS1/Policy.pdf", (1_700_000_000, 1_700_000_000))


def _edit(folder, monkeypatch):
    folder.write("QS1/Policy.pdf", "POLICY", mtime=1_700_000_100)


def _add(folder, monkeypatch):
    folder.write("QS4/New strategy.pdf", "strategy")


def _delete(folder, monkeypatch):
    (folder.root / "QS1/Policy.pdf").unlink()


def _restore(folder, monkeypatch):
    folder.write("QS3/Withdrawn.pdf", "withdrawn")


def _rename(folder, monkeypatch):
    (folder.root / "QS1/Policy.pdf").rename(folder.root / "QS1/Policy v2.pdf")


def _ignore(folder, monkeypatch):
    evidence_settings.save(folder.reg, "ignore_patterns", "*.docx")


def _unreadable_folder(folder, monkeypatch):
    real = os.scandir
    blocked = str(folder.root / "QS7 Safeguarding")

    def scandir(path):
        if str(path) == blocked:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(folder_module.os, "scandir", scandir)


@pytest.mark.parametrize(
    ("change", "expect"),
    [
        (_touch, None),  # same content, new mtime: re-hashed, no change reported, facts updated
        (_edit, "changed"),
        (_add, "added"),
        (_delete, "missing"),
        (_restore, "reappeared"),
        (_rename, "moved"),
        (_ignore, None),  # the item is left as it is, not marked missing
        (_unreadable_folder, "unreadable"),
    ],
    ids=["touched", "edited", "added", "deleted", "restored", "renamed", "now-ignored", "unreadable-folder"],
)
def test_any_difference_takes_the_full_reconcile(folder, shortcut, monkeypatch, change, expect):
    settled_folder(folder)
    assert reconcile(folder.reg).has_changes is False and shortcut.taken[-1] is True
    change(folder, monkeypatch)
    result = reconcile(folder.reg)
    assert shortcut.taken[-1] is False
    assert [c.kind for c in result.changes] == ([expect] if expect else [])
    if change is _touch:
        assert folder.row("QS1/Policy.pdf")["mtime"] == 1_700_000_000
        assert reconcile(folder.reg).has_changes is False and shortcut.taken[-1] is True
    if change is _ignore:
        assert folder.row("QS7 Safeguarding/s42 audit.docx")["presence"] == "present"


def test_online_only_copy_of_known_content_is_not_taken_as_unchanged(folder, shortcut, monkeypatch):
    settled_folder(folder)
    online = {(folder.root / "QS1/Policy.pdf").stat().st_ino}
    monkeypatch.setattr(folder_module, "HAS_ATTRIBUTES", True)  # as on Windows
    monkeypatch.setattr(folder_module, "is_online_only", lambda st: st.st_ino in online)
    result = reconcile(folder.reg)
    assert shortcut.taken[-1] is False and not result.has_changes
    assert folder.row("QS1/Policy.pdf")["presence"] == "present"


def test_settled_files_is_none_while_any_item_is_unsettled(folder):
    folder.write("QS1/Policy.pdf", "policy")
    folder.write("QS1/Empty.pdf", b"")  # still arriving: the register does not have it yet
    reconcile(folder.reg)
    known = evidence.settled_files(folder.reg)
    row = folder.row("QS1/Policy.pdf")
    assert known == {"QS1/Policy.pdf": (row["size"], row["mtime"], False)}
    with folder.reg.transaction():
        evidence.mark_found(folder.reg, row["id"], presence="unreadable", problem="permission denied")
    assert evidence.settled_files(folder.reg) is None


# ---------------------------------------------------------------- the ignore-rule screen


TRICKY_NAMES = [
    "s42 audit.pdf",
    "~$Budget.xlsx",
    "REPORT.TMP",
    "Minutes.Part",
    "THUMBS.DB",
    "Desktop.INI",
    ".DS_Store",
    "._resource",
    ".hidden",
    "@eaDir",
    "notes.txt",
    "old.BAK",
    "old.ba\u212a",  # ends in the Kelvin sign, which lower-cases to an ASCII "k"
    "\u212aelvin draft.pdf",
    "Évaluation.pdf",
    "ÉTÉ.tmp",
    "Draft plan.docx",
    "final-DRAFT",
    ".~lock.Plan.odt#",
]


@pytest.mark.parametrize("extra", [(), ("*.bak",), ("*draft*",), ("k*",), ("[a-c]*.pdf",), ("*.pdf?",)])
def test_the_name_screen_never_hides_an_ignored_name(tmp_path, extra):
    rules = IgnoreRules(extra)
    for name in TRICKY_NAMES:
        (tmp_path / name).write_text("x")
    listing = list_folder(tmp_path, rules)
    expected = {name: rules.reason_for_name(name) for name in TRICKY_NAMES if rules.reason_for_name(name)}
    assert dict(listing.ignored) == expected
    assert set(listing.files) == set(TRICKY_NAMES) - set(expected)


def test_the_name_screen_steps_aside_for_rules_with_no_plain_end():
    assert name_screen(IgnoreRules(("*draft*",))) is None
    firsts, lasts = name_screen(IgnoreRules())
    assert {"~", "."} <= firsts and {"p", "P", "b", "B"} <= lasts


def test_listing_values_are_size_mtime_and_online_flag(tmp_path):
    path = tmp_path / "QS1" / "a.pdf"
    path.parent.mkdir()
    path.write_bytes(b"12345")
    st = path.stat()
    assert list_folder(tmp_path, IgnoreRules()).files == {"QS1/a.pdf": (5, st.st_mtime, False)}


def test_a_new_file_that_cannot_be_looked_at_is_recorded_not_skipped(folder, shortcut, monkeypatch):
    settled_folder(folder)
    real = folder_module.list_folder

    def listing_with_a_locked_file(root, rules):
        listing = real(root, rules)
        listing.unreadable["QS5/Locked.xlsx"] = "permission denied"  # lstat refused, as on a locked share
        return listing

    monkeypatch.setattr(folder_module, "list_folder", listing_with_a_locked_file)
    result = reconcile(folder.reg)
    assert shortcut.taken[-1] is False
    assert [c.kind for c in result.changes] == ["added"] and result.unreadable_paths["QS5/Locked.xlsx"]
    assert folder.row("QS5/Locked.xlsx")["presence"] == "unreadable"
