"""Build the standalone app with PyInstaller, then check and measure it.

    python packaging/build.py                 # build dist/readiness-app (Readiness.app on macOS), check it
    python packaging/build.py --installer     # also the Windows setup.exe / macOS .dmg / Linux .tar.gz
    python packaging/build.py --no-check      # build only

Works the same on Windows, macOS and Linux (run it on each: PyInstaller does
not cross-compile). After building it reports the bundle's size and times
`--version` and `--self-test` for the frozen app next to running from source,
and writes the figures to <dist>/build-report.json. Exit code 0 only if the
build worked and the frozen self-test passed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "readiness.spec"
APP_NAME = "readiness-app"
SIZE_TARGET_MB = 130  # unpacked, on Linux (issue 28); tests/packaging and ci-build.sh agree
IS_WIN = sys.platform == "win32"
IS_MAC = sys.platform == "darwin"


class BuildError(Exception):
    """Something the person building can act on; printed as one line."""


def app_version() -> str:
    text = (ROOT / "readiness_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not match:
        raise BuildError("no __version__ in readiness_app/__init__.py")
    return match.group(1)


def bundle_paths(dist: Path) -> tuple[Path, Path]:
    """(the folder IT deploys, the executable that prints to a terminal)."""
    if IS_MAC:
        bundle = dist / "Readiness.app"
        return bundle, bundle / "Contents" / "MacOS" / "readiness"
    bundle = dist / APP_NAME
    return bundle, bundle / ("readiness-cli.exe" if IS_WIN else "readiness")


PYTHON_PIN = HERE / "python-version"  # the Python the bundle carries; --version prints it


def check_python(pinned: str | None = None, running: str | None = None, environ: dict | None = None) -> str:
    """Refuse to build with another Python than the pinned one (READINESS_ANY_PYTHON=1 allows it)."""
    pinned = pinned or PYTHON_PIN.read_text(encoding="utf-8").strip()
    running = running or platform.python_version()
    env = os.environ if environ is None else environ
    if running != pinned and env.get("READINESS_ANY_PYTHON") != "1":
        raise BuildError(
            f"the bundle is pinned to Python {pinned}, but this is Python {running}",
            "build with that Python (see packaging/python-version), or set READINESS_ANY_PYTHON=1 for a trial build",
        )
    return running


def run_pyinstaller(dist: Path, work: Path) -> float:
    if importlib.util.find_spec("PyInstaller") is None:
        raise BuildError("PyInstaller is not installed", "pip install -e '.[package]'")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    print("$ " + " ".join(command), flush=True)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode != 0:
        raise BuildError(f"PyInstaller failed (exit {result.returncode}); see its messages above")
    return time.perf_counter() - started


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) without following symlinks, so a link is not counted twice."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total, files


def largest_parts(bundle: Path, count: int = 10) -> list[tuple[str, int]]:
    sizes: dict[str, int] = {}
    for path in bundle.rglob("*"):
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(bundle).parts
            key = "/".join(rel[:3]) if len(rel) > 3 else "/".join(rel)
            sizes[key] = sizes.get(key, 0) + path.stat().st_size
    return sorted(sizes.items(), key=lambda kv: -kv[1])[:count]


def timed(command: list[str], env: dict[str, str], timeout: float = 300) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    return time.perf_counter() - started, result


def median_time(command: list[str], env: dict[str, str], runs: int) -> tuple[float, subprocess.CompletedProcess]:
    times, last = [], None
    for _ in range(runs):
        took, last = timed(command, env)
        times.append(took)
    return statistics.median(times), last


def check_env(scratch: Path) -> dict[str, str]:
    """Offscreen Qt and a throwaway data folder, so checks never touch a real user's files."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["READINESS_DATA_DIR"] = str(scratch)
    env.pop("PYTHONPATH", None)  # the frozen app must stand on its own
    return env


