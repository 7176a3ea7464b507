"""The demo's evidence files: small, real PDF, Word, Excel, CSV and text files, byte-for-byte repeatable.

`write_item` writes one file into the evidence folder and records it in the register.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from readiness_app.demo.content import COUNCIL
from readiness_app.register import evidence, records
from readiness_app.register.connection import Register


def _pdf_bytes(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 770, title[:80])
    pdf.setFont("Helvetica", 11)
    y = 740
    for line in lines:
        pdf.drawString(72, y, line[:95])
        y -= 16
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _docx_bytes(title: str, lines: list[str]) -> bytes:
    """A minimal valid Word document (the parts Word needs, nothing more)."""
    from xml.sax.saxutils import escape

    paras = "".join(f"<w:p><w:r><w:t>{escape(t)}</w:t></w:r></w:p>" for t in [title, *lines])
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{paras}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            zf.writestr(info, text)
    return buffer.getvalue()


def _xlsx_bytes(title: str, rows: Sequence[Sequence[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append([title])
    for row in rows:
        ws.append(row)
    from datetime import datetime

    wb.properties.created = wb.properties.modified = datetime(2024, 1, 1)
    buffer = io.BytesIO()
    wb.save(buffer)
    # Rewrite the zip with fixed member stamps so the demo is byte-for-byte repeatable.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps "now" here
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            zf.writestr(zipfile.ZipInfo(item.filename, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


def _file_bytes(ext: str, title: str, rng: random.Random) -> bytes:
    lines = [f"{COUNCIL} - adult social care", f"Prepared for the CQC assessment. Item {rng.randint(100, 999)}."]
    lines += [f"Finding {i}: measure {rng.randint(40, 99)}% against target." for i in range(1, rng.randint(3, 7))]
    if ext == ".pdf":
        return _pdf_bytes(title, lines)
    if ext == ".docx":
        return _docx_bytes(title, lines)
    if ext == ".xlsx":
        return _xlsx_bytes(
            title, [["Month", "Value"], *[[m, rng.randint(10, 300)] for m in ("Apr", "May", "Jun", "Jul")]]
        )
    if ext == ".csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(["Quarter", "Measure", "Value"])
        for q in ("Q1", "Q2", "Q3", "Q4"):
            writer.writerow([q, title, rng.randint(10, 500)])
        return text.getvalue().encode("utf-8")
    return ("\n".join([title, *lines]) + "\n").encode("utf-8")


def write_item(reg: Register, root: Path, rel: str, rng: random.Random, **fields) -> int:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    ext = target.suffix
    data = _file_bytes(ext, fields.get("title") or target.stem, rng)
    target.write_bytes(data)
    return register_file(reg, root, rel, data=data, **fields)


def register_file(
    reg: Register,
    root: Path,
    rel: str,
    *,
    qs,
    category,
    status,
    reference,
    title,
    presence: str = "present",
    data: bytes | None = None,
    document_date: str | None = None,
) -> int:
    target = root / rel
    if data is None:  # a file this build did not just write
        data = target.read_bytes()
    stat = target.stat()
    values = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": stat.st_size,
        "mtime": stat.st_mtime,
        "category": category,
        "status": status,
        "presence": presence,
        "reference": reference,
        "seen_at": records.now_iso(),
    }
    if title:
        values["title"] = title
    if document_date:
        values["document_date"] = document_date
    return evidence.create(reg, rel, qs=qs, **values)
