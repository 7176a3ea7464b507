"""The data pack: indicators imported, checked, going stale on a fake clock, and printed."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from readiness_app.cli import main
from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.interop.importers.indicators import import_indicators
from readiness_app.register import indicators, sessions
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.rendering import render

HEADER = ["Indicator", "QS", "Value", "Unit", "Period", "Date of data", "Source", "Better when", "England", "Region",
          "Target", "Previous values"]  # fmt: skip
ROWS = [
    HEADER,
    ["S42 enquiries concluded within 3 months", "Safeguarding", "78.4", "%", "Q2 2026/27", "30/09/2026",
     "Safeguarding data", "Higher is better", "", "", "85", "Q4 2025/26: 69; Q1 2026/27: 74.5"],
    ["People waiting for an assessment", "QS1", "412", "people", "Oct 2026", "2026-10-31", "Case system", "lower",
     "", "", "250", "Apr 2026: 655"],
    ["Direct payments (ASCOF 3D)", "QS2", "24.3%", "", "2025/26", "31 Mar 2026", "ASCOF", "higher", "26.2", "27",
     "", ""],
]  # fmt: skip


def test_import_values_units_benchmarks_and_trend(empty_register, sheet):
    result = import_indicators(empty_register, sheet("figures.xlsx", ROWS))
    assert len(result.created) == 3
    rows = {r["name"]: r for r in indicators.list_indicators(empty_register, today=date(2026, 11, 23))}
    s42 = rows["S42 enquiries concluded within 3 months"]
    assert (s42["qs"], s42["value"], s42["unit"], s42["better"], s42["target"]) == ("QS7", 78.4, "%", "higher", 85.0)
    assert s42["history"] == [["Q4 2025/26", 69.0], ["Q1 2026/27", 74.5]] and s42["trend"] == "improving"
    dp = rows["Direct payments (ASCOF 3D)"]
    assert (dp["value"], dp["unit"], dp["england"], dp["region"]) == (24.3, "%", 26.2, 27.0)
    assert rows["People waiting for an assessment"]["trend"] == "improving"  # fewer waiting, lower is better
    # Re-importing with a new value updates by name; unchanged rows are left alone.
    again = [HEADER, [*ROWS[1][:2], "80.1", *ROWS[1][3:]], ROWS[2]]
    result = import_indicators(empty_register, sheet("again.csv", again))
    assert [c.key for c in result.updated] == ["S42 enquiries concluded within 3 months"] and result.unchanged == 1
    assert result.updated[0].changes == {"value": [78.4, 80.1]}


def test_values_must_be_numbers_with_units_and_percentages_0_to_100(empty_register, sheet):
    bad = [
        HEADER,
        ["Over a hundred", "QS1", "120", "%", "", "2026-10-01", "", "higher", "", "", "", ""],
        ["No unit", "QS1", "12", "", "", "2026-10-01", "", "higher", "", "", "", ""],
        ["Words", "QS1", "about ten", "people", "", "2026-10-01", "", "higher", "", "", "", ""],
        ["No direction", "QS1", "10", "people", "", "2026-10-01", "", "sideways", "", "", "", ""],
        ["Two QS", "QS1, QS2", "10", "people", "", "2026-10-01", "", "lower", "", "", "", ""],
        ["Bad benchmark", "QS1", "10", "%", "", "2026-10-01", "", "lower", "150", "", "", ""],
    ]
    with pytest.raises(ValidationErrors) as caught:
        import_indicators(empty_register, sheet("bad.csv", bad))
    lines = caught.value.lines()
    assert "row 2: Value: 120 is not a percentage (0 to 100)" in lines
    assert "row 3: Unit: unit is required" in lines
    assert "row 4: Value: 'about ten' is not a number" in lines
    assert "row 5: Better when: 'sideways': say whether higher or lower is better" in lines
    assert "row 6: QS: an indicator belongs to exactly one quality statement" in lines
    assert "row 7: England: 150 is not a percentage (0 to 100)" in lines
    assert empty_register.scalar("SELECT COUNT(*) FROM indicator") == 0
    with pytest.raises(ReadinessError, match="not a percentage"):
        indicators.create(empty_register, name="x", qs="QS1", value=101, unit="percent", data_date="2026-01-01",
                          better="higher")  # fmt: skip


def test_figures_go_stale_on_a_fake_clock_and_the_age_is_a_setting(empty_register, sheet):
    import_indicators(empty_register, sheet("figures.csv", ROWS))
    name = "People waiting for an assessment"  # data of 31 Oct 2026, no publication cycle: the stale age applies
    indicators.update(empty_register, _id(empty_register, "S42 enquiries concluded within 3 months"), cycle="annual")

    def stale(today: date) -> list[str]:
        return [r["name"] for r in indicators.list_indicators(empty_register, today=today, stale_only=True)]

    assert stale(date(2027, 4, 30)) == []
    assert stale(date(2027, 5, 1)) == [name]  # six months and a day
    assert indicators.counts(empty_register, date(2027, 5, 1)) == {"total": 3, "stale": 1, "stale_months": 6}
    indicators.set_stale_months(empty_register, 12)
    assert stale(date(2027, 5, 1)) == []
    with pytest.raises(ReadinessError, match="1 to 60 months"):
        indicators.set_stale_months(empty_register, 0)


def _id(reg, name: str) -> int:
    return next(r["id"] for r in indicators.list_indicators(reg) if r["name"] == name)


def test_staleness_follows_each_figures_publication_cycle(empty_register, sheet):
    import_indicators(empty_register, sheet("figures.csv", ROWS))
    ascof = "Direct payments (ASCOF 3D)"  # 2025/26, data of 31 Mar 2026: annual, published the next winter

    def stale(today: date) -> list[str]:
        return [r["name"] for r in indicators.list_indicators(empty_register, today=today, stale_only=True)]

    # The latest official ASCOF figure is current until the next year's is due, not six months.
    assert ascof not in stale(date(2026, 11, 23))
    assert ascof not in stale(date(2027, 12, 1))
    assert ascof in stale(date(2028, 1, 1))
    waiting = _id(empty_register, "People waiting for an assessment")  # data of 31 Oct 2026
    indicators.update(empty_register, waiting, cycle="monthly")
    assert "People waiting for an assessment" not in stale(date(2026, 12, 15))
    assert "People waiting for an assessment" in stale(date(2026, 12, 16))  # a month and a fortnight
    s42 = _id(empty_register, "S42 enquiries concluded within 3 months")  # Q2, data of 30 Sep 2026
    indicators.update(empty_register, s42, cycle="quarterly")
    assert "S42 enquiries concluded within 3 months" not in stale(date(2027, 2, 14))
    assert "S42 enquiries concluded within 3 months" in stale(date(2027, 2, 16))  # a quarter and six weeks
    with pytest.raises(ReadinessError, match="cycle"):
        indicators.update(empty_register, s42, cycle="fortnightly")


def test_benchmark_for_a_later_period_is_flagged_and_direction_is_optional(empty_register):
    figure = indicators.create(empty_register, name="Carers' quality of life (ASCOF 1D)", qs="QS1", value=7.3,
                               unit="score", period="2023/24", data_date="2024-03-31", england=7.4,
                               benchmark_period="2024/25", source="Survey of Adult Carers in England")  # fmt: skip
    row = next(r for r in indicators.list_indicators(empty_register) if r["id"] == figure)
    assert row["better"] is None and row["trend"] is None
    assert row["benchmark_later"]
    assert indicators.NO_DIRECTION in row["notes"]
    assert any("later period than the figure's (2023/24)" in n for n in row["notes"])
    indicators.update(empty_register, figure, benchmark_period="2023/24", better="higher")
    row = next(r for r in indicators.list_indicators(empty_register) if r["id"] == figure)
    assert not row["benchmark_later"] and row["notes"] == []
    assert indicators.period_end("Q2 2026/27") == (2027, 3)
    assert indicators.period_end("Oct 2026") == (2026, 10)


def test_cli_import_and_list_with_stale_and_qs_filters(empty_register, sheet, capsys):
    path = sheet("figures.csv", ROWS)
    register = str(empty_register.path)
    empty_register.close()
    assert main(["indicator", "import", register, str(path), "--dry-run"]) == 0
    assert "would create 3" in capsys.readouterr().out
    assert main(["indicator", "import", register, str(path)]) == 0
    capsys.readouterr()
    assert main(["indicator", "list", register, "--json", "--stale", "--today", "2027-06-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in data["indicators"]] == [
        "People waiting for an assessment",
        "S42 enquiries concluded within 3 months",
    ]  # the annual ASCOF figure is still the latest
    assert data["stale_months"] == 6
    assert main(["indicator", "list", register, "--qs", "QS7", "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "78.4%" in out and "Direct payments" not in out
    assert main(["indicator", "list", register, "--today", "2027-06-01"]) == 0
    assert "STALE (over 6 months)" in capsys.readouterr().out


def test_figures_to_know_printed_in_the_pack_and_checklist_with_stale_flag(demo_register, tmp_path):
    session = next(s for s in sessions.list_sessions(demo_register) if "QS7" in s["qs"])
    opts = ReportOptions(generated_at=datetime(2026, 11, 23, 9, 30), session_id=session["id"])
    render(demo_register, "interview-packs", tmp_path / "pack.pdf", opts)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(tmp_path / "pack.pdf").pages)
    assert "Figures to know" in text
    assert "Section 42 enquiries concluded within 3 months" in text
    assert "STALE: data of" in text  # the DoLS figure in the demo is nine months old
    render(demo_register, "checklist", tmp_path / "check.pdf", ReportOptions(generated_at=opts.generated_at))
    reader = PdfReader(tmp_path / "check.pdf")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert text.count("Figures to know") == 9
    assert "Older people at home 91 days after reablement" in text and "England 82.8%" in text
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert not any("Helvetica" in f for f in fonts)  # the charts use the embedded family
