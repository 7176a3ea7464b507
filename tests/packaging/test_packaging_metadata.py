"""The package metadata uses the forms setuptools keeps supporting after February 2027."""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_licence_is_an_spdx_expression_with_its_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(project["license"], str)  # the {text = ...} table is deprecated
    assert all((ROOT / name).is_file() for name in project["license-files"])
    installed = importlib.metadata.metadata("readiness-app")
    assert installed["License-Expression"] == project["license"]


def test_pdf_encryption_dependency_is_declared_through_pypdf_with_a_safe_floor():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(d.startswith("pypdf[crypto]") for d in deps)
    assert any(d.replace(" ", "").startswith("cryptography>=44.0.1") for d in deps)
