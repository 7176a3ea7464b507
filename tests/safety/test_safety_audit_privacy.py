"""The audit trail keeps record ids and field names for case criteria and consent, never their values;
and in an encrypted register it is encrypted with the rest."""

from __future__ import annotations

import json
import sqlite3

from readiness_app.cli import main
from readiness_app.opening import open_register
from readiness_app.register import audit, cases
from readiness_app.safety import encryption

SECRET = "correct horse battery staple"
CRITERION, OTHER = "lives with dementia in sheltered housing", "hospital discharge after a fall"


def _case_entries(reg, case_id: int) -> list[dict]:
    return [e for e in audit.entries(reg, table="tracked_case") if e["record_id"] == str(case_id)]


def test_case_criteria_and_consent_are_audited_by_name_not_value(demo_register):
    case_id = cases.create(demo_register, "ZZ-AUD-1", criteria=[CRITERION], consent="requested", qs=["QS1"])
    cases.update(
        demo_register, case_id, consent="declined", consent_date="2026-11-20", criteria=[OTHER], stage="selected"
    )
    entries = _case_entries(demo_register, case_id)
    fields = {key for e in entries for key in e["changes"]}
    assert {"code", "consent", "consent_date", "criteria", "stage", "qs"} <= fields
    text = json.dumps([e["changes"] for e in entries])
    for value in (CRITERION, OTHER, "declined", "requested", "2026-11-20"):
        assert value not in text
    update = next(e for e in entries if "consent" in e["changes"] and e["action"] == "update")
    assert update["changes"]["consent"] == ["(changed)", "(changed)"]
    criteria = next(e for e in entries if "criteria" in e["changes"] and e["action"] == "update")
    assert criteria["changes"]["criteria"][1] == "(changed)"
    # what is kept: the record id, the coded reference, the stage and the QS
    assert "ZZ-AUD-1" in text and "selected" in text and "QS1" in text


def test_a_case_import_audits_criteria_without_their_values(empty_register, tmp_path, capsys):
    listing = tmp_path / "cases.csv"
    listing.write_text(f"Case code,Criteria,Consent\nAB-1,{CRITERION},Declined\n", encoding="utf-8")
    empty_register.close()
    assert main(["import", "cases", str(empty_register.path), str(listing)]) == 0
    assert main(["audit", str(empty_register.path), "--table", "tracked_case", "--json"]) == 0
    shown = capsys.readouterr().out
    assert "criteria" in shown and "consent" in shown
    assert CRITERION not in shown and "declined" not in shown.lower()
    raw = sqlite3.connect(empty_register.path).execute("SELECT group_concat(changes) FROM audit").fetchone()[0]
    assert CRITERION not in raw


def test_the_trail_of_an_encrypted_register_is_encrypted_with_it(demo_dir):
    path = demo_dir / "register.sqlite"
    reg = open_register(path)
    cases.create(reg, "ZZ-AUD-2", notes="a note")
    reg.close()
    encryption.encrypt_register(path, SECRET)
    raw = path.read_bytes()
    for marker in (b"tracked_case", b"ZZ-AUD-2", b'"consent"', b"(changed)"):
        assert marker not in raw  # neither the trail's rows nor its table names can be read from the file
    reg = open_register(path, passphrase=SECRET)
    try:
        assert any(e["changes"].get("code") == [None, "ZZ-AUD-2"] for e in audit.entries(reg, table="tracked_case"))
    finally:
        reg.close()
