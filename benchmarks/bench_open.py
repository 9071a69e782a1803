"""Time the data-safety work at open, and backups and restore, on 50,000 episodes.

Usage: python benchmarks/bench_open.py [N]

Builds a diary of N (default 50,000) synthetic episodes (``bench_summary.build_diary``) in
a temporary directory, then times, each as median and best of several runs:

- the read-only checks ``open_diary`` makes before anything else: reading the schema
  version, ``PRAGMA quick_check`` and the schema check against ``schemas.json``
  (``storage.schema.schema_problem``), and opening an up-to-date diary as a whole;
- ``ensure_daily_backup`` when today's backup exists (the cost at every start);
- one backup (``backup_database``), listing 20 backups with their episode counts, and a
  restore (backup API into the live file, with the before-restore copy and the checks).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_summary import build_diary, timeit  # noqa: E402


def main() -> int:
    from headache_diary.storage import backup
    from headache_diary.storage.db import open_diary
    from headache_diary.storage.files import check_file, connect_read_only
    from headache_diary.storage.restore import restore_backup
    from headache_diary.storage.schema import expected_schemas, schema_problem

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        diary = build_diary(Path(tmp) / "data", n)
        paths = diary.paths
        diary.close()
        size = paths.database.stat().st_size
        print(f"{n} episodes, {size / 2**20:.1f} MiB")

        con = connect_read_only(paths.database)
        t0 = time.perf_counter()
        expected_schemas()  # schemas.json is read once per process
        print(
            f"reading schemas.json (once):            {(time.perf_counter() - t0) * 1000:7.2f} ms"
        )
        ms, best = timeit(lambda: schema_problem(con, "0002"), repeat=50)
        print(f"schema check (schema_problem):          {ms:7.2f} ms (best {best:.2f})")
        ms, best = timeit(lambda: con.execute("PRAGMA quick_check(1)").fetchall())
        print(f"PRAGMA quick_check:                     {ms:7.1f} ms (best {best:.1f})")
        con.close()
        ms, best = timeit(lambda: check_file(paths.database, integrity=False))
        print(f"check_file without quick_check:         {ms:7.2f} ms (best {best:.2f})")
        ms, best = timeit(lambda: check_file(paths.database))
        print(f"check_file (all read-only checks):      {ms:7.1f} ms (best {best:.1f})")
        ms, best = timeit(lambda: open_diary(paths, daily_backup=False).close())
        print(f"open_diary + close, up to date:         {ms:7.1f} ms (best {best:.1f})")

        backup.ensure_daily_backup(paths)
        ms, best = timeit(lambda: backup.ensure_daily_backup(paths), repeat=20)
        print(f"ensure_daily_backup, already done:      {ms:7.2f} ms (best {best:.2f})")

        made: list[Path] = []
        ms, best = timeit(lambda: made.append(backup.make_backup(paths)), repeat=5)
        print(f"backup_database ({n}):            {ms:7.1f} ms (best {best:.1f})")
        for p in made:
            p.unlink()
        start = datetime(2026, 1, 1, 9)
        for i in range(19):
            backup.backup_database(
                paths.database, paths.backups, kind="daily", now=start + timedelta(days=i)
            )
        ms, best = timeit(lambda: backup.list_backups(paths), repeat=5)
        count = len(backup.list_backups(paths))
        print(f"list_backups ({count} backups, counts):    {ms:7.1f} ms (best {best:.1f})")

        source = backup.list_backups(paths)[-1].path
        t0 = time.perf_counter()
        restore_backup(paths, source)
        restored = (time.perf_counter() - t0) * 1000
        print(f"restore_backup (keep + copy + checks):  {restored:7.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
