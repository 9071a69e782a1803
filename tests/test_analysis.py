"""Summary, feature profile and overuse rules on small diaries with hand-computed answers."""

from __future__ import annotations

import json
import statistics
from datetime import date, datetime, timedelta

import pytest

from headache_diary.analysis.results import Period, round_half_up
from headache_diary.analysis.summary import summarize
from headache_diary.analysis.wording import format_text, headline_sentences, overuse_sentences
from headache_diary.app import main
from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode
from headache_diary.domain.timeutil import zone_for
from headache_diary.storage.db import Diary
from tests.support import MakeEpisode, add, med, nine_known_sides, snapshot, summary_json

TODAY = date(2026, 3, 31)


# -- empty diary, period defaults ---------------------------------------------------------


def test_empty_diary(diary: Diary) -> None:
    s = summary_json(diary, today=TODAY)
    assert s["format_version"] == 2
    assert s["period"] == {"from": "2026-03-31", "to": "2026-03-31", "days": 1}
    assert s["episodes"] == 0 and s["headache_days"] == 0
    assert s["side"] == {"left": 0, "right": 0, "both": 0, "unsure": 0}
    for key in (
        "unilateral_pct",
        "dominant_side",
        "dominant_side_pct",
        "movement_triggered_pct",
        "pressure_provoked_pct",
        "mechanically_provoked_pct",
        "duration_minutes",
        "intensity",
    ):
        assert s[key] is None, key
    assert s["side_shifts"] == 0
    assert s["headache_days_per_30"] is None  # a 1-day period: no rate per 30 days
    assert list(s["triggers"]) == [*vocab.TRIGGERS, "none", "not_recorded"]
    assert not any(s["triggers"].values())
    assert s["recorded"] == dict.fromkeys(
        (
            "triggers",
            "symptoms",
            "neck_position",
            "character",
            "pain_origin",
            "pain_locations",
            "intensity",
        ),
        0,
    )
    assert s["overuse_runs"] == [] and s["headache_15_days_months"] == []
    assert s["ongoing_episodes"] == [] and s["started_before_period"] == 0
    assert [g["group"] for g in s["profile"]] == [
        "cgh",
        "migraine",
        "tension_type",
        "side_locked_other",
    ]
    # FORMAT.md key order: the format-2 keys follow "monthly"
    keys = list(s)
    assert keys[: keys.index("monthly") + 1][-2:] == ["medication_days", "monthly"]
    assert keys[keys.index("monthly") + 1 : keys.index("profile") + 1] == [
        "recorded",
        "medication_overuse",
        "overuse_runs",
        "headache_15_days_months",
        "ongoing_episodes",
        "started_before_period",
        "profile",
    ]
    assert list(s["neck_positions"]) == [*vocab.NECK_POSITIONS, "not_recorded"]
    assert list(s["medication_days"]) == list(vocab.MEDICATION_CLASSES)
    assert s["medication_overuse"] == []
    assert s["monthly"] == [
        {
            "month": "2026-03",
            "episodes": 0,
            "headache_days": 0,
            "unilateral_pct": None,
            "movement_triggered_pct": None,
        }
    ]
    json.dumps(s)  # serialisable as is
    typed = snapshot(diary, today=TODAY).summary
    assert headline_sentences(typed)[0].startswith("0 episodes from 31 Mar 2026 to 31 Mar 2026")
    assert "not a diagnosis" in format_text(typed)


def test_empty_diary_with_to_only(diary: Diary) -> None:
    s = summary_json(diary, date_to=date(2026, 1, 5), today=TODAY)
    assert s["period"] == {"from": "2026-01-05", "to": "2026-01-05", "days": 1}


def test_period_defaults(diary: Diary, make_episode: MakeEpisode) -> None:
    add(diary, make_episode("2026-02-10 08:00"), make_episode("2026-03-20 08:00"))
    s = summary_json(diary, today=TODAY)
    assert s["period"] == {"from": "2026-02-10", "to": "2026-03-31", "days": 50}
    s = summary_json(diary, date_to=date(2026, 2, 28), today=TODAY)
    assert s["period"] == {"from": "2026-02-10", "to": "2026-02-28", "days": 19}
    assert s["episodes"] == 1
    s = summary_json(diary, date_from=date(2026, 3, 1), today=TODAY)
    assert s["period"] == {"from": "2026-03-01", "to": "2026-03-31", "days": 31}
    assert s["episodes"] == 1
    # 2 headache days in 50 days: 1.2 per 30 days
    assert summary_json(diary, today=TODAY)["headache_days_per_30"] == 1.2


