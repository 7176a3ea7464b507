"""What the compare-and-set undo log costs on the writer thread (issue 22: keep the app fast).

Builds the demo register, adds evidence items, then times on one connection (as the app's writer):
one gap edit recorded, its undo and its redo; one change touching N evidence rows (a bulk triage),
its undo and redo; and the check the app runs after another program writes (is each of 200 undo
steps still possible?). Prints each figure and the bulk cost per row.

Run: .venv/bin/python tests/benchmarks/bench_undo.py [--rows 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def _ms(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> None:
    from readiness_app.demo import build_demo
    from readiness_app.opening import open_register
    from readiness_app.register import changes, evidence, gaps, records

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("READINESS_NOW", "2026-11-23T09:00:00")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        build_demo(folder)
        reg = open_register(folder / "register.sqlite", source="app")
        with reg.transaction():
            first = (reg.scalar("SELECT MAX(id) FROM evidence") or 0) + 1
            records.insert_many(
                reg,
                "evidence",
                [
                    {"rel_path": f"bench/item {n:05d}.pdf", "title": f"Item {n}", "added_at": "2026-11-23T09:00:00"}
                    for n in range(args.rows)
                ],
            )
        ids = list(range(first, first + args.rows))
        gap_id = reg.scalar("SELECT MIN(id) FROM gap")
        flip = iter(range(10_000))

        def edit_gap():
            return changes.record(reg, lambda r: gaps.update(r, gap_id, owner=f"Owner {next(flip)}"))[1]

        edit_ms, recording = _ms(edit_gap)
        undo_ms, redo = _ms(lambda: changes.replay(reg, recording.inverse, "undo: Edit gap"), 1)
        redo_ms, _ = _ms(lambda: changes.replay(reg, redo.inverse, "redo: Edit gap"), 1)

        def triage_to(status: str):
            def fn(r):
                with r.transaction():
                    for item in ids:
                        evidence.update(r, item, status=status)

            return fn

        plain_ms, _ = _ms(lambda: triage_to("withdrawn")(reg), 1)  # the same change without the undo log
        bulk_ms, bulk = _ms(lambda: changes.record(reg, triage_to("accepted"))[1], 1)
        bulk_undo_ms, bulk_redo = _ms(lambda: changes.replay(reg, bulk.inverse, "undo: Accept"), 1)
        bulk_redo_ms, _ = _ms(lambda: changes.replay(reg, bulk_redo.inverse, "redo: Accept"), 1)
        history = [edit_gap().inverse for _ in range(200)]
        check_ms, _ = _ms(lambda: [changes.still_as_left(reg, inverse) for inverse in history], 3)
        reg.close()
    print("undo log on the writer thread (demo register, one connection):")
    print(f"  one gap edit recorded: {edit_ms:.2f} ms; its undo {undo_ms:.2f} ms; its redo {redo_ms:.2f} ms")
    print(
        f"  one change of {args.rows} evidence rows recorded: {bulk_ms:.0f} ms "
        f"({bulk_ms / args.rows * 1000:.0f} us a row); undo {bulk_undo_ms:.0f} ms; redo {bulk_redo_ms:.0f} ms"
    )
    print(f"  the same change without the undo log: {plain_ms:.0f} ms (with it: x{bulk_ms / plain_ms:.2f})")
    print(f"  checking 200 undo steps after another program wrote (reader thread): {check_ms:.1f} ms")


if __name__ == "__main__":
    main()
