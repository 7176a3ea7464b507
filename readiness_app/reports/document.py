"""The page furniture every document shares: named portrait/landscape page
templates, header and footer on every page, "Page X of Y", bookmarks and PDF
metadata (title, author, subject, language en-GB).

"Page X of Y" uses a two-pass canvas: each finished page is kept, and the page
numbers are stamped when the total is known at `save()`. This costs one dict
copy per page, far cheaper than laying the whole document out twice.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from readiness_app import __version__
from readiness_app.errors import ReadinessError
from readiness_app.register.validation import long_date
from readiness_app.reports import styles as S
from readiness_app.reports.audience import footer
from readiness_app.reports.fonts import BOLD, FAMILY
from readiness_app.reports.options import Story
from readiness_app.reports.scripts import printable


@dataclass(frozen=True)
class PageFurniture:
    """What the header and footer say."""

    council: str
    title: str
    marking: str  # "" = no marking
    generated_at: datetime
    audience: str = ""  # reports/audience.py key; "" = council internal

    @property
    def generated_text(self) -> str:
        return f"Generated {long_date(self.generated_at.date())} at {self.generated_at:%H:%M}"


def fit_text(canv: Canvas, text: str, font: str, size: float, width: float) -> str:
    """Shorten text with an ellipsis so it never runs into the next item."""
    if canv.stringWidth(text, font, size) <= width:
        return text
    while text and canv.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _draw_furniture(canv: Canvas, doc: ReadinessDocTemplate) -> None:
    """Header and footer (all but the page numbers, stamped later)."""
    f = doc.furniture
    council, title, marking = printable(f.council), printable(f.title), printable(f.marking)
    width, height = canv._pagesize
    left, right = S.MARGIN, width - S.MARGIN
    canv.saveState()
    top = height - S.MARGIN
    if marking:
        canv.setFont(BOLD, 9)
        canv.setFillColor(S.MARKING)
        canv.drawCentredString(width / 2, top, marking)
    canv.setFillColor(S.INK)
    canv.setFont(BOLD, 8.5)
    half = (right - left) / 2 - 6
    canv.drawString(left, top - 12, fit_text(canv, council, BOLD, 8.5, half))
    canv.setFont(FAMILY, 8.5)
    canv.setFillColor(S.MUTED)
    canv.drawRightString(right, top - 12, fit_text(canv, title, FAMILY, 8.5, half))
    canv.setStrokeColor(S.ACCENT)
    canv.setLineWidth(0.8)
    canv.line(left, top - 16, right, top - 16)

    bottom = S.MARGIN
    canv.setStrokeColor(S.RULE)
    canv.setLineWidth(0.5)
    canv.line(left, bottom + 10, right, bottom + 10)
    canv.setFont(FAMILY, 7.5)
    canv.setFillColor(S.MUTED)
    canv.drawString(left, bottom, f.generated_text)
    canv.setFont(BOLD, 7.5)
    canv.drawString(left, bottom - 9, footer(f.audience or None))  # who may read it, under the footer line
    if marking:
        canv.setFont(BOLD, 8)
        canv.setFillColor(S.MARKING)
        # centred between the date and the page number when it fits there, else under them on the right
        generated = canv.stringWidth(f.generated_text, FAMILY, 7.5)
        if canv.stringWidth(marking, BOLD, 8) / 2 + generated + 12 <= (right - left) / 2:
            canv.drawCentredString(width / 2, bottom, marking)
        else:
            canv.drawRightString(right, bottom - 9, marking)
    canv.restoreState()


def pdf_date(when: datetime) -> str:
    """A PDF date string (D:YYYYMMDDHHmmSS+hh'mm') for `when`, read as local time if it has no zone."""
    local = when.astimezone() if when.tzinfo is None else when
    offset = local.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"D:{local:%Y%m%d%H%M%S}{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def _numbered_canvas(pages_out: list[int], created: datetime | None = None) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Keeps each page until save() so it can print "Page X of Y"."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._kept: list[dict] = []
            if created is not None:
                # invariant mode keeps the file id repeatable but dates every PDF 1 Jan 2000: the
                # creation date is the time of printing instead (or --generated-at, for repeatable output)
                stamp = pdf_date(created)
                self._doc.setDateFormatter(lambda *_ymdhms: stamp)

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._kept)
            pages_out.append(total)
            for state in self._kept:
                self.__dict__.update(state)
                width, _ = self._pagesize
                self.saveState()
                self.setFont(FAMILY, 7.5)
                self.setFillColor(S.MUTED)
                self.drawRightString(width - S.MARGIN, S.MARGIN, f"Page {self._pageNumber} of {total}")
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


class ReadinessDocTemplate(BaseDocTemplate):
    """A4 document with "portrait" and "landscape" page templates."""

    def __init__(self, output, furniture: PageFurniture, story: Story, author: str):
        self.furniture = furniture
        self._bookmarks = 0
        self._last_level = -1
        super().__init__(
            output,
            pagesize=S.PORTRAIT,
            title=story.title,
            author=author,
            subject=story.subject or story.title,
            keywords=story.keywords,
            creator=f"readiness-app {__version__}",
            producer=f"readiness-app {__version__} (reportlab)",
            lang="en-GB",
            displayDocTitle=1,
            initialFontName=FAMILY,  # otherwise every page also carries an unused Helvetica
            initialFontSize=9,
            invariant=1,  # no wall-clock timestamps or random ids: same input, same bytes
            leftMargin=S.MARGIN,
            rightMargin=S.MARGIN,
            topMargin=S.MARGIN + S.HEADER_HEIGHT,
            bottomMargin=S.MARGIN + S.FOOTER_HEIGHT,
        )
        templates = []
        for name, size in (("portrait", S.PORTRAIT), ("landscape", S.LANDSCAPE)):
            width, height = size
            frame = Frame(
                S.MARGIN,
                S.MARGIN + S.FOOTER_HEIGHT,
                width - 2 * S.MARGIN,
                height - 2 * S.MARGIN - S.HEADER_HEIGHT - S.FOOTER_HEIGHT,
                id=f"{name}-body",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            templates.append(PageTemplate(id=name, frames=[frame], onPage=_draw_furniture, pagesize=size))
        if story.first_page == "landscape":
            templates.reverse()  # the first template is where the document starts
        self.addPageTemplates(templates)

    def afterFlowable(self, flowable) -> None:  # noqa: N802 (reportlab's name)
        text = getattr(flowable, "bookmark_text", None)
        if text is None:
            return
        # Outline levels may only step down one at a time; clamp rather than fail.
        level = max(0, min(int(flowable.bookmark_level), self._last_level + 1))
        self._last_level = level
        self._bookmarks += 1
        key = f"section-{self._bookmarks}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        if self._bookmarks == 1:
            self.canv.showOutline()  # open the bookmarks pane in viewers


def build_pdf(story: Story, furniture: PageFurniture, author: str) -> tuple[bytes, int]:
    """Lay the story out; returns the PDF bytes and the page count."""
    S.style_sheet()  # registers the fonts
    buffer = io.BytesIO()
    doc = ReadinessDocTemplate(buffer, furniture, story, author)
    pages: list[int] = []
    try:
        doc.build(list(story.flowables), canvasmaker=_numbered_canvas(pages, furniture.generated_at))
    except LayoutError as exc:
        raise ReadinessError(
            f"part of the {story.title.lower()} is too large to fit on a page",
            "shorten the longest text (for example a narrative or key messages) and print again",
        ) from exc
    return buffer.getvalue(), pages[0] if pages else 0


MARKING_POINTS = 9  # the marking's size at the top of every page


def marking_problem(marking: str) -> str | None:
    """Why a protective marking cannot print (it must fit across the narrower, portrait, page), or None."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    S.style_sheet()  # registers the fonts
    room = S.PORTRAIT[0] - 2 * S.MARGIN
    if stringWidth(printable(marking), BOLD, MARKING_POINTS) <= room:
        return None
    return (
        f"the protective marking is too long to print across the page ({len(marking)} characters); "
        "shorten it (for example OFFICIAL-SENSITIVE: PERSONAL)"
    )
