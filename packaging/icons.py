"""Turn the app's own icon (resources/icons/readiness-*.png) into .ico and .icns.

The window, the installer and the bundle share one icon, drawn once under
resources/. Windows and macOS want it in their own container formats; this
writes them at build time, so nothing derived is committed. Uses Pillow,
which reportlab already depends on.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_pngs() -> dict[int, Path]:
    """The hand-drawn sizes, smallest first."""
    found = {}
    for path in ICON_DIR.glob("readiness-*.png"):
        size = path.stem.rpartition("-")[2]
        if size.isdigit():
            found[int(size)] = path
    if not found:
        raise FileNotFoundError(f"no readiness-<size>.png icons in {ICON_DIR}")
    return dict(sorted(found.items()))


def make_icons(out_dir: Path) -> dict[str, Path]:
    """Write readiness.ico and readiness.icns into out_dir; return their paths (plus the largest png)."""
    from PIL import Image

    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = icon_pngs()
    largest = Image.open(pngs[max(pngs)]).convert("RGBA")
    # Hand-drawn small sizes are sharper than scaled-down big ones: pass them in.
    exact = [Image.open(p).convert("RGBA") for n, p in pngs.items() if n in ICO_SIZES]
    ico = out_dir / "readiness.ico"
    largest.save(ico, sizes=[(n, n) for n in ICO_SIZES], append_images=exact)
    icns = out_dir / "readiness.icns"
    largest.save(icns, append_images=[Image.open(p).convert("RGBA") for p in pngs.values()])
    return {"ico": ico, "icns": icns, "png": pngs[max(pngs)]}


if __name__ == "__main__":
    import sys

    for kind, path in make_icons(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")).items():
        print(f"{kind}: {path}")
