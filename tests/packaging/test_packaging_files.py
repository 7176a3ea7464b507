"""The packaging files themselves: icons, desktop entry, Linux install script, Inno Setup script, build helpers."""

from __future__ import annotations

import configparser
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from readiness_app import __version__

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load(name: str):
    """Import a script from packaging/ (it is not a package)."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ icons


def test_icons_are_made_from_the_apps_own_icon_in_every_size(tmp_path):
    icons = load("icons").make_icons(tmp_path)

    with Image.open(icons["ico"]) as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(icons["icns"]) as icns:
        assert {(32, 32, 2), (128, 128, 1), (256, 256, 1), (512, 512, 1)} <= set(icns.info["sizes"])
    assert icons["png"] == ROOT / "resources" / "icons" / "readiness-512.png"


# ------------------------------------------------------------------ Linux desktop entry and installer


def test_desktop_entry_names_the_installed_command_and_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "linux" / "readiness-app.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"] == "readiness %f"  # a double-clicked register arrives as the argument
    assert "application/x-readiness-register" in desktop["MimeType"].split(";")
    assert desktop["Icon"] == "readiness-app"  # the name install.sh gives the icons
    assert desktop["Terminal"] == "false"
    assert "Office" in desktop["Categories"].split(";")
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(PACKAGING / "linux" / "readiness-app.desktop")], capture_output=True)
        assert result.returncode == 0, result.stdout + result.stderr


def fake_bundle(folder: Path, version: str, extra: str) -> Path:
    """A stand-in for dist/readiness-app: same layout, a tiny `readiness` that prints its version."""
    icons = folder / "_internal" / "resources" / "icons"
    icons.mkdir(parents=True)
    for size in (16, 48, 256):
        shutil.copy(ROOT / "resources" / "icons" / f"readiness-{size}.png", icons)
    shutil.copy(ROOT / "resources" / "icons" / "readiness.svg", icons)
    (folder / "_internal" / extra).write_text(version, encoding="utf-8")
    exe = folder / "readiness"
    exe.write_text(f"#!/bin/sh\necho 'readiness-app {version}'\n", encoding="utf-8")
    exe.chmod(0o755)
    for name in ("install.sh", "readiness-app.desktop", "readiness-app-mime.xml"):
        shutil.copy2(PACKAGING / "linux" / name, folder / name)
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux install script needs a POSIX shell")
def test_linux_install_upgrade_uninstall_never_touch_user_data(tmp_path):
    home = tmp_path / "home"
    data = home / ".local" / "share" / "readiness-app"
    data.mkdir(parents=True)
    (data / "register.sqlite").write_bytes(b"the lead's register")
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}

    def install(bundle: Path, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["sh", str(bundle / "install.sh"), *args], env=env, capture_output=True, text=True)

    first = fake_bundle(tmp_path / "v1" / "readiness-app", "1.0.0", "only-in-v1.txt")
    result = install(first, "--user")
    assert result.returncode == 0, result.stderr
    assert "installed readiness-app 1.0.0" in result.stdout
    target = home / ".local" / "opt" / "readiness-app"
    assert (target / "_internal" / "only-in-v1.txt").exists()
    link = home / ".local" / "bin" / "readiness"
    assert link.is_symlink() and link.resolve() == (target / "readiness").resolve()
    entry = (data.parent / "applications" / "readiness-app.desktop").read_text(encoding="utf-8")
    assert f"Exec={target}/readiness" in entry  # absolute: ~/.local/bin may not be on the menu's PATH
    assert (data.parent / "icons" / "hicolor" / "48x48" / "apps" / "readiness-app.png").exists()
    mime = (data.parent / "mime" / "packages" / "readiness-app.xml").read_text(encoding="utf-8")
    assert 'glob pattern="*.readiness"' in mime
    assert (data.parent / "icons" / "hicolor" / "scalable" / "apps" / "readiness-app.svg").exists()

    second = fake_bundle(tmp_path / "v2" / "readiness-app", "2.0.0", "only-in-v2.txt")
    result = install(second, "--user")
    assert result.returncode == 0, result.stderr
    assert "installed readiness-app 2.0.0" in result.stdout
    assert not (target / "_internal" / "only-in-v1.txt").exists()  # no stale files from the old version
    assert (target / "_internal" / "only-in-v2.txt").exists()
    assert not (target.parent / "readiness-app.new").exists() and not (target.parent / "readiness-app.old").exists()

    result = install(second, "--user", "--uninstall")
    assert result.returncode == 0, result.stderr
    assert not target.exists() and not link.is_symlink()
    assert not (data.parent / "applications" / "readiness-app.desktop").exists()
    assert (data / "register.sqlite").read_bytes() == b"the lead's register"


@pytest.mark.skipif(sys.platform == "win32", reason="the Linux install script needs a POSIX shell")
def test_linux_install_refuses_a_folder_without_the_app(tmp_path):
    folder = tmp_path / "not-the-app"
    folder.mkdir()
    shutil.copy2(PACKAGING / "linux" / "install.sh", folder)
    result = subprocess.run(
        ["sh", str(folder / "install.sh"), "--user"],
        env={"HOME": str(tmp_path), "PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "readiness not found" in result.stderr
    assert not (tmp_path / ".local" / "opt").exists()


# ------------------------------------------------------------------ Windows installer script


def test_inno_setup_script_upgrades_in_place_and_leaves_user_data():
    text = (PACKAGING / "windows" / "readiness.iss").read_text(encoding="utf-8")
    app_id = re.search(r"^AppId=\{\{([0-9A-F-]{36})\}", text, re.M)
    assert app_id, "a fixed AppId is what makes a new version upgrade the old one"
    sections = dict(re.findall(r"^\[(\w+)\]\n(.*?)(?=^\[|\Z)", text, re.M | re.S))
    assert 'Name: "{app}\\_internal"' in sections["InstallDelete"]
    for section in ("InstallDelete", "UninstallDelete"):
        assert "{app}" in sections[section]
        assert not re.search(r"\{(localappdata|userappdata|commonappdata|userdocs)\}", sections[section], re.I)
    assert "readiness.exe" in sections["Icons"] and "--demo" in sections["Icons"]
    # build.py passes these defines; the script must use each of them.
    build = (PACKAGING / "build.py").read_text(encoding="utf-8")
    for define in ("AppVersion", "SourceDir", "IconFile", "OutputDir"):
        assert f"/D{define}=" in build
        assert "{#" + define + "}" in text


# ------------------------------------------------------------------ build.py helpers and the launcher


def test_build_fails_with_a_hint_when_pyinstaller_is_missing(monkeypatch, capsys, tmp_path):
    build = load("build")
    real = build.importlib.util.find_spec
    monkeypatch.setattr(build.importlib.util, "find_spec", lambda name: None if name == "PyInstaller" else real(name))

    assert build.main(["--dist", str(tmp_path / "dist"), "--work", str(tmp_path / "work")]) == 1
    err = capsys.readouterr().err
    assert "error: PyInstaller is not installed" in err
    assert "hint: pip install" in err
    assert not (tmp_path / "dist").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_bundle_size_counts_each_file_once(tmp_path):
    build = load("build")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "libQt6Core.so.6").write_bytes(b"x" * 1000)
    (tmp_path / "libQt6Core.so.6").symlink_to("lib/libQt6Core.so.6")
    (tmp_path / "readiness").write_bytes(b"y" * 24)

    assert build.folder_size(tmp_path) == (1024, 2)
    assert build.largest_parts(tmp_path)[0] == ("lib/libQt6Core.so.6", 1000)


def test_build_reads_the_apps_version():
    assert load("build").app_version() == __version__


def test_launcher_runs_the_command_line(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env["READINESS_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "launcher.py"), "rating", "--scores", "2,2,2,2,3,3,3,3,3"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "%" in result.stdout
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "launcher.py"), "--version"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.stdout.strip() == f"readiness-app {__version__} (Python {platform.python_version()})"
