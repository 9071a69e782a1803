"""Recorded is not absent (DESIGN.md): every share is of the episodes where that field was
recorded, "none" is an answer, an empty field is not; and an episode still marked ongoing is
always disclosed with its start date where it adds headache days."""

from __future__ import annotations

from datetime import date

from headache_diary.analysis.wording import (
    disclosure_sentences,
    format_text,
    headline_sentences,
    key_figures,
    profile_value,
)
from headache_diary.domain.episode import Episode
from headache_diary.storage.db import Diary
from tests.support import MakeEpisode, add, snapshot, summary_json

TODAY = date(2026, 3, 31)
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def three_answers(make_episode: MakeEpisode) -> list[Episode]:
    """Codes, "none" and not recorded for every field that has them."""
    day = iter(range(1, 32))

    def ep(**fields: object) -> Episode:
        return make_episode(f"2026-03-{next(day):02d} 08:00", **fields)

    return [
        # triggers: 2 with codes, 1 none, 1 not recorded
        ep(triggers=["neck_movement"], symptoms=["nausea", "shoulder_arm_pain"], intensity=0),
        ep(triggers=["sustained_posture", "stress"], symptoms=[], character="throbbing"),
        ep(triggers=[], character="pressing", neck_position="unknown", pain_origin="temple"),
        ep(side="both", pain_origin="occiput", pain_locations=["occiput", "temple"]),
    ]


def test_every_share_is_of_the_recorded(diary: Diary, make_episode: MakeEpisode) -> None:
    add(diary, *three_answers(make_episode))
    s = summary_json(diary, *MARCH, TODAY)
    assert s["recorded"] == {
        "triggers": 3,  # "none" is an answer
        "symptoms": 2,
        "neck_position": 1,  # "unknown" is a value
        "character": 2,
        "pain_origin": 2,
        "pain_locations": 1,
        "intensity": 1,  # 0 is a value
    }
    assert s["movement_triggered_pct"] == 66.7  # 2 of 3, not of 4
    assert s["pressure_provoked_pct"] == 0.0
    assert s["mechanically_provoked_pct"] == 66.7
    assert s["triggers"]["none"] == 1 and s["triggers"]["not_recorded"] == 1
    assert s["monthly"][0]["movement_triggered_pct"] == 66.7
    f = {
        feat["id"]: (feat["count"], feat["of"])
        for group in s["profile"]
        for feat in group["features"]
    }
    assert f["movement_provoked"] == (2, 3)
    assert f["pressure_provoked"] == (0, 3)
    assert f["nausea_or_vomiting"] == (1, 2)
    assert f["no_nausea_or_vomiting"] == (1, 2)  # the explicit "none" is no nausea
    assert f["shoulder_arm_pain"] == (1, 2)
    assert f["throbbing"] == (1, 2) and f["pressing"] == (1, 2)
    assert f["moderate_severe"] == (0, 1) and f["mild_moderate"] == (0, 1)  # 0 = no pain
    assert f["starts_in_neck"] == (1, 2)
    assert f["neck_to_front"] == (1, 1)
    assert f["side_locked"] == (3, 4) and f["both_sides"] == (1, 4)
    missing = {
        feat["id"]: feat["not_recorded"] for group in s["profile"] for feat in group["features"]
    }
    assert missing["nausea_or_vomiting"] == 2 and missing["movement_provoked"] == 1
    assert missing["lasting_4_72h"] is None  # of ended episodes: not about recording
    typed = {feat.id: feat for g in snapshot(diary, *MARCH, TODAY).profile for feat in g.features}
    assert profile_value(typed["nausea_or_vomiting"]) == (
        "1 of 2 episodes with symptoms recorded (50%); 2 not recorded"
    )

    summary = snapshot(diary, *MARCH, TODAY).summary
    figures = {k.id: k for k in key_figures(summary)}
    assert figures["movement_provoked"].value == "66.7%"
    assert figures["movement_provoked"].basis == (
        "2 of 3 episodes with triggers recorded; 1 not recorded"
    )
    assert figures["pressure_provoked"].value == "0%"
    line = next(x for x in headline_sentences(summary) if "triggers recorded" in x)
    assert line.startswith("2 of 3 episodes with triggers recorded (66.7%) came on")
    assert "no trigger noticed in 1; triggers not recorded in 1." in line
    assert "None noticed" in format_text(summary) and "Not recorded" in format_text(summary)


