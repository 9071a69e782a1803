"""Time the summary (and the feature profile and charts) on 50,000 synthetic episodes.

Usage: python benchmarks/bench_summary.py [N]

Builds a diary of N (default 50,000) synthetic episodes in a temporary directory with
``storage.repository.insert_episodes``, then times ``summarize`` over the whole diary and
over the last 90 days (and over all but the first month: a period that holds nearly every
episode but is not "all"), the same on a tiny diary (10 episodes), and the feature profile
and chart building. Target (DESIGN.md): the summary of 50,000 episodes <= 150 ms above the
same command on a tiny diary, on a 2-core machine. Prints median and best of several runs.

Since summary format 2 (issue 10) the summary includes the feature profile, the relief by
class, ICHD-3 8.2 over whole calendar months and its runs (every medication day of the
diary), the ongoing episodes and the episodes from before the period: "summary" below is
all of that, as ``headache-diary summary --json`` computes it. The figures measured are in
docs/benchmarks.md.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode, Medication
from headache_diary.domain.timeutil import zone_for

ZONES = ("Europe/Berlin",) * 9 + ("America/New_York",)


def _after(t: datetime, minutes: int) -> datetime:
    """``minutes`` of elapsed time after ``t``, in its zone (aware datetimes of one zone
    add wall-clock time: across a clock change that can end before the start)."""
    return (t.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(t.tzinfo)


def synthetic_episodes(n: int, end: date | None = None, seed: int = 4) -> Iterator[Episode]:
    """``n`` plausible episodes ending before ``end`` (default today), about 5 a day when n is
    large, mostly left-sided and movement-triggered, with medications and symptoms."""
    if n <= 0:
        return
    rnd = random.Random(seed)
    end = end or date.today()
    span_days = max(30, min(3650, n // 5))
    start = datetime.combine(end - timedelta(days=span_days), datetime.min.time())
    step = span_days * 86400 / n
    for i in range(n):
        zone = rnd.choice(ZONES)
        t = start + timedelta(seconds=int(i * step + rnd.random() * step * 0.5))
        started = t.replace(tzinfo=zone_for(zone))
        ongoing = i == n - 1
        minutes = rnd.choice((20, 45, 90, 150, 240, 360, 600, 1440, 2000))
        side = rnd.choices(vocab.SIDES, weights=(70, 12, 12, 6))[0]
        triggers = [
            c
            for c, p in (
                ("neck_movement", 0.5),
                ("sustained_posture", 0.3),
                ("neck_pressure", 0.15),
                ("stress", 0.25),
                ("poor_sleep", 0.2),
                ("screen_work", 0.3),
            )
            if rnd.random() < p
        ]
        symptoms = [
            c
            for c, p in (
                ("neck_stiffness", 0.5),
                ("reduced_neck_motion", 0.3),
                ("shoulder_arm_pain", 0.2),
                ("nausea", 0.15),
                ("light_sensitivity", 0.2),
                ("sound_sensitivity", 0.1),
            )
            if rnd.random() < p
        ]
        meds = []
        if rnd.random() < 0.4:
            cls = rnd.choices(
                ("nsaid", "simple_analgesic", "triptan", "muscle_relaxant"), weights=(5, 3, 1, 1)
            )[0]
            taken = _after(started, rnd.randint(10, 90))
            meds.append(
                Medication(
                    f"{cls} dose",
                    cls,
                    rnd.choice(vocab.RELIEF),
                    taken if rnd.random() < 0.8 else None,
                )
            )
        if rnd.random() < 0.1:
            triggers = None  # not recorded
        if rnd.random() < 0.2:
            symptoms = None
        yield Episode(
            started_at=started,
            ended_at=None if ongoing else _after(started, minutes),
            time_zone=zone,
            side=side,
            intensity=rnd.randint(2, 9) if rnd.random() < 0.9 else None,
            character=rnd.choice((*vocab.CHARACTERS, None)),
            triggers=triggers,
            neck_position=rnd.choice((*vocab.NECK_POSITIONS, None, "looking_down")),
            pain_origin=rnd.choice(("neck", "occiput", "temple", None)),
            pain_locations=rnd.sample(vocab.LOCATIONS, 2),
            symptoms=symptoms,
            medications=meds,
        )


def demo_episodes(today: date | None = None, seed: int = 7) -> list[Episode]:
    """Five months of a plausible diary for screenshots and docs/benchmarks.md: mostly
    left-sided, often brought on by neck posture, NSAIDs on many days in one month, triggers
    and symptoms sometimes not recorded, the last episode still ongoing."""
    rnd = random.Random(seed)
    today = today or date.today()
    zone = "Europe/Berlin"
    out = []
    day = today - timedelta(days=150)
    while day < today:
        heavy = (today - day).days in range(35, 66)
        if rnd.random() < (0.75 if heavy else 0.3):
            start = datetime.combine(day, datetime.min.time()).replace(
                hour=rnd.choice((7, 9, 11, 14, 16, 18)), minute=rnd.choice((0, 15, 30, 45))
            )
            started = start.replace(tzinfo=zone_for(zone))
            side = rnd.choices(vocab.SIDES, weights=(80, 6, 8, 6))[0]
            triggers = [
                c
                for c, p in (
                    ("neck_movement", 0.45),
                    ("sustained_posture", 0.4),
                    ("neck_pressure", 0.2),
                    ("screen_work", 0.35),
                    ("poor_sleep", 0.2),
                    ("stress", 0.15),
                )
                if rnd.random() < p
            ]
            meds = []
            if rnd.random() < (0.9 if heavy else 0.4):
                cls = rnd.choices(("nsaid", "simple_analgesic", "triptan"), weights=(6, 3, 1))[0]
                meds.append(
                    Medication(
                        {
                            "nsaid": "Ibuprofen 400 mg",
                            "simple_analgesic": "Paracetamol 500 mg",
                            "triptan": "Sumatriptan 50 mg",
                        }[cls],
                        cls,
                        rnd.choice(("some", "good")),
                        _after(started, 40),
                    )
                )
            out.append(
                Episode(
                    started_at=started,
                    ended_at=started + timedelta(minutes=rnd.choice((60, 90, 150, 240, 360, 600))),
                    time_zone=zone,
                    side=side,
                    intensity=rnd.choice((3, 4, 5, 5, 6, 6, 7, 8)),
                    character=rnd.choice(("pressing", "dull", "dull", "throbbing", None)),
                    triggers=None if rnd.random() < 0.15 else triggers,
                    neck_position=rnd.choice(
                        ("looking_down", "looking_down", "forward_head", "turned_left", None)
                    ),
                    pain_origin=rnd.choice(("neck", "occiput", "occiput", "temple", None)),
                    pain_locations=["occiput", "temple"],
                    symptoms=None
                    if rnd.random() < 0.2
                    else [
                        c
                        for c, p in (
                            ("neck_stiffness", 0.6),
                            ("reduced_neck_motion", 0.4),
                            ("shoulder_arm_pain", 0.3),
                            ("nausea", 0.1),
                            ("light_sensitivity", 0.15),
                        )
                        if rnd.random() < p
                    ],
                    medications=meds,
                )
            )
        day += timedelta(days=1)
    if out:  # the patient has not entered the end of the latest episode yet
        out[-1].ended_at = None
    return out


def synthetic_medication(n: int, end: date | None = None, seed: int = 5) -> tuple[list, list]:
    """A medication plan (a preventive with dose changes, a stopped one, a daily NSAID for
    four months, a daily "other" for two years) and ``n // 25`` doses outside episodes
    (2,000 for 50,000 episodes) over the span of :func:`synthetic_episodes`."""
    from headache_diary.domain.medication import AcuteDose, PlanEntry

    rnd = random.Random(seed)
    end = end or date.today()
    span_days = max(30, min(3650, n // 5))
    first = end - timedelta(days=span_days)
    plan = [
        PlanEntry("Amitriptyline", "preventive", first, first + timedelta(days=199), "10 mg"),
        PlanEntry("Amitriptyline", "preventive", first + timedelta(days=200), None, "25 mg"),
        PlanEntry(
            "Topiramate", "preventive", first + timedelta(days=30), first + timedelta(days=120)
        ),
        PlanEntry("Naproxen", "nsaid", end - timedelta(days=400), end - timedelta(days=280)),
        # taken for headache (8.2.8): its 730 days count, as before migration 0007
        PlanEntry(
            "Magnesium", "other", end - timedelta(days=730), None, "400 mg", for_headache=True
        ),
    ]
    doses = []
    for _ in range(n // 25):
        t = datetime.combine(first, datetime.min.time()) + timedelta(
            seconds=rnd.randrange(span_days * 86400)
        )
        zone = rnd.choice(ZONES)
        cls = rnd.choice(("nsaid", "simple_analgesic", "triptan", "opioid"))
        doses.append(AcuteDose(t.replace(tzinfo=zone_for(zone)), zone, f"{cls} dose", cls, "some"))
    return plan, doses


def build_diary(  # noqa: ANN201
    directory: Path,
    n: int,
    end: date | None = None,
    demo: bool = False,
    sorted_ids: bool = False,
    check_ins: bool = True,
    medication: bool = True,
):
    """A Diary in ``directory`` holding ``n`` synthetic episodes (one transaction), or the
    demo diary of :func:`demo_episodes`; with ``check_ins``, a check-in on every day from
    the first episode to ``end`` as well (:func:`synthetic_check_ins`); with
    ``medication`` (not for the demo) also the plan and the doses outside episodes of
    :func:`synthetic_medication`.

    Episodes get random UUIDs as when typed in one by one; ``sorted_ids`` hands them out in
    time order instead, as the CSV importer does (then id order follows the table's order).
    """
    from headache_diary.paths import Paths
    from headache_diary.storage.daily import insert_check_ins
    from headache_diary.storage.db import open_diary
    from headache_diary.storage.repository import insert_episodes

    episodes = demo_episodes(end) if demo else list(synthetic_episodes(n, end))
    if sorted_ids:
        for ep, new in zip(episodes, sorted(str(uuid.uuid4()) for _ in episodes), strict=True):
            ep.id = new
    diary = open_diary(Paths(directory))
    with diary.session() as session:
        insert_episodes(session, episodes)
        if check_ins and episodes:
            first = episodes[0].started_at.date()
            insert_check_ins(
                session,
                demo_check_ins(episodes, end) if demo else synthetic_check_ins(first, end),
            )
        if medication and not demo:
            from headache_diary.storage.medication import insert_doses, insert_plan_entries

            plan, doses = synthetic_medication(n, end)
            insert_plan_entries(session, plan)
            insert_doses(session, doses)
    return diary


def demo_check_ins(episodes: list, end: date | None = None, seed: int = 3) -> list:  # noqa: ANN001
    """For the demo diary: a headache-free check-in on most days without an episode (some
    days are forgotten), a few with neck stiffness."""
    from headache_diary.domain.checkin import CheckIn

    rnd = random.Random(seed)
    end = end or date.today()
    busy = {ep.started_at.date() for ep in episodes}
    out = []
    day = episodes[0].started_at.date()
    while day < end:
        if day not in busy and rnd.random() < 0.8:
            out.append(CheckIn(day, True, rnd.choice((None, None, 1, 2, 3)), ""))
        day += timedelta(days=1)
    return out


def synthetic_check_ins(first: date, end: date | None = None) -> list:  # noqa: ANN001
    """A check-in on every day from ``first`` to ``end`` (default today): the most a
    diary can hold; every third one reports a headache, some with neck stiffness."""
    from headache_diary.domain.checkin import CheckIn

    end = end or date.today()
    out = []
    day = first
    while day <= end:
        n = day.toordinal()
        out.append(CheckIn(day, n % 3 != 0, n % 11 if n % 2 else None, ""))
        day += timedelta(days=1)
    return out


def _first_day(diary) -> date:  # noqa: ANN001
    from headache_diary.analysis.queries import first_start_date

    with diary.session() as session:
        return first_start_date(session) or date.today()


def timeit(fn: Callable[[], object], repeat: int = 7) -> tuple[float, float]:
    """(median, best) wall time in milliseconds, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times)


