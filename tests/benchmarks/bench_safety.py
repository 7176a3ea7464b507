"""Data-safety speed figures: the integrity check on open, backups, encryption.

Run: .venv/bin/python tests/benchmarks/bench_safety.py
Builds the demo, grows it to 20,000 evidence items, then times opening with
and without the quick check, `status` end to end, a backup, and the same for
an encrypted copy. Prints figures and ratios; asserts nothing.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from readiness_app.demo import build_demo  # noqa: E402
from readiness_app.opening import open_register  # noqa: E402
from readiness_app.safety import backup, encryption  # noqa: E402

ITEMS = 20_000
PASSPHRASE = "benchmark passphrase"


def grow(path: Path) -> None:
    reg = open_register(path)
    with reg.transaction("import"):
        start = reg.scalar("SELECT COALESCE(MAX(id), 0) FROM evidence") + 1
        have = reg.scalar("SELECT COUNT(*) FROM evidence")
        rows = [
            (i, f"bulk/{i:06}.pdf", f"{i:064x}", 1000 + i, 0.0, f"Bulk item {i}", "accepted", "2026-01-01T00:00:00")
            for i in range(start, start + ITEMS - have)
        ]
        reg.conn.executemany(
            "INSERT INTO evidence (id, rel_path, sha256, size, mtime, title, status, added_at) "
            "VALUES (?,?,?,?,?,?,?,?)",
            rows,
        )
        reg.conn.executemany(
            "INSERT INTO evidence_qs (evidence_id, qs) VALUES (?, ?)", [(r[0], f"QS{r[0] % 9 + 1}") for r in rows]
        )
        reg.conn.executemany(
            "INSERT INTO audit (at, source, record_table, record_id, action, changes) VALUES (?,?,?,?,?,?)",
            [("2026-01-01T00:00:00+00:00", "import", "evidence", str(r[0]), "insert", "{}") for r in rows],
        )
    reg.close()


def timed(fn, repeat: int = 7) -> float:
    """Median seconds over `repeat` runs."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def open_close(path: Path, check: str, passphrase: str | None = None) -> None:
    open_register(path, check=check, passphrase=passphrase).close()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-safety-"))
    try:
        build_demo(work / "demo", today=date(2026, 11, 23))
        path = work / "demo" / "register.sqlite"
        grow(path)
        size_mb = path.stat().st_size / 1e6
        print(f"register: {ITEMS} evidence items, {size_mb:.1f} MB")

        plain_off = timed(lambda: open_close(path, "off"))
        plain_full = timed(lambda: open_close(path, "full"))
        plain_on = timed(lambda: open_close(path, "auto"))
        print(f"open, no check                 {plain_off * 1000:7.1f} ms")
        print(f"open, full quick_check         {plain_full * 1000:7.1f} ms  (x{plain_full / plain_off:.1f})")
        print(f"open, auto (file unchanged)    {plain_on * 1000:7.1f} ms  (x{plain_on / plain_off:.1f}; "
              f"saves {(plain_full - plain_on) * 1000:.1f} ms per open)")  # fmt: skip

        cmd = [sys.executable, str(ROOT / "main.py"), "status", str(path)]
        subprocess.run(cmd, check=False, capture_output=True)  # first run of the day makes the daily backup
        status = timed(lambda: subprocess.run(cmd, check=False, capture_output=True), repeat=5)
        print(f"`status` end to end {status * 1000:7.1f} ms (daily backup already made)")

        reg = open_register(path)
        made = timed(lambda: backup.backup_register(reg, kind="manual"), repeat=5)
        reg.close()
        print(f"backup (online API + check + rename) {made * 1000:7.1f} ms")

        enc = work / "enc" / "register.sqlite"
        enc.parent.mkdir()
        shutil.copy2(path, enc)
        t = time.perf_counter()
        encryption.encrypt_register(enc, PASSPHRASE)
        print(f"encrypt register    {(time.perf_counter() - t) * 1000:7.1f} ms")
        enc_off = timed(lambda: open_close(enc, "off", PASSPHRASE), repeat=5)
        enc_on = timed(lambda: open_close(enc, "full", PASSPHRASE), repeat=5)
        print(f"encrypted open      {enc_off * 1000:7.1f} ms no check, {enc_on * 1000:.1f} ms full check "
              f"(x{enc_off / plain_off:.0f} plain: SQLCipher's key derivation is deliberately slow)")  # fmt: skip
        reg = open_register(enc, passphrase=PASSPHRASE)
        made = timed(lambda: backup.backup_register(reg, kind="manual"), repeat=3)
        reg.close()
        print(f"encrypted backup    {made * 1000:7.1f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