def test_nothing_recorded_is_not_no(diary: Diary, make_episode: MakeEpisode) -> None:
    """Issue 10: a diary with no symptoms entered showed 'No nausea: 101 of 101'."""
    add(diary, *(make_episode(f"2026-03-{d:02d} 08:00") for d in range(1, 11)))
    s = summary_json(diary, *MARCH, TODAY)
    assert s["recorded"]["symptoms"] == 0 and s["recorded"]["triggers"] == 0
    assert s["movement_triggered_pct"] is None and s["pressure_provoked_pct"] is None
    assert s["triggers"]["not_recorded"] == 10 and s["triggers"]["none"] == 0
    groups = snapshot(diary, *MARCH, TODAY).profile
    f = {feat.id: feat for g in groups for feat in g.features}
    assert (f["no_nausea_or_vomiting"].count, f["no_nausea_or_vomiting"].denominator) == (0, 0)
    assert f["no_nausea_or_vomiting"].as_text() == "no episodes with symptoms recorded"
    assert f["not_worse_with_activity"].denominator == 0
    summary = snapshot(diary, *MARCH, TODAY).summary
    assert "Triggers were not recorded for any of the 10 episodes." in headline_sentences(summary)
    figures = {k.id: k for k in key_figures(summary)}
    assert figures["movement_provoked"].value == "–"
    assert figures["movement_provoked"].basis.endswith("10 not recorded")


def test_ongoing_episode_from_before_the_period_is_disclosed(
    diary: Diary, make_episode: MakeEpisode
) -> None:
    """Issue 10: an episode left ongoing weeks before a period made every day of it a
    headache day, and nothing said where those days came from."""
    add(
        diary,
        make_episode("2026-01-10 09:00", hours=None, side="right"),  # forgotten "ongoing"
        make_episode("2026-02-27 20:00", hours=60),  # ended, ran into March
        make_episode("2026-03-25 09:00", hours=2),
    )
    today = date(2026, 3, 20)
    s = summary_json(diary, *MARCH, today)
    assert s["episodes"] == 1
    assert s["ongoing_episodes"] == [{"started": "2026-01-10", "headache_days": 20}]
    assert s["started_before_period"] == 2
    assert s["headache_days"] == 20 + 1  # 1..20 March (today), 25 March
    assert s["ongoing"] == 0  # none of the period's own episodes is ongoing
    summary = snapshot(diary, *MARCH, today).summary
    notes = disclosure_sentences(summary)
    assert notes[0] == (
        "An episode still marked ongoing since 10 Jan 2026 counts as a headache day on each "
        "of the 20 days from 1 Mar 2026 to 20 Mar 2026 (if it has in fact ended, these days "
        "are overcounted)."
    )
    assert notes[1] == (
        "1 other episode that began before 1 Mar 2026 was still in progress then; its days in "
        "this period count as headache days, the episode itself is not counted."
    )
    assert notes[0] in headline_sentences(summary)
    per30 = next(k for k in key_figures(summary) if k.id == "headache_days_per_30")
    assert "an episode still marked ongoing is in progress on 20 of them" in per30.basis
    # a period that ends before today counts it to the period's end
    s = summary_json(diary, date(2026, 2, 1), date(2026, 2, 10), today)
    assert s["ongoing_episodes"] == [{"started": "2026-01-10", "headache_days": 10}]
    # a period before it began does not list it
    assert (
        summary_json(diary, date(2025, 12, 1), date(2025, 12, 31), today)["ongoing_episodes"] == []
    )
