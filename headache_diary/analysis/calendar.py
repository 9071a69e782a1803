"""The headache calendar: a month grid as on paper headache calendars.

Each day is one of: a *headache* day (an episode in progress, or a check-in reporting a
headache; with the peak intensity of the episodes in progress that day), a *headache-free*
day (a headache-free check-in and no episode: the episode wins), a day with *no record*,
or a day still to come. Medication days are marked with a letter per class taken
(:data:`CLASS_LETTERS`, listed in the key): a dose in an episode or outside one,
or regular medication that counts (the medication days of ICHD-3 8.2: an analgesic
class, or a muscle relaxant or "other" taken to relieve headache; preventive medication
never counts). The window's
Calendar tab and the PDF draw the same :class:`MonthCalendar` values, and both mark each
kind with a letter or sign as well as a colour (:func:`day_mark`), so the grid reads in
black and white too.

Range reads in the caller's read-only unit of work: the episodes in progress in the range
(the covering ``ix_episode_day`` index), the medication dates (episodes, doses outside
episodes, the plan's counting entries) and the check-ins.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from headache_diary.domain import vocab
from headache_diary.domain.text import lower_label, week_column
from headache_diary.storage.medication import counting_plan

DayKind = Literal["headache", "headache_free", "unrecorded", "future", "outside"]

#: intensity bands of this app's scale (DESIGN.md: 1-3 mild, 4-6 moderate, 7-10 severe)
BANDS = (("mild", 0, 3), ("moderate", 4, 6), ("severe", 7, 10))
FREE_MARK = "✓"
HEADACHE_MARK = "H"
#: the letter of each medication class on a medication day (vocabulary order; none of
#: them is another mark of the calendar)
CLASS_LETTERS = {
    "simple_analgesic": "S",
    "nsaid": "N",
    "triptan": "T",
    "ergot": "E",
    "opioid": "O",
    "combination": "C",
    "muscle_relaxant": "R",
    "other": "X",
}
#: the PDF draws at most this many months (the latest of the period)
MAX_PDF_MONTHS = 12


def band(intensity: int | None) -> str | None:
    if intensity is None:
        return None
    for name, lo, hi in BANDS:
        if lo <= intensity <= hi:
            return name
    return None


@dataclass(frozen=True)
class CalendarDay:
    day: date
    kind: DayKind
    #: the highest peak intensity of the episodes in progress that day (None: none given)
    peak_intensity: int | None = None
    #: episodes in progress that day
    episodes: int = 0
    medication: bool = False
    #: the day has a check-in (whatever it says)
    check_in: bool = False
    #: an episode still marked ongoing was in progress that day
    ongoing: bool = False
    #: the classes taken that day (vocabulary order), each shown by its letter
    medication_classes: tuple[str, ...] = ()

    @property
    def band(self) -> str | None:
        return band(self.peak_intensity) if self.kind == "headache" else None


def day_mark(d: CalendarDay) -> str:
    """The sign a cell shows besides its colour: the peak intensity, ``H`` for a headache
    without one, ``✓`` for a confirmed headache-free day, nothing for no record."""
    if d.kind == "headache":
        return HEADACHE_MARK if d.peak_intensity is None else str(d.peak_intensity)
    if d.kind == "headache_free":
        return FREE_MARK
    return ""


def medication_mark(d: CalendarDay) -> str:
    """The letters of the classes taken on a medication day ("" on another day)."""
    return "".join(CLASS_LETTERS[c] for c in d.medication_classes if c in CLASS_LETTERS)


def class_key(classes: Collection[str] | None = None) -> str:
    """``S simple analgesic, N NSAID, T triptan, ...``: the letters of ``classes`` (class
    codes; every class when None), in vocabulary order."""
    chosen = CLASS_LETTERS.keys() if classes is None else classes
    return ", ".join(
        f"{letter} {lower_label(vocab.label(c))}"
        for c, letter in CLASS_LETTERS.items()
        if c in chosen
    )


@dataclass(frozen=True)
class MonthCalendar:
    year: int
    month: int
    #: every day of the month, from the 1st
    days: list[CalendarDay]

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def weeks(self, first_weekday: int = 1) -> list[list[CalendarDay | None]]:
        """Rows of seven starting on ``first_weekday`` (ISO: 1 = Monday ... 7 = Sunday);
        None before the 1st and after the last day."""
        lead = week_column(self.days[0].day, first_weekday)
        cells: list[CalendarDay | None] = [None] * lead + list(self.days)
        cells += [None] * (-len(cells) % 7)
        return [cells[i : i + 7] for i in range(0, len(cells), 7)]

    def count(self, kind: DayKind) -> int:
        return sum(1 for d in self.days if d.kind == kind)

    @property
    def medication_days(self) -> int:
        return sum(1 for d in self.days if d.medication and d.kind != "outside")

    @property
    def recorded_days(self) -> int:
        return self.count("headache") + self.count("headache_free")

    @property
    def known_days(self) -> int:
        """Days of the month in range and up to today."""
        return self.recorded_days + self.count("unrecorded")


def month_days(year: int, month: int) -> tuple[date, date]:
    last = _cal.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last)


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_calendars(
    session: Session,
    first: date,
    last: date,
    today: date,
) -> list[MonthCalendar]:
    """One :class:`MonthCalendar` per month overlapping [first, last]; days of those
    months outside the range are ``outside``, days after ``today`` ``future``."""
    if last < first:
        return []
    lo = first.replace(day=1)
    hi = month_days(last.year, last.month)[1]
    params = {"f": lo.isoformat(), "t": hi.isoformat(), "today": today.isoformat()}
    peak: dict[date, int | None] = {}
    count: dict[date, int] = {}
    ongoing: set[date] = set()
    # the ended episodes that can reach the range start at most the longest duration in
    # the diary (and a day for the zones) before it: a short range of the covering
    # ix_episode_day (start_local_date, end_local_date, intensity); the ongoing ones that
    # started earlier still are one seek in ix_episode_duration (duration_s IS NULL)
    longest = session.execute(text("SELECT max(duration_s) FROM episode")).scalar() or 0
    params["lo"] = (lo - timedelta(days=int(longest) // 86400 + 2)).isoformat()
    rows = session.execute(
        text(
            "SELECT start_local_date, coalesce(end_local_date, :today), intensity, "
            "end_local_date IS NULL FROM episode "
            "WHERE start_local_date BETWEEN :lo AND :t "
            "AND coalesce(end_local_date, :today) >= :f "
            "UNION ALL "
            "SELECT start_local_date, :today, intensity, 1 FROM episode "
            "WHERE duration_s IS NULL AND start_local_date < :lo AND :today >= :f"
        ),
        params,
    )
    one = timedelta(days=1)
    for s0, e0, intensity, running in rows:
        day = max(date.fromisoformat(s0), lo)
        end = min(date.fromisoformat(e0), hi)
        while day <= end:
            count[day] = count.get(day, 0) + 1
            old = peak.get(day)
            if intensity is not None and (old is None or intensity > old):
                peak[day] = intensity
            else:
                peak.setdefault(day, old)
            if running:
                ongoing.add(day)
            day += one
    # the classes taken per day (the covering day/class indexes of both dose tables)
    meds: dict[date, set[str]] = {}
    for d, cls in session.execute(
        text(
            "SELECT taken_local_date, med_class FROM medication "
            "WHERE taken_local_date BETWEEN :f AND :t "
            "UNION SELECT taken_local_date, med_class FROM acute_dose "
            "WHERE taken_local_date BETWEEN :f AND :t"
        ),
        params,
    ):
        meds.setdefault(date.fromisoformat(d), set()).add(cls)
    for cls, started, stopped in counting_plan(session):  # the entries that count
        a = max(date.fromisoformat(started), lo)
        b = min(date.fromisoformat(stopped) if stopped else today, today, hi)
        for n in range((b - a).days + 1):
            meds.setdefault(a + timedelta(days=n), set()).add(cls)
    checks = {
        date.fromisoformat(d): bool(free)
        for d, free in session.execute(
            text("SELECT day, headache_free FROM check_in WHERE day BETWEEN :f AND :t"), params
        )
    }
    out = []
    for y, m in months_between(first, last):
        start, stop = month_days(y, m)
        days = []
        day = start
        while day <= stop:
            days.append(_day(day, first, last, today, peak, count, meds, checks, ongoing))
            day += one
        out.append(MonthCalendar(y, m, days))
    return out


def _day(
    day: date,
    first: date,
    last: date,
    today: date,
    peak: dict[date, int | None],
    count: dict[date, int],
    meds: dict[date, set[str]],
    checks: dict[date, bool],
    ongoing: set[date],
) -> CalendarDay:
    kind: DayKind
    n = count.get(day, 0)
    checked = day in checks
    if not first <= day <= last:
        kind = "outside"
    elif day > today:
        kind = "future"
    elif n or (checked and not checks[day]):
        kind = "headache"  # the episode wins over a headache-free check-in
    elif checked:
        kind = "headache_free"
    else:
        kind = "unrecorded"
    taken = meds.get(day, set())
    return CalendarDay(
        day,
        kind,
        peak.get(day),
        n,
        bool(taken),
        checked,
        day in ongoing,
        tuple(c for c in CLASS_LETTERS if c in taken),
    )


def calendar_for_period(
    session: Session, first: date, last: date, today: date
) -> tuple[list[MonthCalendar], int]:
    """The PDF's calendar: the latest :data:`MAX_PDF_MONTHS` months of the period, and
    how many earlier months were left out."""
    months = months_between(first, last)
    left_out = max(0, len(months) - MAX_PDF_MONTHS)
    if left_out:
        y, m = months[left_out]
        shown_first = max(first, date(y, m, 1))
    else:
        shown_first = first
    return month_calendars(session, shown_first, last, today), left_out


#: fills shared by the window and the PDF (light to dark with the intensity, so that the
#: bands stay apart in a black-and-white print; the marks say the rest)
FILLS = {
    "mild": "#fde68a",
    "moderate": "#f59e0b",
    "severe": "#b91c1c",
    "headache": "#fed7aa",  # a headache without a recorded intensity ("H")
    "headache_free": "#bbf7d0",
}
#: text on a fill: white on the dark severe fill, near-black on the others
INK_ON = {"severe": "#ffffff"}
DEFAULT_INK = "#1a1a1a"


def fill_key(d: CalendarDay) -> str | None:
    """The :data:`FILLS` key of a day (None: no fill)."""
    if d.kind == "headache":
        return d.band or "headache"
    if d.kind == "headache_free":
        return "headache_free"
    return None


LEGEND = (
    ("mild", "1", "intensity 0-3"),
    ("moderate", "5", "intensity 4-6"),
    ("severe", "8", "intensity 7-10"),
    ("headache", HEADACHE_MARK, "headache, intensity not recorded"),
    ("headache_free", FREE_MARK, "confirmed headache-free (check-in)"),
    ("unrecorded", "", "no record: neither headache nor headache-free"),
    ("medication", "T", "medication day (ICHD-3 8.2): a letter per class taken, see below"),
)
