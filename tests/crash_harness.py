"""Crash harness: SIGKILL a process at random moments while it saves or imports, then check
the diary (tests/test_crash.py runs it; ``python -m tests.crash_harness [ROUNDS]`` prints
the figures for the README).

Each round starts ``tests/crash_worker.py`` on the same data folder, waits a random time
and kills it with SIGKILL (no handler, no cleanup: a crash or a power-off of the process).
After every round, with a plain ``sqlite3`` connection (what the next start of the app
finds):

- ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` finds nothing;
- every acknowledged save is there, at least at its acknowledged version (an edit that was
  in flight may have landed too, nothing older may come back);
- a round adds at most one episode beyond those it acknowledged (the one in flight);
- an import is all or nothing: the file's episodes are all there or none is.

SIGKILL proves what a process crash can do; a power cut is covered by SQLite's
``synchronous=FULL`` (fsync at every commit), which no user-space test can prove.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

WORKER = Path(__file__).with_name("crash_worker.py")
IMPORT_ROWS = 4000
#: a round whose worker was not ready in this time fails the harness
READY_TIMEOUT = 60.0


@dataclass
class Figures:
    rounds: int = 0
    save_rounds: int = 0
    import_rounds: int = 0
    acknowledged_inserts: int = 0
    acknowledged_updates: int = 0
    lost: int = 0
    in_flight_committed: int = 0
    imports_killed_before_begin: int = 0
    imports_killed_in_transaction: int = 0
    imports_finished: int = 0
    imports_all: int = 0
    imports_none: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def acknowledged(self) -> int:
        return self.acknowledged_inserts + self.acknowledged_updates

    def line(self) -> str:
        return (
            f"{self.rounds} rounds ({self.save_rounds} saving, {self.import_rounds} importing "
            f"{IMPORT_ROWS} episodes) in {self.seconds:.0f} s: {self.acknowledged} "
            f"acknowledged saves checked ({self.acknowledged_inserts} new episodes, "
            f"{self.acknowledged_updates} edits), lost: {self.lost}; imports killed before "
            f"their transaction {self.imports_killed_before_begin}, inside it "
            f"{self.imports_killed_in_transaction}, after it {self.imports_finished}; "
            f"found complete {self.imports_all}, found empty {self.imports_none}, "
            f"partial: {self.import_rounds - self.imports_all - self.imports_none}"
        )


class _Reader(threading.Thread):
    """Collects the worker's complete output lines (a line cut by the kill is dropped)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        super().__init__(daemon=True)
        self.proc = proc
        self.lines: list[str] = []
        self.times: dict[str, float] = {}
        self.ready = threading.Event()
        self.begun = threading.Event()

    def run(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if not line.endswith("\n"):
                break
            line = line[:-1]
            self.lines.append(line)
            self.times.setdefault(line.split()[0], time.monotonic())
            if line == "ready":
                self.ready.set()
            elif line == "begin":
                self.begun.set()
        self.ready.set()
        self.begun.set()


def _kill_after(
    proc: subprocess.Popen[str], reader: _Reader, anchor: threading.Event, delay: float
) -> str:
    """SIGKILL ``proc`` ``delay`` seconds after ``anchor``; returns its stderr."""
    try:
        if not anchor.wait(READY_TIMEOUT):
            raise AssertionError("the worker never got going")
        time.sleep(delay)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=30)
        assert proc.stdout is not None and proc.stderr is not None
        err = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    return err


def _start(*args: str) -> tuple[subprocess.Popen[str], _Reader]:
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reader = _Reader(proc)
    reader.start()
    return proc, reader


def _check_database(db: Path, figures: Figures, where: str) -> dict[str, str]:
    """integrity and foreign keys; returns id -> notes."""
    con = sqlite3.connect(db)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            figures.problems.append(f"{where}: integrity_check says {integrity[:3]}")
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            figures.problems.append(f"{where}: foreign_key_check finds {broken[:3]}")
        return dict(con.execute("SELECT id, notes FROM episode").fetchall())
    finally:
        con.close()


def _version(notes: str) -> int:
    return int(notes.split(" v", 1)[1].split(" ", 1)[0])


def _save_round(
    data: Path, round_no: int, rng: random.Random, acked: dict[str, int], figures: Figures
) -> None:
    before = _check_database(data / "diary.sqlite3", figures, "before")
    proc, reader = _start("save", str(data), str(round_no), str(rng.randrange(2**31)))
    err = _kill_after(proc, reader, reader.ready, rng.uniform(0.02, 0.6))
    if proc.returncode != -signal.SIGKILL:
        figures.problems.append(f"round {round_no}: the worker stopped by itself: {err}")
    if "ready" not in reader.lines:
        figures.problems.append(f"round {round_no}: the worker failed before saving: {err}")
        return
    new = 0
    for line in reader.lines[1:]:
        kind, ep_id, *rest = line.split()
        if kind == "insert":
            acked[ep_id] = 0
            new += 1
            figures.acknowledged_inserts += 1
        else:
            acked[ep_id] = int(rest[0])
            figures.acknowledged_updates += 1
    stored = _check_database(data / "diary.sqlite3", figures, f"round {round_no}")
    for ep_id, version in acked.items():
        if ep_id not in stored or _version(stored[ep_id]) < version:
            figures.lost += 1
            figures.problems.append(f"round {round_no}: acknowledged {ep_id} v{version} lost")
    added = len(stored) - len(before)
    if added not in (new, new + 1):
        figures.problems.append(f"round {round_no}: {new} inserts acknowledged, {added} stored")
    figures.in_flight_committed += added - new