def test_empty_range(diary: Diary, make_episode: MakeEpisode) -> None:
    add(diary, make_episode("2026-02-10 08:00", side="right", intensity=4))
    s = summary_json(diary, date(2026, 3, 1), date(2026, 3, 10), today=TODAY)
    assert s["period"]["days"] == 10
    assert s["episodes"] == 0 and s["headache_days"] == 0
    assert s["unilateral_pct"] is None and s["intensity"] is None
    assert [m["month"] for m in s["monthly"]] == ["2026-03"]


# -- headache days: midnight, DST, ongoing, zones -------------------------------------------


def test_midnight_crossing_counts_two_days(diary: Diary, make_episode: MakeEpisode) -> None:
    add(diary, make_episode("2026-03-01 23:00", hours=2))
    s = summary_json(diary, today=TODAY)
    assert s["episodes"] == 1
    assert s["headache_days"] == 2
    assert s["monthly"][0]["headache_days"] == 2


def test_episode_ending_at_midnight_is_one_day(diary: Diary, make_episode: MakeEpisode) -> None:
    add(diary, make_episode("2026-03-01 22:00", hours=2))  # ends 00:00 on the 2nd
    assert summary_json(diary, today=TODAY)["headache_days"] == 1


def test_overlapping_episodes_count_days_once(diary: Diary, make_episode: MakeEpisode) -> None:
    add(
        diary,
        make_episode("2026-03-01 08:00", hours=50),  # 1, 2, 3
        make_episode("2026-03-02 09:00", hours=1, side="right"),  # inside
        make_episode("2026-03-04 09:00", hours=1),  # adjacent day
        make_episode("2026-03-10 09:00", hours=1),
    )
    s = summary_json(diary, today=TODAY)
    assert s["headache_days"] == 5


def test_dst_spring_forward_berlin(diary: Diary, make_episode: MakeEpisode) -> None:
    # clocks go 02:00 -> 03:00 on 29 March 2026: 23:30 to 03:30 wall time is 3 real hours
    add(diary, make_episode("2026-03-28 23:30", hours=4))
    s = summary_json(diary, today=TODAY)
    assert s["duration_minutes"] == {"median": 180.0, "p25": 180.0, "p75": 180.0, "max": 180.0}
    assert s["headache_days"] == 2


def test_dst_fall_back_berlin(diary: Diary) -> None:
    zone = zone_for("Europe/Berlin")
    start = datetime(2026, 10, 25, 0, 30, tzinfo=zone)
    end = datetime(2026, 10, 25, 5, 30, tzinfo=zone)  # 6 real hours (02:00-03:00 twice)
    add(diary, Episode(started_at=start, ended_at=end, time_zone="Europe/Berlin", side="left"))
    s = summary_json(diary, today=date(2026, 10, 31))
    assert s["duration_minutes"]["max"] == 360.0
    assert s["headache_days"] == 1
    assert s["period"] == {"from": "2026-10-25", "to": "2026-10-31", "days": 7}


def test_local_date_is_the_episodes_own_zone(diary: Diary, make_episode: MakeEpisode) -> None:
    # 20:00 in New York on 1 March is 02:00 on 2 March in Berlin: it belongs to 1 March
    add(diary, make_episode("2026-03-01 20:00", hours=1, zone="America/New_York"))
    assert summary_json(diary, date(2026, 3, 2), date(2026, 3, 2), TODAY)["episodes"] == 0
    s = summary_json(diary, date(2026, 3, 1), date(2026, 3, 1), TODAY)
    assert s["episodes"] == 1 and s["headache_days"] == 1


def test_ongoing_episode_runs_until_today(diary: Diary, make_episode: MakeEpisode) -> None:
    add(
        diary,
        make_episode("2026-03-28 10:00", hours=None),
        make_episode("2026-03-01 10:00", hours=2),
    )
    s = summary_json(diary, today=TODAY)
    assert s["episodes"] == 2
    assert s["ongoing"] == 1
    assert s["headache_days"] == 1 + 4  # 1 March; 28, 29, 30, 31 March
    assert s["duration_minutes"]["max"] == 120.0  # the ongoing one is left out
    # a period ending before today counts the ongoing episode up to the period's end
    s = summary_json(diary, date(2026, 3, 28), date(2026, 3, 29), TODAY)
    assert s["headache_days"] == 2


