"""Benchmark: the episode list with 50,000 episodes (DESIGN.md: opens and scrolls without
loading every row into Python objects).

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_episode_list.py [N]``.
Builds a diary of N synthetic episodes in a temp dir, then times: building the main
window (row count only), showing it with the first page, jumping to the bottom, and
200 random jumps through the list; prints how many pages were read from the database,
how many list rows that is out of N, and the resident memory.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from headache_diary.context import AppContext  # noqa: E402
from headache_diary.domain import vocab  # noqa: E402
from headache_diary.domain.episode import Episode  # noqa: E402
from headache_diary.domain.timeutil import zone_for  # noqa: E402
from headache_diary.paths import Paths  # noqa: E402
from headache_diary.storage import repository  # noqa: E402
from headache_diary.storage.db import open_diary  # noqa: E402
from headache_diary.ui.episode_model import PAGE_SIZE  # noqa: E402
from headache_diary.ui.main_window import MainWindow  # noqa: E402

ZONE = "Europe/Berlin"


def synthetic(n: int) -> list[Episode]:
    rnd = random.Random(7)
    zone = zone_for(ZONE)
    start = datetime(2026, 1, 1, tzinfo=zone) - timedelta(hours=3 * n)
    out = []
    for i in range(n):
        s = (start + timedelta(hours=3 * i)).astimezone(zone)
        out.append(
            Episode(
                started_at=s,
                ended_at=s + timedelta(minutes=rnd.randrange(20, 600)),
                time_zone=ZONE,
                side=rnd.choice(vocab.SIDES),
                intensity=rnd.randrange(11),
                triggers=rnd.sample(vocab.TRIGGERS, rnd.randrange(4)),
                neck_position=rnd.choice(vocab.NECK_POSITIONS),
            )
        )
    return out


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp) / "data")
        diary = open_diary(paths)
        with diary.session() as s:
            repository.insert_episodes(s, synthetic(n))
        ctx = AppContext(paths, diary, ZONE)
        print(f"{n} episodes; max RSS before the window: {rss_mib():.0f} MiB")

        t0 = time.perf_counter()
        window = MainWindow(ctx)
        t1 = time.perf_counter()
        window.resize(1100, 700)
        window.show()
        app.processEvents()
        t2 = time.perf_counter()
        print(f"build window (count only):   {(t1 - t0) * 1000:7.1f} ms")
        print(f"show with the first page:    {(t2 - t1) * 1000:7.1f} ms")

        table = window.episodes.table
        t0 = time.perf_counter()
        table.scrollToBottom()
        app.processEvents()
        print(f"jump to the bottom:          {(time.perf_counter() - t0) * 1000:7.1f} ms")

        rnd = random.Random(1)
        t0 = time.perf_counter()
        jumps = 200
        for _ in range(jumps):
            table.verticalScrollBar().setValue(rnd.randrange(table.verticalScrollBar().maximum()))
            app.processEvents()
        per = (time.perf_counter() - t0) * 1000 / jumps
        print(f"random jump (mean of {jumps}):   {per:7.1f} ms")

        t0 = time.perf_counter()
        window.refresh()
        app.processEvents()
        print(f"refresh after a change:      {(time.perf_counter() - t0) * 1000:7.1f} ms")

        fetched = window.episodes.model.pages_fetched
        print(
            f"pages read: {fetched} x {PAGE_SIZE} rows = {fetched * PAGE_SIZE} row reads "
            f"for {2 + jumps} screens of {n} episodes"
        )
        print(f"max RSS: {rss_mib():.0f} MiB")
        window.close()
        diary.close()


if __name__ == "__main__":
    main()
