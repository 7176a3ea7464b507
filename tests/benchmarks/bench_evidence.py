"""Evidence-folder speed figures: python tests/benchmarks/bench_evidence.py [--quick] [--keep DIR]

1. First scan of 5,000 files (~500 MB) vs `sha256sum` over the same files   target ratio <= 1.3
2. Rescan of 20,000 unchanged files vs `find DIR -type f -printf '%s %T@\\n'`  target ratio <= 3
3. Watched-folder latency: file written -> in the register, median and worst of 50
                                                      target <= stability delay + 0.5 s
4. Peak memory while hashing a 4 GB (sparse) file                           target: flat

Prints figures and ratios; exits 0 whatever they are (a benchmark, not a test).
--quick uses smaller sets (1,000 files / 5,000 files / 10 writes) and a 4 GB file still.
--runs N sets how many rescans (and `find` runs) are timed, alternately (default 9).
The load average is printed at the start and end: a busy machine moves the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from readiness_app.evidence import settings as evidence_settings  # noqa: E402
from readiness_app.evidence.reconcile import reconcile  # noqa: E402
from readiness_app.evidence.watcher import EvidenceWatcher  # noqa: E402
from readiness_app.opening import create_register  # noqa: E402


def fill(root: Path, count: int, size: int) -> None:
    rng = os.urandom(size * 4)
    for n in range(count):
        folder = root / f"{n % 9 + 1:02d} Folder" / f"Batch {n // 250:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        offset = (n * 7919) % (len(rng) - size)
        (folder / f"doc {n:05d}.pdf").write_bytes(n.to_bytes(4, "little") + rng[offset : offset + size - 4])


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def shell(cmd: str, cwd: Path) -> None:
    subprocess.run(cmd, shell=True, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def best_of(n: int, fn) -> float:
    return min(timed(fn) for _ in range(n))


def bench_first_scan(work: Path, count: int, size: int) -> None:
    root = work / "first" / "evidence"
    root.mkdir(parents=True)
    fill(root, count, size)
    total_mb = count * size / 1e6
    shell("find . -type f -print0 | xargs -0 cat > /dev/null", root)  # warm the page cache for both
    baseline = best_of(2, lambda: shell("find . -type f -print0 | xargs -0 sha256sum", root))
    runs = []
    for n in range(2):
        reg_path = work / "first" / f"register{n}.sqlite"
        reg = create_register(reg_path, council="Bench", evidence_folder=root)
        runs.append(timed(lambda reg=reg: reconcile(reg)))
        assert reg.scalar("SELECT COUNT(*) FROM evidence") == count
        reg.close()
    ours = min(runs)
    print(
        f"first scan   {count} files, {total_mb:.0f} MB: scan {ours:.2f} s, sha256sum {baseline:.2f} s, "
        f"ratio {ours / baseline:.2f} (target <= 1.3)"
    )


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else ""


def bench_rescan(work: Path, count: int, runs: int = 9) -> None:
    root = work / "rescan" / "evidence"
    root.mkdir(parents=True)
    fill(root, count, 64)
    reg = create_register(work / "rescan" / "register.sqlite", council="Bench", evidence_folder=root)
    reconcile(reg)
    ours, baseline = [], []
    for _ in range(runs):  # alternate the two, so load from other processes hits both alike
        ours.append(timed(lambda: reconcile(reg)))
        baseline.append(timed(lambda: shell("find . -type f -printf '%s %T@\\n'", root)))
    assert not reconcile(reg).has_changes
    reg.close()
    best, median = min(ours) / min(baseline), statistics.median(ours) / statistics.median(baseline)
    print(
        f"rescan       {count} unchanged files: reconcile best {min(ours):.3f} s / median "
        f"{statistics.median(ours):.3f} s, find best {min(baseline):.3f} s / median "
        f"{statistics.median(baseline):.3f} s, ratio best {best:.2f} / median {median:.2f} of {runs} (target <= 3)"
    )


def bench_latency(work: Path, writes: int, delay: float) -> None:
    root = work / "latency" / "evidence"
    root.mkdir(parents=True)
    fill(root, 2000, 64)  # a realistically sized folder
    reg = create_register(work / "latency" / "register.sqlite", council="Bench", evidence_folder=root)
    reconcile(reg)
    evidence_settings.save(reg, "stability_seconds", str(delay))
    arrived: dict[str, float] = {}
    got = threading.Event()

    def on_change(result) -> None:
        for change in result.changes:
            if change.kind == "added":
                arrived[change.rel_path] = time.monotonic()
        got.set()

    watcher = EvidenceWatcher(reg, on_change=on_change)
    watcher.start()
    stop = threading.Event()
    loop = threading.Thread(target=watcher.run, args=(stop, 0.05))
    latencies = []
    try:
        loop.start()
        for n in range(writes):
            rel = f"New/latest {n:03d}.pdf"
            (root / "New").mkdir(exist_ok=True)
            written = time.monotonic()
            (root / rel).write_bytes(os.urandom(20_000))
            deadline = written + delay + 10
            while rel not in arrived and time.monotonic() < deadline:
                got.wait(0.02)
                got.clear()
            if rel not in arrived:
                print(f"latency      write {n} never arrived")
                continue
            latencies.append(arrived[rel] - written)
    finally:
        stop.set()
        loop.join()
        watcher.stop()
        reg.close()
    print(
        f"latency      {len(latencies)} writes, stability delay {delay:.1f} s: median "
        f"{statistics.median(latencies):.2f} s, worst {max(latencies):.2f} s "
        f"(target <= {delay + 0.5:.1f} s)"
    )


def bench_memory(work: Path, gigabytes: float) -> None:
    big = work / "big.bin"
    with open(big, "wb") as fh:
        fh.truncate(int(gigabytes * 1024**3))  # sparse: reads as zeros, takes no disk
    code = (
        "import resource, sys, time\n"
        "from readiness_app.evidence.hashing import sha256_file\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "t = time.perf_counter(); digest = sha256_file(sys.argv[1]); took = time.perf_counter() - t\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(before, after, took, digest)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(big)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout.split()
    before, after, took = int(out[0]) / 1024, int(out[1]) / 1024, float(out[2])
    print(
        f"memory       {gigabytes:.0f} GB file hashed in {took:.1f} s ({gigabytes * 1024 / took:.0f} MB/s): "
        f"peak RSS {before:.1f} MB before, {after:.1f} MB after (+{after - before:.1f} MB)"
    )
    big.unlink()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sets, about a minute")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temp folder)")
    parser.add_argument("--only", choices=["first", "rescan", "latency", "memory"])
    parser.add_argument("--runs", type=int, default=9, help="rescans to time (default 9)")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-evidence-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"bench_evidence on {os.cpu_count()} cores, {'quick' if args.quick else 'full'} run, work in {work}")
    print(load())
    try:
        if args.only in (None, "first"):
            bench_first_scan(work, 1000 if args.quick else 5000, 100_000)
        if args.only in (None, "rescan"):
            bench_rescan(work, 5000 if args.quick else 20_000, args.runs)
        if args.only in (None, "latency"):
            bench_latency(work, 10 if args.quick else 50, 1.0)
        if args.only in (None, "memory"):
            bench_memory(work, 4)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(load())
    return 0


if __name__ == "__main__":
    sys.exit(main())
