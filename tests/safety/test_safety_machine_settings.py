"""Settings IT deploys for every user of a computer: protective marking, backup folder, encryption required."""

from __future__ import annotations

import pytest

from readiness_app import machine_settings
from readiness_app.errors import ReadinessError
from readiness_app.opening import create_register
from readiness_app.register import assessment
from readiness_app.safety import backup


@pytest.fixture
def deployed(tmp_path, monkeypatch):
    path = tmp_path / "ProgramData" / "settings.toml"
    path.parent.mkdir()
    monkeypatch.setenv(machine_settings.ENVIRONMENT, str(path))
    return path


def test_new_registers_take_the_marking_and_backups_go_to_the_it_folder(deployed, tmp_path):
    folder = tmp_path / "CQC backups"
    deployed.write_text(f'protective_marking = "OFFICIAL"\nbackup_folder = {str(folder)!r}\n', encoding="utf-8")
    reg = create_register(tmp_path / "register.sqlite", council="Testshire Council")
    try:
        assert assessment.get(reg)["marking"] == "OFFICIAL"
        made = backup.backup_register(reg, kind="manual")
    finally:
        reg.close()
    assert made.parent == folder and made.exists()
    assert [b.path for b in backup.list_backups(tmp_path / "register.sqlite")] == [made]


def test_encryption_required_refuses_a_plain_register(deployed, tmp_path):
    deployed.write_text("require_encryption = true\n", encoding="utf-8")
    with pytest.raises(ReadinessError, match="require every new register to be encrypted"):
        create_register(tmp_path / "register.sqlite", council="Testshire Council")
    assert not (tmp_path / "register.sqlite").exists()
    create_register(tmp_path / "register.sqlite", council="Testshire Council", passphrase="long enough").close()


def test_no_file_means_no_machine_settings(deployed):
    assert machine_settings.load() == machine_settings.MachineSettings()


@pytest.mark.allow_log(r"ignored the machine-wide settings file")
def test_a_broken_file_is_ignored_and_logged(deployed, tmp_path):
    deployed.write_text("protective_marking = [unclosed\n", encoding="utf-8")
    assert machine_settings.load().protective_marking is None
    reg = create_register(tmp_path / "register.sqlite", council="Testshire Council")
    reg.close()
