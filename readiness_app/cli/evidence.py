"""Command-line commands for the evidence folder: scan, watch, evidence, accept, evidence-settings.

Imports of the heavy modules stay inside the handlers so `status` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from readiness_app import clock
from readiness_app.cli.common import add_register_argument, open_from_args, print_json, print_table
from readiness_app.evidence.names import shown


def cmd_scan(args: argparse.Namespace) -> int:
    from readiness_app.errors import ReadinessError
    from readiness_app.evidence.folder import FolderUnreachable
    from readiness_app.evidence.reconcile import reconcile

    with open_from_args(args, source="cli") as reg:
        try:
            result = reconcile(reg, source="cli")
        except FolderUnreachable as exc:
            raise ReadinessError(str(exc), hint="check the share is connected, then scan again") from None
    if args.json:
        data: dict[str, Any] = dict(result.counts())
        data.update(
            seconds=round(result.seconds, 3),
            hashed=result.hashed,
            new_ids=result.new_ids,
            totals=result.totals,
            changes=[{"kind": c.kind, "path": c.rel_path, "id": c.item_id, "detail": c.detail} for c in result.changes],
            ignored_paths=[{"path": p, "why": w} for p, w in result.ignored_paths],
            unreadable_paths=[{"path": p, "why": w} for p, w in result.unreadable_paths.items()],
            gap_offers={str(k): [g["id"] for g in v] for k, v in result.gap_offers.items()},
        )
        print_json(data)
        return 0
    if args.verbose:
        for change in result.changes:
            print(change.line())
        for path, why in result.unreadable_paths.items():
            print(shown(f"unreadable {path}: {why}"))
    print(result.summary())
    t = result.totals
    print(
        f"register: {t['items']} items, {t['inbox']} in the inbox, {t['missing']} missing, "
        f"{t['duplicate']} duplicates, {t['unreadable']} unreadable, {t['not_downloaded']} not downloaded "
        f"({result.seconds:.1f} s, {result.hashed} files hashed)"
    )
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    import logging
    import os
    import signal
    import threading

    from readiness_app.errors import ReadinessError
    from readiness_app.evidence.watcher import EvidenceWatcher

    if args.polling is not None and not 0.5 <= args.polling <= 3600:
        raise ReadinessError("--polling must be between 0.5 and 3600 seconds", field="polling")
    stop = threading.Event()

    def stamp() -> str:
        return clock.now().strftime("%H:%M:%S")

    def on_change(result) -> None:
        for change in result.changes:
            print(f"{stamp()} {change.line()}", flush=True)
        for item_id, gaps in result.gap_offers.items():
            for gap in gaps:
                print(f"{stamp()} offer: evidence {item_id} could close gap {gap['id']} ({gap['qs']})", flush=True)

    def on_signal(signum, frame) -> None:
        stop.set()

    reg = open_from_args(args, source="watcher")
    reg.watch_for_copies()  # so a backup copied over the open file is noticed (register/copies.py)
    watcher = EvidenceWatcher(reg, on_change=on_change, polling=args.polling)
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, on_signal)
    logging.getLogger("readiness_app").info("watch started")
    try:
        watcher.start()
        print(
            f"{stamp()} watching {os.path.abspath(str(watcher.root))} ({watcher.state}"
            + (f", {watcher.network}" if watcher.network else "")
            + "); Ctrl+C to stop",
            flush=True,
        )
        state = watcher.state
        while not stop.is_set():
            result = watcher.process_pending()
            if result.full and not args.quiet:
                print(f"{stamp()} reconciled: {result.summary()}", flush=True)
            if watcher.state != state:
                state = watcher.state
                extra = f": {watcher.last_error}" if watcher.last_error and state == "offline" else ""
                print(shown(f"{stamp()} folder is now {state}{extra}"), flush=True)
            stop.wait(args.tick)
    finally:
        watcher.stop()
        reg.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print(f"{stamp()} stopped", flush=True)
    return 0


def cmd_evidence(args: argparse.Namespace) -> int:
    from readiness_app.errors import ReadinessError
    from readiness_app.framework import current
    from readiness_app.framework.matcher import parse_qs_list
    from readiness_app.register import evidence

    qs = None
    if args.qs:
        ids = parse_qs_list(args.qs)
        if len(ids) != 1:
            raise ReadinessError("--qs takes one quality statement, e.g. QS3", field="qs")
        qs = ids[0]
    with open_from_args(args, readonly=False) as reg:
        items = evidence.list_items(reg, qs=qs, status="inbox" if args.inbox else None, presence=args.presence)
        offers = {item["id"]: evidence.gaps_to_offer(reg, item["id"]) for item in items} if args.gaps else {}
    if args.json:
        for item in items:
            item.pop("notes", None)  # free text stays in the app
            if args.gaps:
                item["gaps_offered"] = [g["id"] for g in offers[item["id"]]]
        print_json(items)
        return 0
    fw = current()
    rows = []
    for item in items:
        row = [
            item["id"],
            item["reference"] or "",
            ",".join(item["qs"]) or "-",
            fw.category(item["category"]).name if item["category"] else "-",
            item["status"],
            item["presence"] if item["presence"] == "present" else item["presence"].upper(),
            shown(item["rel_path"]),
        ]
        if args.gaps:
            row.append(",".join(str(g["id"]) for g in offers[item["id"]]))
        rows.append(row)
    headers = ["ID", "Ref", "QS", "Category", "Status", "Presence", "Path"] + (["Gaps"] if args.gaps else [])
    print_table(rows, headers)
    print(f"{len(items)} items", file=sys.stderr)
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    from readiness_app.operations import evidence as evidence_operations

    category = args.category
    if category:
        from readiness_app.errors import ReadinessError
        from readiness_app.framework import current
        from readiness_app.framework.matcher import match_category

        ids = {c.id for c in current().categories}
        found = category if category in ids else getattr(match_category(category), "id", None)
        if not found:
            raise ReadinessError(f"unknown evidence category {category!r}", hint="one of: " + ", ".join(sorted(ids)))
        category = found
    with open_from_args(args, source="cli") as reg:
        offers = evidence_operations.accept([args.id], qs=args.qs, category=category).run(reg).offers
        closed = evidence_operations.close_gaps(offers).run(reg) if args.close_gaps else []
    print(f"evidence {args.id} accepted")
    for _item, gap in offers:
        verb = "closed" if gap["id"] in closed else "could close"
        print(f"  {verb} gap {gap['id']} ({gap['qs']}, {gap['category']}): {gap['description']}")
    if offers and not args.close_gaps:
        print("  re-run with --close-gaps to close them with this file linked")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from readiness_app.errors import ReadinessError
    from readiness_app.evidence import settings as evidence_settings
    from readiness_app.evidence.classify import DEFAULT_REFERENCE_PATTERN

    with open_from_args(args, source="cli") as reg:
        for assignment in args.set or []:
            name, sep, value = assignment.partition("=")
            if not sep:
                raise ReadinessError(f"--set needs NAME=VALUE, not {assignment!r}", field="set")
            evidence_settings.save(reg, name.strip(), value.replace("\\n", "\n"))
        current = evidence_settings.load(reg)
    if args.json:
        data = current.as_dict()
        data["ignore_rules"] = [{"pattern": p, "why": w} for p, w in current.ignore_rules.patterns]
        print_json(data)
        return 0
    for name, value in current.as_dict().items():
        if name == "ignore_patterns":
            continue
        if name == "reference_pattern" and not value:
            value = f"{DEFAULT_REFERENCE_PATTERN} (default)"
        print(f"{name}: {'on' if value is True else 'off' if value is False else value}")
    print("ignored files and folders:")
    for pattern, why in current.ignore_rules.patterns:
        print(f"  {pattern:<16} {why}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scan", help="reconcile the evidence folder with the register once, and print counts")
    add_register_argument(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("-v", "--verbose", action="store_true", help="list every change")
    p.set_defaults(handler=cmd_scan)

    p = sub.add_parser("watch", help="watch the evidence folder until Ctrl+C, logging each change")
    add_register_argument(p)
    p.add_argument("--polling", type=float, metavar="SECONDS", help="poll every SECONDS instead of native events")
    p.add_argument("--quiet", action="store_true", help="do not print a line for each full reconcile")
    p.add_argument("--tick", type=float, default=0.25, help=argparse.SUPPRESS)
    p.set_defaults(handler=cmd_watch)

    p = sub.add_parser("evidence", help="list evidence items")
    add_register_argument(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--qs", metavar="QS", help="only items tagged with this quality statement (QS3, Safeguarding ...)")
    p.add_argument("--inbox", action="store_true", help="only items waiting in the inbox")
    p.add_argument(
        "--presence", choices=["present", "missing", "duplicate", "unreadable", "not_downloaded"], help="filter"
    )
    p.add_argument("--gaps", action="store_true", help="show the open gaps each accepted item could close")
    p.set_defaults(handler=cmd_evidence)

    p = sub.add_parser("accept", help="accept an inbox item, optionally tagging it, and offer gaps to close")
    add_register_argument(p)
    p.add_argument("id", type=int, metavar="ID", help="the evidence item's id")
    p.add_argument("--qs", metavar="QS", help="set its quality statements, e.g. 'QS3, QS7'")
    p.add_argument("--category", metavar="CAT", help="set its category: people, staff, partners or processes")
    p.add_argument("--close-gaps", action="store_true", help="close the offered gaps with this file linked")
    p.set_defaults(handler=cmd_accept)

    p = sub.add_parser("evidence-settings", help="show or change the evidence folder settings and ignore list")
    add_register_argument(p)
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="e.g. auto_accept=on (repeatable)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_settings)
