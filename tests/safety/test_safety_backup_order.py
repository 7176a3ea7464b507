"""Backups are ordered by when they were made (their sequence), never by the time in their name."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

from readiness_app.cli import main
from readiness_app.safety import backup
from readiness_app.safety.backup import backup_register


def _future_autos(register: Path, count: int) -> list[Path]:
    """Auto backups named by a release without sequence numbers, dated years ahead (a clock set forward)."""
    folder = backup.backups_folder(register)
    folder.mkdir(mode=0o700, exist_ok=True)
    source = backup_register_file(register)
    made = []
    for n in range(count):
        target = folder / f"{register.stem}-{2031 + n}0101-090000-000000-auto.sqlite"
        shutil.copy(source, target)
        made.append(target)
    source.unlink()
    return made


def backup_register_file(register: Path) -> Path:
    copy = register.with_name("copy-for-test.sqlite")
    shutil.copy(register, copy)
    return copy


def _autos(register: Path) -> list[Path]:
    return [b.path for b in backup.list_backups(register) if b.kind == "auto"]


def test_a_future_named_auto_backup_does_not_stop_later_ones(demo_register):
    [future] = _future_autos(demo_register.path, 1)
    made = backup.backup_if_due(demo_register)
    assert made is not None and made.exists()
    assert _autos(demo_register.path) == [made, future]  # the new one is the newest
    assert backup.backup_if_due(demo_register) is None  # and counts for today


def test_ten_future_named_auto_backups_never_make_a_new_one_be_deleted_at_once(demo_register):
    futures = _future_autos(demo_register.path, 10)
    first = backup_register(demo_register, kind="auto")
    second = backup_register(demo_register, kind="auto")
    assert first.exists() and second.exists()
    autos = _autos(demo_register.path)
    assert autos[:2] == [second, first] and len(autos) == 10
    # the ones rotated away are the old unnumbered ones, latest date first to go last
    assert not futures[0].exists() and not futures[1].exists() and futures[9].exists()


def test_a_clock_set_back_loses_no_backup(demo_register, set_today):
    backup.set_keep_count(demo_register, 3)
    for day in (20, 21, 22):
        set_today(date(2026, 11, day))
        backup_register(demo_register, kind="auto")
    set_today(date(2025, 1, 1))  # the laptop's clock reset to a year ago
    made = backup.backup_if_due(demo_register)  # the newest says "made in the future": age unknown, so back up
    assert made is not None
    autos = _autos(demo_register.path)
    assert autos[0] == made and len(autos) == 3
    assert "20261120" not in " ".join(p.name for p in autos)  # the oldest made went, not the newest
    set_today(datetime(2025, 1, 1, 12))
    assert backup.backup_if_due(demo_register) is None  # one a day still


def test_a_clock_set_forward_and_back_loses_no_backup(demo_register, set_today):
    backup.set_keep_count(demo_register, 2)
    set_today(date(2030, 6, 1))  # a clock set years ahead for a while
    ahead = backup.backup_if_due(demo_register)
    set_today(date(2026, 11, 24))
    back = backup.backup_if_due(demo_register)
    assert ahead is not None and back is not None  # the one "from 2030" does not count as made today
    set_today(datetime(2026, 11, 25, 10))
    latest = backup.backup_if_due(demo_register)
    assert latest is not None
    assert _autos(demo_register.path) == [latest, back]  # made order, whatever the dates say


def test_the_command_line_backs_up_past_future_named_backups(demo_dir, capsys):
    path = demo_dir / "register.sqlite"
    _future_autos(path, 10)
    assert main(["scan", str(path)]) == 0
    autos = backup.list_backups(path)
    assert autos[0].sequence == 1 and autos[0].path.exists() and autos[0].made.year == 2026
    assert main(["backup", str(path), "--list"]) == 0
    listed = capsys.readouterr().out
    assert listed.index("23/11/2026") < listed.index("01/01/2040")  # listed newest made first
