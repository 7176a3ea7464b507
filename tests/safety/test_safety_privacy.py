"""The personal-data guard, and what never reaches the log file."""

from __future__ import annotations

from datetime import date

import pytest

from readiness_app.cli import main
from readiness_app.opening import open_register
from readiness_app.register import cases
from readiness_app.safety import privacy

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "text",
    ["943 476 5919", "9434765919", "NHS no 943-476-5919.", "(NHS: 4010232137)", "ref 401 023 2137 seen"],
)
def test_nhs_numbers_with_a_valid_check_digit_are_found(text):
    assert privacy.find_nhs_numbers(text)
    assert [w.kind for w in privacy.check_text("notes", text, TODAY)] == ["nhs_number"]


@pytest.mark.parametrize(
    "text",
    ["943 476 5918", "94347659190", "01234567890", "phone 01632 960 001", "1234 567 890", "ref 12345", ""],
)
def test_other_numbers_are_not_nhs_numbers(text):
    assert privacy.find_nhs_numbers(text) == []


def test_modulus_11_rules():
    assert privacy.nhs_check_digit_ok("9434765919")
    assert not privacy.nhs_check_digit_ok("9434765910")

    # a number whose check would be 10 is never valid, whatever its last digit
    def check(nine: str) -> int:
        return 11 - sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11

    ten = next(f"{n:09d}" for n in range(100000000, 100100000) if check(f"{n:09d}") == 10)
    assert not any(privacy.nhs_check_digit_ok(ten + str(d)) for d in range(10))
    assert not privacy.nhs_check_digit_ok("943476591")  # nine digits
    assert not privacy.nhs_check_digit_ok("94347659A9")


@pytest.mark.parametrize(
    "text",
    ["DOB 12/03/1948", "d.o.b. 1948", "born 3 March 1951", "Date of birth: 1950-01-31", "seen 12/03/1948",
     "12th March 1948 birthday", "dob: 4.7.39"],
)  # fmt: skip
def test_dates_of_birth_are_found(text):
    assert privacy.looks_like_date_of_birth(text, TODAY)


@pytest.mark.parametrize(
    "text",
    ["consent given 12/03/2026", "discharged 2025-10-01", "review due 1 December 2026", "team since 2019",
     "QS1 and QS4", "", "reborn service"],
)  # fmt: skip
def test_recent_dates_and_plain_notes_are_not_dates_of_birth(text):
    assert not privacy.looks_like_date_of_birth(text, TODAY)


def test_postcodes_are_found():
    assert privacy.find_postcodes("lives at NE1 4ST now")
    assert privacy.find_postcodes("sw1a1aa")
    assert not privacy.find_postcodes("QS1 QS4 and room 2")


def test_check_case_names_each_field_and_ignores_clean_ones():
    warnings = privacy.check_case(
        {"code": "9434765919", "team": "Hospital discharge", "notes": "DOB 1/2/1940, lives in DH1 3HP",
         "stage": "shortlisted"},
        TODAY,
    )  # fmt: skip
    assert [(w.field, w.kind) for w in warnings] == [
        ("code", "nhs_number"), ("notes", "date_of_birth"), ("notes", "postcode"),
    ]  # fmt: skip
    assert str(warnings[0]).startswith("code: looks like it holds an NHS number")
    assert privacy.check_case({"code": "NM-C-0012", "notes": "consent requested 20/11/2026"}, TODAY) == []


def test_demo_cases_pass_the_guard(demo_register):
    for case in cases.list_cases(demo_register):
        assert privacy.check_case(case, TODAY) == [], case["code"]


def test_logs_never_hold_names_notes_or_case_details(demo_dir, _isolated_data_dir, capsys, tmp_path):
    path = demo_dir / "register.sqlite"
    reg = open_register(path)
    names = [r[0] for r in reg.query("SELECT name FROM person LIMIT 40")]
    case_id = reg.scalar("SELECT id FROM tracked_case LIMIT 1")
    cases.update(reg, case_id, notes="Spoke with daughter Margaret Eastwood about DOB 12/03/1948")
    codes = [r[0] for r in reg.query("SELECT code FROM tracked_case")]
    reg.close()
    commands = [["status", str(path)], ["check", str(path)], ["audit", str(path), "--json"],
                ["backup", str(path)], ["restore", str(tmp_path / "missing.sqlite"), str(path)],
                ["status", str(tmp_path / "missing.sqlite")]]  # fmt: skip
    for argv in commands:
        main(argv)
    log_text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in _isolated_data_dir.rglob("*.log*"))
    for secret in [*names, "Margaret Eastwood", "12/03/1948", *codes[:10]]:
        assert secret not in log_text
    # and the audit trail records only that the notes changed
    reg = open_register(path)
    assert reg.scalar("SELECT COUNT(*) FROM audit WHERE changes LIKE '%Eastwood%'") == 0
    reg.close()


def test_check_values_covers_any_field_and_lists_of_tags():
    warnings = privacy.check_values(
        {"Session title": "Visit NE1 4ST", "Criteria": ["carer", "943 476 5919"], "Owner": "Head of Service"}, TODAY
    )
    assert [(w.field, w.kind) for w in warnings] == [("Session title", "postcode"), ("Criteria", "nhs_number")]
    text = privacy.warning_text(warnings)
    assert text.startswith("Before saving: Session title: looks like it holds a postcode")
    assert text.endswith("Press Save again to keep it anyway.") and "NE1" not in text


def test_text_without_digits_or_dates_is_passed_quickly_and_clean():
    assert privacy.check_text("notes", "Focus group with the locality team", TODAY) == []
    assert not privacy.looks_like_date_of_birth("session 12 in room 3", TODAY)
