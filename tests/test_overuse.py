"""Medication overuse (ICHD-3 8.2) as DESIGN.md states it: hand-computed months for every
subtype, runs of consecutive months at full length, whole calendar months, criterion A on its
own; and the app against a brute force over random medication calendars."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from headache_diary.analysis.overuse import evaluate
from headache_diary.analysis.wording import (
    criterion_a_sentence,
    format_text,
    overuse_definition,
    overuse_sentences,
)
from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode, Medication
from headache_diary.domain.timeutil import zone_for
from headache_diary.storage.db import Diary
from headache_diary.storage.repository import insert_episodes
from tests.support import MakeEpisode, add, med, snapshot, summary_json

TODAY = date(2026, 12, 31)


def cal(month: str, days: range | list[int], *classes: str) -> dict[str, set[str]]:
    """Medication days: ``classes`` taken on each of ``days`` of ``month``."""
    return {f"{month}-{d:02d}": set(classes) for d in days}


def merge(*calendars: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for c in calendars:
        for day, classes in c.items():
            out.setdefault(day, set()).update(classes)
    return out


def months_of(days: dict[str, set[str]], months: list[str] | None = None) -> list[tuple]:
    result = evaluate(days, months or sorted({d[:7] for d in days}))
    return [(f.month, f.criterion.id, list(f.classes), f.days) for f in result.months]


def runs_of(days: dict[str, set[str]], months: list[str] | None = None) -> list[tuple]:
    result = evaluate(days, months or sorted({d[:7] for d in days}))
    return [
        (r.first, r.last, r.months, list(r.criteria), r.more_than_3_months) for r in result.runs
    ]


# -- every subtype, by hand -------------------------------------------------------------------


def test_8_2_1_ergots_on_10_days() -> None:
    assert months_of(cal("2026-03", range(1, 11), "ergot")) == [("2026-03", "8.2.1", ["ergot"], 10)]
    assert months_of(cal("2026-03", range(1, 10), "ergot")) == []


def test_8_2_2_triptans_on_10_days() -> None:
    assert months_of(cal("2026-03", range(5, 15), "triptan")) == [
        ("2026-03", "8.2.2", ["triptan"], 10)
    ]
    assert months_of(cal("2026-03", range(5, 14), "triptan")) == []


def test_8_2_3_non_opioid_analgesics_are_one_class_on_15_days() -> None:
    assert months_of(cal("2026-03", range(1, 16), "simple_analgesic")) == [
        ("2026-03", "8.2.3", ["simple_analgesic"], 15)
    ]
    assert months_of(cal("2026-03", range(1, 15), "nsaid")) == []
    # paracetamol on 8 days, ibuprofen on 8 others: 16 days of one class, 8.2.3 (not 8.2.6)
    days = merge(
        cal("2026-03", range(1, 9), "simple_analgesic"), cal("2026-03", range(9, 17), "nsaid")
    )
    assert months_of(days) == [("2026-03", "8.2.3", ["simple_analgesic", "nsaid"], 16)]


def test_non_opioids_on_10_days_in_all_meet_nothing() -> None:
    """Issue 10: paracetamol on some days, ibuprofen on others, 10 days in all, was reported
    as 'two or more classes'; ICHD-3 counts non-opioid analgesics as one class."""
    days = merge(
        cal("2026-03", range(1, 6), "simple_analgesic"), cal("2026-03", range(6, 11), "nsaid")
    )
    assert months_of(days) == []
    # the same day for both: still one class, 5 days
    assert months_of(cal("2026-03", range(1, 6), "simple_analgesic", "nsaid")) == []


def test_8_2_4_opioids_and_8_2_5_combination_analgesics_on_10_days() -> None:
    assert months_of(cal("2026-03", range(1, 11), "opioid")) == [
        ("2026-03", "8.2.4", ["opioid"], 10)
    ]
    assert months_of(cal("2026-03", range(1, 11), "combination")) == [
        ("2026-03", "8.2.5", ["combination"], 10)
    ]
    assert months_of(cal("2026-03", range(1, 10), "opioid")) == []
    # opioids and combination analgesics on the same 9 days: 9 days in all, nothing
    assert months_of(cal("2026-03", range(1, 10), "opioid", "combination")) == []


def test_8_2_6_two_classes_on_10_days_in_all() -> None:
    days = merge(cal("2026-03", range(1, 6), "triptan"), cal("2026-03", range(6, 11), "nsaid"))
    assert months_of(days) == [("2026-03", "8.2.6", ["nsaid", "triptan"], 10)]
    # on the same days: distinct days count, 5 in all
    assert months_of(cal("2026-03", range(1, 6), "triptan", "nsaid")) == []
    # three classes, paracetamol and ibuprofen still one of them
    days = merge(
        cal("2026-03", [1, 2, 3], "simple_analgesic"),
        cal("2026-03", [4, 5, 6], "nsaid"),
        cal("2026-03", [7, 8, 9, 10], "ergot"),
    )
    assert months_of(days) == [("2026-03", "8.2.6", ["simple_analgesic", "nsaid", "ergot"], 10)]
    # combination analgesics count towards 8.2.6 (this app's reading, stated in the PDF)
    days = merge(cal("2026-03", range(1, 6), "combination"), cal("2026-03", range(6, 11), "opioid"))
    assert months_of(days) == [("2026-03", "8.2.6", ["opioid", "combination"], 10)]


def test_8_2_6_is_suppressed_by_a_single_class_overuse() -> None:
    """Issue 10: 8.2.6 was reported where triptans alone met 8.2.2 ('not individually
    overused')."""
    days = merge(cal("2026-03", range(1, 11), "triptan"), cal("2026-03", range(11, 16), "nsaid"))
    assert months_of(days) == [("2026-03", "8.2.2", ["triptan"], 10)]
    days = merge(
        cal("2026-03", range(1, 16), "simple_analgesic"), cal("2026-03", range(16, 20), "ergot")
    )
    assert months_of(days) == [("2026-03", "8.2.3", ["simple_analgesic"], 15)]


def test_8_2_8_other_medication_pooled_on_10_days() -> None:
    days = merge(
        cal("2026-03", range(1, 7), "muscle_relaxant"), cal("2026-03", range(7, 11), "other")
    )
    assert months_of(days) == [("2026-03", "8.2.8", ["muscle_relaxant", "other"], 10)]
    assert months_of(cal("2026-03", range(1, 10), "muscle_relaxant")) == []
    # "other" medication is no class of 8.2.6; 8.2.8 stands beside the others
    days = merge(cal("2026-03", range(1, 6), "triptan"), cal("2026-03", range(6, 11), "other"))
    assert months_of(days) == []
    days = merge(cal("2026-03", range(1, 11), "triptan"), cal("2026-03", range(11, 21), "other"))
    assert months_of(days) == [
        ("2026-03", "8.2.2", ["triptan"], 10),
        ("2026-03", "8.2.8", ["other"], 10),
    ]


# -- runs ----------------------------------------------------------------------------------------


def test_non_opioids_alternating_across_months_form_one_run() -> None:
    """Issue 10: months alternating between non-opioid analgesics showed no run."""
    days = merge(
        cal("2026-01", range(1, 16), "simple_analgesic"),
        cal("2026-02", range(1, 16), "nsaid"),
        cal("2026-03", range(1, 9), "simple_analgesic"),
        cal("2026-03", range(9, 16), "nsaid"),
    )
    assert [m[1] for m in months_of(days)] == ["8.2.3"] * 3
    assert runs_of(days) == [("2026-01", "2026-03", 3, ["8.2.3"], False)]


def test_a_run_across_subtypes_is_one_run_and_4_months_are_more_than_3() -> None:
    days = merge(
        cal("2026-01", range(1, 11), "triptan"),  # 8.2.2
        cal("2026-02", range(1, 16), "nsaid"),  # 8.2.3
        cal("2026-03", range(1, 6), "triptan"),
        cal("2026-03", range(6, 11), "ergot"),  # 8.2.6
        cal("2026-04", range(1, 11), "muscle_relaxant"),  # 8.2.8
    )
    assert runs_of(days) == [("2026-01", "2026-04", 4, ["8.2.2", "8.2.3", "8.2.6", "8.2.8"], True)]


def test_exactly_3_months_are_not_more_than_3_and_a_gap_ends_a_run() -> None:
    three = merge(*(cal(m, range(1, 11), "triptan") for m in ("2025-11", "2025-12", "2026-01")))
    assert runs_of(three) == [("2025-11", "2026-01", 3, ["8.2.2"], False)]
    gap = merge(three, cal("2026-03", range(1, 11), "triptan"))
    assert runs_of(gap) == [
        ("2025-11", "2026-01", 3, ["8.2.2"], False),
        ("2026-03", "2026-03", 1, ["8.2.2"], False),
    ]
    four = merge(three, cal("2026-02", range(1, 11), "opioid"))
    assert runs_of(four) == [("2025-11", "2026-02", 4, ["8.2.2", "8.2.4"], True)]
    # a month below every threshold ends the run
    below = merge(
        three, cal("2026-02", range(1, 10), "triptan"), cal("2026-03", range(1, 11), "triptan")
    )
    assert [r[2] for r in runs_of(below)] == [3, 1]


def test_runs_are_reported_at_full_length_when_they_overlap_the_months_asked() -> None:
    days = merge(*(cal(f"2026-{m:02d}", range(1, 11), "triptan") for m in range(1, 7)))
    days.update(cal("2026-09", range(1, 11), "triptan"))
    assert runs_of(days, ["2026-03"]) == [("2026-01", "2026-06", 6, ["8.2.2"], True)]
    assert runs_of(days, ["2026-07", "2026-08"]) == []
    assert months_of(days, ["2026-03"]) == [("2026-03", "8.2.2", ["triptan"], 10)]


# -- through the diary: whole calendar months, runs, criterion A, wording ------------------------


def daily(make_episode: MakeEpisode, month: str, days, cls: str, hour: int = 8) -> list[Episode]:
    return [
        make_episode(f"{month}-{d:02d} {hour:02d}:00", hours=1, medications=[med(cls)])
        for d in days
    ]


def test_months_are_counted_whole_also_outside_the_period(
    diary: Diary, make_episode: MakeEpisode
) -> None:
    add(diary, *daily(make_episode, "2026-03", range(1, 11), "triptan"))
    s = summary_json(diary, date(2026, 3, 20), date(2026, 4, 10), TODAY)
    assert s["medication_overuse"] == [
        {
            "month": "2026-03",
            "criterion": "8.2.2",
            "classes": ["triptan"],
            "days": 10,
            "threshold": 10,
        }
    ]
    assert s["medication_days"]["triptan"] == 0  # the period's own days
    assert s["overuse_runs"] == [
        {
            "from": "2026-03",
            "to": "2026-03",
            "months": 1,
            "criteria": ["8.2.2"],
            "more_than_3_months": False,
            "longest_single_criterion_months": 1,
            "headache_15_days_months": 0,  # 10 headache days (1-10 March)
        }
    ]


def test_a_run_extends_beyond_a_short_period(diary: Diary, make_episode: MakeEpisode) -> None:
    eps = []
    for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05"):
        eps += daily(make_episode, month, range(1, 11), "triptan")
    add(diary, *eps)
    s = summary_json(diary, date(2026, 4, 1), date(2026, 4, 30), TODAY)
    assert [f["month"] for f in s["medication_overuse"]] == ["2026-04"]
    assert s["overuse_runs"] == [
        {
            "from": "2026-01",
            "to": "2026-05",
            "months": 5,
            "criteria": ["8.2.2"],
            "more_than_3_months": True,
            "longest_single_criterion_months": 5,
            "headache_15_days_months": 0,  # 10 headache days a month
        }
    ]
    text = " ".join(
        overuse_sentences(snapshot(diary, date(2026, 4, 1), date(2026, 4, 30), TODAY).summary)
    )
    assert (
        "in each of 5 consecutive months, January 2026 to May 2026 (8.2.2): more than 3 months"
        in text
    )
    assert "the run extends beyond this period" in text
    assert "April 2026: triptans on 10 days (ICHD-3 8.2.2: 10 or more days a month)." in text


def test_three_months_in_words_say_what_icdh_asks(diary: Diary, make_episode: MakeEpisode) -> None:
    eps = []
    for month in ("2026-01", "2026-02", "2026-03"):
        eps += daily(make_episode, month, range(1, 16), "nsaid")
    add(diary, *eps)
    summary = snapshot(diary, date(2026, 1, 1), date(2026, 3, 31), TODAY).summary
    text = " ".join(overuse_sentences(summary))
    assert "in each of 3 consecutive months, January 2026 to March 2026 (8.2.3)" in text
    assert "speaks of regular overuse for more than 3 months" in text
    assert "more than 3 months." not in text.replace("for more than 3 months.", "")
    assert "non-opioid analgesics (NSAID) together on 15 days (ICHD-3 8.2.3: 15 or more" in text


def test_criterion_a_is_reported_as_criterion_a_only(
    diary: Diary, make_episode: MakeEpisode
) -> None:
    """Issue 10: months with >= 15 headache days were listed as medication overuse and cited
    as needing more than 3 months."""
    add(diary, make_episode("2026-03-01 00:00", hours=24 * 15))  # 1..15 March
    # a period of the second half of March still sees the whole month
    s = summary_json(diary, date(2026, 3, 20), date(2026, 3, 31), TODAY)
    assert s["headache_15_days_months"] == ["2026-03"]
    assert s["medication_overuse"] == [] and s["overuse_runs"] == []
    assert s["headache_days"] == 0 and s["started_before_period"] == 0
    summary = snapshot(diary, date(2026, 3, 1), date(2026, 3, 31), TODAY).summary
    assert overuse_sentences(summary) == []
    a = criterion_a_sentence(summary)
    assert a.startswith(
        "Headache on 15 or more days of a calendar month, the figure of ICHD-3 8.2 criterion A"
    )
    assert "March 2026 (15 headache days)" in a and "3 months" not in a
    text = format_text(summary)
    assert "No medication day in this period" in text
    # 14 days is not 15
    with diary.session() as ses:
        from sqlalchemy import text as sql

        ses.execute(sql("DELETE FROM episode"))
    add(diary, make_episode("2026-03-01 00:00", hours=24 * 14))
    assert (
        summary_json(diary, date(2026, 3, 1), date(2026, 3, 31), TODAY)["headache_15_days_months"]
        == []
    )


def test_wording_is_descriptive_and_the_definition_complete(
    diary: Diary, make_episode: MakeEpisode
) -> None:
    add(diary, *daily(make_episode, "2026-06", range(1, 13), "triptan"))
    summary = snapshot(diary, date(2026, 6, 1), date(2026, 6, 30), TODAY).summary
    text = " ".join(overuse_sentences(summary)).lower()
    assert "june 2026: triptans on 12 days" in text
    for word in ("moh", "you have", "diagnos", " met"):
        assert word not in text
    definition = overuse_definition()
    for part in (
        "8.2.1",
        "8.2.2",
        "8.2.3",
        "8.2.4",
        "8.2.5",
        "8.2.6",
        "8.2.8",
        "whole calendar month",
        "15 or more days",
        "10 or more days",
        "one class",
        "none of these is reached",
        "judged month by month",
        "combination analgesics count towards 8.2.6",
        "more than 3 months",
        "4 or more months",
        "criterion A",
        "expert opinion",
    ):
        assert part in definition, part
    assert '"' not in definition  # paraphrased, never quoted


# -- brute force -------------------------------------------------------------------------------


def brute(day_classes: dict[str, set[str]], months: list[str]) -> tuple[list, list]:
    """ICHD-3 8.2 as DESIGN.md words it, month by month over the calendar, written out."""
    if not day_classes:
        return [], []
    first = min(date.fromisoformat(d) for d in day_classes).replace(day=1)
    last = max(date.fromisoformat(d) for d in day_classes)
    met: dict[str, list[tuple]] = {}
    month = first
    while month <= last:
        key = month.strftime("%Y-%m")
        days = {d: c for d, c in day_classes.items() if d.startswith(key) and c}

        def n_days(*classes: str, days: dict = days) -> int:
            return sum(1 for c in days.values() if set(classes) & c)

        def taken(*classes: str, days: dict = days) -> list[str]:
            return [x for x in classes if any(x in c for c in days.values())]

        found = []
        for crit, classes, threshold in (
            ("8.2.1", ("ergot",), 10),
            ("8.2.2", ("triptan",), 10),
            ("8.2.3", ("simple_analgesic", "nsaid"), 15),
            ("8.2.4", ("opioid",), 10),
            ("8.2.5", ("combination",), 10),
        ):
            if n_days(*classes) >= threshold:
                found.append((key, crit, taken(*classes), n_days(*classes)))
        acute = ("simple_analgesic", "nsaid", "triptan", "ergot", "opioid", "combination")
        kinds = {"nsaid": "simple_analgesic"}
        if not found:
            groups = {kinds.get(c, c) for c in taken(*acute)}
            if len(groups) >= 2 and n_days(*acute) >= 10:
                found.append((key, "8.2.6", taken(*acute), n_days(*acute)))
        if n_days("muscle_relaxant", "other") >= 10:
            found.append(
                (
                    key,
                    "8.2.8",
                    taken("muscle_relaxant", "other"),
                    n_days("muscle_relaxant", "other"),
                )
            )
        if found:
            met[key] = found
        month = (month + timedelta(days=32)).replace(day=1)
    flags = [f for m in months for f in met.get(m, [])]
    index = sorted(int(m[:4]) * 12 + int(m[5:]) for m in met)
    runs, run = [], []
    for i in index:
        if run and i != run[-1] + 1:
            runs.append(run)
            run = []
        run.append(i)
    if run:
        runs.append(run)

    def name(i: int) -> str:
        return f"{(i - 1) // 12:04d}-{(i - 1) % 12 + 1:02d}"

    wanted = {int(m[:4]) * 12 + int(m[5:]) for m in months}
    out_runs = [
        (
            name(r[0]),
            name(r[-1]),
            len(r),
            sorted({f[1] for i in r for f in met[name(i)]}),
            len(r) > 3,
        )
        for r in runs
        if wanted & set(r)
    ]
    return flags, out_runs


CLASSES = st.sampled_from(vocab.MEDICATION_CLASSES)


@st.composite
def calendars(draw: st.DrawFn) -> dict[str, set[str]]:
    """Random medication calendars over up to 8 months: dense enough to reach thresholds."""
    start = date(2025, 11, 1) + timedelta(days=draw(st.integers(0, 60)))
    out: dict[str, set[str]] = {}
    favourites = draw(st.lists(CLASSES, min_size=1, max_size=4))
    density = draw(st.sampled_from((0.2, 0.4, 0.6, 0.8)))
    for i in range(draw(st.integers(0, 240))):
        if draw(st.floats(0, 1)) < density:
            pool = st.sampled_from(favourites) if draw(st.booleans()) else CLASSES
            out[(start + timedelta(days=i)).isoformat()] = set(
                draw(st.lists(pool, min_size=1, max_size=2))
            )
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendars(), st.integers(0, 9), st.integers(0, 5))
def test_overuse_equals_brute_force_over_random_calendars(
    days: dict[str, set[str]], first: int, length: int
) -> None:
    months = []
    m = date(2025, 11, 1)
    for _ in range(first):
        m = (m + timedelta(days=32)).replace(day=1)
    for _ in range(length + 1):
        months.append(m.strftime("%Y-%m"))
        m = (m + timedelta(days=32)).replace(day=1)
    want_flags, want_runs = brute(days, months)
    assert months_of(days, months) == want_flags
    assert runs_of(days, months) == want_runs


