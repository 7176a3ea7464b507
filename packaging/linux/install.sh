#!/bin/sh
# Install, upgrade or remove readiness-app from this unpacked folder.
#
#   sudo ./install.sh                 for every user: /opt/readiness-app, /usr/local/bin/readiness
#   ./install.sh --user               for you only:  ~/.local/opt/readiness-app, ~/.local/bin/readiness
#   sudo ./install.sh --uninstall     (add --user to remove a per-user install)
#
# An upgrade replaces the program folder whole (no stale files from the old
# version). Registers, settings, backups and logs live in the user's own data
# folder (~/.local/share/readiness-app) and are never touched, not even by
# --uninstall.
set -eu

scope=system
action=install
for arg in "$@"; do
    case "$arg" in
        --user) scope=user ;;
        --uninstall) action=uninstall ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
    esac
done

if [ "$scope" = system ]; then
    prefix=/opt
    bindir=/usr/local/bin
    share=/usr/local/share
else
    prefix="$HOME/.local/opt"
    bindir="$HOME/.local/bin"
    share="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
target="$prefix/readiness-app"
sizes="16 24 32 48 64 128 256 512"

refresh_menus() {
    # Menus pick the entry up without these on most desktops; failures are harmless.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$share/applications" || true
    fi
    if command -v update-mime-database >/dev/null 2>&1 && [ -d "$share/mime/packages" ]; then
        update-mime-database "$share/mime" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
    fi
}

if [ "$action" = uninstall ]; then
    rm -rf "$target"
    rm -f "$bindir/readiness" "$share/applications/readiness-app.desktop" "$share/icons/hicolor/scalable/apps/readiness-app.svg"
    rm -f "$share/mime/packages/readiness-app.xml"
    for n in $sizes; do rm -f "$share/icons/hicolor/${n}x${n}/apps/readiness-app.png"; done
    refresh_menus
    echo "removed readiness-app from $target (user data left in place)"
    exit 0
fi

source_dir=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$source_dir/readiness" ]; then
    echo "run this script from the unpacked readiness-app folder (readiness not found beside it)" >&2
    exit 1
fi
if [ "$source_dir" = "$target" ]; then
    echo "already installed at $target" >&2
    exit 1
fi

mkdir -p "$prefix" "$bindir" "$share/applications"
# Copy beside the old version first, then swap, so a failed copy leaves the old one working.
rm -rf "$target.new"
cp -R "$source_dir" "$target.new"
rm -rf "$target.old"
[ -e "$target" ] && mv "$target" "$target.old"
mv "$target.new" "$target"
rm -rf "$target.old"

ln -sf "$target/readiness" "$bindir/readiness"
icons="$target/_internal/resources/icons"
for n in $sizes; do
    if [ -f "$icons/readiness-$n.png" ]; then
        mkdir -p "$share/icons/hicolor/${n}x${n}/apps"
        cp "$icons/readiness-$n.png" "$share/icons/hicolor/${n}x${n}/apps/readiness-app.png"
    fi
done
if [ -f "$icons/readiness.svg" ]; then
    mkdir -p "$share/icons/hicolor/scalable/apps"
    cp "$icons/readiness.svg" "$share/icons/hicolor/scalable/apps/readiness-app.svg"
fi
# Absolute paths: ~/.local/bin is not on every desktop session's PATH.
sed -e "s|^Exec=.*|Exec=$target/readiness %f|" -e "s|^TryExec=.*|TryExec=$target/readiness|" \
    "$source_dir/readiness-app.desktop" > "$share/applications/readiness-app.desktop"
# The register's file type (*.readiness), so double-clicking a register opens the app.
if [ -f "$source_dir/readiness-app-mime.xml" ]; then
    mkdir -p "$share/mime/packages"
    cp "$source_dir/readiness-app-mime.xml" "$share/mime/packages/readiness-app.xml"
fi
refresh_menus
echo "installed readiness-app $("$target/readiness" --version 2>/dev/null | sed 's/^readiness-app //') in $target"
