"""What an evidence file says: its text, read within limits, for the search index.

    found = read_text(path)            # Extracted(text=..., reason="")
    found = read_text(path, limits)    # a tighter budget (tests, or a slow share)

Readers, chosen by extension:
- PDF: PDFium (pypdfium2, already in the app for print preview): C code fuzzed in
  Chrome, many times faster than a pure-Python parser, and its own limits on
  nesting depth guard against "PDF bombs".
- Word .docx, PowerPoint .pptx, OpenDocument .odt/.odp: the XML inside the zip,
  streamed (the text runs only; no document model is built, so a large file costs
  little memory and no extra library).
- Spreadsheets .xlsx/.xlsm/.xls/.ods: python-calamine (Rust), cell values row by row.
- Text, CSV, Markdown; HTML (tags and scripts dropped); e-mail .eml (stdlib `email`);
  Outlook .msg (olefile: subject, sender, recipients, plain body).

Bad input never hangs or floods the caller: a file over `max_file_mb` is not read;
zip archives are checked before opening (total unpacked size, ratio, entry count)
so a zip bomb is refused; reading stops after `max_pages`, `max_chars` or
`max_seconds`, keeping what was read and saying so. Anything that cannot be read
(scanned image, password, damaged, unknown kind) comes back with no text and the
reason in words the lead understands. Nothing read here is ever logged.
"""

from __future__ import annotations

import html.parser
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

PDF = {".pdf"}
WORD_XML = {".docx", ".docm", ".dotx"}
SLIDES_XML = {".pptx", ".pptm"}
OPEN_DOCUMENT = {".odt", ".odp"}
SPREADSHEETS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
PLAIN = {".txt", ".csv", ".tsv", ".md", ".text", ".log"}
HTML = {".html", ".htm"}
EMAIL = {".eml"}
OUTLOOK = {".msg"}
READABLE = PDF | WORD_XML | SLIDES_XML | OPEN_DOCUMENT | SPREADSHEETS | PLAIN | HTML | EMAIL | OUTLOOK


@dataclass(frozen=True)
class ReadLimits:
    max_file_mb: float = 200.0  # larger files are indexed by name and details only
    max_pages: int = 2000
    max_chars: int = 2_000_000  # about 300,000 words; the rest of a longer file is not searchable
    max_seconds: float = 30.0
    max_unzipped_mb: float = 500.0  # total of the parts read from a .docx/.xlsx/.pptx/.ods
    max_zip_ratio: float = 200.0  # a part unpacking to more than this many times its packed size is a bomb
    max_zip_entries: int = 20_000


@dataclass(frozen=True)
class Extracted:
    """The text found, and why there is none (or why it stops short)."""

    text: str
    reason: str = ""  # empty when the whole file was read

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())


class _Stop(Exception):
    """A limit was reached: keep what was read, with this reason."""


class _Unreadable(Exception):
    """The file cannot be read; the message is the reason shown to the lead."""


