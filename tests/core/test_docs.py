"""The README and docs/: short enough to read, every relative link resolving, the command reference current."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted([ROOT / "README.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").rglob("*.md")])

LINK = re.compile(r"\]\(([^)\s]+)\)|<(?:img|a)\s[^>]*(?:src|href)=\"([^\"]+)\"")


def _without_code(text: str) -> str:
    """The text with fenced blocks and inline code blanked out (links in them are examples)."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = _without_code(path.read_text(encoding="utf-8"))
    return {_anchor(m) for m in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}


def relative_links(path: Path) -> list[str]:
    text = _without_code(path.read_text(encoding="utf-8"))
    links = [a or b for a, b in LINK.findall(text)]
    return [link for link in links if not re.match(r"^[a-z]+:", link)]  # http:, https:, mailto:


def broken_links(paths: list[Path]) -> list[str]:
    broken = []
    for path in paths:
        for link in relative_links(path):
            target, _, anchor = link.partition("#")
            resolved = (path.parent / target).resolve() if target else path
            where = f"{path.relative_to(ROOT)}: {link}"
            if not resolved.exists():
                broken.append(f"{where} (no such file)")
            elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
                broken.append(f"{where} (no such heading)")
    return broken


def test_every_relative_link_in_the_readme_and_docs_resolves():
    assert len(DOCUMENTS) > 10
    assert broken_links(DOCUMENTS) == []


def test_the_link_check_finds_a_broken_file_and_a_broken_heading(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "other.md").write_text("# Your data\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](other.md#your-data) [gone](missing.md) [bad](other.md#nothing) `[code](skipped.md)`\n"
        '<img src="missing.png"> [web](https://example.org/x)\n',
        encoding="utf-8",
    )
    assert broken_links([page]) == [
        "page.md: missing.md (no such file)",
        "page.md: other.md#nothing (no such heading)",
        "page.md: missing.png (no such file)",
    ]


def test_the_readme_is_short_and_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 150 <= len(text.splitlines()) <= 250
    head = text[:600]
    assert "bash .ci/setup && .venv/bin/python main.py --demo" in head
    assert "bash .ci/setup && .venv/bin/python -m pytest" in head
    assert 'pytest -m "not slow"' in text


def test_the_command_reference_is_current():
    """docs/commands.md is generated from the argparse definitions: rerun the script after changing a command."""
    spec = importlib.util.spec_from_file_location("commands_doc", ROOT / "packaging" / "commands_doc.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run: python packaging/commands_doc.py"
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    from readiness_app.cli import build_parser

    for name in build_parser()._subparsers._group_actions[0].choices:
        assert f"## readiness {name}\n" in text, name