def check_bundle(executable: Path, version: str, runs: int, work: Path) -> dict:
    env = check_env(work / "check-data")
    frozen_version, result = median_time([str(executable), "--version"], env, runs)
    if result.returncode != 0 or version not in result.stdout:
        raise BuildError(
            f"frozen --version failed (exit {result.returncode}): {(result.stdout + result.stderr).strip()}"
        )
    source = [sys.executable, str(ROOT / "main.py")]
    source_version, _ = median_time(source + ["--version"], env, runs)

    frozen_selftest, result = timed([str(executable), "--self-test"], env)
    print(result.stdout, end="")
    if result.returncode != 0:
        raise BuildError(f"frozen --self-test failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")
    source_selftest, source_result = timed(source + ["--self-test"], env)
    return {
        "version_seconds": {"frozen": round(frozen_version, 3), "source": round(source_version, 3)},
        "self_test_seconds": {"frozen": round(frozen_selftest, 2), "source": round(source_selftest, 2)},
        "source_self_test_passed": source_result.returncode == 0,
        "frozen_self_test_output": result.stdout.splitlines(),
    }


def licences_folder(bundle: Path) -> Path:
    """Where the licence texts go: beside the executable (in Resources inside a macOS .app)."""
    return bundle / "Contents" / "Resources" / "licenses" if IS_MAC else bundle / "licenses"


def add_licences(bundle: Path, version: str) -> dict:
    """The licences/ folder and the CycloneDX SBOM, made from what was bundled (see licences.py)."""
    sys.path.insert(0, str(HERE))
    import licences

    folder = licences_folder(bundle)
    index = licences.write_licences(folder)
    sbom = folder.parent / "sbom.cdx.json"
    bom = licences.write_sbom(sbom, version)
    return {
        "folder": str(folder),
        "components": len(index),
        "sbom": str(sbom),
        "sbom_components": len(bom["components"]),
    }


# ICU's data (libicudata, 31 MB: every language's calendars, currencies, collation and names) is the
# largest part of Qt. The app is in English, so on Linux the build keeps only the root and English
# locale data and links a stand-in libicudata (about 7 MB) that exports the same symbol.
ICU_LOCALES_KEPT = {"en", "en_GB", "en_001"}
_ICU_LOCALE_ITEM = re.compile(r"^(?:[a-z]+/)?([a-z]{2,3}(?:_[A-Za-z0-9]*)*)\.res$")


# Beyond other languages' data: the word-break dictionaries (Chinese and Japanese, Thai, Lao, Khmer,
# Burmese; 3 MB), which only ICU's own break iterators read (Qt breaks and lays out text with its own
# code), Unicode character names (u_charName) and the spoof checker's confusables, which Qt never asks for.
ICU_UNUSED_ITEMS = {"unames.icu", "confusables.cfu", "confusablesWholeScript.cfu"}


def icu_items_to_drop(items: list[str]) -> list[str]:
    """The ICU data items an English-only app never reads: other locales, converters, transliterators,
    word-break dictionaries, character names."""
    kept_converters = re.compile(r"windows-125|iso-8859|ibm-1252|ibm-5348|utf|ascii", re.I)

    def unused(item: str) -> bool:
        if item.startswith("translit/") or item in ICU_UNUSED_ITEMS:
            return True
        if item.startswith("brkitr/") and item.endswith(".dict"):
            return True
        locale = _ICU_LOCALE_ITEM.match(item)
        if locale:
            return locale.group(1) not in ICU_LOCALES_KEPT
        return item.endswith(".cnv") and not kept_converters.search(item)

    return [item for item in items if unused(item)]


