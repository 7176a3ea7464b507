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
