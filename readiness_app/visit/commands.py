"""Command line for visit week and after.

    learning  add | list | update | delete | summary | todo
    request   add | list | update | delete
    accuracy  add | list | update | delete | deadline | export
    outcome   set | show | clear
    plan      add | list | update | delete | export
    bulletin  REGISTER --for DATE          (plain text; the PDF is `report bulletin`)
    workdays  DATE N                       (working-day arithmetic, no register needed)

Every listing takes `--json`; add/update print the record (as JSON with `--json`).
Imports of register modules happen inside the handlers so `status` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from readiness_app import commandline
from readiness_app.errors import ReadinessError

# ---------------------------------------------------------------- helpers


def _today(args: argparse.Namespace):
    from datetime import date

    from readiness_app.register.validation import parse_date

    value = getattr(args, "today", None)
    return date.fromisoformat(parse_date(value, "today")) if value else date.today()


def _ids(text: str | None, field: str) -> list[int] | None:
    """'12, 15 17' -> [12, 15, 17]; None when the option was not given; '' clears."""
    if text is None:
        return None
    out = []
    for part in text.replace(",", " ").split():
        if not part.isdigit():
            raise ReadinessError(f"{part!r} is not an id (give numbers separated by commas)", field=field)
        out.append(int(part))
    return out


def _given(args: argparse.Namespace, mapping: dict[str, str]) -> dict[str, Any]:
    """Options the user actually gave, as register field names."""
    return {field: getattr(args, opt) for opt, field in mapping.items() if getattr(args, opt, None) is not None}


def _open(args: argparse.Namespace, readonly: bool = False):
    return commandline.open_from_args(args, readonly=readonly, source="cli")


def _cut(text: str | None, width: int = 50) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _today_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--today", metavar="DATE", help="pretend today is this date (for overdue and RAG)")


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(f"note: {line}", file=sys.stderr)


# ---------------------------------------------------------------- learning log

LEARNING_FIELDS = {
    "session": "session_id",
    "date": "date",
    "went_well": "went_well",
    "to_correct": "to_correct",
    "correct_by": "correct_by",
    "evidence_to_send": "evidence_to_send",
    "themes": "themes",
}


def _learning_line(e: dict) -> tuple:
    where = f"{e['session_start'] or ''} {_cut(e['session_title'], 30)}".strip() if e["session_id"] else "-"
    return (
        e["id"],
        e["date"],
        where,
        ",".join(e["qs"]),
        _cut(e["went_well"], 30),
        _cut(e["to_correct"], 40),
        e["correct_by"],
    )


def cmd_learning_add(args: argparse.Namespace) -> int:
    from readiness_app.register import learning

    with _open(args) as reg:
        entry_id = learning.create(reg, qs=args.qs, **_given(args, LEARNING_FIELDS))
        entry = learning.get(reg, entry_id)
    if args.json:
        commandline.print_json(entry)
    else:
        print(f"added learning log entry {entry_id} ({entry['date']}, QS: {', '.join(entry['qs']) or 'none'})")
    return 0


def cmd_learning_update(args: argparse.Namespace) -> int:
    from readiness_app.register import learning

    with _open(args) as reg:
        changes = learning.update(reg, args.id, qs=args.qs, **_given(args, LEARNING_FIELDS))
        entry = learning.get(reg, args.id)
    if args.json:
        commandline.print_json(entry)
    else:
        print(f"learning log entry {args.id}: " + (", ".join(changes) + " changed" if changes else "no change"))
    return 0


def cmd_learning_delete(args: argparse.Namespace) -> int:
    from readiness_app.register import learning

    with _open(args) as reg:
        learning.delete(reg, args.id)
    print(f"deleted learning log entry {args.id}")
    return 0


def cmd_learning_list(args: argparse.Namespace) -> int:
    from readiness_app.framework.matcher import parse_qs_list
    from readiness_app.register import learning
    from readiness_app.register.validation import parse_date

    qs = parse_qs_list(args.qs) if args.qs else []
    if len(qs) > 1:
        raise ReadinessError("give one quality statement to filter by", field="qs")
    with _open(args, readonly=True) as reg:
        rows = learning.list_entries(
            reg,
            day=parse_date(args.date, "date"),
            session_id=args.session,
            qs=qs[0] if qs else None,
            search=args.search,
            corrections_only=args.corrections,
        )
    if args.json:
        commandline.print_json(rows)
        return 0
    commandline.print_table(
        [_learning_line(e) for e in rows], ["ID", "Date", "Session", "QS", "Went well", "To correct", "By"]
    )
    print(f"\n{len(rows)} entr{'y' if len(rows) == 1 else 'ies'}")
    return 0


def cmd_learning_summary(args: argparse.Namespace) -> int:
    from readiness_app.register import learning

    with _open(args, readonly=True) as reg:
        rows = learning.summary_by_qs(reg)
    if args.json:
        commandline.print_json(rows)
        return 0
    commandline.print_table(
        [
            (
                r["qs"],
                _cut(r["name"], 34),
                r["entries"],
                len(r["corrections"]),
                len(r["evidence_to_send"]),
                _cut(", ".join(r["themes"]), 50),
            )
            for r in rows
        ],
        ["QS", "Quality statement", "Entries", "Corrections", "Evidence", "Themes heard"],
    )
    return 0


def cmd_learning_todo(args: argparse.Namespace) -> int:
    from readiness_app.register import learning
    from readiness_app.register.validation import parse_date

    day = parse_date(args.date, "date") or _today(args).isoformat()
    with _open(args, readonly=True) as reg:
        rows = learning.sessions_without_entry(reg, day)
    if args.json:
        commandline.print_json(rows)
        return 0
    commandline.print_table(
        [(r["id"], r["start"], r["end"], r["title"]) for r in rows], ["Session", "Start", "End", "Title"]
    )
    print(f"\n{len(rows)} session{'s' if len(rows) != 1 else ''} on {day} without a learning log entry")
    return 0


# ---------------------------------------------------------------- CQC requests

REQUEST_FIELDS = {
    "received": "received_date",
    "description": "description",
    "from_whom": "from_whom",
    "qs": "qs",
    "owner": "owner",
    "due": "due_date",
    "status": "status",
    "sent": "sent_date",
    "notes": "notes",
}


def cmd_request_add(args: argparse.Namespace) -> int:
    from readiness_app.register import requests

    today = _today(args)
    with _open(args) as reg:
        request_id = requests.create(
            reg, evidence=_ids(args.evidence, "evidence") or [], today=today, **_given(args, REQUEST_FIELDS)
        )
        row = requests.get(reg, request_id, today=today)
    if args.json:
        commandline.print_json(row)
    else:
        print(f"added CQC request {request_id}")
        _warn(row["flags"])
    return 0


def cmd_request_update(args: argparse.Namespace) -> int:
    from readiness_app.register import requests

    today = _today(args)
    with _open(args) as reg:
        changes = requests.update(
            reg, args.id, evidence=_ids(args.evidence, "evidence"), today=today, **_given(args, REQUEST_FIELDS)
        )
        row = requests.get(reg, args.id, today=today)
    if args.json:
        commandline.print_json(row)
    else:
        print(f"CQC request {args.id}: " + (", ".join(changes) + " changed" if changes else "no change"))
        _warn(row["flags"])
    return 0


def cmd_request_delete(args: argparse.Namespace) -> int:
    from readiness_app.register import requests

    with _open(args) as reg:
        requests.delete(reg, args.id)
    print(f"deleted CQC request {args.id}")
    return 0


def cmd_request_list(args: argparse.Namespace) -> int:
    from readiness_app.register import requests

    with _open(args, readonly=True) as reg:
        rows = requests.list_requests(
            reg, today=_today(args), status=args.status, overdue_only=args.overdue, open_only=args.open
        )
    if args.json:
        commandline.print_json(rows)
        return 0
    commandline.print_table(
        [
            (
                r["id"],
                r["received_date"],
                r["due_date"] or "-",
                r["status"],
                _cut(r["description"], 45),
                ",".join(r["qs"]),
                r["owner"],
                len(r["evidence"]),
                "; ".join(r["flags"]),
            )
            for r in rows
        ],
        ["ID", "Received", "Due", "Status", "Request", "QS", "Owner", "Sent items", "Flags"],
    )
    overdue = sum(1 for r in rows if r["overdue"])
    print(f"\n{len(rows)} request{'s' if len(rows) != 1 else ''}, {overdue} overdue")
    return 0


# ---------------------------------------------------------------- factual accuracy

FA_FIELDS = {
    "section": "section",
    "type": "correction_type",
    "draft": "draft_wording",
    "proposed": "proposed_wording",
    "owner": "owner",
    "status": "status",
    "notes": "notes",
}


def cmd_accuracy_add(args: argparse.Namespace) -> int:
    from readiness_app.register import accuracy

    with _open(args) as reg:
        point_id = accuracy.create(reg, evidence=_ids(args.evidence, "evidence") or [], **_given(args, FA_FIELDS))
        row = accuracy.get(reg, point_id)
    if args.json:
        commandline.print_json(row)
    else:
        print(f"added factual accuracy point {row['number']} (id {point_id})")
        _warn(row["flags"])
    return 0


def cmd_accuracy_update(args: argparse.Namespace) -> int:
    from readiness_app.register import accuracy

    with _open(args) as reg:
        changes = accuracy.update(reg, args.id, evidence=_ids(args.evidence, "evidence"), **_given(args, FA_FIELDS))
        row = accuracy.get(reg, args.id)
    if args.json:
        commandline.print_json(row)
    else:
        print(f"factual accuracy point {args.id}: " + (", ".join(changes) + " changed" if changes else "no change"))
        _warn(row["flags"])
    return 0


def cmd_accuracy_delete(args: argparse.Namespace) -> int:
    from readiness_app.register import accuracy

    with _open(args) as reg:
        accuracy.delete(reg, args.id)
    print(f"deleted factual accuracy point {args.id}")
    return 0


def cmd_accuracy_list(args: argparse.Namespace) -> int:
    from readiness_app.register import accuracy

    with _open(args, readonly=True) as reg:
        rows = accuracy.list_points(reg, status=args.status)
    if args.json:
        commandline.print_json(rows)
        return 0
    commandline.print_table(
        [
            (
                r["number"],
                r["id"],
                _cut(r["section"], 24),
                r["correction_type"],
                _cut(r["draft_wording"], 30),
                _cut(r["proposed_wording"], 30),
                r["owner"],
                r["status"],
                "; ".join(r["flags"]),
            )
            for r in rows
        ],
        ["No.", "ID", "Section", "Type", "Draft says", "Proposed", "Owner", "Status", "Flags"],
    )
    return 0


def cmd_accuracy_deadline(args: argparse.Namespace) -> int:
    from readiness_app.register import accuracy
    from readiness_app.register.validation import long_date

    with _open(args) as reg:
        if args.received is not None:
            accuracy.set_received(reg, args.received)
        info = accuracy.deadline(reg, _today(args))
    if args.json:
        commandline.print_json(info)
        return 0
    if not info["received"]:
        print("The draft report has not been recorded as received (use --received DATE).")
        return 0
    print(f"Draft report received {long_date(info['received'])}")
    print(f"Factual accuracy response due {long_date(info['deadline'])} ({info['working_days']} working days)")
    for h in info["bank_holidays"]:
        print(f"  skipping {h['title']}, {long_date(h['date'])}")
    if info["state"] == "passed":
        print(f"The deadline passed {-info['working_days_left']} working day(s) ago.")
    elif info["state"] == "due today":
        print("Due today.")
    else:
        print(f"{info['working_days_left']} working day(s) left after today.")
    return 0


def cmd_accuracy_export(args: argparse.Namespace) -> int:
    from readiness_app.visit import exports

    with _open(args, readonly=True) as reg:
        path = exports.export(reg, "accuracy", args.output, today=_today(args))
    print(f"wrote {path}")
    return 0


# ---------------------------------------------------------------- outcome


def cmd_outcome_set(args: argparse.Namespace) -> int:
    from readiness_app.framework.rating import parse_scores
    from readiness_app.register import outcome

    scores = None
    if args.scores:
        scores = parse_scores(args.scores) if "=" not in args.scores else _named_scores(args.scores)
    if scores is None and not args.rating and not args.date:
        raise ReadinessError("nothing to record: give --scores, --rating or --date", field="scores")
    with _open(args) as reg:
        result = outcome.set_outcome(reg, scores=scores, rating=args.rating, published_date=args.date)
    return _print_outcome(result, args.json)


def _named_scores(text: str) -> dict[str, str]:
    """'QS1=2, QS7=3' -> {'QS1': '2', 'QS7': '3'} (some scores at a time)."""
    from readiness_app.framework.matcher import parse_qs_list

    out = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        ids = parse_qs_list(name)
        if len(ids) != 1:
            raise ReadinessError(f"{part.strip()!r}: name one quality statement per score", field="scores")
        out[ids[0]] = value.strip()
    return out


def cmd_outcome_show(args: argparse.Namespace) -> int:
    from readiness_app.register import outcome

    with _open(args, readonly=True) as reg:
        result = outcome.show(reg)
    return _print_outcome(result, args.json)


def cmd_outcome_clear(args: argparse.Namespace) -> int:
    from readiness_app.register import outcome

    with _open(args) as reg:
        outcome.clear(reg)
    print("published outcome cleared")
    return 0


def _print_outcome(result: dict, as_json: bool) -> int:
    if as_json:
        commandline.print_json(result)
        return 0
    pub, own = result["published"], result["self_assessment"]
    print(
        f"Published rating: {result['published_rating'] or 'not recorded'}"
        + (f" ({result['published_date']})" if result["published_date"] else "")
    )
    if pub["state"] != "incomplete":
        print(f"Published scores: {pub['total']}/{pub['maximum']} = {pub['percent']}%")
    if own["state"] != "incomplete":
        print(f"Self-assessment:  {own['total']}/{own['maximum']} = {own['percent']}% {own['band'] or ''}")
    print()
    commandline.print_table(
        [
            (s["qs"], _cut(s["name"], 42), s["self_score"] or "-", s["published_score"] or "-", s["verdict"])
            for s in result["quality_statements"]
        ],
        ["QS", "Quality statement", "Self", "CQC", "Compared"],
    )
    for note in result["notes"]:
        print(f"note: {note}")
    return 0


# ---------------------------------------------------------------- improvement plan

PLAN_FIELDS = {
    "ref": "reference",
    "qs": "qs",
    "theme": "theme",
    "description": "description",
    "priority": "priority",
    "lead": "lead",
    "target": "target_date",
    "status": "status",
    "board": "board",
    "progress": "progress",
}


def cmd_plan_add(args: argparse.Namespace) -> int:
    from readiness_app.register import improvement

    today = _today(args)
    with _open(args) as reg:
        action_id = improvement.create(reg, **_given(args, PLAN_FIELDS))
        row = improvement.get(reg, action_id, today=today)
    if args.json:
        commandline.print_json(row)
    else:
        print(f"added action {row['reference']} ({row['theme_name'] or 'across the themes'}), RAG {row['rag']}")
        _warn(row["flags"])
    return 0


def cmd_plan_update(args: argparse.Namespace) -> int:
    from readiness_app.register import improvement

    today = _today(args)
    with _open(args) as reg:
        action_id = improvement.resolve(reg, args.ref)
        fields = _given(args, {k: v for k, v in PLAN_FIELDS.items() if k != "ref"})
        if args.new_ref is not None:
            fields["reference"] = args.new_ref
        changes = improvement.update(reg, action_id, note=args.note or "", today=today, **fields)
        row = improvement.get(reg, action_id, today=today)
    if args.json:
        commandline.print_json(row)
    else:
        what = ", ".join(changes) + " changed" if changes else "no change"
        print(f"action {row['reference']}: {what}; RAG {row['rag']}")
    return 0


def cmd_plan_delete(args: argparse.Namespace) -> int:
    from readiness_app.register import improvement

    with _open(args) as reg:
        improvement.delete(reg, args.ref)
    print(f"deleted action {args.ref}")
    return 0


def cmd_plan_list(args: argparse.Namespace) -> int:
    from readiness_app.register import improvement

    today = _today(args)
    with _open(args, readonly=True) as reg:
        rows = improvement.list_actions(reg, today=today, theme=args.theme, rag_filter=args.rag, lead=args.lead)
    if args.json:
        commandline.print_json(rows)
        return 0
    commandline.print_table(
        [
            (
                r["reference"],
                _cut(r["theme_name"], 18),
                ",".join(r["qs"]),
                r["priority"],
                _cut(r["description"], 50),
                _cut(r["lead"], 24),
                r["target_date"] or "-",
                r["rag"].replace("_", " "),
                _cut(r["board"], 16),
            )
            for r in rows
        ],
        ["Ref", "Theme", "QS", "H/M/L", "Action", "Lead", "Target", "RAG", "Board"],
    )
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["rag"]] = counts.get(r["rag"], 0) + 1
    print("\n" + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()) if counts else "\nno actions")
    return 0


def cmd_plan_export(args: argparse.Namespace) -> int:
    from readiness_app.visit import exports

    with _open(args, readonly=True) as reg:
        path = exports.export(reg, "plan", args.output, today=_today(args))
    print(f"wrote {path}")
    return 0


# ---------------------------------------------------------------- bulletin and working days


def cmd_bulletin(args: argparse.Namespace) -> int:
    from readiness_app.visit import bulletin

    with _open(args, readonly=True) as reg:
        content = bulletin.collect(reg, args.for_date)
    if args.json:
        commandline.print_json(content)
        return 0
    text = bulletin.as_text(content)
    if args.output:
        from readiness_app.visit.exports import write_text

        print(f"wrote {write_text(args.output, text)}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_workdays(args: argparse.Namespace) -> int:
    from readiness_app.register import workdays
    from readiness_app.register.validation import long_date

    due = workdays.add_working_days(args.start, args.days)
    skipped = workdays.holidays_between(args.start, due)
    if args.json:
        commandline.print_json(
            {
                "start": str(workdays._as_date(args.start)),
                "working_days": args.days,
                "date": due.isoformat(),
                "bank_holidays": [{"date": d.isoformat(), "title": t} for d, t in skipped],
            }
        )
        return 0
    print(f"{args.days} working days after {long_date(workdays._as_date(args.start))}: {long_date(due)}")
    for d, t in skipped:
        print(f"  skipping {t}, {long_date(d)}")
    return 0


# ---------------------------------------------------------------- parser


def _sub(group, name: str, handler, help_text: str, register: bool = True) -> argparse.ArgumentParser:
    p = group.add_parser(name, help=help_text, description=help_text)
    if register:
        commandline.add_register_argument(p)
    p.set_defaults(handler=handler)
    return p


def _learning_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--session", type=int, metavar="ID", help="the interview session this debrief is about")
    p.add_argument("--date", metavar="DATE", help="date of the entry (default: the session's date, else today)")
    p.add_argument(
        "--qs", metavar="LIST", help="what CQC asked about, e.g. 'QS1, Safeguarding' (default: the session's)"
    )
    p.add_argument("--went-well", metavar="TEXT")
    p.add_argument("--to-correct", metavar="TEXT", help="what needs correcting or clarifying")
    p.add_argument("--correct-by", metavar="WHO", help="who will correct or clarify it")
    p.add_argument("--evidence-to-send", metavar="TEXT")
    p.add_argument("--themes", metavar="TEXT", help="themes heard, separated by commas")
    _json_flag(p)


def _request_options(p: argparse.ArgumentParser, adding: bool) -> None:
    p.add_argument("--received", required=adding, metavar="DATE", help="date CQC asked")
    p.add_argument("--description", required=adding, metavar="TEXT", help="what CQC asked for")
    p.add_argument("--from", dest="from_whom", metavar="WHO", help="who at CQC asked")
    p.add_argument("--qs", metavar="LIST")
    p.add_argument("--owner", metavar="WHO")
    p.add_argument("--due", metavar="DATE", help="due date (a request without one is flagged)")
    p.add_argument("--status", metavar="S", help="open, in progress, sent, closed")
    p.add_argument("--sent", metavar="DATE", help="date sent (default: today when status becomes sent)")
    p.add_argument("--evidence", metavar="IDS", help="evidence ids sent in reply, e.g. 12,15 ('' clears)")
    p.add_argument("--notes", metavar="TEXT")
    _today_flag(p)
    _json_flag(p)


def _fa_options(p: argparse.ArgumentParser, adding: bool) -> None:
    p.add_argument("--section", required=adding, metavar="TEXT", help="report section and paragraph")
    p.add_argument("--type", required=adding, metavar="T", help="typo (or figure), inaccurate, omitted")
    p.add_argument("--draft", metavar="TEXT", help="what the draft report says")
    p.add_argument("--proposed", metavar="TEXT", help="the wording the council proposes")
    p.add_argument("--owner", metavar="WHO")
    p.add_argument("--status", metavar="S", help="draft, agreed, submitted, accepted, rejected")
    p.add_argument("--evidence", metavar="IDS", help="supporting evidence ids, e.g. 12,15 ('' clears)")
    p.add_argument("--notes", metavar="TEXT")
    _json_flag(p)


def _plan_options(p: argparse.ArgumentParser, adding: bool) -> None:
    p.add_argument("--description", required=adding, metavar="TEXT")
    p.add_argument("--lead", required=adding, metavar="WHO", help="named person or role (required)")
    p.add_argument("--priority", metavar="H|M|L", help="default M" if adding else None)
    p.add_argument("--qs", metavar="LIST")
    p.add_argument("--theme", metavar="NAME", help="theme (default: from the QS)")
    p.add_argument("--target", metavar="DATE", help="target date")
    p.add_argument("--status", metavar="S", help="not started, on track, complete")
    p.add_argument("--board", metavar="NAME", help="governance board or work programme")
    p.add_argument("--progress", metavar="TEXT", help="progress notes (replaces them)")
    _today_flag(p)
    _json_flag(p)


def add_commands(sub) -> None:
    # learning log
    group = sub.add_parser("learning", help="the learning log: a debrief after each interview").add_subparsers(
        dest="learning_command", metavar="ACTION", required=True
    )
    _learning_options(_sub(group, "add", cmd_learning_add, "add a debrief entry (--session ID fills date and QS)"))
    p = _sub(group, "update", cmd_learning_update, "change an entry")
    p.add_argument("id", type=int, metavar="ID")
    _learning_options(p)
    p = _sub(group, "delete", cmd_learning_delete, "delete an entry")
    p.add_argument("id", type=int, metavar="ID")
    p = _sub(group, "list", cmd_learning_list, "list and search entries")
    p.add_argument("--date", metavar="DATE")
    p.add_argument("--session", type=int, metavar="ID")
    p.add_argument("--qs", metavar="QS")
    p.add_argument("--search", metavar="WORDS", help="entries containing all these words")
    p.add_argument("--corrections", action="store_true", help="only entries with something to correct")
    _json_flag(p)
    p = _sub(group, "summary", cmd_learning_summary, "the log summarised per quality statement")
    _json_flag(p)
    p = _sub(group, "todo", cmd_learning_todo, "sessions of a day with no debrief yet")
    p.add_argument("--date", metavar="DATE", help="default today")
    _today_flag(p)
    _json_flag(p)

    # CQC requests
    group = sub.add_parser("request", help="CQC's information requests and replies").add_subparsers(
        dest="request_command", metavar="ACTION", required=True
    )
    _request_options(_sub(group, "add", cmd_request_add, "record a request from CQC"), adding=True)
    p = _sub(group, "update", cmd_request_update, "change a request (e.g. --status sent --evidence 12,15)")
    p.add_argument("id", type=int, metavar="ID")
    _request_options(p, adding=False)
    p = _sub(group, "delete", cmd_request_delete, "delete a request")
    p.add_argument("id", type=int, metavar="ID")
    p = _sub(group, "list", cmd_request_list, "list requests, overdue first")
    p.add_argument("--status", metavar="S")
    p.add_argument("--open", action="store_true", help="only requests not yet sent or closed")
    p.add_argument("--overdue", action="store_true", help="only overdue requests")
    _today_flag(p)
    _json_flag(p)

    # factual accuracy
    group = sub.add_parser("accuracy", help="the factual accuracy check of CQC's draft report").add_subparsers(
        dest="accuracy_command", metavar="ACTION", required=True
    )
    _fa_options(_sub(group, "add", cmd_accuracy_add, "add a point to challenge"), adding=True)
    p = _sub(group, "update", cmd_accuracy_update, "change a point")
    p.add_argument("id", type=int, metavar="ID")
    _fa_options(p, adding=False)
    p = _sub(group, "delete", cmd_accuracy_delete, "delete a point")
    p.add_argument("id", type=int, metavar="ID")
    p = _sub(group, "list", cmd_accuracy_list, "the points, numbered as in the submission")
    p.add_argument("--status", metavar="S")
    _json_flag(p)
    p = _sub(group, "deadline", cmd_accuracy_deadline, "the response deadline: 10 working days from receipt")
    p.add_argument("--received", metavar="DATE", help="record the date the draft report arrived ('' clears)")
    _today_flag(p)
    _json_flag(p)
    p = _sub(group, "export", cmd_accuracy_export, "the submission as a spreadsheet (.xlsx); PDF: report fa-submission")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    _today_flag(p)

    # published outcome
    group = sub.add_parser("outcome", help="CQC's published scores and rating").add_subparsers(
        dest="outcome_command", metavar="ACTION", required=True
    )
    p = _sub(group, "set", cmd_outcome_set, "record published scores, rating and date")
    p.add_argument("--scores", metavar="LIST", help="nine scores in QS order (2,2,2,2,3,3,3,3,3) or QS1=2,QS7=3")
    p.add_argument("--rating", metavar="NAME", help="published overall rating (default: from the nine scores)")
    p.add_argument("--date", metavar="DATE", help="publication date")
    _json_flag(p)
    p = _sub(group, "show", cmd_outcome_show, "published outcome compared with the self-assessment")
    _json_flag(p)
    _sub(group, "clear", cmd_outcome_clear, "remove the published outcome")

    # improvement plan
    group = sub.add_parser("plan", help="the improvement plan after publication").add_subparsers(
        dest="plan_command", metavar="ACTION", required=True
    )
    p = _sub(group, "add", cmd_plan_add, "add an action")
    p.add_argument("--ref", metavar="REF", help="reference (default: next in the theme, e.g. 2.3)")
    _plan_options(p, adding=True)
    p = _sub(group, "update", cmd_plan_update, "change an action (--note adds a dated progress line)")
    p.add_argument("ref", metavar="REF", help="reference (2.3) or id")
    p.add_argument("--new-ref", metavar="NEW", help="change the reference")
    p.add_argument("--note", metavar="TEXT", help="add a dated line to the progress notes")
    _plan_options(p, adding=False)
    p = _sub(group, "delete", cmd_plan_delete, "delete an action")
    p.add_argument("ref", metavar="REF")
    p = _sub(group, "list", cmd_plan_list, "actions by theme with derived RAG")
    p.add_argument("--theme", metavar="NAME")
    p.add_argument("--rag", metavar="RAG", help="complete, on track, overdue, not started")
    p.add_argument("--lead", metavar="TEXT")
    _today_flag(p)
    _json_flag(p)
    p = _sub(group, "export", cmd_plan_export, "the plan as a spreadsheet (.xlsx); PDF: report improvement-plan")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    _today_flag(p)

    # bulletin (plain text) and working days
    p = _sub(sub, "bulletin", cmd_bulletin, "the nightly bulletin as plain text for an email")
    p.add_argument("--for", dest="for_date", required=True, metavar="DATE", help="the evening it is sent")
    p.add_argument("-o", "--output", metavar="FILE.txt", help="write to a file instead of the screen")
    _json_flag(p)

    p = _sub(sub, "workdays", cmd_workdays, "the date N working days after DATE (England and Wales)", register=False)
    p.add_argument("start", metavar="DATE")
    p.add_argument("days", type=int, metavar="N")
    _json_flag(p)
