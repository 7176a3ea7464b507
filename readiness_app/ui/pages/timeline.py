"""The assessment timeline: CQC's milestones and the council's own, in date order.

Dates that follow from others (the visit days, the factual accuracy deadline)
are shown but set where they come from; the message beside the form says where.
"""

from __future__ import annotations

from typing import Any

from readiness_app.register.validation import long_date
from readiness_app.ui.colours import RAG_COLOURS
from readiness_app.ui.models import Column
from readiness_app.ui.pages.rooms_and_team import _Editable
from readiness_app.ui.pages.visit_common import Field
from readiness_app.ui.plain_text import escape

ID, WHEN, TITLE, WHOSE, OWNER, STATUS, FROM, PAST_DUE, DONE = range(9)
# Where a date comes from ("Added": one the council put on the timeline itself, and can remove).
NARROW = 600  # px of list below which the "Owner" and "From" columns are left out
SOURCES = {"stored": "", "assessment": "", "own": "Added", "visit": "Visit days", "derived": "Worked out"}


class TimelinePage(_Editable):
    key = "timeline"
    title = "Timeline"
    noun = "milestone"
    columns = (
        Column("Date", WHEN, width=220),
        Column("Milestone", TITLE, width=290),
        Column("Whose", WHOSE, width=70),  # in words, never by colour alone
        Column("Owner", OWNER, width=130),
        Column("Status", STATUS, width=130),
        Column("From", FROM, width=90),
    )

    def __init__(self, ctx, parent=None):
        from readiness_app.register.timeline import MILESTONE_STATUS, WHOSE

        self.fields = (
            Field("title", "Milestone"),
            Field("date", "Date", "date"),
            Field("whose", "Whose", "choice", tuple(WHOSE.items())),
            Field("owner", "Owner"),
            Field("status", "Status", "choice", tuple(MILESTONE_STATUS.items())),
        )
        self._records: dict[str, dict[str, Any]] = {}
        super().__init__(ctx, parent)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Every column in view at 1024 wide: the milestone takes what the others leave, never a sideways scroll."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QHeaderView

        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(len(self.columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the milestone, elided when narrow
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # and the owner (a long job title)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        """In a narrow window (1024 wide, the form beside the list) the "Owner" and "From" columns give their
        room to the milestone: the form beside the list shows the owner, and says where a date comes from
        when it cannot be typed in."""
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            narrow = event.size().width() < NARROW
            self.table.horizontalHeader().setSectionHidden(OWNER - 1, narrow)  # columns count from the title
            self.table.horizontalHeader().setSectionHidden(len(self.columns) - 1, narrow)
        return super().eventFilter(watched, event)

    def only_label(self) -> str:
        return "Still to come"

    def passes(self, row: tuple[Any, ...], only: bool) -> bool:
        return not only or not row[DONE]

    def row_colour(self, row: tuple[Any, ...]) -> str | None:
        if row[DONE]:
            return RAG_COLOURS["green"]
        return RAG_COLOURS["red"] if row[PAST_DUE] else None

    def load_rows(self) -> list[tuple[Any, ...]]:
        from readiness_app.register import timeline

        today = self.ctx.today().isoformat()
        rows = []
        self._records = {}
        for m in timeline.milestones(self.ctx.read, self.ctx.today()):
            ident = m["key"] or f"#{m['id']}"
            self._records[ident] = m
            when = _span(m["date"], m["end"])
            late = bool(m["date"]) and (m["end"] or m["date"]) < today and m["status"] != "done"
            rows.append(
                (
                    ident,
                    when,
                    m["title"],
                    m["whose_label"],
                    m["owner"],
                    # said in words, not only in red: a past milestone not done is "Overdue"
                    _late(m["status_label"]) if late else m["status_label"],
                    SOURCES[m["source"]],
                    late,
                    m["status"] == "done",
                )
            )
        return rows

    def summary_html(self) -> str:
        from readiness_app.register import timeline

        upcoming = timeline.next_milestone(self.ctx.read, self.ctx.today())
        if upcoming is None:
            return "No milestone to come has a date yet. Select one to give it a date, or add your own."
        return f"Next: <b>{escape(upcoming['title'])}</b>, {long_date(upcoming['date'])}"

    def record(self, record_id: Any) -> dict[str, Any]:
        return self._records[record_id]

    def load_record(self, reg: Any, record_id: Any) -> dict[str, Any]:
        from readiness_app.errors import ReadinessError
        from readiness_app.register import timeline

        for m in timeline.milestones(reg, self.ctx.today()):
            if (m["key"] or f"#{m['id']}") == record_id:
                return m
        raise ReadinessError("that milestone is no longer in the timeline")

    def label_of(self, record: dict[str, Any]) -> str:
        return record["title"]

    def created_id(self, result: Any) -> Any:
        return f"#{result}"  # the council's own milestones are listed by "#id"

    def defaults(self) -> dict[str, Any]:
        return {"status": "planned", "whose": "council"}

    def create_fn(self, values: dict[str, Any]):
        from readiness_app.register import timeline

        return lambda reg: timeline.add(
            reg,
            values["title"],
            values["date"],
            owner=values["owner"],
            status=values["status"],
            whose=values["whose"] or "council",
        )

    def update_fn(self, record_id: Any, values: dict[str, Any]):
        from readiness_app.register import timeline

        before = self._records[record_id]
        changes: dict[str, Any] = {k: values[k] for k in ("owner", "status") if k in values}
        if values.get("whose") and values["whose"] != before["whose"]:
            changes["whose"] = values["whose"]  # a standard milestone's refuses, saying whose it is
        if "date" in values and values["date"] != before["date"]:
            changes["date"] = values["date"]  # derived dates refuse, saying where they are set
        if before["key"] is None and "title" in values:
            changes["title"] = values["title"]
        which = before["key"] or str(before["id"])
        return lambda reg: timeline.set_milestone(reg, which, **changes)

    def delete_fn(self, record_id: Any):
        from readiness_app.register import timeline

        which = self._records[record_id]["key"] or str(self._records[record_id]["id"])
        return lambda reg: timeline.remove(reg, which)


def _late(label: str) -> str:
    """'Overdue', or 'Overdue (Planned)': said once, not 'Overdue (Date passed)'."""
    return "Overdue" if label == "Date passed" else f"Overdue ({label})"


def _span(first: str | None, last: str | None) -> str:
    """'Tue 15 Dec 2026', or a short range: 'Tue 15-Thu 17 Dec 2026' (a year said once)."""
    if not first:
        return "(no date yet)"
    if not last or last == first:
        return long_date(first)
    start, end = long_date(first), long_date(last)
    if start[-8:] == end[-8:]:  # same month and year
        return f"{start[:-9]}-{end}"
    if start[-4:] == end[-4:]:
        return f"{start[:-5]}-{end}"
    return f"{start} to {end}"


PAGE = TimelinePage
