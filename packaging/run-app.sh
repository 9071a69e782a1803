#!/usr/bin/env bash
# Set up and start Headache Diary from this checkout, on Debian 12, Ubuntu 24.04 or alike:
#   bash packaging/run-app.sh [ARGS...]
# Installs the system libraries Qt needs when they are missing (saying which; with sudo
# only when not root), makes .venv with the app installed (versions pinned by
# constraints.txt), then runs `headache-diary ARGS...`: e.g. --data-dir DIR, --version,
# --smoke-test, or a command such as `summary`. Later runs skip what is already done.
# It runs in the caller's directory: relative paths in ARGS are the caller's, as with any
# command (`bash ~/hd/packaging/run-app.sh import diary.csv` imports ./diary.csv).
# shellcheck source=packaging/setup-lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/setup-lib.sh"

hd_need_python
hd_need_libs "${HD_LIBS_QT[@]}" "${HD_LIBS_XCB[@]}"
hd_install_missing
hd_venv .venv -e .

if [ $# -eq 0 ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
  hd_say "no screen found (DISPLAY and WAYLAND_DISPLAY are not set): the window needs a" \
    "desktop session. The commands work without one: $HD_ROOT/.venv/bin/headache-diary --help"
fi
exec "$HD_ROOT/.venv/bin/headache-diary" "$@"
