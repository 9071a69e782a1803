#!/usr/bin/env bash
# Put the Headache Diary bundle in the desktop's menu, for the current user only:
#   bash install-desktop.sh [--uninstall]             (inside a built bundle)
#   bash packaging/install-desktop.sh [--uninstall] [BUNDLE]   (default: dist/headache-diary)
# Installs (no root needed; the folders follow XDG_DATA_HOME, the rest PREFIX=~/.local):
#   PREFIX/opt/headache-diary/          a copy of the bundle (replaced on a reinstall)
#   PREFIX/bin/headache-diary           a link to its executable, for the terminal
#   DATA/applications/<id>.desktop      the menu entry, Exec= that executable
#   DATA/icons/hicolor/*/apps/<id>.*    the icon, PNG sizes and SVG
#   DATA/metainfo/<id>.metainfo.xml     AppStream data for software centres
# DATA is ${XDG_DATA_HOME:-~/.local/share}. --uninstall removes exactly these. The diary
# itself (DATA/headache-diary/ unless moved) is never touched, not even by --uninstall.
set -euo pipefail

say() { printf 'install-desktop: %s\n' "$*" >&2; }

uninstall=0
if [ "${1:-}" = "--uninstall" ]; then
  uninstall=1
  shift
fi
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
if [ $# -gt 0 ]; then
  bundle=$(cd -- "$1" && pwd)
elif [ -x "$here/headache-diary" ]; then
  bundle=$here # run from inside a bundle
else
  bundle=$(cd -- "$here/.." && pwd)/dist/headache-diary
fi

prefix=${PREFIX:-$HOME/.local}
data=${XDG_DATA_HOME:-$HOME/.local/share}
target=$prefix/opt/headache-diary
link=$prefix/bin/headache-diary

# the app id names the desktop file, the icons and the AppStream file
desktop_src=$(find "$bundle/share/applications" -name '*.desktop' 2>/dev/null | head -n 1)
if [ -z "$desktop_src" ] && [ $uninstall = 1 ]; then
  desktop_src=$(find "$target/share/applications" -name '*.desktop' 2>/dev/null | head -n 1)
fi
if [ -z "$desktop_src" ]; then
  say "no bundle at $bundle (build one with: bash packaging/build-bundle.sh)"
  exit 1
fi
id=$(basename "$desktop_src" .desktop)
desktop=$data/applications/$id.desktop
metainfo=$data/metainfo/$id.metainfo.xml

refresh_caches() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data/applications" || true
  fi
  # a newer folder time tells the desktop to look at the icons again
  touch "$data/icons/hicolor" 2>/dev/null || true
  if [ -f "$data/icons/hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
  fi
}

if [ $uninstall = 1 ]; then
  rm -f "$desktop" "$metainfo"
  rm -f "$data"/icons/hicolor/*/apps/"$id".png "$data/icons/hicolor/scalable/apps/$id.svg"
  if [ -L "$link" ]; then rm -f "$link"; fi
  rm -rf "$target"
  refresh_caches
  say "removed Headache Diary from the menu and $target; your diary was left where it is"
  exit 0
fi

[ -x "$bundle/headache-diary" ] || {
  say "no executable $bundle/headache-diary"
  exit 1
}
exe=$target/headache-diary
# Exec= takes a quoted path; refuse the few characters it would need escaped
case $exe in
  *[\"\`\$\\%]*)
    say "cannot write a menu entry for a path with \", \`, \$, \\ or %: $exe (set PREFIX)"
    exit 1
    ;;
esac

if [ "$bundle" != "$target" ]; then
  mkdir -p "$prefix/opt"
  rm -rf "$target.new"
  cp -a "$bundle" "$target.new"
  rm -rf "$target"
  mv "$target.new" "$target"
fi
mkdir -p "$prefix/bin" "$data/applications" "$data/metainfo" "$data/icons"
ln -sfn "$exe" "$link"
sed -e "s|^Exec=.*|Exec=\"$exe\"|" -e "s|^TryExec=.*|TryExec=$exe|" \
  "$desktop_src" >"$desktop.tmp"
mv "$desktop.tmp" "$desktop"
cp "$bundle/share/metainfo/$id.metainfo.xml" "$metainfo"
cp -r "$bundle/share/icons/hicolor" "$data/icons/"
refresh_caches

say "installed: $target, menu entry $desktop"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) say "$prefix/bin is not on PATH; from a terminal start it as $link" ;;
esac
