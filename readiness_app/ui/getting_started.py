"""The dashboard's getting-started list for a new register: seven steps, each linking to where it is done.

Shown instead of the nine quality statement tiles (all red and alike in an
empty register) until the self-assessment is entered, and gone once every step
is done. Links are page names (as every dashboard link) or `do:` actions: the
register settings dialog and the spreadsheet import.
"""

from __future__ import annotations

import re
from typing import Any

from readiness_app.register import getting_started
from readiness_app.register.connection import Register

DONE_MARK, OPEN_MARK = "&#10003;", "&#9675;"  # check mark, open circle

# step key -> [(link text, target)]
LINKS: dict[str, list[tuple[str, str]]] = {
    "visit": [("Register settings", "do:settings")],
    "rooms_team": [("Rooms", "setup?tab=rooms"), ("CQC team", "setup?tab=team")],
    "people": [("Import people", "do:import?kind=people"), ("People", "people")],
    "cases": [("Import the case list", "do:import?kind=cases"), ("Case tracking", "cases")],
    "timetable": [("Import a timetable", "do:import?kind=sessions"), ("Interviews", "interviews")],
    "evidence": [("Evidence folder", "do:settings"), ("Evidence inbox", "evidence?status=inbox")],
    "self_assessment": [("Quality statements", "quality")],
}


_ONE = re.compile(r"\b1 (room|case|session|accepted item|visit day)s\b")


def one_or_many(detail: str) -> str:
    """The register's counts say "1 cases"; a reader expects "1 case" (and "1 person")."""
    return _ONE.sub(r"1 \1", detail).replace("1 people", "1 person")


def _escape(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def state(reg: Register) -> dict[str, Any]:
    """The steps, how many are done, and whether the tiles should show yet."""
    steps = getting_started.steps(reg)
    done = sum(s["done"] for s in steps)
    scores = next(s for s in steps if s["key"] == "self_assessment")["done"]
    return {"steps": steps, "done": done, "total": len(steps), "show_list": done < len(steps), "show_tiles": scores}


def html(reg: Register) -> str:
    """The list as dashboard HTML ("" once every step is done)."""
    info = state(reg)
    if not info["show_list"]:
        return ""
    rows = []
    for step in info["steps"]:
        mark = DONE_MARK if step["done"] else OPEN_MARK
        colour = "#1b6e33" if step["done"] else "#222"
        links = " &nbsp; ".join(
            f'<a href="{target}" style="color:#0b4f8a;">{_escape(text)}</a>' for text, target in LINKS[step["key"]]
        )
        rows.append(
            f"<tr><td style='color:{colour}'>{mark}</td><td style='color:{colour}'>{_escape(step['label'])}</td>"
            f"<td style='color:#555'>{_escape(one_or_many(step['detail']))}</td><td>{links}</td></tr>"
        )
    width = round(100 * info["done"] / info["total"])
    bar = (
        f"<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td width='{max(width, 1)}%' bgcolor='#1d6fb8' height='8'></td>"
        f"<td width='{100 - width}%' bgcolor='#dde3ea' height='8'></td></tr></table>"
    )
    return (
        f"<p style='font-size:11pt'><b>Getting started</b> &nbsp; {info['done']} of {info['total']} steps done</p>"
        f"{bar}<table cellspacing='4' cellpadding='4'>{''.join(rows)}</table>"
    )


def follow(ctx, href: str) -> bool:
    """Carry out a `do:` link (True), or leave a page link to the dashboard (False)."""
    if not href.startswith("do:"):
        return False
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(href[3:])
    window = ctx.window
    if parts.path == "settings":
        window.open_register_settings()
    elif parts.path == "import":
        window.import_spreadsheet(dict(parse_qsl(parts.query)).get("kind"))
    return True
