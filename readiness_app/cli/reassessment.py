"""Command line for re-assessment: `finding ...` (the previous report's findings),
`progress` (per QS, against the previous report) and `annual ...` (each year's
self-assessment version). Findings import with `import findings FILE REGISTER`;
the document is `report self-assessment`.

Imports stay inside the handlers so that other commands start fast.
"""

from __future__ import annotations

import argparse

from readiness_app.cli import common as commandline


def add_commands(sub: argparse._SubParsersAction) -> None:
    actions = commandline.action_group(
        sub, "finding", "the previous report's findings per QS (went well, areas for improvement)", dest="action"
    )
    a = commandline.add_action(actions, "add", cmd_finding_add, "type in a finding")
    a.add_argument("--qs", required=True, metavar="QS", help="QS1 to QS9 or its name")
    a.add_argument("--kind", required=True, metavar="KIND", help="went well, or area for improvement")
    a.add_argument("--text", required=True, metavar="TEXT", help="the finding in the council's own words")
    a.add_argument("--page", default="", metavar="PAGE", help="the report's page or paragraph")
    a = commandline.add_action(actions, "list", cmd_finding_list, "the findings with their actions and evidence")
    a.add_argument("--qs", metavar="QS")
    a.add_argument("--json", action="store_true", help="machine-readable output")
    a = commandline.add_action(actions, "link", cmd_finding_link, "the actions that address a finding, its evidence")
    a.add_argument("id", type=int, metavar="ID", help="the finding's id")
    a.add_argument("--actions", metavar="REFS", help="action references, e.g. 1.1,2.3 (replaces the set)")
    a.add_argument("--evidence", metavar="IDS", help="evidence ids that show change, e.g. 12,40 (replaces the set)")
    a = commandline.add_action(actions, "delete", cmd_finding_delete, "delete a finding")
    a.add_argument("id", type=int, metavar="ID")

    p = commandline.add_action(sub, "progress", cmd_progress, "per QS: progress against the previous report")
    p.add_argument("--qs", metavar="QS", help="one quality statement")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    actions = commandline.action_group(
        sub, "annual", "each year's self-assessment: a read-only version with a status", dest="action"
    )
    a = commandline.add_action(actions, "take", cmd_annual_take, "keep the self-assessment now as a year's version")
    a.add_argument("year", metavar="YEAR", help="e.g. 2026 or 2026-27")
    a = commandline.add_action(actions, "status", cmd_annual_status, "draft, signed off or sent")
    a.add_argument("year", metavar="YEAR")
    a.add_argument("status", metavar="STATUS", help="draft, signed off, sent")
    a.add_argument("--document", metavar="FILE", help="the document generated for this version")
    a = commandline.add_action(
        actions, "answer", cmd_annual_answer, "answer the information return's self-assessment item with the document"
    )
    a.add_argument("year", metavar="YEAR")
    a.add_argument("item", metavar="ITEM", help="the item's number in CQC's list, e.g. 1")
    a = commandline.add_action(actions, "list", cmd_annual_list, "the versions, newest first")
    a.add_argument("--json", action="store_true")
    a = commandline.add_action(actions, "compare", cmd_annual_compare, "this year against last year, per QS")
    a.add_argument("--year", metavar="YEAR", help="this year's version (default: the self-assessment now)")
    a.add_argument("--last", metavar="YEAR", help="last year's version (default: the newest before it)")
    a.add_argument("--json", action="store_true")


def _list(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()]


def cmd_finding_add(args: argparse.Namespace) -> int:
    from readiness_app.register import findings

    with commandline.open_from_args(args, source="cli") as reg:
        finding_id = findings.create(reg, qs=args.qs, kind=args.kind, text=args.text, page=args.page)
        row = findings.get(reg, finding_id)
    print(f"added finding {finding_id} ({row['qs']}, {findings.KIND[row['kind']].lower()})")
    return 0


def cmd_finding_list(args: argparse.Namespace) -> int:
    from readiness_app.register import findings

    with commandline.open_from_args(args, readonly=True) as reg:
        rows = findings.list_findings(reg, qs=args.qs)
    if args.json:
        commandline.print_json(rows)
        return 0
    if not rows:
        print("No findings yet: `import findings FILE REGISTER`, or `finding add`.")
        return 0
    commandline.print_table(
        [
            (
                r["id"],
                r["qs"],
                r["kind_label"],
                r["text"][:60],
                r["page"],
                ",".join(r["actions"]) or "-",
                len(r["evidence"]),
            )
            for r in rows
        ],  # fmt: skip
        ["Id", "QS", "Kind", "Finding", "Page", "Actions", "Evidence"],
    )
    return 0