def write_import_file(path: Path, round_no: int) -> None:
    """IMPORT_ROWS episodes of the year 1960 + round_no (no duplicates between rounds)."""
    rows = ["started_at,ended_at,time_zone,side,intensity,triggers,medications,notes"]
    for i in range(IMPORT_ROWS):
        day, minute = divmod(i, 24 * 4)
        start = (
            f"{1960 + round_no}-{1 + day // 28:02d}-{1 + day % 28:02d}"
            f"T{minute // 4:02d}:{minute % 4 * 15:02d}"
        )
        rows.append(
            f"{start}:00+01:00,{start}:59+01:00,Europe/Berlin,{('left', 'right')[i % 2]},"
            f"{i % 11},neck_movement;stress,Ibuprofen 400 mg|nsaid|good,"
            f"import {round_no} row {i}"
        )
    path.write_text("\r\n".join(rows) + "\r\n", "utf-8")


def _import_round(
    data: Path,
    folder: Path,
    round_no: int,
    rng: random.Random,
    timing: dict[str, float],
    figures: Figures,
) -> None:
    csv_path = folder / f"import-{round_no}.csv"
    write_import_file(csv_path, round_no)
    marker = f"import {round_no} row "
    before = _check_database(data / "diary.sqlite3", figures, "before")
    proc, reader = _start("import", str(data), str(csv_path))
    # most rounds aim at the write transaction itself (from its BEGIN to a bit after the
    # end of the last one seen), the others at the whole import from the worker's start
    anchor = "begin" if rng.random() < 0.7 else "ready"
    delay = rng.uniform(0, 1.2 * timing[anchor])
    err = _kill_after(proc, reader, reader.begun if anchor == "begin" else reader.ready, delay)
    lines = reader.lines
    if proc.returncode not in (0, -signal.SIGKILL):
        figures.problems.append(f"round {round_no}: the import worker failed: {err}")
    if "ready" not in lines:
        figures.problems.append(f"round {round_no}: the import worker failed: {err}")
        return
    done = [line for line in lines if line.startswith("imported")]
    if done:
        figures.imports_finished += 1
        for name in ("begin", "ready"):
            timing[name] = reader.times["imported"] - reader.times[name]
    else:
        timing[anchor] *= 1.5  # the import takes longer than thought: aim later next time
        if "begin" in lines:
            figures.imports_killed_in_transaction += 1
        else:
            figures.imports_killed_before_begin += 1
    stored = _check_database(data / "diary.sqlite3", figures, f"round {round_no}")
    if any(k not in stored for k in before):
        figures.problems.append(f"round {round_no}: an import removed episodes")
    mine = sum(1 for notes in stored.values() if notes.startswith(marker))
    if mine == IMPORT_ROWS:
        figures.imports_all += 1
    elif mine == 0:
        figures.imports_none += 1
        if done:
            figures.problems.append(f"round {round_no}: an acknowledged import is missing")
    else:
        figures.problems.append(f"round {round_no}: {mine} of {IMPORT_ROWS} rows imported")


def run(rounds: int = 30, seed: int | None = None) -> Figures:
    """``rounds`` rounds on one diary, every third an import; returns the figures (the
    ``problems`` list says what went wrong, empty when nothing did)."""
    seed = random.randrange(2**32) if seed is None else seed
    rng = random.Random(seed)
    figures = Figures()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        data = base / "data"
        proc, reader = _start("save", str(data), "0", "0")  # create the diary
        _kill_after(proc, reader, reader.ready, 0.0)
        acked: dict[str, int] = {}
        # seconds from "begin"/"ready" to the end of the last finished import
        timing = {"begin": 0.1, "ready": 0.2}
        for round_no in range(1, rounds + 1):
            if round_no % 3 == 0:
                figures.import_rounds += 1
                _import_round(data, base, round_no, rng, timing, figures)
            else:
                figures.save_rounds += 1
                _save_round(data, round_no, rng, acked, figures)
            figures.rounds += 1
    figures.seconds = time.perf_counter() - started
    if figures.problems:
        figures.problems.insert(0, f"seed {seed}")
    return figures


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
    print(result.line())
    for problem in result.problems:
        print(problem)
