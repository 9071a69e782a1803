"""Crash harness: SIGKILL a process at random moments while it saves or imports, then check
the diary (tests/test_crash.py runs it; ``python -m tests.crash_harness [ROUNDS]`` prints
the figures in docs/data-safety.md).

Each round runs a process (forked by ``tests/crash_worker.py``, which imported the app
once) on the same data folder, waits a random time and kills it with SIGKILL (no handler,
no cleanup: what a crash or a killed process leaves).
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
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
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


class _Server:
    """``crash_worker.py``: forks one child per round (see its docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.stderr = (folder / "worker-stderr.txt").open("w+")
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            text=True,
        )
        self.count = 0

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)
        self.proc.stdout.close()
        self.stderr.close()

    def errors(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read()

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"the crash worker died: {self.errors()}")
        return line.rstrip("\n")

    def round(self, kind: str, args: list[str], anchor: str | None, delay: float) -> Round:
        """Run one child; SIGKILL it ``delay`` seconds after it wrote ``anchor`` (or after
        it started, for None) unless it ended by itself."""
        assert self.proc.stdin is not None
        self.count += 1
        out = self.folder / f"round-{self.count}.txt"
        self.proc.stdin.write("\t".join([kind, str(out), *args]) + "\n")
        self.proc.stdin.flush()
        pid = int(self._line().split()[1])
        started = time.monotonic()
        seen: dict[str, float] = {}
        if anchor is not None:
            while anchor not in seen:
                _seen(out, seen)
                if time.monotonic() - started > READY_TIMEOUT or "end" in seen:
                    break
                time.sleep(0.001)
        if kind == "import":  # watch for the end of the import meanwhile
            deadline = time.monotonic() + delay
            while time.monotonic() < deadline and "imported" not in seen:
                _seen(out, seen)
                time.sleep(0.001)
        else:
            time.sleep(delay)
        os.kill(pid, signal.SIGKILL)  # alive or a zombie: not reaped before "reap"
        self.proc.stdin.write("reap\n")
        self.proc.stdin.flush()
        code = int(self._line().split()[2])
        lines = _complete_lines(out)
        _seen(out, seen)
        return Round(lines=lines, times=seen, code=code)


@dataclass
class Round:
    lines: list[str]  # the complete lines the child wrote (one cut by the kill is dropped)
    times: dict[str, float]  # first word of a line -> when the harness saw it
    code: int  # the child's exit code: -9 when killed


def _complete_lines(out: Path) -> list[str]:
    try:
        text = out.read_text("utf-8")
    except FileNotFoundError:
        return []
    return text.split("\n")[:-1]


def _seen(out: Path, seen: dict[str, float]) -> None:
    now = time.monotonic()
    for line in _complete_lines(out):
        seen.setdefault(line.split(" ", 1)[0], now)


def _check_database(
    db: Path, figures: Figures, where: str, *, check: bool = True
) -> dict[str, str]:
    """integrity and foreign keys (with ``check``); returns id -> notes."""
    con = sqlite3.connect(db)
    try:
        if not check:
            return dict(con.execute("SELECT id, notes FROM episode").fetchall())
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
    server: _Server,
    data: Path,
    round_no: int,
    rng: random.Random,
    acked: dict[str, int],
    figures: Figures,
) -> None:
    before = _check_database(data / "diary.sqlite3", figures, "before", check=False)
    done = server.round(
        "save",
        [str(data), str(round_no), str(rng.randrange(2**31))],
        "ready",
        rng.uniform(0.02, 0.6),
    )
    if done.code != -signal.SIGKILL or "ready" not in done.lines:
        figures.problems.append(
            f"round {round_no}: the worker stopped by itself: {server.errors()}"
        )
        return
    new = 0
    for line in done.lines[1:]:
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
    """IMPORT_ROWS episodes, 15 minutes apart, in a 60-day stretch of its own from 1901 on
    (no duplicates between rounds, none in the future)."""
    rows = ["started_at,ended_at,time_zone,side,intensity,triggers,medications,notes"]
    first = datetime(1901, 1, 1) + timedelta(days=60 * round_no)
    for i in range(IMPORT_ROWS):
        start = first + timedelta(minutes=15 * i)
        rows.append(
            f"{start:%Y-%m-%dT%H:%M}:00+01:00,{start:%Y-%m-%dT%H:%M}:59+01:00,Europe/Berlin,"
            f"{('left', 'right')[i % 2]},{i % 11},neck_movement;stress,"
            f"Ibuprofen 400 mg|nsaid|good,import {round_no} row {i}"
        )
    path.write_text("\r\n".join(rows) + "\r\n", "utf-8")


