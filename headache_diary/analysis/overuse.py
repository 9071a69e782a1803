"""Medication overuse (ICHD-3 8.2) as DESIGN.md states it, per whole calendar month.

Pure functions over *medication days*: a mapping from a local date (ISO ``YYYY-MM-DD``) to
the set of medication classes taken that day. Where the days come from is not this
module's business (FORMAT.md "Medication days"): ``analysis.medication.day_classes``
merges the doses of episodes, the doses outside episodes and every day of the
medication-plan entries that count (an analgesic class whatever it is taken for; a muscle
relaxant or "other" only when taken to relieve headache) into one mapping before
:func:`evaluate` is called (a ``preventive`` plan entry never adds a day).

Per calendar month (every day of the month, also days outside a report's period):

* 8.2.1 ergots, 8.2.2 triptans, 8.2.4 opioids, 8.2.5 combination analgesics: a class
  taken on >= 10 days;
* 8.2.3 non-opioid analgesics (``simple_analgesic`` and ``nsaid``): ONE class, >= 15 days
  of any of them together (ICHD-3: cumulative use of several non-opioid analgesics is
  8.2.3, not 8.2.6);
* 8.2.6 only in a month where none of 8.2.1-8.2.5 is met: two or more of the ICHD-3
  classes ergot / triptan / non-opioid analgesic / opioid / combination analgesic taken
  in the month, on >= 10 distinct days in all. This app's readings (stated in the PDF):
  "not individually overused" is judged month by month, and combination analgesics count;
* 8.2.8 other medication for headache (``muscle_relaxant``, ``other``), pooled: >= 10
  distinct days (ICHD-3's own 8.2.8 text was not found verbatim; the app's words).

Criterion B's "more than 3 months": maximal runs of consecutive calendar months in each of
which some medication criterion above was met, at their full length; 4 or more months are
"more than 3 months". A run whose months meet different criteria is not one subtype's ">3
months": each run keeps the criteria met in each of its months, the longest stretch in
which one and the same criterion was met every month (``longest_single_criterion_months``)
and, once the summary has counted the headache days of its months
(:func:`with_criterion_a`), in how many of them criterion A (headache on >= 15 days) was
met. Criterion A is not medication overuse and is otherwise reported apart from it (see
analysis.summary).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from headache_diary.i18n import N_

NON_OPIOID = ("simple_analgesic", "nsaid")
#: the classes ICHD-3 8.2.1-8.2.6 name, in vocabulary order
ACUTE_CLASSES = ("simple_analgesic", "nsaid", "triptan", "ergot", "opioid", "combination")
#: "other medication" of 8.2.8 (taken for headache, of no class above)
OTHER_CLASSES = ("muscle_relaxant", "other")
#: 8.2.6 counts classes as ICHD-3 does: the non-opioid analgesics are one class (the
#: English source, marked for translation: the sentences name the classes in the plural)
ICHD_CLASS_PLURAL = {
    "simple_analgesic": N_("non-opioid analgesics"),
    "nsaid": N_("non-opioid analgesics"),
    "triptan": N_("triptans"),
    "ergot": N_("ergots"),
    "opioid": N_("opioids"),
    "combination": N_("combination analgesics"),
}
#: a run of this many consecutive months or more is "more than 3 months"
RUN_MONTHS = 4
#: ICHD-3 8.2 criterion A: headache on this many days of a calendar month
CRITERION_A_DAYS = 15


@dataclass(frozen=True)
class Criterion:
    """An ICHD-3 8.2 subtype as the app counts it."""

    id: str
    #: what is counted, in words ("triptans"; the English source, marked with N_)
    what: str
    classes: tuple[str, ...]
    threshold: int


CRITERIA: tuple[Criterion, ...] = (
    Criterion("8.2.1", N_("ergots"), ("ergot",), 10),
    Criterion("8.2.2", N_("triptans"), ("triptan",), 10),
    Criterion(
        "8.2.3",
        N_("non-opioid analgesics (paracetamol, aspirin, other NSAIDs) together"),
        NON_OPIOID,
        15,
    ),
    Criterion("8.2.4", N_("opioids"), ("opioid",), 10),
    Criterion("8.2.5", N_("combination analgesics"), ("combination",), 10),
    Criterion("8.2.6", N_("two or more of these classes together"), ACUTE_CLASSES, 10),
    Criterion(
        "8.2.8",
        N_("other medication for headache (muscle relaxants, other)"),
        OTHER_CLASSES,
        10,
    ),
)
BY_ID = {c.id: c for c in CRITERIA}
_SINGLE = tuple(c for c in CRITERIA if c.id in ("8.2.1", "8.2.2", "8.2.3", "8.2.4", "8.2.5"))


@dataclass(frozen=True)
class MonthOveruse:
    """A criterion met in a calendar month: ``days`` distinct days on which one of
    ``classes`` (the classes of the criterion actually taken that month) was taken."""

    month: str
    criterion: Criterion
    classes: tuple[str, ...]
    days: int

    def to_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "criterion": self.criterion.id,
            "classes": list(self.classes),
            "days": self.days,
            "threshold": self.criterion.threshold,
        }


@dataclass(frozen=True)
class OveruseRun:
    """A maximal run of consecutive months, each with some medication criterion met."""

    first: str
    last: str
    months: int
    criteria: tuple[str, ...]
    #: (month, the criteria met in it), for every month of the run, ascending
    by_month: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: months of the run with headache on >= 15 days (ICHD-3 8.2 criterion A); None until
    #: the summary has counted them (:func:`with_criterion_a`)
    headache_15_days_months: int | None = None

    @property
    def more_than_3_months(self) -> bool:
        return self.months >= RUN_MONTHS

    def _streaks(self) -> dict[str, int]:
        """criterion -> its longest stretch of consecutive months in the run."""
        out: dict[str, int] = {}
        for crit in self.criteria:
            streak = 0
            for _month, met in self.by_month:
                streak = streak + 1 if crit in met else 0
                out[crit] = max(out.get(crit, 0), streak)
        return out

    @property
    def longest_single_criterion_months(self) -> int:
        """The longest stretch of the run in which one and the same criterion was met in
        every month."""
        return max(self._streaks().values(), default=0)

    @property
    def longest_single_criteria(self) -> tuple[str, ...]:
        """The criteria met over that longest stretch."""
        streaks = self._streaks()
        best = self.longest_single_criterion_months
        return tuple(c for c in self.criteria if streaks[c] == best)

    @property
    def criteria_changed(self) -> bool:
        """Not every month of the run met the same criteria."""
        return len({met for _month, met in self.by_month}) > 1

    def stretches(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(first month, last month, criteria) of each stretch of consecutive months that
        met the same criteria, in order."""
        out: list[tuple[str, str, tuple[str, ...]]] = []
        for month, met in self.by_month:
            if out and out[-1][2] == met:
                out[-1] = (out[-1][0], month, met)
            else:
                out.append((month, month, met))
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.first,
            "to": self.last,
            "months": self.months,
            "criteria": list(self.criteria),
            "more_than_3_months": self.more_than_3_months,
            "longest_single_criterion_months": self.longest_single_criterion_months,
            "headache_15_days_months": self.headache_15_days_months,
        }


