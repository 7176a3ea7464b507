"""Benchmark: `status --json` and `check --json` with 3,000 sessions all double-booked in one room.

Target (issue 12): at most 3x the time of the same commands on 3,000 sessions
with no conflicts, and output that grows with sessions, not pairs (pairwise
listing wrote 2.1 GB for this register and took minutes).

    .venv/bin/python tests/benchmarks/bench_conflicts.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from readiness_app.opening import create_register  # noqa: E402

SESSIONS = 3000


def build_register(path: Path, *, clashing: bool) -> None:
    """3,000 sessions in one room: all at 10:00-11:00 on one day, or one an hour, ten a day, never overlapping."""
    reg = create_register(path, council="Benchmark Council", evidence_folder=path.parent / "evidence")
    first = date(2026, 1, 5)
    rows = []
    for s in range(1, SESSIONS + 1):
        day = first if clashing else first + timedelta(days=(s - 1) // 10)
        hour = 10 if clashing else 8 + (s - 1) % 10
        rows.append(
            {
                "id": s,
                "date": day.isoformat(),
                "start": f"{hour:02d}:00",
                "end": f"{hour + 1:02d}:00",
                "room_id": 1,
                "title": f"Session {s}",
                "kind": "focus_group",
            }
        )
    with reg.transaction("cli"):
        reg.db["room"].insert({"id": 1, "name": "Room 1"})
        reg.db["person"].insert({"id": 1, "name": "Pat Lead", "kind": "leader"})
        reg.db["session"].insert_all(rows, batch_size=1000)
        # The same leader in every session: a person conflict as big as the room's.
        reg.db["session_person"].insert_all({"session_id": s, "person_id": 1} for s in range(1, SESSIONS + 1))
    reg.close()


def best_of(cmd: list[str], runs: int = 5) -> tuple[float, float, str]:
    times, out = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        out = done.stdout
    return min(times), statistics.median(times), out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        registers = {}
        for name, clashing in (("no conflicts", False), ("all in one room", True)):
            folder = tmp_path / name.replace(" ", "-")
            folder.mkdir()
            registers[name] = folder / "register.sqlite"
            build_register(registers[name], clashing=clashing)
        for command in ("status", "check"):
            results = {}
            for name, register in registers.items():
                best, median, out = best_of([sys.executable, str(ROOT / "main.py"), command, str(register), "--json"])
                conflicts = json.loads(out)["conflicts"]
                sessions = sum(len(c["sessions"]) for c in conflicts)
                results[name] = best
                print(
                    f"{command} --json, 3,000 sessions, {name:15}: best {best:.3f} s, median {median:.3f} s; "
                    f"{len(conflicts)} conflict entries naming {sessions:,} sessions; output {len(out) / 1024:,.1f} KB"
                )
            ratio = results["all in one room"] / results["no conflicts"]
            print(f"{command}: ratio {ratio:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