def main() -> int:
    from headache_diary.analysis.charts import build_charts
    from headache_diary.context import AppContext
    from headache_diary.services.analysis import analysis_snapshot

    def summarize_diary(diary, date_from=None, date_to=None):  # type: ignore[no-untyped-def]
        """What ``summary --json`` computes: the summary (format 2: profile included), no
        chart data."""
        ctx = AppContext(diary.paths, diary, "Europe/Berlin")
        return analysis_snapshot(ctx, date_from, date_to, with_charts=False)

    def with_chart_data(diary):  # type: ignore[no-untyped-def]
        ctx = AppContext(diary.paths, diary, "Europe/Berlin")
        return analysis_snapshot(ctx)

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    today = date.today()
    last90 = today - timedelta(days=89)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        big = build_diary(Path(tmp) / "big", n)
        print(f"built {n} episodes in {time.perf_counter() - t0:.2f} s")
        size = os.path.getsize(big.paths.database)
        print(f"database size {size / 2**20:.1f} MiB")
        imported = build_diary(Path(tmp) / "imported", n, sorted_ids=True)
        tiny = build_diary(Path(tmp) / "tiny", 10)
        diaries = (
            (f"{n} episodes, random ids", big),
            (f"{n} episodes, ids in time order", imported),
            ("10 episodes", tiny),
        )
        results: dict[str, tuple[float, float]] = {}
        for label, diary in diaries:
            results[f"summary, all, {label}"] = timeit(lambda d=diary: summarize_diary(d))
            results[f"summary, last 90 days, {label}"] = timeit(
                lambda d=diary: summarize_diary(d, last90, today)
            )
            if diary is not tiny:
                # a custom period holding nearly every episode (not "all": no shortcut)
                late = _first_day(diary) + timedelta(days=30)
                results[f"summary, all but the first month, {label}"] = timeit(
                    lambda d=diary, f=late: summarize_diary(d, f, today)
                )
            results[f"snapshot with chart data, all, {label}"] = timeit(
                lambda d=diary: with_chart_data(d), 5
            )
        s_big = analysis_snapshot(AppContext(big.paths, big, "Europe/Berlin"))
        results[f"build charts, all, {n} episodes"] = timeit(lambda: build_charts(s_big), 3)
        for label, (med, best) in results.items():
            print(f"{label:<68} median {med:7.1f} ms   best {best:7.1f} ms")
        tiny_all = results["summary, all, 10 episodes"][0]
        for label, _diary in diaries[:2]:
            big_all = results[f"summary, all, {label}"][0]
            print(
                f"summary of {label} minus tiny diary: {big_all - tiny_all:.0f} ms "
                "(target <= 150 ms)"
            )
        for d in (big, imported, tiny):
            d.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
