"""Evidence details (reference, title, owner, date, status, notes): one audited change, bad input refused."""

from __future__ import annotations

import json

import pytest

from readiness_app.errors import ReadinessError
from readiness_app.register import evidence


def test_update_details_changes_and_audits(demo_register):
    item_id = demo_register.scalar("SELECT id FROM evidence WHERE reference IS NULL LIMIT 1")
    evidence.update_details(
        demo_register,
        item_id,
        reference=" LAIR-777 ",
        title="Board minutes",
        document_date="2/11/2026",
        status="Accepted",
    )
    item = evidence.get(demo_register, item_id)
    assert (item["reference"], item["title"], item["document_date"], item["status"]) == (
        "LAIR-777",
        "Board minutes",
        "2026-11-02",
        "accepted",
    )
    changes = demo_register.scalar(
        "SELECT changes FROM audit WHERE record_table = 'evidence' AND record_id = ? ORDER BY id DESC", (str(item_id),)
    )
    assert set(json.loads(changes)) == {"reference", "title", "document_date", "status"}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"reference": "LAIR-001"}, "reference"),
        ({"title": "  "}, "title"),
        ({"rel_path": "elsewhere.pdf"}, "rel_path"),
        ({"document_date": "31/02/2026"}, "document_date"),
    ],
)
def test_bad_details_are_refused_and_nothing_changes(demo_register, values, field):
    item_id = demo_register.scalar("SELECT id FROM evidence WHERE reference IS NULL LIMIT 1")
    before = evidence.get(demo_register, item_id)
    with pytest.raises(ReadinessError) as caught:
        evidence.update_details(demo_register, item_id, **values)
    assert caught.value.field == field
    assert evidence.get(demo_register, item_id) == before


def test_why_flagged_names_the_other_copy(demo_register):
    item_id, sha = demo_register.query("SELECT id, sha256 FROM evidence WHERE presence = 'duplicate' LIMIT 1")[0]
    other = demo_register.scalar("SELECT rel_path FROM evidence WHERE sha256 = ? AND id != ?", (sha, item_id))
    assert other in evidence.why_flagged(demo_register, item_id)
    fine = demo_register.scalar("SELECT id FROM evidence WHERE presence = 'present' AND problem = '' LIMIT 1")
    assert evidence.why_flagged(demo_register, fine) == ""
