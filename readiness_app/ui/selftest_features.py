"""`--self-test`'s checks of the features a trimmed bundle could lose without anyone noticing.

The build leaves out whatever the app never loads (packaging/readiness.spec and build.py):
other countries' holidays, ICU's dictionaries for Thai and Chinese word breaks, Pillow's
own copies of libraries the bundle already has. Each check here uses a feature the way the
app does, so a trim that takes away something the app needs fails the self-test instead of
failing in front of a user: spreadsheets out and back in (the app's writer, calamine), the
Word self-assessment (python-docx, lxml), a password-protected PDF (pypdf's AES through
cryptography), an encrypted register (SQLCipher), England's bank holidays (holidays), images
(Pillow and the libraries it links), evidence hashing (the system's OpenSSL) and text in other
scripts (Qt and ICU).

Each step takes (work folder, state) like the others in selftest.py and returns its one line.
"""

from __future__ import annotations

import io
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any


class SelfTestFailure(Exception):
    """A check did not hold; the message says which and why, in one line."""


PASSWORD = "Self-test password 2026"  # a throwaway PDF password and register passphrase, for files that are deleted


def spreadsheets(work: Path, state: dict[str, Any]) -> str:
    """The case list goes out as .xlsx and comes back through calamine as 'no changes'."""
    from readiness_app.interop.exporters import export_cases
    from readiness_app.interop.importers import import_file
    from readiness_app.opening import open_register

    out = work / "case-list.xlsx"
    reg = open_register(state["register"], source="app")
    try:
        written = export_cases(reg, out)
        result = import_file(reg, "cases", out, dry_run=True)
    finally:
        reg.close()
    if "python_calamine" not in sys.modules:
        raise SelfTestFailure("the case list was not read by calamine")
    if result.created or result.updated or result.unchanged != written.rows or not written.rows:
        raise SelfTestFailure(
            f"the exported case list did not read back unchanged ({len(result.created)} new,"
            f" {len(result.updated)} changed, {result.unchanged} of {written.rows} unchanged)"
        )
    return f"case list of {written.rows} cases written and read back by calamine with no changes"


def word_document(work: Path, state: dict[str, Any]) -> str:
    """The self-assessment as a Word document, read back with python-docx."""
    from docx import Document

    from readiness_app.opening import open_register
    from readiness_app.register import assessment
    from readiness_app.reports.options import ReportOptions
    from readiness_app.reports.rendering import render_accessible

    reg = open_register(state["register"], source="app")
    try:
        council = assessment.get(reg)["council"]
        path = work / "self-assessment.docx"
        path.write_bytes(render_accessible(reg, "self-assessment", ReportOptions(), "docx"))
    finally:
        reg.close()
    paragraphs = Document(str(path)).paragraphs
    headings = [p.text for p in paragraphs if p.style is not None and (p.style.name or "").startswith("Heading 2")]
    if not paragraphs or council not in paragraphs[0].text or len(headings) != 9:
        raise SelfTestFailure(f"the Word self-assessment reads back wrong ({len(headings)} quality statements)")
    return f"self-assessment, {len(paragraphs)} paragraphs, {path.stat().st_size // 1024} KB"


def checklist_pdf(state: dict[str, Any], out: Path, password: str | None = None) -> tuple[str, Any]:
    """The demo register's readiness checklist written to `out`: (the council's name, the render result)."""
    from readiness_app.opening import open_register
    from readiness_app.register import assessment
    from readiness_app.reports.options import ReportOptions
    from readiness_app.reports.rendering import render

    reg = open_register(state["register"], source="app")
    try:
        return assessment.get(reg)["council"], render(reg, "checklist", out, ReportOptions(password=password))
    finally:
        reg.close()


def pdf_password(work: Path, state: dict[str, Any]) -> str:
    """A PDF encrypted with AES-256 opens with its password only (pypdf with cryptography)."""
    from pypdf import PdfReader

    out = work / "protected.pdf"
    council, _result = checklist_pdf(state, out, PASSWORD)
    reader = PdfReader(out)
    method = reader.trailer["/Encrypt"].get_object() if reader.is_encrypted else None
    if not isinstance(method, dict) or method.get("/V") != 5:
        raise SelfTestFailure("the PDF was not encrypted with AES-256")
    if reader.decrypt("not the password"):
        raise SelfTestFailure("the PDF opened with a wrong password")
    if not reader.decrypt(PASSWORD) or council not in (reader.pages[0].extract_text() or ""):
        raise SelfTestFailure("the PDF did not open with its password")
    return f"AES-256, {len(reader.pages)} pages, opened with its password only"


