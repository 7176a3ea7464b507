"""Rooms and the CQC team: two lists, each with its add/edit/remove form beside it.

Names are unique ignoring case and spacing; a room or a team member that
sessions use cannot be removed, and the message beside the form names the
sessions.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from readiness_app.errors import ReadinessError
from readiness_app.ui import feedback
from readiness_app.ui.models import Column
from readiness_app.ui.pages import Page
from readiness_app.ui.pages.visit_common import Field, RecordPage


class _Editable(RecordPage):
    """A RecordPage kept by name (rooms, the CQC team) in `register_module`, stored in `record_table`; its refusals
    (a name in use, a room in use) show beside the form, not in a box."""

    record_table = ""  # the register table the records live in

    def load_record(self, reg: Any, record_id: Any) -> dict[str, Any]:
        from readiness_app.register import records

        return records.get(reg, self.record_table, record_id)

    def label_of(self, record: dict[str, Any]) -> str:
        return record["name"]

    def create_fn(self, values: dict[str, Any]):
        add, name = self.records().add, values.pop("name")
        return lambda reg: add(reg, name, **values)

    def update_fn(self, record_id: Any, values: dict[str, Any]):
        edit = self.records().edit
        return lambda reg: edit(reg, record_id, **values)

    def delete_fn(self, record_id: Any):
        remove = self.records().remove
        return lambda reg: remove(reg, record_id)

    def delete_now(self, record_id: Any) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, ReadinessError):
                self.show_problem(feedback.one_line(error))
            else:
                feedback.show_error(self, error)

        self.ctx.write(
            self.delete_fn(record_id),
            f"removing the {self.noun}",
            on_done=lambda _r: self.clear_form(self.defaults()),
            on_error=failed,
        )


class RoomsList(_Editable):
    key = "rooms"
    title = "Rooms"
    noun = "room"
    register_module, record_table = "rooms", "room"
    columns = (
        Column("Room", 1, width=200),
        Column("Kind", 2, width=70),
        Column("Building and floor / link", 3, width=240),
        Column("Capacity", 4, numeric=True, width=70),
        Column("Sessions", 5, numeric=True, width=70),
    )
    fields = (
        Field("name", "Name"),
        Field("location", "Building and floor", placeholder="e.g. County Hall, first floor"),
        Field("capacity", "Capacity", placeholder="people it seats"),
        Field("virtual", "Kind", "choice", ((0, "On site"), (1, "Virtual"))),
        Field("link", "Meeting link", placeholder="https://..."),
        Field("notes", "Notes", "text"),
    )

    def load_rows(self) -> list[tuple[Any, ...]]:
        from readiness_app.register import rooms

        return [
            (
                r["id"],
                r["name"],
                "Virtual" if r["virtual"] else "On site",
                r["link"] if r["virtual"] else r["location"],
                r["capacity"] or "",
                r["sessions"],
            )
            for r in rooms.list_rooms(self.ctx.read)
        ]

    def summary_html(self) -> str:
        total = self.model.total
        return f"{total} room{'s' if total != 1 else ''}. A virtual room needs its meeting link (https://...)."

    def defaults(self) -> dict[str, Any]:
        return {"virtual": 0}


class TeamList(_Editable):
    key = "team"
    title = "CQC team"
    noun = "CQC team member"
    register_module, record_table = "cqc_team", "assessor"
    columns = (
        Column("Name", 1, width=200),
        Column("Role", 2, width=150),
        Column("Organisation", 3, width=150),
        Column("Sessions", 4, numeric=True, width=70),
    )

    def __init__(self, ctx, parent=None):
        from readiness_app.register.cqc_team import ASSESSOR_ROLE

        self.fields = (
            Field("name", "Name"),
            Field("role", "Role", "choice", (("", "(not known yet)"), *ASSESSOR_ROLE.items())),
            Field("organisation", "Organisation", placeholder="e.g. CQC"),
            Field("email", "E-mail", placeholder="for meeting invitations"),
            Field("notes", "Notes", "text"),
        )
        super().__init__(ctx, parent)
        self.search.setPlaceholderText("Search the CQC team")

    def load_rows(self) -> list[tuple[Any, ...]]:
        from readiness_app.register import cqc_team

        return [
            (m["id"], m["name"], m["role_label"], m["organisation"], m["sessions"])
            for m in cqc_team.list_team(self.ctx.read)
        ]

    def summary_html(self) -> str:
        total = self.model.total
        return f"{total} in the CQC team: inspectors, assessors, specialist advisers, Experts by Experience, analysts."

    def defaults(self) -> dict[str, Any]:
        return {"role": "", "organisation": "CQC"}


class RoomsAndTeamPage(Page):
    key = "setup"
    title = "Rooms and team"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Rooms and CQC team")
        self.rooms = RoomsList(ctx)
        self.team = TeamList(ctx)
        self.tabs.addTab(self.rooms, "&Rooms")
        self.tabs.addTab(self.team, "CQC &team")
        self.tabs.currentChanged.connect(lambda _i: self.current().refresh())
        layout.addWidget(self.tabs)

    def current(self) -> RecordPage:
        page = self.tabs.currentWidget()
        assert isinstance(page, RecordPage)
        return page

    def refresh(self) -> None:
        self.rooms.refresh()
        self.team.refresh()

    def apply_filters(self, **filters: Any) -> None:
        """`tab=rooms` or `tab=team` (the getting-started links)."""
        if filters.get("tab") == "team":
            self.tabs.setCurrentWidget(self.team)
        elif filters.get("tab") == "rooms":
            self.tabs.setCurrentWidget(self.rooms)

    def new_item(self) -> None:
        self.current().new_item()

    def focus_search(self) -> None:
        self.current().focus_search()


PAGE = RoomsAndTeamPage