def _import_round(
    server: _Server,
    data: Path,
    round_no: int,
    rng: random.Random,
    timing: dict[str, float],
    figures: Figures,
) -> None:
    csv_path = server.folder / f"import-{round_no}.csv"
    write_import_file(csv_path, round_no)
    marker = f"import {round_no} row "
    before = _check_database(data / "diary.sqlite3", figures, "before", check=False)
    # most rounds aim at the write transaction itself (from its BEGIN to a bit after the
    # end of the last one seen), the others at the whole import from the child's start
    anchor = "begin" if rng.random() < 0.7 else "ready"
    done = server.round(
        "import", [str(data), str(csv_path)], anchor, rng.uniform(0, 1.2 * timing[anchor])
    )
    lines = done.lines
    if done.code not in (0, -signal.SIGKILL) or "ready" not in lines:
        figures.problems.append(f"round {round_no}: the import worker failed: {server.errors()}")
        return
    finished = [line for line in lines if line.startswith("imported")]
    if finished:
        figures.imports_finished += 1
        for name in ("begin", "ready"):
            timing[name] = done.times["imported"] - done.times[name]
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
        if finished:
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
        server = _Server(base)
        try:
            server.round("save", [str(data), "0", "0"], "ready", 0.0)  # create the diary
            acked: dict[str, int] = {}
            # seconds from "begin"/"ready" to the end of the last finished import
            timing = {"begin": 0.1, "ready": 0.2}
            for round_no in range(1, rounds + 1):
                if round_no % 3 == 0:
                    figures.import_rounds += 1
                    _import_round(server, data, round_no, rng, timing, figures)
                else:
                    figures.save_rounds += 1
                    _save_round(server, data, round_no, rng, acked, figures)
                figures.rounds += 1
        finally:
            server.close()
    figures.seconds = time.perf_counter() - started
    if figures.problems:
        figures.problems.insert(0, f"seed {seed}")
    return figures


# --- kill -9 during `encrypt` (issue 25) ------------------------------------------------------

ENCRYPT_EPISODES = 50_000
PASSPHRASE = "crash harness passphrase"
#: in every note of the diary the encrypt rounds build (crash_worker.PLAIN_MARK)
PLAIN_MARK = b"crash-encrypt-note"


@dataclass
class EncryptFigures:
    rounds: int = 0
    episodes: int = ENCRYPT_EPISODES
    seconds_per_encrypt: float = 0.0
    found_plain: int = 0  # killed before the swap: the plain diary, whole
    found_encrypted: int = 0  # killed after it: the encrypted diary, whole
    finished: int = 0  # encrypt returned before the kill
    backups_plain_after_kill: int = (
        0  # rounds that left a plain backup, encrypted at the next start
    )
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.rounds} rounds of kill -9 during `encrypt` of {self.episodes} episodes "
            f"(one encrypt {self.seconds_per_encrypt:.1f} s) in {self.seconds:.0f} s: found "
            f"the plain diary whole {self.found_plain}, the encrypted diary whole "
            f"{self.found_encrypted} (encrypt finished {self.finished}); a plain backup left "
            f"by the kill {self.backups_plain_after_kill}, encrypted at the next start; "
            f"problems: {len(self.problems)}"
        )


