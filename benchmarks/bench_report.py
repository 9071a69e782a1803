"""Time the PDF summary: a year of daily episodes, and 50,000 episodes.

Usage: python benchmarks/bench_report.py [N]   (N: the large diary, default 50,000)

Builds two synthetic diaries in a temporary directory, then times
``services.report.write_report`` on each (the first call in the process also pays for importing
matplotlib, starting the offscreen QGuiApplication and loading the fonts; it is printed
separately as "cold"). Also times the whole command ``headache-diary report`` for the
year in a fresh process. Target (DESIGN.md): the PDF of a year (365+ episodes) <= 1 s;
50,000 episodes finish in bounded time (the episode table lists the latest 2,000).
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from headache_diary.domain import vocab  # noqa: E402
from headache_diary.domain.episode import Episode, Medication  # noqa: E402
from headache_diary.domain.timeutil import zone_for  # noqa: E402
from headache_diary.paths import Paths  # noqa: E402
from headache_diary.storage.db import Diary, open_diary  # noqa: E402
from headache_diary.storage.repository import insert_episodes  # noqa: E402

ZONE = "Europe/Berlin"


def episodes(n: int, days: int, end: date, seed: int = 5) -> Iterator[Episode]:
    rnd = random.Random(seed)
    start = datetime.combine(end - timedelta(days=days - 1), datetime.min.time())
    step = days * 86400 / n
    zone = zone_for(ZONE)
    for i in range(n):
        t = (start + timedelta(seconds=int(i * step + rnd.random() * step * 0.6))).replace(
            tzinfo=zone
        )
        meds = []
        if rnd.random() < 0.4:
            cls = rnd.choice(("nsaid", "simple_analgesic", "triptan"))
            meds.append(Medication(f"{cls} dose", cls, rnd.choice(vocab.RELIEF)))
        yield Episode(
            started_at=t,
            # elapsed time (UTC arithmetic): wall-clock arithmetic can end before the start
            # at a clock change
            ended_at=(
                t.astimezone(UTC) + timedelta(minutes=rnd.choice((30, 90, 150, 240, 600)))
            ).astimezone(zone),
            time_zone=ZONE,
            side=rnd.choices(vocab.SIDES, weights=(70, 12, 12, 6))[0],
            intensity=rnd.randint(2, 9),
            character=rnd.choice(vocab.CHARACTERS),
            triggers=rnd.sample(vocab.TRIGGERS[:6], rnd.randint(0, 3)),
            neck_position=rnd.choice(vocab.NECK_POSITIONS),
            pain_origin=rnd.choice(vocab.LOCATIONS),
            symptoms=rnd.sample(vocab.SYMPTOMS[:10], rnd.randint(0, 3)),
            medications=meds,
        )


def build(folder: Path, n: int, days: int, end: date) -> Diary:
    diary = open_diary(Paths(folder))
    with diary.session() as s:
        insert_episodes(s, episodes(n, days, end))
    return diary


def timed(diary: Diary, out: Path, end: date, runs: int) -> list[float]:
    from headache_diary.context import AppContext
    from headache_diary.services.report import write_report

    ctx = AppContext(diary.paths, diary, "Europe/Berlin")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        write_report(ctx, out, today=end, page_size="A4")
        times.append(time.perf_counter() - t0)
    return times


def pages(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def main() -> None:
    big = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    end = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        year = build(root / "year", 400, 365, end)  # a year of daily episodes, and then some
        large = build(root / "large", big, 3650, end)
        out = root / "out"
        out.mkdir()

        cold = timed(year, out / "year.pdf", end, 1)[0]
        warm = timed(year, out / "year.pdf", end, 5)
        print(f"year (400 episodes, {pages(out / 'year.pdf')} pages):")
        print(f"  cold (first in process, imports matplotlib, starts Qt): {cold:.3f} s")
        print(
            f"  warm: median {statistics.median(warm):.3f} s, best {min(warm):.3f} s  "
            f"(target <= 1 s)"
        )

        large_times = timed(large, out / "large.pdf", end, 2)
        print(f"{big:,} episodes ({pages(out / 'large.pdf')} pages, table capped at 2,000):")
        print(f"  median {statistics.median(large_times):.3f} s, best {min(large_times):.3f} s")
        print(f"  size {os.path.getsize(out / 'large.pdf') / 1e6:.1f} MB")
        year.close()
        large.close()

        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "headache_diary",
                "report",
                str(out / "cli.pdf"),
                "--data-dir",
                str(root / "year"),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(
            f"command 'headache-diary report' for the year, fresh process: "
            f"{time.perf_counter() - t0:.3f} s"
        )


if __name__ == "__main__":
    main()
