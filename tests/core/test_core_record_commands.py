"""`gap`, `session` and `person`: add, list, edit, remove (and `gap close`), with --json, on the demo."""

from __future__ import annotations

import json

from readiness_app.cli import main
from readiness_app.opening import open_register


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_gaps_from_the_command_line(demo_dir, capsys):
    reg = str(demo_dir / "register.sqlite")
    code, out, err = run(capsys, "gap", "add", reg, "--qs", "Safeguarding", "--description", "No s42 audit", "--json")
    assert code == 0, err
    gap = json.loads(out)
    assert (gap["qs"], gap["description"], gap["severity"], gap["status"]) == ("QS7", "No s42 audit", "medium", "open")
    code, out, _ = run(capsys, "gap", "list", reg, "--qs", "QS7", "--open", "--json")
    assert gap["id"] in [g["id"] for g in json.loads(out)] and all(g["qs"] == "QS7" for g in json.loads(out))
    code, out, _ = run(capsys, "gap", "edit", reg, str(gap["id"]), "--severity", "high", "--owner", "PSW")
    assert code == 0 and out.startswith(f"changed gap {gap['id']} (QS7, high, open)")
    code, out, _ = run(capsys, "gap", "close", reg, str(gap["id"]), "--evidence", "1", "--note", "audit found")
    assert code == 0 and "closed" in out
    register = open_register(demo_dir / "register.sqlite", readonly=True)
    row = register.query("SELECT status, closed_by, notes, owner FROM gap WHERE id = ?", (gap["id"],))[0]
    register.close()
    assert tuple(row) == ("closed", 1, "audit found", "PSW")
    code, out, _ = run(capsys, "gap", "remove", reg, str(gap["id"]))
    assert code == 0
    code, _, err = run(capsys, "gap", "edit", reg, str(gap["id"]), "--severity", "low")
    assert code == 1 and f"no gap with id {gap['id']}" in err
    code, _, err = run(capsys, "gap", "add", reg, "--qs", "QS99", "--description", "x")
    assert code == 1 and "QS99" in err


def test_people_from_the_command_line(demo_dir, capsys):
    reg = str(demo_dir / "register.sqlite")
    code, out, err = run(capsys, "person", "add", reg, "Rhian Pryce", "--role", "Carer", "--kind", "carer", "--json")
    assert code == 0, err
    person = json.loads(out)
    assert (person["name"], person["kind"]) == ("Rhian Pryce", "carer")
    code, out, _ = run(capsys, "person", "edit", reg, "rhian  pryce", "--organisation", "Carers Hub")
    assert code == 0 and "Rhian Pryce (Carer, Carers Hub)" in out
    code, out, _ = run(capsys, "person", "list", reg, "--json")
    listed = next(p for p in json.loads(out) if p["id"] == person["id"])
    assert listed["sessions"] == 0 and listed["organisation"] == "Carers Hub"
    code, _, err = run(capsys, "person", "add", reg, "  ")
    assert code == 1 and "name" in err
    code, out, _ = run(capsys, "person", "remove", reg, str(person["id"]))
    assert code == 0 and f"removed person {person['id']}" in out
    code, _, err = run(capsys, "person", "remove", reg, "Nobody Here")
    assert code == 1 and "no person 'Nobody Here'" in err


def test_sessions_from_the_command_line(demo_dir, capsys):
    reg = str(demo_dir / "register.sqlite")
    run(capsys, "person", "add", reg, "Rhian Pryce", "--kind", "carer")
    code, out, err = run(
        capsys,
        *("session", "add", reg, "--title", "Carers' voices", "--date", "16/12/2026"),
        *("--start", "13:30", "--end", "14:30", "--room", "teams", "--qs", "QS1, QS4", "--people", "Rhian Pryce"),
        "--json",
    )
    assert code == 0, err
    session = json.loads(out)
    assert session["room"] == "Teams" and session["qs"] == ["QS1", "QS4"]
    assert [p["name"] for p in session["people"]] == ["Rhian Pryce"]
    code, out, _ = run(capsys, "session", "list", reg, "--person", "Rhian Pryce", "--json")
    assert [s["id"] for s in json.loads(out)] == [session["id"]]
    # a person down for a session cannot be removed; the refusal names it
    code, _, err = run(capsys, "person", "remove", reg, "Rhian Pryce")
    assert code == 1 and "Carers' voices" in err
    code, out, _ = run(capsys, "session", "edit", reg, str(session["id"]), "--start", "15:00", "--end", "16:00")
    assert code == 0 and "15:00-16:00" in out
    code, _, err = run(capsys, "session", "edit", reg, str(session["id"]), "--end", "14:00")
    assert code == 1 and "before it starts" in err
    code, out, _ = run(capsys, "session", "remove", reg, str(session["id"]))
    assert code == 0
    code, out, _ = run(capsys, "session", "list", reg, "--day", "16/12/2026", "--json")
    assert session["id"] not in [s["id"] for s in json.loads(out)]


def test_a_double_booking_is_saved_and_said(demo_dir, capsys):
    reg = str(demo_dir / "register.sqlite")
    code, out, _ = run(capsys, "session", "list", reg, "--json")
    first = next(s for s in json.loads(out) if s["room"])
    code, out, err = run(
        capsys,
        *("session", "add", reg, "--title", "Extra", "--date", first["date"]),
        *("--start", first["start"], "--end", first["end"], "--room", first["room"]),
    )
    assert code == 0 and out.startswith("added session")
    assert "warning: double booking: Room 1" in err
