"""CQC requests: what CQC asked for, who owns it, when it is due; overdue ones in red."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtWidgets import QCheckBox, QPushButton

from readiness_app.ui.colours import RAG_COLOURS, WARNING_TEXT
from readiness_app.ui.models import Column
from readiness_app.ui.pages.visit_common import Field, RecordPage


class RequestRow(NamedTuple):
    """One line of the requests table; `id` is the request's id."""

    id: int
    received: str
    due: str
    status: str
    description: str
    qs: str
    owner: str
    sent: int
    flags: str
    overdue: bool
    done: bool


col = RequestRow._fields.index  # the column number of a field, for `Column`


class RequestsPage(RecordPage):
    key = "requests"
    title = "CQC requests"
    noun = "request"
    register_module = "requests"
    columns = (
        Column("Received", col("received"), width=115, date=True),
        Column("Due", col("due"), width=115, date=True),
        Column("Status", col("status"), width=90),
        Column("Request", col("description"), width=280),
        Column("QS", col("qs"), width=70),
        Column("Owner", col("owner"), width=120),
        Column("Items sent", col("sent"), numeric=True, width=70),
        Column("Flags", col("flags"), width=160),
    )

    def __init__(self, ctx, parent=None):
        from readiness_app.register.requests import REQUEST_STATUS

        self.fields = (
            Field("received_date", "Received", "date"),
            Field("from_whom", "From (CQC)"),
            Field("description", "Request", "text"),
            Field("qs", "QS", "qs"),
            Field("owner", "Owner"),
            Field("due_date", "Due", "date"),
            Field("status", "Status", "choice", tuple(REQUEST_STATUS.items())),
            Field("sent_date", "Sent", "date"),
            Field("evidence", "Evidence sent", "evidence"),
            Field("notes", "Notes", "text"),
        )
        super().__init__(ctx, parent)
        # The dashboard's "N overdue" link lands here with this ticked.
        self.overdue_only = QCheckBox("Overdue only")
        self.overdue_only.setAccessibleDescription("Show overdue requests only")
        self.overdue_only.toggled.connect(self._apply)
        assert self.only is not None  # this page has an "only" box: open requests
        self.filter_bar.insertWidget(self.filter_bar.indexOf(self.only) + 1, self.overdue_only)
        self.find_button = QPushButton("Find &evidence...")
        self.find_button.setAccessibleName("Find evidence for this request by the words in the files")
        self.find_button.setToolTip("Search the evidence files for this request's words, and link what fits")
        self.find_button.clicked.connect(self.find_evidence)
        self.filter_bar.insertWidget(self.filter_bar.count() - 1, self.find_button)

    def find_evidence(self) -> None:
        """Search the evidence with the selected request's words, offering to link what is found."""
        from readiness_app.register import requests
        from readiness_app.ui.search import find_evidence

        if self.current_id is None:
            self.ctx.notice.emit("Choose a request first")
            return
        request = requests.get(self.ctx.read, self.current_id, today=self.ctx.today())
        self.search_dialog = find_evidence(self.ctx, self, "request", self.current_id, request["description"])

    def only_label(self) -> str:
        return "Open only"

    def passes(self, row: Any, only: bool) -> bool:
        overdue_only = getattr(self, "overdue_only", None)
        if overdue_only is not None and overdue_only.isChecked() and not row.overdue:
            return False
        return not only or not row.done

    def row_colour(self, row: Any) -> str | None:
        return RAG_COLOURS["red"] if row.overdue else None

    def load_rows(self) -> list[RequestRow]:
        from readiness_app.register import requests

        return [
            RequestRow(
                r["id"],
                r["received_date"],
                r["due_date"],
                requests.REQUEST_STATUS[r["status"]],
                r["description"],
                ", ".join(r["qs"]),
                r["owner"],
                len(r["evidence"]),
                "; ".join(r["flags"]),
                r["overdue"],
                r["status"] in requests.DONE,
            )
            for r in requests.list_requests(self.ctx.read, today=self.ctx.today())
        ]

    def summary_html(self) -> str:
        from readiness_app.register import requests

        c = requests.counts(self.ctx.read, self.ctx.today())
        overdue = "0 overdue"
        if c["overdue"]:
            overdue = f"<span style='color:{WARNING_TEXT}'><b>{c['overdue']} overdue</b></span>"
        return f"{c['open']} open, {overdue}, {c['no_due_date']} with no due date, {c['done']} sent or closed"

    def defaults(self) -> dict[str, Any]:
        return {"received_date": self.ctx.today().isoformat(), "status": "open"}

    def apply_filters(self, **filters: Any) -> None:
        """`overdue=1`: overdue requests only; `open=1`: every request not yet sent or closed."""
        assert self.only is not None
        for box, on in ((self.only, filters.get("open")), (self.overdue_only, filters.get("overdue"))):
            box.blockSignals(True)
            box.setChecked(bool(on))
            box.blockSignals(False)
        self.search.clear()
        self._apply()


PAGE = RequestsPage
