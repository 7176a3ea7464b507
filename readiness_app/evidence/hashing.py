"""SHA-256 of evidence files: streamed in chunks (constant memory), several at once.

hashlib releases the GIL while it digests, so a small thread pool keeps both
cores (and a slow network share) busy during a first scan. Nothing here
touches the register.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

CHUNK = 1024 * 1024  # 1 MiB: large enough to keep syscalls cheap, small enough to stay flat


class Cancelled(Exception):
    """Hashing was stopped by the caller's cancel flag."""


@dataclass(frozen=True)
class HashOutcome:
    """The hash of one file, or why there is none (`missing` if it vanished, else `problem`)."""

    path: str
    sha256: str | None = None
    size: int | None = None
    mtime: float | None = None
    missing: bool = False
    problem: str = ""
    changed_while_hashing: bool = False


def sha256_file(path: str | os.PathLike, cancel: threading.Event | None = None) -> str:
    """Hex SHA-256 of a file, read in CHUNK pieces into one reused buffer."""
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as fh:
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            n = fh.readinto(buffer)
            if not n:
                break
            digest.update(view[:n])
    return digest.hexdigest()


def hash_one(path: str, cancel: threading.Event | None = None) -> HashOutcome:
    """Hash `path` and check it did not change meanwhile (size and mtime before and after)."""
    try:
        before = os.stat(path)
        sha = sha256_file(path, cancel)
        after = os.stat(path)
    except FileNotFoundError:
        return HashOutcome(path, missing=True)
    except PermissionError as exc:
        return HashOutcome(path, problem=f"permission denied ({exc.strerror or 'no access'})")
    except IsADirectoryError:
        return HashOutcome(path, problem="is a folder")
    except OSError as exc:
        return HashOutcome(path, problem=exc.strerror or type(exc).__name__)
    changed = (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns)
    return HashOutcome(path, sha, after.st_size, after.st_mtime, changed_while_hashing=changed)


def _hash_batch(paths: list[str], cancel: threading.Event | None) -> list[HashOutcome]:
    return [hash_one(p, cancel) for p in paths]


def default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 2))


def hash_many(
    paths: Iterable[str],
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> dict[str, HashOutcome]:
    """Hash many files on a thread pool. `progress(done, total)` is called from this thread.

    Raises Cancelled if `cancel` is set; results so far are discarded (nothing was written).
    """
    paths = list(paths)
    total = len(paths)
    results: dict[str, HashOutcome] = {}
    if not paths:
        return results
    workers = workers or default_workers()
    if workers <= 1 or total == 1:
        for n, path in enumerate(paths, 1):
            results[path] = hash_one(path, cancel)
            if progress:
                progress(n, total)
        return results
    # Files go to the pool in small batches: one future per file costs more than hashing a small file.
    batch = max(1, min(64, total // (workers * 8) or 1))
    batches = [paths[i : i + batch] for i in range(0, total, batch)]
    done = 0
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="evidence-hash") as pool:
        futures = [pool.submit(_hash_batch, b, cancel) for b in batches]
        try:
            for future in as_completed(futures):
                for outcome in future.result():
                    results[outcome.path] = outcome
                    done += 1
                if progress:
                    progress(done, total)
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    return results
