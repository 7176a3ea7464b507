"""Search speed and size figures: python tests/benchmarks/bench_search.py [--quick] [--files N] [--keep DIR]

1. First indexing of 2,000 mixed documents (PDF, DOCX, XLSX, TXT; about 300 MB) vs the time
   `pdftotext` (PDFs) plus a plain Python read (the others) takes over the same files
                                                                      target ratio <= 2
   A second baseline that also unpacks the DOCX/XLSX text (zipfile + a regex over the XML)
   is printed for comparison.
2. A query with snippets over 20,000 indexed items, median of 30 queries, vs a bare FTS5
   query (rowids only) with the same expression on the same table      target < 50 ms
3. How much the index adds to the demo register (VACUUMed, with and without the index)
                                                                      target <= 30 %

Prints figures and ratios; exits 0 whatever they are (a benchmark, not a test).
--quick: 300 documents (about 45 MB) and 5,000 items. The load average is printed: the
machine is shared, and a busy one moves the ratios.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from readiness_app.evidence.indexing import index_contents  # noqa: E402
from readiness_app.evidence.reconcile import reconcile  # noqa: E402
from readiness_app.opening import create_register, open_register  # noqa: E402
from readiness_app.register import search  # noqa: E402

WORDS = (
    "assessment carers strategy safeguarding enquiry hospital discharge transitions children adults "
    "learning disability autism mental health waiting list review team manager principal social worker "
    "occupational therapy reablement home care market provider partnership board quality statement "
    "equity outcomes prevention wellbeing community voluntary sector integrated care board audit "
    "supervision training workforce budget commissioning housing advocacy deprivation liberty "
    "feedback survey complaint compliment performance indicator trajectory benchmark region england "
    "council director improvement plan action lead target status risk governance scrutiny cabinet"
).split()


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def noise_png(path: Path, rng: random.Random, side: int) -> Path:
    """An incompressible picture: the bulk of a real council PDF or Word file."""
    from PIL import Image

    Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3)).save(path)
    return path


def make_pdf(path: Path, rng: random.Random, picture: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for _page in range(rng.randint(2, 6)):
        c.drawImage(str(picture), 72, 560, 200, 200)
        text = c.beginText(72, 540)
        for _line in range(40):
            text.textLine(words(rng, 12))
        c.drawText(text)
        c.showPage()
    c.save()


def make_docx(path: Path, rng: random.Random, picture: Path) -> None:
    import docx

    document = docx.Document()
    document.add_picture(str(picture))
    for _ in range(rng.randint(40, 120)):
        document.add_paragraph(words(rng, 25))
    document.save(str(path))


def make_xlsx(path: Path, rng: random.Random) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    for n in range(rng.randint(200, 800)):
        sheet.append([n, words(rng, 3), rng.randint(0, 999), words(rng, 5), rng.random()])
    book.save(path)


def build_folder(root: Path, count: int) -> tuple[int, dict[str, int]]:
    rng = random.Random(27)
    pictures = root.parent / "pictures"
    pictures.mkdir(parents=True, exist_ok=True)
    kinds = ["pdf"] * 8 + ["docx"] * 5 + ["xlsx"] * 3 + ["txt"] * 4
    counts: dict[str, int] = {}
    for n in range(count):
        kind = kinds[n % len(kinds)]
        folder = root / f"{n % 9 + 1:02d} Folder"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"doc {n:05d}.{kind}"
        picture = noise_png(pictures / f"p{n % 50}.png", rng, 230) if n < 50 else pictures / f"p{n % 50}.png"
        if kind == "pdf":
            make_pdf(path, rng, picture)
        elif kind == "docx":
            make_docx(path, rng, picture)
        elif kind == "xlsx":
            make_xlsx(path, rng)
        else:
            path.write_text("\n".join(words(rng, 14) for _ in range(rng.randint(200, 900))))
        counts[kind] = counts.get(kind, 0) + 1
    size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
    return size, counts


def baseline_read(root: Path, unpack: bool) -> float:
    started = time.perf_counter()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            subprocess.run(["pdftotext", "-q", str(path), "-"], check=False, stdout=subprocess.DEVNULL)
        elif unpack and path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if name.endswith(".xml"):
                        re.sub(rb"<[^>]+>", b" ", archive.read(name))
        else:
            path.read_bytes()
    return time.perf_counter() - started


def bench_first_indexing(work: Path, count: int) -> None:
    root = work / "indexing" / "evidence"
    root.mkdir(parents=True)
    made = time.perf_counter()
    size, counts = build_folder(root, count)
    print(f"  (made {count} files, {size / 1e6:.0f} MB, {counts}, in {time.perf_counter() - made:.0f} s)")
    baseline_read(root, unpack=False)  # warm the page cache for both
    plain = min(baseline_read(root, unpack=False) for _ in range(2))
    unpacked = baseline_read(root, unpack=True)
    runs = []
    for n in range(2):
        reg = create_register(work / "indexing" / f"register{n}.sqlite", council="Bench", evidence_folder=root)
        reconcile(reg)
        started = time.perf_counter()
        result = index_contents(reg)
        runs.append(time.perf_counter() - started)
        assert result.with_text == count, result.summary()
        reg.close()
    ours = min(runs)
    print(
        f"first indexing  {count} files, {size / 1e6:.0f} MB: {ours:.1f} s; pdftotext + plain read {plain:.1f} s, "
        f"ratio {ours / plain:.2f} (target <= 2); with DOCX/XLSX unpacked {unpacked:.1f} s, "
        f"ratio {ours / unpacked:.2f}"
    )


def bench_queries(work: Path, items: int) -> None:
    rng = random.Random(20)
    path = work / "queries.sqlite"
    reg = create_register(path, council="Bench")
    with reg.transaction():
        reg.conn.executemany(
            "INSERT INTO evidence (id, rel_path, sha256, size, title, added_at, status)"
            " VALUES (?, ?, ?, 1, ?, '', 'accepted')",
            ((n, f"f/{n}.pdf", f"{n:064x}", words(rng, 5)) for n in range(1, items + 1)),
        )
        for n in range(1, items + 1):
            item = search.FileToRead(n, f"f/{n}.pdf", f"{n:064x}", 1)
            search.store_contents(reg, item, "\n".join(words(rng, 14) for _ in range(rng.randint(5, 40))))
    reg.conn.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
    queries = [
        "carers strategy",
        '"hospital discharge"',
        "transit*",
        "LD",
        "safeguarding audit",
        "waiting list trajectory",
        "mental health",
        "s42",
        "budget OR housing",
        "equity -region",
    ] * 3
    ours, bare = [], []
    for query in queries:
        started = time.perf_counter()
        hits = search.search(reg, query, limit=50)
        ours.append(time.perf_counter() - started)
        expression = search.match_expression(query)
        started = time.perf_counter()
        rows = reg.query(
            "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT 110", (expression,)
        )
        bare.append(time.perf_counter() - started)
        assert hits and rows, query
    mine, base = statistics.median(ours), statistics.median(bare)
    print(
        f"query           {items} items: median {mine * 1000:.1f} ms with snippets and titles (worst "
        f"{max(ours) * 1000:.1f} ms), bare FTS5 {base * 1000:.1f} ms, ratio {mine / base:.2f} (target < 50 ms)"
    )
    reg.close()


def vacuumed_size(path: Path, drop_index: bool) -> int:
    copy = path.with_name(f"copy-{drop_index}.sqlite")
    shutil.copy2(path, copy)
    conn = sqlite3.connect(copy)
    if drop_index:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%'"):
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("DROP TABLE search_index")
        conn.execute("DROP TABLE evidence_contents")
    conn.execute("VACUUM")
    conn.close()
    return copy.stat().st_size


def bench_demo_size(work: Path) -> None:
    folder = work / "demo"
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve().parents[2] / "main.py"), "demo", str(folder)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    path = folder / "register.sqlite"
    with open_register(path) as reg:
        index_contents(reg)
        chars = search.contents_status(reg)["characters"]
        reg.conn.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
        reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    without, with_index = vacuumed_size(path, True), vacuumed_size(path, False)
    print(
        f"demo size       register {without / 1024:.0f} KB without the index, {with_index / 1024:.0f} KB with it "
        f"({chars:,} characters of file text): +{(with_index / without - 1) * 100:.0f} % (target <= 30 %)"
    )


def load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--files", type=int, help="documents for the first indexing (default 2,000)")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    args = parser.parse_args()
    files = args.files or (300 if args.quick else 2000)
    items = 5000 if args.quick else 20_000
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"load average at start: {load()} (cores: {os.cpu_count()})")
    try:
        bench_demo_size(work)
        bench_queries(work, items)
        bench_first_indexing(work, files)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()
