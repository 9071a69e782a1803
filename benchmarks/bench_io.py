"""Benchmark: CSV/JSON import and export of 10,000 and 50,000 synthetic episodes.

Run: ``python benchmarks/bench_io.py [N ...]``. Each size gets fresh diaries in a temp
dir; the import is the whole ``services.transfer.import_file`` (read, parse, validate,
duplicate check, one transaction). Target (DESIGN.md): the CSV import of 50,000 episodes
<= 1.5x a plain reference loader measured in the same run: the csv module and executemany
into the same tables and indexes, in one transaction, computing the same column values
but checking nothing (:func:`reference_load`). Both run in the process state the app gives
an import, from the command line or in the window (``app.process_state``: automatic
garbage collection off; see :func:`best`), so the ratio is like for like.
"""

from __future__ import annotations

import gc
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from headache_diary.app import process_state
from headache_diary.context import AppContext
from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode, Medication
from headache_diary.domain.timeutil import zone_for
from headache_diary.io.csv_format import episodes_to_csv
from headache_diary.paths import Paths
from headache_diary.services import transfer
from headache_diary.storage.db import Diary, open_diary


def import_file(diary: Diary, path: Path, zone: str) -> transfer.ImportResult:
    return transfer.import_file(AppContext(diary.paths, diary, zone), path)


def export_file(diary: Diary, path: Path) -> transfer.ExportResult:
    return transfer.export_file(AppContext(diary.paths, diary, ZONE), path)


ZONE = "Europe/Berlin"


def synthetic(n: int, seed: int = 1) -> list[Episode]:
    rnd = random.Random(seed)
    zone = zone_for(ZONE)
    start = datetime(2026, 1, 1, tzinfo=UTC) - timedelta(hours=3 * n)  # UTC arithmetic
    out = []
    for i in range(n):
        started = (start + timedelta(hours=3 * i, minutes=rnd.randrange(60))).astimezone(zone)
        start_utc = started.astimezone(UTC)
        ended = None
        if rnd.random() >= 0.02:
            ended = (start_utc + timedelta(minutes=rnd.randrange(20, 900))).astimezone(zone)
        meds = []
        if rnd.random() < 0.4:
            meds.append(
                Medication(
                    "Ibuprofen 400 mg",
                    "nsaid",
                    rnd.choice(vocab.RELIEF),
                    (start_utc + timedelta(minutes=30)).astimezone(zone),
                )
            )
        out.append(
            Episode(
                started_at=started,
                side=rnd.choice(vocab.SIDES),
                time_zone=ZONE,
                ended_at=ended,
                intensity=rnd.randrange(11),
                character=rnd.choice(vocab.CHARACTERS),
                triggers=vocab.ordered(rnd.sample(vocab.TRIGGERS, 2), vocab.TRIGGERS),
                trigger_note="after work at the desk" if i % 5 == 0 else "",
                neck_position=rnd.choice(vocab.NECK_POSITIONS),
                pain_origin=rnd.choice(vocab.LOCATIONS),
                pain_locations=vocab.ordered(rnd.sample(vocab.LOCATIONS, 2), vocab.LOCATIONS),
                symptoms=vocab.ordered(rnd.sample(vocab.SYMPTOMS, 2), vocab.SYMPTOMS),
                medications=meds,
                notes="slept badly, stiff neck" if i % 3 == 0 else "",
            )
        )
    return out


