"""The neck workup in the summary (FORMAT.md ``block_response``, ``scores``,
``neck_stiffness``), every figure computed by hand here, and the sentences that word it:
each written only when it holds."""

from __future__ import annotations

from datetime import date

import pytest

from headache_diary.analysis.results import Period
from headache_diary.analysis.workup import block_response, latest_scores, neck_stiffness
from headache_diary.analysis.workup_wording import (
    latest_sentences,
    response_facts,
    stiffness_month_texts,
    stiffness_sentence,
    workup_text,
)
from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.workup import BlockRating, NerveBlock, Score
from headache_diary.services import checkins, history, scores, transfer
from tests.support import ctx_of, snapshot, summary_json

TODAY = date(2026, 4, 30)


def ratings(*pairs: tuple[int, int]) -> tuple[BlockRating, ...]:
    return tuple(BlockRating(m, p) for m, p in pairs)


#: pain 6 before; 15 min 3 (50 %), 30 min 1 (83.3 %), 60 min 0, 2 h 0 (100 %), 4 h 1
#: (83.3 %), 6 h 4 (33.3 %), 8 h 1 (83.3 %: a second run, after a break)
BLOCK = NerveBlock(
    purpose="diagnostic",
    target="third occipital nerve",
    control="comparative",
    pain_before=6,
    ratings=ratings((15, 3), (30, 1), (60, 0), (120, 0), (240, 1), (360, 4), (480, 1)),
    relief_hours=4.5,
)


def test_block_response_by_hand() -> None:
    r = block_response(BLOCK)
    assert r.to_json() == {
        "pain_before": 6,
        "lowest_pain": 0,
        "lowest_after_minutes": 60,  # the first rating at the lowest pain
        "max_relief_pct": 100.0,
        "complete_relief": True,
        "at_least_80_pct_from": 30,
        "at_least_80_pct_until": 240,  # the unbroken run; 8 h starts another
        "relief_hours": 4.5,
        "ratings": [
            {"after_minutes": 15, "pain": 3, "relief_pct": 50.0},
            {"after_minutes": 30, "pain": 1, "relief_pct": 83.3},  # 5/6 = 83.33
            {"after_minutes": 60, "pain": 0, "relief_pct": 100.0},
            {"after_minutes": 120, "pain": 0, "relief_pct": 100.0},
            {"after_minutes": 240, "pain": 1, "relief_pct": 83.3},
            {"after_minutes": 360, "pain": 4, "relief_pct": 33.3},  # 2/6 = 33.33
            {"after_minutes": 480, "pain": 1, "relief_pct": 83.3},
        ],
    }
    assert (r.pain_0_from, r.pain_0_until) == (60, 120)
    assert response_facts(r) == [
        "At least 80% relief from 30 min to 4 h.",
        "Pain 0 of 10 from 60 min to 2 h.",
        "Relief lasted 4.5 hours, as the patient recorded it.",
    ]


def test_exactly_80_percent_counts_and_rounding_is_half_up() -> None:
    # 5 -> 1 is exactly 80 % (at the bar); 3 -> 1 is 66.67 -> 66.7; 7 -> 2 is 71.43
    r = block_response(NerveBlock(pain_before=5, ratings=ratings((30, 1), (60, 2))))
    assert [x.relief_pct for x in r.ratings] == [80.0, 60.0]
    assert (r.at_least_80_pct_from, r.at_least_80_pct_until) == (30, 30)
    assert response_facts(r) == [
        "At least 80% relief at 30 min only (one rating).",
        "Lowest pain 1 of 10, 30 min after the block.",
    ]
    assert block_response(NerveBlock(pain_before=3, ratings=ratings((15, 1)))).max_relief_pct == (
        66.7
    )
    r = block_response(NerveBlock(pain_before=7, ratings=ratings((15, 2), (30, 3))))
    assert (r.max_relief_pct, r.at_least_80_pct_from, r.complete_relief) == (71.4, None, False)
    assert response_facts(r) == [
        "No rating reached 80% relief; the most was 71.4%.",
        "Lowest pain 2 of 10, 15 min after the block.",
    ]


