"""Time opening and the summary of 50,000 episodes on an encrypted diary against the plain
one (issue 25), alternately in the same run.

Usage: python benchmarks/bench_encrypted.py [N] [--against SOURCE_DIR]

Builds a plain diary of N (default 50,000) synthetic episodes (``bench_summary``), copies
it and encrypts the copy (``storage.protect.change_protection``: timed), then times, each
as median and best of several runs, alternating plain and encrypted:

- deriving the key from the passphrase (PBKDF2-HMAC-SHA512, 256,000 iterations: once per
  process);
- ``open_diary`` as the window opens it (read-only checks with ``quick_check``, engine,
  no daily backup) and as a reading command opens it (without ``quick_check``);
- the summary as ``summary --json`` computes it (``analysis_snapshot`` without charts);
- the whole command ``headache-diary summary --json`` in a fresh process (the encrypted
  one with ``HEADACHE_DIARY_PASSPHRASE``: its derivation included).

With ``--against SOURCE_DIR`` (a checkout without the passphrase, e.g. ``main``), the
plain diary is also opened and summarized by that checkout's code and by this one, in
child processes taking turns: a plain diary must not have become slower.

The figures are in docs/benchmarks.md.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_summary import build_diary  # noqa: E402

PASSPHRASE = "a benchmark passphrase"

#: what a child process times on the plain diary with the code of its PYTHONPATH
CHILD = """
import json, statistics, sys, time
from pathlib import Path
from headache_diary.context import AppContext
from headache_diary.paths import Paths
from headache_diary.services.analysis import analysis_snapshot
from headache_diary.storage.db import open_diary
paths = Paths(Path(sys.argv[1]))
out = {}
for name, integrity in (("open (window: quick_check)", True), ("open (reading command)", False)):
    t = []
    for _ in range(6):
        t0 = time.perf_counter()
        open_diary(paths, daily_backup=False, integrity=integrity).close()
        t.append((time.perf_counter() - t0) * 1000)
    out[name] = t[1:]
d = open_diary(paths, daily_backup=False, integrity=False)
ctx = AppContext(paths, d, "Europe/Berlin")
t = []
for _ in range(5):
    t0 = time.perf_counter()
    analysis_snapshot(ctx, None, None, with_charts=False)
    t.append((time.perf_counter() - t0) * 1000)
out["summary of all"] = t[1:]
d.close()
print(json.dumps(out))
"""


def against(source: str, plain: Path, rounds: int = 6) -> None:
    """The plain diary timed by ``source``'s code and by this checkout's, in turns."""
    import json

    here = str(Path(__file__).resolve().parent.parent)
    times: dict[str, dict[str, list[float]]] = {"this checkout": {}, source: {}}
    pair = [("this checkout", here), (source, source)]
    for i in range(rounds):
        # each goes first in every other round: neither always runs on a warmer machine
        for label, root in pair if i % 2 == 0 else pair[::-1]:
            env = dict(os.environ) | {"PYTHONPATH": root}
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(plain)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for name, t in json.loads(out).items():
                times[label].setdefault(name, []).extend(t)
    for name in times["this checkout"]:
        for label in times:
            t = times[label][name]
            print(
                f"plain {name:30} {label:16} median {statistics.median(t):7.1f} ms  "
                f"best {min(t):7.1f} ms"
            )


def alternate(
    fns: dict[str, Callable[[], object]], repeat: int = 7
) -> dict[str, tuple[float, float]]:
    """(median, best) in ms of each of ``fns``, run in turn ``repeat`` times after a
    warm-up call each, so that both see the same machine."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn()
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t0) * 1000)
    return {name: (statistics.median(t), min(t)) for name, t in times.items()}


def main() -> int:
    from headache_diary.context import AppContext
    from headache_diary.domain.keys import derive_key, new_key
    from headache_diary.paths import Paths
    from headache_diary.services.analysis import analysis_snapshot
    from headache_diary.storage.cipher import file_salt
    from headache_diary.storage.db import open_diary
    from headache_diary.storage.protect import change_protection

    args = sys.argv[1:]
    source = None
    if "--against" in args:
        i = args.index("--against")
        source = args[i + 1]
        del args[i : i + 2]
    n = int(args[0]) if args else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        diary = build_diary(base / "plain", n)
        diary.close()
        print(f"built {n} episodes in {time.perf_counter() - t0:.1f} s")
        plain = Paths(base / "plain")
        shutil.copytree(plain.data_dir, base / "encrypted")
        enc = Paths(base / "encrypted")
        t0 = time.perf_counter()
        change_protection(enc, new_key(PASSPHRASE))
        print(
            f"encrypt (write, check, swap, overwrite the old file): "
            f"{time.perf_counter() - t0:.2f} s; "
            f"{os.path.getsize(plain.database) / 1e6:.1f} MB plain, "
            f"{os.path.getsize(enc.database) / 1e6:.1f} MB encrypted"
        )
        salt = file_salt(enc.database)
        assert salt is not None
        derive = alternate({"derive the key": lambda: derive_key(PASSPHRASE, salt)}, 5)
        for name, (med, best) in derive.items():
            print(f"{name:42} median {med:7.1f} ms  best {best:7.1f} ms")

        def opener(paths: Paths, integrity: bool) -> Callable[[], object]:
            def run() -> object:
                d = open_diary(paths, daily_backup=False, integrity=integrity)
                d.close()
                return d

            return run

        rows = alternate(
            {
                "open (window: quick_check), plain": opener(plain, True),
                "open (window: quick_check), encrypted": opener(enc, True),
                "open (reading command), plain": opener(plain, False),
                "open (reading command), encrypted": opener(enc, False),
            }
        )
        plain_diary = open_diary(plain, daily_backup=False, integrity=False)
        enc_diary = open_diary(enc, daily_backup=False, integrity=False)
        try:

            def summary(d: object) -> Callable[[], object]:
                ctx = AppContext(d.paths, d, "Europe/Berlin")  # type: ignore[attr-defined]
                return lambda: analysis_snapshot(ctx, None, None, with_charts=False)

            rows |= alternate(
                {
                    "summary of all, plain": summary(plain_diary),
                    "summary of all, encrypted": summary(enc_diary),
                },
                5,
            )
        finally:
            plain_diary.close()
            enc_diary.close()

        exe = [sys.executable, "-m", "headache_diary"]
        env = dict(os.environ)
        env_enc = env | {"HEADACHE_DIARY_PASSPHRASE": PASSPHRASE}

        def command(paths: Paths, environ: dict[str, str]) -> Callable[[], object]:
            argv = [*exe, "--data-dir", str(paths.data_dir), "summary", "--json"]
            return lambda: subprocess.run(argv, env=environ, check=True, stdout=subprocess.DEVNULL)

        rows |= alternate(
            {
                "`summary --json` command, plain": command(plain, env),
                "`summary --json` command, encrypted": command(enc, env_enc),
            },
            5,
        )
        for name, (med, best) in rows.items():
            print(f"{name:42} median {med:7.1f} ms  best {best:7.1f} ms")
        if source is not None:
            against(source, plain.data_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
