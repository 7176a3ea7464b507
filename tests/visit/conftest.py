"""Visit-week tests start from the demo without its pre-visit requests and plan,
so each test states exactly what it adds."""

from __future__ import annotations

import sqlite3

import pytest


@pytest.fixture
def demo_dir(demo_dir):
    conn = sqlite3.connect(demo_dir / "register.sqlite")
    with conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM cqc_request")
        conn.execute("DELETE FROM improvement_action")
    conn.close()
    return demo_dir
