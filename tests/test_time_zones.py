"""Validation and storage on computers in three zones, and a computer that travels.

Each session is a real process with ``TZ`` set (tzlocal and the C library read it, so the
app's zone, "now" and "today" all come from it); tests/zone_session.py does the work.
Australia/Lord_Howe changes its clocks by 30 minutes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SESSION = Path(__file__).with_name("zone_session.py")
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe")


def start(zone: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(SESSION), *args],
        env={**os.environ, "TZ": zone},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def result(proc: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return json.loads(out)


def test_validation_and_storage_in_each_zone(tmp_path: Path) -> None:
    # the three sessions at once (each its own diary): the suite has two cores
    procs = {
        zone: start(zone, "check", str(tmp_path / zone.replace("/", "-") / "data"))
        for zone in ZONES
    }
    found = {zone: result(proc) for zone, proc in procs.items()}
    assert [found[z]["zone"] for z in ZONES] == list(ZONES)
    assert found["Australia/Lord_Howe"]["offset_now"] in ("+1030", "+1100")


def test_a_trip_keeps_each_episode_in_the_zone_it_was_recorded_in(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    home = result(start("Europe/Berlin", "travel", "1", data))
    away = result(start("America/New_York", "travel", "2", data))
    further = result(start("Australia/Lord_Howe", "travel", "3", data))

    berlin = {
        "time_zone": "Europe/Berlin",
        "start_local_date": "2025-03-01",  # though it was still 28 February in New York
        "end_local_date": "2025-03-01",
        "start_month": "2025-03",
        "duration_s": 3600,
        "csv_start": "2025-03-01T00:30:00+01:00",
    }
    assert home["episodes"]["Europe/Berlin"] == {
        **berlin,
        "intensity": 5,
        "list": "Sat, 1 Mar 2025, 00:30",
    }
    # in New York the Berlin episode keeps its date and wall clock (with its zone's name),
    # also after it was edited there
    assert away["episodes"]["Europe/Berlin"] == {
        **berlin,
        "intensity": 7,
        "list": "Sat, 1 Mar 2025, 00:30 (CET)",
    }
    new_york = {
        "time_zone": "America/New_York",
        "start_local_date": "2025-03-01",  # 2 March in Berlin
        "end_local_date": "2025-03-01",
        "start_month": "2025-03",
        "duration_s": 2700,
        "csv_start": "2025-03-01T20:00:00-05:00",
        "intensity": None,
    }
    assert away["episodes"]["America/New_York"] == {**new_york, "list": "Sat, 1 Mar 2025, 20:00"}
    # and on Lord Howe Island nothing moves
    assert further["episodes"] == {
        "Europe/Berlin": {**berlin, "intensity": 7, "list": "Sat, 1 Mar 2025, 00:30 (CET)"},
        "America/New_York": {**new_york, "list": "Sat, 1 Mar 2025, 20:00 (EST)"},
    }
    assert home["march_1"] == {"episodes": 1, "headache_days": 1}
    assert away["march_1"] == further["march_1"] == {"episodes": 2, "headache_days": 1}
