"""One session of the app on a computer in the zone ``$TZ`` (tests/test_time_zones.py runs
it in a subprocess with TZ set; tzlocal and the C library both read TZ). Not a test module.

    zone_session.py check DATA_DIR     validation and storage in this zone
    zone_session.py travel N DATA_DIR  step N of a trip: Berlin (1), New York (2), Lord Howe (3)

Prints one JSON object with what it found; an AssertionError (non-zero exit) names what was
wrong.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from headache_diary.app import open_context
from headache_diary.context import AppContext
from headache_diary.domain.episode import Episode
from headache_diary.domain.episode_form import EpisodeForm
from headache_diary.domain.errors import ImportFileError
from headache_diary.domain.timeutil import zone_for
from headache_diary.services import episodes, transfer
from headache_diary.services.analysis import analysis_snapshot
from headache_diary.ui.formatting import format_start, zone_suffix

#: zone -> (a wall time the clocks skipped, one they repeated, the size of the change in
#: minutes, a start just before the skip), all in 2025
DST = {
    "Europe/Berlin": ("2025-03-30 02:30", "2025-10-26 02:30", 60, "2025-03-30 01:30"),
    "America/New_York": ("2025-03-09 02:30", "2025-11-02 01:30", 60, "2025-03-09 01:30"),
    "Australia/Lord_Howe": ("2025-10-05 02:15", "2025-04-06 01:45", 30, "2025-10-05 01:30"),
}


def wall(text: str) -> datetime:
    return datetime.fromisoformat(text)


def stored_row(ctx: AppContext, episode_id: str) -> dict[str, Any]:
    con = sqlite3.connect(f"{ctx.paths.database.as_uri()}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        row = con.execute(
            "SELECT time_zone, start_local_date, end_local_date, start_month, duration_s "
            "FROM episode WHERE id = ?",
            (episode_id,),
        ).fetchone()
    finally:
        con.close()
    return dict(row)


def shown_in_list(ctx: AppContext) -> dict[str, str]:
    """id -> the start as the episode list shows it (its own zone's wall clock, with the
    zone's abbreviation when it is not this computer's)."""
    items = episodes.list_page(ctx, 0, 100)
    return {
        i.id: format_start(i.started_at)
        + zone_suffix(i.started_at, getattr(i.started_at.tzinfo, "key", ""), ctx.zone)
        for i in items
    }


def check(data_dir: str) -> dict[str, Any]:
    zone = os.environ["TZ"]
    ctx = open_context(data_dir)
    assert ctx.zone == zone, f"the app took {ctx.zone!r} for TZ={zone}"
    gap, repeated, change, before_gap = DST[zone]
    # a fixed moment (not the wall clock), seen in the computer's zone ($TZ)
    now = datetime(2025, 6, 14, 10, 0, 45, tzinfo=UTC).astimezone()
    assert EpisodeForm.new(zone, now).start == now.replace(tzinfo=None, second=0, microsecond=0)

    # a time the clocks skipped is refused, one they repeated asks which
    form = EpisodeForm(zone=zone, start=wall(gap), side="left")
    assert "started_at" in form.build().problems, form.build().problems
    first = EpisodeForm(zone=zone, start=wall(repeated), side="left").build()
    second = EpisodeForm(
        zone=zone, start=wall(repeated), side="left", second_occurrence=True
    ).build()
    assert first.ok and second.ok and first.repeated_time_shown
    assert first.episode is not None and second.episode is not None
    between = second.episode.started_at.timestamp() - first.episode.started_at.timestamp()
    assert between == change * 60, between

    # "lasted 2 hours" across the skip is 2 hours of elapsed time
    across = EpisodeForm(
        zone=zone, start=wall(before_gap), side="right", end_mode="duration", duration_minutes=120
    ).build()
    assert across.ok and across.episode is not None and across.episode.ended_at is not None
    expected_end = wall(before_gap) + timedelta(minutes=120 + change)
    assert across.episode.ended_at.replace(tzinfo=None) == expected_end
    saved = episodes.save_episode(ctx, across.episode)
    row = stored_row(ctx, saved.id)
    assert row["duration_s"] == 7200 and row["time_zone"] == zone, row
    assert row["start_local_date"] == row["end_local_date"] == before_gap[:10], row

    # an episode over local midnight: two local dates, two headache days
    night = EpisodeForm(
        zone=zone,
        start=wall("2025-06-14 23:30"),
        side="both",
        end_mode="end",
        end=wall("2025-06-15 00:30"),
    ).build()
    assert night.ok and night.episode is not None
    night_ep = episodes.save_episode(ctx, night.episode)
    row = stored_row(ctx, night_ep.id)
    assert (row["start_local_date"], row["end_local_date"], row["start_month"]) == (
        "2025-06-14",
        "2025-06-15",
        "2025-06",
    ), row
    june = analysis_snapshot(ctx, date(2025, 6, 1), date(2025, 6, 30), date(2025, 7, 1))
    assert june.to_json()["headache_days"] == 2

    # the list shows the wall clock of this zone, without a zone note
    assert shown_in_list(ctx)[night_ep.id] == "Sat, 14 Jun 2025, 23:30"

    # a CSV time without an offset is this computer's local time; a skipped or repeated
    # one is an error naming the clock change
    csv = Path(data_dir).parent / "local.csv"
    csv.write_text("started_at,side\r\n2025-07-01T09:00,left\r\n", "utf-8")
    assert transfer.import_file(ctx, csv).added == 1
    imported = next(e for e in transfer.load_episodes(ctx) if e.started_at.month == 7)
    assert imported.time_zone == zone
    assert imported.started_at.replace(tzinfo=None) == wall("2025-07-01 09:00")
    problems = {}
    for name, text in (("gap", gap), ("repeated", repeated)):
        csv.write_text(f"started_at,side\r\n{text.replace(' ', 'T')},left\r\n", "utf-8")
        try:
            transfer.import_file(ctx, csv)
        except ImportFileError as exc:
            problems[name] = str(exc)
    assert "does not exist" in problems["gap"], problems
    assert "happened twice" in problems["repeated"], problems
    ctx.diary.close()
    return {"zone": zone, "offset_now": now.strftime("%z")}


# --- travel: three sessions on one diary ----------------------------------------------------

BERLIN_NIGHT = "2025-03-01 00:30"  # = 2025-02-28 18:30 in New York


def travel(step: int, data_dir: str) -> dict[str, Any]:
    zone = os.environ["TZ"]
    ctx = open_context(data_dir)
    assert ctx.zone == zone
    if step == 1:  # at home in Berlin
        assert zone == "Europe/Berlin"
        start = wall(BERLIN_NIGHT).replace(tzinfo=zone_for(zone))
        ep = episodes.save_episode(
            ctx,
            Episode(
                started_at=start,
                ended_at=start + timedelta(hours=1),
                side="left",
                time_zone=zone,
                intensity=5,
            ),
        )
    elif step == 2:  # in New York: edit the Berlin episode, record one of its own
        assert zone == "America/New_York"
        berlin = next(e for e in transfer.load_episodes(ctx) if e.time_zone == "Europe/Berlin")
        form = EpisodeForm.of(berlin)  # the editor shows it in its own zone
        assert form.zone == "Europe/Berlin" and form.start == wall(BERLIN_NIGHT)
        edited = form.build()
        assert edited.ok and edited.episode is not None
        assert edited.episode.started_at == berlin.started_at
        edited.episode.intensity = 7
        episodes.save_episode(ctx, edited.episode)
        here = EpisodeForm(
            zone=zone,
            start=wall("2025-03-01 20:00"),
            side="right",
            end_mode="duration",
            duration_minutes=45,
        ).build()
        assert here.ok and here.episode is not None
        episodes.save_episode(ctx, here.episode)
    rows = {}
    for ep in transfer.load_episodes(ctx):
        rows[ep.time_zone] = {
            **stored_row(ctx, ep.id),
            "intensity": ep.intensity,
            "list": shown_in_list(ctx)[ep.id],
            "csv_start": ep.started_at.isoformat(),
        }
    march_1 = analysis_snapshot(ctx, date(2025, 3, 1), date(2025, 3, 1), date(2025, 4, 1))
    summary = march_1.to_json()
    ctx.diary.close()
    return {
        "zone": zone,
        "episodes": rows,
        "march_1": {"episodes": summary["episodes"], "headache_days": summary["headache_days"]},
    }


if __name__ == "__main__":
    if sys.argv[1] == "check":
        print(json.dumps(check(sys.argv[2])))
    else:
        print(json.dumps(travel(int(sys.argv[2]), sys.argv[3])))
