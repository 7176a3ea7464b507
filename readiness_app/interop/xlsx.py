"""A small, fast writer for plain XLSX tables.

openpyxl's write-only mode takes over two seconds for a 20,000-row evidence
index; the target is under three for the whole export. A table needs only a
few parts of the format (one bold header row, frozen; an autofilter; dates;
a print header and footer carrying the protective marking), so this writes
the SpreadsheetML directly, streaming rows into the zip. openpyxl reads the
result back in the tests.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from readiness_app import clock
from readiness_app.interop.columns import FORMULA_STARTS

_EPOCH = datetime(1899, 12, 30)
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

# Style ids in styles.xml below. The *_TEXT styles carry Excel's "quote prefix": text that starts
# with = + - @ shows as written (no apostrophe) and stays text even when the cell is edited.
PLAIN, HEADER, DATE, WRAP, TIME, PLAIN_TEXT, WRAP_TEXT = 0, 1, 2, 3, 4, 5, 6
_AS_TEXT = {PLAIN: PLAIN_TEXT, WRAP: WRAP_TEXT}


@dataclass
class SheetTable:
    """One sheet: a header row and data rows. `widths` in Excel character units."""

    name: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[float] = ()
    wrap: set[int] = field(default_factory=set)  # column indexes whose text wraps
    table: bool = True  # frozen header + an Excel table with its filter (False for a notes sheet)
    choices: Mapping[int, Sequence[str]] = field(default_factory=dict)  # column -> the drop-down's values


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def safe_sheet_name(name: str) -> str:
    return _SHEET_NAME_BAD.sub(" ", name).strip()[:31] or "Sheet"


def _text(value: str) -> str:
    return escape(_ILLEGAL_XML.sub("", value))


def _serial(value: date | datetime) -> float:
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)
        delta = value - _EPOCH
        return delta.days + delta.seconds / 86400
    return float((value - _EPOCH.date()).days)


def _cell(ref: str, value: Any, style: int) -> str:
    if value is None or value == "":
        return ""
    s = f' s="{style}"' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{s}><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return ""  # NaN or infinity has no place in a cell: Excel refuses the whole file
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    if isinstance(value, time):
        fraction = (value.hour * 3600 + value.minute * 60 + value.second) / 86400
        return f'<c r="{ref}" s="{TIME}"><v>{fraction!r}</v></c>'
    if isinstance(value, date):
        serial = _serial(value)
        number = int(serial) if serial.is_integer() else serial
        return f'<c r="{ref}" s="{DATE}"><v>{number}</v></c>'
    text = str(value)
    if text.startswith(FORMULA_STARTS) and style in _AS_TEXT:
        s = f' s="{_AS_TEXT[style]}"'
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}" t="inlineStr"{s}><is><t{space}>{_text(text)}</t></is></c>'


def _sheet_xml(sheet: SheetTable, index: int, marking: str, out) -> None:
    ncols = max(len(sheet.headers), max((len(r) for r in sheet.rows), default=0), 1)
    letters = [column_letter(i) for i in range(ncols)]
    last = f"{letters[-1]}{len(sheet.rows) + 1}"
    parts = [XML_HEAD, f'<worksheet xmlns="{NS}" xmlns:r="{NS_R}">']
    parts.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
    parts.append(f'<dimension ref="A1:{last}"/>')
    selected = ' tabSelected="1"' if index == 0 else ""
    if sheet.table:
        parts.append(
            f'<sheetViews><sheetView workbookViewId="0"{selected}>'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        )
    else:
        parts.append(f'<sheetViews><sheetView workbookViewId="0"{selected}/></sheetViews>')
    parts.append('<sheetFormatPr defaultRowHeight="15"/>')
    if sheet.widths:
        parts.append("<cols>")
        for i, width in enumerate(sheet.widths):
            parts.append(f'<col min="{i + 1}" max="{i + 1}" width="{width}" customWidth="1"/>')
        parts.append("</cols>")
    parts.append("<sheetData>")
    header = "".join(_cell(f"{letters[i]}1", h, HEADER) for i, h in enumerate(sheet.headers))
    parts.append(f'<row r="1">{header}</row>')
    out.write("".join(parts).encode("utf-8"))
    styles = [WRAP if i in sheet.wrap else PLAIN for i in range(ncols)]
    chunk: list[str] = []
    for n, row in enumerate(sheet.rows, start=2):
        cells = "".join(_cell(f"{letters[i]}{n}", v, styles[i]) for i, v in enumerate(row))
        chunk.append(f'<row r="{n}">{cells}</row>')
        if len(chunk) >= 2000:
            out.write("".join(chunk).encode("utf-8"))
            chunk = []
    chunk.append("</sheetData>")
    if sheet.table and sheet.choices:
        chunk.append(_validations(sheet, letters, max(len(sheet.rows) + 1, 1000)))
    chunk.append('<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
    chunk.append('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>')
    if marking:
        mark = _text(marking.replace("&", "&&"))
        chunk.append(
            f'<headerFooter><oddHeader>&amp;C&amp;"-,Bold"{mark}</oddHeader>'
            f"<oddFooter>&amp;L{mark}&amp;RPage &amp;P of &amp;N</oddFooter></headerFooter>"
        )
    if sheet.table:
        chunk.append('<tableParts count="1"><tablePart r:id="rId1"/></tableParts>')
    chunk.append("</worksheet>")
    out.write("".join(chunk).encode("utf-8"))


def _validations(sheet: SheetTable, letters: list[str], last_row: int) -> str:
    """Drop-downs for fixed-choice columns, down to `last_row` so rows added in Excel get them too."""
    rules = []
    for column, values in sorted(sheet.choices.items()):
        listed = ",".join(values)
        if not values or len(listed) > 255 or any("," in v or '"' in v for v in values):
            continue  # an in-cell list holds at most 255 characters and no commas
        rules.append(
            f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorStyle="warning"'
            f' errorTitle="Not one of the choices" error="Pick a value from the list"'
            f' sqref="{letters[column]}2:{letters[column]}{last_row}"><formula1>"{_text(listed)}"</formula1>'
            "</dataValidation>"
        )
    return f'<dataValidations count="{len(rules)}">{"".join(rules)}</dataValidations>' if rules else ""


def table_ref(sheet: SheetTable) -> str:
    """The Excel table's range: the header and at least one row (Excel wants a body)."""
    ncols = max(len(sheet.headers), 1)
    return f"A1:{column_letter(ncols - 1)}{max(len(sheet.rows), 1) + 1}"


