"""Validation rules and time-zone helpers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from headache_diary.domain.episode import Medication, needs_confirmation, problems, validate
from headache_diary.domain.errors import ValidationError
from headache_diary.domain.timeutil import (
    ZoneError,
    after,
    format_offset,
    is_repeated,
    iso,
    localize,
    zone_for,
)

NOW = datetime.fromisoformat("2026-06-01T12:00:00+00:00")


def test_valid_episode_has_no_problems(make_episode):
    assert problems(make_episode("2026-05-01 08:00"), NOW) == {}


@pytest.mark.parametrize(
    ("fields", "key", "text"),
    [
        ({"side": "middle"}, "side", "left, right"),
        ({"intensity": 11}, "intensity", "0 to 10"),
        ({"intensity": -1}, "intensity", "0 to 10"),
        ({"character": "sharp"}, "character", "unknown code"),
        ({"triggers": ["neck_movement", "cheese"]}, "triggers", "'cheese'"),
        ({"neck_position": "sideways"}, "neck_position", "unknown code"),
        ({"symptoms": ["hiccups"]}, "symptoms", "unknown code"),
        ({"medications": [Medication("", "nsaid", "good")]}, "medications[1]", "needs a name"),
        ({"medications": [Medication("a|b", "nsaid", "good")]}, "medications[1]", "cannot"),
        ({"medications": [Medication("x", "magic", "good")]}, "medications[1]", "class"),
    ],
)
def test_each_rule(make_episode, fields, key, text):
    found = problems(make_episode("2026-05-01 08:00", **fields), NOW)
    assert key in found and text in found[key]


def test_unknown_zone(make_episode):
    ep = make_episode("2026-05-01 08:00")
    ep.time_zone = "Mars/Olympus"
    assert "unknown time zone" in problems(ep, NOW)["time_zone"]


def test_end_must_follow_start_and_start_not_in_future(make_episode):
    ep = make_episode("2026-05-01 08:00", hours=0)
    assert "after the start" in problems(ep, NOW)["ended_at"]
    ep = make_episode("2026-05-01 08:00", hours=-1)
    assert "ended_at" in problems(ep, NOW)
    future = make_episode("2026-06-02 08:00")
    assert "future" in problems(future, NOW)["started_at"]
    with pytest.raises(ValidationError, match="future"):
        validate(future, NOW)


def test_long_episode_needs_confirmation(make_episode):
    assert not needs_confirmation(make_episode("2026-05-01 08:00", hours=72))
    assert needs_confirmation(make_episode("2026-05-01 08:00", hours=72.5))
    assert not needs_confirmation(make_episode("2026-05-01 08:00", hours=None))


def test_zones_and_offsets():
    assert format_offset(zone_for("+05:30").utcoffset(None)) == "+05:30"
    assert format_offset(zone_for("-03:00").utcoffset(None)) == "-03:00"
    assert iso(datetime(2026, 3, 1, 8, 15, tzinfo=zone_for("Europe/Berlin"))) == (
        "2026-03-01T08:15:00+01:00"
    )
    for bad in ("Nowhere/City", "+25:00", "../etc/passwd", ""):
        with pytest.raises(ZoneError):
            zone_for(bad)


def test_localize_refuses_gap_and_fold():
    ok = localize(datetime(2026, 3, 29, 1, 30), "Europe/Berlin")
    assert ok.utcoffset() == timedelta(hours=1)
    with pytest.raises(ZoneError, match="does not exist"):
        localize(datetime(2026, 3, 29, 2, 30), "Europe/Berlin")
    with pytest.raises(ZoneError, match="twice"):
        localize(datetime(2026, 10, 25, 2, 30), "Europe/Berlin")


def test_localize_with_a_chosen_fold():
    first = localize(datetime(2026, 10, 25, 2, 30), "Europe/Berlin", fold=0)
    second = localize(datetime(2026, 10, 25, 2, 30), "Europe/Berlin", fold=1)
    assert iso(first) == "2026-10-25T02:30:00+02:00"
    assert iso(second) == "2026-10-25T02:30:00+01:00"
    with pytest.raises(ZoneError, match="does not exist"):
        localize(datetime(2026, 3, 29, 2, 30), "Europe/Berlin", fold=1)
    assert is_repeated(datetime(2026, 10, 25, 2, 30), "Europe/Berlin")
    assert not is_repeated(datetime(2026, 3, 29, 2, 30), "Europe/Berlin")
    assert not is_repeated(datetime(2026, 10, 25, 3, 30), "Europe/Berlin")


def test_after_counts_elapsed_time():
    start = localize(datetime(2026, 10, 25, 1, 30), "Europe/Berlin")
    assert iso(after(start, 2 * 3600)) == "2026-10-25T02:30:00+01:00"


def test_years_and_length_have_the_import_limits(make_episode):
    """As an import refuses them (io.common): a start before 1900, a length over ten
    years (ten years to the day is kept)."""
    assert "1900 or later" in problems(make_episode("1899-12-31 10:00"), NOW)["started_at"]
    assert problems(make_episode("1900-01-01 10:00"), NOW) == {}
    ten_years = make_episode("2010-01-01 10:00", hours=10 * 366 * 24)
    assert problems(ten_years, NOW) == {}
    longer = make_episode("2010-01-01 10:00", hours=10 * 366 * 24 + 1)
    assert "longer than ten years" in problems(longer, NOW)["ended_at"]
