"""The derived episode columns (start_month, duration_s, trigger_flags, symptom_bits,
recorded_flags, location_bits) always agree with the values they are derived from, after insert,
bulk insert and edit; and the feature profile computed from them equals a brute-force count over
Episode values."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode
from headache_diary.domain.timeutil import zone_for
from headache_diary.paths import Paths
from headache_diary.storage import repository
from headache_diary.storage.db import Diary, open_diary
from headache_diary.storage.models import LOCATION_BITS, SYMPTOM_BITS
from tests.support import snapshot, summary_json

BASE = datetime(2026, 1, 1, tzinfo=UTC)
ZONES = ("Europe/Berlin", "America/New_York", "Pacific/Auckland", "+05:30")
SHORT_SECS = (15 * 60, 180 * 60)
MIGRAINE_SECS = (4 * 3600, 72 * 3600)


def check_derived(diary: Diary) -> int:
    """Assert every episode row's derived columns against its child rows; returns how many
    rows were checked. Independent of the repository: the flags are recomputed here from
    DESIGN.md's definitions and the stored symptom bits."""
    sql = """
        SELECT e.id, e.start_local_date, e.start_month, e.trigger_flags, e.symptom_bits,
               e.started_utc, e.ended_utc, e.duration_s, e.recorded_flags, e.location_bits,
               (SELECT group_concat(code, ' ') FROM episode_trigger t WHERE t.episode_pk = e.pk),
               (SELECT group_concat(code, ' ') FROM episode_symptom s WHERE s.episode_pk = e.pk),
               (SELECT group_concat(code, ' ') FROM episode_location l WHERE l.episode_pk = e.pk)
        FROM episode e
    """
    with diary.session() as s:
        rows = s.execute(text(sql)).all()
    for row in rows:
        ep_id, day, month, flags, bits, started, ended, secs, recorded, loc_bits = row[:10]
        triggers, symptoms, locations = (set((codes or "").split()) for codes in row[10:])
        movement = bool(triggers & set(vocab.MOVEMENT_TRIGGERS))
        pressure = "neck_pressure" in triggers
        assert month == day[:7], ep_id
        assert secs == (None if ended is None else ended - started), ep_id
        assert flags == movement + 2 * pressure, (ep_id, triggers)
        assert bits == sum(SYMPTOM_BITS[c] for c in symptoms - {"none"}), (ep_id, symptoms)
        assert loc_bits == sum(LOCATION_BITS[c] for c in locations), (ep_id, locations)
        # "none" is a complete answer on its own; any row (a code or none) means recorded
        for codes in (triggers, symptoms):
            assert "none" not in codes or codes == {"none"}, (ep_id, codes)
        assert recorded == bool(triggers) + 2 * bool(symptoms), (ep_id, triggers, symptoms)
    return len(rows)


def test_symptom_bits_are_fixed_and_cover_the_vocabulary() -> None:
    # stored values: a bit may never move (new codes are appended)
    assert set(SYMPTOM_BITS) == set(vocab.SYMPTOMS)
    assert sorted(SYMPTOM_BITS.values()) == [1 << i for i in range(len(vocab.SYMPTOMS))]
    assert SYMPTOM_BITS["nausea"] == 1
    assert SYMPTOM_BITS["shoulder_arm_pain"] == 1 << 9
    assert SYMPTOM_BITS["restlessness"] == 1 << 14
    # added by migration 0003, after every older bit
    assert SYMPTOM_BITS["eyelid_swelling"] == 1 << 15
    assert SYMPTOM_BITS["forehead_sweating"] == 1 << 16
    assert SYMPTOM_BITS["worse_with_activity"] == 1 << 17
    assert set(LOCATION_BITS) == set(vocab.LOCATIONS)
    assert [LOCATION_BITS[c] for c in vocab.LOCATIONS] == [1 << i for i in range(8)]