def test_without_a_pain_before_there_is_no_relief() -> None:
    r = block_response(NerveBlock(ratings=ratings((30, 0))))
    assert r.to_json()["ratings"] == [{"after_minutes": 30, "pain": 0, "relief_pct": None}]
    assert (r.max_relief_pct, r.complete_relief, r.at_least_80_pct_from) == (None, False, None)
    assert response_facts(r) == [
        "No pain before the block is recorded, so no relief can be computed.",
        "Pain 0 of 10 at 30 min.",
    ]
    zero = block_response(NerveBlock(pain_before=0, ratings=ratings((30, 0))))
    assert (zero.complete_relief, zero.max_relief_pct) == (False, None)
    assert response_facts(zero)[0].startswith("The pain before the block was 0 of 10")
    empty = block_response(NerveBlock(pain_before=6))
    assert empty.to_json()["ratings"] == [] and empty.lowest_pain is None
    assert response_facts(empty) == ["No pain ratings after the block are recorded."]


def test_monthly_stiffness_means_with_empty_months() -> None:
    period = Period(date(2026, 1, 15), date(2026, 4, 10))
    values = [
        (date(2026, 1, 10), 1),  # before the period
        (date(2026, 1, 20), 4),
        (date(2026, 1, 21), 5),
        (date(2026, 1, 22), 5),  # January: 14 / 3 = 4.667 -> 4.7
        (date(2026, 3, 1), 2),
        (date(2026, 4, 5), 7),
        (date(2026, 4, 20), 9),  # after it
    ]
    s = neck_stiffness(period, values)
    assert s.to_json() == {
        "check_ins": 5,
        "mean": 4.6,  # 23 / 5
        "monthly": [
            {"month": "2026-01", "days": 3, "mean": 4.7},
            {"month": "2026-02", "days": 0, "mean": None},
            {"month": "2026-03", "days": 1, "mean": 2.0},
            {"month": "2026-04", "days": 1, "mean": 7.0},
        ],
    }
    assert stiffness_sentence(s) == (
        "Neck stiffness (0-10) averaged 4.6 over 5 check-ins that rated it."
    )
    assert stiffness_month_texts(s) == [
        "Jan 2026: 4.7 (3 days)",
        "Mar 2026: 2 (1 day)",
        "Apr 2026: 7 (1 day)",
    ]
    none = neck_stiffness(period, [])
    assert none.to_json()["mean"] is None and [m["days"] for m in none.to_json()["monthly"]] == [
        0,
        0,
        0,
        0,
    ]
    assert stiffness_sentence(none) == ""


def test_latest_scores_and_their_change() -> None:
    period = Period(date(2026, 3, 1), date(2026, 4, 30))
    given = [
        Score(date(2026, 1, 5), "ndi", 24),  # before the period: the "before that"
        Score(date(2026, 4, 5), "ndi", 14),
        Score(date(2026, 3, 2), "hit6", 64),
        Score(date(2026, 4, 2), "hit6", 58),
        Score(date(2026, 1, 2), "midas", 30),  # no MIDAS in the period: not listed
        Score(date(2026, 3, 3), "other", 12.5, "PCS"),
        Score(date(2026, 5, 3), "other", 2, "PCS"),  # after the period
    ]
    latest = latest_scores(given, period)
    assert [(x.latest.instrument, x.latest.total, x.change) for x in latest] == [
        ("ndi", 14, -10),
        ("hit6", 58, -6),
        ("other", 12.5, None),
    ]
    assert latest_sentences(latest) == [
        "NDI: 14 (28%) on 5 Apr 2026; before that 24 (48%) on 5 Jan 2026 "
        "(change −10 (−20 points)).",
        "HIT-6: 58 on 2 Apr 2026; before that 64 on 2 Mar 2026 (change −6).",
        "PCS: 12.5 on 3 Mar 2026.",
    ]


