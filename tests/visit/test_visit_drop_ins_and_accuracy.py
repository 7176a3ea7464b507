"""Drop-ins are open (a host and a room, never named invitees); factual accuracy points say where in the draft."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader

from readiness_app.cli import main
from readiness_app.opening import open_register
from readiness_app.register import sessions
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.rendering import render_bytes


def text_of(data: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_a_drop_in_names_its_host_never_invitees(demo_dir, capsys):
    path = demo_dir / "register.sqlite"
    reg = open_register(path, source="cli")
    try:
        drop_in = next(s for s in sessions.list_sessions(reg, include_cancelled=False) if s["kind"] == "drop_in")
        invitees = [p["name"] for p in drop_in["people"]]
    finally:
        reg.close()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    if invitees:  # the demo may book people into drop-ins: check says they are open
        assert f"drop-in session {drop_in['id']} ({drop_in['title']}) names {len(invitees)} invitee" in out
    assert f"drop-in session {drop_in['id']} ({drop_in['title']}) has no host" in out

    reg = open_register(path, source="cli")
    try:
        sessions.update(reg, drop_in["id"], people=[], host="Sam Okoro, Practice Lead")
        assert sessions.get(reg, drop_in["id"])["host"] == "Sam Okoro, Practice Lead"
        pack = text_of(render_bytes(reg, "interview-packs", ReportOptions(session_id=drop_in["id"]))[0])
        evening = (
            sessions.days(reg)[sessions.days(reg).index(drop_in["date"]) - 1]
            if drop_in["date"] != sessions.days(reg)[0]
            else None
        )
        bulletin = text_of(render_bytes(reg, "bulletin", ReportOptions(for_date=evening))[0]) if evening else ""
    finally:
        reg.close()
    assert "Run by CQC" in pack and "Host Sam Okoro, Practice Lead" in pack
    assert "Open to all staff: no one is booked" in pack
    assert not [n for n in invitees if n in pack]
    if bulletin:
        assert "Open to all staff (no one is booked); host: Sam Okoro, Practice Lead" in bulletin
    main(["check", str(path)])
    assert f"drop-in session {drop_in['id']} " not in capsys.readouterr().out


def test_a_factual_accuracy_point_has_page_and_paragraph_and_says_when_it_has_no_evidence(demo_dir, capsys):
    path = str(demo_dir / "register.sqlite")
    assert (
        main(
            [
                "accuracy",
                "add",
                path,
                "--section",
                "Safeguarding",
                "--page",
                "12",
                "--paragraph",
                "3",
                "--type",
                "inaccurate",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["accuracy", "list", path, "--json"]) == 0
    point = json.loads(capsys.readouterr().out)[-1]
    assert (point["page"], point["paragraph"]) == ("12", "3")
    reg = open_register(demo_dir / "register.sqlite", source="cli")
    try:
        text = text_of(render_bytes(reg, "fa-submission")[0])
    finally:
        reg.close()
    assert "Safeguarding, page 12, paragraph 3" in text
    assert "no evidence attached" in text and "(evidence attached)" not in text
