"""CQC requests: what CQC asked for, who owns it, when it is due; overdue ones in red."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox

from readiness_app.ui.colours import RAG_COLOURS, WARNING_TEXT
from readiness_app.ui.models import Column
from readiness_app.ui.pages.visit_common import Field, RecordPage

ID, RECEIVED, DUE, STATUS, DESCRIPTION, QS, OWNER, SENT, FLAGS, OVERDUE, DONE = range(11)


class RequestsPage(RecordPage):
    key = "requests"
    title = "CQC requests"
    noun = "request"
    columns = (
        Column("Received", RECEIVED, width=115, date=True),
        Column("Due", DUE, width=115, date=True),
        Column("Status", STATUS, width=90),
        Column("Request", DESCRIPTION, width=280),
        Column("QS", QS, width=70),
        Column("Owner", OWNER, width=120),
        Column("Items sent", SENT, numeric=True, width=70),
        Column("Flags", FLAGS, width=160),
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
        self.overdue_only.setAccessibleName("Show overdue requests only")
        self.overdue_only.toggled.connect(self._apply)
        self.filter_bar.insertWidget(self.filter_bar.indexOf(self.only) + 1, self.overdue_only)

    def only_label(self) -> str:
        return "Open only"

    def passes(self, row: tuple, only: bool) -> bool:
        overdue_only = getattr(self, "overdue_only", None)
        if overdue_only is not None and overdue_only.isChecked() and not row[OVERDUE]:
            return False
        return not only or not row[DONE]

    def row_colour(self, row: tuple) -> str | None:
        return RAG_COLOURS["red"] if row[OVERDUE] else None

    def load_rows(self) -> list[tuple]:
        from readiness_app.register import requests

        return [
            (
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

    def record(self, record_id: Any) -> dict[str, Any]:
        from readiness_app.register import requests

        row = requests.get(self.ctx.read, record_id)
        row["evidence"] = [e["id"] for e in row["evidence"]]
        return row

    def create_fn(self, values: dict[str, Any]):
        from readiness_app.register import requests

        evidence = values.pop("evidence")
        return lambda reg: requests.create(reg, evidence=evidence, **values)

    def update_fn(self, record_id: Any, values: dict[str, Any]):
        from readiness_app.register import requests

        evidence = values.pop("evidence")
        return lambda reg: requests.update(reg, record_id, evidence=evidence, **values)

    def delete_fn(self, record_id: Any):
        from readiness_app.register import requests

        return lambda reg: requests.delete(reg, record_id)

    def apply_filters(self, **filters: Any) -> None:
        """`overdue=1`: overdue requests only; `open=1`: every request not yet sent or closed."""
        for box, on in ((self.only, filters.get("open")), (self.overdue_only, filters.get("overdue"))):
            box.blockSignals(True)
            box.setChecked(bool(on))
            box.blockSignals(False)
        self.search.clear()
        self._apply()


PAGE = RequestsPage
