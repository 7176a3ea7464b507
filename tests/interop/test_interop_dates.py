"""The date and time forms councils type (shared validation, extended for imports)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from readiness_app.errors import ReadinessError
from readiness_app.register.validation import parse_date, parse_time


@pytest.mark.parametrize(
    "text",
    ["21/05/2024", "2024-05-21", "21 May 2024", "21-May-24", "21-may-2024", "21 May 24", "Tuesday 21st May 2024",
     "21.05.2024", "21/5/24", "2024-05-21 00:00:00", "2024-05-21T09:30", date(2024, 5, 21), datetime(2024, 5, 21, 9)],
)  # fmt: skip
def test_dates(text):
    assert parse_date(text) == "2024-05-21"


@pytest.mark.parametrize("text", ["05/21/2024", "31/02/2024", "21 Mayday 2024", "yesterday", "2024-13-01"])
def test_never_us_or_impossible(text):
    with pytest.raises(ReadinessError):
        parse_date(text)


def test_ambiguous_day_month_is_day_first():
    assert parse_date("04/05/2026") == "2026-05-04"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("09:30", "09:30"), ("9.30am", "09:30"), ("9:30 PM", "21:30"), ("09:30:00", "09:30"), ("2pm", "14:00"),
     ("12pm", "12:00"), (time(14, 5), "14:05")],
)  # fmt: skip
def test_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["9", "25:00", "13pm", "09:30:15"])
def test_bad_times(text):
    with pytest.raises(ReadinessError):
        parse_time(text)
