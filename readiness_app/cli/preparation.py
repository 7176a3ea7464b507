"""Command line: `return ...` (the information return), `indicator ...` (the data pack),
`snapshot ...` (self-assessment snapshots) and `characteristics load` (the rating rubric).

Imports stay inside the handlers so that `return status` starts quickly.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from readiness_app import clock
from readiness_app.cli import common as commandline
from readiness_app.errors import ReadinessError

LIST_LIMIT = commandline.LIST_LIMIT


def add_commands(sub: argparse._SubParsersAction) -> None:
    _return_commands(sub)
    _indicator_commands(sub)
    _snapshot_commands(sub)
    actions = commandline.action_group(
        sub, "characteristics", "rating characteristics per QS: the rubric beside each score", dest="action"
    )
    a = commandline.add_action(
        actions, "load", cmd_characteristics_load, "load the current version from a CSV/XLSX (QS, Score, Description)"
    )
    a.add_argument("file", metavar="FILE", help="a .csv or .xlsx file")
    a.add_argument("--source", required=True, metavar="TEXT", help="where the words come from, e.g. 'CQC, March 2026'")
    a.add_argument("--status", required=True, choices=["draft", "final"], help="CQC's status for this version")


def _import_arguments(p: argparse.ArgumentParser) -> None:
    """After REGISTER (add_action gives it): the file and the options every import takes."""
    p.add_argument("file", metavar="FILE", help="a .csv or .xlsx file")
    p.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    p.add_argument("--sheet", metavar="NAME", help="the sheet to read in a workbook")
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _today_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)  # a fixed clock for tests and demos


def _return_commands(sub: argparse._SubParsersAction) -> None:
    actions = commandline.action_group(
        sub, "return", "the information return: CQC's request list and its answers", dest="action"
    )

    a = commandline.add_action(
        actions, "import", cmd_return_import, "import CQC's request list (CSV/XLSX); all rows or none"
    )
    _import_arguments(a)

    a = commandline.add_action(actions, "status", cmd_return_status, "counts by status and QS; unanswered items")
    a.add_argument("--json", action="store_true", help="machine-readable output")

    a = commandline.add_action(
        actions, "answer", cmd_return_answer, "answer an item with a file, a section, a link or 'not held'"
    )
    a.add_argument("item", metavar="ITEM", help="the item number as CQC gave it, e.g. 3.2")
    how = a.add_mutually_exclusive_group(required=True)
    how.add_argument("--evidence", metavar="REF", help="an evidence file by reference, path or id")
    how.add_argument("--section", metavar='"REF p.12"', help="a section of a file: its reference, then page/section")
    how.add_argument("--link", metavar="URL", help="a public link (http or https)")
    how.add_argument("--not-held", metavar="REASON", help="the council does not hold this, and why")
    a.add_argument("--status", choices=["not_started", "in_progress", "ready", "submitted"], help="set the status too")

    a = commandline.add_action(
        actions, "item", cmd_return_item, "add an item by hand, or change one (matched by its number)"
    )
    a.add_argument("item", metavar="ITEM", help="the item number as CQC gave it, e.g. 3.2")
    a.add_argument("--title", help="what CQC asked for (needed for a new item)")
    a.add_argument("--description", help="CQC's further detail")
    a.add_argument("--qs", metavar="QS", help="e.g. QS7 or 'Safeguarding; QS1'")
    a.add_argument("--category", metavar="ID", help="evidence category id (people, staff, partners, processes)")
    a.add_argument("--status", choices=["not_started", "in_progress", "ready", "submitted"])
    a.add_argument("--owner")
    a.add_argument("--due", metavar="DATE", help="due date (default: the return's due date)")
    a.add_argument("--notes")

    a = commandline.add_action(actions, "export", cmd_return_export, "the submission index as .xlsx, .pdf or .csv")
    a.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.xlsx, FILE.pdf or FILE.csv")
    a.add_argument(
        "--gather", metavar="DIR", help="also copy the answering files into a dated folder in DIR, index beside them"
    )
    _today_argument(a)

    a = commandline.add_action(
        actions, "suggest", cmd_return_suggest, "library files that may answer unanswered items (links nothing)"
    )
    a.add_argument("item", metavar="ITEM", nargs="?", help="one item number (default: every unanswered item)")
    a.add_argument("--json", action="store_true", help="machine-readable output")


def _indicator_commands(sub: argparse._SubParsersAction) -> None:
    actions = commandline.action_group(sub, "indicator", "the data pack: figures per quality statement", dest="action")
    a = commandline.add_action(
        actions, "import", cmd_indicator_import, "import indicators (CSV/XLSX); all rows or none"
    )
    _import_arguments(a)
    a = commandline.add_action(
        actions, "list", cmd_indicator_list, "indicators with their benchmarks; stale ones flagged"
    )
    a.add_argument("--json", action="store_true", help="machine-readable output")
    a.add_argument("--stale", action="store_true", help="only stale figures")
    a.add_argument("--qs", metavar="QS", help="only this quality statement (e.g. QS7)")
    _today_argument(a)


def _snapshot_commands(sub: argparse._SubParsersAction) -> None:
    actions = commandline.action_group(
        sub, "snapshot", "read-only snapshots of the self-assessment, and comparing them", dest="action"
    )
    a = commandline.add_action(actions, "take", cmd_snapshot_take, "snapshot the self-assessment now")
    a.add_argument("--label", required=True, metavar="TEXT", help="e.g. 'Q3 refresh for the board'")
    a = commandline.add_action(actions, "list", cmd_snapshot_list, "the snapshots, newest first")
    a.add_argument("--json", action="store_true", help="machine-readable output")
    a = commandline.add_action(
        actions, "compare", cmd_snapshot_compare, "compare snapshot A with B (default: the self-assessment now)"
    )
    a.add_argument("a", metavar="A", help="a snapshot id or label")
    a.add_argument("b", metavar="B", nargs="?", help="another snapshot (default: now)")
    a.add_argument("--json", action="store_true", help="machine-readable output")
    a.add_argument("-o", "--output", metavar="FILE.pdf", help="also print the comparison as a PDF")


# ---------------------------------------------------------------- shared output


def _today(args: argparse.Namespace):
    text = getattr(args, "today", None)
    if not text:
        return None
    from datetime import date

    from readiness_app.register.validation import parse_date

    return date.fromisoformat(parse_date(text, "today", required=True))


def _run_import(args: argparse.Namespace, importer) -> int:
    code, result = commandline.run_import(
        args, lambda reg: importer(reg, args.file, dry_run=args.dry_run, sheet=args.sheet), _problem
    )
    if result is None:
        return code
    for note in result.notes:
        print(f"note: {note}")
    lines = [f"  create (row {c.row}) {c.key}" for c in result.created]
    for c in result.updated:
        lines.append(f"  update (row {c.row}) {c.key}: {', '.join(c.changes)}")
    commandline.print_limited(lines)
    return 0


def _problem(problem: ReadinessError) -> dict[str, Any]:
    return {"row": problem.row, "column": problem.field, "message": problem.message}


# ---------------------------------------------------------------- return


def cmd_return_import(args: argparse.Namespace) -> int:
    from readiness_app.interop.importers.return_items import import_request_list

    return _run_import(args, import_request_list)


def cmd_return_status(args: argparse.Namespace) -> int:
    from readiness_app.register import information_return as ir

    with commandline.open_from_args(args, readonly=True) as reg:
        data = ir.counts(reg)
        unanswered = [] if args.json else [r[0] for r in reg.query(ir.UNANSWERED_NUMBERS)]
    if args.json:
        commandline.print_json(data)
        return 0
    if not data["total"]:
        print("No request list yet: import CQC's list with `return import REGISTER FILE`.")
        return 0
    from readiness_app.register.validation import long_date

    due = long_date(data["due_date"]) if data["due_date"] else "not set"
    print(f"Information return: {data['total']} items, due {due}")
    print("  " + ", ".join(f"{n} {ir.ITEM_STATUS[k].lower()}" for k, n in data["by_status"].items()))
    missing = data["missing_files"]
    verb = "answers point" if missing != 1 else "answer points"
    print(f"  {data['unanswered']} not yet answered; {missing} {verb} at a missing file")
    commandline.print_table(
        [(qs, c["items"], c["answered"], c["items"] - c["answered"]) for qs, c in data["by_qs"].items()],
        ["QS", "Items", "Answered", "Unanswered"],
    )
    if unanswered:
        numbers = sorted(unanswered, key=ir.number_key)
        more = f" ... and {len(numbers) - LIST_LIMIT} more" if len(numbers) > LIST_LIMIT else ""
        print(f"Unanswered: {', '.join(numbers[:LIST_LIMIT])}{more}")
    return 0


def cmd_return_answer(args: argparse.Namespace) -> int:
    from readiness_app.register import information_return as ir

    with commandline.open_from_args(args) as reg:
        item = ir.item_id(reg, args.item)
        with reg.transaction("cli"):
            if args.evidence:
                ir.add_answer(reg, item, "evidence", evidence=args.evidence)
            elif args.section:
                ir.add_answer(reg, item, "section", section=args.section)
            elif args.link:
                ir.add_answer(reg, item, "link", link=args.link)
            else:
                ir.add_answer(reg, item, "not_held", reason=args.not_held)
            if args.status:
                ir.update_item(reg, item, status=args.status)
        row = ir.get_item(reg, item)
    print(f"item {row['number']} ({ir.ITEM_STATUS[row['status']].lower()}): {row['title']}")
    for answer in row["answers"]:
        print(f"  {answer['text']}")
    return 0


def cmd_return_item(args: argparse.Namespace) -> int:
    from readiness_app.register import information_return as ir

    given = {"title": args.title, "description": args.description, "qs": args.qs, "category": args.category}
    given.update(status=args.status, owner=args.owner, due_date=args.due, notes=args.notes)
    values = {k: v for k, v in given.items() if v is not None}
    with commandline.open_from_args(args) as reg:
        number = ir.clean_number(args.item)
        existing = ir.find_item(reg, number)
        if existing:
            changes = ir.update_item(reg, existing, **values)
            verb = f"changed {', '.join(changes)}" if changes else "unchanged"
        else:
            ir.create_item(reg, number=number, **values)
            verb = "added"
    print(f"item {number} {verb}")
    return 0


def cmd_return_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from readiness_app.interop import submission

    today = _today(args)
    output = Path(args.output)
    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".pdf"):
        raise ReadinessError(
            f"cannot export the information return as {output.name!r}", "end the name in .xlsx, .pdf or .csv"
        )
    with commandline.open_from_args(args, readonly=True) as reg:
        gathered = None
        if args.gather:
            gathered = submission.gather_files(reg, args.gather, today)
            output = gathered.folder / output.name
        written = _write_submission(reg, output, today)
        commandline.warn_if_in_evidence(reg, written)
        if gathered is not None:  # the index in both forms beside the files
            other = output.with_suffix(".pdf" if suffix != ".pdf" else ".xlsx")
            _write_submission(reg, other, today)
    print(f"wrote {written}")
    if gathered is not None:
        print(f"gathered {len(gathered.copied)} files into {gathered.folder}")
        for line in gathered.not_copied:
            print(f"not copied: {line}", file=sys.stderr)
    return 0


def _write_submission(reg, output, today) -> Any:
    if output.suffix.lower() == ".pdf":
        from datetime import datetime

        from readiness_app.reports.options import ReportOptions
        from readiness_app.reports.rendering import render

        when = datetime.combine(today, clock.now().time().replace(microsecond=0)) if today else None
        return render(reg, "information-return", output, ReportOptions(generated_at=when)).path
    from readiness_app.interop import submission

    return submission.export_index(reg, output, today).path


def cmd_return_suggest(args: argparse.Namespace) -> int:
    from readiness_app.register import information_return as ir
    from readiness_app.register.return_suggestions import Suggester

    with commandline.open_from_args(args, readonly=True) as reg:
        if args.item:
            items = [ir.get_item(reg, ir.item_id(reg, args.item))]
        else:
            items = [r for r in ir.list_items(reg) if not r["answered"]]
        suggester = Suggester(reg)
        found = [(item, suggester.for_item(item)) for item in items]
    if args.json:
        commandline.print_json([{"item": i["number"], "suggestions": [s.as_dict() for s in ss]} for i, ss in found])
        return 0
    for item, suggestions in found:
        print(f"{item['number']} {item['title']}")
        for s in suggestions:
            print(f"  {s.reference or '#' + str(s.evidence_id)}  {s.title}  ({'; '.join(s.reasons)})")
        if not suggestions:
            print("  no suggestion")
    print("Nothing was linked: answer with `return answer REGISTER ITEM --evidence REF`.")
    return 0


# ---------------------------------------------------------------- indicator


def cmd_indicator_import(args: argparse.Namespace) -> int:
    from readiness_app.interop.importers.indicators import import_indicators

    return _run_import(args, import_indicators)


def cmd_indicator_list(args: argparse.Namespace) -> int:
    from readiness_app.register import indicators

    with commandline.open_from_args(args, readonly=True) as reg:
        rows = indicators.list_indicators(reg, today=_today(args), qs=args.qs, stale_only=args.stale)
        months = indicators.stale_months(reg)
    if args.json:
        commandline.print_json({"stale_months": months, "indicators": rows})
        return 0
    if not rows:
        print("No indicators" + (" match" if args.stale or args.qs else " yet: `indicator import REGISTER FILE`"))
        return 0
    from readiness_app.register.validation import long_date

    table = []
    for r in rows:
        bench = r["england"]
        table.append(
            (
                r["qs"],
                r["name"],
                indicators.format_value(r["value"], r["unit"]),
                r["period"],
                long_date(r["data_date"]),
                indicators.format_value(bench, r["unit"]) if bench is not None else "",
                r["trend"] or "",
                indicators.stale_label(r, months),
            )
        )
    commandline.print_table(table, ["QS", "Indicator", "Value", "Period", "Date of data", "England", "Trend", ""])
    return 0


# ---------------------------------------------------------------- snapshot


def cmd_snapshot_take(args: argparse.Namespace) -> int:
    from readiness_app.register import snapshots

    with commandline.open_from_args(args) as reg:
        snapshot_id = snapshots.take(reg, args.label)
    print(f"snapshot {snapshot_id} taken: {args.label}")
    return 0


def cmd_snapshot_list(args: argparse.Namespace) -> int:
    from readiness_app.register import snapshots

    with commandline.open_from_args(args, readonly=True) as reg:
        rows = snapshots.list_snapshots(reg)
    if args.json:
        commandline.print_json(rows)
        return 0
    if not rows:
        print("No snapshots yet: `snapshot take REGISTER --label TEXT`.")
        return 0
    from readiness_app.register.validation import long_date

    commandline.print_table(
        [(r["id"], long_date(r["taken_on"]), snapshots.REASONS[r["reason"]], r["label"]) for r in rows],
        ["Id", "Taken", "Why", "Label"],
    )
    return 0


def cmd_snapshot_compare(args: argparse.Namespace) -> int:
    from readiness_app.register import snapshots

    with commandline.open_from_args(args, readonly=True) as reg:
        result = snapshots.compare(reg, args.a, args.b)
        printed = None
        if args.output:
            from readiness_app.reports.options import ReportOptions
            from readiness_app.reports.rendering import render

            printed = render(reg, "snapshot-comparison", args.output, ReportOptions(extra={"a": args.a, "b": args.b}))
            commandline.warn_if_in_evidence(reg, printed.path)
    if args.json:
        commandline.print_json(result)
        return 0
    from readiness_app.register.validation import long_date

    a, b = result["a"], result["b"]
    print(f"{a['label']} ({long_date(a['taken_on'])}) -> {b['label']} ({long_date(b['taken_on'])})")
    for s in result["statements"]:
        if not s["changed"]:
            continue
        parts = [] if s["score_change"] in (None, 0) else [f"score {s['score_a']} -> {s['score_b']}"]
        fields = ", ".join(f["label"].lower() for f in s["fields"] if f["changed"])
        parts += [f"text: {fields}"] if fields else []
        parts.append(snapshots.baseline_text(s["score_b"], s["published"]))
        print(f"  {s['qs']}: {'; '.join(parts)}")
    print(f"{result['changed']} of {len(result['statements'])} quality statements changed")
    if printed:
        print(f"printed {printed.path} ({printed.pages} pages)")
    return 0


def cmd_characteristics_load(args: argparse.Namespace) -> int:
    from readiness_app.interop.importers.characteristics import load_characteristics

    with commandline.open_from_args(args) as reg:
        count = load_characteristics(reg, args.file, source=args.source, status=args.status)
    print(f"loaded {count} rating characteristics ({args.status}, {args.source})")
    return 0
