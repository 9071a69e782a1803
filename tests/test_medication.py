"""Medication plan and doses outside episodes: the rules, the services with undo, and the
medication days and ICHD-3 8.2 months they add (hand-computed, FORMAT.md "Medication
days"), on real SQLite diaries."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from headache_diary import i18n
from headache_diary.analysis.medication_wording import medication_text, plan_line
from headache_diary.analysis.plan_chart import plan_rows
from headache_diary.domain.episode import Medication
from headache_diary.domain.errors import ValidationError
from headache_diary.domain.medication import (
    AcuteDose,
    ChangeDoseForm,
    DoseForm,
    PlanEntry,
    PlanForm,
    StopForm,
    dose_problems,
    plan_days,
    plan_problems,
)
from headache_diary.domain.preferences import (
    CLOSE_CHOICES,
    PAPER_SIZES,
    Preferences,
    format_time,
    from_values,
    parse_time,
    to_values,
)
from headache_diary.domain.timeutil import zone_for
from headache_diary.services import episodes, medication
from headache_diary.services.reminders import nothing_recorded_today
from tests.support import ZONE, snapshot

TODAY = date(2026, 6, 30)
BERLIN = zone_for(ZONE)
#: the moment the reminder's question is asked (passed in: nothing depends on the clock)
NOW = datetime(2026, 6, 30, 14, 0, tzinfo=BERLIN)


def at(day: str, hour: int = 9, zone: str = ZONE) -> datetime:
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, hour, 0, tzinfo=zone_for(zone))


def dose(day: str, cls: str, name: str = "", hour: int = 9, zone: str = ZONE) -> AcuteDose:
    return AcuteDose(at(day, hour, zone), zone, name, cls, "some")


def plan(
    name: str,
    cls: str,
    started: str,
    stopped: str | None = None,
    dose: str = "",
    for_headache: bool | None = None,
) -> PlanEntry:
    return PlanEntry(
        name,
        cls,
        date.fromisoformat(started),
        None if stopped is None else date.fromisoformat(stopped),
        dose,
        for_headache=for_headache,
    )


# --- rules ---------------------------------------------------------------------------------


def test_plan_rules_give_a_message_per_field() -> None:
    ok = plan("Amitriptyline", "preventive", "2026-03-01", dose="10 mg")
    assert plan_problems(ok, TODAY) == {}
    bad = plan("", "", "2026-03-10", "2026-03-09")
    assert plan_problems(bad, TODAY) == {
        "name": "enter the medication's name",
        "med_class": "choose the class: preventive or a medication class",
        "stopped": "the stop date cannot be before the start date",
    }
    ahead = plan("Topiramate", "preventive", (TODAY + timedelta(days=366)).isoformat())
    assert plan_problems(ahead, TODAY) == {"started": "the start can be at most a year from today"}
    within = plan("Topiramate", "preventive", (TODAY + timedelta(days=365)).isoformat())
    assert plan_problems(within, TODAY) == {}
    same_day = plan("Naproxen", "nsaid", "2026-03-01", "2026-03-01")
    assert plan_problems(same_day, TODAY) == {}  # one day is a valid plan


def test_dose_rules() -> None:
    now = at("2026-06-30", 12)
    assert dose_problems(dose("2026-06-30", "triptan"), now) == {}
    assert dose_problems(dose("2026-06-30", ""), now) == {
        "med_class": "choose the class of the medication"
    }
    assert (
        "preventive is regular medication"
        in dose_problems(dose("2026-06-30", "preventive"), now)["med_class"]
    )
    assert dose_problems(dose("2026-06-30", "triptan", hour=13), now) == {
        "taken_at": "the time taken cannot be in the future"
    }


def test_forms_report_problems_and_build_nothing_until_valid() -> None:
    entry, problems = PlanForm(name="Naproxen", med_class="nsaid").build(TODAY)
    assert entry is None and problems == {"started": "enter the day it was started"}
    entry, problems = PlanForm(
        name=" Naproxen  500 mg ", med_class="nsaid", started=date(2026, 3, 1)
    ).build(TODAY)
    assert problems == {} and entry is not None and entry.name == "Naproxen 500 mg"

    made, problems = DoseForm(med_class=None, when=datetime(2026, 6, 1, 9), time_zone=ZONE).build(
        at("2026-06-30")
    )
    assert made is None and set(problems) == {"med_class"}
    # 02:30 on 29 March 2026 did not exist in Berlin (the clocks went forward)
    made, problems = DoseForm(
        med_class="nsaid", when=datetime(2026, 3, 29, 2, 30), time_zone=ZONE
    ).build(at("2026-06-30"))
    assert made is None and "did not exist" in problems["taken_at"]


# --- services and undo -----------------------------------------------------------------------


def test_nothing_is_saved_for_bad_input(ctx) -> None:
    with pytest.raises(ValidationError) as err:
        medication.save_plan_entry(
            ctx, plan("Naproxen", "nsaid", "2026-03-10", "2026-03-01"), TODAY
        )
    assert err.value.problems == {"stopped": "the stop date cannot be before the start date"}
    with pytest.raises(ValidationError):
        medication.save_dose(ctx, dose("2026-06-01", ""), at("2026-06-30"))
    assert medication.list_plan(ctx) == [] and medication.list_doses(ctx) == []


def test_change_dose_stop_delete_and_undo_one_after_another(ctx) -> None:
    undo = medication.MedicationUndo()
    saved = undo.record(
        medication.save_plan_entry(
            ctx, plan("Amitriptyline", "preventive", "2026-03-01", dose="10 mg"), TODAY
        )
    )
    assert saved is not None
    first = saved.value
    assert isinstance(first, PlanEntry)

    changed = undo.record(medication.change_dose(ctx, first.id, "25 mg", date(2026, 5, 1), TODAY))
    assert changed is not None
    new = changed.value
    assert isinstance(new, PlanEntry)
    entries = medication.list_plan(ctx)
    assert [(e.dose, e.started, e.stopped) for e in entries] == [
        ("10 mg", date(2026, 3, 1), date(2026, 4, 30)),  # stops the day before
        ("25 mg", date(2026, 5, 1), None),  # same name and class, from that day
    ]
    with pytest.raises(
        ValidationError, match="must start after 1 May 2026, the day it was started"
    ):
        medication.change_dose(ctx, new.id, "50 mg", date(2026, 5, 1), TODAY)

    undo.record(medication.stop_plan_entry(ctx, new.id, date(2026, 6, 15), TODAY))
    assert medication.list_plan(ctx)[-1].stopped == date(2026, 6, 15)
    with pytest.raises(ValidationError, match="before the start"):
        medication.stop_plan_entry(ctx, new.id, date(2026, 4, 1), TODAY)

    d = undo.record(medication.save_dose(ctx, dose("2026-06-02", "triptan"), at("2026-06-30")))
    assert d is not None
    undo.record(medication.delete_plan_entry(ctx, first.id))
    assert len(medication.list_plan(ctx)) == 1

    assert undo.undo(ctx).what == "Regular medication deleted"
    assert len(medication.list_plan(ctx)) == 2
    assert undo.undo(ctx).what == "Dose added"
    assert medication.list_doses(ctx) == []
    assert undo.undo(ctx).what == "Regular medication stopped"
    assert medication.list_plan(ctx)[-1].stopped is None
    assert undo.undo(ctx).what == "Dose changed"  # one undo for both entries
    assert [(e.dose, e.stopped) for e in medication.list_plan(ctx)] == [("10 mg", None)]
    assert undo.undo(ctx).what == "Regular medication added"
    assert medication.list_plan(ctx) == [] and not undo
    assert undo.undo(ctx) is None


def test_a_dose_change_and_a_stop_follow_the_dialogs_rules_in_the_service(ctx) -> None:
    """ChangeDoseForm and StopForm are the dialogs' rules and the service's: the same
    problems, with the same words, whichever refuses."""
    stored = medication.save_plan_entry(
        ctx, plan("Topiramate", "preventive", "2026-03-01", "2026-06-01", dose="25 mg"), TODAY
    ).value
    assert isinstance(stored, PlanEntry)
    for dose_text, day, problems in (
        (" 25  mg ", date(2026, 4, 1), {"dose": "enter the new dose"}),
        ("50 mg", date(2026, 6, 2), {"from_day": "it was stopped on 1 Jun 2026"}),
        ("x" * 201, date(2026, 4, 1), {"dose": "the dose can have at most 200 characters"}),
    ):
        form = ChangeDoseForm(stored, dose_text, day)
        assert form.build(TODAY) == (None, problems)
        with pytest.raises(ValidationError) as err:
            medication.change_dose(ctx, stored.id, dose_text, day, TODAY)
        assert err.value.problems == problems
    running = dataclasses.replace(stored, stopped=None)
    ahead = ChangeDoseForm(running, "50 mg", TODAY + timedelta(days=366)).build(TODAY)
    assert ahead[1] == {"from_day": "the new dose can start at most a year from today"}
    ended, new = ChangeDoseForm(stored, "50 mg", date(2026, 6, 1)).build(TODAY)[0] or ((), ())
    assert (ended.stopped, new.started, new.stopped, new.dose) == (
        date(2026, 5, 31),
        date(2026, 6, 1),
        date(2026, 6, 1),
        "50 mg",
    )
    before = {"stopped": "the stop date cannot be before the start date"}
    assert StopForm(stored, date(2026, 2, 28)).build(TODAY) == (None, before)
    with pytest.raises(ValidationError) as err:
        medication.stop_plan_entry(ctx, stored.id, date(2026, 2, 28), TODAY)
    assert err.value.problems == before
    assert medication.list_plan(ctx) == [stored]  # nothing was changed by a refusal


def test_a_dose_keeps_its_zone_and_counts_on_its_local_date(ctx) -> None:
    late = AcuteDose(at("2026-05-31", 23, "America/New_York"), "America/New_York", "", "opioid")
    medication.save_dose(ctx, late, at("2026-06-30"))
    (stored,) = medication.list_doses(ctx)
    assert stored.taken_at == late.taken_at and stored.time_zone == "America/New_York"
    assert stored.local_date == date(2026, 5, 31)  # 1 June in UTC and in Berlin
    s = snapshot(ctx.diary, date(2026, 5, 1), date(2026, 5, 31), TODAY).summary
    assert s.medication_days["opioid"] == 1


# --- medication days and ICHD-3 8.2, hand-computed -------------------------------------------


def _fill(ctx, make_episode) -> None:
    """March: non-opioid analgesics on 15 days from three sources; triptans on 5.
    April: a daily triptan in the plan on 10 days. May: one opioid dose. June: a muscle
    relaxant in the plan taken to relieve headache, still taken (up to today, 30 June):
    10 days. A preventive runs all along and never counts."""
    for e in (
        plan("Amitriptyline", "preventive", "2026-01-01", dose="10 mg"),  # never counts
        plan("Naproxen", "nsaid", "2026-03-01", "2026-03-10"),  # 1-10 March
        plan("Sumatriptan daily", "triptan", "2026-04-01", "2026-04-10"),  # 1-10 April
        # 21-30 June (today), taken to relieve headache (8.2.8)
        plan("Tizanidine", "muscle_relaxant", "2026-06-21", for_headache=True),
    ):
        medication.save_plan_entry(ctx, e, TODAY)
    now = at("2026-06-30", 12)
    for day in ("2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13", "2026-03-14"):
        medication.save_dose(ctx, dose(day, "nsaid", "Ibuprofen"), now)  # 10 March twice
    for day in range(21, 26):
        medication.save_dose(ctx, dose(f"2026-03-{day}", "triptan"), now)
    medication.save_dose(ctx, dose("2026-04-15", "nsaid"), now)
    medication.save_dose(ctx, dose("2026-05-02", "opioid"), now)
    # an episode's paracetamol on 20 March: the 15th non-opioid day
    ep = make_episode(
        "2026-03-20 08:00", medications=[Medication("Paracetamol", "simple_analgesic", "good")]
    )
    episodes.save_episode(ctx, ep)


def test_medication_days_and_ichd3_82_months_by_hand(ctx, make_episode) -> None:
    _fill(ctx, make_episode)
    data = snapshot(ctx.diary, date(2026, 3, 1), date(2026, 6, 30), TODAY).to_json()
    assert data["medication_days"] == {
        "simple_analgesic": 1,  # 20 March
        "nsaid": 15,  # 1-14 March (plan 1-10, doses 10-14) and 15 April
        "triptan": 15,  # 21-25 March, 1-10 April
        "ergot": 0,
        "opioid": 1,  # 2 May
        "combination": 0,
        "muscle_relaxant": 10,  # 21-30 June
        "other": 0,
    }
    assert data["medication_overuse"] == [
        {
            "month": "2026-03",
            "criterion": "8.2.3",
            "classes": ["simple_analgesic", "nsaid"],
            "days": 15,  # 1-14 and 20 March; 8.2.6 is not looked at in this month
            "threshold": 15,
        },
        {
            "month": "2026-04",
            "criterion": "8.2.2",
            "classes": ["triptan"],
            "days": 10,
            "threshold": 10,
        },
        {
            "month": "2026-06",
            "criterion": "8.2.8",
            "classes": ["muscle_relaxant"],
            "days": 10,
            "threshold": 10,
        },
    ]
    assert data["overuse_runs"] == [
        {
            "from": "2026-03",
            "to": "2026-04",
            "months": 2,
            "criteria": ["8.2.2", "8.2.3"],
            "more_than_3_months": False,
            "longest_single_criterion_months": 1,  # 8.2.3 in March, 8.2.2 in April
            "headache_15_days_months": 0,  # one episode, 20 March
        },
        {
            "from": "2026-06",
            "to": "2026-06",
            "months": 1,
            "criteria": ["8.2.8"],
            "more_than_3_months": False,
            "longest_single_criterion_months": 1,
            "headache_15_days_months": 0,
        },
    ]
    # the added keys: plan entries of the period, doses outside episodes by class
    assert [(e["name"], e["counts_as_medication_days"]) for e in data["medication_plan"]] == [
        ("Amitriptyline", False),
        ("Naproxen", True),
        ("Sumatriptan daily", True),
        ("Tizanidine", True),
    ]
    assert data["doses_outside_episodes"]["nsaid"] == 6
    assert data["doses_outside_episodes"]["triptan"] == 5


def test_a_preventive_never_counts_and_a_plan_runs_only_to_today(ctx) -> None:
    medication.save_plan_entry(ctx, plan("Topiramate", "preventive", "2026-01-01"), TODAY)
    medication.save_plan_entry(ctx, plan("Naproxen", "nsaid", "2026-06-25", "2026-07-20"), TODAY)
    s = snapshot(ctx.diary, date(2026, 1, 1), date(2026, 7, 31), TODAY).summary
    assert sum(s.medication_days.values()) == 6  # 25-30 June: the stop is still ahead
    assert s.overuse.months == ()
    entries = [plan("A", "preventive", "2026-06-01"), plan("B", "nsaid", "2026-06-29")]
    assert plan_days(entries, TODAY) == {"2026-06-29": {"nsaid"}, "2026-06-30": {"nsaid"}}


def test_more_than_3_months_from_a_daily_painkiller_in_the_plan(ctx) -> None:
    # paracetamol every day from 1 February to 31 May: 8.2.3 in 4 consecutive months
    medication.save_plan_entry(
        ctx, plan("Paracetamol", "simple_analgesic", "2026-02-01", "2026-05-31"), TODAY
    )
    data = snapshot(ctx.diary, date(2026, 4, 1), date(2026, 4, 30), TODAY).to_json()
    assert data["medication_overuse"][0]["days"] == 30
    (run,) = data["overuse_runs"]
    assert (run["from"], run["to"], run["months"], run["more_than_3_months"]) == (
        "2026-02",
        "2026-05",
        4,
        True,
    )


def test_wording_and_chart_rows(ctx, make_episode) -> None:
    _fill(ctx, make_episode)
    snap = snapshot(ctx.diary, date(2026, 3, 1), date(2026, 6, 30), TODAY)
    text = medication_text(snap)
    assert "Amitriptyline (Preventive), 10 mg: from 1 Jan 2026, still taken." in text
    assert "Naproxen (NSAID): from 1 Mar 2026 to 10 Mar 2026." in text
    assert (
        "Doses taken outside an episode in this period: 12 (NSAID 6, Triptan 5 and Opioid 1)"
        in text
    )
    assert "preventive medication is never counted" in text
    rows = plan_rows(snap.plan, ["2026-03", "2026-04", "2026-05", "2026-06"], TODAY)
    assert [r.label for r in rows] == [
        "Amitriptyline",
        "Naproxen",
        "Sumatriptan daily",
        "Tizanidine",
    ]
    amitriptyline = rows[0].bars[0]
    assert amitriptyline.starts_before and amitriptyline.runs_on and not amitriptyline.counts
    naproxen = rows[1].bars[0]
    assert naproxen.x0 == -0.5 and naproxen.x1 == pytest.approx(-0.5 + 10 / 31)
    assert (
        plan_line(plan("X", "nsaid", "2026-07-01"), TODAY)
        == "X (NSAID): from 1 Jul 2026, not started yet"
    )


# --- the reminder's question -------------------------------------------------------------------


def test_nothing_recorded_today(ctx, make_episode) -> None:
    now = NOW
    assert nothing_recorded_today(ctx, now)
    # an episode of ten days ago, entered now: today has a record (the diary was kept)
    earlier = (now - timedelta(days=10)).strftime("%Y-%m-%d 08:00")
    episodes.save_episode(ctx, make_episode(earlier, hours=2), now)
    assert not nothing_recorded_today(ctx, now)
    # three days later nothing was entered and no episode was in progress
    later = now + timedelta(days=3)
    assert nothing_recorded_today(ctx, later)
    # an episode still marked ongoing is in progress on every day up to today
    episodes.save_episode(ctx, make_episode(earlier, hours=None, side="right"), now)
    assert not nothing_recorded_today(ctx, later)


def test_a_check_in_for_today_counts_as_recorded(ctx) -> None:
    from headache_diary.domain.checkin import CheckIn
    from headache_diary.services import checkins

    now = NOW
    today = now.date()
    checkins.save_check_in(ctx, CheckIn(today - timedelta(days=1), True), today=today)
    assert nothing_recorded_today(ctx, now)  # yesterday's check-in is not today's
    checkins.save_check_in(ctx, CheckIn(today, True), today=today)
    assert not nothing_recorded_today(ctx, now)


def test_a_dose_taken_today_counts_as_recorded(ctx) -> None:
    """(It built "today at 07:00" from the real clock, which is in the future before 7.)"""
    later = NOW + timedelta(days=3)  # 14:00
    assert nothing_recorded_today(ctx, later)
    taken = later.replace(hour=7, minute=0)
    medication.save_dose(ctx, AcuteDose(taken, ZONE, "", "nsaid"), later)
    assert not nothing_recorded_today(ctx, later)


# --- preferences: what the preferences file holds ----------------------------------------------

preferences = st.builds(
    Preferences,
    reminder_enabled=st.booleans(),
    reminder_time=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    close_action=st.sampled_from(CLOSE_CHOICES),
    first_day_of_week=st.one_of(st.none(), st.integers(1, 7)),
    paper_size=st.sampled_from((None, *PAPER_SIZES)),
    language=st.sampled_from((None, *i18n.LANGUAGES)),
    pdf_language=st.sampled_from((None, *i18n.LANGUAGES)),
)


@given(preferences)
def test_preferences_round_trip_through_the_stored_values(prefs: Preferences) -> None:
    stored = to_values(prefs)
    assert json.loads(json.dumps(stored)) == stored  # JSON values
    assert from_values(stored) == prefs
    # as plain text (an older version's settings file) too
    text = {
        k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v)
        for k, v in stored.items()
    }
    assert from_values(text) == prefs
    assert parse_time(format_time(prefs.reminder_time)) == prefs.reminder_time


@given(
    st.dictionaries(
        st.sampled_from(sorted(to_values(Preferences()))),
        st.one_of(st.text(max_size=12), st.none(), st.booleans(), st.integers(), st.floats()),
    )
)
def test_a_hand_edited_preferences_file_never_stops_the_app(values: dict[str, object]) -> None:
    prefs = from_values(values)  # never raises; unreadable values are their defaults
    assert prefs.first_day_of_week in (None, 1, 2, 3, 4, 5, 6, 7)
    assert 1 <= prefs.week_start <= 7 and prefs.close_action in CLOSE_CHOICES
    assert prefs.language in (None, *i18n.LANGUAGES) and prefs.pdf_language in (
        None,
        *i18n.LANGUAGES,
    )


@pytest.mark.parametrize("text", ["8:05", " 20:30 ", "20.30", "00:00", "23:59"])
def test_times_people_type(text: str) -> None:
    assert format_time(parse_time(text)) in ("08:05", "20:30", "00:00", "23:59")


@pytest.mark.parametrize("text", ["", "soon", "24:00", "12:60", "1230", "12:3", "-1:00"])
def test_not_a_time(text: str) -> None:
    with pytest.raises(ValueError, match="time"):
        parse_time(text)
