"""Daily check-ins and the quick log as services (Qt-free) on real SQLite diaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from headache_diary.domain.checkin import CheckIn, CheckInConflict, CheckInError
from headache_diary.domain.quick_log import QuickLogError, parse_time
from headache_diary.services import checkins, episodes, quick_log
from headache_diary.storage.daily import count_check_ins
from tests.support import summary_json

TODAY = date(2026, 3, 10)
NOW = datetime(2026, 3, 10, 13, 5, tzinfo=UTC)  # 14:05 in Berlin


def count(ctx) -> int:
    with ctx.diary.read_session() as s:
        return count_check_ins(s)


# --- check-in states, replacement, rules ------------------------------------------------------


def test_a_day_has_no_check_in_then_one_then_a_replacement(ctx):
    day = date(2026, 3, 9)
    assert checkins.get_check_in(ctx, day) is None
    assert not checkins.day_record(ctx, day, TODAY).recorded

    first = checkins.save_check_in(ctx, CheckIn(day, True, 3, "  stiff in the morning "), TODAY)
    assert first.replaced is None
    assert first.saved == CheckIn(day, True, 3, "stiff in the morning")
    assert first.text() == (
        "checked in for 9 Mar 2026: headache-free, neck stiffness 3/10, with a note"
    )

    second = checkins.save_check_in(ctx, CheckIn(day, False), TODAY)
    assert second.replaced == first.saved
    assert "replaces the earlier check-in: headache-free" in second.text()
    assert checkins.get_check_in(ctx, day) == CheckIn(day, False, None, "")
    assert count(ctx) == 1  # replaced, not added
    assert checkins.day_record(ctx, day, TODAY).recorded


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (CheckIn(date(2026, 3, 11), True), "11 Mar 2026 is in the future"),
        (CheckIn(TODAY, True, 11), "Neck stiffness 11 is not a whole number from 0 to 10"),
        (CheckIn(TODAY, True, -1), "Neck stiffness -1"),
        (CheckIn(TODAY, True, note="x" * 2001), "longer than 2,000 characters"),
    ],
)
def test_bad_check_ins_are_refused_and_nothing_is_saved(ctx, value, message):
    with pytest.raises(CheckInError, match=message) as err:
        checkins.save_check_in(ctx, value, TODAY)
    assert str(err.value).endswith("Nothing was saved.")
    assert count(ctx) == 0


def test_a_headache_free_check_in_on_a_day_with_an_episode_is_refused(ctx, make_episode):
    # an episode from the evening before that runs past midnight covers the 9th too
    episodes.save_episode(ctx, make_episode("2026-03-08 22:30", hours=3, side="right"))
    with pytest.raises(CheckInConflict) as err:
        checkins.save_check_in(ctx, CheckIn(date(2026, 3, 9), True), TODAY)
    text = str(err.value)
    assert text.startswith("9 Mar 2026 has 1 headache episode recorded (right-sided from")
    assert "cannot be checked in as headache-free" in text and text.endswith("Nothing was saved.")
    assert count(ctx) == 0
    # a check-in that reports the headache is fine, and so is the day after
    checkins.save_check_in(ctx, CheckIn(date(2026, 3, 9), False, 5), TODAY)
    checkins.save_check_in(ctx, CheckIn(date(2026, 3, 10), True), TODAY)
    assert count(ctx) == 2


def test_an_ongoing_episode_blocks_a_headache_free_check_in_up_to_today(ctx, make_episode):
    episodes.save_episode(ctx, make_episode("2026-03-07 08:00", hours=None))
    with pytest.raises(CheckInConflict):
        checkins.save_check_in(ctx, CheckIn(TODAY, True), TODAY)
    checkins.save_check_in(ctx, CheckIn(date(2026, 3, 6), True), TODAY)


def test_an_episode_that_arrives_later_wins_and_the_check_in_is_kept(ctx, make_episode):
    day = date(2026, 3, 9)
    checkins.save_check_in(ctx, CheckIn(day, True), TODAY)
    episodes.save_episode(ctx, make_episode("2026-03-09 15:00", hours=2))  # added afterwards
    record = checkins.day_record(ctx, day, TODAY)
    assert record.check_in == CheckIn(day, True) and len(record.episodes) == 1
    s = summary_json(ctx.diary, day, day, TODAY)
    assert s["headache_days"] == 1
    assert s["completeness"] == {"recorded_days": 1, "headache_free_days": 0, "unrecorded_days": 0}


def test_check_in_offer_is_for_yesterday_when_it_has_no_record(ctx, make_episode):
    assert checkins.check_in_offer(ctx, TODAY) is None  # an empty diary is not pestered
    episodes.save_episode(ctx, make_episode("2026-03-01 08:00"))
    assert checkins.check_in_offer(ctx, TODAY) == date(2026, 3, 9)
    checkins.save_check_in(ctx, CheckIn(date(2026, 3, 9), True), TODAY)
    assert checkins.check_in_offer(ctx, TODAY) is None
    assert checkins.check_in_offer(ctx, date(2026, 3, 12)) == date(2026, 3, 11)
    episodes.save_episode(ctx, make_episode("2026-03-10 23:00", hours=2))  # runs into the 11th
    assert checkins.check_in_offer(ctx, date(2026, 3, 12)) is None


# --- quick log ---------------------------------------------------------------------------------


def test_quick_log_start_then_end_makes_one_complete_episode(ctx):
    started = quick_log.start_episode(ctx, "left", now=NOW)
    assert started.ongoing and started.time_zone == ctx.zone
    assert started.started_at.hour == 14 and started.started_at.minute == 5
    assert [e.id for e in quick_log.ongoing_episodes(ctx)] == [started.id]
    ended = quick_log.end_episode(ctx, now=NOW + timedelta(hours=2, minutes=10))
    assert ended.id == started.id and ended.duration == timedelta(hours=2, minutes=10)
    assert quick_log.ongoing_episodes(ctx) == []
    stored = episodes.get_episode(ctx, started.id)
    assert stored is not None and stored.ended_at == ended.ended_at and stored.side == "left"


def test_quick_log_with_minutes_ends_now_unless_a_start_is_given(ctx):
    ep = quick_log.start_episode(ctx, "right", minutes=45, intensity=6, now=NOW)
    assert ep.ended_at == NOW and ep.duration == timedelta(minutes=45)
    at = parse_time("2026-03-09 08:00", ctx.zone, NOW)
    ep2 = quick_log.start_episode(ctx, "both", at=at, minutes=30, triggers=["stress"], now=NOW)
    assert ep2.started_at.isoformat() == "2026-03-09T08:00:00+01:00"
    assert ep2.triggers == ["stress"]
    with pytest.raises(QuickLogError, match="end at 14:30, which is still to come"):
        quick_log.start_episode(ctx, "left", at=NOW - timedelta(minutes=5), minutes=30, now=NOW)
    with pytest.raises(QuickLogError, match=r"end at Wed, 11 Mar 2026, 14:05, which is still"):
        quick_log.start_episode(ctx, "left", at=NOW - timedelta(hours=1), minutes=1500, now=NOW)


def test_quick_log_refuses_a_double_press_and_a_start_in_the_future(ctx):
    quick_log.start_episode(ctx, "left", now=NOW)
    with pytest.raises(QuickLogError, match="already ongoing; nothing was saved twice"):
        quick_log.start_episode(ctx, "left", now=NOW + timedelta(seconds=20))
    with pytest.raises(QuickLogError, match="Nothing was saved: the start cannot be in the future"):
        quick_log.start_episode(ctx, "right", at=NOW + timedelta(hours=1), now=NOW)
    with pytest.raises(QuickLogError, match="unknown side 'up'"):
        quick_log.start_episode(ctx, "up", now=NOW)
    assert len(quick_log.ongoing_episodes(ctx)) == 1


def test_end_with_none_or_several_ongoing_says_so(ctx):
    with pytest.raises(QuickLogError, match="No episode is ongoing"):
        quick_log.end_episode(ctx, now=NOW)
    quick_log.start_episode(ctx, "left", at=NOW - timedelta(hours=3), now=NOW)
    quick_log.start_episode(ctx, "right", now=NOW)
    with pytest.raises(QuickLogError) as err:
        quick_log.end_episode(ctx, now=NOW + timedelta(hours=1))
    assert str(err.value) == (
        "2 episodes are ongoing (left-sided since 11:05, right-sided since 14:05); end the "
        "right one in the window. Nothing was changed."
    )
    assert len(quick_log.ongoing_episodes(ctx)) == 2
    with pytest.raises(QuickLogError, match="The end must be after the start"):
        quick_log.end_episode(
            ctx, quick_log.ongoing_episodes(ctx)[1].id, at=NOW - timedelta(hours=1), now=NOW
        )


def test_forgotten_ongoing_episodes_are_those_over_24_hours(ctx):
    old = quick_log.start_episode(ctx, "left", at=NOW - timedelta(hours=25), now=NOW)
    quick_log.start_episode(ctx, "right", at=NOW - timedelta(hours=23), now=NOW)
    assert [e.id for e in quick_log.forgotten_ongoing(ctx, NOW)] == [old.id]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:05", "2026-03-10T14:05:00+01:00"),
        ("2026-03-09 08:00", "2026-03-09T08:00:00+01:00"),
        ("2026-03-09T08:00:30", "2026-03-09T08:00:30+01:00"),
        ("2026-03-09T08:00+02:00", "2026-03-09T07:00:00+01:00"),
        ("2026-03-09T07:00Z", "2026-03-09T08:00:00+01:00"),
    ],
)
def test_log_times(text, expected):
    assert parse_time(text, "Europe/Berlin", NOW).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-03-29 02:30", "02:30 on 29 Mar 2026 does not exist in Europe/Berlin"),
        ("2026-10-25 02:30", "happened twice in Europe/Berlin"),
        ("25:00", "not a real time"),
        ("yesterday", "is not a time"),
        ("2026-02-30 08:00", "not a real date"),
    ],
)
def test_bad_log_times(text, message):
    with pytest.raises(QuickLogError, match=message):
        parse_time(text, "Europe/Berlin", NOW)


@settings(max_examples=150, deadline=None)
@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)))
def test_any_log_time_means_that_wall_time_or_is_refused(wall):
    from headache_diary.domain.timeutil import is_repeated, localize, zone_for

    wall = wall.replace(second=0, microsecond=0)
    text = f"{wall:%Y-%m-%d %H:%M}"
    try:
        expected = localize(wall, "Europe/Berlin")
    except ValueError:  # a gap or a repeated hour: a clear refusal
        word = "happened twice" if is_repeated(wall, "Europe/Berlin") else "does not exist"
        with pytest.raises(QuickLogError, match=word):
            parse_time(text, "Europe/Berlin", NOW)
        return
    got = parse_time(text, "Europe/Berlin", NOW)
    assert (
        got == expected and got.astimezone(zone_for("Europe/Berlin")).replace(tzinfo=None) == wall
    )
