"""Paragraph styles, colours and page geometry shared by every document."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from readiness_app.reports.fonts import BOLD, FAMILY, ITALIC, register_fonts

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN = 15 * mm
HEADER_HEIGHT = 14 * mm  # band above the frame for council, title and marking
FOOTER_HEIGHT = 10 * mm

# A sober council palette: dark teal for structure, RAG colours that still read
# in greyscale because the word (RED/AMBER/GREEN) is always printed as well.
INK = colors.HexColor("#1B1B1B")
MUTED = colors.HexColor("#5A5A5A")
ACCENT = colors.HexColor("#0B4F6C")
ACCENT_LIGHT = colors.HexColor("#E3EEF3")
RULE = colors.HexColor("#B8C4CA")
ZEBRA = colors.HexColor("#F5F7F8")
MARKING = colors.HexColor("#8B0000")
RAG = {
    "red": colors.HexColor("#C62828"),
    "amber": colors.HexColor("#F0A202"),
    "green": colors.HexColor("#2E7D32"),
}
RAG_TEXT = {"red": colors.white, "amber": INK, "green": colors.white}
CONFLICT = colors.HexColor("#C62828")


@cache
def style_sheet() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle(
        "body", fontName=FAMILY, bulletFontName=FAMILY, fontSize=9, leading=11.5, textColor=INK, alignment=TA_LEFT
    )
    sheet = {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.2),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=9.6),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=BOLD, fontSize=8, leading=9.6),
        "header_cell": ParagraphStyle(
            "header_cell", parent=base, fontName=BOLD, fontSize=8, leading=9.6, textColor=colors.white
        ),
        "muted": ParagraphStyle("muted", parent=base, textColor=MUTED, fontName=ITALIC),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BOLD, fontSize=20, leading=24, textColor=ACCENT, spaceAfter=4
        ),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=14, textColor=MUTED, spaceAfter=10),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=BOLD,
            fontSize=14,
            leading=17,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=10.5,
            leading=13,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=BOLD, fontSize=9, leading=11.5, spaceBefore=5, spaceAfter=2, keepWithNext=1
        ),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=10, bulletIndent=2, spaceAfter=1.5),
        "notice": ParagraphStyle(
            "notice",
            parent=base,
            fontSize=10,
            leading=13,
            borderColor=ACCENT,
            borderWidth=0.8,
            borderPadding=7,
            # Indented by the padding so the box lines up with the tables instead of poking into the margin.
            leftIndent=7,
            rightIndent=7,
            backColor=ACCENT_LIGHT,
            spaceBefore=8,
            spaceAfter=12,
        ),
        "block_title": ParagraphStyle("block_title", parent=base, fontName=BOLD, fontSize=7, leading=8.2),
        "block_text": ParagraphStyle("block_text", parent=base, fontSize=6.3, leading=7.4),
    }
    return sheet