def test_episode_before_period_counts_days_not_episode(
    diary: Diary, make_episode: MakeEpisode
) -> None:
    add(diary, make_episode("2026-02-27 20:00", hours=72))  # until 2 March 20:00
    s = summary_json(diary, date(2026, 3, 1), date(2026, 3, 31), TODAY)
    assert s["episodes"] == 0
    assert s["headache_days"] == 2
    assert s["monthly"][0]["headache_days"] == 2


# -- sides, triggers, rounding ---------------------------------------------------------------


def test_sides_unknown_side_and_dominance(diary: Diary, make_episode: MakeEpisode) -> None:
    add(
        diary,
        make_episode("2026-03-01 08:00", side="left"),
        make_episode("2026-03-02 08:00", side="left"),
        make_episode("2026-03-03 08:00", side="right"),
        make_episode("2026-03-04 08:00", side="both"),
        make_episode("2026-03-05 08:00", side="unsure"),
    )
    s = summary_json(diary, today=TODAY)
    assert s["side"] == {"left": 2, "right": 1, "both": 1, "unsure": 1}
    assert s["unilateral_pct"] == 75.0  # 3 of the 4 with a known side
    assert s["dominant_side"] == "left"
    assert s["dominant_side_pct"] == 66.7  # 2 of 3
    assert s["side_shifts"] == 1  # one-sided in time order: L L R


def test_side_shifts_in_time_order(diary: Diary, make_episode: MakeEpisode) -> None:
    # inserted out of order; in time: L L (both) R (unsure) L R -> unilateral L L R L R
    add(
        diary,
        make_episode("2026-03-06 08:00", side="right"),
        make_episode("2026-03-01 08:00", side="left"),
        make_episode("2026-03-03 08:00", side="both"),
        make_episode("2026-03-02 08:00", side="left"),
        make_episode("2026-03-04 08:00", side="right"),
        make_episode("2026-03-05 07:00", side="unsure"),
        make_episode("2026-03-05 08:00", side="left"),
    )
    s = summary_json(diary, today=TODAY)
    assert s["side_shifts"] == 3
    assert s["dominant_side"] == "left" and s["dominant_side_pct"] == 60.0
    assert summary_json(diary, date(2026, 3, 1), date(2026, 3, 2), TODAY)["side_shifts"] == 0


def test_tie_has_no_dominant_side(diary: Diary, make_episode: MakeEpisode) -> None:
    add(
        diary,
        make_episode("2026-03-01 08:00", side="left"),
        make_episode("2026-03-02 08:00", side="right"),
    )
    s = summary_json(diary, today=TODAY)
    assert s["dominant_side"] is None and s["dominant_side_pct"] is None
    assert s["unilateral_pct"] == 100.0


def test_triggers_and_rounding_half_up(diary: Diary, make_episode: MakeEpisode) -> None:
    # 16 episodes with triggers recorded ("none" for 9): 1 with neck movement and posture
    # (counted once), 6 with pressure only
    eps = [make_episode(f"2026-03-{d:02d} 08:00", side="left", triggers=[]) for d in range(1, 17)]
    eps[0].triggers = ["neck_movement", "sustained_posture", "stress"]
    for e in eps[1:7]:
        e.triggers = ["neck_pressure"]
    eps[7].neck_position = "looking_down"
    eps[8].neck_position = "looking_down"
    eps[9].neck_position = "turned_left"
    add(diary, *eps)
    s = summary_json(diary, today=TODAY)
    assert s["movement_triggered"] == 1
    assert s["movement_triggered_pct"] == 6.3  # 6.25 exactly: half up (round() says 6.2)
    assert s["pressure_provoked_pct"] == 37.5  # 6/16
    assert s["mechanically_provoked_pct"] == 43.8  # 7/16 = 43.75
    assert s["triggers"]["neck_movement"] == 1
    assert s["triggers"]["sustained_posture"] == 1
    assert s["triggers"]["neck_pressure"] == 6
    assert s["triggers"]["stress"] == 1
    assert s["triggers"]["alcohol"] == 0
    assert s["triggers"]["none"] == 9 and s["triggers"]["not_recorded"] == 0
    assert s["neck_positions"]["looking_down"] == 2
    assert s["neck_positions"]["turned_left"] == 1
    assert s["neck_positions"]["not_recorded"] == 13
    assert sum(s["neck_positions"].values()) == 16