def _table_xml(sheet: SheetTable, number: int, name: str) -> str:
    display = re.sub(r"\W+", "_", name).strip("_") or "Table"
    display = (display if display[0].isalpha() else "T_" + display)[:200] + f"_{number}"
    ref = table_ref(sheet)
    headers, seen = [], set()
    for i, header in enumerate(sheet.headers):
        text = " ".join(str(header).split()) or f"Column {i + 1}"
        while text.lower() in seen:
            text += " 2"
        seen.add(text.lower())
        headers.append(f'<tableColumn id="{i + 1}" name="{_text(text)}"/>')
    return (
        XML_HEAD + f'<table xmlns="{NS}" id="{number}" name="{display}" displayName="{display}" ref="{ref}"'
        f' totalsRowShown="0"><autoFilter ref="{ref}"/><tableColumns count="{len(headers)}">{"".join(headers)}'
        '</tableColumns><tableStyleInfo name="TableStyleLight9" showFirstColumn="0" showLastColumn="0"'
        ' showRowStripes="1" showColumnStripes="0"/></table>'
    )


STYLES = (
    XML_HEAD + f'<styleSheet xmlns="{NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="hh:mm"/>'
    "</numFmts>"
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"'
    ' quotePrefix="1"><alignment vertical="top" wrapText="1"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def write_xlsx(path: Path, sheets: Iterable[SheetTable], *, title: str = "", marking: str = "") -> None:
    """Write `sheets` to `path` (the caller chooses a temporary name and renames it)."""
    sheets = list(sheets)
    names: list[str] = []
    for sheet in sheets:
        name = safe_sheet_name(sheet.name)
        while name.lower() in (n.lower() for n in names):
            name = name[:28] + f" {len(names)}"
        names.append(name)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(sheets))
        )
        tabled = [i for i, sheet in enumerate(sheets) if sheet.table]
        overrides += "".join(
            f'<Override PartName="/xl/tables/table{n + 1}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>'
            for n in range(len(tabled))
        )
        zf.writestr(
            "[Content_Types].xml",
            XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + overrides
            + '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            "</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            XML_HEAD + f'<Relationships xmlns="{PKG_R}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>",
        )
        now = clock.now_utc().strftime("%Y-%m-%dT%H:%M:%SZ")
        zf.writestr(
            "docProps/core.xml",
            XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_text(title)}</dc:title><dc:subject>{_text(marking)}</dc:subject>"
            f"<dc:creator>readiness-app</dc:creator><cp:keywords>{_text(marking)}</cp:keywords>"
            f"<cp:category>{_text(marking)}</cp:category>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
            "</cp:coreProperties>",
        )
        zf.writestr(
            "docProps/app.xml",
            XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>readiness-app</Application></Properties>",
        )
        defined = []
        for i, (sheet, name) in enumerate(zip(sheets, names, strict=True)):
            if not sheet.table:
                continue
            quoted = "'" + name.replace("'", "''") + "'"
            defined.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{_text(quoted)}!$1:$1</definedName>'
            )
        sheet_list = "".join(
            f'<sheet name="{_text(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, name in enumerate(names)
        )
        zf.writestr(
            "xl/workbook.xml",
            XML_HEAD + f'<workbook xmlns="{NS}" xmlns:r="{NS_R}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheet_list}</sheets>"
            + (f"<definedNames>{''.join(defined)}</definedNames>" if defined else "")
            + "</workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets))
        )
        rels += (
            f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/>'
        )
        zf.writestr("xl/_rels/workbook.xml.rels", XML_HEAD + f'<Relationships xmlns="{PKG_R}">{rels}</Relationships>')
        zf.writestr("xl/styles.xml", STYLES)
        for i, sheet in enumerate(sheets):
            with zf.open(f"xl/worksheets/sheet{i + 1}.xml", "w") as out:
                _sheet_xml(sheet, i, marking, out)
        for n, i in enumerate(tabled):
            zf.writestr(f"xl/tables/table{n + 1}.xml", _table_xml(sheets[i], n + 1, names[i]))
            zf.writestr(
                f"xl/worksheets/_rels/sheet{i + 1}.xml.rels",
                XML_HEAD + f'<Relationships xmlns="{PKG_R}"><Relationship Id="rId1" Type="http://schemas.'
                f'openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/table{n + 1}.xml"/>'
                "</Relationships>",
            )
