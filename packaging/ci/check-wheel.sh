#!/usr/bin/env bash
# Build the wheel (setuptools pinned by packaging/build-constraints.txt), install it, not
# editable, into a venv of its own, and run the command line and the smoke test from it:
# a file that the wheel leaves out (a migration, a resource) fails here.
#   bash packaging/ci/check-wheel.sh     (after packaging/run-tests.sh has made .venv)
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/../.."
root=$PWD

rm -rf build/wheel build/wheel-venv
PIP_CONSTRAINT=$root/packaging/build-constraints.txt \
  .venv/bin/pip wheel -q --no-deps -w build/wheel .
wheel=$(echo build/wheel/headache_diary-*.whl)
echo "built $wheel"

# the pinned backend made it (the WHEEL file names the setuptools that wrote it)
pinned=$(sed -n 's/^setuptools==//p' packaging/build-constraints.txt)
generator=$(python3 - "$wheel" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as whl:
    [name] = [n for n in whl.namelist() if n.endswith(".dist-info/WHEEL")]
    for line in whl.read(name).decode().splitlines():
        if line.startswith("Generator: "):
            print(line.removeprefix("Generator: "))
PY
)
[ "$generator" = "setuptools ($pinned)" ] || {
  echo "check-wheel FAILED: built by '$generator', pinned setuptools $pinned" >&2
  exit 1
}

python3 -m venv build/wheel-venv
build/wheel-venv/bin/pip install -q -c constraints.txt "$wheel"
bash packaging/ci/check-cli.sh build/wheel-venv/bin/headache-diary
(cd /tmp && "$root/build/wheel-venv/bin/headache-diary" --smoke-test)