def test_round_half_up() -> None:
    assert round_half_up(6.25) == 6.3
    assert round_half_up(0.05) == 0.1  # exact Fraction of the float 0.05 is just above
    from fractions import Fraction

    assert round_half_up(Fraction(1, 40) * 100) == 2.5
    assert round_half_up(Fraction(2, 3) * 100) == 66.7
    assert round_half_up(Fraction(1, 3) * 100) == 33.3
    assert round_half_up(Fraction(1, 16) * 100) == 6.3


def test_duration_quartiles_match_statistics(diary: Diary, make_episode: MakeEpisode) -> None:
    minutes = [30, 60, 90, 240, 600, 45]
    add(
        diary,
        *(make_episode(f"2026-03-{i + 1:02d} 08:00", hours=m / 60) for i, m in enumerate(minutes)),
        make_episode("2026-03-20 08:00", hours=None),
    )
    s = summary_json(diary, today=TODAY)
    p25, _p50, p75 = statistics.quantiles([float(m) for m in minutes], n=4, method="inclusive")
    assert s["duration_minutes"] == {
        "median": statistics.median(minutes),
        "p25": p25,
        "p75": p75,
        "max": 600.0,
    }
    # by hand: sorted 30 45 60 90 240 600; median (60+90)/2; p25 = 45 + 0.25*15; p75 = 90 + 0.75*150
    assert s["duration_minutes"]["median"] == 75.0
    assert s["duration_minutes"]["p25"] == 48.75
    assert s["duration_minutes"]["p75"] == 202.5


def test_intensity_mean_median(diary: Diary, make_episode: MakeEpisode) -> None:
    add(
        diary,
        make_episode("2026-03-01 08:00", intensity=1),
        make_episode("2026-03-02 08:00", intensity=2),
        make_episode("2026-03-03 08:00", intensity=2),
        make_episode("2026-03-04 08:00"),
    )
    s = summary_json(diary, today=TODAY)
    assert s["intensity"] == {"mean": 1.7, "median": 2.0}  # 5/3 = 1.67


# -- medication days and overuse ---------------------------------------------------------------


def test_medication_days_by_local_date(diary: Diary, make_episode: MakeEpisode) -> None:
    add(
        diary,
        # two doses on 1 March (one without a time: the episode's start date)
        make_episode(
            "2026-03-01 08:00", medications=[med("nsaid"), med("nsaid", "2026-03-01 20:00")]
        ),
        # taken the next day: counts on 3 March, not 2 March
        make_episode("2026-03-02 22:00", hours=4, medications=[med("nsaid", "2026-03-03 01:00")]),
        # New York episode, dose 21:00 local on 4 March (already 5 March in Berlin)
        make_episode(
            "2026-03-04 20:00",
            zone="America/New_York",
            medications=[med("triptan", "2026-03-04 21:00", "America/New_York")],
        ),
    )
    s = summary_json(diary, today=TODAY)
    assert s["medication_days"]["nsaid"] == 2
    assert s["medication_days"]["triptan"] == 1
    assert s["medication_days"]["opioid"] == 0
    only4 = summary_json(diary, date(2026, 3, 4), date(2026, 3, 4), TODAY)
    assert only4["medication_days"]["triptan"] == 1
    only3 = summary_json(diary, date(2026, 3, 3), date(2026, 3, 3), TODAY)
    assert only3["medication_days"]["nsaid"] == 1 and only3["episodes"] == 0


def _daily(make_episode: MakeEpisode, month: str, days: int, cls: str, hour: int = 8) -> list:
    return [
        make_episode(f"{month}-{d:02d} {hour:02d}:00", medications=[med(cls)])
        for d in range(1, days + 1)
    ]


def test_overuse_simple_analgesics_and_nsaids(diary: Diary, make_episode: MakeEpisode) -> None:
    add(
        diary,
        *_daily(make_episode, "2026-01", 14, "nsaid"),  # 14 days: below 15
        *_daily(make_episode, "2026-02", 8, "nsaid"),
        *[
            make_episode(f"2026-02-{d:02d} 09:00", medications=[med("simple_analgesic")])
            for d in range(10, 18)
        ],  # 8 + 8 distinct days of one class (ICHD-3: non-opioid analgesics): 16
    )
    s = summary_json(diary, date(2026, 1, 1), date(2026, 2, 28), TODAY)
    assert s["medication_overuse"] == [
        {
            "month": "2026-02",
            "criterion": "8.2.3",
            "classes": ["simple_analgesic", "nsaid"],
            "days": 16,
            "threshold": 15,
        }
    ]
    # criterion A is not medication overuse: a list of its own
    assert s["headache_15_days_months"] == ["2026-02"]
    assert s["medication_days"]["nsaid"] == 22


