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
The add/update/delete/list commands of the four record kinds are built from
the table in `record_kinds.py`; what is particular to one kind stays here.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial

from readiness_app.cli import common as commandline
from readiness_app.cli.record_kinds import (
    ACCURACY,
    ACTIONS,
    JSON,
    LEARNING,
    PLAN,
    REQUESTS,
    TODAY,
    Option,
    RecordKind,
)
from readiness_app.cli.record_kinds import cut as _cut
from readiness_app.cli.record_kinds import today_from as _today
from readiness_app.errors import ReadinessError

# ---------------------------------------------------------------- helpers


def _open(args: argparse.Namespace, readonly: bool = False):
    return commandline.open_from_args(args, readonly=readonly, source="cli")


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(f"note: {line}", file=sys.stderr)


def _changed(changes) -> str:
    return ", ".join(changes) + " changed" if changes else "no change"


# ---------------------------------------------------------------- add, update, delete, list of each kind


def cmd_add(kind: RecordKind, args: argparse.Namespace) -> int:
    module = kind.register_module()
    today = _today(args)
    with _open(args) as reg:
        record_id = module.create(reg, **kind.today("create", today), **kind.values(args, adding=True))
        row = module.get(reg, record_id, **kind.today("get", today))
    if args.json:
        commandline.print_json(row)
    else:
        print(kind.added(row))
        if "add" in kind.warns:
            _warn(row["flags"])
    return 0


def cmd_update(kind: RecordKind, args: argparse.Namespace) -> int:
    module = kind.register_module()
    today = _today(args)
    with _open(args) as reg:
        record_id = module.resolve(reg, args.key) if kind.by_reference else args.key
        changes = module.update(reg, record_id, **kind.today("update", today), **kind.values(args, adding=False))
        row = module.get(reg, record_id, **kind.today("get", today))
    if args.json:
        commandline.print_json(row)
    else:
        print(kind.update_message(row, _changed(changes)))
        if "update" in kind.warns:
            _warn(row["flags"])
    return 0


def cmd_delete(kind: RecordKind, args: argparse.Namespace) -> int:
    module = kind.register_module()
    with _open(args) as reg:
        module.delete(reg, args.key)
    print(f"deleted {kind.noun} {args.key}")
    return 0


def cmd_list(kind: RecordKind, args: argparse.Namespace) -> int:
    module = kind.register_module()
    query = kind.query(args)
    with _open(args, readonly=True) as reg:
        rows = getattr(module, kind.lister)(reg, **query)
    commandline.print_rows(args, rows, kind.line, kind.columns)
    if args.json:
        return 0
    if kind.footer:
        print(kind.footer(rows))
    return 0


HANDLERS = {"add": cmd_add, "update": cmd_update, "delete": cmd_delete, "list": cmd_list}


# ---------------------------------------------------------------- what only one kind has


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
    from readiness_app.interop import visit_exports as exports

    with _open(args, readonly=True) as reg:
        path = exports.export(reg, "accuracy", args.output, today=_today(args))
        commandline.warn_if_in_evidence(reg, path)
    print(f"wrote {path}")
    return 0


def cmd_plan_export(args: argparse.Namespace) -> int:
    from readiness_app.interop import visit_exports as exports

    with _open(args, readonly=True) as reg:
        path = exports.export(reg, "plan", args.output, today=_today(args))
        commandline.warn_if_in_evidence(reg, path)
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


def _named_scores(text: str) -> dict[str, object]:
    """'QS1=2, QS7=3' -> {'QS1': '2', 'QS7': '3'} (some scores at a time)."""
    from readiness_app.framework.matcher import parse_qs_list

    out: dict[str, object] = {}
    for part in text.split(","):
        name, _, value = part.partition("=")
        ids = parse_qs_list(name)
        if len(ids) != 1:
            raise ReadinessError(f"{part.strip()!r}: name one quality statement per score", field="scores")
        if ids[0] in out:  # QS1=3,QS1=4: which one was meant?
            raise ReadinessError(f"{ids[0]} is given two scores; give each quality statement once", field="scores")
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


# ---------------------------------------------------------------- bulletin and working days


