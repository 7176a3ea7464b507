"""The framework file, its validation, and the free-text matcher."""

from __future__ import annotations

import tomllib

import pytest

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.framework import current, load_framework
from readiness_app.framework.matcher import match_all_qs, match_category, match_qs, match_theme, parse_qs_list
from readiness_app.framework.model import DEFAULT_FRAMEWORK, parse_framework


def test_builtin_framework_has_four_themes_nine_statements_four_categories():
    fw = current()
    assert [t.name for t in fw.themes] == [
        "Working with people",
        "Providing support",
        "Ensuring safety within the system",
        "Leadership",
    ]
    assert fw.qs_ids == [f"QS{n}" for n in range(1, 10)]
    assert fw.qs("QS7").name == "Safeguarding"
    assert fw.qs("QS7").theme.id == "T3"
    assert len(fw.categories) == 4
    assert fw.score_labels[1] == "Significant shortfalls"
    for qs in fw.statements:
        assert qs.focus, qs.id
        assert 4 <= len(qs.prompts) <= 6, qs.id
    # Leadership statements carry no "I" statement; the others do.
    assert [bool(q.people_expect) for q in fw.statements] == [True] * 7 + [False] * 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Supporting people to lead healthier lives", "QS2"),
        ("Supporting people to live healthier lives", "QS2"),
        ("Safe pathways, systems and transitions", "QS6"),
        ("Safe systems, pathways and transitions", "QS6"),
        ("Partnership and communities", "QS5"),
        ("Assessing people's needs", "QS1"),
        ("Assessing people’s needs", "QS1"),
        ("Equity in experiences and outcomes", "QS3"),
        ("QS3", "QS3"),
        ("QS 3", "QS3"),
        ("QS03", "QS3"),
        ("qs-3 data pack", "QS3"),
        ("3. Equity", "QS3"),
        ("07 Safeguarding", "QS7"),
        ("[QS5] VCS grants.pdf", "QS5"),
        ("QS9 - Learning log.docx", "QS9"),
        ("Governance, management & sustainability", "QS8"),
    ],
)
def test_matcher_recognises_every_variant(text, expected):
    assert match_qs(text).id == expected


@pytest.mark.parametrize("text", ["", "2024 annual report", "Minutes", "QS12", "Misc"])
def test_matcher_returns_none_for_text_naming_no_statement(text):
    assert match_qs(text) is None


def test_matcher_lists_several_and_parse_reports_unknown_part():
    assert [q.id for q in match_all_qs("QS1 and Safeguarding")] == ["QS1", "QS7"]
    assert parse_qs_list("Safeguarding; QS1, qs 9") == ["QS1", "QS7", "QS9"]
    with pytest.raises(ReadinessError, match="Wellbeing"):
        parse_qs_list("QS1; Wellbeing")


def test_category_and_theme_matching():
    assert match_category("People's experience").id == "people"
    assert match_category("Peoples Experience").id == "people"
    assert match_category("Feedback from staff and leaders").id == "staff"
    assert match_category("Partner feedback").id == "partners"
    assert match_category("Policies and processes").id == "processes"
    assert match_category("Random folder") is None
    assert match_theme("Ensuring safety").id == "T3"
    assert match_theme("How the local authority ensures safety within the system").id == "T3"


def _data():
    return tomllib.loads(DEFAULT_FRAMEWORK.read_text(encoding="utf-8"))


def test_custom_framework_file_is_loaded(tmp_path):
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8").replace(
        'name = "Safeguarding"', 'name = "Keeping people safe"'
    )
    path = tmp_path / "council.toml"
    path.write_text(text, encoding="utf-8")
    fw = load_framework(path)
    assert fw.qs("QS7").name == "Keeping people safe"
    assert match_qs("Keeping people safe", fw).id == "QS7"


def test_validation_names_missing_qs_duplicate_id_and_unknown_theme():
    data = _data()
    data["quality_statements"] = [q for q in data["quality_statements"] if q["id"] != "QS4"]
    data["quality_statements"][0]["theme"] = "T9"
    data["quality_statements"].append(dict(data["quality_statements"][1]))
    with pytest.raises(ValidationErrors) as info:
        parse_framework(data, "bad.toml")
    text = "\n".join(info.value.lines())
    assert "missing QS4" in text
    assert "duplicate id 'QS2'" in text
    assert "unknown theme 'T9'" in text


def test_unreadable_framework_files_get_one_line_messages(tmp_path):
    with pytest.raises(ReadinessError, match="not found"):
        load_framework(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("themes = [", encoding="utf-8")
    with pytest.raises(ReadinessError, match="not valid TOML"):
        load_framework(broken)


def test_an_edited_framework_file_is_read_afresh_despite_the_cache(tmp_path, _isolated_data_dir):
    import os

    path = tmp_path / "council.toml"
    text = DEFAULT_FRAMEWORK.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert load_framework(path).qs("QS7").name == "Safeguarding"
    cached = list((_isolated_data_dir / "cache").glob("framework-*.json"))
    assert len(cached) == 1
    path.write_text(text.replace('name = "Safeguarding"', 'name = "Keeping people safe"'), encoding="utf-8")
    os.utime(path, ns=(1, 1_700_000_000_000_000_000))
    assert load_framework(path).qs("QS7").name == "Keeping people safe"
    # A damaged cache copy is ignored, never trusted.
    for copy in (_isolated_data_dir / "cache").glob("framework-*.json"):
        copy.write_text("{not json", encoding="utf-8")
    assert load_framework(path).qs("QS7").name == "Keeping people safe"