@pytest.fixture
def workup_diary(diary, make_episode):
    ctx = ctx_of(diary)
    transfer.import_episodes(ctx, [make_episode("2026-02-01 08:00", hours=2, intensity=6)])
    block = history.save_event(
        ctx,
        HistoryEvent(date(2026, 3, 10), "nerve_block", title="TON block", block=BLOCK),
        TODAY,
    )
    plain = history.save_event(ctx, HistoryEvent(date(2026, 3, 20), "nerve_block"), TODAY)
    for score in (
        Score(date(2026, 3, 5), "ndi", 24),
        Score(date(2026, 3, 5), "hit6", 64),
        Score(date(2026, 3, 5), "other", 3, "b-score"),
        Score(date(2026, 3, 5), "other", 4, "a-score"),
        Score(date(2026, 4, 15), "ndi", 10),
        Score(date(2025, 12, 1), "ndi", 30),  # before the period
    ):
        scores.save_score(ctx, score, TODAY)
    for day, value in ((date(2026, 2, 3), 6), (date(2026, 2, 4), 3), (date(2026, 4, 2), 2)):
        checkins.save_check_in(ctx, CheckIn(day, False, value), TODAY)
    checkins.save_check_in(ctx, CheckIn(date(2026, 4, 3), True), TODAY)  # no rating
    return diary, block, plain


def test_summary_json_keys(workup_diary) -> None:
    diary, block, plain = workup_diary
    s = summary_json(diary, date(2026, 2, 1), date(2026, 4, 30), TODAY)
    assert s["scores"] == [
        {"instrument": "hit6", "name": "", "date": "2026-03-05", "total": 64},
        {"instrument": "ndi", "name": "", "date": "2026-03-05", "total": 24},
        {"instrument": "other", "name": "a-score", "date": "2026-03-05", "total": 4},
        {"instrument": "other", "name": "b-score", "date": "2026-03-05", "total": 3},
        {"instrument": "ndi", "name": "", "date": "2026-04-15", "total": 10},
    ]
    assert s["neck_stiffness"] == {
        "check_ins": 3,
        "mean": 3.7,  # 11 / 3 = 3.667
        "monthly": [
            {"month": "2026-02", "days": 2, "mean": 4.5},
            {"month": "2026-03", "days": 0, "mean": None},
            {"month": "2026-04", "days": 1, "mean": 2.0},
        ],
    }
    effects = {e["event"]: e for e in s["history_effects"]}
    assert effects[block.id]["block_response"]["at_least_80_pct_from"] == 30
    assert effects[block.id]["block_response"]["ratings"][1] == {
        "after_minutes": 30,
        "pain": 1,
        "relief_pct": 83.3,
    }
    assert "block_response" not in effects[plain.id]  # no block sheet recorded
    keys = list(s)
    assert keys.index("completeness") < keys.index("scores") < keys.index("neck_stiffness")
    assert keys.index("neck_stiffness") < keys.index("history_effects")


def test_the_cli_summary_words_the_workup(workup_diary) -> None:
    diary, _block, _plain = workup_diary
    text = workup_text(snapshot(diary, date(2026, 2, 1), date(2026, 4, 30), TODAY))
    assert text.startswith("Neck workup\nICHD-3 11.2.1 C4 (in this app's words)")
    assert "Nerve block, 10 Mar 2026 – TON block\nTarget: third occipital nerve." in text
    assert "30 min after: pain 1, relief 83.3%." in text
    assert "At least 80% relief from 30 min to 4 h." in text
    assert "C4 met" not in text and "criterion is met" not in text.replace(
        "whether the criterion is met is for the physician to decide", ""
    )
    assert "NDI: 10 (20%) on 15 Apr 2026; before that 24 (48%) on 5 Mar 2026" in text
    assert "Neck stiffness (0-10) averaged 3.7 over 3 check-ins that rated it." in text


def test_no_workup_sentence_without_a_workup(diary, make_episode) -> None:
    ctx = ctx_of(diary)
    transfer.import_episodes(ctx, [make_episode("2026-02-01 08:00", hours=2)])
    history.save_event(ctx, HistoryEvent(date(2026, 3, 20), "nerve_block"), TODAY)
    snap = snapshot(diary, date(2026, 2, 1), date(2026, 4, 30), TODAY)
    assert workup_text(snap) == ""
    s = snap.to_json()
    assert s["scores"] == [] and s["neck_stiffness"]["check_ins"] == 0
