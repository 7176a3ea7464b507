"""Licence notices and a CycloneDX SBOM for the bundle, written at build time from what is installed.

`write_licences(folder)` fills the bundle's `licenses/` folder: the licence
files every bundled Python package ships (read through importlib.metadata),
Python's own licence, and the texts of the parts that come without one in
their metadata: Qt (LGPL-3.0, with how to relink), SQLCipher, OpenSSL (inside
cryptography and sqlcipher3) and PDFium (inside pypdfium2). `write_sbom(path)`
writes the same list as a CycloneDX 1.5 JSON document, offline (the
cyclonedx-bom tool needs network access to resolve some metadata).
"""

from __future__ import annotations

import hashlib
import importlib.metadata as metadata
import json
import platform
import re
import shutil
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "licences"
APP = "readiness-app"
# Installed as dependencies (sqlite-utils names pip) but left out of the bundle by readiness.spec.
NOT_BUNDLED = {"pip", "setuptools"}
_LICENCE_NAME = re.compile(r"(^|/)(licen[cs]e|copying|notice|authors)[^/]*$", re.I)

# Components inside a wheel, with no licence file of their own in its metadata.
EMBEDDED = {
    "Qt": ("LGPL-3.0-only", ["LGPL-3.0.txt", "GPL-3.0.txt", "Qt-relinking.txt"]),
    "SQLCipher": ("BSD-3-Clause", ["SQLCipher.txt"]),
    "OpenSSL": ("Apache-2.0", ["Apache-2.0.txt"]),
    "ICU": ("Unicode-3.0", ["ICU.txt"]),  # Qt's Unicode library (its data trimmed to English by build.py)
}


def _name(dist: metadata.Distribution) -> str:
    return dist.metadata["Name"]


def bundled_distributions(root: str = APP) -> list[metadata.Distribution]:
    """The app's runtime dependencies, all the way down (extras left out), sorted by name."""
    from packaging.requirements import Requirement

    found: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform
        found[key] = dist
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    found.pop(re.sub(r"[-_.]+", "-", root).lower(), None)
    return sorted((d for k, d in found.items() if k not in NOT_BUNDLED), key=lambda d: _name(d).lower())


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    text = (meta.get("License") or "").strip()
    return "; ".join(classifiers) or (text.splitlines()[0][:80] if text else "see the licence files")


def _licence_files(dist: metadata.Distribution) -> list[Path]:
    """The licence texts a distribution installed: its dist-info/licenses/ folder and files named like one."""
    files = []
    for entry in dist.files or []:
        text = str(entry)
        if ".dist-info/licenses/" in text or _LICENCE_NAME.search(text):
            files.append(Path(str(dist.locate_file(entry))))
    return [f for f in files if f.is_file() and f.suffix not in (".py", ".pyc")]


def write_licences(folder: Path) -> list[dict[str, str]]:
    """Fill `folder` with every bundled component's licence texts and an index (README.txt)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    index: list[dict[str, str]] = []
    python_licence = Path(sys.base_prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (python_licence / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt"):
        if candidate.is_file():
            (folder / "Python").mkdir()
            shutil.copy2(candidate, folder / "Python" / "LICENSE.txt")
            break
    index.append({"name": "Python", "version": platform.python_version(), "licence": "PSF-2.0", "folder": "Python"})
    for name, (licence, texts) in EMBEDDED.items():
        (folder / name).mkdir()
        for text in texts:
            shutil.copy2(TEXTS / text, folder / name / text)
        index.append({"name": name, "version": "", "licence": licence, "folder": name})
    for dist in bundled_distributions():
        name, version = _name(dist), dist.version
        target = folder / "python-packages" / f"{name}-{version}"
        target.mkdir(parents=True)
        for source in _licence_files(dist):
            dest = target / source.name
            n = 2
            while dest.exists():
                dest = target / f"{source.stem}-{n}{source.suffix}"
                n += 1
            shutil.copy2(source, dest)
        if not any(target.iterdir()):
            (target / "LICENSE-NOTE.txt").write_text(
                f"{name} {version} declares the licence: {licence_of(dist)}\n", encoding="utf-8"
            )
        index.append(
            {"name": name, "version": version, "licence": licence_of(dist), "folder": str(target.relative_to(folder))}
        )
        if name.lower() == "pypdfium2":
            index.append(
                {"name": "PDFium", "version": "", "licence": "BSD-3-Clause", "folder": str(target.relative_to(folder))}
            )
    lines = ["Licences of the components bundled with Readiness", "", f"{'Component':32} {'Version':14} Licence"]
    lines += [f"{e['name']:32} {e['version']:14} {e['licence']}   ({e['folder']})" for e in index]
    (folder / "README.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index


def write_sbom(path: Path, app_version: str) -> dict:
    """A CycloneDX 1.5 SBOM (JSON) of the app and every bundled Python package."""
    components = []
    for dist in bundled_distributions():
        name, version = _name(dist), dist.version
        component = {
            "type": "library",
            "bom-ref": f"pkg:pypi/{name.lower()}@{version}",
            "name": name,
            "version": version,
            "purl": f"pkg:pypi/{re.sub(r'[-_.]+', '-', name).lower()}@{version}",
            "licenses": [{"expression": licence_of(dist)}]
            if dist.metadata.get("License-Expression")
            else [{"license": {"name": licence_of(dist)}}],
        }
        record = next((f for f in dist.files or [] if str(f).endswith(".dist-info/RECORD")), None)
        if record is not None:
            digest = hashlib.sha256(Path(str(dist.locate_file(record))).read_bytes()).hexdigest()
            component["hashes"] = [{"alg": "SHA-256", "content": digest}]
        components.append(component)
    components.append(
        {"type": "platform", "bom-ref": "python", "name": "CPython", "version": platform.python_version()}
    )
    for name, (licence, _) in EMBEDDED.items():
        components.append(
            {"type": "library", "bom-ref": name.lower(), "name": name, "licenses": [{"expression": licence}]}
        )
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "component": {"type": "application", "bom-ref": APP, "name": APP, "version": app_version},
        },
        "components": components,
    }
    path.write_text(json.dumps(bom, indent=1) + "\n", encoding="utf-8")
    return bom
