# shellcheck shell=bash
# The set-up shared by run-app.sh, run-tests.sh and build-bundle.sh. Sourced, not run:
#   . packaging/setup-lib.sh
# It leaves the caller's working directory alone (a relative path given to run-app.sh is
# the caller's, e.g. `import diary.csv --data-dir mydiary` run from ~/Downloads), sets
# HD_ROOT to the checkout, and defines:
#   hd_need_libs LIST...   note the system packages whose libraries Qt needs and are missing
#   hd_need_cmd CMD PKG    note PKG when the command CMD is missing
#   hd_need_python         note python3 / python3-venv when they are missing
#   hd_install_missing     install what was noted (apt-get; sudo only when not root)
#   hd_venv DIR ARGS...    a venv in DIR, `pip install -c constraints.txt ARGS...` done in it
#                          (DIR and ARGS relative to the checkout)
set -euo pipefail

HD_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}

hd_say() { printf 'headache-diary set-up: %s\n' "$*" >&2; }

# soname:Debian package. What PySide6's QtGui, QtWidgets and QtSvg load, also offscreen
# (found with ldd on a bare Debian 12; libgthread comes with glib, libX11 with libgl1).
# shellcheck disable=SC2034  # used by the scripts that source this file
HD_LIBS_QT=(
  libEGL.so.1:libegl1 libGL.so.1:libgl1 libfontconfig.so.1:libfontconfig1
  libfreetype.so.6:libfreetype6 libxkbcommon.so.0:libxkbcommon0
  libglib-2.0.so.0:libglib2.0-0 libdbus-1.so.3:libdbus-1-3
)
# ... and Qt's xcb platform plugin, for a window on an X11 or XWayland screen
# shellcheck disable=SC2034
HD_LIBS_XCB=(
  libX11-xcb.so.1:libx11-xcb1 libxkbcommon-x11.so.0:libxkbcommon-x11-0
  libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4
  libxcb-image.so.0:libxcb-image0 libxcb-keysyms.so.1:libxcb-keysyms1
  libxcb-randr.so.0:libxcb-randr0 libxcb-render-util.so.0:libxcb-render-util0
  libxcb-shape.so.0:libxcb-shape0 libxcb-sync.so.1:libxcb-sync1
  libxcb-xfixes.so.0:libxcb-xfixes0 libxcb-xkb.so.1:libxcb-xkb1
)

HD_MISSING=()

hd_need_libs() {
  local ldconfig cache pair
  ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
  # without a linker cache to ask, let Qt report what it cannot load
  cache=$("$ldconfig" -p 2>/dev/null | awk 'NR > 1 {print $1}') || return 0
  [ -n "$cache" ] || return 0
  for pair in "$@"; do
    grep -qxF "${pair%%:*}" <<<"$cache" || HD_MISSING+=("${pair#*:}")
  done
}

hd_need_cmd() {
  command -v "$1" >/dev/null 2>&1 || HD_MISSING+=("$2")
}

hd_need_python() {
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    [ "$PYTHON" = python3 ] || { hd_say "$PYTHON not found"; exit 1; }
    HD_MISSING+=(python3 python3-venv)
    return 0
  fi
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    hd_say "Python 3.11 or newer is needed; $PYTHON is $("$PYTHON" -V 2>&1)." \
      "Run again with PYTHON=/path/to/python3.11 (or newer)."
    exit 1
  fi
  # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in python3-venv
  "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || HD_MISSING+=(python3-venv)
}

hd_install_missing() {
  [ ${#HD_MISSING[@]} -gt 0 ] || return 0
  local pkgs sudo=""
  read -r -a pkgs <<<"$(printf '%s\n' "${HD_MISSING[@]}" | sort -u | tr '\n' ' ')"
  if ! command -v apt-get >/dev/null 2>&1; then
    hd_say "missing system packages (Debian names): ${pkgs[*]}." \
      "Install their equivalents with your package manager, then run this again."
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      hd_say "needs these system packages: ${pkgs[*]}; run as root or install sudo."
      exit 1
    }
    sudo=sudo
  fi
  hd_say "installing the missing system packages: ${pkgs[*]}"
  if [ -z "${HD_APT_UPDATED:-}" ]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    export HD_APT_UPDATED=1 # scripts run from this one need not update again
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
  HD_MISSING=()
}

# hd_venv DIR PIP-ARGS...: a venv in DIR with `pip install -c constraints.txt PIP-ARGS...`
# done in it (DIR and PIP-ARGS are relative to the checkout: pip runs in a subshell that
# changes to it), every version pinned: constraints.txt for the dependencies,
# packaging/build-constraints.txt for the build backend (pip hands PIP_CONSTRAINT on to
# its isolated build environment, which `-c` does not reach). A stamp of the pin files
# (and of headache_diary/__init__.py, whose __version__ the installed metadata carries)
# skips pip when nothing changed, so a second start is quick and works offline; with
# `-e .` the checkout itself is installed, so a `git pull` needs no reinstall.
# Sets HD_INSTALLED=1 when pip ran.
hd_venv() {
  local dir=$HD_ROOT/$1 stamp want
  shift
  HD_INSTALLED=0
  if ! "$dir/bin/python" -c '' 2>/dev/null; then
    hd_say "creating the virtual environment $dir with $("$PYTHON" -V 2>&1)"
    rm -rf "$dir"
    "$PYTHON" -m venv "$dir"
  fi
  stamp="$dir/.headache-diary-installed"
  want="$(cd "$HD_ROOT" && cat pyproject.toml headache_diary/__init__.py constraints.txt \
    packaging/build-constraints.txt packaging/pyinstaller/requirements.txt |
    sha256sum | cut -c1-16) $*"
  if [ -f "$stamp" ] && grep -qxF -- "$want" "$stamp"; then
    return 0
  fi
  hd_say "installing into $dir: $* (versions pinned by constraints.txt)"
  (cd "$HD_ROOT" && PIP_CONSTRAINT="$HD_ROOT/packaging/build-constraints.txt" \
    "$dir/bin/pip" install -q -c constraints.txt "$@")
  # shellcheck disable=SC2034  # read by build-bundle.sh
  HD_INSTALLED=1
  # the test install includes the plain one: both are then up to date
  { [ "$*" = "-e .[test]" ] && printf '%s\n' "${want%% *} -e ."; echo "$want"; } >"$stamp"
}
