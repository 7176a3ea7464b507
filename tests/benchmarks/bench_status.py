"""Benchmark: `status --json` on a big register, and `demo` build time.

Targets (issue 2): status under 0.5 s wall and at most 3x a bare interpreter
running `import sqlite3` plus one grouped count over the same rows; demo under 5 s.

    .venv/bin/python tests/benchmarks/bench_status.py
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from readiness_app.framework import current  # noqa: E402
from readiness_app.opening import create_register  # noqa: E402


def build_big_register(path: Path) -> None:
    rng = random.Random(1)
    fw = current()
    reg = create_register(path, council="Benchmark Council", evidence_folder=path.parent / "evidence")
    with reg.transaction("cli"):
        reg.db["evidence"].insert_all(
            (
                {
                    "id": i,
                    "rel_path": f"{rng.choice(fw.qs_ids)}/folder {i % 50}/file {i}.pdf",
                    "sha256": f"{i:064x}",
                    "size": 1000 + i,
                    "mtime": 1.7e9 + i,
                    "title": f"Document {i}",
                    "category": rng.choice(fw.category_ids),
                    "status": rng.choice(["inbox", "accepted", "accepted", "submitted"]),
                    "presence": rng.choice(["present"] * 20 + ["missing"]),
                    "added_at": "2026-01-01T00:00:00+00:00",
                }
                for i in range(1, 20_001)
            ),
            batch_size=1000,
        )
        reg.db["evidence_qs"].insert_all(
            ({"evidence_id": i, "qs": rng.choice(fw.qs_ids)} for i in range(1, 20_001)), batch_size=1000
        )
        reg.db["person"].insert_all(
            ({"id": i, "name": f"Person {i}", "kind": "staff"} for i in range(1, 1001)), batch_size=1000
        )
        reg.db["room"].insert_all({"id": r, "name": f"Room {r}"} for r in range(1, 6))
        reg.db["assessor"].insert_all({"id": a, "name": f"Assessor {a}"} for a in range(1, 11))
        sessions, attendees, qs_links = [], [], []
        for s in range(1, 501):
            # 25 sessions a day: five slots in each of five rooms, as a real plan would be.
            day = f"2026-12-{1 + (s - 1) // 25:02d}"
            hour = 9 + ((s - 1) % 25) // 5
            sessions.append(
                {
                    "id": s,
                    "date": day,
                    "start": f"{hour:02d}:00",
                    "end": f"{hour:02d}:50",
                    "room_id": 1 + (s - 1) % 5,
                    "title": f"Session {s}",
                    "kind": "focus_group",
                }
            )
            attendees += [{"session_id": s, "person_id": rng.randint(1, 1000)} for _ in range(3)]
            qs_links.append({"session_id": s, "qs": rng.choice(fw.qs_ids)})
        reg.db["session"].insert_all(sessions)
        reg.db["session_person"].insert_all(attendees, ignore=True)
        reg.db["session_qs"].insert_all(qs_links, ignore=True)
    reg.close()


def installed_env() -> dict[str, str]:
    """Run as an installed app runs: with compiled bytecode.

    Some shells set PYTHONDONTWRITEBYTECODE, which makes every start compile the
    package from source (pip compiles it on install); that would measure the
    compiler, not the app.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "readiness_app")], check=True, env=env)
    return env


def best_of(cmd: list[str], runs: int = 7, env: dict[str, str] | None = None) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        register = tmp_path / "big.sqlite"
        build_big_register(register)
        env = installed_env()
        status_best, status_median = best_of(
            [sys.executable, str(ROOT / "main.py"), "status", str(register), "--json"], env=env
        )
        baseline = (
            f"import sqlite3; c = sqlite3.connect({str(register)!r});"
            'c.execute("SELECT status, presence, COUNT(*) FROM evidence GROUP BY 1, 2").fetchall()'
        )
        base_best, base_median = best_of([sys.executable, "-c", baseline], env=env)
        print(
            f"status --json (20,000 evidence, 500 sessions, 1,000 people): best {status_best:.3f} s, "
            f"median {status_median:.3f} s (target < 0.5 s)"
        )
        print(
            f"baseline python + sqlite3 grouped count:               best {base_best:.3f} s, median {base_median:.3f} s"
        )
        print(
            f"ratio (best/best): {status_best / base_best:.2f}x (target <= 3x); "
            f"ratio (median/median): {status_median / base_median:.2f}x"
        )

        demo_times = []
        for n in range(3):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, str(ROOT / "main.py"), "demo", str(tmp_path / f"demo{n}")],
                check=True,
                capture_output=True,
            )
            demo_times.append(time.perf_counter() - start)
        print(f"demo build (whole command): best {min(demo_times):.2f} s, worst {max(demo_times):.2f} s (target < 5 s)")


if __name__ == "__main__":
    main()
