"""The PDF's completeness line (page 1) and headache calendar (one block per month)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from headache_diary.analysis import calendar as cal
from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.episode import Medication
from headache_diary.services import checkins, episodes, report
from tests.support_report import page_texts

TODAY = date(2026, 3, 12)


#: pytest-qt's QApplication in every test, so report/ does not make a QGuiApplication of
#: its own
pytestmark = pytest.mark.usefixtures("qapp")


def test_page_one_says_how_complete_the_record_is_and_the_calendar_follows(
    ctx, make_episode, tmp_path: Path
):
    episodes.save_episode(
        ctx,
        make_episode(
            "2026-03-02 23:00",
            hours=3,
            intensity=7,
            medications=[Medication("Sumatriptan 50 mg", "triptan", "good")],
        ),
    )
    checkins.save_check_in(ctx, CheckIn(date(2026, 3, 5), True, 2), TODAY)
    checkins.save_check_in(ctx, CheckIn(date(2026, 3, 6), False), TODAY)
    out = report.write_report(
        ctx, tmp_path / "r.pdf", date(2026, 2, 20), date(2026, 3, 10), today=TODAY
    )
    pages = page_texts(out)
    assert (
        "Recorded 4 of 19 days up to today: headache on 3 days, confirmed headache-free on "
        "1 day; 15 days without any record, counted neither as headache days nor as "
        "headache-free." in pages[0]
    )
    text = " ".join(pages)
    assert "Headache calendar" in text
    assert "February 2026" in text and "recorded 0 of 9 days" in text
    assert "March 2026" in text and "recorded 4 of 10 days" in text
    assert "confirmed headache-free (check-in)" in text  # the key
    assert "no record: neither headache nor headache-free" in text


def test_a_long_period_shows_the_last_twelve_months_and_says_so(ctx, make_episode, tmp_path):
    episodes.save_episode(ctx, make_episode("2024-01-10 08:00", hours=2))
    episodes.save_episode(ctx, make_episode("2026-03-01 08:00", hours=2))
    out = report.write_report(ctx, tmp_path / "r.pdf", today=TODAY)
    text = " ".join(page_texts(out))
    assert (
        "The calendar shows the last 12 months of the period; 15 earlier months are left out"
        in text
    )
    assert "April 2025" in text and "March 2025" not in text.split("Headache calendar")[1]


def test_the_pdf_calendar_is_legible_in_black_and_white():
    """Every kind of day has a mark or a pattern besides its fill, and the fills get darker
    with the intensity (so grey levels keep the bands apart)."""

    def lightness(hex_color: str) -> float:
        r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    bands = [lightness(cal.FILLS[k]) for k in ("mild", "moderate", "severe")]
    assert bands[0] > bands[1] > bands[2] and bands[1] - bands[2] > 60
    marks = {k: m for k, m, _t in cal.LEGEND}
    assert marks["headache"] == "H" and marks["headache_free"] == "✓"
    assert marks["medication"] == "T"  # a class letter (a triptan), listed in the key
    letters = list(cal.CLASS_LETTERS.values())
    assert len(set(letters)) == len(letters) == len(cal.CLASS_LETTERS)
    assert not set(letters) & {"H", "✓"} and not any(c.isdigit() for c in letters)
    assert marks["unrecorded"] == ""  # hatched instead (report.calendar_pdf.hatch)


def test_the_weeks_start_on_the_day_chosen_in_settings(ctx, make_episode, tmp_path):
    from headache_diary.domain.preferences import Preferences
    from headache_diary.services.preferences import write_preferences

    episodes.save_episode(ctx, make_episode("2026-03-01 08:00", hours=2))  # a Sunday
    monday = " ".join(page_texts(report.write_report(ctx, tmp_path / "m.pdf", today=TODAY)))
    assert "Mon Tue Wed Thu Fri Sat Sun" in monday
    write_preferences(ctx.paths, Preferences(first_day_of_week=7))
    sunday = " ".join(page_texts(report.write_report(ctx, tmp_path / "s.pdf", today=TODAY)))
    assert "Sun Mon Tue Wed Thu Fri Sat" in sunday
    assert "Mon Tue Wed Thu Fri Sat Sun" not in sunday


def test_weeks_of_a_month_from_any_first_day():
    from headache_diary.domain.text import week_column, week_days

    assert week_days(7) == ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
    assert week_days(1)[0] == "Mon" and week_days(6)[0] == "Sat"
    march = cal.MonthCalendar(
        2026, 3, [cal.CalendarDay(date(2026, 3, d), "unrecorded") for d in range(1, 32)]
    )
    # 1 March 2026 is a Sunday: the last column from Monday, the first from Sunday
    monday_first = march.weeks(1)
    assert [d is None for d in monday_first[0]] == [True] * 6 + [False]
    assert len(monday_first) == 6
    sunday_first = march.weeks(7)
    assert sunday_first[0][0] is not None and sunday_first[0][0].day == date(2026, 3, 1)
    assert len(sunday_first) == 5 and sunday_first[-1][2].day == date(2026, 3, 31)
    for first in range(1, 8):
        for d in (date(2026, 3, 1), date(2026, 3, 18)):
            assert (
                week_days(first)[week_column(d, first)]
                == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[d.weekday()]
            )
