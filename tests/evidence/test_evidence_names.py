"""File names chosen by whoever drops a file: escaped in every output, stored even when not UTF-8,
and pipes or devices counted as ignored with the reason."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

from readiness_app.cli import main
from readiness_app.evidence.folder import list_folder, not_a_file
from readiness_app.evidence.ignore import IgnoreRules
from readiness_app.evidence.names import os_name, shown, stored_name
from readiness_app.evidence.reconcile import reconcile

MAIN = Path(__file__).resolve().parents[2] / "main.py"
FORGED = "QS1/report.pdf\nadded QS9/forged.pdf (id 999)"
BYTES_NAME = b"Rapport-\xe9t\xe9.pdf"  # Latin-1, not UTF-8


def _bytes_file(folder, data: bytes = b"latin-1 named") -> None:
    (folder.root / "QS2").mkdir(exist_ok=True)
    with open(os.fsencode(str(folder.root / "QS2")) + b"/" + BYTES_NAME, "wb") as fh:
        fh.write(data)


def _awkward_folder(folder) -> None:
    folder.write("QS1/plain.pdf", "plain")
    folder.write(FORGED, "forged")
    folder.write("QS2/keep.pdf", "keep")
    _bytes_file(folder)
    os.mkfifo(folder.root / "QS2" / "pipe.pdf")


def test_shown_escapes_what_could_forge_or_hide_a_line():
    assert shown("QS1/plain – é.pdf") == "QS1/plain – é.pdf"
    assert shown("a\nb\rc\td") == "a\\nb\\rc\\td"
    assert shown("x\x1b[31mred\x07") == "x\\x1b[31mred\\x07"
    assert shown("invoice\u202efdp.exe") == "invoice\\u202efdp.exe"
    assert shown("line\u2028sep") == "line\\u2028sep"
    assert shown("raw-\udce9.pdf") == "raw-\\xe9.pdf"  # a name straight from the OS, bytes shown as stored


def test_names_that_are_not_utf8_round_trip_through_their_stored_form():
    raw = os.fsdecode(BYTES_NAME)
    stored = stored_name(raw)
    assert stored == "Rapport-\\xe9t\\xe9.pdf"
    assert os.fsencode(os_name(stored)) == BYTES_NAME
    assert stored_name("Évaluation.pdf") == "Évaluation.pdf" == os_name("Évaluation.pdf")
    assert stored_name("lone-\ud800.pdf") is None  # a broken Windows name: counted as unreadable


def test_pipes_and_devices_are_ignored_with_the_reason(folder):
    _awkward_folder(folder)
    listing = list_folder(folder.root, IgnoreRules())
    assert ("QS2/pipe.pdf", "named pipe (FIFO), not a file") in listing.ignored
    assert not_a_file(stat.S_IFCHR) == not_a_file(stat.S_IFBLK) == "device, not a file"
    assert not_a_file(stat.S_IFSOCK) == "socket, not a file"


def test_scan_stores_counts_and_escapes_every_awkward_name(folder, capsys, tmp_path):
    _awkward_folder(folder)
    reg = str(folder.reg.path)
    # its own log file, at debug level: only there does the log hold file names (test_evidence_log_privacy.py)
    env = {**os.environ, "READINESS_DATA_DIR": str(tmp_path / "data"), "READINESS_LOG": "debug"}
    done = subprocess.run(
        [sys.executable, str(MAIN), "scan", reg, "--verbose"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    lines = out.splitlines()
    assert not any(line.startswith("added QS9/forged.pdf") for line in lines)
    assert "added QS1/report.pdf\\nadded QS9/forged.pdf (id 999)" in out
    assert "added QS2/Rapport-\\xe9t\\xe9.pdf" in out
    assert "4 added" in out and "1 ignored" in out
    rows = folder.rows()
    assert set(rows) == {"QS1/plain.pdf", FORGED, "QS2/keep.pdf", "QS2/Rapport-\\xe9t\\xe9.pdf"}
    # The bytes-named file was opened and hashed under its real name.
    assert rows["QS2/Rapport-\\xe9t\\xe9.pdf"]["sha256"] == hashlib.sha256(b"latin-1 named").hexdigest()
    # The listing and the log file show the names escaped, one line each.
    assert main(["evidence", reg]) == 0
    listing = capsys.readouterr().out
    assert "QS1/report.pdf\\nadded QS9/forged.pdf" in listing and "Rapport-\\xe9t\\xe9.pdf" in listing
    assert not any(line.startswith("added QS9") for line in listing.splitlines())
    log = (tmp_path / "data" / "logs" / "readiness.log").read_text(encoding="utf-8")
    assert "QS1/report.pdf\\nadded QS9/forged.pdf" in log
    assert not any(line.startswith("added QS9") for line in log.splitlines())
    # JSON keeps the stored text exactly.
    assert main(["scan", reg, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (
        data["ignored"] == 1
        and {"path": "QS2/pipe.pdf", "why": "named pipe (FIFO), not a file"} in (data["ignored_paths"])
    )
    assert data["unreadable"] == 0 and data["added"] == 0


def test_a_bytes_named_file_that_changes_or_goes_is_tracked(folder):
    _bytes_file(folder)
    assert reconcile(folder.reg).added == 1
    path = os.fsencode(str(folder.root / "QS2")) + b"/" + BYTES_NAME
    with open(path, "wb") as fh:
        fh.write(b"new content, new size")
    assert reconcile(folder.reg).changed == 1
    os.unlink(path)
    assert reconcile(folder.reg).missing == 1
    assert folder.row("QS2/Rapport-\\xe9t\\xe9.pdf")["presence"] == "missing"


def test_watch_log_escapes_a_name_with_a_line_break(folder, tmp_path):
    from readiness_app.evidence import settings as evidence_settings

    evidence_settings.save(folder.reg, "stability_seconds", "0.3")
    folder.write("QS1/first.pdf", "first")
    reconcile(folder.reg)
    env = {**os.environ, "READINESS_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(
        [sys.executable, str(MAIN), "watch", str(folder.reg.path), "--tick", "0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x) for x in iter(proc.stdout.readline, "")], daemon=True)
    reader.start()
    seen: list[str] = []
    try:
        assert "watching" in lines.get(timeout=20)
        folder.write(FORGED, "forged")
        _bytes_file(folder, b"arrived while watching")
        deadline = time.monotonic() + 20
        while sum("added " in s for s in seen) < 2 and time.monotonic() < deadline:
            with contextlib.suppress(queue.Empty):
                seen.append(lines.get(timeout=0.2))
        proc.terminate()
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=10)  # it ends at the pipe's end of file, once the watcher has gone
        proc.stdout.close()
    added = [s for s in seen if "added " in s]
    assert any("added QS1/report.pdf\\nadded QS9/forged.pdf (id 999)" in s for s in added), seen
    assert any("added QS2/Rapport-\\xe9t\\xe9.pdf" in s for s in added), seen
    assert not any(s.startswith("added QS9") for s in seen)
    assert "QS2/Rapport-\\xe9t\\xe9.pdf" in folder.rows()


def test_a_pipe_that_appears_while_watching_is_handed_on_not_opened(folder):
    from readiness_app.evidence.stability import FileStabilityTracker

    pipe = folder.root / "arrived.pdf"
    os.mkfifo(pipe)
    opened = []
    tracker = FileStabilityTracker(0.0, clock=lambda: 100.0, opener=lambda p: opened.append(p) or True)
    tracker.touch("arrived.pdf", str(pipe))
    assert tracker.check().ready == ["arrived.pdf"] and opened == []
    result = reconcile(folder.reg, paths=["arrived.pdf"])
    assert result.ignored_paths == [("arrived.pdf", "named pipe (FIFO), not a file")]
    assert folder.rows() == {}
