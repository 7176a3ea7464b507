"""The bundle's licences/ folder and CycloneDX SBOM, made from the installed packages (no bundle build needed)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

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
    assert not {"pytest", "ruff", "pip", "setuptools"} & names  # test tools and what the spec leaves out
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


# ------------------------------------------------------------------ ICU data trimmed to English (Linux bundle)


def test_icu_items_dropped_are_other_languages_only():
    from .test_packaging_files import load

    build = load("build")
    items = ["root.res", "en.res", "en_GB.res", "de.res", "coll/de_.res", "coll/ucadata.icu", "coll/root.res",
             "zone/fr_CA.res", "brkitr/thaidict.dict", "brkitr/cjdict.dict", "brkitr/line.brk", "brkitr/root.res",
             "ibm-943_P15A-2003.cnv", "windows-1252-2000.cnv", "translit/el_Latn.res", "uprops.icu", "unames.icu",
             "pool.res", "supplementalData.res"]  # fmt: skip
    assert sorted(build.icu_items_to_drop(items)) == sorted(
        ["de.res", "coll/de_.res", "zone/fr_CA.res", "ibm-943_P15A-2003.cnv", "translit/el_Latn.res",
         "brkitr/thaidict.dict", "brkitr/cjdict.dict", "unames.icu"]
    )  # fmt: skip


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not (shutil.which("icupkg") and shutil.which("cc")),
    reason="trimming ICU needs Linux, icupkg and a C compiler",
)
def test_trimmed_icu_still_sorts_and_knows_uk_time(tmp_path):
    import os
    import subprocess

    import PySide6

    from .test_packaging_files import load

    build = load("build")
    original = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    bundle = tmp_path / "readiness-app" / "_internal"
    bundle.mkdir(parents=True)
    shutil.copy2(original, bundle / original.name)
    said = build.trim_icu(tmp_path / "readiness-app", tmp_path / "work")
    trimmed = bundle / original.name
    assert said.startswith("ICU data trimmed") and trimmed.stat().st_size < original.stat().st_size / 3
    check = (
        "from PySide6.QtCore import QCollator, QLocale, QTimeZone;"
        "c = QCollator(QLocale('en_GB'));"
        "print(sorted(['b', 'A', 'a', 'é', 'Z'], key=c.sortKey), QTimeZone(b'Europe/London').isValid())"
    )
    env = dict(os.environ, LD_PRELOAD=str(trimmed), QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['a', 'A', 'b', 'é', 'Z'] True"
