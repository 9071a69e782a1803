"""Property tests: the SQL summary against a brute-force count over Episode values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode, Medication
from headache_diary.domain.timeutil import zone_for
from headache_diary.storage.db import Diary
from tests.support import refill, summary_json

BASE = datetime(2026, 1, 1, tzinfo=UTC)
TODAY = date(2026, 2, 20)
ZONES = ("Europe/Berlin", "America/New_York", "UTC", "+05:30", "Pacific/Auckland")
TRIGGERS = ("neck_movement", "sustained_posture", "neck_pressure", "stress")
CLASSES = ("nsaid", "triptan", "simple_analgesic")


@st.composite
def episodes(draw: st.DrawFn) -> Episode:
    zone = draw(st.sampled_from(ZONES))
    start = (BASE + timedelta(minutes=draw(st.integers(0, 40 * 24 * 60)))).astimezone(
        zone_for(zone)
    )
    minutes = draw(st.one_of(st.none(), st.integers(1, 4000), st.integers(1, 1500)))
    meds = [
        Medication(
            "x",
            draw(st.sampled_from(CLASSES)),
            "some",
            draw(
                st.one_of(
                    st.none(),
                    st.integers(0, 2000).map(lambda m, s=start: s + timedelta(minutes=m)),
                )
            ),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    return Episode(
        started_at=start,
        ended_at=None if minutes is None else start + timedelta(minutes=minutes),
        time_zone=zone,
        side=draw(st.sampled_from(vocab.SIDES)),
        intensity=draw(st.one_of(st.none(), st.integers(0, 10))),
        triggers=sorted(draw(st.sets(st.sampled_from(TRIGGERS)))),
        neck_position=draw(st.one_of(st.none(), st.sampled_from(vocab.NECK_POSITIONS))),
        medications=meds,
    )


dates = st.one_of(st.none(), st.dates(date(2025, 12, 25), date(2026, 2, 25)))


def local_start(ep: Episode) -> date:
    return ep.started_at.astimezone(zone_for(ep.time_zone)).date()


def local_end(ep: Episode) -> date:
    if ep.ended_at is None:
        return TODAY
    return (ep.ended_at - timedelta(seconds=1)).astimezone(zone_for(ep.time_zone)).date()


def brute(eps: list[Episode], d_from: date, d_to: date) -> dict:
    """The FORMAT.md definitions, counted the slow, obvious way."""
    inside = [e for e in eps if d_from <= local_start(e) <= d_to]
    days: set[date] = set()
    for e in eps:
        d = max(local_start(e), d_from)
        while d <= min(local_end(e), d_to):
            days.add(d)
            d += timedelta(days=1)
    uni = [
        e.side
        for e in sorted(inside, key=lambda e: (e.started_at.timestamp(), e.side))
        if e.side in ("left", "right")
    ]
    med_days: dict[str, set[date]] = {c: set() for c in CLASSES}
    for e in eps:
        zone = zone_for(e.time_zone)
        for m in e.medications:
            when = local_start(e) if m.taken_at is None else m.taken_at.astimezone(zone).date()
            if d_from <= when <= d_to:
                med_days[m.med_class].add(when)
    return {
        "episodes": len(inside),
        "headache_days": len(days),
        "side": {s: sum(e.side == s for e in inside) for s in vocab.SIDES},
        "side_shifts": sum(a != b for a, b in zip(uni, uni[1:], strict=False)),
        "movement": sum(
            bool({"neck_movement", "sustained_posture"} & set(e.triggers)) for e in inside
        ),
        "mechanical": sum(
            bool({"neck_movement", "sustained_posture", "neck_pressure"} & set(e.triggers))
            for e in inside
        ),
        "med_days": {c: len(v) for c, v in med_days.items()},
        "ongoing": sum(e.ended_at is None for e in inside),
    }


PCT_KEYS = (
    "unilateral_pct",
    "dominant_side_pct",
    "movement_triggered_pct",
    "pressure_provoked_pct",
    "mechanically_provoked_pct",
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(episodes(), max_size=25), dates, dates)
def test_summary_matches_brute_force(
    shared_diary: Diary, eps: list[Episode], d_from: date | None, d_to: date | None
) -> None:
    if d_from and d_to and d_from > d_to:
        d_from, d_to = d_to, d_from
    refill(shared_diary, eps)
    s = summary_json(shared_diary, d_from, d_to, TODAY)
    p_from = date.fromisoformat(s["period"]["from"])
    p_to = date.fromisoformat(s["period"]["to"])
    assert p_to == (d_to or TODAY)
    if d_from is None:
        first = min((local_start(e) for e in eps), default=p_to)
        assert p_from == min(first, p_to)
    # a --from after today (with no --to) leaves an empty period, never a negative one
    assert s["period"]["days"] == max(0, (p_to - p_from).days + 1)
    want = brute(eps, p_from, p_to)
    assert s["episodes"] == want["episodes"]
    assert s["headache_days"] == want["headache_days"]
    assert s["side"] == want["side"]
    assert s["side_shifts"] == want["side_shifts"]
    assert s["movement_triggered"] == want["movement"]
    assert s["mechanically_provoked"] == want["mechanical"]
    assert s["ongoing"] == want["ongoing"]
    assert {c: s["medication_days"][c] for c in CLASSES} == want["med_days"]
    # invariants
    assert sum(s["side"].values()) == s["episodes"]
    assert sum(m["episodes"] for m in s["monthly"]) == s["episodes"]
    assert sum(m["headache_days"] for m in s["monthly"]) == s["headache_days"]
    assert s["headache_days"] <= s["period"]["days"]
    assert sum(s["neck_positions"].values()) == s["episodes"]
    for key in PCT_KEYS:
        assert s[key] is None or 0 <= s[key] <= 100, key
    for m in s["monthly"]:
        for key in ("unilateral_pct", "movement_triggered_pct"):
            assert m[key] is None or 0 <= m[key] <= 100
    assert (s["dominant_side"] is None) == (s["dominant_side_pct"] is None)
    if s["dominant_side_pct"] is not None:
        assert s["dominant_side_pct"] > 50
    if s["duration_minutes"]:
        d = s["duration_minutes"]
        assert 0 < d["p25"] <= d["median"] <= d["p75"] <= d["max"]
    if s["intensity"]:
        assert 0 <= s["intensity"]["mean"] <= 10 and 0 <= s["intensity"]["median"] <= 10


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(episodes(), min_size=1, max_size=20), st.data())
def test_a_filtered_range_never_counts_more(
    shared_diary: Diary, eps: list[Episode], data: st.DataObject
) -> None:
    refill(shared_diary, eps)
    whole = summary_json(shared_diary, today=TODAY)
    w_from = date.fromisoformat(whole["period"]["from"])
    span = (TODAY - w_from).days
    a = w_from + timedelta(days=data.draw(st.integers(0, span)))
    b = a + timedelta(days=data.draw(st.integers(0, (TODAY - a).days)))
    part = summary_json(shared_diary, a, b, TODAY)
    assert part["episodes"] <= whole["episodes"]
    assert part["headache_days"] <= whole["headache_days"]
    for side in vocab.SIDES:
        assert part["side"][side] <= whole["side"][side]
    for code, n in part["triggers"].items():
        assert n <= whole["triggers"][code]
    for cls, n in part["medication_days"].items():
        assert n <= whole["medication_days"][cls]
