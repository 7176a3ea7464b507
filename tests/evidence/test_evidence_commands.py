"""The scan, watch, evidence, accept and evidence-settings commands, as a user runs them."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from readiness_app.cli import main
from readiness_app.opening import open_register

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_scan_prints_counts_and_json(folder, capsys):
    reg_path = str(folder.reg.path)
    folder.write("07 Safeguarding/People's experience/MSP survey.pdf", "msp")
    folder.write("QS1/~$lock.docx", "lock")
    code, out, err = run(capsys, "scan", reg_path)
    assert code == 0, err
    assert "1 added, 0 changed, 0 moved, 0 missing" in out and "1 ignored" in out and "1 inbox" in out
    assert "register: 1 items, 1 in the inbox" in out
    code, out, _ = run(capsys, "scan", reg_path, "--json")
    data = json.loads(out)
    assert data["added"] == 0 and data["ignored"] == 1 and data["totals"]["items"] == 1
    for key in ("added", "changed", "moved", "missing", "duplicates", "ignored", "unreadable", "inbox"):
        assert key in data


def test_scan_of_fresh_demo_reports_no_changes(demo_dir, capsys):
    code, out, _ = run(capsys, "scan", str(demo_dir / "register.sqlite"), "--json")
    data = json.loads(out)
    assert code == 0 and (data["added"], data["changed"], data["moved"], data["missing"]) == (0, 0, 0, 0)


def test_scan_with_unreachable_folder_is_one_clear_line(folder, capsys, tmp_path):
    os.rename(folder.root, tmp_path / "elsewhere")
    code, out, err = run(capsys, "scan", str(folder.reg.path))
    assert code == 1
    assert err.startswith("error: evidence folder") and "cannot be reached" in err and "Traceback" not in err
    assert "hint:" in err


def test_evidence_listing_filters(demo_dir, capsys):
    reg_path = str(demo_dir / "register.sqlite")
    code, out, err = run(capsys, "evidence", reg_path, "--json", "--qs", "QS3")
    items = json.loads(out)
    assert code == 0 and items and all("QS3" in i["qs"] for i in items)
    assert all("notes" not in i for i in items)
    code, out, err = run(capsys, "evidence", reg_path, "--inbox")
    assert "00 Inbox - to sort/Scan 01 from team drive" in out and "Presence" in out
    assert all(" inbox " in line for line in out.splitlines()[2:])
    code, out, err = run(capsys, "evidence", reg_path, "--qs", "Safeguarding", "--json")
    assert all("QS7" in i["qs"] for i in json.loads(out))
    code, out, err = run(capsys, "evidence", reg_path, "--qs", "QS99")
    assert code == 1 and "unknown quality statement" in err


def test_accept_offers_then_closes_gaps(demo_dir, capsys):
    reg_path = str(demo_dir / "register.sqlite")
    code, out, _ = run(capsys, "evidence", reg_path, "--inbox", "--json")
    item = next(i for i in json.loads(out) if i["rel_path"].startswith("00 Inbox"))
    code, out, err = run(
        capsys, "accept", reg_path, str(item["id"]), "--qs", "QS6", "--category", "People's experience"
    )
    assert code == 0, err
    assert "could close gap" in out and "--close-gaps" in out
    code, out, err = run(capsys, "accept", reg_path, str(item["id"]), "--close-gaps")
    assert code == 0 and "closed gap" in out
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    closed = reg.query("SELECT notes FROM gap WHERE closed_by = ?", (item["id"],))
    reg.close()
    assert closed and all(row[0].endswith(f"closed when evidence {item['id']} was accepted") for row in closed)
    code, out, _ = run(capsys, "evidence", reg_path, "--json", "--gaps", "--qs", "QS6")
    accepted = next(i for i in json.loads(out) if i["id"] == item["id"])
    assert accepted["status"] == "accepted" and accepted["gaps_offered"] == []
    code, out, err = run(capsys, "accept", reg_path, "99999")
    assert code == 1 and "no evidence with id 99999" in err


def test_settings_command_shows_ignore_list_and_changes_settings(folder, capsys):
    reg_path = str(folder.reg.path)
    code, out, _ = run(
        capsys, "evidence-settings", reg_path, "--set", "auto_accept=on", "--set", "ignore_patterns=*.bak"
    )
    assert code == 0 and "auto_accept: on" in out and "~$*" in out and "*.bak" in out
    code, out, err = run(capsys, "evidence-settings", reg_path, "--set", "stability_seconds=soon")
    assert code == 1 and "stability_seconds must be a number" in err


def _reader(stream, lines: queue.Queue) -> None:
    for line in iter(stream.readline, ""):
        lines.put(line)


def _expect(lines: queue.Queue, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        seen.append(line)
        if text in line:
            return line
    raise AssertionError(f"{text!r} not printed within {timeout} s; got {seen}")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_watch_logs_each_change_and_stops_cleanly(folder, sig, tmp_path):
    if os.name == "nt":
        pytest.skip("signals are delivered differently on Windows")
    from readiness_app.evidence import settings as evidence_settings

    evidence_settings.save(folder.reg, "stability_seconds", "0.3")
    env = {**os.environ, "READINESS_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, str(MAIN), "watch", str(folder.reg.path), "--tick", "0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True)
    reader.start()
    try:
        _expect(lines, "watching")
        _expect(lines, "reconciled:")
        folder.write("07 Safeguarding/New audit.pdf", "audit")
        line = _expect(lines, "added 07 Safeguarding/New audit.pdf")
        assert "QS7" in line
        proc.send_signal(sig)
        _expect(lines, "stopped")
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=10)  # the process has ended, so its output ends too
        proc.stdout.close()
    row = folder.row("07 Safeguarding/New audit.pdf")
    assert row["presence"] == "present"
    assert folder.reg.scalar("PRAGMA quick_check") == "ok"
