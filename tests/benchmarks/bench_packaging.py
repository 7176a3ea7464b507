"""Start-up of the frozen app next to running from source, and the bundle's size.

    python tests/benchmarks/bench_packaging.py                    # uses dist/readiness-app, builds it if missing
    python tests/benchmarks/bench_packaging.py --bundle DIR --runs 10

Prints, for the frozen app and for `python main.py`: the median wall time of
`--version` (interpreter plus command line, no Qt), of `--self-test` (demo,
window, PDF, reconcile, the features a trimmed bundle could lose, watcher) and
of each self-test step, with the ratio frozen/source; then the bundle's size
against the Linux limit (build.SIZE_TARGET_MB).
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STEP = re.compile(r"^\s+ok\s+(?P<name>[^:]+): .*\((?P<seconds>[\d.]+) s\)$")


def load_build():
    spec = importlib.util.spec_from_file_location("packaging_build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, timeout=600)
    took = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr.strip()[-500:]}")
    return took, result.stdout


def steps(output: str) -> dict[str, float]:
    return {m["name"]: float(m["seconds"]) for line in output.splitlines() if (m := STEP.match(line))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, help="the built folder (default: dist/readiness-app)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    build = load_build()
    dist = args.bundle.resolve().parent if args.bundle else ROOT / "dist"
    bundle, executable = build.bundle_paths(dist)
    if not executable.exists():
        print(f"no bundle at {bundle}: building it (python packaging/build.py --no-check)")
        if build.main(["--no-check", "--dist", str(dist)]) != 0:
            return 1
    source = [sys.executable, str(ROOT / "main.py")]
    with tempfile.TemporaryDirectory() as scratch:
        env = build.check_env(Path(scratch))
        figures: dict[str, tuple[float, float]] = {}
        frozen = [run([str(executable), "--version"], env)[0] for _ in range(args.runs)]
        plain = [run(source + ["--version"], env)[0] for _ in range(args.runs)]
        figures["--version"] = (statistics.median(frozen), statistics.median(plain))
        frozen_runs = [run([str(executable), "--self-test"], env) for _ in range(max(1, args.runs // 3))]
        plain_runs = [run(source + ["--self-test"], env) for _ in range(max(1, args.runs // 3))]
        figures["--self-test"] = (
            statistics.median(t for t, _ in frozen_runs),
            statistics.median(t for t, _ in plain_runs),
        )
        for name in steps(frozen_runs[0][1]):
            figures[f"  step: {name}"] = (
                statistics.median(steps(out)[name] for _, out in frozen_runs),
                statistics.median(steps(out)[name] for _, out in plain_runs),
            )
    print(f"{'':28}{'frozen':>9}{'source':>9}{'ratio':>8}")
    for name, (f, s) in figures.items():
        ratio = f"{f / s:8.2f}" if s else "       -"  # a step under 5 ms prints as 0.00 s
        print(f"{name:28}{f:8.2f}s{s:8.2f}s{ratio}")
    size, files = build.folder_size(bundle)
    verdict = "within" if size / 1e6 < build.SIZE_TARGET_MB else "OVER"
    print(f"bundle size {size / 1e6:.1f} MB in {files} files ({verdict} the {build.SIZE_TARGET_MB} MB Linux target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