def test_insert_bulk_insert_and_edit_keep_derived_columns(diary: Diary, make_episode) -> None:
    one = make_episode(
        "2026-03-31 23:30",  # local month of the start, not of the end
        triggers=["neck_movement", "stress"],
        symptoms=["nausea", "aura"],
    )
    with diary.session() as s:
        repository.save_episode(s, one)
    assert check_derived(diary) == 1

    bulk = [
        make_episode("2026-04-01 08:00", hours=None, triggers=["neck_pressure"]),
        make_episode("2026-04-02 08:00", triggers=["sustained_posture", "neck_pressure"]),
        make_episode("2026-04-03 08:00", symptoms=list(vocab.SYMPTOMS)),
        make_episode("2026-04-04 08:00"),
    ]
    with diary.session() as s:
        repository.insert_episodes(s, bulk)
    assert check_derived(diary) == 5
    with diary.session() as s:
        stored = s.execute(text("SELECT trigger_flags FROM episode ORDER BY started_utc")).scalars()
        assert list(stored) == [1, 2, 3, 0, 0]
        recorded = s.execute(text("SELECT recorded_flags FROM episode ORDER BY started_utc"))
        assert list(recorded.scalars()) == [3, 1, 1, 2, 0]

    # edits: flags gained and lost, ended and reopened, moved to another month
    bulk[0].ended_at = bulk[0].started_at + timedelta(hours=2)
    bulk[2].ended_at = None
    one.triggers = ["neck_pressure"]
    one.symptoms = ["restlessness"]
    bulk[1].triggers = []  # the answer "none"
    bulk[2].symptoms = None  # back to "not recorded"
    bulk[0].pain_locations = ["occiput", "temple"]
    bulk[3].triggers = ["neck_movement"]
    bulk[3].started_at -= timedelta(days=10)
    bulk[3].ended_at = bulk[3].started_at + timedelta(hours=1)
    with diary.session() as s:
        for ep in (one, *bulk):
            repository.save_episode(s, ep)
    assert check_derived(diary) == 5
    with diary.session() as s:
        row = s.execute(
            text("SELECT start_month, trigger_flags, symptom_bits FROM episode WHERE id = :i"),
            {"i": one.id},
        ).one()
        assert tuple(row) == ("2026-03", 2, SYMPTOM_BITS["restlessness"])
        assert (
            s.execute(
                text("SELECT start_month FROM episode WHERE id = :i"), {"i": bulk[3].id}
            ).scalar()
            == "2026-03"
        )
        durations = s.execute(
            text("SELECT id, duration_s FROM episode WHERE id IN (:a, :b)"),
            {"a": bulk[0].id, "b": bulk[2].id},
        ).all()
        assert dict(durations) == {bulk[0].id: 7200, bulk[2].id: None}
        flags = s.execute(
            text("SELECT id, recorded_flags, location_bits FROM episode WHERE id IN (:a, :b, :c)"),
            {"a": bulk[0].id, "b": bulk[1].id, "c": bulk[2].id},
        ).all()
        assert {r[0]: tuple(r[1:]) for r in flags} == {
            bulk[0].id: (1, LOCATION_BITS["occiput"] | LOCATION_BITS["temple"]),
            bulk[1].id: (1, 0),
            bulk[2].id: (0, 0),
        }
        got = {e.id: (e.triggers, e.symptoms) for e in repository.iter_episodes(s)}
        assert got[bulk[1].id] == ([], None)
        assert got[bulk[2].id] == (None, None)


def test_failed_edit_leaves_row_and_children_in_agreement(diary: Diary, make_episode) -> None:
    ep = make_episode("2026-03-01 08:00", triggers=["neck_movement"], symptoms=["nausea"])
    with diary.session() as s:
        repository.save_episode(s, ep)
    ep.triggers = ["neck_pressure"]
    ep.symptoms = ["aura"]
    with pytest.raises(RuntimeError), diary.session() as s:
        repository.save_episode(s, ep)
        raise RuntimeError("the unit of work fails after the save")
    assert check_derived(diary) == 1
    with diary.session() as s:
        assert s.execute(text("SELECT trigger_flags FROM episode")).scalar() == 1


# --------------------------------------------------------------------------------------
# properties
# --------------------------------------------------------------------------------------


@st.composite
def episodes(draw: st.DrawFn) -> Episode:
    zone = draw(st.sampled_from(ZONES))
    start = (BASE + timedelta(minutes=draw(st.integers(0, 90 * 24 * 60)))).astimezone(
        zone_for(zone)
    )
    minutes = draw(
        st.one_of(
            st.none(),
            st.integers(1, 5000),
            st.sampled_from((14, 15, 16, 179, 180, 181, 239, 240, 241, 4319, 4320, 4321)),
        )
    )
    return Episode(
        started_at=start,
        ended_at=None if minutes is None else start + timedelta(minutes=minutes),
        time_zone=zone,
        side=draw(st.sampled_from(vocab.SIDES)),
        intensity=draw(st.one_of(st.none(), st.integers(0, 10))),
        character=draw(st.one_of(st.none(), st.sampled_from(vocab.CHARACTERS))),
        pain_origin=draw(st.one_of(st.none(), st.sampled_from(vocab.LOCATIONS))),
        triggers=draw(answers(vocab.TRIGGERS, 4)),
        symptoms=draw(answers(vocab.SYMPTOMS, 5)),
        pain_locations=sorted(draw(st.sets(st.sampled_from(vocab.LOCATIONS), max_size=3))),
    )


def answers(codes: tuple[str, ...], most: int) -> st.SearchStrategy[list[str] | None]:
    """Not recorded (None), the answer "none" ([]) or some codes."""
    return st.one_of(
        st.none(),
        st.just([]),
        st.sets(st.sampled_from(codes), min_size=1, max_size=most).map(sorted),
    )


@pytest.fixture(scope="module")
def shared_diary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diary]:
    d = open_diary(Paths(Path(tmp_path_factory.mktemp("derived")) / "data"))
    yield d
    d.close()


