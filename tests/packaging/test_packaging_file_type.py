"""The register's file type: *.readiness (and *.sqlite) open in the app on Windows, macOS and Linux."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from readiness_app.cli import _desktop_launch, cmd_gui

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def test_a_double_clicked_register_opens_in_the_window(tmp_path):
    for name in ("Northmoor.readiness", "register.sqlite"):
        path = tmp_path / name
        path.write_bytes(b"")
        launch = _desktop_launch([str(path)])
        assert launch is not None and launch.register == str(path) and launch.handler is cmd_gui
    assert _desktop_launch([str(tmp_path / "missing.readiness")]) is None  # not there: the parser explains
    assert _desktop_launch(["status"]) is None


def test_linux_mime_type_names_the_extension():
    root = ET.parse(PACKAGING / "linux" / "readiness-app-mime.xml").getroot()
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = root.find("m:mime-type", ns)
    assert kind is not None and kind.get("type") == "application/x-readiness-register"
    assert [g.get("pattern") for g in kind.findall("m:glob", ns)] == ["*.readiness"]
    checker = shutil.which("xmllint")
    if checker:
        assert subprocess.run([checker, "--noout", str(PACKAGING / "linux" / "readiness-app-mime.xml")]).returncode == 0


def test_windows_installer_registers_the_extension_and_removes_it_on_uninstall():
    script = (PACKAGING / "windows" / "readiness.iss").read_text(encoding="utf-8")
    assert "ChangesAssociations=yes" in script
    assert (
        'Subkey: "Software\\Classes\\.readiness"; ValueType: string; ValueName: ""; ValueData: "ReadinessApp.Register"'
        in script
    )
    assert '"Software\\Classes\\.sqlite\\OpenWithProgids"' in script
    assert '"""{app}\\readiness.exe"" ""%1"""' in script
    assert script.count("uninsdelete") >= 4


def test_macos_bundle_declares_the_document_types():
    spec = (PACKAGING / "readiness.spec").read_text(encoding="utf-8")
    assert '"CFBundleDocumentTypes"' in spec and '"public.filename-extension": ["readiness"]' in spec
    assert '"CFBundleTypeExtensions": ["sqlite"]' in spec


# ------------------------------------------------------------------ Authenticode signing in the Windows build


def test_signing_is_skipped_cleanly_without_a_certificate(capsys):
    from .test_packaging_files import load

    build = load("build")
    calls: list[list[str]] = []
    assert build.sign_windows([Path("readiness.exe")], {}, runner=lambda cmd: calls.append(cmd)) == []
    assert calls == [] and "signing   skipped" in capsys.readouterr().out


def test_signing_runs_signtool_with_a_time_stamp_when_a_certificate_is_configured(monkeypatch, tmp_path):
    from types import SimpleNamespace

    from .test_packaging_files import load

    build = load("build")
    monkeypatch.setattr(build.shutil, "which", lambda name: "C:/SDK/signtool.exe" if "signtool" in name else None)
    calls: list[list[str]] = []

    def runner(cmd):
        calls.append(cmd)
        return SimpleNamespace(returncode=0)

    env = {"READINESS_SIGN_CERT": "store:AB12", "READINESS_SIGN_TIMESTAMP": "http://ts.example"}
    assert build.sign_windows([tmp_path / "readiness.exe", tmp_path / "setup.exe"], env, runner=runner) == [
        "readiness.exe",
        "setup.exe",
    ]
    assert calls[0][:2] == ["C:/SDK/signtool.exe", "sign"]
    assert calls[0][calls[0].index("/sha1") : calls[0].index("/sha1") + 2] == ["/sha1", "AB12"]
    assert "/tr" in calls[0] and "http://ts.example" in calls[0] and calls[1][-1].endswith("setup.exe")


def test_the_for_it_page_is_short_and_names_what_it_must():
    page = (PACKAGING.parent / "docs" / "for-it.md").read_text(encoding="utf-8")
    assert len(page.splitlines()) < 80
    for needed in ("%LOCALAPPDATA%", "No network calls", "settings.toml", "/VERYSILENT", "DisplayVersion", "MSI"):
        assert needed in page
    assert "docs/for-it.md" in (PACKAGING.parent / "README.md").read_text(encoding="utf-8")
