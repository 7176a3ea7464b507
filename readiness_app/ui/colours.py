"""The app's few colours, in one place (no Qt: the dashboard reads them before anything else loads).

The colours below are drawn on the light default palette. With a dark palette (Windows' High
Contrast Black, or any dark theme) each has a dark-palette partner in `ON_DARK`, chosen so text
keeps at least 4.5:1 against what it sits on; `adapt()` and `adapt_html()` swap them, and
`contrast_ratio()` (WCAG 2.2's formula) is what the tests check them with.
"""

from __future__ import annotations

RAG_COLOURS = {"red": "#f6d5d2", "amber": "#fbe8c4", "green": "#d5ecd9"}  # backgrounds
RAG_TEXT = {"red": "#8a1c14", "amber": "#7a4d00", "green": "#1e5e2f"}  # text and borders on them
WARNING_TEXT = "#a4262c"  # overdue, failed, double-booked
LINK = "#0b4f8a"
MUTED = "#555555"  # secondary text (rooms, themes)
PANEL = "#f1f4f8"  # the sidebar, the dashboard's day boxes
PANEL_BLUE = "#eef3f7"  # the dashboard's information return box
SELECTED = "#1d6fb8"  # the sidebar's current page (white text on it)

# light-palette colour -> its partner on a dark palette (text light, backgrounds dark)
ON_DARK: dict[str, str] = {
    RAG_COLOURS["red"]: "#5a1d19",
    RAG_COLOURS["amber"]: "#4d3606",
    RAG_COLOURS["green"]: "#173d20",
    RAG_TEXT["red"]: "#ffb8b0",
    RAG_TEXT["amber"]: "#ffd88a",
    RAG_TEXT["green"]: "#a6e8b1",
    WARNING_TEXT: "#ffaea6",
    LINK: "#9fd0ff",
    MUTED: "#cfcfcf",
    "#555": "#cfcfcf",
    "#444": "#d8d8d8",
    "#333": "#e0e0e0",
    PANEL: "#1c232c",
    PANEL_BLUE: "#1a2530",
    "#dbe8f5": "#1b3550",  # a session in the day timetable
    "#fbe3e1": "#5a1d19",  # the session dialog's double-booking box
    "#7d1a14": "#ffb8b0",
    "#8a5300": "#ffd88a",  # register warnings in the status bar
    "#eeeeee": "#3a3a3a",  # a cancelled session
    "#e8e8e8": "#3a3a3a",  # an online-only evidence file
    "#dbe7f3": "#1b3550",  # a completed improvement action
    "#fff4d6": "#4d3606",
    "#f7f9fb": "#1c232c",
    "#222": "#e8e8e8",
}
TEXT_ON_TINT = {False: "#1a1a1a", True: "#f2f2f2"}  # the text of a tinted row, light palette or dark


def adapt(colour: str, dark: bool) -> str:
    """`colour` as drawn on the current palette: its dark partner when the palette is dark."""
    return ON_DARK.get(colour.lower(), colour) if dark else colour


def adapt_html(html: str, dark: bool) -> str:
    """Rich text with every known colour swapped for its dark partner (the dashboard, schedules)."""
    if not dark:
        return html
    for light, partner in ON_DARK.items():
        html = html.replace(f":{light}", f":{partner}").replace(f"'{light}'", f"'{partner}'")
        html = html.replace(f": {light}", f": {partner}").replace(f'"{light}"', f'"{partner}"')
    return html


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb' (or '#rgb')."""
    hex_ = colour.lstrip("#")
    if len(hex_) == 3:
        hex_ = "".join(c * 2 for c in hex_)
    r, g, b = (int(hex_[n : n + 2], 16) for n in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(one: str, other: str) -> float:
    """WCAG contrast ratio between two colours, 1.0 to 21.0."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)