def fill(diary: Diary, eps: list[Episode]) -> None:
    with diary.session() as s:
        s.execute(text("DELETE FROM episode"))  # children go by ON DELETE CASCADE
        repository.insert_episodes(s, eps)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.lists(episodes(), max_size=12),
    edits=st.lists(st.tuples(st.integers(0, 11), episodes()), max_size=6),
)
def test_derived_columns_agree_after_any_writes(
    shared_diary: Diary, first: list[Episode], edits: list[tuple[int, Episode]]
) -> None:
    fill(shared_diary, first)
    assert check_derived(shared_diary) == len(first)
    with shared_diary.session() as s:
        for index, new in edits:
            if first and index < len(first):
                new.id = first[index].id  # replace an existing episode
            repository.save_episode(s, new)
    check_derived(shared_diary)


def brute_profile(eps: list[Episode], start: date, end: date) -> dict[str, tuple[int, int]]:
    """feature id -> (count, denominator), straight from the Episode values."""

    def day(ep: Episode) -> date:
        return ep.started_at.astimezone(zone_for(ep.time_zone)).date()

    inside = [e for e in eps if start <= day(e) <= end]
    n = len(inside)
    known = [e for e in inside if e.side in ("left", "right", "both")]
    ended = [e for e in inside if e.ended_at is not None]

    def secs(e: Episode) -> float:
        assert e.ended_at is not None
        return (e.ended_at - e.started_at).total_seconds()

    def has(e: Episode, *codes: str) -> bool:
        return bool(set(e.symptoms or ()) & set(codes))

    left = sum(e.side == "left" for e in inside)
    right = sum(e.side == "right" for e in inside)
    autonomic = ("eye_tearing_redness", "nasal_congestion", "drooping_eyelid", "restlessness")
    short = [e for e in ended if SHORT_SECS[0] <= secs(e) <= SHORT_SECS[1]]
    with_character = [e for e in inside if e.character]
    with_intensity = [e for e in inside if e.intensity is not None]
    with_origin = [e for e in inside if e.pain_origin]
    out = {
        "side_locked": (max(left, right), len(known)),
        "movement_provoked": (
            sum(bool(set(e.triggers or ()) & set(vocab.MOVEMENT_TRIGGERS)) for e in inside),
            n,
        ),
        "pressure_provoked": (sum("neck_pressure" in (e.triggers or ()) for e in inside), n),
        "starts_in_neck": (
            sum(e.pain_origin in ("neck", "occiput") for e in with_origin),
            len(with_origin),
        ),
        "throbbing": (sum(e.character == "throbbing" for e in with_character), len(with_character)),
        "pressing": (sum(e.character == "pressing" for e in with_character), len(with_character)),
        "nausea_vomiting": (sum(has(e, "nausea", "vomiting") for e in inside), n),
        "light_and_sound": (
            sum(has(e, "light_sensitivity") and has(e, "sound_sensitivity") for e in inside),
            n,
        ),
        "aura": (sum(has(e, "aura") for e in inside), n),
        "lasting_4_72h": (
            sum(MIGRAINE_SECS[0] <= secs(e) <= MIGRAINE_SECS[1] for e in ended),
            len(ended),
        ),
        "both_sides": (sum(e.side == "both" for e in inside), len(known)),
        "mild_moderate": (
            sum(e.intensity is not None and e.intensity <= 6 for e in with_intensity),
            len(with_intensity),
        ),
        "no_nausea": (sum(not has(e, "nausea") for e in inside), n),
        "lasting_15_180m": (len(short), len(ended)),
    }
    for code in ("shoulder_arm_pain", "reduced_neck_motion", *autonomic[1:]):
        out[code] = (sum(has(e, code) for e in inside), n)
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    eps=st.lists(episodes(), max_size=25),
    start=st.dates(date(2025, 12, 20), date(2026, 2, 10)),
    days=st.integers(0, 120),
)
def test_feature_profile_matches_brute_force(
    shared_diary: Diary, eps: list[Episode], start: date, days: int
) -> None:
    fill(shared_diary, eps)
    end = start + timedelta(days=days)
    expected = brute_profile(eps, start, end)
    got = {
        f.id: (f.count, f.denominator)
        for group in snapshot(shared_diary, start, end, today=date(2026, 6, 1)).profile
        for f in group.features
    }
    assert set(expected) <= set(got)
    assert {k: got[k] for k in expected} == expected


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    eps=st.lists(episodes(), max_size=25),
    start=st.dates(date(2025, 12, 20), date(2026, 3, 1)),
    days=st.integers(0, 120),
)
def test_trigger_counts_match_brute_force(
    shared_diary: Diary, eps: list[Episode], start: date, days: int
) -> None:
    """Per-code counts for any period: joined for a short one, total minus the episodes
    outside the period for a long one."""
    fill(shared_diary, eps)
    end = start + timedelta(days=days)
    inside = [
        e for e in eps if start <= e.started_at.astimezone(zone_for(e.time_zone)).date() <= end
    ]
    want = {c: sum(c in (e.triggers or ()) for e in inside) for c in vocab.TRIGGERS}
    got = summary_json(shared_diary, start, end, today=date(2026, 6, 1))["triggers"]
    assert got == want