@st.composite
def medicated_episodes(draw: st.DrawFn) -> list[Episode]:
    """Episodes over four months with doses of random classes, with or without a time (a
    dose after midnight counts on its own local date, one without a time on the start's)."""
    zone = draw(st.sampled_from(("Europe/Berlin", "America/New_York")))
    classes = draw(st.lists(CLASSES, min_size=1, max_size=3))
    eps = []
    for i in range(draw(st.integers(0, 110))):
        day = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 120)))
        start = datetime(day.year, day.month, day.day, 20, i % 60, tzinfo=zone_for(zone))
        meds = []
        for _ in range(draw(st.integers(1, 2))):
            later = draw(st.sampled_from((None, 1, 6)))
            taken = None if later is None else start + timedelta(hours=later)
            meds.append(Medication("x", draw(st.sampled_from(classes)), "some", taken))
        eps.append(
            Episode(
                started_at=start,
                ended_at=start + timedelta(hours=8),
                time_zone=zone,
                side="left",
                medications=meds,
            )
        )
    return eps


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(medicated_episodes(), st.dates(date(2026, 1, 1), date(2026, 4, 30)), st.integers(0, 80))
def test_summary_overuse_equals_brute_force_over_the_episodes(
    diary: Diary, eps: list[Episode], start: date, days: int
) -> None:
    with diary.session() as s:
        from sqlalchemy import text as sql

        s.execute(sql("DELETE FROM episode"))
        insert_episodes(s, eps)
    end = start + timedelta(days=days)
    calendar: dict[str, set[str]] = {}
    for e in eps:
        for m in e.medications:
            when = m.taken_at or e.started_at
            local = when.astimezone(zone_for(e.time_zone)).date().isoformat()
            calendar.setdefault(local, set()).add(m.med_class)
    s = summary_json(diary, start, end, TODAY)
    months = [m["month"] for m in s["monthly"]]
    want_flags, want_runs = brute(calendar, months)
    got_flags = [
        (f["month"], f["criterion"], f["classes"], f["days"]) for f in s["medication_overuse"]
    ]
    assert got_flags == want_flags
    got_runs = [
        (r["from"], r["to"], r["months"], r["criteria"], r["more_than_3_months"])
        for r in s["overuse_runs"]
    ]
    assert got_runs == want_runs
    assert all(
        f["threshold"] == (15 if f["criterion"] == "8.2.3" else 10) for f in s["medication_overuse"]
    )
    in_period = {d: c for d, c in calendar.items() if start.isoformat() <= d <= end.isoformat()}
    assert s["medication_days"] == {
        c: sum(c in classes for classes in in_period.values()) for c in vocab.MEDICATION_CLASSES
    }
