"""``headache-diary log``, ``end`` and ``checkin`` (FORMAT.md) through app.main([...]).

Every command runs at :data:`NOW` in Europe/Berlin (passed in: ``main(now=...)`` and the
computer's zone), so no test depends on the wall clock's hour, date or zone.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from headache_diary.app import main
from headache_diary.domain import timeutil

#: when the commands run: 15 June 2026, 14:00 in Berlin
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
BERLIN = timeutil.zone_for("Europe/Berlin")
TODAY = NOW.astimezone(BERLIN).date()


def run(capsys, data_dir: str, *argv: str) -> tuple[int, str, str]:
    try:
        code = main([*argv, "--data-dir", data_dir], now=NOW)
    except SystemExit as exc:  # a usage mistake, from argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("headache-diary: error: ")
    return err[len("headache-diary: error: ") : -1]


def summary(capsys, data_dir: str) -> dict:
    code, out, err = run(capsys, data_dir, "summary", "--json")
    assert code == 0, err
    return json.loads(out)


def test_log_then_end(capsys, data_dir):
    at = (NOW - timedelta(minutes=10)).astimezone(BERLIN).strftime("%Y-%m-%d %H:%M")
    code, out, err = run(capsys, data_dir, "log", "--side", "left", "--at", at)
    assert (code, err) == (0, "")
    assert out.startswith("saved: left-sided headache from ")
    assert out.endswith(", ongoing (end it with: headache-diary end) [Europe/Berlin]\n")
    assert summary(capsys, data_dir)["ongoing"] == 1

    code, out, err = run(capsys, data_dir, "end")
    assert (code, err) == (0, "")
    assert out.startswith("ended: left-sided headache from ") and "lasted 10 min" in out
    s = summary(capsys, data_dir)
    assert (s["episodes"], s["ongoing"]) == (1, 0)


def test_log_with_everything(capsys, data_dir):
    code, out, err = run(
        capsys,
        data_dir,
        "log",
        "--side",
        "right",
        "--at",
        "2026-03-01 08:15",
        "--minutes",
        "90",
        "--intensity",
        "6",
        "--trigger",
        "neck_movement",
        "--trigger",
        "stress",
    )
    assert (code, err) == (0, "")
    assert out == (
        "saved: right-sided headache from Sun, 1 Mar 2026, 08:15, lasted 1 h 30 min; "
        "intensity 6/10; triggers: Neck movement and Stress [Europe/Berlin]\n"
    )
    s = summary(capsys, data_dir)
    assert s["triggers"]["neck_movement"] == 1 and s["duration_minutes"]["max"] == 90.0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["log", "--side", "up"], "unknown side 'up': use one of left, right, both, unsure."),
        (["log", "--side", "left", "--at", "2026-03-29 02:30"], "does not exist in Europe/Berlin"),
        (["log", "--side", "left", "--at", "noon"], "'noon' is not a time"),
        (["log", "--side", "left", "--minutes", "ten"], "--minutes 'ten' is not a whole number"),
        (["log", "--side", "left", "--trigger", "cats"], "unknown trigger 'cats'"),
        (["log", "--side", "left", "--intensity", "11"], "Intensity 11 is not from 0 to 10"),
        (["log", "--side", "left", "--ongoing", "--minutes", "5"], "not allowed with argument"),
        (["log"], "the following arguments are required: --side"),
        (["end"], "No episode is ongoing, so there is nothing to end."),
        (["checkin"], "one of the arguments --headache-free --headache is required"),
        (["checkin", "--headache-free", "--neck-stiffness", "11"], "Neck stiffness '11' is not"),
        (["checkin", "--headache", "--date", "2026-13-01"], "Bad date '2026-13-01'"),
        # limits as for an import: no overflow, no traceback, nothing saved
        (
            ["log", "--side", "left", "--minutes", "99999999999999999999"],
            "is longer than ten years",
        ),
        (
            ["log", "--side", "left", "--at", "2026-11-01 10:00", "--minutes", "9999999999"],
            "is longer than ten years",
        ),
        (
            ["log", "--side", "left", "--at", "2026-11-01T10:00+25:00"],
            "has an offset that is not a real one",
        ),
        (
            ["log", "--side", "left", "--at", "1899-12-31 10:00", "--minutes", "5"],
            "is outside the years 1900 to 2999",
        ),
        (["log", "--side", "left", "--at", "0001-01-01 10:00"], "outside the years 1900 to 2999"),
        (
            ["log", "--side", "left", "--at", "1950-01-01 10:00", "--minutes", "6000000"],
            "is longer than ten years",
        ),
        (["log", "--side", "left", "--trigger", "none", "--trigger", "stress"], "'none'"),
        (["checkin", "--headache-free", "--date", "0001-01-01"], "is before 1900"),
        (["checkin", "--headache-free", "--date", "1850-06-01"], "is before 1900"),
    ],
)
def test_bad_input_is_one_line_and_saves_nothing(capsys, data_dir, argv, message):
    code, out, err = run(capsys, data_dir, *argv)
    assert code != 0 and out == ""
    assert message in one_line_error(err)
    if Path(data_dir, "diary.sqlite3").exists():
        s = summary(capsys, data_dir)
        assert (s["episodes"], s["completeness"]["recorded_days"]) == (0, 0)


def test_a_check_in_in_the_future_is_refused(capsys, data_dir):
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    code, out, err = run(capsys, data_dir, "checkin", "--date", tomorrow, "--headache-free")
    assert code != 0 and out == ""
    assert "is in the future: a check-in is for today or an earlier day" in one_line_error(err)


def test_end_with_several_ongoing_names_them(capsys, data_dir):
    run(capsys, data_dir, "log", "--side", "left", "--at", "2026-03-01 08:00")
    run(capsys, data_dir, "log", "--side", "right", "--at", "2026-03-02 09:30")
    code, out, err = run(capsys, data_dir, "end")
    assert code != 0 and out == ""
    assert one_line_error(err) == (
        "2 episodes are ongoing (left-sided since Sun, 1 Mar 2026, 08:00, right-sided since "
        "Mon, 2 Mar 2026, 09:30); end the right one in the window. Nothing was changed."
    )


def test_checkin_states_and_replacement(capsys, data_dir):
    code, out, err = run(
        capsys,
        data_dir,
        "checkin",
        "--date",
        "2026-03-01",
        "--headache-free",
        "--neck-stiffness",
        "3",
    )
    assert (code, err) == (0, "")
    assert out == "checked in for 1 Mar 2026: headache-free, neck stiffness 3/10\n"
    code, out, _ = run(
        capsys, data_dir, "checkin", "--date", "2026-03-01", "--headache", "--note", "late"
    )
    assert code == 0
    assert out == (
        "checked in for 1 Mar 2026: headache, with a note (replaces the earlier check-in: "
        "headache-free, neck stiffness 3/10)\n"
    )
    code, out, _ = run(capsys, data_dir, "checkin", "--headache-free")
    assert code == 0 and out.startswith("checked in for ")
    s = summary(capsys, data_dir)
    assert s["period"]["from"] == "2026-03-01"
    assert s["headache_days"] == 1 and s["completeness"]["headache_free_days"] == 1


def test_a_headache_free_checkin_beside_an_episode_is_refused(capsys, data_dir):
    run(capsys, data_dir, "log", "--side", "left", "--at", "2026-03-01 23:00", "--minutes", "120")
    code, out, err = run(capsys, data_dir, "checkin", "--date", "2026-03-02", "--headache-free")
    assert code != 0 and out == ""
    assert one_line_error(err).startswith(
        "2 Mar 2026 has 1 headache episode recorded (left-sided from Sun, 1 Mar 2026, 23:00 to "
        "Mon, 2 Mar 2026, 01:00)"
    )


def test_the_help_and_the_messages_name_the_same_time_formats():
    from headache_diary import cli_daily
    from headache_diary.domain import quick_log

    assert cli_daily.TIME_EXAMPLES == quick_log.TIME_EXAMPLES


def test_log_leaves_triggers_not_recorded_unless_given(capsys, data_dir, tmp_path):
    """The quick log asks only for the side: its episode's triggers are not recorded
    (never "no trigger noticed", which would count in the shares of recorded episodes);
    ``--trigger none`` says no trigger was noticed."""
    for at, extra in (
        ("2026-03-01 08:00", []),
        ("2026-03-02 08:00", ["--trigger", "none"]),
        ("2026-03-03 08:00", ["--trigger", "neck_movement"]),
    ):
        code, _out, err = run(
            capsys, data_dir, "log", "--side", "left", "--at", at, "--minutes", "30", *extra
        )
        assert (code, err) == (0, "")
    s = summary(capsys, data_dir)
    assert s["recorded"]["triggers"] == 2
    assert s["triggers"]["none"] == 1 and s["triggers"]["neck_movement"] == 1
    out_csv = tmp_path / "out.csv"
    code, _out, err = run(capsys, data_dir, "export", str(out_csv))
    assert (code, err) == (0, "")
    import csv

    with out_csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["triggers"] for r in rows] == ["", "none", "neck_movement"]


def test_summary_from_a_day_after_today_without_to_is_a_usage_error(capsys, data_dir):
    later = (TODAY + timedelta(days=1)).isoformat()
    code, out, err = run(capsys, data_dir, "summary", "--from", later)
    assert code != 0 and out == ""
    assert "is after today" in one_line_error(err)


def test_the_side_reads_as_english(capsys, data_dir):
    for side, words in (("both", "headache on both sides"), ("unsure", "headache (side unsure)")):
        code, out, err = run(
            capsys,
            data_dir,
            "log",
            "--side",
            side,
            "--at",
            f"2026-03-0{len(side)} 08:00",
            "--minutes",
            "5",
        )
        assert (code, err) == (0, "")
        assert out.startswith(f"saved: {words} from ")


def test_several_trigger_codes_after_one_option(capsys, data_dir):
    code, out, err = run(
        capsys,
        data_dir,
        "log",
        *("--side", "left", "--at", "2026-03-01 08:00", "--minutes", "30"),
        *("--trigger", "neck_movement", "stress"),
    )
    assert (code, err) == (0, "")
    assert "triggers: Neck movement and Stress" in out


def test_log_notes_an_episode_still_ongoing(capsys, data_dir):
    code, _out, err = run(capsys, data_dir, "log", "--side", "left", "--at", "2026-03-01 08:00")
    assert (code, err) == (0, "")
    code, out, err = run(capsys, data_dir, "log", "--side", "right")
    assert code == 0 and out.startswith("saved: right-sided headache from ")
    assert err.count("\n") == 1 and err.startswith("headache-diary: note: still marked ongoing")
    assert "left-sided since Sun, 1 Mar 2026, 08:00" in err
