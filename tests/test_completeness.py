"""``completeness`` and the check-ins' headache days (FORMAT.md), hand-computed, and the
calendar's kinds of day for a known month."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from headache_diary.analysis.calendar import day_mark
from headache_diary.analysis.completeness import completeness_sentence, fold_check_ins
from headache_diary.analysis.queries import month_calendars
from headache_diary.analysis.results import Period
from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.episode import Medication
from headache_diary.services import checkins, episodes
from headache_diary.services.calendar import month_calendar
from tests.support import snapshot, summary_json

TODAY = date(2026, 3, 12)


@pytest.fixture
def march(ctx, make_episode):
    """Ten days of March 2026, by hand:

    day  1: nothing                          -> no record
    day  2: episode 23:00 -> 3rd 02:00       -> headache (crosses midnight)
    day  3: same episode, and a headache-free check-in saved before it -> headache (the
            episode wins)
    day  4: nothing                          -> no record
    day  5: episode 10:00-12:00, intensity 7, ibuprofen -> headache
    day  6: check-in "headache", no episode  -> headache (from the check-in)
    day  7: check-in headache-free           -> headache-free
    day  8: check-in headache-free, then replaced by headache-free with stiffness 4
    day  9: episode 22:00 -> 10th 00:00 (ends at midnight: only the 9th), intensity 3
    day 10: nothing                          -> no record
    """
    save = checkins.save_check_in
    save(ctx, CheckIn(date(2026, 3, 3), True), TODAY)  # before the episode arrives
    episodes.save_episode(ctx, make_episode("2026-03-02 23:00", hours=3, intensity=5))
    episodes.save_episode(
        ctx,
        make_episode(
            "2026-03-05 10:00",
            hours=2,
            intensity=7,
            medications=[Medication("Ibuprofen 400 mg", "nsaid", "good")],
        ),
    )
    save(ctx, CheckIn(date(2026, 3, 6), False), TODAY)
    save(ctx, CheckIn(date(2026, 3, 7), True), TODAY)
    save(ctx, CheckIn(date(2026, 3, 8), True), TODAY)
    save(ctx, CheckIn(date(2026, 3, 8), True, 4), TODAY)
    episodes.save_episode(ctx, make_episode("2026-03-09 22:00", hours=2, intensity=3))
    return ctx


def test_completeness_by_hand(march):
    s = summary_json(march.diary, date(2026, 3, 1), date(2026, 3, 10), TODAY)
    # headache days: 2, 3, 5, 6, 9; headache-free: 7, 8; no record: 1, 4, 10
    assert s["headache_days"] == 5
    assert s["completeness"] == {"recorded_days": 7, "headache_free_days": 2, "unrecorded_days": 3}
    assert s["monthly"][0]["headache_days"] == 5
    assert s["headache_days_per_30"] is None  # 10 days: too few for a rate per 30 days


def test_days_after_today_are_neither_recorded_nor_unrecorded(march):
    s = summary_json(march.diary, date(2026, 3, 1), date(2026, 3, 31), TODAY)
    # 12 days up to today: 11 and 12 have no record either
    assert s["completeness"] == {"recorded_days": 7, "headache_free_days": 2, "unrecorded_days": 5}
    assert s["period"]["days"] == 31


def test_the_default_period_starts_at_the_earliest_check_in(march):
    checkins.save_check_in(march, CheckIn(date(2026, 2, 26), True), TODAY)
    s = summary_json(march.diary, None, date(2026, 3, 10), TODAY)
    assert s["period"]["from"] == "2026-02-26"
    assert s["completeness"]["headache_free_days"] == 3
    assert s["completeness"]["unrecorded_days"] == 5  # 27, 28 Feb and 1, 4, 10 Mar


def test_a_headache_check_in_counts_as_a_headache_day_in_an_otherwise_empty_diary(ctx):
    checkins.save_check_in(ctx, CheckIn(date(2026, 3, 6), False), TODAY)
    s = summary_json(ctx.diary, date(2026, 3, 6), date(2026, 3, 6), TODAY)
    assert (s["episodes"], s["headache_days"]) == (0, 1)
    assert s["completeness"] == {"recorded_days": 1, "headache_free_days": 0, "unrecorded_days": 0}


def test_completeness_in_words(march, ctx):
    c = snapshot(march.diary, date(2026, 3, 1), date(2026, 3, 10), TODAY).summary.completeness
    assert completeness_sentence(c) == (
        "Recorded 7 of 10 days up to today: headache on 5 days, confirmed headache-free on "
        "2 days; 3 days without any record, counted neither as headache days nor as "
        "headache-free."
    )


def test_an_empty_period_in_words() -> None:
    from headache_diary.analysis.results import Completeness

    one = Completeness(
        days=1,
        recorded_days=0,
        headache_free_days=0,
        unrecorded_days=1,
        check_ins=0,
        headache_check_ins=0,
    )
    assert completeness_sentence(one).startswith("Nothing was recorded on the one day up to")
    ten = Completeness(
        days=10,
        recorded_days=0,
        headache_free_days=0,
        unrecorded_days=10,
        check_ins=0,
        headache_check_ins=0,
    )
    assert completeness_sentence(ten).startswith("Nothing was recorded on any of the 10 days")


def test_without_check_ins_the_sentence_says_so(ctx, make_episode):
    episodes.save_episode(ctx, make_episode("2026-03-05 10:00"))
    c = snapshot(ctx.diary, date(2026, 3, 1), date(2026, 3, 10), TODAY).summary.completeness
    assert "(no daily check-ins in this period)" in completeness_sentence(c)
    assert (c.recorded_days, c.headache_free_days, c.unrecorded_days) == (1, 0, 9)


def test_the_calendar_shows_each_kind_of_day_for_a_known_month(march):
    cal = month_calendar(march, 2026, 3, TODAY)
    kinds = {d.day.day: d.kind for d in cal.days}
    assert [k for k, v in kinds.items() if v == "headache"] == [2, 3, 5, 6, 9]
    assert [k for k, v in kinds.items() if v == "headache_free"] == [7, 8]
    assert [k for k, v in kinds.items() if v == "unrecorded"] == [1, 4, 10, 11, 12]
    assert [k for k, v in kinds.items() if v == "future"] == list(range(13, 32))
    by_day = {d.day.day: d for d in cal.days}
    assert (by_day[3].peak_intensity, by_day[3].check_in) == (5, True)
    assert [day_mark(by_day[n]) for n in (2, 5, 6, 7, 9, 1)] == ["5", "7", "H", "✓", "3", ""]
    assert [n for n, d in by_day.items() if d.medication] == [5]
    assert (by_day[5].band, by_day[9].band, by_day[6].band) == ("severe", "mild", None)
    assert len(cal.weeks()) == 6 and cal.weeks()[0][:6] == [None] * 6  # 1 Mar 2026: a Sunday
    assert (cal.recorded_days, cal.count("unrecorded"), cal.medication_days) == (7, 5, 1)


def test_the_pdf_calendar_marks_days_outside_the_period(march):
    with march.diary.read_session() as s:
        (cal,) = month_calendars(s, date(2026, 3, 3), date(2026, 3, 8), TODAY)
    kinds = [d.kind for d in cal.days]
    assert kinds[:2] == ["outside", "outside"] and kinds[8:] == ["outside"] * 23
    assert kinds[2:8] == ["headache", "unrecorded", "headache", "headache", "headache_free"] + [
        "headache_free"
    ]


# --- the rules against a day-by-day count (hypothesis) ----------------------------------------

FIRST = date(2026, 3, 1)


def _islands(spans: list[tuple[int, int]], period: Period) -> list[tuple[date, date]]:
    """Merged runs of the episode days inside the period, as queries.headache_islands gives."""
    days = sorted(
        {
            d
            for a, n in spans
            for d in range(a, a + n + 1)
            if period.start.toordinal() <= d <= period.end.toordinal()
        }
    )
    runs: list[list[int]] = []
    for d in days:
        if runs and d == runs[-1][1] + 1:
            runs[-1][1] = d
        else:
            runs.append([d, d])
    return [(date.fromordinal(a), date.fromordinal(b)) for a, b in runs]


@settings(max_examples=200, deadline=None)
@given(
    spans=st.lists(st.tuples(st.integers(-5, 40), st.integers(0, 4)), max_size=8),
    checks=st.dictionaries(st.integers(0, 34), st.booleans(), max_size=20),
    length=st.integers(1, 35),
    today_at=st.integers(-3, 40),
)
def test_completeness_equals_a_day_by_day_count(spans, checks, length, today_at):
    period = Period(FIRST, FIRST + timedelta(days=length - 1))
    today = FIRST + timedelta(days=today_at)
    base = FIRST.toordinal()
    spans = [(base + a, n) for a, n in spans]
    check_ins = sorted(
        (FIRST + timedelta(days=k), free) for k, free in checks.items() if k < length
    )
    folded = fold_check_ins(_islands(spans, period), check_ins, period, today)

    episode_days = {d for a, n in spans for d in range(a, a + n + 1)}
    by_day = dict(check_ins)
    recorded = free = unrecorded = extra = 0
    day = period.start
    while day <= period.end:
        has_episode = day.toordinal() in episode_days
        check = by_day.get(day)
        headache = has_episode or check is False
        if check is False and not has_episode:
            extra += 1
        if day <= today:
            if headache:
                recorded += 1
            elif check is True:
                recorded += 1
                free += 1
            else:
                unrecorded += 1
        day += timedelta(days=1)
    c = folded.completeness
    assert (c.recorded_days, c.headache_free_days, c.unrecorded_days) == (
        recorded,
        free,
        unrecorded,
    )
    assert len(folded.extra_headache_days) == extra
    assert c.recorded_days + c.unrecorded_days == c.days


def test_the_calendar_finds_long_and_long_ongoing_episodes(ctx, make_episode):
    episodes.save_episode(ctx, make_episode("2026-02-26 20:00", hours=5 * 24, intensity=4))
    episodes.save_episode(ctx, make_episode("2025-12-20 08:00", hours=None, intensity=2))
    cal = month_calendar(ctx, 2026, 3, TODAY)
    by_day = {d.day.day: d for d in cal.days}
    assert [by_day[n].episodes for n in (1, 2, 3, 4)] == [2, 2, 2, 1]
    assert (by_day[3].peak_intensity, by_day[4].peak_intensity) == (4, 2)
    assert all(by_day[n].ongoing and by_day[n].kind == "headache" for n in range(1, 13))
    assert by_day[13].kind == "future" and not by_day[13].ongoing


def test_the_calendar_marks_every_medication_day_of_ichd3_8_2(march):
    """Medication days beyond the episodes' doses (issue 13): a dose outside an episode,
    and regular medication of an acute class up to today; preventive medication never."""
    from datetime import datetime

    from headache_diary.domain.medication import AcuteDose, PlanEntry
    from headache_diary.domain.timeutil import zone_for
    from headache_diary.services import medication

    taken = datetime(2026, 3, 7, 9, 0, tzinfo=zone_for(march.zone))
    medication.save_dose(march, AcuteDose(taken, march.zone, "", "nsaid"), taken)
    medication.save_plan_entry(march, PlanEntry("Naproxen", "nsaid", date(2026, 3, 10)), TODAY)
    medication.save_plan_entry(
        march, PlanEntry("Amitriptyline", "preventive", date(2026, 3, 1)), TODAY
    )
    cal = month_calendar(march, 2026, 3, TODAY)
    # 5: the episode's ibuprofen; 7: the dose; 10-12: the plan up to today (not the future)
    assert [d.day.day for d in cal.days if d.medication] == [5, 7, 10, 11, 12]
    assert cal.medication_days == 5
    s = summary_json(march.diary, date(2026, 3, 1), date(2026, 3, 31), TODAY)
    assert sum(s["medication_days"].values()) == 5  # the summary counts the same days
