"""Importing people and evidence details."""

from __future__ import annotations

import pytest

from readiness_app.errors import ValidationErrors
from readiness_app.interop.exporters import export_evidence_index
from readiness_app.interop.importers import import_file
from readiness_app.paths import resource
from readiness_app.register import evidence, people


def test_people_sample_imports_and_reimports_unchanged(empty_register, files):
    result = import_file(empty_register, "people", resource("samples", "people.csv"))
    assert len(result.created) == 8
    got = {p["name"]: p for p in people.list_people(empty_register)}
    assert got["Grace Pritchard"]["kind"] == "partner" and got["Grace Pritchard"]["organisation"] == "Northmoor ICB"
    assert got["Priya Hughes"]["kind"] == "lived_experience"
    before = files.audit_count(empty_register)
    assert not import_file(empty_register, "people", resource("samples", "people.csv")).changed
    assert files.audit_count(empty_register) == before


def test_people_update_and_problems(empty_register, files):
    import_file(empty_register, "people", resource("samples", "people.csv"))
    path = files.csv("p.csv", [["Full name", "Job title", "Organisation"], ["Rhys Iqbal", "Team Manager",
                     "Northmoor County Council"]])  # fmt: skip
    result = import_file(empty_register, "people", path)
    assert result.updated[0].changes == {"role": ["Senior Practitioner", "Team Manager"]}
    bad = files.csv(
        "bad.csv",
        [
            ["Name", "Organisation", "Kind"],
            ["", "X", ""],
            ["Al Jones", "Y", "Wizard"],
            ["Bo", "Z", ""],
            ["bo", "z", ""],
        ],
    )
    with pytest.raises(ValidationErrors) as err:
        import_file(empty_register, "people", bad)
    assert err.value.lines() == [
        "row 2: Name: a name is required",
        "row 3: Kind: 'Wizard' is not one of: Leader, Staff, Partner, Provider, Voluntary sector, Carer, "
        "Person with lived experience",
        "row 5: Name: 'bo' is listed twice (also on row 4)",
    ]


def test_evidence_sample_tags_the_demo_inbox(demo_register, files):
    result = import_file(demo_register, "evidence", resource("samples", "evidence.csv"))
    assert len(result.updated) == 5
    by_path = {i["rel_path"]: i for i in evidence.list_items(demo_register)}
    item = by_path["00 Inbox - to sort/Scan 03 from team drive.csv"]
    assert item["reference"] == "LAIR-203" and item["qs"] == ["QS3", "QS7"]
    assert item["category"] == "processes" and item["status"] == "accepted" and item["document_date"] == "2026-11-03"
    change = result.updated[0].changes
    assert change["status"] == ["Inbox", "Accepted"] and change["category"] == [None, "People's experience"]
    before = files.audit_count(demo_register)
    assert not import_file(demo_register, "evidence", resource("samples", "evidence.csv")).changed
    assert files.audit_count(demo_register) == before


def test_evidence_index_round_trips(demo_register, files):
    out = files.folder / "index.xlsx"
    export_evidence_index(demo_register, out)
    result = import_file(demo_register, "evidence", out)
    assert not result.changed and result.unchanged == len(evidence.list_items(demo_register))


def test_evidence_problems(demo_register, files):
    items = evidence.list_items(demo_register)
    taken = next(i for i in items if i["reference"])
    free = [i for i in items if i["id"] != taken["id"]]
    path = files.csv(
        "e.csv",
        [
            ["Relative path", "Reference", "Category", "QS"],
            ["not/there.pdf", "", "", ""],
            [free[0]["rel_path"], taken["reference"], "", ""],
            [free[1]["rel_path"], "", "Gossip", "QS1"],
            [free[1]["rel_path"].replace("/", "\\"), "", "", ""],
        ],
    )
    with pytest.raises(ValidationErrors) as err:
        import_file(demo_register, "evidence", path)
    lines = err.value.lines()
    assert lines[0].startswith("row 2: Relative path: 'not/there.pdf' is not in the register")
    assert lines[1].startswith("row 4: Category: unknown evidence category 'Gossip'")
    assert lines[2] == f"row 5: Relative path: {free[1]['rel_path']!r} is also on row 4"
    assert lines[3] == f"row 3: Reference: reference {taken['reference']!r} is also given to {taken['rel_path']!r}"


def test_evidence_matched_by_file_name_alone(demo_register, files):
    path = files.csv("e.csv", [["File name", "Owner"], ["Scan 07 from team drive.xlsx", "Jo"]])
    import_file(demo_register, "evidence", path)
    item = [i for i in evidence.list_items(demo_register) if i["rel_path"].endswith("Scan 07 from team drive.xlsx")]
    assert item[0]["owner"] == "Jo"
