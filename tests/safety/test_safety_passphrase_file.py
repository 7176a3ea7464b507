"""Passphrase and PDF-password files: one reader for the command line and the app, normalised."""

from __future__ import annotations

import io
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from readiness_app.cli import main
from readiness_app.errors import NeedsPassphrase, ReadinessError
from readiness_app.opening import open_register
from readiness_app.safety.passphrase_file import read_secret_file

MAIN = Path(__file__).resolve().parents[2] / "main.py"
COMPOSED = "café au lait 2026"  # é as one code point: what a keyboard types
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)  # e + combining accent: what some editors save


def test_bom_one_trailing_newline_and_decomposed_accents_give_the_typed_passphrase(tmp_path):
    saved = tmp_path / "pass.txt"
    saved.write_bytes(b"\xef\xbb\xbf" + DECOMPOSED.encode("utf-8") + b"\r\n")
    assert DECOMPOSED != COMPOSED
    assert read_secret_file(saved) == COMPOSED
    saved.write_bytes(b"  spaced out  \n")
    assert read_secret_file(saved) == "  spaced out  "  # only one newline is taken off, nothing else


def test_a_register_encrypted_from_a_file_opens_with_the_typed_passphrase(demo_dir, tmp_path):
    path = demo_dir / "register.sqlite"
    saved = tmp_path / "pass.txt"
    saved.write_bytes(b"\xef\xbb\xbf" + DECOMPOSED.encode("utf-8") + b"\n")
    assert main(["encrypt", str(path), "--passphrase-file", str(saved)]) == 0
    reg = open_register(path, passphrase=COMPOSED)
    assert reg.scalar("SELECT COUNT(*) FROM tracked_case") == 50
    reg.close()
    with pytest.raises(NeedsPassphrase):
        open_register(path, passphrase=DECOMPOSED + "\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"opening words\nclosing words\n", "contains a line break"),
        (b"inside\rthe line", "contains a line break"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "is not a text file"),
        (b"plain\x00text", "is not a text file"),
        (b"\n", "is empty"),
    ],
)
def test_unusable_passphrase_files_are_refused_in_one_line(demo_dir, tmp_path, capsys, content, message):
    saved = tmp_path / "pass.bin"
    saved.write_bytes(content)
    assert main(["status", str(demo_dir / "register.sqlite"), "--passphrase-file", str(saved)]) == 1
    err = capsys.readouterr().err
    assert message in err and "unexpected" not in err
    assert len(err.splitlines()) == 2  # the error and its hint
    assert "words" not in err and "inside" not in err and "PNG" not in err  # the content is never echoed


def test_the_app_reads_the_passphrase_file_with_the_same_reader(tmp_path, qapp):
    from readiness_app.ui.app import run

    saved = tmp_path / "pass.bin"
    saved.write_bytes(b"\xff\xfe\x00\x00binary")
    with pytest.raises(ReadinessError, match="is not a text file"):
        run(register=str(tmp_path / "register.sqlite"), passphrase_file=str(saved))


@pytest.mark.allow_log(r"SASLprep normalization failed")
def test_a_pdf_password_file_is_normalised_and_pypdf_says_nothing_on_stderr(demo_dir, tmp_path):
    password = "tab\tinside é"  # SASLprep refuses the tab: pypdf warns, and the warning must not reach stderr
    saved = tmp_path / "pdf-password.txt"
    saved.write_bytes(unicodedata.normalize("NFD", password).encode("utf-8") + b"\n")
    out = tmp_path / "checklist.pdf"
    argv = ["report", "checklist", str(demo_dir / "register.sqlite"), "-o", str(out), "--password-file", str(saved)]
    # A real process: pytest's own log capture would hide what Python prints on stderr.
    run = subprocess.run([sys.executable, str(MAIN), *argv], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.is_encrypted and reader.decrypt(password)
    assert "Northmoor" in reader.pages[0].extract_text()


def test_the_apps_passphrase_box_composes_accents_as_the_file_reader_does(qapp, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from readiness_app.opening import create_register
    from readiness_app.ui.app import open_with_prompt

    evidence = tmp_path / "evidence"
    evidence.mkdir()
    path = tmp_path / "secret.sqlite"
    saved = tmp_path / "pass.txt"
    saved.write_bytes(DECOMPOSED.encode("utf-8") + b"\n")
    create_register(
        path, council="Accent Council", evidence_folder=evidence, passphrase=read_secret_file(saved)
    ).close()
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args: (DECOMPOSED, True)))
    opened = open_with_prompt(path)
    assert opened is not None
    reg, passphrase = opened
    try:
        assert passphrase == COMPOSED
        assert reg.scalar("SELECT council FROM assessment") == "Accent Council"
    finally:
        reg.close()
