"""The process the crash harness kills (tests/crash_harness.py). Not a test module.

    crash_worker.py save DATA_DIR ROUND SEED   save episodes one by one until killed
    crash_worker.py import DATA_DIR CSV        import CSV (services.transfer.import_file)

It opens the diary as the app does (``app.open_context``), prints ``ready`` and then one
line per event, each flushed before the next step begins:

- ``insert <id>`` / ``update <id> <version>``: ``services.episodes.save_episode`` returned
  for that episode (the acknowledgement: from here on the episode must survive a crash);
- ``begin`` / ``commit``: the import's write transaction began / is about to commit
  (SQLAlchemy engine events), ``imported <added> <seconds>``: ``import_file`` returned.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from headache_diary.app import open_context
from headache_diary.domain.episode import Episode, Medication
from headache_diary.services.episodes import save_episode

ZONE = "Europe/Berlin"


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def episode(round_no: int, n: int, rng: random.Random) -> Episode:
    """A varied episode of this round: notes from empty to several pages (overflow pages),
    child rows of every kind."""
    start = datetime(2020, 1, 1, tzinfo=ZoneInfo(ZONE)) + timedelta(days=round_no, minutes=7 * n)
    return Episode(
        started_at=start,
        ended_at=start + timedelta(minutes=30 + n % 90),
        side=("left", "right", "both", "unsure")[n % 4],
        time_zone=ZONE,
        intensity=n % 11,
        triggers=["neck_movement", "stress"][: n % 3],
        symptoms=["nausea"] if n % 2 else [],
        pain_locations=["neck", "occiput"][: n % 3],
        medications=[Medication("Ibuprofen 400 mg", "nsaid", "good")] * (n % 3),
        notes=f"round {round_no} save {n} v0 " + "x" * rng.choice((0, 10, 500, 5000, 20000)),
    )


def save_loop(data_dir: str, round_no: int, seed: int) -> None:
    rng = random.Random(seed)
    ctx = open_context(data_dir)
    say("ready")
    saved: list[Episode] = []
    for n in range(1_000_000):
        if saved and n % 4 == 3:  # now and then an edit of an acknowledged episode
            old = rng.choice(saved)
            version = int(old.notes.split(" v", 1)[1].split(" ", 1)[0]) + 1
            head = old.notes.split(" v", 1)[0]
            old.notes = f"{head} v{version} " + "y" * rng.choice((0, 300, 8000))
            old.intensity = version % 11
            save_episode(ctx, old)
            say(f"update {old.id} {version}")
        else:
            ep = save_episode(ctx, episode(round_no, n, rng))
            saved.append(ep)
            say(f"insert {ep.id}")


def import_once(data_dir: str, csv_path: str) -> None:
    from sqlalchemy import event

    from headache_diary.services.transfer import import_file

    ctx = open_context(data_dir)
    event.listen(ctx.diary.engine, "begin", lambda conn: say("begin"))
    event.listen(ctx.diary.engine, "commit", lambda conn: say("commit"))
    say("ready")
    started = time.perf_counter()
    result = import_file(ctx, csv_path)
    say(f"imported {result.added} {time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    if sys.argv[1] == "save":
        save_loop(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        import_once(sys.argv[2], sys.argv[3])
