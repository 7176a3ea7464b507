"""Where a register may live: never inside the evidence folder; warned on network and synced paths."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from readiness_app.cli import main
from readiness_app.errors import ReadinessError
from readiness_app.opening import create_register, open_register
from readiness_app.safety import location
from readiness_app.safety.backup import backup_register

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export/home /home nfs4 rw,relatime 0 0
//fileserver/asc /mnt/asc\\040share cifs rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


def test_register_inside_the_evidence_folder_is_refused_at_creation(tmp_path):
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    with pytest.raises(ReadinessError, match="inside the evidence folder"):
        create_register(evidence / "register.sqlite", council="Testshire Council", evidence_folder=evidence)
    with pytest.raises(ReadinessError, match="inside the evidence folder"):
        create_register(tmp_path / "register.sqlite", council="Testshire Council", evidence_folder=".")
    assert list(evidence.iterdir()) == [] and not (tmp_path / "register.sqlite").exists()


def test_register_moved_into_the_evidence_folder_is_refused_on_open(demo_dir, capsys):
    moved = demo_dir / "evidence" / "register.sqlite"
    shutil.move(demo_dir / "register.sqlite", moved)  # its evidence folder is "evidence" beside it...
    reg_conn = __import__("sqlite3").connect(moved)
    reg_conn.execute("UPDATE assessment SET evidence_folder = ?", (str(demo_dir / "evidence"),))
    reg_conn.commit()
    reg_conn.close()
    with pytest.raises(ReadinessError, match="inside the evidence folder"):
        open_register(moved)
    assert main(["status", str(moved)]) == 1
    assert "outside the shared evidence folder" in capsys.readouterr().err


def test_restore_into_the_evidence_folder_is_refused(demo_dir):
    from readiness_app.safety.backup import restore_backup

    reg = open_register(demo_dir / "register.sqlite")
    reg.conn.execute("UPDATE assessment SET evidence_folder = ?", (str(demo_dir / "evidence"),))
    saved = backup_register(reg)
    reg.close()
    with pytest.raises(ReadinessError, match="inside the evidence folder"):
        restore_backup(saved, demo_dir / "evidence" / "register.sqlite")


@pytest.mark.parametrize(
    ("path", "fs"),
    [("/home/lead/register.sqlite", "nfs4"), ("/mnt/asc share/r.sqlite", "cifs"), ("/tmp/r.sqlite", "tmpfs"),
     ("/srv/r.sqlite", "ext4")],
)  # fmt: skip
def test_mount_type_uses_the_longest_matching_mount_point(path, fs):
    assert location.mount_type(PurePosixPath(path), MOUNTS) == fs


def test_network_paths_are_recognised():
    assert location.is_network_path(PurePosixPath("/home/lead/r.sqlite"), MOUNTS, "linux")
    assert location.is_network_path(PurePosixPath("/mnt/asc share/r.sqlite"), MOUNTS, "linux")
    assert not location.is_network_path(PurePosixPath("/srv/r.sqlite"), MOUNTS, "linux")
    assert location.is_network_path(PureWindowsPath(r"\\fileserver\asc\register.sqlite"), "", "win32")
    assert location.is_network_path(PurePosixPath("//fileserver/asc/register.sqlite"), "", "linux")


@pytest.mark.parametrize(
    "path",
    [r"C:\Users\lead\OneDrive - Northmoor County Council\CQC\register.sqlite",
     r"C:\Users\lead\OneDrive\register.sqlite", "/Users/lead/Dropbox/cqc/register.sqlite",
     "/Users/lead/Library/CloudStorage/GoogleDrive-lead@example.org/My Drive/register.sqlite",
     "/Users/lead/Library/Mobile Documents/com~apple~CloudDocs/register.sqlite",
     r"C:\Users\lead\Northmoor County Council\SharePoint - ASC\register.sqlite"],
)  # fmt: skip
def test_synced_folders_are_recognised(path):
    pure = PureWindowsPath(path) if "\\" in path else PurePosixPath(path)
    assert location.synced_marker(pure)


def test_ordinary_folders_are_not_synced():
    assert location.synced_marker(PurePosixPath("/home/lead/cqc/register.sqlite")) is None
    assert location.synced_marker(PureWindowsPath(r"C:\Users\lead\Documents\CQC\register.sqlite")) is None


def test_opening_from_a_synced_folder_warns_but_opens(tmp_path, capsys):
    folder = tmp_path / "OneDrive - Testshire" / "CQC"
    folder.mkdir(parents=True)
    path = folder / "register.sqlite"
    create_register(path, council="Testshire Council", evidence_folder=tmp_path / "evidence").close()
    reg = open_register(path)
    assert any("synced folder (OneDrive - Testshire)" in w for w in reg.warnings)
    reg.close()
    assert main(["status", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    assert "warning: the register" in captured.err and captured.out.lstrip().startswith("{")


def test_location_warnings_for_a_network_mount(monkeypatch):
    warnings = location.location_warnings(Path("/home/lead/register.sqlite"), MOUNTS, "linux")
    assert len(warnings) == 1 and "network drive" in warnings[0]


def test_one_check_for_the_register_inside_the_evidence_folder_is_case_blind_where_the_platform_is(tmp_path):
    from readiness_app import output_files
    from readiness_app.safety.location import refuse_inside_evidence

    evidence = tmp_path / "Shared Evidence"
    shouted = tmp_path / "SHARED EVIDENCE" / "register.sqlite"
    assert output_files.inside(shouted, evidence, case_insensitive=True)
    assert not output_files.inside(shouted, evidence, case_insensitive=False)
    assert (sys.platform in ("win32", "darwin")) == output_files.CASE_INSENSITIVE
    with pytest.raises(ReadinessError, match="must not live inside the evidence folder") as refused:
        refuse_inside_evidence(evidence / "sub" / "register.sqlite", evidence, field="register file")
    assert refused.value.field == "register file"


def test_the_window_the_command_line_and_the_settings_refuse_it_alike(tmp_path, monkeypatch, capsys):
    """Creating (init and the welcome screen share `operations.registers.create`) and moving the folder later."""
    from readiness_app import output_files
    from readiness_app.operations import registers
    from readiness_app.setup import register_settings

    monkeypatch.setattr(output_files, "CASE_INSENSITIVE", True)  # as on Windows and macOS
    evidence = tmp_path / "Evidence"
    evidence.mkdir()
    with pytest.raises(ReadinessError, match="must not live inside the evidence folder"):
        registers.create(tmp_path / "EVIDENCE" / "r.sqlite", council="Testshire", evidence_folder=evidence)
    assert main(["init", str(tmp_path / "eVidence" / "r.sqlite"), "--council", "T", "--evidence", str(evidence)]) == 1
    assert "must not live inside the evidence folder" in capsys.readouterr().err
    made = registers.create(tmp_path / "r.sqlite", council="Testshire", evidence_folder=evidence)
    reg = open_register(made.path)
    try:
        with pytest.raises(ReadinessError, match="must not live inside the evidence folder"):
            register_settings.apply(reg, {"evidence_folder": str(tmp_path)})
    finally:
        reg.close()