def cmd_finding_link(args: argparse.Namespace) -> int:
    from readiness_app.errors import ReadinessError
    from readiness_app.register import findings

    if args.actions is None and args.evidence is None:
        raise ReadinessError("say what to link: --actions REFS and/or --evidence IDS")
    with commandline.open_from_args(args, source="cli") as reg:
        if args.actions is not None:
            findings.set_actions(reg, args.id, list(_list(args.actions)))
        if args.evidence is not None:
            ids = []
            for part in _list(args.evidence):
                if not part.isdigit():
                    raise ReadinessError(f"{part!r} is not an evidence id", field="evidence")
                ids.append(int(part))
            findings.set_evidence(reg, args.id, ids)
        row = next(r for r in findings.list_findings(reg) if r["id"] == args.id)
    print(f"finding {args.id}: actions {', '.join(row['actions']) or 'none'}; {len(row['evidence'])} evidence items")
    return 0


def cmd_finding_delete(args: argparse.Namespace) -> int:
    from readiness_app.register import findings

    with commandline.open_from_args(args, source="cli") as reg:
        findings.delete(reg, args.id)
    print(f"deleted finding {args.id}")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from readiness_app.register import progress

    with commandline.open_from_args(args, readonly=True) as reg:
        rows = progress.per_qs(reg, qs=args.qs)
        previous = progress.previous_assessment(reg)
    if args.json:
        commandline.print_json({"previous_assessment": previous, "quality_statements": rows})
        return 0
    if previous["rating"]:
        print(
            f"Previous assessment: {previous['rating']}"
            + (f", published {previous['date']}" if previous["date"] else "")
        )
    else:
        print("Previous assessment: not recorded (`outcome set REGISTER ...`)")
    for row in rows:
        print()
        prev = row["previous_score"] if row["previous_score"] is not None else "-"
        now = row["self_score"] if row["self_score"] is not None else "-"
        print(f"{row['qs']} {row['name']}: previous score {prev}, self-assessed now {now}")
        if row["characteristic"]:
            print(f"  Rating characteristic for {now} ({row['characteristic_source']}): {row['characteristic']}")
        for f in row["findings"]:
            page = f" (p. {f['page']})" if f["page"] else ""
            print(f"  [{f['kind_label']}] {f['text']}{page}")
            for a in f["actions"]:
                print(f"      action {a['reference']}: {a['rag_label']}")
            if f["kind"] == "improve" and not f["actions"]:
                print("      no action addresses it")
            for e in f["evidence"]:
                print(f"      evidence of change: {e['reference'] or e['id']} {e['title']}")
            if f["kind"] == "improve" and not f["evidence"]:
                print("      no evidence of change yet")
        if not row["findings"]:
            print("  no findings recorded")
    return 0


def cmd_annual_take(args: argparse.Namespace) -> int:
    from readiness_app.register import annual_self_assessment as annual

    with commandline.open_from_args(args, source="cli") as reg:
        snapshot_id = annual.take(reg, args.year)
    print(f"self-assessment {args.year} kept as a draft (snapshot {snapshot_id})")
    return 0


def cmd_annual_status(args: argparse.Namespace) -> int:
    from readiness_app.register import annual_self_assessment as annual

    with commandline.open_from_args(args, source="cli") as reg:
        annual.set_status(reg, args.year, args.status, document=args.document)
        row = next(v for v in annual.list_versions(reg) if v["year"] == args.year)
    print(f"self-assessment {args.year}: {row['status_label'].lower()} on {row['status_date']}")
    return 0


def cmd_annual_answer(args: argparse.Namespace) -> int:
    from readiness_app.register import annual_self_assessment as annual

    with commandline.open_from_args(args, source="cli") as reg:
        annual.answer_return_item(reg, args.year, args.item)
    print(f"item {args.item} is answered by the {args.year} self-assessment")
    return 0


def cmd_annual_list(args: argparse.Namespace) -> int:
    from readiness_app.register import annual_self_assessment as annual

    with commandline.open_from_args(args, readonly=True) as reg:
        rows = annual.list_versions(reg)
    if args.json:
        commandline.print_json(rows)
        return 0
    if not rows:
        print("No versions yet: `annual take REGISTER YEAR`.")
        return 0
    commandline.print_table(
        [(r["year"], r["status_label"], r["status_date"], r["taken_on"], r["document"] or "-") for r in rows],
        ["Year", "Status", "Since", "Taken", "Document"],
    )
    return 0


def cmd_annual_compare(args: argparse.Namespace) -> int:
    from readiness_app.register import annual_self_assessment as annual
    from readiness_app.register import snapshots

    with commandline.open_from_args(args, readonly=True) as reg:
        result = annual.compare_years(reg, args.year, args.last)
    if args.json:
        commandline.print_json(result)
        return 0
    print(f"{result['a']['label']} -> {result['b']['label']}")
    for s in result["statements"]:
        score = "" if s["score_change"] in (None, 0) else f"score {s['score_a']} -> {s['score_b']}; "
        fields = ", ".join(f["label"].lower() for f in s["fields"] if f["changed"]) or "no text changed"
        print(f"  {s['qs']}: {score}{fields}; {snapshots.baseline_text(s['score_b'], s['published'])}")
    return 0
