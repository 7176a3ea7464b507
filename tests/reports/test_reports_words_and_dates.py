"""Printed documents speak the users' words and carry the real time of printing."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from readiness_app import clock
from readiness_app.register import accuracy, improvement, requests, vocabulary
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.rendering import render_bytes

STORED_KEYS = sorted(
    {
        key
        for source in (vocabulary, improvement, accuracy, requests)
        for table in vars(source).values()
        if isinstance(table, dict)
        for key, label in table.items()
        if isinstance(key, str) and "_" in key and isinstance(label, str) and key != label
    }
)


def test_the_key_list_is_real():
    assert {"in_progress", "one_to_one", "lived_experience", "long_list", "not_sought"} <= set(STORED_KEYS)


def test_no_stored_key_is_printed(printed_demo):
    docs, _reg = printed_demo
    pattern = re.compile(r"(?<![\w/.])(" + "|".join(map(re.escape, STORED_KEYS)) + r")(?![\w/.])")
    found = {key: sorted(set(pattern.findall(doc.text))) for key, doc in docs.items()}
    assert found == {key: [] for key in docs}
    ids = {key: sorted(set(re.findall(r"(?<![&\w])#\d+", doc.text))) for key, doc in docs.items()}
    assert ids == {key: [] for key in docs}  # sessions and items by time, title or reference, never by id


def test_visit_week_documents_print_no_stored_key_either(demo_register):
    from readiness_app.register import learning
    from readiness_app.register import requests as cqc_requests
    from readiness_app.reports.registry import DOCUMENTS

    session = demo_register.query("SELECT id, date FROM session ORDER BY date, start LIMIT 1")[0]
    learning.create(demo_register, session_id=session[0], went_well="Clear", to_correct="Backlog figure")
    cqc_requests.create(demo_register, received_date="2026-12-15", description="Org chart", status="in_progress")
    pattern = re.compile(r"(?<![\w/.])(" + "|".join(map(re.escape, STORED_KEYS)) + r")(?![\w/.])")
    found = {}
    for key in sorted(set(DOCUMENTS) - {"checklist", "interview-packs", "timetable", "cases"}):
        options = ReportOptions(generated_at=datetime(2026, 12, 15, 18, 0))
        if "for_date" in DOCUMENTS[key].scopes:
            options.for_date = session[1]
        data, _pages = render_bytes(demo_register, key, options)
        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
        found[key] = sorted(set(pattern.findall(text)) | set(re.findall(r"(?<![&\w])#\d+", text)))
    assert found and found == {key: [] for key in found}


def test_creation_date_is_the_time_of_printing(demo_register):
    before = clock.now().astimezone()
    data, _pages = render_bytes(demo_register, "cases")
    created = PdfReader(io.BytesIO(data)).metadata.creation_date
    assert created.year != 2000
    assert abs(created - before) < timedelta(minutes=1)


def test_generated_at_makes_repeatable_output_dated_then(demo_register):
    when = datetime(2026, 12, 14, 18, 30)
    first, _ = render_bytes(demo_register, "cases", ReportOptions(generated_at=when))
    second, _ = render_bytes(demo_register, "cases", ReportOptions(generated_at=when))
    assert first == second
    created = PdfReader(io.BytesIO(first)).metadata.creation_date
    assert created.replace(tzinfo=None) == when.astimezone(created.tzinfo).replace(tzinfo=None)


@pytest.mark.parametrize("when", [datetime(2026, 6, 1, 9, 5, 7)])
def test_pdf_date_format(when):
    from readiness_app.reports.document import pdf_date

    text = pdf_date(when)
    assert re.fullmatch(r"D:20260601090507[+-]\d\d'\d\d'", text)
