"""The processes the crash harness kills (tests/crash_harness.py). Not a test module.

``crash_worker.py`` imports the app once and then, for each line read from stdin, forks a
child that does one round and prints ``pid N``; after the next line, ``reap``, it waits for
the child and prints ``exit N CODE``. Forking saves each round the interpreter's start and
the app's imports; the child opens its own diary connections (none exist before the fork).
Rounds:

    save OUT DATA_DIR ROUND SEED   save episodes one by one until killed
    import OUT DATA_DIR CSV        import CSV (services.transfer.import_file)
    build OUT DATA_DIR N           a plain diary of N short episodes and a backup
    encrypt OUT DATA_DIR PASSFILE  ``encrypt`` (services.protection) under the window lock
    open OUT DATA_DIR PASSFILE     the next start: the passphrase, then open the diary

A child opens the diary as the app does (``app.open_context``), writes ``ready`` to the
file OUT and then one line per event, each written (one ``write`` call) before the next
step begins:

- ``insert <id>`` / ``update <id> <version>``: ``services.episodes.save_episode`` returned
  for that episode (the acknowledgement: from here on the episode must survive a crash);
- ``begin`` / ``commit``: the import's write transaction began / is about to commit
  (SQLAlchemy engine events), ``imported <added> <seconds>``: ``import_file`` returned.
- ``progress <done> <total>`` / ``encrypted``: files of ``encrypt`` done / it returned.
"""

from __future__ import annotations

import os
import random
import sys
import time
import traceback
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from headache_diary.app import open_context
from headache_diary.domain.episode import Episode, Medication
from headache_diary.services.episodes import save_episode

ZONE = "Europe/Berlin"


_out: list[int] = []


def say(line: str) -> None:
    os.write(_out[0], (line + "\n").encode())


def episode(round_no: int, n: int, rng: random.Random) -> Episode:
    """A varied episode of this round: notes from empty to several pages (overflow pages),
    child rows of every kind."""
    # elapsed time in UTC, shown in the zone (round 88 of a long run meets a clock change)
    utc = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(days=round_no, minutes=7 * n)
    zone = ZoneInfo(ZONE)
    return Episode(
        started_at=utc.astimezone(zone),
        ended_at=(utc + timedelta(minutes=30 + n % 90)).astimezone(zone),
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


#: in every episode's note of ``build``: the text that must not be on disk once encrypted
PLAIN_MARK = "crash-encrypt-note"


def build(data_dir: str, n: int) -> None:
    from headache_diary.services.diary import make_backup
    from headache_diary.storage import repository

    ctx = open_context(data_dir)
    zone = ZoneInfo(ZONE)
    first = datetime(2000, 1, 1, tzinfo=UTC)
    episodes = [
        Episode(
            started_at=(first + timedelta(hours=3 * i)).astimezone(zone),
            ended_at=(first + timedelta(hours=3 * i, minutes=40)).astimezone(zone),
            side=("left", "right")[i % 2],
            time_zone=ZONE,
            intensity=i % 11,
            triggers=["neck_movement"],
            medications=[Medication("Ibuprofen 400 mg", "nsaid", "good")] * (i % 2),
            notes=f"{PLAIN_MARK} {i}",
        )
        for i in range(n)
    ]
    with ctx.diary.session() as s:
        repository.insert_episodes(s, episodes)
    ctx.diary.close()
    make_backup(ctx.paths)
    say("built")


def _first_line(file: str) -> str:
    with open(file, encoding="utf-8") as f:
        return f.readline().rstrip("\n")


def encrypt(data_dir: str, pass_file: str) -> None:
    from headache_diary.paths import resolve
    from headache_diary.services.diary import lock_for_window
    from headache_diary.services.protection import encrypt as protect

    paths = resolve(data_dir)
    passphrase = _first_line(pass_file)
    with lock_for_window(paths):
        say("ready")
        protect(paths, passphrase, lambda done, total: say(f"progress {done} {total}"))
    say("encrypted")


def open_again(data_dir: str, pass_file: str) -> None:
    from headache_diary.paths import resolve
    from headache_diary.services.protection import needs_passphrase, unlock

    paths = resolve(data_dir)
    if needs_passphrase(paths):
        unlock(paths, _first_line(pass_file))
    from headache_diary.app import context_for

    context_for(paths).diary.close()
    say("opened")


def child(kind: str, out: str, args: list[str]) -> None:
    _out.append(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    if kind == "save":
        save_loop(args[0], int(args[1]), int(args[2]))
    elif kind == "build":
        build(args[0], int(args[1]))
    elif kind == "encrypt":
        encrypt(args[0], args[1])
    elif kind == "open":
        open_again(args[0], args[1])
    else:
        import_once(args[0], args[1])


def serve() -> None:
    import sqlalchemy.orm  # noqa: F401  (the imports the children would otherwise repeat)

    import headache_diary.services.protection  # noqa: F401
    import headache_diary.services.transfer  # noqa: F401

    for line in sys.stdin:
        kind, out, *args = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                child(kind, out, args)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                if _out:
                    say("end")  # ended by itself: the harness stops waiting for more
                os._exit(code)
        print(f"pid {pid}", flush=True)
        # reaped only when the harness says so: until then the pid stays the child's (a
        # zombie at worst), so the harness's SIGKILL can never hit another process
        assert sys.stdin.readline() == "reap\n"
        _, status = os.waitpid(pid, 0)
        print(f"exit {pid} {os.waitstatus_to_exitcode(status)}", flush=True)


if __name__ == "__main__":
    serve()