def test_overuse_runs_at_full_length(diary: Diary, make_episode: MakeEpisode) -> None:
    eps = []
    for month in ("2026-01", "2026-02", "2026-03"):
        eps += _daily(make_episode, month, 10, "triptan")
    eps += _daily(make_episode, "2025-11", 10, "triptan")  # then a gap in December
    add(diary, *eps)
    s = summary_json(diary, date(2025, 11, 1), date(2026, 3, 31), TODAY)
    months = [(f["month"], f["criterion"]) for f in s["medication_overuse"]]
    assert ("2025-11", "8.2.2") in months and ("2025-12", "8.2.2") not in months
    assert [(r["from"], r["to"], r["months"]) for r in s["overuse_runs"]] == [
        ("2025-11", "2025-11", 1),
        ("2026-01", "2026-03", 3),
    ]
    assert not any(r["more_than_3_months"] for r in s["overuse_runs"])
    typed = snapshot(diary, date(2025, 11, 1), date(2026, 3, 31), TODAY).summary
    text = " ".join(overuse_sentences(typed))
    assert "3 consecutive months, January 2026 to March 2026 (8.2.2)" in text
    assert "speaks of regular overuse for more than 3 months" in text
    # a shorter period still sees the run whole (FORMAT.md: full length)
    s = summary_json(diary, date(2026, 2, 1), date(2026, 3, 31), TODAY)
    assert [(r["from"], r["to"]) for r in s["overuse_runs"]] == [("2026-01", "2026-03")]


def test_headache_days_15_is_criterion_a(diary: Diary, make_episode: MakeEpisode) -> None:
    add(diary, make_episode("2026-03-01 00:00", hours=24 * 15))  # 1..15 March, ends 16th 00:00
    s = summary_json(diary, date(2026, 3, 1), date(2026, 3, 31), TODAY)
    assert s["medication_overuse"] == []
    assert s["headache_15_days_months"] == ["2026-03"]


# -- monthly series ------------------------------------------------------------------------------


def test_monthly_includes_empty_months(diary: Diary, make_episode: MakeEpisode) -> None:
    add(
        diary,
        make_episode("2026-01-31 23:30", hours=1, side="left", triggers=["neck_movement"]),
        make_episode("2026-03-02 08:00", side="both", triggers=[]),
        make_episode("2026-03-03 08:00", side="right"),  # triggers not recorded
    )
    s = summary_json(diary, date(2026, 1, 15), date(2026, 3, 31), TODAY)
    assert s["monthly"] == [
        {
            "month": "2026-01",
            "episodes": 1,
            "headache_days": 1,
            "unilateral_pct": 100.0,
            "movement_triggered_pct": 100.0,
        },
        {
            "month": "2026-02",
            "episodes": 0,
            "headache_days": 1,  # the January episode runs into 1 February
            "unilateral_pct": None,
            "movement_triggered_pct": None,
        },
        {
            "month": "2026-03",
            "episodes": 2,
            "headache_days": 2,
            "unilateral_pct": 50.0,
            "movement_triggered_pct": 0.0,
        },
    ]


# -- profile and sentences -----------------------------------------------------------------------


def test_headline_sentences_are_descriptive(diary: Diary, make_episode: MakeEpisode) -> None:
    add(diary, *nine_known_sides(make_episode))
    lines = headline_sentences(snapshot(diary, today=TODAY).summary)
    assert "7 of 9 episodes with a known side were one-sided, all on the left" in lines[1]
    assert "the side was unsure in 1" in lines[1]
    assert any(
        line.startswith("4 of 9 episodes with triggers recorded (44.4%) came on with neck movement")
        for line in lines
    )
    text = " ".join(lines).lower()
    for word in ("diagnos", "you have", "cervicogenic headache is", "migraine"):
        assert word not in text