def trim_icu(bundle: Path, work: Path) -> str:
    """Replace the bundle's libicudata with an English-only one; says what it did (or why not)."""
    libs = sorted(bundle.rglob("libicudata.so.*"))
    icupkg, cc = shutil.which("icupkg"), shutil.which("cc") or shutil.which("gcc")
    if not libs or not icupkg or not cc:
        return "ICU data not trimmed (needs icupkg from the ICU tools and a C compiler)"
    lib = libs[0]
    symbols = subprocess.run(["nm", "-D", "--defined-only", "-S", str(lib)], capture_output=True, text=True).stdout
    found = re.search(r"^([0-9a-f]+) ([0-9a-f]+) R (icudt\d+_dat)$", symbols, re.M)
    if not found:
        return "ICU data not trimmed (no icudt*_dat symbol)"
    address, size, symbol = int(found[1], 16), int(found[2], 16), found[3]
    raw = lib.read_bytes()
    data = None
    for line in subprocess.run(["objdump", "-h", str(lib)], capture_output=True, text=True).stdout.splitlines():
        f = line.split()
        if len(f) >= 6 and f[0].isdigit():
            vma, length, offset = int(f[3], 16), int(f[2], 16), int(f[5], 16)
            if vma <= address < vma + length:
                data = raw[offset + address - vma : offset + address - vma + size]
    if data is None:
        return "ICU data not trimmed (symbol outside every section)"
    folder = work / "icu"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "out").mkdir(parents=True)
    name = symbol.removesuffix("_dat") + "l.dat"  # little-endian data, as icupkg names it
    (folder / name).write_bytes(data)
    items = subprocess.run([icupkg, "-l", str(folder / name)], capture_output=True, text=True).stdout.split()
    (folder / "drop.txt").write_text("\n".join(icu_items_to_drop(items)) + "\n", encoding="utf-8")
    result = subprocess.run(
        # --ignore-deps: the break rules still name the dictionaries; ICU goes without one it cannot open
        [icupkg, "--ignore-deps", "-r", str(folder / "drop.txt"), str(folder / name), str(folder / "out" / name)],
        capture_output=True, text=True,
    )  # fmt: skip
    trimmed = folder / "out" / name
    if result.returncode != 0 or not trimmed.exists():
        return f"ICU data not trimmed (icupkg: {(result.stderr or result.stdout).strip()[:200]})"
    (folder / "stub.c").write_text(
        f'__asm__(".section .rodata\\n.global {symbol}\\n.type {symbol}, @object\\n.balign 16\\n{symbol}:\\n'
        f'.incbin \\"{trimmed.as_posix()}\\"\\n.size {symbol}, .-{symbol}\\n");\n',
        encoding="utf-8",
    )
    stub = folder / lib.name
    command = [cc, "-shared", "-nostdlib", "-o", str(stub), str(folder / "stub.c"), f"-Wl,-soname,{lib.name}"]
    if subprocess.run(command).returncode != 0:
        return "ICU data not trimmed (the stand-in library did not compile)"
    before = lib.stat().st_size
    shutil.copy2(stub, lib)
    return f"ICU data trimmed to English: {before / 1e6:.1f} MB -> {lib.stat().st_size / 1e6:.1f} MB"


# Pillow's wheel carries private copies of libraries, renamed with a hash. Two of them the bundle
# already holds under their own names (libzstd for Qt, liblzma for Python's lzma module) and one
# every X11 or XWayland desktop has (libxcb, which Qt's own window plugin needs too; Pillow uses it
# only to grab the screen). Pillow's libraries are pointed at those, and the copies (with libXau,
# which only Pillow's libxcb used: 2 MB, nearly all padding) are left out: 3.3 MB.
PILLOW_SHARED = {"libzstd": "libzstd.so.1", "liblzma": "liblzma.so.5", "libxcb": "libxcb.so.1"}
_PRIVATE_COPY = re.compile(r"^(lib[A-Za-z0-9_]+)-[0-9a-f]{8}\.so[.0-9]*$")


