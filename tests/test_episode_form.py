"""The editor's form model, without widgets: wall times + stored instants -> Episode."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from headache_diary.domain.episode import Episode, Medication
from headache_diary.domain.episode_form import EpisodeForm, MedicationForm, wall
from headache_diary.domain.timeutil import zone_for

ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "UTC")
NOW = datetime(2027, 1, 1, tzinfo=UTC)
BERLIN = "Europe/Berlin"


def berlin(text: str, fold: int = 0) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone_for(BERLIN), fold=fold)


@st.composite
def stored_episodes(draw: st.DrawFn) -> Episode:
    zone = draw(st.sampled_from(ZONES))
    start_s = draw(st.integers(1_700_000_000, 1_790_000_000))  # 2023-2026, DST changes included
    start = datetime.fromtimestamp(start_s, UTC).astimezone(zone_for(zone))
    length = draw(st.none() | st.integers(1, 4 * 24 * 3600))
    end = (
        None
        if length is None
        else datetime.fromtimestamp(start_s + length, UTC).astimezone(zone_for(zone))
    )
    taken = draw(st.none() | st.integers(0, 24 * 3600))
    meds = [
        Medication(
            "Ibuprofen 400 mg",
            "nsaid",
            "good",
            None
            if taken is None
            else datetime.fromtimestamp(start_s + taken, UTC).astimezone(zone_for(zone)),
        )
    ]
    return Episode(
        started_at=start,
        ended_at=end,
        time_zone=zone,
        side=draw(st.sampled_from(("left", "right", "both", "unsure"))),
        intensity=draw(st.none() | st.integers(0, 10)),
        triggers=draw(st.sampled_from((None, [], ["neck_movement"], ["stress", "weather"]))),
        symptoms=draw(st.sampled_from((None, [], ["nausea"]))),
        medications=meds,
        notes=draw(st.text(max_size=5)),
    )


@settings(max_examples=300, deadline=None)
@given(stored_episodes())
def test_an_untouched_form_gives_back_the_stored_episode(ep: Episode) -> None:
    """Opening and saving without a change keeps every instant to the second, also in the
    hour the clocks went back and across a 30-minute DST change."""
    result = EpisodeForm.of(ep).build(NOW)
    assert result.problems == {}
    assert result.episode == ep


@settings(max_examples=200, deadline=None)
@given(stored_episodes(), st.integers(1, 72 * 60))
def test_lasted_is_elapsed_time(ep: Episode, minutes: int) -> None:
    form = dataclasses.replace(EpisodeForm.of(ep), end_mode="duration", duration_minutes=minutes)
    result = form.build(NOW)
    assert result.episode is not None and result.problems == {}
    assert result.episode.duration == timedelta(minutes=minutes) or (
        # unchanged start and minutes: the stored end is kept, seconds and all
        ep.duration is not None and int(ep.duration.total_seconds()) // 60 == minutes
    )


def test_a_new_form_is_ongoing_now_and_needs_a_side() -> None:
    form = EpisodeForm.new(BERLIN, datetime(2026, 3, 1, 7, 15, 42, tzinfo=UTC))
    assert form.start == datetime(2026, 3, 1, 8, 15) and form.end_mode == "ongoing"
    result = form.build(NOW)
    assert result.episode is not None and result.episode.ongoing
    assert set(result.problems) == {"side"}
    ok = dataclasses.replace(form, side="left").build(NOW)
    assert ok.ok and ok.episode is not None
    assert ok.episode.started_at == berlin("2026-03-01 08:15")


def test_a_time_the_clocks_skipped_is_a_problem() -> None:
    form = EpisodeForm(zone=BERLIN, start=datetime(2026, 3, 29, 2, 30), side="left")
    result = form.build(NOW)
    assert result.episode is None
    assert "does not exist" in result.problems["started_at"]
    assert not result.repeated_time_shown


def test_the_repeated_hour_offers_a_choice() -> None:
    form = EpisodeForm(
        zone=BERLIN,
        start=datetime(2026, 10, 25, 2, 30),
        end_mode="duration",
        duration_minutes=60,
        side="left",
    )
    first = form.build(NOW)
    assert first.repeated_time_shown and first.ok and first.episode is not None
    assert first.episode.started_at.utcoffset() == timedelta(hours=2)  # still summer time
    second = dataclasses.replace(form, second_occurrence=True).build(NOW)
    assert second.episode is not None
    assert second.episode.started_at.timestamp() - first.episode.started_at.timestamp() == 3600
    # an hour elapsed, whatever the wall clock says
    assert second.episode.duration == timedelta(hours=1)


def test_problems_name_their_fields() -> None:
    form = EpisodeForm(
        zone=BERLIN,
        start=datetime(2026, 3, 1, 8, 0),
        end_mode="end",
        end=datetime(2026, 3, 1, 7, 0),
        side="left",
        medications=(MedicationForm(name=" "),),
    )
    result = form.build(NOW)
    assert set(result.problems) == {"ended_at", "medications[1]"}
    assert dataclasses.replace(form, end_mode="duration").build(NOW).problems["ended_at"] == (
        "enter how long it lasted (more than 0 minutes)"
    )
    future = dataclasses.replace(form, end_mode="ongoing", medications=())
    assert "future" in future.build(datetime(2026, 3, 1, 6, 0, tzinfo=UTC)).problems["started_at"]


def test_a_medication_class_and_relief_are_chosen_not_preset() -> None:
    """A new medication row holds no answer: a preset relief ('some') was counted as
    little or no effect (CHISG V), a preset class towards ICHD-3 8.2."""
    assert (MedicationForm().med_class, MedicationForm().relief) == ("", "")
    form = EpisodeForm(
        zone=BERLIN,
        start=datetime(2026, 3, 1, 8, 0),
        side="left",
        medications=(MedicationForm(name="Sumatriptan 50 mg"),),
    )
    assert form.build(NOW).problems == {"medications[1]": "choose the class of Sumatriptan 50 mg"}
    chosen = dataclasses.replace(
        form, medications=(MedicationForm("Sumatriptan 50 mg", "triptan"),)
    )
    assert chosen.build(NOW).problems == {
        "medications[1]": "choose how much Sumatriptan 50 mg helped (none, some, good, complete)"
    }
    done = dataclasses.replace(
        form, medications=(MedicationForm("Sumatriptan 50 mg", "triptan", "good"),)
    ).build(NOW)
    assert done.problems == {} and done.episode is not None
    assert done.episode.medications[0].relief == "good"


def test_a_changed_time_is_taken_as_the_wall_clock() -> None:
    ep = Episode(
        started_at=berlin("2026-03-01 08:15:42"),
        ended_at=berlin("2026-03-01 09:00:05"),
        time_zone=BERLIN,
        side="left",
    )
    form = EpisodeForm.of(ep)
    assert form.start == wall(ep.started_at) == datetime(2026, 3, 1, 8, 15)
    moved = dataclasses.replace(form, start=datetime(2026, 3, 1, 8, 20)).build(NOW)
    assert moved.episode is not None
    assert moved.episode.started_at == berlin("2026-03-01 08:20")
    assert moved.episode.ended_at == ep.ended_at  # untouched: seconds kept


@given(
    st.lists(st.sampled_from(("neck_movement", "stress")), unique=True).map(tuple),
    st.booleans(),
    st.lists(st.sampled_from(("nausea", "aura")), unique=True).map(tuple),
    st.booleans(),
)
def test_three_answers_for_triggers_and_symptoms(
    triggers: tuple[str, ...], no_triggers: bool, symptoms: tuple[str, ...], no_symptoms: bool
) -> None:
    """Codes, the explicit "none" or nothing ticked (not recorded); "none" with a code is a
    problem named by its field, never silently resolved."""
    form = dataclasses.replace(
        EpisodeForm.new(BERLIN, NOW - timedelta(hours=1)),
        side="left",
        triggers=triggers,
        no_triggers=no_triggers,
        symptoms=symptoms,
        no_symptoms=no_symptoms,
    )
    result = form.build(NOW)
    assert ("triggers" in result.problems) == (no_triggers and bool(triggers))
    assert ("symptoms" in result.problems) == (no_symptoms and bool(symptoms))
    ep = result.episode
    assert ep is not None
    assert ep.triggers == (list(triggers) if triggers else [] if no_triggers else None)
    assert ep.symptoms == (list(symptoms) if symptoms else [] if no_symptoms else None)
    if result.ok:
        back = EpisodeForm.of(ep)
        assert (back.no_triggers, back.no_symptoms) == (no_triggers, no_symptoms)
