#!/usr/bin/env bash
# Set up and run the test suite, on Debian 12, Ubuntu 24.04 or alike:
#   bash packaging/run-tests.sh [PYTEST ARGS...]
# Installs the system libraries Qt needs offscreen and poppler-utils (pdftoppm, pdftotext
# for the PDF checks) when they are missing, makes .venv with
# `pip install -c constraints.txt -e ".[test]"`, then runs pytest (offscreen, no display
# needed) with the arguments given, e.g. `-k cli` or `-x`: paths among them are relative to
# the caller's directory, and without arguments the checkout's whole suite runs.
# shellcheck source=packaging/setup-lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/setup-lib.sh"

hd_need_python
hd_need_libs "${HD_LIBS_QT[@]}"
hd_need_cmd pdftoppm poppler-utils
hd_need_cmd pdftotext poppler-utils
hd_install_missing
hd_venv .venv -e ".[test]"

export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
# the checkout's configuration wherever it runs from (pytest looks for it upwards of the
# arguments and the working directory); no arguments: the checkout's tests (pytest's
# testpaths count only when it runs in the checkout itself)
if [ $# -eq 0 ]; then set -- "$HD_ROOT/tests"; fi
exec "$HD_ROOT/.venv/bin/pytest" --rootdir "$HD_ROOT" -c "$HD_ROOT/pyproject.toml" "$@"