def reference_load(db_path: Path, csv_path: Path) -> int:
    """The plain loader the import is measured against: ``csv.DictReader`` rows turned into
    the same episode and child rows (derived columns included) and inserted with
    ``executemany`` in one transaction, without any validation, duplicate check or zone
    rule: times are taken with their offsets, the zone column as it is."""
    import csv
    import sqlite3
    import uuid

    from headache_diary.storage.models import (
        location_bits,
        recorded_flags,
        symptom_bits,
        trigger_flags,
    )

    def answer(cell: str) -> list[str] | None:
        # FORMAT.md: empty = not recorded (None), "none" = recorded, none at all ([])
        return None if not cell else [] if cell == "none" else cell.split(";")

    def rows(pk: int, codes: list[str] | None) -> list[tuple[int, str]]:
        # the stored form: "none" is the child row `none`, not recorded is no row
        return [] if codes is None else [(pk, c) for c in codes or ["none"]]

    con = sqlite3.connect(db_path, isolation_level=None)
    columns = [r[1] for r in con.execute("PRAGMA table_info(episode)")]
    episodes, trig, sym, loc, meds = [], [], [], [], []
    now = int(time.time())
    with open(csv_path, newline="", encoding="utf-8") as f:
        for pk, r in enumerate(csv.DictReader(f), start=1):
            start = datetime.fromisoformat(r["started_at"])
            end = datetime.fromisoformat(r["ended_at"]) if r["ended_at"] else None
            s_utc = int(start.timestamp())
            e_utc = int(end.timestamp()) if end else None
            day = start.date().isoformat()
            last = (end - timedelta(seconds=1)).date().isoformat() if end else None
            triggers = answer(r["triggers"])
            symptoms = answer(r["symptoms"])
            locations = [c for c in r["pain_locations"].split(";") if c]
            values = {
                "pk": pk,
                "id": str(uuid.uuid4()),
                "started_utc": s_utc,
                "ended_utc": e_utc,
                "time_zone": r["time_zone"],
                "start_local_date": day,
                "start_month": day[:7],
                "end_local_date": last,
                "duration_s": None if e_utc is None else e_utc - s_utc,
                "side": r["side"],
                "intensity": int(r["intensity"]) if r["intensity"] else None,
                "character": r["character"] or None,
                "neck_position": r["neck_position"] or None,
                "pain_origin": r["pain_origin"] or None,
                "trigger_note": r["trigger_note"],
                "notes": r["notes"],
                "created_utc": now,
                "updated_utc": now,
                "trigger_flags": trigger_flags(triggers),
                "symptom_bits": symptom_bits(symptoms),
                "recorded_flags": recorded_flags(triggers, symptoms),
                "location_bits": location_bits(locations),
            }
            episodes.append(tuple(values.get(c) for c in columns))
            trig += rows(pk, triggers)
            sym += rows(pk, symptoms)
            loc += [(pk, c) for c in locations]
            for i, m in enumerate(r["medications"].split(";") if r["medications"] else []):
                name, cls, relief, *taken = m.split("|")
                at = datetime.fromisoformat(taken[0]) if taken and taken[0] else None
                meds.append(
                    (
                        pk,
                        i,
                        name,
                        cls,
                        relief,
                        int(at.timestamp()) if at else None,
                        (at or start).date().isoformat(),
                    )
                )
    con.execute("BEGIN")
    marks = ", ".join("?" * len(columns))
    con.executemany(f"INSERT INTO episode ({', '.join(columns)}) VALUES ({marks})", episodes)
    for table, rows in (
        ("episode_trigger", trig),
        ("episode_symptom", sym),
        ("episode_location", loc),
    ):
        con.executemany(f"INSERT INTO {table} (episode_pk, code) VALUES (?, ?)", rows)
    con.executemany(
        "INSERT INTO medication (episode_pk, position, name, med_class, relief, taken_utc, "
        "taken_local_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
        meds,
    )
    con.execute("COMMIT")
    con.close()
    return len(episodes)


def best(label: str, runs: int, setup, fn) -> float:  # type: ignore[no-untyped-def]
    """Best (minimum) wall time of ``runs`` runs; ``setup()`` makes the argument of ``fn``
    outside the timing. Minimum, because other processes share this 2-core machine. Each
    run starts with the garbage of the ones before collected, and runs in the process state
    the app gives an import or export (``app.process_state``: automatic collection off),
    as a command or the window's worker does."""
    times = []
    for _ in range(runs):
        arg = setup()
        gc.collect()
        with process_state("import"):
            t0 = time.perf_counter()
            fn(arg)
            times.append(time.perf_counter() - t0)
    print(
        f"  {label:<12} best {min(times):6.3f} s   (runs: {', '.join(f'{t:.2f}' for t in times)})"
    )
    return min(times)


def run(n: int, runs: int) -> dict[str, float]:
    print(f"{n:,} episodes")
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        csv_in = root / "in.csv"
        csv_in.write_bytes(episodes_to_csv(synthetic(n)))
        print(f"  (CSV file {csv_in.stat().st_size / 1e6:.1f} MB)")
        diaries = []

        def fresh() -> Diary:
            d = open_diary(Paths(root / f"d{len(diaries)}"))
            diaries.append(d)
            return d

        def fresh_file() -> Path:
            d = fresh()
            d.close()
            return d.paths.database

        try:
            results["reference loader"] = best(
                "reference", runs, fresh_file, lambda db: reference_load(db, csv_in)
            )
            results["CSV import"] = best(
                "CSV import", runs, fresh, lambda d: import_file(d, csv_in, ZONE)
            )
            full = diaries[-1]
            results["CSV export"] = best(
                "CSV export", runs, lambda: full, lambda d: export_file(d, root / "out.csv")
            )
            results["JSON export"] = best(
                "JSON export", runs, lambda: full, lambda d: export_file(d, root / "out.json")
            )
            results["JSON import"] = best(
                "JSON import", runs, fresh, lambda d: import_file(d, root / "out.json", ZONE)
            )
            again = import_file(diaries[-1], csv_in, ZONE)
            assert again.added == 0 and again.skipped == n, again
            assert (root / "out.csv").read_bytes() == csv_in.read_bytes()
        finally:
            for d in diaries:
                d.close()
    return results


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [10_000, 50_000]
    for n in sizes:
        r = run(n, runs=3)
        ratio = r["CSV import"] / r["reference loader"]
        verdict = "met" if ratio <= 1.5 else "MISSED"
        print(f"  CSV import / reference loader: {ratio:.2f}x (target <= 1.5x: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