def test_feature_profile_counts(diary: Diary, make_episode: MakeEpisode) -> None:
    add(diary, *nine_known_sides(make_episode))
    groups = snapshot(diary, today=TODAY).profile
    assert [g.id for g in groups] == ["cgh", "migraine", "tension_type", "side_locked_other"]
    f = {feat.id: feat for g in groups for feat in g.features}
    assert (f["side_locked"].count, f["side_locked"].denominator) == (7, 9)
    assert f["side_locked"].note == "0 side shifts"
    assert f["side_locked"].label == (
        "One-sided on the same side (left), of all episodes with a known side"
    )
    assert f["side_locked"].as_text() == "7 of 9 episodes with a known side"
    assert (f["movement_provoked"].count, f["movement_provoked"].denominator) == (4, 9)
    assert (f["starts_in_neck"].count, f["starts_in_neck"].denominator) == (2, 3)
    assert (f["nausea_or_vomiting"].count, f["nausea_or_vomiting"].denominator) == (1, 1)
    assert f["nausea_or_vomiting"].as_text() == "1 of 1 episode with symptoms recorded"
    assert f["photophobia_and_phonophobia"].count == 1
    assert (f["both_sides"].count, f["both_sides"].denominator) == (2, 9)
    assert (f["pressing"].count, f["pressing"].denominator) == (1, 1)
    assert (f["mild_moderate"].count, f["mild_moderate"].denominator) == (7, 7)
    assert (f["no_nausea_or_vomiting"].count, f["no_nausea_or_vomiting"].denominator) == (0, 1)
    assert (f["lasting_30m_7d"].count, f["lasting_30m_7d"].denominator) == (10, 10)
    assert f["cluster_like"].count == 0
    assert all(g.criterion and all(x.criterion for x in g.features) for g in groups)
    # citations follow docs/clinical.md ("Sources")
    assert f["movement_provoked"].criterion == "CHISG Ia1; Comment to ICHD-3 11.2.1"
    assert f["pressure_provoked"].criterion == "CHISG Ia2; Comment to ICHD-3 11.2.1"
    assert f["reduced_neck_motion"].criterion == "CHISG Ib (self-reported)"
    assert f["mild_moderate"].label == "Mild or moderate (1-6)"
    assert "this app's scale" in f["mild_moderate"].note
    for feat in f.values():
        assert "11.2.1 C" not in feat.criterion  # C3/C4 are clinical findings
    # a period holding part of the diary
    part = snapshot(diary, date(2026, 3, 10), date(2026, 3, 12), TODAY).profile
    assert part[0].features[0].denominator == 2


def test_summarize_with_session(diary: Diary, make_episode: MakeEpisode) -> None:
    add(diary, make_episode("2026-03-01 08:00"))
    with diary.session() as session:
        assert summarize(session, Period(date(2026, 3, 1), TODAY), TODAY).episodes == 1


# -- CLI -------------------------------------------------------------------------------------------


def test_cli_summary_json_and_text(
    paths, make_episode: MakeEpisode, capsys: pytest.CaptureFixture[str]
) -> None:
    from headache_diary.storage.db import open_diary

    d = open_diary(paths)
    add(d, *nine_known_sides(make_episode))
    d.close()
    # --data-dir before the command must reach the command (it once fell back to the
    # per-user diary)
    base = ["--data-dir", str(paths.data_dir), "summary"]
    assert main([*base, "--json", "--from", "2026-03-01", "--to", "2026-03-31"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["period"] == {"from": "2026-03-01", "to": "2026-03-31", "days": 31}
    assert out["episodes"] == 10
    assert out["side"] == {"left": 7, "right": 0, "both": 2, "unsure": 1}
    assert out["unilateral_pct"] == 77.8
    assert out["dominant_side"] == "left" and out["dominant_side_pct"] == 100.0
    assert out["headache_days"] == 10
    assert main([*base, "--from", "2026-03-01", "--to", "2026-03-31"]) == 0
    text = capsys.readouterr().out
    assert "Self-reported, not a diagnosis." in text
    assert "7 of 9 episodes with a known side were one-sided, all on the left;" in text
    assert main([*base, "--from", "2026-03-31", "--to", "2026-03-01"]) == 2
    assert "after" in capsys.readouterr().err


def test_dates_are_iso_in_json(diary: Diary, make_episode: MakeEpisode) -> None:
    add(diary, make_episode("2026-03-01 08:00"))
    s = summary_json(diary, today=TODAY)
    assert date.fromisoformat(s["period"]["from"]) + timedelta(days=s["period"]["days"] - 1) == (
        date.fromisoformat(s["period"]["to"])
    )


def test_database_failure_is_a_readable_error(diary: Diary, make_episode: MakeEpisode) -> None:
    from headache_diary.domain.errors import StorageError

    add(diary, make_episode("2026-03-01 08:00"))
    with diary.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE episode_trigger")
    with pytest.raises(StorageError, match="could not be read or written") as caught:
        summary_json(diary, today=TODAY)
    assert "SELECT" not in str(caught.value)  # no SQL (and so no values) in the message
