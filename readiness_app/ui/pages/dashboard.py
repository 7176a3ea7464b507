"""The dashboard: readiness at a glance. Every number is a link to the list behind it.

It is the first thing drawn at start-up, so it stays cheap: one summary query
(`readiness.summary`) turned into one HTML document in a QTextBrowser (Tab
moves between its links, Enter follows one), and no Qt enum namespaces
(PySide6 takes ~15 ms to load `Qt.*` the first time).

Above the text (below it while a new register's getting-started list shows, so
the list fits a small screen), once it has been drawn, three pictures from the same summary
(`dashboard_pictures`): the evidence coverage heat map (each cell opens its
evidence list), the countdown to the next milestone and readiness over time.

Pictures and text scroll together as one page: the text is as tall as its document, never a
small scroll area of its own under the pictures (at 1024x600 that left the headline figures
a strip of 250 px).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QScrollArea, QTextBrowser, QVBoxLayout, QWidget

from readiness_app.ui import return_tile, startup
from readiness_app.ui.colours import RAG_COLOURS, RAG_TEXT, WARNING_TEXT, adapt_html
from readiness_app.ui.pages import Page, day_label
from readiness_app.ui.plain_text import escape

DAY_BACKGROUND = "#f1f4f8"
SESSIONS_LISTED = 12


def link(text: object, target: str, title: str = "") -> str:
    """A link; `title` says what a bare number counts ("36 files in the inbox"), for the list of links."""
    said = f' title="{escape(title)}"' if title else ""
    return f'<a href="{escape(target)}"{said} style="color:#0b4f8a;">{escape(text)}</a>'


class _View(QTextBrowser):
    """The dashboard as one rich-text document; notes when it is first drawn with data (start-up timing)."""

    link_focused = Signal(str, str)  # href, the words shown: Tab (or Shift+Tab) reached a link
    populated = False
    after_drawn: Callable[[], None] | None = (
        None  # run once, after the first paint with data (the pictures: not before it)
    )

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002  (Qt's names)
        # Tab moves the text's cursor from link to link and Qt says nothing of it: say it here
        moved = super().focusNextPrevChild(next)
        cursor = self.textCursor()
        if moved and self.hasFocus() and cursor.hasSelection() and cursor.charFormat().anchorHref():
            self.link_focused.emit(cursor.charFormat().anchorHref(), cursor.selectedText())
        return moved

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.populated and "dashboard_shown" not in startup.marks:
            # the zero timer runs once this paint of the whole window has finished
            QTimer.singleShot(0, lambda: startup.mark("dashboard_shown"))
        if self.populated and self.after_drawn is not None:
            later, self.after_drawn = self.after_drawn, None
            QTimer.singleShot(0, later)


class DashboardPage(Page):
    key = "dashboard"
    title = "Dashboard"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.data: dict[str, Any] = {}
        self.html = ""
        self.tiles_later = False  # the first paint at start-up leaves the tiles out; they follow it
        self.tiles: dict[str, str] = {}  # QS id -> the tile's HTML
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The pictures and the text in one scroll area: the page scrolls as one.
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("dashboard_scroll")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the pictures and the links
        # The page is nearly always taller than the window: with its scroll bar always there, the text is
        # laid out once at its final width, not again when the bar appears (~3 ms of start-up).
        self.page_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.body = QWidget()
        self.body.setObjectName("dashboard_body")
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.page_scroll.setWidget(self.body)
        layout.addWidget(self.page_scroll, 1)
        # One document, not a grid of labels: word-wrapped rich-text labels are laid out again and
        # again by their layouts, which made the dashboard the slowest part of start-up.
        self.view = _View()
        self.view.setObjectName("dashboard_view")
        self.view.setAccessibleName("Dashboard: readiness at a glance")
        self.view.setOpenLinks(False)  # links are page names with filters, followed by `follow`
        self.view.setStyleSheet("QTextBrowser { border: none; }")
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.anchorClicked.connect(lambda url: self.follow(url.toString()))
        layout_of_text = self.view.document().documentLayout()
        layout_of_text.documentSizeChanged.connect(lambda _size: self._fit_text())
        self.view.link_focused.connect(lambda *_: self._show_cursor())  # Tab from link to link scrolls the page
        self.body_layout.addWidget(self.view)
        self.body_layout.addStretch(1)
        self.pictures = None  # built after the text is first drawn (start-up time)
        self.first_steps = False  # the getting-started list is showing (new register)
        self._waiting: list[Any] | None = []  # when_complete callbacks until the tiles and pictures are drawn

    def text(self) -> str:
        """The dashboard as plain text (what a screen reader reads)."""
        return self.view.toPlainText()

    # ------------------------------------------------------------ links

    def follow(self, href: str) -> None:
        """'evidence?status=inbox' -> open the evidence page filtered to the inbox."""
        from urllib.parse import parse_qsl, urlsplit

        from readiness_app.ui import getting_started

        if getting_started.follow(self.ctx, href):
            return
        parts = urlsplit(href)
        self.ctx.navigate(parts.path, **dict(parse_qsl(parts.query)))

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        from readiness_app.register import readiness, sessions

        reg = self.ctx.read
        today = self.ctx.today()
        data = readiness.summary(reg, today)
        self.data = data
        from readiness_app.ui import getting_started, next_milestone

        start = getting_started.state(reg)
        # While the getting-started list shows, it comes first and the pictures go below the text:
        # on a 1024x600 laptop the list must be readable without scrolling past nine "none" rows.
        self.first_steps = bool(start["show_list"])
        parts = [
            # Two sizes only (15pt for the council, 11pt for the headline lines, as the sidebar): every
            # further size or weight is another font to load and shape before the first paint (~0.5 ms each).
            f"<p style='font-size:11pt'><span style='font-size:15pt'><b>{escape(data['council'])}</b></span>"
            f" &nbsp; {self._when(data)}</p>",
        ]
        if self.first_steps:
            parts.append(getting_started.html(reg))
        parts += [
            f"<p style='font-size:11pt'>{self._rating_html(data)}</p>",
            f"<p style='font-size:11pt'>{self._counters_html(data)}</p>",
        ]
        case_problems = data.get("case_deadline_problems") or []
        if case_problems:  # within a week of the visit: conversations cannot be arranged without these
            problem_lines = "<br>".join(escape(m[0].upper() + m[1:]) for m in case_problems)
            parts.append(
                f"<p style='font-size:11pt'><b>{link(len(case_problems), 'cases')} case tracking "
                f"problem{'s' if len(case_problems) != 1 else ''}:</b><br>{problem_lines}</p>"
            )
        visit = self._visit_html(data.get("visit") or {})
        if visit:
            parts.append(f"<p style='font-size:11pt'>{visit}</p>")
        parts.append(next_milestone.html(reg, today))
        parts.append(return_tile.tile_html(reg, today, link))  # information return, figures, snapshots
        tiles_at = len(parts)
        if start["show_tiles"]:  # nine red tiles alike say nothing to a new register
            parts.append(self._tiles_html(data["quality_statements"]))

        days = data["visit_days"]
        boxes = []
        for day, name in ((today, "Today"), (today + timedelta(days=1), "Tomorrow")):
            rows = sessions.list_sessions(reg, day=day.isoformat(), include_cancelled=False)
            plural = "" if len(rows) == 1 else "s"
            count = link(len(rows), f"interviews?day={day.isoformat()}", f"{name}: {len(rows)} session{plural}")
            lines = [f"<b>{name}, {day_label(day.isoformat())}</b>: {count} session{'' if len(rows) == 1 else 's'}"]
            for s in rows[:SESSIONS_LISTED]:
                lines.append(
                    f"{s['start']}-{s['end']} &nbsp; {link(s['title'], 'interviews?session=' + str(s['id']))}"
                    f" &nbsp; <span style='color:#555'>{escape(s['room'] or 'no room')}</span>"
                )
            if len(rows) > SESSIONS_LISTED:
                lines.append(f"... and {len(rows) - SESSIONS_LISTED} more")
            if not rows and name == "Today":
                upcoming = [d["date"] for d in days if d["date"] > today.isoformat()]
                if upcoming:
                    lines.append(f"Next visit day: {link(day_label(upcoming[0]), f'interviews?day={upcoming[0]}')}")
            boxes.append(f"<td width='50%' bgcolor='{DAY_BACKGROUND}'>{'<br>'.join(lines)}</td>")
        parts.append(f"<table width='100%' cellspacing='8' cellpadding='8'><tr>{''.join(boxes)}</tr></table>")
        first = not self.html
        # on a dark or high-contrast palette every colour takes its dark partner (4.5:1 or more)
        dark = self.palette().window().color().lightness() < 128
        parts = [adapt_html(part, dark) for part in parts]
        self.html = "".join(parts)
        if first:
            # The first paint has the headline figures; the nine tiles (~5 ms to lay out and draw) join the
            # pictures right after it.
            self.tiles_later = bool(start["show_tiles"])
            self.view.setHtml("".join(parts[:tiles_at] + parts[tiles_at + 1 :]) if self.tiles_later else self.html)
            self._fit_text()
        else:
            bar = self.page_scroll.verticalScrollBar()
            position = bar.value()
            self.view.setHtml(self.html)
            self.tiles_later = False
            self._fit_text()
            bar.setValue(position)  # a refresh after an edit keeps the reader's place
        self.view.populated = True
        if self.pictures is None:
            self.view.after_drawn = self._show_pictures
        else:
            self._show_pictures()

    def _show_pictures(self) -> None:
        from readiness_app.ui.pages.dashboard_pictures import DashboardPictures

        if not self.data or self.ctx.closed:
            self._completed()
            return
        if self.tiles_later:
            self.view.setHtml(self.html)
            self.tiles_later = False
            self._fit_text()
        new = self.pictures is None
        if self.pictures is None:
            self.pictures = DashboardPictures(self.ctx)
        pictures = self.pictures
        layout: QBoxLayout = self.body_layout  # above the text, or below it while the first steps show
        place = 1 if self.first_steps else 0
        if layout.indexOf(pictures) != place:
            layout.removeWidget(pictures)
            layout.insertWidget(place, pictures)
        if new:  # Tab reaches the pictures first, then the text's links
            for first, then in ((pictures.coverage, pictures.countdown), (pictures.countdown, pictures.chart)):
                self.setTabOrder(first, then)
            self.setTabOrder(pictures.chart, self.view)
            self._add_link_list()
            self.view.after_drawn = self._completed  # once the tiles and pictures are drawn too
        self.pictures.show_summary(self.data)

    def _fit_text(self) -> None:
        """The text as tall as its document at the present width, so only the page scrolls."""
        height = int(self.view.document().size().height() + 0.999) + 2 * self.view.frameWidth()
        if height != self.view.height():
            self.view.setFixedHeight(height)

    def _show_cursor(self) -> None:
        if self.view.hasFocus():  # a link reached by Tab: scroll the page to it
            where = self.view.viewport().mapTo(self.body, self.view.cursorRect().center())
            self.page_scroll.ensureVisible(where.x(), where.y(), 20, 40)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_text()

    # ------------------------------------------------------------ links for screen readers

    def links(self) -> list[tuple[str, str]]:
        """(what the link says, where it goes) for every link in the text, in reading order."""
        import html
        import re

        found = re.findall(r'<a href="([^"]*)"(?: title="([^"]*)")?[^>]*>(.*?)</a>', self.html)
        return [
            (html.unescape(title or re.sub(r"<[^>]+>", "", text)), html.unescape(href)) for href, title, text in found
        ]

    def _add_link_list(self) -> None:
        """The text's links as a menu a screen reader lists and follows (a rich-text browser does not
        expose its links as links), and each link said as Tab reaches it in the text."""
        from PySide6.QtWidgets import QMenu, QToolButton

        from readiness_app.ui.accessibility import announce

        self.links_button = QToolButton()
        self.links_button.setText("&Links on this page")
        self.links_button.setToolTip("Every link on the dashboard, as a menu: pick one to open its list")
        self.links_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.links_button)
        menu.setAccessibleName("Links on the dashboard")
        menu.aboutToShow.connect(lambda: self._fill_link_menu(menu))
        self.links_button.setMenu(menu)
        layout = self.layout()
        if layout is not None:
            layout.addWidget(self.links_button)
        self.setTabOrder(self.view, self.links_button)

        def said(href: str, shown: str) -> None:
            words = next((text for text, target in self.links() if target == href), shown)
            announce(self.view, f"Link: {words}")

        self.view.link_focused.connect(said)

    def _fill_link_menu(self, menu) -> None:
        menu.clear()
        for text, href in self.links():
            action = menu.addAction(text.replace("&", "&&"))
            action.triggered.connect(lambda _checked=False, h=href: self.follow(h))

    def when_complete(self, fn) -> None:
        if self._waiting is None:
            QTimer.singleShot(0, fn)
        else:
            self._waiting.append(fn)

    def _completed(self) -> None:
        startup.mark("dashboard_complete")  # the start-up benchmark's second figure
        waiting, self._waiting = self._waiting or [], None
        for fn in waiting:
            fn()

    @staticmethod
    def _when(data: dict[str, Any]) -> str:
        n = data["days_to_onsite"]
        if n is None:
            return "On-site dates not set yet"
        first = day_label([d["date"] for d in data["visit_days"] if d["kind"] == "onsite"][0])
        if n > 0:
            return f"On-site visit in <b>{n} day{'s' if n != 1 else ''}</b> ({first})"
        if n == 0:
            return "<b>The on-site visit starts today</b>"
        return f"On-site visit began {first}"

    @staticmethod
    def _rating_html(data: dict[str, Any]) -> str:
        rating = data["rating"]
        if rating["state"] == "incomplete":
            text = f"Indicative rating: incomplete, no self-assessment score for {escape(', '.join(rating['missing']))}"
        else:
            band = rating["band"] or rating["note"]
            text = (
                f"Indicative rating (self-assessment): <b>{escape(band)}</b> &nbsp; "
                f"{rating['total']}/{rating['maximum']} = {rating['percent']}%"
            )
        rag = data["rag"]
        return text + (
            " &nbsp;&nbsp; Quality statements: "
            + ", ".join(
                f"{link(rag[key], 'quality?rag=' + key, f'{rag[key]} {key} quality statements')} {key}"
                for key in ("red", "amber", "green")
            )
        )

    @staticmethod
    def _counters_html(data: dict[str, Any]) -> str:
        counts, gaps = data["counts"], data["open_gaps"]
        items = [  # (count, words for one, words for more, list)
            (counts["inbox"], "file in the inbox to sort", "files in the inbox to sort", "evidence?status=inbox"),
            (gaps["high"], "open high-severity gap", "open high-severity gaps", "gaps?severity=high&open=1"),
            (len(data["conflicts"]), "double booking", "double bookings", "interviews?conflicts=1"),
            (
                data["cases_awaiting_consent"],
                "shortlisted case awaiting consent",
                "shortlisted cases awaiting consent",
                "cases?awaiting_consent=1",
            ),
            (counts["missing"], "evidence file missing", "evidence files missing", "evidence?presence=missing"),
            (counts["evidence"], "evidence item", "evidence items", "evidence"),
            (counts["sessions"], "session", "sessions", "interviews"),
        ]
        return " &nbsp;·&nbsp; ".join(
            f"<b>{link(n, target, f'{n} {one if n == 1 else more}')}</b> {escape(one if n == 1 else more)}"
            for n, one, more, target in items
        )

    @staticmethod
    def _visit_html(visit: dict[str, Any]) -> str:
        """CQC requests, the factual accuracy deadline and the improvement plan, once there is any."""
        parts: list[str] = []
        requests = visit.get("requests") or {}
        if requests.get("total"):
            overdue = requests["overdue"]
            words = f"CQC request{'s' if overdue != 1 else ''} overdue"
            count = f"<b>{link(overdue, 'requests?overdue=1', f'{overdue} {words}')}</b> {words}"
            if overdue:
                count = f"<span style='color:{WARNING_TEXT}'>{count}</span>"
            opened = requests["open"]
            parts.append(f"{count} ({link(opened, 'requests?open=1', f'{opened} CQC requests open')} open)")
        fa = visit.get("factual_accuracy") or {}
        if fa.get("received"):
            if fa.get("error"):
                parts.append(f"Factual accuracy: <span style='color:{WARNING_TEXT}'>{escape(fa['error'])}</span>")
            else:
                left, due = fa["working_days_left"], day_label(fa["deadline"])
                if fa["state"] == "passed":
                    text = f"<span style='color:{WARNING_TEXT}'><b>deadline passed</b> ({due})</span>"
                elif fa["state"] == "due today":
                    text = f"<span style='color:{WARNING_TEXT}'><b>due today</b></span>"
                else:
                    text = f"due {due}, <b>{left} working day{'s' if left != 1 else ''} left</b>"
                parts.append(f"{link('Factual accuracy check', 'accuracy')}: {text}, {fa.get('points', 0)} points")
        plan = visit.get("plan") or {}
        if plan.get("total"):
            overdue = plan["overdue"]
            text = (
                f"<b>{link(overdue, 'outcome?overdue=1', f'{overdue} improvement actions overdue')}</b>"
                f" improvement action{'s' if overdue != 1 else ''} overdue"
            )
            if overdue:
                text = f"<span style='color:{WARNING_TEXT}'>{text}</span>"
            parts.append(f"{text} (of {plan['total']})")
        learning = visit.get("learning") or {}
        if learning.get("entries"):
            entries = learning["entries"]
            parts.append(
                f"{link(entries, 'learning', f'{entries} learning log entries')} learning log entries, "
                f"{learning['corrections']} with a correction"
            )
        return " &nbsp;·&nbsp; ".join(parts)

    def _tiles_html(self, statements: list[dict[str, Any]]) -> str:
        """The nine quality statements, three to a row, each coloured by its RAG."""
        cells = []
        for qs in statements:
            rag, q = qs["rag"], qs["qs"]
            evidence = sum(qs["evidence_by_category"].values())
            gaps = sum(qs["open_gaps"].values())
            score = qs["score"] if qs["score"] is not None else "-"
            sessions = qs["sessions"]
            reasons = "".join(f"<li>{escape(r)}</li>" for r in qs["reasons"]) or "<li>ready</li>"
            tile = (
                f"<span style='color:{RAG_TEXT[rag]}'><b>{rag.upper()}</b></span> &nbsp; "
                f"<b>{link(q + ' ' + qs['name'], 'quality?qs=' + q)}</b><br>"
                f"<span style='color:#444'>{escape(qs['theme'])}</span><br>"
                f"Score {score} &nbsp;·&nbsp; "
                f"{link(evidence, 'evidence?qs=' + q, f'{q}: {evidence} accepted evidence')} accepted evidence"
                f" &nbsp;·&nbsp; {link(gaps, 'gaps?open=1&qs=' + q, f'{q}: {gaps} open gaps')} open gaps"
                f" &nbsp;·&nbsp; {link(qs['sessions'], 'interviews?qs=' + q, f'{q}: {sessions} sessions')} sessions"
                f"<ul style='margin-top:2px; margin-left:-20px'>{reasons}</ul>"
            )
            self.tiles[q] = tile
            cells.append(f"<td width='33%' valign='top' bgcolor='{RAG_COLOURS[rag]}'>{tile}</td>")
        rows = "".join(f"<tr>{''.join(cells[n : n + 3])}</tr>" for n in range(0, len(cells), 3))
        return f"<table width='100%' cellspacing='8' cellpadding='8'>{rows}</table>"


PAGE = DashboardPage
