"""The visit-week records the command line adds, changes, deletes and lists.

Learning log entries, CQC requests, factual accuracy points and improvement
plan actions are kept the same way (`add`, `update ID`, `delete ID`, `list`),
so each is described here once as a `RecordKind`: its options, the register
fields they set, its table columns and its messages. `cli/visit.py` builds the
four sub-commands of every kind from this table with one handler per action.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError

ACTIONS = ("add", "update", "delete", "list")


@dataclass(frozen=True, slots=True)
class Option:
    """One command-line option: `--went-well TEXT`.

    `required` and `adding_help` apply to `add` only (an update changes what it is given).
    """

    flag: str
    metavar: str | None = None
    help: str | None = None
    required: bool = False
    adding_help: str | None = None
    dest: str | None = None
    type: Callable[[str], Any] | None = None
    switch: bool = False  # a flag without a value (store_true)
    field: str | None = ""  # the register field it sets: "" for the option's own name, None for none

    @property
    def name(self) -> str:
        return self.dest or self.flag.lstrip("-").replace("-", "_")

    @property
    def register_field(self) -> str | None:
        return self.name if self.field == "" else self.field

    def add_to(self, parser: argparse.ArgumentParser, adding: bool) -> None:
        named: dict[str, Any] = {"help": self.adding_help if adding and self.adding_help else self.help}
        if self.dest:
            named["dest"] = self.dest
        if self.switch:
            parser.add_argument(self.flag, action="store_true", **named)
            return
        if self.required:
            named["required"] = adding
        if self.type:
            named["type"] = self.type
        parser.add_argument(self.flag, metavar=self.metavar, **named)


JSON = Option("--json", help="machine-readable output", switch=True, field=None)
TODAY = Option("--today", "DATE", "pretend today is this date (for overdue and RAG)", field=None)


@dataclass(frozen=True, slots=True)
class RecordKind:
    """What the command line needs to know about one kind of visit-week record."""

    command: str  # the command word: `learning`
    help: str
    noun: str  # as messages name one record: "CQC request"
    module: str  # its module in readiness_app.register
    helps: dict[str, str]  # action -> help line
    options: tuple[Option, ...]  # add and update, in the order they are listed in help
    list_options: tuple[Option, ...]
    query: Callable[[argparse.Namespace], dict[str, Any]]  # list filters, from the options
    lister: str  # the register function that lists the records
    columns: tuple[str, ...]
    line: Callable[[dict[str, Any]], tuple]
    added: Callable[[dict[str, Any]], str]
    footer: Callable[[list[dict[str, Any]]], str] | None = None
    updated: Callable[[dict[str, Any], str], str] | None = None  # default "<noun> <id>: <what changed>"
    evidence: bool = False  # takes --evidence IDS (the evidence sent or relied on)
    dated: frozenset[str] = frozenset()  # which of create/update/get take `today`
    warns: frozenset[str] = frozenset()  # after which actions the record's flags are printed
    key: Option = Option("id", "ID", type=int)  # the positional naming one record
    update_key_help: str | None = None
    by_reference: bool = False  # update resolves the key to an id first (it may change the key)
    adding_options: tuple[Option, ...] = ()  # before `options`, on add only
    updating_options: tuple[Option, ...] = ()  # before `options` in help, on update only
    # The order the register checks and reports fields in, where it is not the order of `options`.
    field_order: tuple[str, ...] = ()

    def register_module(self) -> ModuleType:
        # Imported when a command runs, so that `status` does not load every record module.
        return importlib.import_module(f"readiness_app.register.{self.module}")

    def values(self, args: argparse.Namespace, adding: bool) -> dict[str, Any]:
        """The register fields and links the user gave (what create/update take)."""
        middle = [o for o in self.options if o.register_field]
        if self.field_order:
            middle.sort(key=lambda o: self.field_order.index(o.register_field))
        options = [*self.adding_options, *middle] if adding else [*middle, *self.updating_options]
        values = given(args, {o.name: o.register_field for o in options if o.register_field})
        if self.evidence:
            ids = ids_option(args.evidence, "evidence")
            values["evidence"] = (ids or []) if adding else ids
        return values

    def today(self, step: str, today: date) -> dict[str, Any]:
        return {"today": today} if step in self.dated else {}

    def update_message(self, row: dict[str, Any], what: str) -> str:
        if self.updated:
            return self.updated(row, what)
        return f"{self.noun} {row['id']}: {what}"


def given(args: argparse.Namespace, mapping: dict[str, str]) -> dict[str, Any]:
    """Options the user actually gave, as register field names."""
    return {field: getattr(args, opt) for opt, field in mapping.items() if getattr(args, opt, None) is not None}


def ids_option(text: str | None, field: str) -> list[int] | None:
    """'12, 15 17' -> [12, 15, 17]; None when the option was not given; '' clears."""
    if text is None:
        return None
    out = []
    for part in text.replace(",", " ").split():
        if not part.isdigit():
            raise ReadinessError(f"{part!r} is not an id (give numbers separated by commas)", field=field)
        out.append(int(part))
    return out


def cut(text: str | None, width: int = 50) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def today_from(args: argparse.Namespace) -> date:
    from readiness_app.register.validation import parse_date

    value = getattr(args, "today", None)
    return date.fromisoformat(parse_date(value, "today", required=True)) if value else clock.today()


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


# ---------------------------------------------------------------- learning log


def _learning_query(args: argparse.Namespace) -> dict[str, Any]:
    from readiness_app.framework.matcher import parse_qs_list
    from readiness_app.register.validation import parse_date

    qs = parse_qs_list(args.qs) if args.qs else []
    if len(qs) > 1:
        raise ReadinessError("give one quality statement to filter by", field="qs")
    return {
        "day": parse_date(args.date, "date"),
        "session_id": args.session,
        "qs": qs[0] if qs else None,
        "search": args.search,
        "corrections_only": args.corrections,
    }


def _learning_line(e: dict[str, Any]) -> tuple:
    where = f"{e['session_start'] or ''} {cut(e['session_title'], 30)}".strip() if e["session_id"] else "-"
    return (
        e["id"],
        e["date"],
        where,
        ",".join(e["qs"]),
        cut(e["went_well"], 30),
        cut(e["to_correct"], 40),
        e["correct_by"],
    )


LEARNING = RecordKind(
    command="learning",
    help="the learning log: a debrief after each interview",
    noun="learning log entry",
    module="learning",
    helps={
        "add": "add a debrief entry (--session ID fills date and QS)",
        "update": "change an entry",
        "delete": "delete an entry",
        "list": "list and search entries",
    },
    options=(
        Option("--session", "ID", "the interview session this debrief is about", type=int, field="session_id"),
        Option("--date", "DATE", "date of the entry (default: the session's date, else today)"),
        Option("--qs", "LIST", "what CQC asked about, e.g. 'QS1, Safeguarding' (default: the session's)"),
        Option("--went-well", "TEXT"),
        Option("--to-correct", "TEXT", "what needs correcting or clarifying"),
        Option("--correct-by", "WHO", "who will correct or clarify it"),
        Option("--evidence-to-send", "TEXT"),
        Option("--themes", "TEXT", "themes heard, separated by commas"),
        JSON,
    ),
    list_options=(
        Option("--date", "DATE"),
        Option("--session", "ID", type=int),
        Option("--qs", "QS"),
        Option("--search", "WORDS", "entries containing all these words"),
        Option("--corrections", help="only entries with something to correct", switch=True),
        JSON,
    ),
    query=_learning_query,
    lister="list_entries",
    columns=("ID", "Date", "Session", "QS", "Went well", "To correct", "By"),
    line=_learning_line,
    footer=lambda rows: "\n" + plural(len(rows), "entry", "entries"),
    added=lambda e: f"added learning log entry {e['id']} ({e['date']}, QS: {', '.join(e['qs']) or 'none'})",
)


# ---------------------------------------------------------------- CQC requests


def _request_line(r: dict[str, Any]) -> tuple:
    return (
        r["id"],
        r["received_date"],
        r["due_date"] or "-",
        r["status"],
        cut(r["description"], 45),
        ",".join(r["qs"]),
        r["owner"],
        len(r["evidence"]),
        "; ".join(r["flags"]),
    )


def _request_footer(rows: list[dict[str, Any]]) -> str:
    overdue = sum(1 for r in rows if r["overdue"])
    return "\n" + plural(len(rows), "request", "requests") + f", {overdue} overdue"


REQUESTS = RecordKind(
    command="request",
    help="CQC's information requests and replies",
    noun="CQC request",
    module="requests",
    helps={
        "add": "record a request from CQC",
        "update": "change a request (e.g. --status sent --evidence 12,15)",
        "delete": "delete a request",
        "list": "list requests, overdue first",
    },
    options=(
        Option("--received", "DATE", "date CQC asked", required=True, field="received_date"),
        Option("--description", "TEXT", "what CQC asked for", required=True),
        Option("--from", "WHO", "who at CQC asked", dest="from_whom"),
        Option("--qs", "LIST"),
        Option("--owner", "WHO"),
        Option("--due", "DATE", "due date (a request without one is flagged)", field="due_date"),
        Option("--status", "S", "open, in progress, sent, closed"),
        Option("--sent", "DATE", "date sent (default: today when status becomes sent)", field="sent_date"),
        Option("--evidence", "IDS", "evidence ids sent in reply, e.g. 12,15 ('' clears)", field=None),
        Option("--notes", "TEXT"),
        TODAY,
        JSON,
    ),
    list_options=(
        Option("--status", "S"),
        Option("--open", help="only requests not yet sent or closed", switch=True),
        Option("--overdue", help="only overdue requests", switch=True),
        TODAY,
        JSON,
    ),
    query=lambda args: {
        "today": today_from(args),
        "status": args.status,
        "overdue_only": args.overdue,
        "open_only": args.open,
    },
    lister="list_requests",
    columns=("ID", "Received", "Due", "Status", "Request", "QS", "Owner", "Sent items", "Flags"),
    line=_request_line,
    footer=_request_footer,
    added=lambda r: f"added CQC request {r['id']}",
    evidence=True,
    dated=frozenset({"create", "update", "get"}),
    warns=frozenset({"add", "update"}),
)


# ---------------------------------------------------------------- factual accuracy


def _accuracy_line(r: dict[str, Any]) -> tuple:
    return (
        r["number"],
        r["id"],
        cut(r["section"], 24),
        r["correction_type"],
        cut(r["draft_wording"], 30),
        cut(r["proposed_wording"], 30),
        r["owner"],
        r["status"],
        "; ".join(r["flags"]),
    )


ACCURACY = RecordKind(
    command="accuracy",
    help="the factual accuracy check of CQC's draft report",
    noun="factual accuracy point",
    module="accuracy",
    helps={
        "add": "add a point to challenge",
        "update": "change a point",
        "delete": "delete a point",
        "list": "the points, numbered as in the submission",
    },
    options=(
        Option("--section", "TEXT", "report section (heading) the point is in", required=True),
        Option("--page", "N", "page of CQC's draft report"),
        Option("--paragraph", "N", "paragraph on that page"),
        Option("--type", "T", "typo (or figure), inaccurate, omitted", required=True, field="correction_type"),
        Option("--draft", "TEXT", "what the draft report says", field="draft_wording"),
        Option("--proposed", "TEXT", "the wording the council proposes", field="proposed_wording"),
        Option("--owner", "WHO"),
        Option("--status", "S", "draft, agreed, submitted, accepted, rejected"),
        Option("--evidence", "IDS", "supporting evidence ids, e.g. 12,15 ('' clears)", field=None),
        Option("--notes", "TEXT"),
        JSON,
    ),
    list_options=(Option("--status", "S"), JSON),
    query=lambda args: {"status": args.status},
    lister="list_points",
    columns=("No.", "ID", "Section", "Type", "Draft says", "Proposed", "Owner", "Status", "Flags"),
    line=_accuracy_line,
    added=lambda r: f"added factual accuracy point {r['number']} (id {r['id']})",
    evidence=True,
    warns=frozenset({"add", "update"}),
)


# ---------------------------------------------------------------- improvement plan


def _plan_line(r: dict[str, Any]) -> tuple:
    return (
        r["reference"],
        "B" if r["part"] == "post_report" else "A",
        cut(r["theme_name"], 18),
        ",".join(r["qs"]),
        r["priority"],
        cut(r["description"], 50),
        cut(r["lead"], 24),
        r["target_date"] or "-",
        r["rag"].replace("_", " "),
        cut(r["board"], 16),
    )


def _plan_footer(rows: list[dict[str, Any]]) -> str:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["rag"]] = counts.get(r["rag"], 0) + 1
    return "\n" + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()) if counts else "\nno actions"


PLAN = RecordKind(
    command="plan",
    help="the improvement plan: part B from the previous report, part A readiness before the next visit",
    noun="action",
    module="improvement",
    helps={
        "add": "add an action",
        "update": "change an action (--note adds a dated progress line)",
        "delete": "delete an action",
        "list": "actions by theme with derived RAG",
    },
    adding_options=(Option("--ref", "REF", "reference (default: next in the theme, e.g. 2.3)", field="reference"),),
    updating_options=(
        Option("--new-ref", "NEW", "change the reference", field="reference"),
        Option("--note", "TEXT", "add a dated line to the progress notes"),
    ),
    options=(
        Option("--description", "TEXT", required=True),
        Option("--lead", "WHO", "named person or role (required)", required=True),
        Option("--priority", "H|M|L", adding_help="default M"),
        Option("--qs", "LIST"),
        Option("--theme", "NAME", "theme (default: from the QS)"),
        Option("--target", "DATE", "target date", field="target_date"),
        Option("--status", "S", "not started, on track, at risk, complete"),
        Option("--part", "A|B", "B: from the previous report (default); A: readiness before the next visit"),
        Option("--board", "NAME", "governance board or work programme"),
        Option("--progress", "TEXT", "progress notes (replaces them)"),
        TODAY,
        JSON,
    ),
    list_options=(
        Option("--theme", "NAME"),
        Option("--rag", "RAG", "complete, on track, at risk, no date, overdue, not started"),
        Option("--lead", "TEXT"),
        Option("--part", "A|B", "only part A (readiness) or part B (from the previous report)"),
        TODAY,
        JSON,
    ),
    query=lambda args: {
        "today": today_from(args),
        "theme": args.theme,
        "rag_filter": args.rag,
        "lead": args.lead,
        "part": args.part,
    },
    lister="list_actions",
    columns=("Ref", "Part", "Theme", "QS", "H/M/L", "Action", "Lead", "Target", "RAG", "Board"),
    line=_plan_line,
    footer=_plan_footer,
    added=lambda r: f"added action {r['reference']} ({r['theme_name'] or 'across the themes'}), RAG {r['rag']}",
    updated=lambda r, what: f"action {r['reference']}: {what}; RAG {r['rag']}",
    field_order=(
        "qs",
        "theme",
        "description",
        "priority",
        "lead",
        "target_date",
        "status",
        "part",
        "board",
        "progress",
    ),
    dated=frozenset({"update", "get"}),
    warns=frozenset({"add"}),
    key=Option("ref", "REF"),
    update_key_help="reference (2.3) or id",
    by_reference=True,
)

KINDS = (LEARNING, REQUESTS, ACCURACY, PLAN)
