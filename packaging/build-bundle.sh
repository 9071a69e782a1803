#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle of Headache Diary, on Debian 12, Ubuntu 24.04 or
# alike:
#   bash packaging/build-bundle.sh
# Result: dist/headache-diary/ (start dist/headache-diary/headache-diary; put it in the
# menu with dist/headache-diary/install-desktop.sh). The app is installed non-editable,
# with PyInstaller, into its own venv build/bundle-venv (versions pinned by
# constraints.txt and packaging/pyinstaller/requirements.txt), so the bundle holds the
# files of the wheel and nothing from the test set-up. Ends with the bundle's
# --smoke-test.
# shellcheck source=packaging/setup-lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/setup-lib.sh"
# a build of this checkout, into its build/ and dist/ (this script's own directory: the
# caller's is not changed)
cd "$HD_ROOT"

hd_need_python
# PyInstaller's Qt hooks load Qt to find its plugins, and the bundle carries the libraries
# the xcb platform plugin needs (libxcb-cursor0 is missing on many desktops)
hd_need_libs "${HD_LIBS_QT[@]}" "${HD_LIBS_XCB[@]}"
hd_need_cmd objdump binutils # PyInstaller reads the libraries' dependencies with it
hd_install_missing
# PyInstaller bundles Python's shared library, which Debian and Ubuntu package apart
pylib=$("$PYTHON" - <<'PY'
import os, sys, sysconfig
name = sysconfig.get_config_var("INSTSONAME") or ""
libdir = sysconfig.get_config_var("LIBDIR") or ""
folders = (libdir, os.path.join(libdir, sysconfig.get_config_var("MULTIARCH") or ""))
if not any(os.path.isfile(os.path.join(folder, name)) for folder in folders):
    print("libpython%d.%d" % sys.version_info[:2])
PY
)
if [ -n "$pylib" ]; then HD_MISSING+=("$pylib"); fi
hd_install_missing

venv=build/bundle-venv
hd_venv "$venv" -r packaging/pyinstaller/requirements.txt .
if [ "$HD_INSTALLED" = 0 ]; then
  # the pins are unchanged, the app's files may not be: install this checkout again
  PIP_CONSTRAINT="$HD_ROOT/packaging/build-constraints.txt" \
    "$venv/bin/pip" install -q -c constraints.txt --no-deps --force-reinstall .
fi

hd_say "building dist/headache-diary with PyInstaller (about half a minute)"
mkdir -p build
# from build/, so that the checkout's own headache_diary/ is not on the import path
(cd build && ./bundle-venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath ../dist --workpath pyinstaller ../packaging/pyinstaller/headache-diary.spec)

# beside the executable: the licence, and what install-desktop.sh puts in the menu
out=dist/headache-diary
id=$("$venv/bin/python" -c 'from headache_diary.ui.appinfo import APP_ID; print(APP_ID)')
cp LICENSE packaging/install-desktop.sh "$out/"
mkdir -p "$out/share/applications" "$out/share/metainfo" "$out/share/icons"
cp "packaging/linux/$id.desktop" "$out/share/applications/"
cp "packaging/linux/$id.metainfo.xml" "$out/share/metainfo/"
cp -r packaging/linux/icons/hicolor "$out/share/icons/"
mkdir -p "$out/share/icons/hicolor/scalable/apps"
cp resources/icon.svg "$out/share/icons/hicolor/scalable/apps/$id.svg"

hd_say "built $out ($(du -sh "$out" | cut -f1)); checking it with --smoke-test"
"$out/headache-diary" --smoke-test
