"""The `search` command: words inside files and records, by kind and QS, as text or JSON, and --reindex."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from readiness_app import cli
from readiness_app.register import migrations

ROOT = Path(__file__).resolve().parents[2]
RELEASE2 = ROOT / "tests" / "fixtures" / "register-release2.sqlite"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_search_reads_new_files_then_finds_words_inside_them(folder, documents, capsys):
    documents.docx(folder.root / "QS3/Equity.docx", "Our work with the Gypsy, Roma and Traveller serowgroup")
    documents.pdf(folder.root / "QS7/MSP audit.pdf", "Making safeguarding personal audit serowgroup")
    register = str(folder.reg.path)
    code, out, _ = run(capsys, "scan", register)
    assert code == 0
    code, out, _ = run(capsys, "search", register, "serowgroup", "--json")
    data = json.loads(out)
    assert code == 0 and data["files_read"] == 2
    assert sorted(r["path"] for r in data["results"]) == ["QS3/Equity.docx", "QS7/MSP audit.pdf"]
    assert all(r["in_file"] and "[serowgroup]" in r["snippet"] for r in data["results"])
    code, out, _ = run(capsys, "search", register, "serowgroup", "--qs", "QS7")
    assert code == 0 and "MSP audit" in out and "Equity" not in out and out.startswith("Evidence (1)")
    code, out, _ = run(capsys, "search", register, "serowgroup", "--kind", "gap")
    assert out.strip() == "nothing found for 'serowgroup'"
    code, _, err = run(capsys, "search", register, "serowgroup", "--kind", "nonsense")
    assert code == 1 and "no kind 'nonsense'" in err


def test_reindex_reads_every_file_again_and_status_lists_files_with_no_text(folder, documents, capsys):
    documents.pdf(folder.root / "Scan.pdf")  # a page with no words: a scanned image
    (folder.root / "Notes.txt").write_text("budget lines")
    register = str(folder.reg.path)
    run(capsys, "scan", register)
    code, out, _ = run(capsys, "search", register, "--reindex")
    assert code == 0
    assert "files with text: 1; with no text: 1; not read yet: 0" in out
    assert "no text  Scan.pdf: no text in the pages (a scanned image?" in out
    code, out, _ = run(capsys, "search", register, "--status", "--json")
    assert json.loads(out)["no_text"][0]["path"] == "Scan.pdf"


def test_the_previous_releases_register_is_searchable_after_upgrading(tmp_path, capsys):
    register = tmp_path / "register.sqlite"
    shutil.copy2(RELEASE2, register)
    titles = [r[0] for r in sqlite3.connect(register).execute("SELECT description FROM gap ORDER BY id")]
    code, out, _ = run(capsys, "search", str(register), titles[0].split()[0], "--kind", "gap", "--json")
    assert code == 0
    assert sqlite3.connect(register).execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
    assert titles[0] in [r["title"] for r in json.loads(out)["results"]]


def test_search_runs_as_a_program(folder):
    (folder.root / "Minutes.txt").write_text("The partnership board agreed the eland plan")
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "search", str(folder.reg.path), "eland"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # Never scanned: the register holds no items yet, so nothing is found (and nothing breaks).
    assert result.returncode == 0 and result.stdout.strip() == "nothing found for 'eland'", result.stderr
    subprocess.run([sys.executable, str(ROOT / "main.py"), "scan", str(folder.reg.path)], check=True, timeout=120)
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "search", str(folder.reg.path), "eland"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "Minutes.txt" in result.stdout and "[eland]" in result.stdout
