"""Benchmark: the information return, the data pack and snapshot comparison on a big register.

A 300-item request list (every other item answered), 20,000 library items and
100 indicators. Targets (issue 18):
- `return status --json`: at most 3x a bare interpreter running `import sqlite3`
  plus one grouped count over the same rows;
- the submission XLSX: under 2 s;
- comparing two snapshots: under 0.5 s.

    .venv/bin/python tests/benchmarks/bench_information_return.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_status import best_of, build_big_register, installed_env  # noqa: E402

from readiness_app.framework import current  # noqa: E402
from readiness_app.opening import open_register  # noqa: E402
from readiness_app.register import records, self_assessment, snapshots  # noqa: E402

WORDS = "strategy report data waiting carers safeguarding audit plan policy workforce market review".split()


def fill(path: Path) -> None:
    rng = random.Random(18)
    fw = current()
    reg = open_register(path, check="off")
    reg.conn.execute("UPDATE evidence SET reference = printf('LAIR-%05d', id)")
    with reg.transaction("cli"):
        items = [
            {
                "number": f"{1 + n // 10}.{1 + n % 10}",
                "title": " ".join(rng.sample(WORDS, 3)).capitalize(),
                "description": "Please provide " + " ".join(rng.sample(WORDS, 4)),
                "qs": rng.choice(fw.qs_ids),
                "category": rng.choice(fw.category_ids),
                "status": rng.choice(["not_started", "in_progress", "ready", "submitted"]),
            }
            for n in range(300)
        ]
        ids = records.insert_many(reg, "return_item", items)
        answers = []
        for item_id in ids[::2]:
            for _ in range(rng.randint(1, 3)):
                answers.append({"item_id": item_id, "kind": "evidence", "evidence_id": rng.randint(1, 20_000)})
            if rng.random() < 0.2:
                answers.append({"item_id": item_id, "kind": "link", "link": "https://example.org/x"})
        records.insert_many(reg, "return_answer", answers)
        records.insert_many(
            reg,
            "indicator",
            [
                {
                    "name": f"Indicator {n}",
                    "qs": fw.qs_ids[n % 9],
                    "value": rng.uniform(0, 100),
                    "unit": "%",
                    "data_date": f"2026-{1 + n % 12:02d}-01",
                    "better": "higher",
                    "history": '[["2024/25", 50.0], ["2025/26", 55.0]]',
                }
                for n in range(100)
            ],
        )
    long_text = " ".join(rng.choice(WORDS) for _ in range(400))
    for qs in fw.qs_ids:
        self_assessment.update(
            reg, qs, score=2, target=3, narrative=long_text, strengths=long_text, development=long_text
        )
    snapshots.take(reg, "Before")
    changed = " ".join(rng.choice(WORDS) for _ in range(400))
    for qs in fw.qs_ids:
        self_assessment.update(reg, qs, score=3, narrative=changed, strengths=long_text + " more", development=changed)
    snapshots.take(reg, "After")
    reg.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        register = tmp_path / "big.sqlite"
        (tmp_path / "evidence").mkdir()
        build_big_register(register)
        fill(register)
        env = installed_env()
        status_best, status_median = best_of(
            [sys.executable, str(ROOT / "main.py"), "return", "status", str(register), "--json"], env=env
        )
        baseline = (
            f"import sqlite3; c = sqlite3.connect({str(register)!r});"
            'c.execute("SELECT status, COUNT(*) FROM return_item GROUP BY status").fetchall()'
        )
        base_best, base_median = best_of([sys.executable, "-c", baseline], env=env)
        print(
            f"return status --json (300 items, 20,000 library): best {status_best:.3f} s, median {status_median:.3f} s"
        )
        print(f"baseline python + sqlite3 grouped count:          best {base_best:.3f} s, median {base_median:.3f} s")
        print(
            f"ratio (best/best): {status_best / base_best:.2f}x (target <= 3x); "
            f"ratio (median/median): {status_median / base_median:.2f}x"
        )

        from readiness_app.interop.submission import export_index

        reg = open_register(register, check="off")
        times = []
        for n in range(3):
            start = time.perf_counter()
            written = export_index(reg, tmp_path / f"submission{n}.xlsx", date(2026, 11, 23))
            times.append(time.perf_counter() - start)
        print(
            f"submission XLSX ({written.rows} items): best {min(times):.3f} s, worst {max(times):.3f} s (target < 2 s)"
        )

        times = []
        for _ in range(5):
            start = time.perf_counter()
            result = snapshots.compare(reg, "Before", "After")
            times.append(time.perf_counter() - start)
        print(
            f"compare two snapshots ({result['changed']} QS changed, 400-word texts): "
            f"best {min(times):.3f} s, worst {max(times):.3f} s (target < 0.5 s)"
        )
        times = []
        for _ in range(3):
            start = time.perf_counter()
            rows = snapshots.list_snapshots(reg)
            from readiness_app.register import indicators

            stale = indicators.list_indicators(reg, today=date(2026, 11, 23), stale_only=True)
            times.append(time.perf_counter() - start)
        print(
            f"list snapshots ({len(rows)}) and stale indicators ({len(stale)} of 100): best {min(times) * 1000:.1f} ms"
        )
        reg.close()


if __name__ == "__main__":
    main()
