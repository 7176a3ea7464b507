"""The embedded TrueType family (DejaVu Sans, shipped in resources/fonts/).

The 14 standard PDF fonts cannot print many names (Siân, Wiśniewska, Wójcik),
so every document uses this family. All four faces are registered and tied
together with `registerFontFamily`, otherwise <b> and <i> would silently fall
back to the regular face.
"""

from __future__ import annotations

import threading

from readiness_app.errors import ReadinessError
from readiness_app.paths import resource

FAMILY = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
FACES = {
    FAMILY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the family once per process; returns the family name."""
    global _registered
    with _lock:
        if _registered:
            return FAMILY
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        for name, filename in FACES.items():
            path = resource("fonts", filename)
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (OSError, TTFError) as exc:
                raise ReadinessError(
                    f"the printing font {filename} is missing or damaged ({exc})",
                    "reinstall readiness-app",
                ) from None
        pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
        # addMapping makes <b>/<i> inside paragraphs resolve to the real faces.
        addMapping(FAMILY, 0, 0, FAMILY)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD_ITALIC)
        _registered = True
        return FAMILY
