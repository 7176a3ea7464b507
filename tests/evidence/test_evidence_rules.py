"""Pure pieces: ignore rules, classification, the stability tracker (fake clock), settings, network detection."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from readiness_app.errors import ReadinessError
from readiness_app.evidence import settings as evidence_settings
from readiness_app.evidence.classify import classify, reference_from_name
from readiness_app.evidence.hashing import hash_many, sha256_file
from readiness_app.evidence.ignore import (
    FILE_ATTRIBUTE_HIDDEN,
    FILE_ATTRIBUTE_OFFLINE,
    FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS,
    IgnoreRules,
    attribute_reason,
    is_online_only,
    parse_patterns,
)
from readiness_app.evidence.network import network_kind
from readiness_app.evidence.stability import FileStabilityTracker

# ---------------------------------------------------------------- ignore rules


@pytest.mark.parametrize(
    "rel",
    [
        "~$Board report.docx",
        "QS7/~$minutes.xlsx",
        "draft.tmp",
        "big.PART",
        "download.crdownload",
        ".~lock.Rota.xlsx#",
        "Thumbs.db",
        "sub/desktop.ini",
        ".DS_Store",
        "._Report.pdf",
        "@eaDir/Report.pdf@SynoEAStream",
        "QS1/@eaDir/x.jpg",
        ".stfolder",
        ".hidden/notes.pdf",
        "QS2/.secret.pdf",
    ],
)
def test_temporary_lock_and_system_files_are_ignored(rel):
    assert IgnoreRules().reason(rel), rel


@pytest.mark.parametrize(
    "rel", ["Board report.docx", "QS7 Safeguarding/minutes.xlsx", "tmp/report.pdf", "a.partnership.pdf", "~report.pdf"]
)
def test_real_documents_are_not_ignored(rel):
    assert IgnoreRules().reason(rel) is None


def test_ignore_list_is_visible_and_extendable():
    rules = IgnoreRules(parse_patterns("*.bak\n# a comment\n\nOld versions ; *.bak"))
    assert rules.extra == ("*.bak", "Old versions")
    assert ("*.bak", "added in settings") in rules.patterns
    assert ("~$*", "Office owner/lock file") in rules.patterns
    assert rules.reason("QS1/report.BAK") == "added in settings (*.bak)"
    assert rules.ignores("old versions/report.pdf")  # folder names too, any case
    assert not IgnoreRules().ignores("QS1/report.bak")


def test_windows_attributes_hidden_and_online_only():
    def st(attrs):
        return SimpleNamespace(st_file_attributes=attrs)

    assert attribute_reason(st(FILE_ATTRIBUTE_HIDDEN)) == "hidden file (attribute)"
    assert attribute_reason(st(0)) is None
    assert is_online_only(st(FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS | 0x20))
    assert is_online_only(st(FILE_ATTRIBUTE_OFFLINE))
    assert not is_online_only(st(0x20))  # archive bit only: a normal local file
    assert not is_online_only(os.stat(__file__))  # no attributes on Linux


# ---------------------------------------------------------------- classification


@pytest.mark.parametrize(
    "rel, qs, category",
    [
        ("07 Safeguarding/People's experience/MSP survey.pdf", ["QS7"], "people"),
        ("QS3 - equity/report.pdf", ["QS3"], None),
        ("Inbox/Carers strategy [QS5].docx", ["QS5"], None),
        ("Safe pathways, systems and transitions/Processes/Discharge audit.pdf", ["QS6"], "processes"),
        ("Theme 1/Assessing people's needs/Feedback from staff and leaders/survey.xlsx", ["QS1"], "staff"),
        ("Partners/Partnership and communities/Feedback from partners/VCS forum.pdf", ["QS5"], "partners"),
        ("02 Supporting people to lead healthier lives/x.pdf", ["QS2"], None),
        ("Drops/Safeguarding adults board annual report.pdf", ["QS7"], None),
        ("07 Safeguarding/QS8 governance link.pdf", ["QS7", "QS8"], None),
        ("00 Inbox - to sort/Scan 03 from team drive.pdf", [], None),
        ("Drops/01 Agenda.pdf", [], None),  # a numbered file is not QS1
        ("Drops/report 2024.pdf", [], None),
    ],
)
def test_classify_from_folders_and_file_names(rel, qs, category):
    found = classify(rel)
    assert found.qs == qs
    assert found.category == category


def test_reference_pattern_default_and_configurable():
    assert reference_from_name("LAIR-012 Practice audit.pdf") == "LAIR-012"
    assert reference_from_name("lair 7 survey.pdf") == "LAIR-7"
    assert reference_from_name("IR_104 data.xlsx") == "IR-104"
    assert reference_from_name("FLAIR.pdf") is None
    assert reference_from_name("Doc E123 - audit.pdf", r"(?<![A-Z])E(?P<ref>\d+)") == "123"
    assert classify("QS1/E12 thing.pdf", r"E\d+").reference == "E12"
    with pytest.raises(ReadinessError, match="not a valid regular expression"):
        classify("a.pdf", "([unclosed")


# ---------------------------------------------------------------- stability tracker


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class FakeFiles:
    """stat() and open() answers the tracker sees, keyed by path."""

    def __init__(self):
        self.files: dict[str, tuple[int, int]] = {}
        self.locked: set[str] = set()

    def stat(self, path):
        if path not in self.files:
            raise FileNotFoundError(path)
        size, mtime = self.files[path]
        return SimpleNamespace(st_size=size, st_mtime_ns=mtime)

    def opener(self, path):
        return path not in self.locked


def tracker(delay=2.0):
    clock, files = FakeClock(), FakeFiles()
    return FileStabilityTracker(delay, clock=clock, stat=files.stat, opener=files.opener), clock, files


def test_file_is_ready_only_after_a_quiet_period_with_equal_looks():
    t, clock, files = tracker()
    files.files["a"] = (10, 1)
    t.touch("a")
    assert t.check().ready == []  # first look
    clock.now += 1.9
    assert t.check().ready == []  # quiet for 1.9 s only
    clock.now += 0.2
    assert t.check().ready == ["a"]
    assert "a" not in t and len(t) == 0


def test_growing_file_waits_until_it_stops_growing():
    """A slow copy: size changes every look for a minute; exactly one 'ready', at the end."""
    t, clock, files = tracker(delay=3.0)
    t.touch("big")
    ready = []
    for second in range(60):
        files.files["big"] = (1000 * (second + 1), second)
        ready += t.check().ready
        clock.now += 1
    assert ready == []
    for _ in range(5):
        ready += t.check().ready
        clock.now += 1
    assert ready == ["big"]


def test_new_events_restart_the_quiet_period():
    t, clock, files = tracker()
    files.files["a"] = (5, 1)
    t.touch("a")
    t.check()
    clock.now += 1.5
    t.touch("a")  # another modified event
    clock.now += 1.5
    assert t.check().ready == []
    clock.now += 0.6
    assert t.check().ready == ["a"]


def test_empty_files_wait_and_are_never_given_up():
    t, clock, files = tracker()
    files.files["empty"] = (0, 1)
    t.touch("empty")
    for _ in range(1000):  # long after any timeout
        clock.now += 10
        assert t.check().ready == []
    assert "empty" in t
    files.files["empty"] = (42, 2)
    t.check()
    clock.now += 2
    assert t.check().ready == ["empty"]


def test_locked_file_waits_until_it_opens():
    t, clock, files = tracker()
    files.files["x"] = (5, 1)
    files.locked.add("x")
    t.touch("x")
    t.check()
    clock.now += 5
    assert t.check().ready == []
    files.locked.clear()
    clock.now += 2.5
    assert t.check().ready == ["x"]


def test_vanished_file_is_reported_gone_and_share_errors_keep_waiting():
    t, clock, files = tracker()
    t.touch("gone.pdf")
    result = t.check()
    assert result.gone == ["gone.pdf"] and len(t) == 0

    def broken_stat(path):
        raise OSError(112, "network name no longer available")

    t2 = FileStabilityTracker(1.0, clock=clock, stat=broken_stat, opener=lambda p: True)
    t2.touch("k", "/share/k")
    clock.now += 100
    assert t2.check().ready == [] and t2.check().gone == [] and "k" in t2


def test_keys_and_paths_are_separate():
    t, clock, files = tracker(delay=0)
    files.files["/root/QS1/a.pdf"] = (3, 1)
    t.touch("QS1/a.pdf", "/root/QS1/a.pdf")
    t.check()
    assert t.check().ready == ["QS1/a.pdf"]


# ---------------------------------------------------------------- hashing


def test_hash_matches_hashlib_and_many_in_parallel(tmp_path):
    paths = []
    for n in range(20):
        p = tmp_path / f"f{n}.bin"
        p.write_bytes(os.urandom(1000 * n + 1))
        paths.append(str(p))
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(3 * 1024 * 1024 + 7))  # crosses chunk boundaries
    paths.append(str(big))
    results = hash_many(paths, workers=2)
    for p in paths:
        assert results[p].sha256 == hashlib.sha256(Path(p).read_bytes()).hexdigest()
    assert sha256_file(big) == results[str(big)].sha256
    missing = hash_many([str(tmp_path / "nope")], workers=1)
    assert missing[str(tmp_path / "nope")].missing


# ---------------------------------------------------------------- settings


def test_settings_round_trip_and_validation(empty_register):
    s = evidence_settings.load(empty_register)
    assert (s.stability_seconds, s.auto_accept, s.polling) == (3.0, False, "auto")
    s = evidence_settings.save(empty_register, "auto_accept", "on")
    s = evidence_settings.save(empty_register, "ignore_patterns", "*.bak\n*.old")
    assert s.auto_accept and s.ignore_patterns == ("*.bak", "*.old")
    for name, bad in [
        ("stability_seconds", "soon"),
        ("auto_accept", "maybe"),
        ("polling", "never"),
        ("reference_pattern", "(("),
        ("polling_seconds", "0"),
    ]:
        with pytest.raises(ReadinessError) as err:
            evidence_settings.save(empty_register, name, bad)
        assert err.value.field.startswith("evidence.")
    with pytest.raises(ReadinessError, match="unknown evidence setting"):
        evidence_settings.save(empty_register, "colour", "red")
    assert evidence_settings.load(empty_register).auto_accept  # bad values were not stored


# ---------------------------------------------------------------- network detection

MOUNTS = """\
/dev/vda / ext4 rw 0 0
//fileserver/asc /mnt/asc cifs rw 0 0
server:/export /srv/nfs\\040share nfs4 rw 0 0
/dev/vdb /mnt/asc/local ext4 rw 0 0
"""


def test_network_paths_are_recognised():
    assert network_kind("/mnt/asc/QS1", platform="linux", mounts_text=MOUNTS) == "cifs mount"
    assert network_kind("/srv/nfs share/x", platform="linux", mounts_text=MOUNTS) == "nfs4 mount"
    assert network_kind("/mnt/asc/local/x", platform="linux", mounts_text=MOUNTS) is None  # longest mount wins
    assert network_kind("/home/lead/evidence", platform="linux", mounts_text=MOUNTS) is None
    assert network_kind(r"\\fileserver\asc\Evidence", platform="win32") == "UNC path"
    assert network_kind("Z:\\Evidence", platform="win32", drive_type=lambda root: 4) == "network drive"
    assert network_kind("C:\\Evidence", platform="win32", drive_type=lambda root: 3) is None
    assert network_kind("/Users/x", platform="darwin") is None
