"""Nothing that holds the whole register lands in the shared evidence folder; other outputs there are flagged."""

from __future__ import annotations

from readiness_app.cli import main
from readiness_app.opening import open_register
from readiness_app.register import assessment


def _evidence(demo_dir):
    reg = open_register(demo_dir / "register.sqlite")
    try:
        return assessment.evidence_folder(reg)
    finally:
        reg.close()


def test_a_backup_or_audit_export_inside_the_evidence_folder_is_refused(demo_dir, capsys):
    evidence = _evidence(demo_dir)
    before = sorted(p.name for p in evidence.rglob("*"))
    register = str(demo_dir / "register.sqlite")
    for argv, what in (
        (["backup", register, "-o", str(evidence / "copy.sqlite")], "a backup"),
        (["audit", register, "-o", str(evidence / "QS1" / "audit.csv")], "the audit trail"),
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert f"{what} cannot be written inside the evidence folder" in err
        assert "the watcher would offer it to colleagues as evidence" in err
    assert sorted(p.name for p in evidence.rglob("*")) == before  # nothing was written there
    # outside it, the same commands work
    assert main(["backup", register, "-o", str(demo_dir / "copy.sqlite")]) == 0
    assert (demo_dir / "copy.sqlite").is_file()


def test_a_pdf_or_export_written_into_the_evidence_folder_gets_a_warning(demo_dir, capsys):
    evidence = _evidence(demo_dir)
    register = str(demo_dir / "register.sqlite")
    assert main(["report", "checklist", register, "-o", str(evidence / "checklist.pdf")]) == 0
    assert "warning: checklist.pdf was written inside the evidence folder" in capsys.readouterr().err
    assert (evidence / "checklist.pdf").read_bytes()[:5] == b"%PDF-"
    assert main(["export", "schedule", register, "-o", str(evidence / "schedule.csv")]) == 0
    assert "warning: schedule.csv was written inside the evidence folder" in capsys.readouterr().err
    assert main(["export", "schedule", register, "-o", str(demo_dir / "schedule.csv")]) == 0
    assert "warning" not in capsys.readouterr().err