def _elf_dynamic(data: bytes | bytearray) -> tuple[list[tuple[int, int]], Callable[[int], int]]:
    """The dynamic section's (tag, value) entries of a 64-bit little-endian ELF, and the file offset of an address."""
    import struct

    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise BuildError("not a 64-bit little-endian ELF file")
    phoff = struct.unpack_from("<Q", data, 0x20)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    headers = [struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize) for i in range(phnum)]
    loads = [(h[3], h[2], h[5]) for h in headers if h[0] == 1]  # PT_LOAD: (vaddr, offset, filesz)
    dynamic = next(h for h in headers if h[0] == 2)  # PT_DYNAMIC
    entries = []
    for i in range(dynamic[5] // 16):
        tag, value = struct.unpack_from("<qQ", data, dynamic[2] + 16 * i)
        if tag == 0:
            break
        entries.append((tag, value))

    def offset(address: int) -> int:
        return next(off + address - vaddr for vaddr, off, size in loads if vaddr <= address < vaddr + size)

    return entries, offset


def needed_libraries(path: Path) -> list[str]:
    """The names a shared object links to (DT_NEEDED), as the dynamic loader reads them."""
    data = path.read_bytes()
    entries, offset = _elf_dynamic(data)
    strings = offset(dict(entries)[5])  # DT_STRTAB
    return [data[strings + value : data.index(b"\0", strings + value)].decode() for tag, value in entries if tag == 1]


def rename_needed(path: Path, renames: dict[str, str]) -> list[str]:
    """Point `path`'s links at other libraries (old name -> new, never longer); the names it changed."""
    import struct

    data = bytearray(path.read_bytes())
    entries, offset = _elf_dynamic(data)
    strings = offset(dict(entries)[5])  # DT_STRTAB
    names = [value for tag, value in entries if tag == 1]  # DT_NEEDED
    # The symbol-version requirements name the library too (a file name each), maybe as another string.
    verneed, count = dict(entries).get(0x6FFFFFFE), dict(entries).get(0x6FFFFFFF, 0)  # DT_VERNEED(NUM)
    if verneed is not None:
        at = offset(verneed)
        for _ in range(count):
            _version, _cnt, file_name, _aux, following = struct.unpack_from("<HHIII", data, at)
            names.append(file_name)
            if not following:
                break
            at += following
    changed = []
    for value in names:
        start = strings + value
        end = data.index(b"\0", start)
        name = data[start:end].decode()
        if name in renames:
            new = renames[name].encode()
            if len(new) > end - start:
                raise BuildError(f"cannot rename {name} to the longer {renames[name]} in {path.name}")
            data[start:end] = new + b"\0" * (end - start - len(new))
            changed.append(name)
    if changed:
        path.write_bytes(bytes(data))
    return sorted(set(changed))


def share_pillow_libraries(bundle: Path) -> str:
    """Point Pillow at the bundle's (or the desktop's) libzstd, liblzma and libxcb; drop its copies."""
    folders = list(bundle.rglob("pillow.libs"))
    if not folders:
        return "Pillow's libraries not shared (no pillow.libs folder)"
    private = folders[0]
    renames = {}
    for copy in private.iterdir():
        found = _PRIVATE_COPY.match(copy.name)
        if found and found[1] in PILLOW_SHARED:
            target = PILLOW_SHARED[found[1]]
            if target != "libxcb.so.1" and not (bundle / "_internal" / target).exists():
                continue  # the bundle does not hold this one under its own name: keep Pillow's copy
            renames[copy.name] = target
    users = [p for p in [*private.iterdir(), *(private.parent / "PIL").glob("*.so")] if p.name not in renames]
    changed = {name for path in users for name in rename_needed(path, renames)}
    drop = set(renames)
    while True:  # then whatever only the dropped copies linked to (libXau, under Pillow's libxcb)
        kept = [path for path in users if path.name not in drop]
        linked = {name for path in kept for name in needed_libraries(path)}
        unused = {path.name for path in kept if path.parent == private and path.name not in linked}
        if not unused:
            break
        drop |= unused
    if linked & drop:
        raise BuildError(f"Pillow still links to {', '.join(sorted(linked & drop))}")
    removed = sum((private / name).stat().st_size for name in drop)
    for name in drop:
        (private / name).unlink()
    for link in bundle.rglob("*"):  # PyInstaller's links to them beside the other libraries
        if link.is_symlink() and link.name in drop and not link.exists():
            link.unlink()
    if not changed:
        return "Pillow's libraries not shared (the bundle holds none of them under their own names)"
    shared = ", ".join(sorted(renames[name] for name in changed))
    return f"Pillow shares {shared}: {removed / 1e6:.1f} MB of its own copies left out"


def add_linux_files(bundle: Path) -> None:
    """The desktop entry and install script travel inside the folder, so the folder installs itself."""
    for name in ("install.sh", "readiness-app.desktop", "readiness-app-mime.xml"):
        target = bundle / name
        shutil.copy2(HERE / "linux" / name, target)
    (bundle / "install.sh").chmod(0o755)


SIGN_VARIABLES = ("READINESS_SIGN_CERT", "READINESS_SIGN_PASSWORD", "READINESS_SIGN_TIMESTAMP")


def sign_windows(files: list[Path], environ: dict[str, str] | None = None, runner=subprocess.run) -> list[str]:
    """Authenticode-sign `files` with signtool when a certificate is configured; [] (and a note) when not.

    READINESS_SIGN_CERT names a .pfx file, or "store:<thumbprint>" for a certificate in the
    Windows certificate store (a hardware token or Azure Key Vault's CSP shows up there);
    READINESS_SIGN_PASSWORD is the .pfx password; READINESS_SIGN_TIMESTAMP an RFC 3161
    time-stamp server (default DigiCert's), so the signature outlives the certificate.
    """
    env = dict(os.environ) if environ is None else environ
    cert = env.get("READINESS_SIGN_CERT", "").strip()
    if not cert:
        print("signing   skipped: READINESS_SIGN_CERT is not set (unsigned build)")
        return []
    signtool = shutil.which("signtool") or shutil.which("signtool.exe")
    if not signtool:
        raise BuildError("signtool.exe was not found", "install the Windows SDK or put signtool.exe on PATH")
    command = [signtool, "sign", "/fd", "SHA256", "/td", "SHA256"]
    command += ["/tr", env.get("READINESS_SIGN_TIMESTAMP") or "http://timestamp.digicert.com"]
    if cert.lower().startswith("store:"):
        command += ["/sha1", cert.split(":", 1)[1].strip()]
    else:
        command += ["/f", cert]
        if env.get("READINESS_SIGN_PASSWORD"):
            command += ["/p", env["READINESS_SIGN_PASSWORD"]]
    signed = []
    for path in files:
        if runner([*command, str(path)]).returncode != 0:
            raise BuildError(f"signtool could not sign {path.name}", "check the certificate and its password")
        signed.append(path.name)
    return signed


def make_installer(dist: Path, bundle: Path, version: str, work: Path) -> Path:
    if IS_WIN:
        iscc = shutil.which("iscc") or shutil.which("ISCC")
        default = Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe"
        if not iscc and default.exists():
            iscc = str(default)
        if not iscc:
            raise BuildError("Inno Setup's ISCC.exe was not found", "install Inno Setup 6 or put ISCC.exe on PATH")
        sys.path.insert(0, str(HERE))
        from icons import make_icons

        icon = make_icons(work / "icons")["ico"]
        command = [
            iscc,
            f"/DAppVersion={version}",
            f"/DSourceDir={bundle}",
            f"/DIconFile={icon}",
            f"/DOutputDir={dist}",
            str(HERE / "windows" / "readiness.iss"),
        ]
        sign_windows([bundle / "readiness.exe", bundle / "readiness-cli.exe"])  # before they are packed
        if subprocess.run(command).returncode != 0:
            raise BuildError("Inno Setup failed; see its messages above")
        setup = dist / f"readiness-app-{version}-setup.exe"
        sign_windows([setup])
        return setup
    if IS_MAC:
        target = dist / f"Readiness-{version}.dmg"
        command = [
            "hdiutil",
            "create",
            "-volname",
            "Readiness",
            "-srcfolder",
            str(bundle),
            "-ov",
            "-format",
            "UDZO",
            str(target),
        ]
        if subprocess.run(command).returncode != 0:
            raise BuildError("hdiutil could not make the disk image")
        return target
    target = dist / f"readiness-app-{version}-linux-{platform.machine()}.tar.gz"
    partial = target.with_suffix(".part")
    with tarfile.open(partial, "w:gz") as tar:
        tar.add(bundle, arcname=APP_NAME)
    os.replace(partial, target)
    return target


def write_report(dist: Path, report: dict) -> Path:
    path = dist / "build-report.json"
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def print_summary(report: dict) -> None:
    mb = report["size_bytes"] / 1e6
    target = "within" if mb < SIZE_TARGET_MB else "OVER"
    print()
    print(f"bundle      {report['bundle']}")
    print(f"size        {mb:.1f} MB in {report['files']} files ({target} the {SIZE_TARGET_MB} MB target for Linux)")
    print(f"build time  {report['build_seconds']:.0f} s")
    for part, size in report["largest"]:
        print(f"            {size / 1e6:7.1f} MB  {part}")
    checks = report.get("checks")
    if checks:
        v, s = checks["version_seconds"], checks["self_test_seconds"]
        print(
            f"--version   frozen {v['frozen']:.2f} s, from source {v['source']:.2f} s "
            f"(ratio {v['frozen'] / v['source']:.2f})"
        )
        print(
            f"--self-test frozen {s['frozen']:.2f} s, from source {s['source']:.2f} s "
            f"(ratio {s['frozen'] / s['source']:.2f})"
        )
    if report.get("installer"):
        print(f"installer   {report['installer']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the standalone readiness app with PyInstaller.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller's work folder (default: build/)")
    parser.add_argument("--no-check", action="store_true", help="skip --version/--self-test checks and timings")
    parser.add_argument("--runs", type=int, default=5, help="timing runs for --version (median is reported)")
    parser.add_argument(
        "--installer",
        action="store_true",
        help="also make the installer: setup.exe (Inno Setup), .dmg (macOS) or .tar.gz (Linux)",
    )
    args = parser.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    try:
        version = app_version()
        check_python()
        build_seconds = run_pyinstaller(dist, work)
        bundle, executable = bundle_paths(dist)
        if not executable.exists():
            raise BuildError(f"PyInstaller finished but {executable} is missing")
        icu = None
        if not IS_WIN and not IS_MAC:
            add_linux_files(bundle)
            icu = trim_icu(bundle, work)
            print(icu)
            print(share_pillow_libraries(bundle))
        notices = add_licences(bundle, version)
        size, files = folder_size(bundle)
        report: dict = {
            "version": version,
            "platform": f"{sys.platform} {platform.machine()}",
            "python": platform.python_version(),
            "bundle": str(bundle),
            "executable": str(executable),
            "size_bytes": size,
            "files": files,
            "build_seconds": round(build_seconds, 1),
            "largest": largest_parts(bundle),
            "licences": notices,
            "icu": icu,
        }
        if not args.no_check:
            report["checks"] = check_bundle(executable, version, max(1, args.runs), work)
        if args.installer:
            report["installer"] = str(make_installer(dist, bundle, version, work))
        print_summary(report)
        print(f"report      {write_report(dist, report)}")
    except BuildError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        if len(exc.args) > 1:
            print(f"hint: {exc.args[1]}", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as exc:
        print(f"error: {' '.join(map(str, exc.cmd))} did not finish within {exc.timeout:.0f} s", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
