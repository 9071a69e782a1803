"""Before and after each history event (FORMAT.md history_effects), hand-computed.

The diary (Europe/Berlin, episodes of one hour at 10:00 unless said otherwise), today
30 Jun 2026, first record 1 Mar 2026:

    E1  1 Mar  intensity 4
    E2  5 Mar  intensity 8
    E3  9 Mar 22:00, 4 h (headache days 9 and 10 Mar), no intensity
    E4 11 Mar  intensity 9
    E5 12 Mar  intensity 2
    E6 20 Mar  intensity 3
    E7 15 Apr  intensity 5
    E8 20 Jun  intensity 7
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from headache_diary.analysis.history_effects import recorded_day_set, recorded_days
from headache_diary.analysis.history_wording import effect_notes, effect_sentences, history_text
from headache_diary.context import AppContext
from headache_diary.domain.history import HistoryEvent
from headache_diary.services import episodes, history
from headache_diary.services.analysis import analysis_snapshot

TODAY = date(2026, 6, 30)


def w(days, recorded, eps, hd, per_30, mean):
    return {
        "days": days,
        "recorded_days": recorded,
        "episodes": eps,
        "headache_days": hd,
        "per_30": per_30,
        "mean_peak_intensity": mean,
    }


@pytest.fixture
def diary_ctx(ctx: AppContext, make_episode) -> AppContext:
    for start, hours, intensity in (
        ("2026-03-01 10:00", 1, 4),
        ("2026-03-05 10:00", 1, 8),
        ("2026-03-09 22:00", 4, None),
        ("2026-03-11 10:00", 1, 9),
        ("2026-03-12 10:00", 1, 2),
        ("2026-03-20 10:00", 1, 3),
        ("2026-04-15 10:00", 1, 5),
        ("2026-06-20 10:00", 1, 7),
    ):
        episodes.save_episode(ctx, make_episode(start, hours=hours, intensity=intensity))
    return ctx


def add(ctx: AppContext, **fields) -> HistoryEvent:
    return history.save_event(ctx, HistoryEvent(**fields), today=TODAY)


def effects(ctx: AppContext, date_from=None, date_to=None) -> dict[str, dict]:
    snap = analysis_snapshot(ctx, date_from, date_to, TODAY)
    return {e["event"]: e for e in snap.to_json()["history_effects"]}


def test_nerve_block_near_the_start_of_the_diary(diary_ctx) -> None:
    block = add(diary_ctx, date=date(2026, 3, 11), kind="nerve_block", side="left")
    got = effects(diary_ctx)[block.id]
    assert (got["date"], got["kind"], got["approximate"]) == ("2026-03-11", "nerve_block", False)
    # before: 90 days clipped to the first record, 1-10 Mar; E1, E2, E3 (E4 is on the day)
    assert got["before"] == w(10, 4, 3, 4, None, 6.0)
    # after: 12 Mar - 9 Jun; E5, E6, E7; mean (2 + 3 + 5) / 3
    assert got["after"] == w(90, 3, 3, 3, 1.0, 3.3)
    assert got["after_1"] == w(1, 1, 1, 1, None, 2.0)
    assert got["after_7"] == w(7, 1, 1, 1, None, 2.0)  # fewer than 28 days: no rate
    assert got["after_30"] == w(30, 2, 2, 2, 2.0, 2.5)  # 12 Mar - 10 Apr: E5, E6


def test_event_near_the_end_of_the_diary(diary_ctx) -> None:
    physio = add(diary_ctx, date=date(2026, 6, 25), kind="physiotherapy")
    got = effects(diary_ctx)[physio.id]
    # before: 27 Mar - 24 Jun: E7, E8; 2 * 30 / 90 = 0.67
    assert got["before"] == w(90, 2, 2, 2, 0.7, 6.0)
    # after: clipped to today, 26-30 Jun
    assert got["after"] == w(5, 0, 0, 0, None, None)
    assert "after_1" not in got  # only a nerve block has its first days


def test_month_precision_is_placed_on_the_15th(diary_ctx) -> None:
    mri = add(diary_ctx, date=date(2026, 4, 3), kind="mri", date_precision="month")
    assert mri.date == date(2026, 4, 1)  # stored as the first of the month
    got = effects(diary_ctx)[mri.id]
    assert (got["date"], got["approximate"], got["date_precision"]) == ("2026-04-15", True, "month")
    # before: 1 Mar - 14 Apr (45 days): E1-E6; headache days 1, 5, 9, 10, 11, 12, 20 Mar;
    # 7 * 30 / 45 = 4.67; intensities 4, 8, 9, 2, 3 -> 5.2
    assert got["before"] == w(45, 7, 6, 7, 4.7, 5.2)
    # after: 16 Apr - 30 Jun (76 days): E8 only (E7 is on the 15th itself); 30 / 76 = 0.39
    assert got["after"] == w(76, 1, 1, 1, 0.4, 7.0)


def test_year_precision_has_no_windows(diary_ctx) -> None:
    injury = add(diary_ctx, date=date(2019, 8, 1), kind="neck_injury", date_precision="year")
    block = add(
        diary_ctx, date=date(2026, 1, 1), kind="nerve_block", date_precision="year", side="both"
    )
    got = effects(diary_ctx)
    assert got[injury.id] == {
        "event": injury.id,
        "date": "2019-01-01",
        "kind": "neck_injury",
        "approximate": True,
        "date_precision": "year",
        "title": "",
        "before": None,
        "after": None,
    }
    assert got[block.id]["after_30"] is None and got[block.id]["before"] is None


def test_two_events_a_week_apart(diary_ctx) -> None:
    block = add(diary_ctx, date=date(2026, 3, 11), kind="nerve_block")
    manual = add(diary_ctx, date=date(2026, 3, 18), kind="manual_therapy", title="Mobilisation")
    got = effects(diary_ctx)
    assert got[block.id]["before"] == w(10, 4, 3, 4, None, 6.0)  # unchanged by the other
    # before: 1-17 Mar (17 days): E1-E5; headache days 1, 5, 9, 10, 11, 12 Mar;
    # 17 days, too few for a rate; intensities 4, 8, 9, 2: 23 / 4 = 5.75, half up 5.8
    assert got[manual.id]["before"] == w(17, 6, 5, 6, None, 5.8)
    # after: 19 Mar - 16 Jun: E6, E7
    assert got[manual.id]["after"] == w(90, 2, 2, 2, 0.7, 4.0)
    snap = analysis_snapshot(diary_ctx, today=TODAY)
    by_id = {e.event.id: e for e in snap.history_effects}
    assert [o.id for o in by_id[manual.id].nearby] == [block.id]
    assert [o.id for o in by_id[block.id].nearby] == [manual.id]
    assert any("cannot tell them apart" in n for n in effect_notes(by_id[manual.id]))


def test_windows_are_clipped_to_the_period(diary_ctx) -> None:
    block = add(diary_ctx, date=date(2026, 3, 11), kind="nerve_block")
    got = effects(diary_ctx, date(2026, 3, 5), date(2026, 5, 31))[block.id]
    assert got["before"] == w(6, 3, 2, 3, None, 8.0)  # 5-10 Mar: E2, E3
    assert got["after"] == w(81, 3, 3, 3, 1.1, 3.3)  # 12 Mar - 31 May; 90 / 81 = 1.11
    # an event whose windows lie wholly outside the period: days 0, no rates
    old = add(diary_ctx, date=date(2025, 6, 1), kind="xray")
    got = effects(diary_ctx, date(2026, 3, 5), date(2026, 5, 31))[old.id]
    assert got["before"] == got["after"] == w(0, 0, 0, 0, None, None)


def test_headache_days_of_an_episode_running_into_the_window(ctx, make_episode) -> None:
    # starts on the event's day (so in neither window as an episode) and runs past
    # midnight: its second day is a headache day of the window after; an ongoing one
    # counts up to today
    episodes.save_episode(ctx, make_episode("2026-06-01 08:00", hours=1, intensity=3))
    episodes.save_episode(ctx, make_episode("2026-06-10 20:00", hours=6, intensity=6))
    episodes.save_episode(ctx, make_episode("2026-06-28 09:00", hours=None, intensity=5))
    ev = add(ctx, date=date(2026, 6, 10), kind="medication_change")
    got = effects(ctx)[ev.id]
    assert got["before"] == w(9, 1, 1, 1, None, 3.0)  # 1-9 Jun
    # after: 11-30 Jun (20 days): 11 Jun (the night), 28-30 Jun (ongoing); one episode
    assert got["after"] == w(20, 4, 1, 4, None, 5.0)


def test_unrecorded_days_are_counted_through_one_function(diary_ctx) -> None:
    # a day is recorded when it is a headache day (check-ins will add theirs)
    march = {date(2026, 3, d) for d in (1, 5, 9, 10)}
    assert recorded_days(date(2026, 3, 1), date(2026, 3, 10), march) == 4
    assert recorded_days(date(2026, 3, 2), date(2026, 3, 8), march) == 1
    assert recorded_days(date(2026, 3, 11), date(2026, 3, 10), march) == 0  # empty window
    with_check_ins = recorded_day_set(march, [date(2026, 3, 2), date(2026, 3, 5)])
    assert with_check_ins == march | {date(2026, 3, 2)}
    assert recorded_days(date(2026, 3, 1), date(2026, 3, 10), with_check_ins) == 5

    block = add(diary_ctx, date=date(2026, 3, 11), kind="nerve_block")
    snap = analysis_snapshot(diary_ctx, today=TODAY)
    (effect,) = [e for e in snap.history_effects if e.event.id == block.id]
    before = effect.window("before")
    assert before is not None and (before.days, before.unrecorded_days) == (10, 6)
    notes = " ".join(effect_notes(effect))
    assert "The window before is short: 10 of its 90 days" in notes
    assert (
        "Days without any entry are unknown, yet these figures count them as days without a "
        "headache: 6 of the 10 days before" in notes
    )


def test_wording_is_descriptive(diary_ctx) -> None:
    add(diary_ctx, date=date(2026, 3, 11), kind="nerve_block", structure="C2/3 facet", side="left")
    add(diary_ctx, date=date(2019, 1, 1), kind="neck_injury", date_precision="year")
    snap = analysis_snapshot(diary_ctx, today=TODAY)
    block = snap.history_effects[-1]
    first = effect_sentences(block)[0]
    assert first == (
        "11 Mar 2026, Nerve block (C2/3 facet, left side) — headache days: 4 in the 10 days "
        "before (of 90); 1.0 per 30 days in the 90 days after."
    )
    text = history_text(snap.history, snap.history_effects).lower()
    assert "dated to the year only" in text and "chapter 5" in text
    for verdict in ("worked", "effective", "success", "met ", "helped."):
        assert verdict not in text


def test_summary_json_carries_history_effects(diary_ctx, capsys) -> None:
    from headache_diary.app import main

    block = add(diary_ctx, date=date(2026, 3, 11), kind="nerve_block")
    args = ["summary", "--json", "--from", "2026-03-01", "--to", "2026-06-30"]
    expected = effects(diary_ctx, date(2026, 3, 1), date(2026, 6, 30))
    diary_ctx.diary.close()
    assert main([*args, "--data-dir", str(diary_ctx.paths.data_dir)]) == 0
    printed = json.loads(capsys.readouterr().out)["history_effects"]
    assert [e["event"] for e in printed] == [block.id]
    assert printed[0] == expected[block.id]
    assert main(["summary", "--data-dir", str(diary_ctx.paths.data_dir)]) == 0
    assert "Neck history" in capsys.readouterr().out


def test_no_history_no_effects(diary_ctx) -> None:
    snap = analysis_snapshot(diary_ctx, today=TODAY)
    assert snap.history == [] and snap.history_effects == []
    assert snap.to_json()["history_effects"] == []


def test_check_ins_count_as_recorded_days_and_headache_days(diary_ctx) -> None:
    from headache_diary.domain.checkin import CheckIn
    from headache_diary.services import checkins

    # 20 Feb, headache-free: now the first record, so the before window starts there
    checkins.save_check_in(diary_ctx, CheckIn(date(2026, 2, 20), True), today=TODAY)
    checkins.save_check_in(diary_ctx, CheckIn(date(2026, 3, 2), True), today=TODAY)
    # 14 Mar, a headache with no episode logged: a headache day after the block
    checkins.save_check_in(diary_ctx, CheckIn(date(2026, 3, 14), False), today=TODAY)
    block = add(diary_ctx, date=date(2026, 3, 11), kind="nerve_block", side="left")
    got = effects(diary_ctx)[block.id]
    # before: 20 Feb - 10 Mar (19 days); recorded 1, 5, 9, 10 Mar and the check-ins of
    # 20 Feb and 2 Mar; headache days 4 (19 days: too few for a rate per 30 days)
    assert got["before"] == w(19, 6, 3, 4, None, 6.0)
    # after: 12 Mar - 9 Jun; E5, E6, E7 and the check-in's headache day -> 4 / 90 * 30
    assert got["after"] == w(90, 4, 3, 4, 1.3, 3.3)
