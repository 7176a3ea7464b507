"""The evidence page shows a hostile file name as text and opens a file whose name is not UTF-8."""

from __future__ import annotations

import os

import pytest

from readiness_app.evidence.reconcile import reconcile
from readiness_app.opening import open_register

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_hostile_and_byte_names_on_the_evidence_page(make_window, demo_dir, qtbot):
    inbox = demo_dir / "evidence" / "00 Inbox - to sort"
    (inbox / "<b>Loud\nline.pdf").write_bytes(b"loud")
    with open(os.fsencode(str(inbox)) + b"/Rapport-\xe9t\xe9.pdf", "wb") as fh:
        fh.write(b"latin")
    reg = open_register(demo_dir / "register.sqlite", source="cli")
    reconcile(reg)
    reg.close()

    window = make_window(demo_dir / "register.sqlite")
    page = window.open_page("evidence")
    qtbot.waitUntil(lambda: page.model.total > 0, timeout=10_000)

    def row_of(ending: str) -> int:
        return next(r for r in range(page.model.rowCount()) if page.model.row_at(r)[8].endswith(ending))

    page.table.selectRow(row_of("line.pdf"))
    label = page.selection_label.text()
    assert "&lt;b&gt;Loud\\nline.pdf" in label and "<b>Loud" not in label
    page.table.selectRow(row_of("Rapport-\\xe9t\\xe9.pdf"))
    [path] = page._paths()
    assert path.exists() and path.read_bytes() == b"latin"
    wait_idle(qtbot, window)
