"""build.py points Pillow's libraries at the bundle's own copies (libzstd, liblzma) and drops Pillow's.

Built here from three tiny C libraries shaped like Pillow's: a private, hash-named copy with versioned
symbols, a library linking to it, and the bundle's copy under the plain name. After the change the
library loads with every symbol bound at once (RTLD_NOW, as Python loads extension modules) and calls
into the bundle's copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_packaging_files import load

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not (shutil.which("cc") and shutil.which("objdump")),
    reason="ELF libraries: Linux with a C compiler and binutils",
)

PRIVATE = "libzstd-0123abcd.so.1.5.7"


def _cc(folder: Path, source: str, output: Path, *options: str) -> None:
    (folder / "src.c").write_text(source, encoding="utf-8")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(output), str(folder / "src.c"), *options], check=True)


def _needed(path: Path) -> list[str]:
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")]


@pytest.fixture
def bundle(tmp_path) -> Path:
    internal = tmp_path / "readiness-app" / "_internal"
    private, pil = internal / "pillow.libs", internal / "PIL"
    private.mkdir(parents=True)
    pil.mkdir()
    (tmp_path / "v.map").write_text("ZSTD_1 { global: compress_level; local: *; };\n", encoding="utf-8")
    version = f"-Wl,--version-script={tmp_path / 'v.map'}"
    _cc(tmp_path, "int compress_level(void) { return 1; }", private / PRIVATE, f"-Wl,-soname,{PRIVATE}", version)
    # the bundle's own copy (Qt's): the same symbols, another answer so the test can tell them apart
    _cc(
        tmp_path,
        "int compress_level(void) { return 3; }",
        internal / "libzstd.so.1",
        "-Wl,-soname,libzstd.so.1",
        version,
    )
    (internal / PRIVATE).symlink_to(f"pillow.libs/{PRIVATE}")  # as PyInstaller links Pillow's libraries
    tiff = private / "libtiff-89abcdef.so.6"
    _cc(tmp_path, "int compress_level(void); int tiff_level(void) { return compress_level(); }", tiff,
        "-Wl,-soname,libtiff-89abcdef.so.6", f"-L{private}", f"-l:{PRIVATE}", "-Wl,-rpath,$ORIGIN")  # fmt: skip
    _cc(tmp_path, "int tiff_level(void); int imaging_level(void) { return tiff_level(); }", pil / "_imaging.so",
        f"-L{private}", "-l:libtiff-89abcdef.so.6", "-Wl,-rpath,$ORIGIN/../pillow.libs")  # fmt: skip
    return tmp_path / "readiness-app"


def test_pillow_uses_the_bundles_copy_and_its_own_is_left_out(bundle):
    build = load("build")
    internal = bundle / "_internal"
    tiff = internal / "pillow.libs" / "libtiff-89abcdef.so.6"
    assert PRIVATE in _needed(tiff)

    said = build.share_pillow_libraries(bundle)

    assert said.startswith("Pillow shares libzstd.so.1")
    assert not (internal / "pillow.libs" / PRIVATE).exists()
    assert not (internal / PRIVATE).is_symlink()  # no link left pointing at nothing
    assert "libzstd.so.1" in _needed(tiff) and PRIVATE not in _needed(tiff)
    versions = subprocess.run(["objdump", "-p", str(tiff)], capture_output=True, text=True).stdout
    assert "required from libzstd.so.1:" in versions  # the symbol versions name the new file too
    check = "import ctypes, os, sys;lib = ctypes.CDLL(sys.argv[1], mode=os.RTLD_NOW);print(lib.imaging_level())"
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))
    run = subprocess.run(
        [sys.executable, "-c", check, str(internal / "PIL" / "_imaging.so")], env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "3"  # the bundle's copy answered


def test_a_library_the_bundle_does_not_hold_keeps_pillows_copy(bundle):
    build = load("build")
    internal = bundle / "_internal"
    (internal / "libzstd.so.1").unlink()
    build.share_pillow_libraries(bundle)
    assert (internal / "pillow.libs" / PRIVATE).exists()
    assert PRIVATE in _needed(internal / "pillow.libs" / "libtiff-89abcdef.so.6")
