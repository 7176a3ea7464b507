"""Importing a case long list: all or nothing, idempotent, updates reported field by field."""

from __future__ import annotations

import pytest

from readiness_app.errors import ValidationErrors
from readiness_app.interop.importers import import_file
from readiness_app.paths import resource
from readiness_app.register import cases

HEADER = ["Case code", "Criteria", "Team", "Stage", "Consent", "Consent date", "QS", "Notes"]


def test_sample_case_list_imports(empty_register, files):
    result = import_file(empty_register, "cases", resource("samples", "cases.csv"))
    assert len(result.created) == 10 and not result.updated
    listed = {c["code"]: c for c in cases.list_cases(empty_register)}
    assert len(listed) == 10
    nm104 = listed["NM-104"]
    assert nm104["criteria"] == ["safeguarding", "self-funder"]
    assert nm104["stage"] == "shortlisted" and nm104["consent"] == "given"
    assert nm104["consent_date"] == "2026-11-04"
    assert nm104["qs"] == ["QS7"]
    assert listed["NM-108"]["consent_date"] == "2026-10-29"  # "29 October 2026"
    assert listed["NM-109"]["qs"] == ["QS2"]  # named, not numbered
    sources = {
        r[0] for r in empty_register.query("SELECT DISTINCT source FROM audit WHERE record_table='tracked_case'")
    }
    assert sources == {"import"}


def test_reimporting_the_same_file_changes_nothing(empty_register, files):
    path = resource("samples", "cases.csv")
    import_file(empty_register, "cases", path)
    before = files.audit_count(empty_register)
    result = import_file(empty_register, "cases", path)
    assert result.unchanged == 10 and not result.created and not result.updated
    assert files.audit_count(empty_register) == before


def test_updated_file_updates_and_reports_what_changed(empty_register, files):
    import_file(empty_register, "cases", resource("samples", "cases.csv"))
    path = files.csv(
        "cases.csv",
        [
            HEADER,
            [
                "nm-101",
                "hospital discharge; carer",
                "Hospital Discharge",
                "Shortlisted",
                "Requested",
                "",
                "QS1; QS6",
                "",
            ],
            ["NM-102", "transitions; learning disability", "Transitions", "Shortlisted", "Requested", "", "QS6", ""],
            ["NM-111", "carer", "Carers Support", "Long list", "", "", "", ""],
        ],
    )
    result = import_file(empty_register, "cases", path)
    assert [c.key for c in result.created] == ["NM-111"]
    assert result.unchanged == 1  # NM-102: every cell agrees (blank notes leave notes alone)
    (change,) = result.updated
    assert change.key == "NM-101" and change.row == 2
    assert change.changes == {"stage": ["Long list", "Shortlisted"], "consent": ["Not sought", "Requested"]}
    nm101 = cases.get(empty_register, cases.find_by_code(empty_register, "NM-101"))
    assert nm101["stage"] == "shortlisted"
    assert nm101["notes"] == "Discharge to assess pathway; carer assessment offered"  # blank cell kept it


def test_every_problem_is_reported_and_nothing_is_written(empty_register, files):
    path = files.csv(
        "cases.csv",
        [
            HEADER,
            ["AB-001", "carer", "Front Door", "Long list", "Not sought", "", "QS1", ""],
            ["AB-002", "", "", "Sideways", "", "", "", ""],
            ["ab-001", "", "", "", "", "", "", ""],
            ["AB-003", "", "", "", "Given", "31/02/2026", "Quality of cake", ""],
            ["", "carer", "", "", "", "", "", ""],
            ["AB-004", "", "", "", "", "05/13/2026", "", ""],
        ],
    )
    with pytest.raises(ValidationErrors) as err:
        import_file(empty_register, "cases", path)
    lines = err.value.lines()
    assert lines == [
        "row 3: Stage: 'Sideways' is not one of: Long list, Shortlisted, Selected, Reserve, Tracked, Withdrawn",
        "row 4: Case code: duplicate case code 'ab-001' (also on row 2)",
        "row 5: Consent date: '31/02/2026' is not a real date",
        "row 5: QS: unknown quality statement 'Quality of cake'",
        "row 6: Case code: a coded reference is required",
        "row 7: Consent date: '05/13/2026' is not a real date",  # never read as US 13 May
    ]
    assert "6 problems; nothing was changed" in err.value.message
    assert empty_register.scalar("SELECT COUNT(*) FROM tracked_case") == 0
    assert empty_register.scalar("SELECT COUNT(*) FROM audit WHERE record_table='tracked_case'") == 0


def test_uk_dates_are_day_first(empty_register, files):
    path = files.csv("c.csv", [["Case code", "Consent date"], ["AB-1", "04/05/2026"], ["AB-2", "4 May 26"]])
    import_file(empty_register, "cases", path)
    got = {r[0]: r[1] for r in empty_register.query("SELECT code, consent_date FROM tracked_case")}
    assert got == {"AB-1": "2026-05-04", "AB-2": "2026-05-04"}


def test_dry_run_reports_but_writes_nothing(empty_register, files):
    before = files.audit_count(empty_register)
    result = import_file(empty_register, "cases", resource("samples", "cases.csv"), dry_run=True)
    assert len(result.created) == 10
    assert "would create 10" in result.summary() and "nothing was changed" in result.summary()
    assert empty_register.scalar("SELECT COUNT(*) FROM tracked_case") == 0
    assert files.audit_count(empty_register) == before


def test_qs_tick_columns_and_council_words(empty_register, files):
    path = files.csv(
        "c.csv",
        [
            ["Ref", "Tags", "Consent obtained", "Shortlist", "Safeguarding", "QS1", "Equity"],
            ["AB-1", "carer, mental health", "Yes", "Longlist", "x", "", "no"],
            ["AB-2", "", "Pending", "", "", "Y", "✓"],
        ],
    )
    import_file(empty_register, "cases", path)
    got = {c["code"]: c for c in cases.list_cases(empty_register)}
    assert got["AB-1"]["qs"] == ["QS7"] and got["AB-1"]["consent"] == "given"
    assert got["AB-1"]["criteria"] == ["carer", "mental health"] and got["AB-1"]["stage"] == "long_list"
    assert got["AB-2"]["qs"] == ["QS1", "QS3"] and got["AB-2"]["consent"] == "requested"


def test_notes_never_appear_in_the_change_report(empty_register, files):
    import_file(empty_register, "cases", files.csv("a.csv", [["Case code", "Notes"], ["AB-1", "first"]]))
    result = import_file(empty_register, "cases", files.csv("b.csv", [["Case code", "Notes"], ["AB-1", "second"]]))
    assert result.updated[0].changes == {"notes": ["(changed)", "(changed)"]}


def test_personal_data_in_a_case_row_is_kept_with_a_note_once_the_lead_confirms(empty_register, files):
    path = files.csv(
        "cases.csv",
        [HEADER, ["NM-900", "carer", "Locality North", "Long list", "Not sought", "", "QS1", "NHS no 943 476 5919"]],
    )
    result = import_file(empty_register, "cases", path, allow_personal_data=True)  # refused without it
    assert len(result.created) == 1
    assert any(note.startswith("row 2: notes:") and "NHS number" in note for note in result.notes)
    assert not any("943 476 5919" in note for note in result.notes)
