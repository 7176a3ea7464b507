"""The bundle's licences/ folder and CycloneDX SBOM, made from the installed packages (no bundle build needed)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def _licences():
    spec = importlib.util.spec_from_file_location("licences", PACKAGING / "licences.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("licences", module)
    spec.loader.exec_module(module)
    return module


def test_every_bundled_component_has_its_licence_text(tmp_path):
    licences = _licences()
    folder = tmp_path / "licenses"
    index = licences.write_licences(folder)
    names = {e["name"].lower() for e in index}
    for needed in ("python", "qt", "sqlcipher", "openssl", "pdfium", "reportlab", "pillow", "pyside6_essentials"):
        assert needed in names, needed
    assert "pytest" not in names and "ruff" not in names  # test tools are not bundled
    qt = (folder / "Qt" / "Qt-relinking.txt").read_text(encoding="utf-8")
    assert "relink" in qt and (folder / "Qt" / "LGPL-3.0.txt").read_text(encoding="utf-8").startswith(
        "                   GNU LESSER GENERAL PUBLIC LICENSE"
    )
    assert "Python Software Foundation" in (folder / "Python" / "LICENSE.txt").read_text(encoding="utf-8")
    for entry in index:
        assert any((folder / entry["folder"]).iterdir()), entry  # never an empty folder
    reportlab = next(e for e in index if e["name"] == "reportlab")
    assert any("licen" in p.name.lower() for p in (folder / reportlab["folder"]).iterdir())
    assert "sqlcipher3" in (folder / "README.txt").read_text(encoding="utf-8")


def test_sbom_is_cyclonedx_with_a_purl_per_package(tmp_path):
    licences = _licences()
    bom = licences.write_sbom(tmp_path / "sbom.cdx.json", "9.9.9")
    data = json.loads((tmp_path / "sbom.cdx.json").read_text(encoding="utf-8"))
    assert data == bom and data["bomFormat"] == "CycloneDX" and data["specVersion"] == "1.5"
    assert data["metadata"]["component"] == {
        "type": "application", "bom-ref": "readiness-app", "name": "readiness-app", "version": "9.9.9"
    }  # fmt: skip
    purls = {c.get("purl", "") for c in data["components"]}
    assert any(p.startswith("pkg:pypi/pyside6-essentials@") for p in purls)
    assert any(p.startswith("pkg:pypi/reportlab@") for p in purls)
    assert all(c.get("licenses") for c in data["components"] if c["type"] == "library")
