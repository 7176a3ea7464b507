"""Evidence saved from Outlook (.eml) and folders synced by OneDrive/SharePoint."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from readiness_app.evidence import folder as folder_module
from readiness_app.evidence import hashing
from readiness_app.evidence.ignore import FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS, SF_DATALESS, is_online_only
from readiness_app.evidence.reconcile import reconcile
from readiness_app.opening import create_register, open_register
from readiness_app.safety import location

EML = (
    "From: Jo Smith <jo.smith@northmoor.gov.uk>\r\n"
    "To: lead@northmoor.gov.uk\r\n"
    "Subject: IR-12 Safeguarding adults board minutes\r\n"
    "Date: Mon, 02 Nov 2026 23:30:00 +0000\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "Minutes attached.\r\n"
)


def test_a_saved_eml_takes_its_title_owner_date_and_classification_from_the_message(folder):
    folder.write("People's experience/FW minutes.eml", EML)
    result = reconcile(folder.reg)
    assert result.added == 1
    row = folder.row("People's experience/FW minutes.eml")
    assert row["title"] == "IR-12 Safeguarding adults board minutes"
    assert row["owner"] == "Jo Smith"
    assert row["document_date"] == "2026-11-02"
    assert row["reference"] == "IR-12"  # the subject is the message's real name
    assert folder.qs(row["id"]) == ["QS7"]  # safeguarding, from the subject
    assert row["category"] is not None  # the folder still gives the category


def test_a_saved_msg_takes_its_title_owner_and_date_from_the_message(folder):
    from datetime import UTC, datetime

    from .outlook_msg import write_msg

    (folder.root / "Carers").mkdir()
    write_msg(folder.root / "Carers" / "RE Carers.msg", "IR-7 Carers strategy refresh", "Sam Patel",
              datetime(2026, 6, 30, 23, 15, tzinfo=UTC))  # fmt: skip
    reconcile(folder.reg)
    row = folder.row("Carers/RE Carers.msg")
    assert (row["title"], row["owner"]) == ("IR-7 Carers strategy refresh", "Sam Patel")
    assert row["document_date"] == "2026-07-01"  # 00:15 on 1 July in UK summer time
    assert row["reference"] == "IR-7" and row["sha256"]


def test_a_file_that_is_not_really_an_email_is_taken_in_by_its_name(folder):
    folder.write("QS1/notes.eml", b"\x00\x01 not a message")
    folder.write("QS1/old.msg", b"not an Outlook file")
    reconcile(folder.reg)
    for rel in ("QS1/notes.eml", "QS1/old.msg"):
        row = folder.row(rel)
        assert row["title"] and row["owner"] == "" and row["document_date"] is None and row["sha256"]


def test_onedrive_placeholders_windows_and_macos_are_online_only():
    assert is_online_only(SimpleNamespace(st_file_attributes=FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS))
    assert is_online_only(SimpleNamespace(st_flags=SF_DATALESS))  # macOS File Provider
    assert not is_online_only(SimpleNamespace(st_file_attributes=0x20, st_flags=0))


def test_online_only_email_is_shown_online_only_and_never_opened(folder, monkeypatch):
    mail = folder.write("QS7/Board.eml", EML)
    ino = mail.stat().st_ino
    monkeypatch.setattr(folder_module, "HAS_ATTRIBUTES", True)  # as on Windows and macOS
    monkeypatch.setattr(folder_module, "is_online_only", lambda st: st.st_ino == ino)
    real = hashing.hash_one

    def guarded(path, cancel=None):
        assert os.stat(path).st_ino != ino, "an online-only file must never be opened"
        return real(path, cancel)

    monkeypatch.setattr(hashing, "hash_one", guarded)
    reconcile(folder.reg)
    row = folder.row("QS7/Board.eml")
    assert (row["presence"], row["sha256"]) == ("not_downloaded", None)
    from readiness_app.register.vocabulary import PRESENCE

    assert PRESENCE[row["presence"]] == "Online only"


def test_register_in_a_renamed_onedrive_folder_is_warned_about(tmp_path):
    synced = tmp_path / "Northmoor Council"  # OneDrive for work, renamed: found through the variable
    synced.mkdir()
    env = {"OneDriveCommercial": str(synced)}
    assert location.synced_folder(synced / "CQC" / "register.sqlite", env, tmp_path) == "Northmoor Council"
    assert location.synced_folder(tmp_path / "Documents" / "register.sqlite", env, tmp_path) is None
    warnings = location.location_warnings(synced / "register.sqlite", "", "linux", env, tmp_path)
    assert len(warnings) == 1 and "synced folder (Northmoor Council)" in warnings[0]


def test_register_in_macos_cloud_storage_is_warned_about(tmp_path):
    home = tmp_path / "home"
    cloud = home / "Library" / "CloudStorage" / "Northmoor-SharedDocs"
    cloud.mkdir(parents=True)
    assert location.synced_folder(cloud / "register.sqlite", {}, home) == "Northmoor-SharedDocs"


def test_opening_a_register_in_a_onedrive_folder_warns(tmp_path, monkeypatch):
    synced = tmp_path / "Work files"
    synced.mkdir()
    monkeypatch.setenv("OneDrive", str(synced))
    path = synced / "register.sqlite"
    create_register(path, council="Testshire Council", evidence_folder=tmp_path / "evidence").close()
    reg = open_register(Path(path))
    try:
        assert any("synced folder (Work files)" in w for w in reg.warnings)
    finally:
        reg.close()
