"""Text that prints: other scripts the right way round or a clear placeholder, over-long fields never stop a
document (the warning names the record and field), a marking too long for the page refused at entry."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from readiness_app.cli import main
from readiness_app.errors import ReadinessError
from readiness_app.register import people, sessions
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.rendering import render, render_bytes

HEBREW = "דוד כהן"
ARABIC = "محمد علي"
CHINESE = "王小明"
DEVANAGARI = "अमित शर्मा"


def text_of(data: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages)


def _session_with(reg, names: list[str]) -> tuple[int, list[int]]:
    session = next(s for s in sessions.list_sessions(reg, include_cancelled=False) if s["kind"] == "focus_group")
    ids = [people.create_person(reg, name, role="Social Worker", kind="staff") for name in names]
    sessions.update(reg, session["id"], people=[p["id"] for p in session["people"]] + ids)
    return session["id"], ids


def test_names_in_other_scripts_print_shaped_and_in_reading_order_or_as_a_named_placeholder(demo_register, tmp_path):
    reg = demo_register
    session_id, ids = _session_with(reg, [HEBREW, ARABIC, CHINESE, DEVANAGARI])
    result = render(reg, "interview-packs", tmp_path / "pack.pdf", ReportOptions(session_id=session_id))
    text = text_of((tmp_path / "pack.pdf").read_bytes())
    # Hebrew laid out right to left: pypdf reads the page back in reading order (left to right, as reportlab
    # lays text out unaided, it would read back reversed: "ןהכ דוד")
    assert HEBREW in text
    # Arabic: joined letter forms (presentation forms), not the unjoined letters one by one
    assert re.search("[\ufe70-\ufeff]{3,}", text)
    assert ARABIC not in text
    # no font for Chinese or Devanagari: a clear placeholder, never empty boxes
    assert "[Chinese or Japanese (CJK) script: not printable here]" in text
    assert "[Devanagari script: not printable here]" in text
    assert CHINESE not in text and "अ" not in text
    warnings = "\n".join(result.warnings)
    assert f"person {ids[2]}, name: Chinese or Japanese (CJK) script has no font" in warnings
    assert f"person {ids[3]}, name: Devanagari script has no font" in warnings
    assert CHINESE not in warnings  # the warning names the record, not the person


def test_a_huge_word_or_a_field_of_many_lines_never_stops_the_document(demo_register, tmp_path):
    reg = demo_register
    session = next(s for s in sessions.list_sessions(reg, include_cancelled=False) if s["kind"] == "focus_group")
    word = "x" * 6000
    many_lines = "\n".join(f"line {n}" for n in range(400)) + "\nLAST LINE"
    sessions.update(reg, session["id"], title="Team " + word, key_messages=many_lines, purpose=word)
    for key, options in (
        ("interview-packs", ReportOptions()),
        ("interview-packs", ReportOptions(session_id=session["id"])),
        ("timetable", ReportOptions()),
        ("bulletin", ReportOptions(for_date=sessions.days(reg)[0])),
    ):
        result = render(reg, key, tmp_path / f"{key}.pdf", options)
        assert result.pages >= 1
        if key == "interview-packs" and options.session_id:
            text = text_of((tmp_path / f"{key}.pdf").read_bytes())
            assert "LAST LINE" in text  # printed in full, across pages
            warnings = "\n".join(result.warnings)
            assert f"session {session['id']}, purpose: too long" in warnings
            assert f"session {session['id']}, title: too long" in warnings


def test_a_protective_marking_too_long_for_the_page_is_refused_at_entry(demo_dir, capsys):
    path = str(demo_dir / "register.sqlite")
    long = "OFFICIAL-SENSITIVE: PERSONAL DATA ABOUT PEOPLE WHO USE SERVICES AND THEIR CARERS - NOT FOR CIRCULATION"
    assert main(["settings", path, "--set", f"marking={long}"]) == 1
    assert "too long to print across the page" in capsys.readouterr().err
    assert main(["report", "cases", path, "-o", str(demo_dir / "c.pdf"), "--marking", long]) == 1
    assert "too long to print across the page" in capsys.readouterr().err
    fits = "OFFICIAL-SENSITIVE: PERSONAL DATA - NOT FOR CIRCULATION"
    assert main(["report", "cases", path, "-o", str(demo_dir / "c.pdf"), "--marking", fits]) == 0
    text = text_of((demo_dir / "c.pdf").read_bytes())
    assert text.count(fits) >= 2  # at the top and the foot of the page, whole


def test_an_unknown_audience_is_refused(demo_register):
    with pytest.raises(ReadinessError, match="unknown audience"):
        render_bytes(demo_register, "cases", ReportOptions(audience="everyone"))
