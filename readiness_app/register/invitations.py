"""What each meeting invitation last said, so the next export knows what moved.

One row per invitation UID (a session's shared invitation, or a separate one
for a person who uses services or a carer). `content` is the invitation as
last sent (JSON), kept so a session that is later removed can still be
cancelled; `sequence` is the SEQUENCE Outlook saw last.
"""

from __future__ import annotations

import json
from typing import Any

from readiness_app.register.connection import Register
from readiness_app.register.records import now_iso


def sent(reg: Register) -> dict[str, dict[str, Any]]:
    """Every invitation exported so far, by UID: sequence, fingerprint, content, cancelled."""
    rows = reg.query("SELECT uid, session_id, sequence, fingerprint, content, cancelled, exported_at FROM invitation")
    return {r["uid"]: dict(r) | {"content": json.loads(r["content"]), "cancelled": bool(r["cancelled"])} for r in rows}


def record(reg: Register, entries: list[dict[str, Any]]) -> None:
    """Save what was exported: each entry has uid, session_id, sequence, fingerprint, content, cancelled."""
    at = now_iso()
    with reg.transaction():
        for e in entries:
            reg.conn.execute(
                "INSERT INTO invitation (uid, session_id, sequence, fingerprint, content, cancelled, exported_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(uid) DO UPDATE SET sequence = excluded.sequence,"
                " fingerprint = excluded.fingerprint, content = excluded.content, cancelled = excluded.cancelled,"
                " exported_at = excluded.exported_at",
                (
                    e["uid"],
                    e["session_id"],
                    e["sequence"],
                    e["fingerprint"],
                    json.dumps(e["content"], sort_keys=True),
                    int(e["cancelled"]),
                    at,
                ),
            )