@dataclass(frozen=True)
class OveruseResult:
    #: criteria met in the months asked for, by month then criterion
    months: tuple[MonthOveruse, ...] = ()
    #: maximal runs that overlap the months asked for, at full length, ascending
    runs: tuple[OveruseRun, ...] = ()


def next_month(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return f"{y:04d}-{m:02d}"


def month_overuse(month: str, days: Mapping[str, Collection[str]]) -> list[MonthOveruse]:
    """The criteria met in ``month``, given the classes taken on each of its days."""

    def days_of(classes: Sequence[str]) -> tuple[int, tuple[str, ...]]:
        wanted = set(classes)
        n = 0
        taken: set[str] = set()
        for day_classes in days.values():
            hit = wanted.intersection(day_classes)
            if hit:
                n += 1
                taken |= hit
        return n, tuple(c for c in classes if c in taken)

    out: list[MonthOveruse] = []
    for crit in _SINGLE:
        n, taken = days_of(crit.classes)
        if n >= crit.threshold:
            out.append(MonthOveruse(month, crit, taken, n))
    if not out:
        n, taken = days_of(ACUTE_CLASSES)
        crit = BY_ID["8.2.6"]
        if n >= crit.threshold and len({ICHD_CLASS_PLURAL[c] for c in taken}) >= 2:
            out.append(MonthOveruse(month, crit, taken, n))
    crit = BY_ID["8.2.8"]
    n, taken = days_of(crit.classes)
    if n >= crit.threshold:
        out.append(MonthOveruse(month, crit, taken, n))
    return out


def evaluate(day_classes: Mapping[str, Collection[str]], months: Sequence[str]) -> OveruseResult:
    """The criteria met in each of ``months`` (each over its whole calendar month) and the
    maximal runs of months with some criterion met that overlap ``months``.

    ``day_classes``: local date (ISO) -> classes taken that day; every date the diary knows
    of, not only those of the period, so that months and runs are seen whole.
    """
    by_month: dict[str, dict[str, Collection[str]]] = {}
    for day, classes in day_classes.items():
        if classes:
            by_month.setdefault(day[:7], {})[day] = classes
    met = {m: month_overuse(m, days) for m, days in sorted(by_month.items())}
    met = {m: found for m, found in met.items() if found}
    wanted = set(months)
    flags = tuple(f for m in months for f in met.get(m, ()))
    runs: list[OveruseRun] = []
    run: list[str] = []
    for m in met:  # ascending
        if run and m != next_month(run[-1]):
            runs.append(_run(run, met))
            run = []
        run.append(m)
    if run:
        runs.append(_run(run, met))
    overlapping = tuple(r for r in runs if any(_within(r, m) for m in wanted))
    return OveruseResult(flags, overlapping)


def _run(months: list[str], met: Mapping[str, list[MonthOveruse]]) -> OveruseRun:
    criteria = sorted({f.criterion.id for m in months for f in met[m]})
    by_month = tuple((m, tuple(sorted({f.criterion.id for f in met[m]}))) for m in months)
    return OveruseRun(months[0], months[-1], len(months), tuple(criteria), by_month)


def run_months(run: OveruseRun) -> list[str]:
    """Every month of the run (``YYYY-MM``), ascending."""
    return [m for m, _met in run.by_month]


def with_criterion_a(result: OveruseResult, headache_days: Mapping[str, int]) -> OveruseResult:
    """``result`` with each run's ``headache_15_days_months`` counted from
    ``headache_days`` (month -> headache days in the whole calendar month; it must hold
    every month of every run)."""
    runs = tuple(
        dataclasses.replace(
            r,
            headache_15_days_months=sum(
                headache_days[m] >= CRITERION_A_DAYS for m in run_months(r)
            ),
        )
        for r in result.runs
    )
    return dataclasses.replace(result, runs=runs)


def _within(run: OveruseRun, month: str) -> bool:
    return run.first <= month <= run.last
