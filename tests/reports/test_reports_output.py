"""Writing the PDF: encryption, repeatable output, safe writes, markings and the command line."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from readiness_app import output_files
from readiness_app.cli import main
from readiness_app.errors import ReadinessError
from readiness_app.reports import registry
from readiness_app.reports.rendering import render, render_bytes

PASSWORD = "Cwtch-2026-łąka"


def test_encrypted_pdf_opens_only_with_the_password(demo_register, options, tmp_path, pdf):
    result = render(demo_register, "timetable", tmp_path / "t.pdf", options(password=PASSWORD))
    assert result.encrypted
    reader = PdfReader(result.path)
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"]
    assert encrypt["/V"] == 5 and encrypt["/R"] == 6  # AES-256 (PDF 2.0 / ISO 32000-2)
    assert reader.decrypt("wrong password") == 0
    with pytest.raises(Exception):  # noqa: B017 - pypdf refuses any read without the key
        PdfReader(result.path).pages[0].extract_text()
    doc = pdf(result.path, password=PASSWORD)
    assert doc.pages == 4
    assert "Tue 15 Dec 2026" in doc.texts[0]
    assert doc.reader.is_encrypted


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_poppler_opens_the_encrypted_pdf_with_the_password(demo_register, options, tmp_path):
    path = render(demo_register, "cases", tmp_path / "c.pdf", options(password=PASSWORD)).path
    ok = subprocess.run(["pdftotext", "-upw", PASSWORD, str(path), "-"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "NM-001" in ok.stdout
    refused = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0
    assert "NM-001" not in refused.stdout


def test_same_register_and_clock_give_the_same_bytes(demo_register, options):
    from datetime import datetime

    first, _ = render_bytes(demo_register, "checklist", options())
    second, _ = render_bytes(demo_register, "checklist", options())
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    later, _ = render_bytes(demo_register, "checklist", options(generated_at=datetime(2026, 11, 24, 8, 0)))
    assert later != first


def test_marking_can_be_changed_or_left_off(demo_register, options, tmp_path, pdf):
    render(demo_register, "cases", tmp_path / "a.pdf", options(marking="OFFICIAL"))
    text = pdf(tmp_path / "a.pdf").text
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text
    render(demo_register, "cases", tmp_path / "b.pdf", options(marking="none"))
    assert "OFFICIAL" not in pdf(tmp_path / "b.pdf").text


def test_a_failed_rename_leaves_the_old_file_and_no_temporary(demo_register, options, tmp_path, monkeypatch):
    target = tmp_path / "out" / "packs.pdf"
    target.parent.mkdir()
    target.write_bytes(b"the copy someone has open")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ReadinessError, match="open in another program"):
        render(demo_register, "timetable", target, options())
    assert sorted(p.name for p in target.parent.iterdir()) == ["packs.pdf"]
    assert target.read_bytes() == b"the copy someone has open"


def test_unusable_output_paths_are_refused_before_building(tmp_path, monkeypatch):
    with pytest.raises(ReadinessError, match="does not exist"):
        output_files.check_target(tmp_path / "nowhere" / "x.pdf")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ReadinessError, match="is not a folder"):
        output_files.check_target(tmp_path / "afile" / "x.pdf")
    with pytest.raises(ReadinessError, match="is a folder"):
        output_files.check_target(tmp_path)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output_files.tempfile, "mkstemp", denied)
    with pytest.raises(ReadinessError, match="cannot write to folder .*Permission denied"):
        output_files.write_atomically(tmp_path / "x.pdf", b"%PDF")
    assert not (tmp_path / "x.pdf").exists()


def test_scope_options_a_document_does_not_take_are_refused(demo_register, options, tmp_path):
    with pytest.raises(ReadinessError, match="--session does not apply to the checklist document"):
        render(demo_register, "checklist", tmp_path / "x.pdf", options(session_id=1))


def test_registry_lists_every_document_and_missing_modules_are_not_available(monkeypatch):
    assert {
        "checklist",
        "interview-packs",
        "timetable",
        "cases",
        "bulletin",
        "fa-submission",
        "improvement-plan",
    } <= set(registry.DOCUMENTS)
    assert registry.DOCUMENTS["bulletin"].builder == "readiness_app.reports.bulletin:build"
    assert "for_date" in registry.DOCUMENTS["bulletin"].scopes
    ghost = registry.DocumentSpec("ghost", "Ghost", "readiness_app.visit.no_such_module:build")
    with pytest.raises(ReadinessError, match="the ghost document is not available"):
        ghost.load()
    with pytest.raises(ReadinessError, match="unknown document 'nope'"):
        registry.get("nope")


# ---------------------------------------------------------------- command line


def test_cli_prints_a_document(demo_dir, tmp_path, capsys, pdf):
    out = tmp_path / "timetable.pdf"
    code = main(
        [
            "report",
            "timetable",
            str(demo_dir / "register.sqlite"),
            "-o",
            str(out),
            "--day",
            "2026-12-16",
            "--generated-at",
            "2026-12-14 18:30",
            "--marking",
            "OFFICIAL",
        ]
    )
    assert code == 0
    assert f"printed {out} (1 page)" in capsys.readouterr().out
    doc = pdf(out)
    assert "Generated Mon 14 Dec 2026 at 18:30" in doc.text
    assert "Wed 16 Dec 2026" in doc.text


def test_cli_encrypts_with_a_password_file(demo_dir, tmp_path, capsys, pdf):
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    out = tmp_path / "cases.pdf"
    code = main(["report", "cases", str(demo_dir / "register.sqlite"), "-o", str(out), "--password-file", str(secret)])
    assert code == 0
    assert "encrypted (AES-256)" in capsys.readouterr().out
    assert "NM-001" in pdf(out, password=PASSWORD).text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--session", "4242"], "no session with id 4242"),
        (["--person", "4242"], "no person with id 4242"),
        (["--day", "2026-12-19"], "no sessions are planned on Sat 19 Dec 2026"),
        (["--encrypt"], "cannot ask for a password: no terminal"),
    ],
)
def test_cli_bad_input_is_one_line_exit_1_and_no_file(demo_dir, tmp_path, capsys, monkeypatch, request, extra, message):
    stdin = open(os.devnull)  # noqa: SIM115 - not a terminal; closed when the test ends
    request.addfinalizer(stdin.close)
    monkeypatch.setattr("sys.stdin", stdin)
    out = tmp_path / "packs.pdf"
    code = main(["report", "interview-packs", str(demo_dir / "register.sqlite"), "-o", str(out), *extra])
    err = capsys.readouterr().err
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "demo"] == []


def test_cli_unwritable_output_and_unknown_document(demo_dir, tmp_path, capsys):
    reg = str(demo_dir / "register.sqlite")
    assert main(["report", "cases", reg, "-o", str(tmp_path / "missing" / "c.pdf")]) == 1
    assert "folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["report", "posters", reg, "-o", str(tmp_path / "p.pdf")])
    assert exc.value.code == 2


def test_pdfium_opens_the_encrypted_pdf_with_the_password(demo_register, options, tmp_path):
    pdfium = pytest.importorskip("pypdfium2")  # in the test extra; QtPdf is built on the same pdfium
    path = render(demo_register, "cases", tmp_path / "c.pdf", options(password=PASSWORD)).path
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(str(path))
    doc = pdfium.PdfDocument(str(path), password=PASSWORD)
    try:
        assert len(doc) >= 2
        page = doc[0]
        text = page.get_textpage().get_text_range()
        assert "NM-001" in text and "Page 1 of" in text
        bitmap = page.render(scale=0.5)  # it really draws, not just parses
        assert bitmap.width > 100
    finally:
        doc.close()


def test_a_moved_file_never_replaces_one_already_there(tmp_path, monkeypatch):
    import os

    from readiness_app.output_files import move_to_free_name

    wanted = tmp_path / "Carers strategy.docx"
    wanted.write_bytes(b"colleague's")  # arrived after any check the caller made
    (tmp_path / "Carers strategy (2).docx").write_bytes(b"another colleague's")
    first = tmp_path / "~$copying-1"
    first.write_bytes(b"mine")
    assert move_to_free_name(first, wanted) == tmp_path / "Carers strategy (3).docx"
    assert wanted.read_bytes() == b"colleague's"
    assert (tmp_path / "Carers strategy (3).docx").read_bytes() == b"mine"
    assert not first.exists()

    # A file system without hard links (FAT, some shares): the name is claimed by an exclusive create.
    def no_links(src, dst):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    second = tmp_path / "~$copying-2"
    second.write_bytes(b"mine again")
    assert move_to_free_name(second, wanted) == tmp_path / "Carers strategy (4).docx"
    assert (tmp_path / "Carers strategy (4).docx").read_bytes() == b"mine again"
    assert wanted.read_bytes() == b"colleague's"
    assert not second.exists()
