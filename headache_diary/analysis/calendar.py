"""The headache calendar: a month grid as on paper headache calendars.

Each day is one of: a *headache* day (an episode in progress, or a check-in reporting a
headache; with the peak intensity of the episodes in progress that day), a *headache-free*
day (a headache-free check-in and no episode: the episode wins), a day with *no record*,
or a day still to come. Medication days are marked with a letter per class taken
(:data:`CLASS_LETTERS`, listed in the key): a dose in an episode or outside one,
or regular medication that counts (the medication days of ICHD-3 8.2: an analgesic
class, or a muscle relaxant or "other" taken to relieve headache; preventive medication
never counts). The window's Calendar tab and the PDF draw the same :class:`MonthCalendar`
values (read by ``analysis.queries.month_calendars``), and both mark each kind with a
letter or sign as well as a colour (:func:`day_mark`), so the grid reads in black and
white too.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Literal

from headache_diary.domain import vocab
from headache_diary.domain.text import week_column
from headache_diary.i18n import N_, _

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
        f"{letter} {vocab.label(c)}" for c, letter in CLASS_LETTERS.items() if c in chosen
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


#: (fill key, mark, text): the texts are the English source, :func:`legend` translates
LEGEND = (
    ("mild", "1", N_("intensity 0-3")),
    ("moderate", "5", N_("intensity 4-6")),
    ("severe", "8", N_("intensity 7-10")),
    ("headache", HEADACHE_MARK, N_("headache, intensity not recorded")),
    ("headache_free", FREE_MARK, N_("confirmed headache-free (check-in)")),
    ("unrecorded", "", N_("no record: neither headache nor headache-free")),
    ("medication", "T", N_("medication day (ICHD-3 8.2): a letter per class taken, see below")),
)


def legend() -> list[tuple[str, str, str]]:
    """:data:`LEGEND` with its texts in the current language."""
    return [(key, mark, _(text)) for key, mark, text in LEGEND]
