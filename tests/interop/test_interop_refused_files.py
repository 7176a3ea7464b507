"""Files that would exhaust memory or break the CSV reader are refused with one line naming the row."""

from __future__ import annotations

import time
import zipfile

import pytest

from readiness_app.cli import main
from readiness_app.errors import ReadinessError
from readiness_app.interop import readers
from readiness_app.interop.readers import CSV_CELL_LIMIT, check_unpacked_size, read_table

HEADER = ["Case code", "Team", "Notes"]


def _bomb(files, unpacked_mb: int):
    """A real workbook whose shared strings are replaced by `unpacked_mb` MB of one repeated byte (packs ~1,000x)."""
    plain = files.xlsx("plain.xlsx", {"Cases": [HEADER, ["AB-001", "Front Door", "text"]]})
    bomb = files.folder / "bomb.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "xl/sharedStrings.xml":
                out.writestr(info, src.read(info))
        chunk = b"A" * (1024 * 1024)
        with out.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            for _ in range(unpacked_mb):
                part.write(chunk)  # streamed: never more than 1 MB in memory
    return bomb


def test_zip_bomb_workbook_is_refused_before_reading(empty_register, files, capsys):
    started = time.perf_counter()
    bomb = _bomb(files, 64)
    assert bomb.stat().st_size < 1024 * 1024  # 64 MB packed into well under 1 MB
    with pytest.raises(ReadinessError, match=r"bomb.xlsx was not read: its part xl/sharedStrings.xml unpacks"):
        read_table(bomb)
    reg = str(empty_register.path)
    empty_register.close()
    assert main(["import", "cases", reg, str(bomb)]) == 1
    err = capsys.readouterr().err
    assert "zip bomb" in err and "Traceback" not in err and "unexpected" not in err
    assert time.perf_counter() - started < 10


def test_unpacked_size_limit_counts_every_part():
    parts = []
    for n, size in enumerate((300, 150, 100)):  # MB, each packing a modest 10x
        info = zipfile.ZipInfo(f"xl/worksheets/sheet{n}.xml")
        info.file_size, info.compress_size = size * 1024 * 1024, size * 1024 * 1024 // 10
        parts.append(info)
    with pytest.raises(ReadinessError, match=r"would unpack to 550.0 MB, over the 500.0 MB limit"):
        check_unpacked_size("big.xlsx", parts)
    check_unpacked_size("big.xlsx", parts[:2])  # 450 MB at 10x is a (large) real workbook


def test_a_small_tightly_packed_part_is_fine(files):
    # Excel's styles and an empty sheet pack tightly, but are small: only big parts are judged by ratio.
    info = zipfile.ZipInfo("xl/styles.xml")
    info.file_size, info.compress_size = readers.RATIO_FROM_BYTES, 1000
    check_unpacked_size("ok.xlsx", [info])


def test_csv_cell_over_the_field_limit_names_its_row(empty_register, files):
    text = 'Case code,Team,Notes\nAB-001,Front Door,fine\nAB-002,Locality,"' + "x" * (CSV_CELL_LIMIT + 10) + '"\n'
    path = files.raw("long.csv", text.encode())
    with pytest.raises(ReadinessError, match=r"long.csv: row 3 has a cell longer than 131,072 characters"):
        read_table(path)


def test_unclosed_quote_swallowing_the_file_names_the_row(files):
    body = "".join(f"AB-{n:03d},Team,note {n}\n" for n in range(6000))
    text = 'Case code,Team,Notes\nAB-999,Team,"started a quote\n' + body
    path = files.raw("quote.csv", text.encode())
    with pytest.raises(ReadinessError, match="row 2 has a cell longer") as caught:
        read_table(path)
    assert "unclosed quote" in caught.value.hint


def _utf16(rows: list[str]) -> bytes:
    return "\r\n".join(rows).encode("utf-16")


def test_utf16_csv_with_an_odd_byte_count_is_called_cut_short(files):
    data = _utf16(["Case code\tNotes", "AB-001\tfine", "AB-002\tcut"]) + b"\x00"
    path = files.raw("cut.csv", data)
    with pytest.raises(ReadinessError, match=r"cut.csv: row 3 ends halfway through a character") as caught:
        read_table(path)
    assert "cut short" in caught.value.hint


def test_utf16_csv_with_a_lone_surrogate_names_its_row(empty_register, files, capsys):
    head = _utf16(["Case code\tNotes", "AB-001\tfine", "AB-002\tbro"])
    lone = b"\x00\xd8"  # the first half of a surrogate pair, little-endian, with no second half
    path = files.raw("broken.csv", head + lone + "ken\r\nAB-003\tfine".encode("utf-16-le"))
    with pytest.raises(ReadinessError, match=r"broken.csv: row 3 holds a broken character"):
        read_table(path)
    reg = str(empty_register.path)
    empty_register.close()
    assert main(["import", "cases", reg, str(path)]) == 1
    err = capsys.readouterr().err
    assert "row 3 holds a broken character" in err and "unexpected" not in err
