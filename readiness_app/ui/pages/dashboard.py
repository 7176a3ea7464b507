"""The dashboard: readiness at a glance. Every number is a link to the list behind it."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from readiness_app.ui.models import RAG_COLOURS, RAG_TEXT
from readiness_app.ui.pages import Page


def link(text: object, target: str) -> str:
    return f'<a href="{escape(target)}" style="color:#0b4f8a;">{escape(str(text))}</a>'


def _label(html: str = "", *, name: str = "") -> QLabel:
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)  # links reachable by Tab
    label.setOpenExternalLinks(False)
    if name:
        label.setAccessibleName(name)
    return label


class DashboardPage(Page):
    key = "dashboard"
    title = "Dashboard"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        self.layout_ = QVBoxLayout(body)
        self.layout_.setContentsMargins(18, 14, 18, 14)

        self.header = _label(name="Council and visit")
        self.header.setStyleSheet("font-size: 15pt;")
        self.layout_.addWidget(self.header)
        self.rating = _label(name="Indicative rating")
        self.rating.setStyleSheet("font-size: 12pt;")
        self.layout_.addWidget(self.rating)
        self.counters = _label(name="Counts that need attention")
        self.counters.setStyleSheet("font-size: 11pt; padding: 6px 0;")
        self.layout_.addWidget(self.counters)

        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        self.layout_.addLayout(self.grid)
        self.tiles: dict[str, QLabel] = {}

        days = QHBoxLayout()
        self.today = _label(name="Today's sessions")
        self.tomorrow = _label(name="Tomorrow's sessions")
        for box in (self.today, self.tomorrow):
            box.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            box.setStyleSheet("background: #f7f9fb; border: 1px solid #d9e0e8; padding: 8px;")
            days.addWidget(box, 1)
        self.layout_.addSpacing(8)
        self.layout_.addLayout(days)
        self.layout_.addStretch(1)
        for widget in (self.header, self.rating, self.counters, self.today, self.tomorrow):
            widget.linkActivated.connect(self.follow)

    # ------------------------------------------------------------ links

    def follow(self, href: str) -> None:
        """'evidence?status=inbox' -> open the evidence page filtered to the inbox."""
        from urllib.parse import parse_qsl, urlsplit

        parts = urlsplit(href)
        self.ctx.navigate(parts.path, **dict(parse_qsl(parts.query)))

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        from readiness_app.register import readiness, sessions

        reg = self.ctx.read
        data = readiness.summary(reg)
        self.data = data
        days = data["visit_days"]
        when = ""
        if data["days_to_onsite"] is not None:
            first = [d["date"] for d in days if d["kind"] == "onsite"][0]
            n = data["days_to_onsite"]
            first_text = date.fromisoformat(first).strftime("%a %d %b %Y")
            if n > 0:
                when = f"On-site visit in <b>{n} day{'s' if n != 1 else ''}</b> ({first_text})"
            elif n == 0:
                when = "<b>The on-site visit starts today</b>"
            else:
                when = f"On-site visit began {first_text}"
        else:
            when = "On-site dates not set yet"
        self.header.setText(f"<b>{escape(data['council'])}</b> &nbsp; {when}")

        rating = data["rating"]
        if rating["state"] == "incomplete":
            text = f"Indicative rating: incomplete, no self-assessment score for {escape(', '.join(rating['missing']))}"
        else:
            band = rating["band"] or rating["note"]
            text = (
                f"Indicative rating (self-assessment): <b>{escape(str(band))}</b> &nbsp; "
                f"{rating['total']}/{rating['maximum']} = {rating['percent']}%"
            )
        rag = data["rag"]
        text += (
            f" &nbsp;&nbsp; Quality statements: {link(rag['red'], 'quality?rag=red')} red, "
            f"{link(rag['amber'], 'quality?rag=amber')} amber, {link(rag['green'], 'quality?rag=green')} green"
        )
        self.rating.setText(text)

        counts, gaps = data["counts"], data["open_gaps"]
        items = [
            (counts["inbox"], "files in the inbox to sort", "evidence?status=inbox"),
            (gaps["high"], "open high-severity gaps", "gaps?severity=high&open=1"),
            (len(data["conflicts"]), "double bookings", "interviews?conflicts=1"),
            (data["cases_awaiting_consent"], "shortlisted cases awaiting consent", "cases?awaiting_consent=1"),
            (counts["missing"], "evidence files missing", "evidence?presence=missing"),
            (counts["evidence"], "evidence items", "evidence"),
            (counts["sessions"], "sessions", "interviews"),
        ]
        self.counters.setText(
            " &nbsp;·&nbsp; ".join(f"<b>{link(n, target)}</b> {escape(what)}" for n, what, target in items)
        )
        self._fill_tiles(data["quality_statements"])

        today = date.today()
        for box, day, name in ((self.today, today, "Today"), (self.tomorrow, today + timedelta(days=1), "Tomorrow")):
            rows = sessions.list_sessions(reg, day=day.isoformat(), include_cancelled=False)
            lines = [f"<b>{name}, {day:%a %d %b}</b>: {link(len(rows), f'interviews?day={day.isoformat()}')} sessions"]
            for s in rows[:12]:
                lines.append(
                    f"{s['start']}-{s['end']} &nbsp; {link(s['title'], 'interviews?session=' + str(s['id']))}"
                    f" &nbsp; <span style='color:#555'>{escape(s['room'] or 'no room')}</span>"
                )
            if len(rows) > 12:
                lines.append(f"... and {len(rows) - 12} more")
            if not rows:
                upcoming = [d["date"] for d in days if d["date"] > today.isoformat()]
                if upcoming and name == "Today":
                    lines.append(f"Next visit day: {link(upcoming[0], f'interviews?day={upcoming[0]}')}")
            box.setText("<br>".join(lines))

    def _fill_tiles(self, statements: list[dict]) -> None:
        for n, qs in enumerate(statements):
            tile = self.tiles.get(qs["qs"])
            if tile is None:
                tile = _label(name=f"{qs['qs']} readiness")
                tile.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                tile.setMinimumHeight(120)
                tile.linkActivated.connect(self.follow)
                self.tiles[qs["qs"]] = tile
                self.grid.addWidget(tile, n // 3, n % 3)
            rag, q = qs["rag"], qs["qs"]
            tile.setStyleSheet(
                f"background: {RAG_COLOURS[rag]}; border: 1px solid {RAG_TEXT[rag]}; border-radius: 6px; padding: 8px;"
            )
            evidence = sum(qs["evidence_by_category"].values())
            gaps = sum(qs["open_gaps"].values())
            score = qs["score"] if qs["score"] is not None else "-"
            reasons = "".join(f"<li>{escape(r)}</li>" for r in qs["reasons"]) or "<li>ready</li>"
            tile.setText(
                f"<span style='color:{RAG_TEXT[rag]}'><b>{rag.upper()}</b></span> &nbsp; "
                f"<b>{link(q + ' ' + qs['name'], 'quality?qs=' + q)}</b><br>"
                f"<span style='color:#444'>{escape(qs['theme'])}</span><br>"
                f"Score {score} &nbsp;·&nbsp; {link(evidence, 'evidence?qs=' + q)} accepted evidence"
                f" &nbsp;·&nbsp; {link(gaps, 'gaps?open=1&qs=' + q)} open gaps"
                f" &nbsp;·&nbsp; {link(qs['sessions'], 'interviews?qs=' + q)} sessions"
                f"<ul style='margin:2px 0 0 -20px;'>{reasons}</ul>"
            )
            tile.setAccessibleDescription(f"{qs['qs']} {qs['name']}: {rag}; " + "; ".join(qs["reasons"]))


PAGE = DashboardPage