def cmd_bulletin(args: argparse.Namespace) -> int:
    from readiness_app.reports import bulletin

    with _open(args, readonly=True) as reg:
        content = bulletin.collect(reg, args.for_date)
        if args.json:
            commandline.print_json(content)
            return 0
        text = bulletin.as_text(content)
        if args.output:
            from readiness_app.interop.visit_exports import write_text

            written = write_text(args.output, text)
            commandline.warn_if_in_evidence(reg, written)
            print(f"wrote {written}")
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
                "start": str(workdays.as_date(args.start)),
                "working_days": args.days,
                "date": due.isoformat(),
                "bank_holidays": [{"date": d.isoformat(), "title": t} for d, t in skipped],
            }
        )
        return 0
    print(f"{args.days} working days after {long_date(workdays.as_date(args.start))}: {long_date(due)}")
    for d, t in skipped:
        print(f"  skipping {t}, {long_date(d)}")
    return 0


# ---------------------------------------------------------------- parser


def _sub(group, name: str, handler, help_text: str, register: bool = True) -> argparse.ArgumentParser:
    return commandline.add_action(group, name, handler, help_text, description=help_text, register=register)


def _options(p: argparse.ArgumentParser, options: tuple[Option, ...], adding: bool = False) -> argparse.ArgumentParser:
    for option in options:
        option.add_to(p, adding)
    return p


def _add_kind(sub, kind: RecordKind) -> argparse._SubParsersAction:
    """The group `kind.command` with its add, update, delete and list sub-commands."""
    group = commandline.action_group(sub, kind.command, kind.help)
    for action in ACTIONS:
        p = _sub(group, action, partial(HANDLERS[action], kind), kind.helps[action])
        if action in ("update", "delete"):
            key_help = kind.update_key_help if action == "update" else None
            p.add_argument("key", metavar=kind.key.metavar, type=kind.key.type or str, help=key_help)
        if action == "add":
            _options(p, kind.adding_options + kind.options, adding=True)
        elif action == "update":
            _options(p, kind.updating_options + kind.options)
        elif action == "list":
            _options(p, kind.list_options)
    return group


def add_commands(sub) -> None:
    group = _add_kind(sub, LEARNING)
    _options(_sub(group, "summary", cmd_learning_summary, "the log summarised per quality statement"), (JSON,))
    p = _sub(group, "todo", cmd_learning_todo, "sessions of a day with no debrief yet")
    p.add_argument("--date", metavar="DATE", help="default today")
    _options(p, (TODAY, JSON))

    _add_kind(sub, REQUESTS)

    group = _add_kind(sub, ACCURACY)
    p = _sub(group, "deadline", cmd_accuracy_deadline, "the response deadline: 10 working days from receipt")
    p.add_argument("--received", metavar="DATE", help="record the date the draft report arrived ('' clears)")
    _options(p, (TODAY, JSON))
    p = _sub(group, "export", cmd_accuracy_export, "the submission as a spreadsheet (.xlsx); PDF: report fa-submission")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    _options(p, (TODAY,))

    # published outcome (one record, not a list: set, show, clear)
    group = commandline.action_group(sub, "outcome", "CQC's published scores and rating")
    p = _sub(group, "set", cmd_outcome_set, "record published scores, rating and date")
    p.add_argument("--scores", metavar="LIST", help="nine scores in QS order (2,2,2,2,3,3,3,3,3) or QS1=2,QS7=3")
    p.add_argument("--rating", metavar="NAME", help="published overall rating (default: from the nine scores)")
    p.add_argument("--date", metavar="DATE", help="publication date")
    _options(p, (JSON,))
    _options(_sub(group, "show", cmd_outcome_show, "published outcome compared with the self-assessment"), (JSON,))
    _sub(group, "clear", cmd_outcome_clear, "remove the published outcome")

    group = _add_kind(sub, PLAN)
    p = _sub(group, "export", cmd_plan_export, "the plan as a spreadsheet (.xlsx); PDF: report improvement-plan")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    _options(p, (TODAY,))

    # bulletin (plain text) and working days
    p = _sub(sub, "bulletin", cmd_bulletin, "the nightly bulletin as plain text for an email")
    p.add_argument("--for", dest="for_date", required=True, metavar="DATE", help="the evening it is sent")
    p.add_argument("-o", "--output", metavar="FILE.txt", help="write to a file instead of the screen")
    _options(p, (JSON,))

    p = _sub(sub, "workdays", cmd_workdays, "the date N working days after DATE (England and Wales)", register=False)
    p.add_argument("start", metavar="DATE")
    p.add_argument("days", type=int, metavar="N")
    _options(p, (JSON,))
