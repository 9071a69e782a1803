#!/usr/bin/env bash
# install-desktop.sh, run from inside a built bundle with a temporary HOME: the menu entry
# validates, the installed tree validates as AppStream data, the linked executable runs,
# and --uninstall removes what was installed but leaves the diary folder alone.
#   bash packaging/ci/check-desktop-install.sh [BUNDLE]   (default: dist/headache-diary)
set -euo pipefail
bundle=$(realpath "${1:-dist/headache-diary}")
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
fail() {
  echo "check-desktop-install FAILED: $*" >&2
  exit 1
}

mkdir -p "$home/.local/share/headache-diary"
echo "a diary" >"$home/.local/share/headache-diary/diary.sqlite3"
HOME=$home XDG_DATA_HOME='' PREFIX='' bash "$bundle/install-desktop.sh"
desktop=$(echo "$home"/.local/share/applications/*.desktop)
desktop-file-validate "$desktop"
grep -qx "Exec=\"$home/.local/opt/headache-diary/headache-diary\"" "$desktop" ||
  fail "Exec line: $(grep ^Exec= "$desktop")"
appstreamcli validate-tree --no-net "$home/.local"
"$home/.local/bin/headache-diary" --version
id=$(basename "$desktop" .desktop)
for icon in 16x16/apps/$id.png 256x256/apps/$id.png scalable/apps/$id.svg; do
  [ -f "$home/.local/share/icons/hicolor/$icon" ] || fail "icon $icon not installed"
done

HOME=$home XDG_DATA_HOME='' PREFIX='' bash "$home/.local/opt/headache-diary/install-desktop.sh" --uninstall
left=$(find "$home" -type f ! -name mimeinfo.cache)
[ "$left" = "$home/.local/share/headache-diary/diary.sqlite3" ] || fail "left behind: $left"
echo "check-desktop-install: passed"
