"""The `search` command: find records and evidence files by what they say.

    search REGISTER "carers strategy" [--kind evidence] [--qs QS3] [--json] [--limit N]
    search REGISTER --reindex        # read every file's text again and rebuild the index
    search REGISTER --status         # how much is indexed, and the files with no text and why

Before a search, files that are new or changed since the last look (and whose text
the watcher has not read yet) are read, so the answer is current.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from readiness_app.cli.common import add_register_argument, open_from_args, print_json

if TYPE_CHECKING:
    import argparse


def _progress(done: int, total: int) -> None:
    if total >= 20 and (done == total or done % 50 == 0):
        print(f"reading files for search: {done} of {total}", file=sys.stderr, flush=True)


def cmd_search(args: argparse.Namespace) -> int:
    from readiness_app.errors import ReadinessError
    from readiness_app.evidence.folder import FolderUnreachable
    from readiness_app.evidence.indexing import index_contents
    from readiness_app.evidence.names import shown
    from readiness_app.register import assessment, search

    if not (args.query or args.reindex or args.status):
        raise ReadinessError("say what to look for", hint='e.g. search register.sqlite "carers strategy"')
    with open_from_args(args, source="cli") as reg:
        read = None
        if assessment.evidence_folder(reg) is not None:
            try:
                if args.reindex:
                    search.forget_contents(reg)
                    search.rebuild_register_text(reg)
                read = index_contents(reg, progress=_progress)
            except FolderUnreachable as exc:
                print(f"note: {exc}; searching what was read before", file=sys.stderr)
        elif args.reindex:
            search.rebuild_register_text(reg)
        if args.status or (args.reindex and not args.query):
            status = search.contents_status(reg)
            if args.json:
                print_json(status)
            else:
                print(
                    f"files with text: {status['with_text']}; with no text: {len(status['no_text'])}; "
                    f"not read yet: {status['waiting']}"
                )
                for row in status["no_text"]:
                    print(shown(f"  no text  {row['path']}: {row['reason']}"))
            if not args.query:
                return 0
        hits = search.search(reg, args.query, kinds=args.kind, qs=args.qs, limit=args.limit)
    if args.json:
        results = [h.as_dict() for h in hits]
        print_json({"query": args.query, "results": results, "files_read": read.read if read else 0})
        return 0
    if not hits:
        print(f"nothing found for {args.query!r}")
        return 0
    for group, items in search.grouped(hits):
        print(f"{search.KINDS[group]} ({len(items)})")
        for hit in items:
            where = f"  [{hit.rel_path}]" if hit.rel_path else ""
            inside = " (in the file)" if hit.in_file else ""
            print(shown(f"  {hit.record}  {hit.title}{where}{inside}"))
            if hit.snippet:
                print(shown(f"      {hit.snippet_marked('[', ']')}"))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search",
        help="find records and evidence files by the words in them",
        description='Words are all needed; "a phrase" in quotes, transit* for a prefix, OR between words, '
        "-word to leave out. Plurals, British and American spellings and common abbreviations "
        "(LD, s42, PSW ...) find each other.",
    )
    add_register_argument(p)
    p.add_argument("query", nargs="?", metavar="QUERY", help='what to look for, e.g. "carers strategy"')
    p.add_argument(
        "--kind",
        action="append",
        metavar="KIND",
        help="only this kind (repeatable): evidence, gap, request, return, self-assessment, session, "
        "learning, accuracy, improvement",
    )
    p.add_argument("--qs", metavar="QS", help="only records tagged with this quality statement, e.g. QS3")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="at most N results (default 50)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--reindex", action="store_true", help="read every evidence file's text again and rebuild")
    p.add_argument("--status", action="store_true", help="how much is indexed, and the files with no text and why")
    p.set_defaults(handler=cmd_search)
