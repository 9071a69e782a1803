"""``headache-diary summary --json`` as a whole command, on 50,000 episodes and on 10.

Usage: python benchmarks/bench_cli.py [N] [--runs 9]

Each run is a fresh process (``python -m headache_diary summary --json``), so interpreter
start-up, imports, opening the diary (its read-only checks) and printing all count. Target
(DESIGN.md): the command on N = 50,000 episodes takes <= 150 ms more than on a tiny diary
(10 episodes). Reported: the fastest run of each (the machine is shared) and the
difference.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fastest(data_dir: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "headache_diary",
                "summary",
                "--json",
                "--data-dir",
                str(data_dir),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("episodes", nargs="?", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_summary import build_diary

    with tempfile.TemporaryDirectory() as tmp:
        big, tiny = Path(tmp) / "big", Path(tmp) / "tiny"
        build_diary(big, args.episodes).close()
        build_diary(tiny, 10).close()
        for d in (big, tiny):  # the first open of the day makes the daily backup: not timed
            fastest(d, 1)
        t_big = fastest(big, args.runs)
        t_tiny = fastest(tiny, args.runs)
    extra = (t_big - t_tiny) * 1000
    print(f"summary --json, {args.episodes} episodes: {t_big * 1000:.0f} ms")
    print(f"summary --json, 10 episodes: {t_tiny * 1000:.0f} ms")
    verdict = "met" if extra <= 150 else "MISSED"
    print(f"difference: {extra:.0f} ms (target <= 150 ms: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