def _check_encrypted_or_plain(data: Path, figures: EncryptFigures, where: str) -> str | None:
    """'plain' or 'encrypted' when the diary is whole (integrity, every episode), else
    None (the problem noted)."""
    db = data / "diary.sqlite3"
    head = db.read_bytes()[:16]
    if head == b"SQLite format 3\x00":
        con = sqlite3.connect(db)
        state = "plain"
    else:
        import sqlcipher3.dbapi2 as dbapi  # type: ignore[import-untyped]

        from headache_diary.domain.keys import derive_key

        con = dbapi.connect(str(db))
        con.execute("PRAGMA cipher_log_level = NONE")
        con.execute(f'PRAGMA key = "{derive_key(PASSPHRASE, head).sql()}"')
        state = "encrypted"
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchall()
        count = con.execute("SELECT count(*) FROM episode").fetchone()[0]
    except Exception as exc:  # noqa: BLE001 - reported as a problem
        figures.problems.append(f"{where}: the {state} diary cannot be read: {exc}")
        return None
    finally:
        con.close()
    if integrity != [("ok",)]:
        figures.problems.append(f"{where}: {state} diary: integrity_check says {integrity[:3]}")
        return None
    if count != figures.episodes:
        figures.problems.append(f"{where}: {state} diary has {count} of {figures.episodes}")
        return None
    return state


def run_encrypt(
    rounds: int = 8, seed: int | None = None, n: int = ENCRYPT_EPISODES
) -> EncryptFigures:
    """``rounds`` rounds: a copy of a plain diary of ``n`` episodes (and a backup) is
    encrypted by a process killed with SIGKILL at a random moment of it; then the diary
    must be whole, plain or encrypted, and after the next start (the passphrase, open) no
    file in the folder may hold the diary's text when the diary is encrypted."""
    import shutil

    seed = random.randrange(2**32) if seed is None else seed
    rng = random.Random(seed)
    figures = EncryptFigures(episodes=n)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        template = base / "template"
        pass_file = base / "pass.txt"
        pass_file.write_text(PASSPHRASE + "\n", "utf-8")
        server = _Server(base)
        try:
            built = server.round("build", [str(template), str(n)], "built", 0.0)
            if "built" not in built.lines:
                figures.problems.append(f"the diary was not built: {server.errors()}")
                return figures
            # one whole encrypt, to know how long one takes
            data = base / "calibrate"
            shutil.copytree(template, data)
            whole = server.round("encrypt", [str(data), str(pass_file)], "encrypted", 0.0)
            if "encrypted" not in whole.lines:
                figures.problems.append(f"encrypt failed: {server.errors()}")
                return figures
            took = whole.times["encrypted"] - whole.times["ready"]
            figures.seconds_per_encrypt = took
            for round_no in range(1, rounds + 1):
                data = base / f"round-{round_no}"
                shutil.copytree(template, data)
                done = server.round(
                    "encrypt", [str(data), str(pass_file)], "ready", rng.uniform(0, 1.1 * took)
                )
                figures.rounds += 1
                if "encrypted" in done.lines:
                    figures.finished += 1
                where = f"round {round_no}"
                state = _check_encrypted_or_plain(data, figures, where)
                if state == "plain":
                    figures.found_plain += 1
                elif state == "encrypted":
                    figures.found_encrypted += 1
                    backups = list((data / "backups").glob("diary-*.sqlite3"))
                    if any(b.read_bytes()[:16] == b"SQLite format 3\x00" for b in backups):
                        figures.backups_plain_after_kill += 1
                    again = server.round("open", [str(data), str(pass_file)], "opened", 0.0)
                    if "opened" not in again.lines:
                        figures.problems.append(f"{where}: not opened again: {server.errors()}")
                        continue
                    for f in sorted(data.rglob("*")):
                        if f.is_file() and PLAIN_MARK in f.read_bytes():
                            figures.problems.append(f"{where}: diary text in {f.name}")
                shutil.rmtree(data)
        finally:
            server.close()
    figures.seconds = time.perf_counter() - started
    if figures.problems:
        figures.problems.insert(0, f"seed {seed}")
    return figures


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "encrypt":
        found = run_encrypt(int(sys.argv[2]) if len(sys.argv) > 2 else 8)
        print(found.line())
        for problem in found.problems:
            print(problem)
        raise SystemExit(0)
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
    print(result.line())
    for problem in result.problems:
        print(problem)
