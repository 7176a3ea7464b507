"""Command line for case tracking: `case promote REGISTER RESERVE --replacing CODE`.

When a person declines consent, that case cannot be tracked: the council
withdraws it and promotes one of CQC's reserve cases in its place.
"""

from __future__ import annotations

import argparse


def add_commands(sub) -> None:
    from readiness_app.cli.common import action_group, add_action

    group = action_group(sub, "case", "case tracking: replace a case that cannot go ahead")
    p = add_action(
        group,
        "promote",
        cmd_promote,
        "promote a reserve case in place of another (e.g. consent declined)",
        description="Promote a reserve case to selected and withdraw the case it replaces, in one change. "
        "Sessions of the withdrawn case that have not happened move to the new case.",
    )
    p.add_argument("reserve", metavar="RESERVE_CODE", help="the reserve case to promote")
    p.add_argument("--replacing", required=True, metavar="CODE", help="the case to withdraw")
    p.add_argument(
        "--agreed-by", required=True, metavar="NAME", help="who at CQC agreed the swap (recorded with the time)"
    )
    p.add_argument(
        "--consent-pending",
        action="store_true",
        help="promote a reserve whose consent is not given yet (it is being sought; share no records until it is)",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def cmd_promote(args: argparse.Namespace) -> int:
    from readiness_app.cli.common import open_from_args, print_json
    from readiness_app.register import cases

    with open_from_args(args) as reg, reg.transaction("cli"):
        result = cases.promote(
            reg, args.reserve, args.replacing, agreed_by=args.agreed_by, consent_pending=args.consent_pending
        )
    if args.json:
        print_json(result)
        return 0
    print(f"case {result['promoted']} is now selected; case {result['withdrawn']} is withdrawn")
    print(f"CQC's agreement recorded: {result['agreed_by']}")
    if result["consent"] not in ("given", "not_required"):
        print(f"consent for case {result['promoted']} is still pending: share no records until it is given")
    for sid in result["sessions_moved"]:
        print(f"session {sid} now tracks case {result['promoted']}: check who attends")
    for sid in result["sessions_flagged"]:
        print(f"session {sid} stays linked to withdrawn case {result['withdrawn']}: link it or cancel it")
    return 0
