"""The personal-data guard for every free-text field a person or an import fills.

Cases are held as coded references, and nothing else in the register should
identify a person who uses services either. When free text (a case's code,
team, criteria or notes; a session's title, notes or key messages; learning-log
entries; CQC requests; gaps; factual-accuracy points) looks like it holds an
NHS number (ten digits, optionally 3-3-4, with a valid Modulus 11 check
digit), a date of birth, or a postcode, the app warns before saving (a second
Save keeps it) and an import adds a note naming the row and column. These are
warnings, not refusals: the user may know better (a reference that happens to
pass the check), but has to see it first. Warnings never repeat the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from readiness_app import clock

# Ten digits, alone or spaced/hyphenated 3-3-4, not part of a longer number.
_NHS = re.compile(r"(?<![\d])(\d{3})[ \-]?(\d{3})[ \-]?(\d{4})(?![\d])")
_DOB_WORDS = re.compile(r"\b(d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born|birthday|birth\s+date)\b", re.IGNORECASE)
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE = re.compile(
    r"\b(?:(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})"  # 12/03/1948, 12-3-48
    r"|(\d{1,2})(?:st|nd|rd|th)?\s+(?:" + _MONTHS + r")[a-z]*\.?,?\s+(\d{4})"  # 12 March 1948
    r"|(\d{4})-(\d{2})-(\d{2}))\b",  # 1948-03-12
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b", re.IGNORECASE)
# Every date the checks know has a year of four digits or a d/m/yy form: most text has neither,
# and this one cheap search spares it the two slow patterns (an import checks every note).
_DIGIT = re.compile(r"\d")
_MAYBE_DATE = re.compile(r"\d{4}|\d[/.\-]\d")

# Case fields a user types free text into (code is also free text at the keyboard).
CASE_TEXT_FIELDS = ("code", "team", "notes")


@dataclass(frozen=True)
class PrivacyWarning:
    field: str
    kind: str  # nhs_number | date_of_birth | postcode
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def nhs_check_digit_ok(digits: str) -> bool:
    """Modulus 11: weights 10..2 on the first nine digits; 11 - (sum mod 11) is the check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False  # no valid NHS number has this
    return check == int(digits[9])


def find_nhs_numbers(text: str) -> list[str]:
    found = []
    for match in _NHS.finditer(text or ""):
        digits = "".join(match.groups())
        if nhs_check_digit_ok(digits):
            found.append(match.group(0))
    return found


def _full_years(match: re.Match[str]) -> int | None:
    groups = match.groups()
    if groups[0]:
        year = groups[2]
        return int(year) if len(year) == 4 else None
    if groups[3]:
        return int(groups[4])
    return int(groups[5])


def looks_like_date_of_birth(text: str, today: date | None = None) -> bool:
    """A date next to 'DOB'/'born', or a full date at least 16 years ago (a case's own dates are recent)."""
    text = text or ""
    if not _MAYBE_DATE.search(text):
        return False
    today = today or clock.today()
    if _DOB_WORDS.search(text) and (_DATE.search(text) or _YEAR.search(text)):
        return True
    for match in _DATE.finditer(text):
        year = _full_years(match)
        if year is not None and 1900 <= year <= today.year - 16:
            return True
    return False


def find_postcodes(text: str) -> list[str]:
    return [m.group(0) for m in _POSTCODE.finditer(text or "")]


def check_text(field: str, text: Any, today: date | None = None) -> list[PrivacyWarning]:
    """Warnings for one free-text field."""
    text = "" if text is None else str(text)
    warnings: list[PrivacyWarning] = []
    if not _DIGIT.search(text):
        return warnings  # an NHS number, a date and a postcode all hold digits
    if find_nhs_numbers(text):
        warnings.append(
            PrivacyWarning(field, "nhs_number", "looks like it holds an NHS number; use the case's coded reference")
        )
    if looks_like_date_of_birth(text, today):
        warnings.append(
            PrivacyWarning(field, "date_of_birth", "looks like it holds a date of birth; record an age band if needed")
        )
    if find_postcodes(text):
        warnings.append(PrivacyWarning(field, "postcode", "looks like it holds a postcode; leave addresses out"))
    return warnings


def check_values(values: Mapping[str, Any], today: date | None = None) -> list[PrivacyWarning]:
    """Warnings for free-text values by field name (a list, such as criteria tags, is checked as one text)."""
    warnings: list[PrivacyWarning] = []
    for field, value in values.items():
        if isinstance(value, list | tuple | set | frozenset):
            value = "; ".join(str(v) for v in value)
        warnings += check_text(field, value, today)
    return warnings


def warning_text(warnings: list[PrivacyWarning]) -> str:
    """One line for a form: what looks personal, where, and that a second Save keeps it."""
    return "Before saving: " + "; ".join(str(w) for w in warnings) + ". Press Save again to keep it anyway."


def check_case(values: Mapping[str, Any], today: date | None = None) -> list[PrivacyWarning]:
    """Warnings for a case about to be saved (CLI and app show them and ask before saving)."""
    warnings: list[PrivacyWarning] = []
    for field in CASE_TEXT_FIELDS:
        if field in values:
            warnings += check_text(field, values[field], today)
    return warnings