class _Budget:
    """Collects text up to the limits, and says why it stopped."""

    def __init__(self, limits: ReadLimits, cancel: threading.Event | None = None):
        self.limits = limits
        self.cancel = cancel
        self.parts: list[str] = []
        self.chars = 0
        self.deadline = time.monotonic() + limits.max_seconds

    def add(self, text: str) -> None:
        if not text:
            return
        room = self.limits.max_chars - self.chars
        if len(text) >= room:
            self.parts.append(text[: max(room, 0)])
            self.chars = self.limits.max_chars
            raise _Stop(f"only the first {self.limits.max_chars:,} characters are searchable")
        self.parts.append(text)
        self.chars += len(text)

    def tick(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise _Unreadable("reading was stopped")
        if time.monotonic() > self.deadline:
            raise _Stop(f"reading stopped after {self.limits.max_seconds:g} seconds; the rest is not searchable")

    def text(self) -> str:
        return "".join(self.parts)


def read_text(path: Path, limits: ReadLimits | None = None, cancel: threading.Event | None = None) -> Extracted:
    """The searchable text of one file, never raising: a file that cannot be read says why.

    `cancel` (set by the app closing) stops the reading at the next page, row or paragraph."""
    limits = limits or ReadLimits()
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        return Extracted("", f"{suffix or 'this kind of'} files are not read for text")
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Extracted("", f"could not be opened ({exc.strerror or exc})")
    if size > limits.max_file_mb * 1024 * 1024:
        return Extracted("", f"too large to read ({_size(size)}; the limit is {limits.max_file_mb:g} MB)")
    budget = _Budget(limits, cancel)
    reason = ""
    try:
        _READERS[_reader_for(suffix)](path, budget)
    except _Stop as stop:
        reason = str(stop)
    except _Unreadable as exc:
        return Extracted("", str(exc))
    except MemoryError:
        return Extracted("", "too large to read in memory")
    except RecursionError:
        return Extracted("", "damaged or built to be unreadable (nested too deeply)")
    except OSError as exc:
        return Extracted("", f"could not be read ({exc.strerror or type(exc).__name__})")
    except Exception as exc:  # any reader's own error: a damaged file, never a crash of the indexer
        return Extracted("", f"damaged or not a real {suffix} file ({type(exc).__name__})")
    text = budget.text()
    if not text.strip():
        return Extracted("", reason or _empty_reason(suffix))
    return Extracted(text, reason)


def _empty_reason(suffix: str) -> str:
    if suffix in PDF:
        return "no text in the pages (a scanned image? the text would need OCR)"
    return "the file holds no text"


def _size(size: int) -> str:
    return f"{size / 1024**3:.1f} GB" if size >= 1024**3 else f"{size / 1024**2:.0f} MB"


def _reader_for(suffix: str) -> str:
    for name, suffixes in (
        ("pdf", PDF),
        ("word", WORD_XML),
        ("slides", SLIDES_XML),
        ("odf", OPEN_DOCUMENT),
        ("sheet", SPREADSHEETS),
        ("plain", PLAIN),
        ("html", HTML),
        ("eml", EMAIL),
        ("msg", OUTLOOK),
    ):
        if suffix in suffixes:
            return name
    raise _Unreadable("not read for text")


# ----- PDF -----

# PDFium is not thread-safe, even across documents: every use in the app (this reader on its
# thread, the print preview on the GUI thread) holds this lock. Held one page at a time here.
PDFIUM_LOCK = threading.RLock()


def _read_pdf(path: Path, budget: _Budget) -> None:
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            message = str(exc).lower()
            if "password" in message:
                raise _Unreadable("protected by a password") from None
            raise _Unreadable("damaged or not a real PDF") from None
        pages = len(document)
    try:
        for index in range(min(pages, budget.limits.max_pages)):
            budget.tick()
            with PDFIUM_LOCK:  # one page at a time, so the print preview never waits long
                page = document[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_bounded()
                    finally:
                        textpage.close()
                finally:
                    page.close()
            budget.add(text + "\n")
        if pages > budget.limits.max_pages:
            raise _Stop(f"only the first {budget.limits.max_pages:,} pages are searchable")
    finally:
        with PDFIUM_LOCK:
            document.close()


# ----- zip-based office files -----


def _open_zip(path: Path, budget: _Budget) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _Unreadable("damaged, or protected by a password") from None
    infos = archive.infolist()
    limits = budget.limits
    if len(infos) > limits.max_zip_entries:
        archive.close()
        raise _Unreadable(f"not read: it holds {len(infos):,} parts (a zip bomb?)")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > limits.max_unzipped_mb * 1024 * 1024 or (
        total > 10 * 1024 * 1024 and total / packed > limits.max_zip_ratio
    ):
        archive.close()
        raise _Unreadable(f"not read: it would unpack to {_size(total)} (a zip bomb?)")
    return archive


def _xml_text(archive: zipfile.ZipFile, name: str, budget: _Budget, text_tags: set[str], break_tags: set[str]) -> None:
    """Stream one XML part, adding the text of `text_tags` and a line break after each of `break_tags`."""
    with archive.open(name) as stream:
        for count, (_event, element) in enumerate(ElementTree.iterparse(stream, events=("end",))):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag in text_tags and element.text:
                budget.add(element.text)
            elif tag == "tab":
                budget.add("\t")
            if tag in break_tags:
                budget.add("\n")
                element.clear()
            if count % 2000 == 0:
                budget.tick()


def _parts(archive: zipfile.ZipFile, prefixes: tuple[str, ...]) -> list[str]:
    names = [n for n in archive.namelist() if n.endswith(".xml") and n.startswith(prefixes)]
    return sorted(names, key=_natural)


def _natural(name: str) -> tuple:
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def _read_word(path: Path, budget: _Budget) -> None:
    with _open_zip(path, budget) as archive:
        names = _parts(archive, ("word/document",))
        names += _parts(archive, ("word/header", "word/footer", "word/footnotes", "word/endnotes", "word/comments"))
        if not names:
            raise _Unreadable("damaged or not a real Word document")
        for name in names:
            _xml_text(archive, name, budget, {"t"}, {"p"})


def _read_slides(path: Path, budget: _Budget) -> None:
    with _open_zip(path, budget) as archive:
        names = _parts(archive, ("ppt/slides/slide", "ppt/notesSlides/notesSlide"))
        if not names:
            raise _Unreadable("damaged or not a real PowerPoint file")
        for name in names:
            _xml_text(archive, name, budget, {"t"}, {"p"})


def _read_odf(path: Path, budget: _Budget) -> None:
    with _open_zip(path, budget) as archive:
        if "content.xml" not in archive.namelist():
            raise _Unreadable("damaged or not a real OpenDocument file")
        with archive.open("content.xml") as stream:
            for count, (_event, element) in enumerate(ElementTree.iterparse(stream, events=("end",))):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag in ("p", "h"):
                    budget.add("".join(element.itertext()) + "\n")
                    element.clear()
                if count % 2000 == 0:
                    budget.tick()


# ----- spreadsheets -----


def _read_sheet(path: Path, budget: _Budget) -> None:
    if path.suffix.lower() != ".xls":
        _open_zip(path, budget).close()  # refuses a zip bomb before calamine unpacks it
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        message = str(exc).lower()
        if "password" in message or "encrypt" in message:
            raise _Unreadable("protected by a password") from None
        raise _Unreadable("damaged or not a real spreadsheet") from None
    for name in workbook.sheet_names:
        budget.add(f"{name}\n")
        sheet = workbook.get_sheet_by_name(name)
        for count, row in enumerate(sheet.iter_rows()):
            cells = [_cell(v) for v in row if v not in ("", None)]
            if cells:
                budget.add("\t".join(cells) + "\n")
            if count % 1000 == 0:
                budget.tick()


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ----- text, HTML, e-mail -----


def decode(data: bytes) -> str:
    """Text from bytes in the encodings council files come in: UTF-8 (with or without BOM), UTF-16, Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_bytes(path: Path, budget: _Budget) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(budget.limits.max_chars * 4 + 4)


def _read_plain(path: Path, budget: _Budget) -> None:
    budget.add(decode(_read_bytes(path, budget)))


class _HtmlText(html.parser.HTMLParser):
    SKIP = {"script", "style", "head", "noscript"}

    def __init__(self, add: Callable[[str], None]):
        super().__init__(convert_charrefs=True)
        self._add, self._skipping = add, 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in ("p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4", "td", "th"):
            self._add("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._add(data)


def html_text(markup: str, add: Callable[[str], None]) -> None:
    parser = _HtmlText(add)
    parser.feed(markup)
    parser.close()


def _read_html(path: Path, budget: _Budget) -> None:
    html_text(decode(_read_bytes(path, budget)), budget.add)


def _read_eml(path: Path, budget: _Budget) -> None:
    from email import policy
    from email.parser import BytesParser

    message = BytesParser(policy=policy.default).parsebytes(_read_bytes(path, budget))
    for header in ("subject", "from", "to", "cc", "date"):
        value = message.get(header)
        if value:
            budget.add(f"{header.capitalize()}: {value}\n")
    for part in _walk(message):
        budget.tick()
        filename = part.get_filename()
        if filename:
            budget.add(f"Attachment: {filename}\n")
            continue
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html"):
            continue
        try:
            content = part.get_content()
        except (LookupError, ValueError):
            payload = part.get_payload(decode=True)
            content = decode(payload) if isinstance(payload, bytes) else ""
        if kind == "text/html":
            html_text(str(content), budget.add)
        else:
            budget.add(str(content) + "\n")


def _walk(message) -> Iterator:
    # A multipart/alternative holds the same words twice: the plain part is enough.
    for part in message.walk():
        if part.is_multipart():
            continue
        yield part


_MSG_STREAMS = (
    ("Subject", "__substg1.0_0037"),
    ("From", "__substg1.0_0C1A"),
    ("To", "__substg1.0_0E04"),
    ("Cc", "__substg1.0_0E03"),
    ("", "__substg1.0_1000"),  # the plain-text body
)


def _read_msg(path: Path, budget: _Budget) -> None:
    import olefile

    if not olefile.isOleFile(str(path)):
        raise _Unreadable("damaged or not a real Outlook message")
    with olefile.OleFileIO(str(path)) as ole:
        for label, stream in _MSG_STREAMS:
            value = _msg_string(ole, stream)
            if value:
                budget.add(f"{label}: {value}\n" if label else value + "\n")
        for entry in ole.listdir():
            if entry[0].startswith("__attach") and entry[-1] in ("__substg1.0_3707001F", "__substg1.0_3704001F"):
                budget.add(f"Attachment: {_msg_decode(ole.openstream(entry).read(), True)}\n")


def _msg_string(ole, stream: str) -> str:
    for suffix, wide in (("001F", True), ("001E", False)):
        if ole.exists(stream + suffix):
            return _msg_decode(ole.openstream(stream + suffix).read(), wide)
    return ""


def _msg_decode(data: bytes, wide: bool) -> str:
    return (data.decode("utf-16-le", errors="replace") if wide else decode(data)).rstrip("\x00")


_READERS: dict[str, Callable[[Path, _Budget], None]] = {
    "pdf": _read_pdf,
    "word": _read_word,
    "slides": _read_slides,
    "odf": _read_odf,
    "sheet": _read_sheet,
    "plain": _read_plain,
    "html": _read_html,
    "eml": _read_eml,
    "msg": _read_msg,
}

__all__ = ["READABLE", "Extracted", "ReadLimits", "decode", "read_text"]