def encrypted_register(work: Path, state: dict[str, Any]) -> str:
    """A copy of the demo register encrypted with SQLCipher opens with its passphrase."""
    from readiness_app.opening import open_register
    from readiness_app.register import cases
    from readiness_app.safety.backup import backup_register
    from readiness_app.safety.encryption import encrypt_register, is_encrypted

    folder = work / "encrypted"
    folder.mkdir()
    copy = folder / "register.sqlite"
    reg = open_register(state["register"], source="app")
    try:
        backup_register(reg, target=copy)  # a whole, checked copy with no journal beside it
        expected = len(cases.list_cases(reg))
    finally:
        reg.close()
    encrypt_register(copy, PASSWORD)
    if not is_encrypted(copy) or copy.read_bytes()[:15] == b"SQLite format 3":
        raise SelfTestFailure("the register copy is not encrypted")
    reg = open_register(copy, source="app", passphrase=PASSWORD)
    try:
        found = len(cases.list_cases(reg))
    finally:
        reg.close()
    if found != expected:
        raise SelfTestFailure(f"the encrypted register holds {found} cases, not {expected}")
    shutil.rmtree(folder, ignore_errors=True)
    return f"encrypted with SQLCipher and opened with its passphrase ({found} cases)"


def bank_holidays(work: Path, state: dict[str, Any]) -> str:
    """England and Wales's bank holidays, worked out by the holidays package (no cache in a fresh data folder)."""
    from readiness_app.register import workdays

    days = workdays.load()
    expected = {
        date(2026, 12, 28): "Boxing Day",  # the substitute day: 26 December 2026 is a Saturday
        date(2027, 3, 29): "Easter Monday",
        date(2027, 8, 30): "Summer bank holiday",  # Scotland's is on 2 August
    }
    for day, name in expected.items():
        title = days.title(day) or ""
        if name not in title:
            raise SelfTestFailure(f"{day:%d/%m/%Y} should be {name}, not {title or 'a working day'}")
    if days.title(date(2027, 8, 2)) is not None:
        raise SelfTestFailure("Scotland's August bank holiday was counted in England")
    return f"{len(days.year(2027))} in England and Wales in 2027, substitute days included"


def images(work: Path, state: dict[str, Any]) -> str:
    """Pillow (reportlab draws pictures with it) writes and reads PNG, JPEG and TIFF with zstd and lzma."""
    from PIL import Image

    picture = Image.new("RGB", (32, 16), (0, 94, 184))
    done = []
    for fmt, options in (("PNG", {}), ("JPEG", {}), ("TIFF", {"compression": "tiff_adobe_deflate"})):
        done.append(fmt)
        buffer = io.BytesIO()
        picture.save(buffer, fmt, **options)
        if Image.open(io.BytesIO(buffer.getvalue())).size != picture.size:
            raise SelfTestFailure(f"Pillow could not read back a {fmt} image")
    for compression in ("zstd", "lzma"):  # libtiff's links to the bundle's libzstd and liblzma
        buffer = io.BytesIO()
        picture.save(buffer, "TIFF", compression=compression)
        read = Image.open(io.BytesIO(buffer.getvalue()))
        if read.info.get("compression") != compression or read.convert("RGB").getpixel((1, 1)) != (0, 94, 184):
            raise SelfTestFailure(f"Pillow could not write and read a TIFF compressed with {compression}")
        done.append(f"TIFF ({compression})")
    return ", ".join(done)


def hashing(work: Path, state: dict[str, Any]) -> str:
    """Evidence files' SHA-256: through OpenSSL where the system has OpenSSL 3, else Python's own (slower)."""
    import hashlib

    from readiness_app.evidence.hashing import sha256_file

    probe = work / "hashing.txt"
    probe.write_bytes(b"readiness")
    if sha256_file(probe) != "0e06b84496798ba899c50de6eb2efc0b92c62a75e5ba69af7a158cba107352bc":
        raise SelfTestFailure("SHA-256 of a known file came out wrong")
    if type(hashlib.sha256()).__module__ == "_hashlib":
        return "SHA-256 by OpenSSL"
    return "SHA-256 by Python's own code (no OpenSSL 3 on this system: first scans of a folder are slower)"


SCRIPTS = "Thai ภาษาไทย, Chinese 中文, Arabic العربية, Urdu اردو, Greek Ελληνικά, Polish Łódź"


def other_scripts(work: Path, state: dict[str, Any]) -> str:
    """Qt sorts with ICU's collation and lays out and breaks text in other scripts (names, leaflets)."""
    from PySide6.QtCore import QCollator, QLocale, QTextBoundaryFinder
    from PySide6.QtGui import QTextLayout
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    collator = QCollator(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    words = ["zebra", "Zoë", "apple", "Éclair"]
    ordered = sorted(words, key=collator.sortKey)
    if ordered != ["apple", "Éclair", "zebra", "Zoë"]:  # code-point order would put Zoë first and Éclair last
        raise SelfTestFailure(f"sorting in English came out as {ordered}")
    layout = QTextLayout(SCRIPTS, app.font())
    layout.beginLayout()
    lines = 0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(120)
        lines += 1
    layout.endLayout()
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Word, SCRIPTS)
    words_found = 0
    while finder.toNextBoundary() != -1:
        words_found += 1
    if lines < 2 or words_found < 10:
        raise SelfTestFailure(f"text in other scripts laid out in {lines} lines with {words_found} word breaks")
    return f"sorted in English order; {len(SCRIPTS)} characters in six scripts laid out in {lines} lines"


STEPS = (
    ("spreadsheets", spreadsheets),
    ("Word document", word_document),
    ("PDF password", pdf_password),
    ("encrypted register", encrypted_register),
    ("bank holidays", bank_holidays),
    ("images", images),
    ("hashing", hashing),
    ("text in other scripts", other_scripts),
)
