"""Learning log: a debrief after each interview, one click from the session."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton

from readiness_app.register.learning import EntryRow
from readiness_app.register.validation import long_date
from readiness_app.ui.colours import RAG_COLOURS
from readiness_app.ui.models import Column
from readiness_app.ui.pages.visit_common import Field, RecordPage
from readiness_app.ui.widgets import combo

col = EntryRow._fields.index  # the column number of a field, for `Column`


class LearningPage(RecordPage):
    key = "learning"
    title = "Learning log"
    noun = "learning log entry"
    nouns = "learning log entries"
    register_module = "learning"
    columns = (
        Column("Date", col("date"), width=115, date=True),
        Column("Time", col("time"), width=50),
        Column("Session", col("session"), width=230),
        Column("QS", col("qs"), width=90),
        Column("Went well", col("went_well"), width=220),
        Column("To correct or clarify", col("to_correct"), width=220),
        Column("By whom", col("by"), width=120),
    )

    def __init__(self, ctx, parent=None):
        from readiness_app.register import sessions

        rows = sessions.list_sessions(ctx.read, include_cancelled=False)
        self.session_choices = tuple((s["id"], f"{long_date(s['date'])[:10]} {s['start']} {s['title']}") for s in rows)
        self.fields = (
            Field("session_id", "Session", "choice", (("", "(no session)"), *self.session_choices)),
            Field("date", "Date", "date"),
            Field("qs", "CQC asked about", "qs"),
            Field("went_well", "Went well", "text"),
            Field("to_correct", "To correct or clarify", "text"),
            Field("correct_by", "By whom"),
            Field("evidence_to_send", "Evidence to send", "text"),
            Field("themes", "Themes heard", placeholder="separate with commas"),
        )
        super().__init__(ctx, parent)
        self.widgets["session_id"].currentIndexChanged.connect(self._session_chosen)
        # The debrief to-do list: sessions of a day with no entry yet; double-click starts one.
        days = sessions.days(ctx.read)
        bar = QHBoxLayout()
        day_label = QLabel("Sessions without a debrief on")
        bar.addWidget(day_label)
        self.day = combo([(d, long_date(d)) for d in days], "Day to debrief")
        day_label.setBuddy(self.day)
        self.day.currentIndexChanged.connect(self._fill_todo)
        bar.addWidget(self.day)
        self.debrief_button = QPushButton("De&brief selected session")
        self.debrief_button.setAccessibleDescription("Start a learning log entry for the selected session")
        self.debrief_button.clicked.connect(self._debrief_selected)
        bar.addWidget(self.debrief_button)
        bar.addStretch(1)
        self.top.addLayout(bar)
        self.todo = QListWidget()
        self.todo.setAccessibleName("Sessions without a debrief")
        self.todo.setMaximumHeight(90)
        self.todo.itemActivated.connect(lambda item: self.debrief(item.data(256)))
        self.top.addWidget(self.todo)

    def only_label(self) -> str:
        return "Corrections only"

    def passes(self, row: Any, only: bool) -> bool:
        return not only or bool(row.to_correct)

    def row_colour(self, row: Any) -> str | None:
        return RAG_COLOURS["amber"] if row.to_correct else None

    def load_rows(self) -> list[EntryRow]:
        from readiness_app.register import learning

        return learning.entry_rows(self.ctx.read)

    def summary_html(self) -> str:
        from readiness_app.register import learning

        rows = learning.summary_by_qs(self.ctx.read)
        asked = " · ".join(f"{r['qs']} {r['entries']}" for r in rows if r["entries"])
        corrections = len(learning.list_entries(self.ctx.read, corrections_only=True))
        asked = asked or "nothing logged yet"
        return f"<b>Asked about</b> (entries per QS): {asked}; entries with a correction: {corrections}"

    def refresh(self) -> None:
        super().refresh()
        self._fill_todo()

    def _fill_todo(self) -> None:
        from readiness_app.register import learning

        if not hasattr(self, "todo"):
            return
        self.todo.clear()
        day = self.day.currentData()
        for s in learning.sessions_without_entry(self.ctx.read, day) if day else []:
            item = QListWidgetItem(f"{s['start']}-{s['end']}  {s['title']}")
            item.setData(256, s["id"])
            self.todo.addItem(item)

    def _debrief_selected(self) -> None:
        item = self.todo.currentItem() or self.todo.item(0)
        if item is not None:
            self.debrief(item.data(256))

    def debrief(self, session_id: int) -> None:
        """Start a new entry for a session: its date and QS are filled in."""
        from readiness_app.register import learning

        draft = learning.draft_from_session(self.ctx.read, session_id)
        self.clear_form({"session_id": session_id, "date": draft["date"], "qs": draft["qs"]})
        self.form_box.setTitle(f"New debrief: {draft['session_title']}")
        self.widgets["went_well"].setFocus()

    def _session_chosen(self) -> None:
        session_id = self.widgets["session_id"].currentData()
        if self.current_id is None and session_id:
            from readiness_app.register import learning

            draft = learning.draft_from_session(self.ctx.read, session_id)
            self.set_value("date", draft["date"])
            self.set_value("qs", draft["qs"])

    def apply_filters(self, **filters: Any) -> None:
        if filters.get("session"):
            self.debrief(int(filters["session"]))


PAGE = LearningPage
