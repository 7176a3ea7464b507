"""Helpers for the evidence-folder tests: a register with an empty evidence folder and file writers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readiness_app.opening import create_register


class Folder:
    """An evidence folder on disk plus the register that tracks it."""

    def __init__(self, root: Path, reg):
        self.root = root
        self.reg = reg

    def write(self, rel: str, data: bytes | str = b"content", mtime: float | None = None) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        if mtime is not None:
            os.utime(path, (mtime, mtime))
        return path

    def rows(self) -> dict[str, dict]:
        return {r["rel_path"]: dict(r) for r in self.reg.query("SELECT * FROM evidence")}

    def row(self, rel: str) -> dict:
        return self.rows()[rel]

    def qs(self, item_id: int) -> list[str]:
        return [
            r[0] for r in self.reg.query("SELECT qs FROM evidence_qs WHERE evidence_id = ? ORDER BY qs", (item_id,))
        ]


@pytest.fixture
def folder(tmp_path) -> Folder:
    root = tmp_path / "evidence"
    root.mkdir()
    reg = create_register(tmp_path / "register.sqlite", council="Testshire Council", evidence_folder=root)
    yield Folder(root, reg)
    reg.close()


@pytest.fixture(scope="session")
def documents():
    """Builders of real PDF, Word, Excel, OpenDocument and e-mail files (tests/evidence/documents.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("search_documents", Path(__file__).with_name("documents.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
