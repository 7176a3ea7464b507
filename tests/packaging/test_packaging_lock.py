"""The lock file the bundle is built from: every pin hashed, and current with pyproject's dependencies."""

from __future__ import annotations

import platform
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "packaging" / "requirements-lock.txt"


def _pins() -> dict[str, tuple[Version, int]]:
    """name -> (pinned version, number of hashes)."""
    pins: dict[str, tuple[Version, int]] = {}
    name = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", line)
        if match:
            name = canonicalize_name(match[1])
            pins[name] = (Version(match[2]), 0)
        elif name and "--hash=sha256:" in line:
            version, count = pins[name]
            pins[name] = (version, count + 1)
    return pins


def test_every_pin_has_hashes():
    pins = _pins()
    assert pins and all(count >= 1 for _, count in pins.values()), [n for n, (_, c) in pins.items() if not c]


def test_lock_is_current_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["package"]]
    pins = _pins()
    stale = []
    for req in wanted:
        if req.marker is not None and not req.marker.evaluate():
            continue
        name = canonicalize_name(req.name)
        if name not in pins or not req.specifier.contains(pins[name][0], prereleases=True):
            stale.append(str(req))
    assert not stale, f"packaging/requirements-lock.txt is out of date for {stale}: run pip-compile (see ci-build.sh)"


def test_the_bundled_python_is_pinned_and_this_is_it():
    pinned = (ROOT / "packaging" / "python-version").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"3\.\d+\.\d+", pinned)
    from .test_packaging_files import load

    build = load("build")
    assert build.check_python(pinned, pinned, {}) == pinned
    try:
        build.check_python(pinned, "3.99.0", {})
    except build.BuildError as exc:
        assert pinned in exc.args[0]
    else:
        raise AssertionError("another Python was not refused")
    assert build.check_python(pinned, "3.99.0", {"READINESS_ANY_PYTHON": "1"}) == "3.99.0"
    assert platform.python_version()  # --version prints it (tests/core and tests/packaging check the text)
