"""Real office files for the search tests: each holds the words it is given, and only there."""

from __future__ import annotations

import zipfile
from email.message import EmailMessage
from pathlib import Path


def pdf(path: Path, *lines: str) -> Path:
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path))
    for n, line in enumerate(lines):
        c.drawString(72, 760 - 16 * n, line)
    c.showPage()
    c.save()
    return path


def docx(path: Path, *paragraphs: str, table: list[list[str]] | None = None) -> Path:
    import docx as python_docx

    path.parent.mkdir(parents=True, exist_ok=True)
    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))
    return path


def xlsx(path: Path, rows: list[list[object]], sheet: str = "Data") -> Path:
    import openpyxl

    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def ods(path: Path, rows: list[list[str]], sheet: str = "Sheet1") -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice lays one out."""
    from xml.sax.saxutils import escape

    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>' for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{cells}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def eml(path: Path, subject: str, body: str, html: str | None = None) -> Path:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "Assurance Lead <lead@northmoor.example>"
    message["To"] = "cqc.requests@example.org"
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(message))
    return path


def zip_bomb_docx(path: Path, unpacked_mb: int = 60) -> Path:
    """A .docx whose document part unpacks to `unpacked_mb` MB of nothing from a few tens of KB."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(block)
    return path


def nested_pdf(path: Path, depth: int = 100_000) -> Path:
    """A 'PDF bomb': one object nested `depth` arrays deep, referenced from the page."""
    body = b"[" * depth + b"]" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots 5 0 R >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
        body,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))
    return path


def msg(path: Path, subject: str, sender: str, body: str) -> Path:
    """An Outlook .msg: a Compound File (MS-CFB, version 3) holding the MAPI property streams a
    message keeps its subject (0x0037), sender name (0x0C1A) and plain body (0x1000) in, as
    UTF-16 strings (type 001F). Built here from the published layout; each stream is padded to
    4,096 bytes so that it lives in ordinary sectors (no mini stream is needed)."""
    import struct

    sector, end, free, fat_sector, no_stream = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    streams = [
        ("__substg1.0_0037001F", subject),
        ("__substg1.0_0C1A001F", sender),
        ("__substg1.0_1000001F", body),
    ]
    data = [s.encode("utf-16-le").ljust(4096, b"\0") for _, s in streams]
    per = 4096 // sector
    fat = [fat_sector, end]  # sector 0: the FAT itself; sector 1: the directory
    starts = []
    for _ in data:
        first = len(fat)
        starts.append(first)
        fat += [first + n + 1 for n in range(per - 1)] + [end]
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", no_stream, right, child)
            + bytes(16 + 4 + 8 + 8)
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, no_stream, 1, end, 0)
    for n, ((name, _), start) in enumerate(zip(streams, starts, strict=True), start=1):
        directory += entry(name, 2, n + 1 if n < len(streams) else no_stream, no_stream, start, 4096)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", free) * 108
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(data))
    return path


def pptx(path: Path, *slides: str) -> Path:
    """A PowerPoint file's text parts: one slide part per text (the app reads only these)."""
    from xml.sax.saxutils import escape

    ns = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n, text in enumerate(slides, start=1):
            archive.writestr(
                f"ppt/slides/slide{n}.xml",
                f'<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" {ns}>'
                f"<a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p></p:sld>",
            )
    return path
