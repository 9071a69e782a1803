"""The period of an analysis and the rounding of its figures: the leaf that every result
module builds on (:mod:`headache_diary.analysis.results` re-exports them)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction


@dataclass(frozen=True)
class Period:
    """Inclusive range of local calendar days."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return max(0, (self.end - self.start).days + 1)

    @property
    def params(self) -> dict[str, str]:
        return {"f": self.start.isoformat(), "t": self.end.isoformat()}

    def whole_months(self) -> Period:
        """From the first day of the period's first month to the last day of its last
        month (ICHD-3 counts per calendar month, FORMAT.md: whole months)."""
        if self.days == 0:
            return self
        nxt = (self.end.replace(day=1) + timedelta(days=32)).replace(day=1)
        return Period(self.start.replace(day=1), nxt - timedelta(days=1))

    def months(self) -> list[str]:
        """Every calendar month (``YYYY-MM``) overlapping the period, ascending."""
        if self.days == 0:
            return []
        out = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


#: a rate per 30 days is given only for a window or period of at least this many days
#: (DESIGN.md); a shorter one gives "n headache days in d days"
MIN_RATE_DAYS = 28


def per_30(days_with: int, days: int) -> float | None:
    """``days_with`` per 30 days of ``days``, rounded half up to one decimal; None for
    fewer than :data:`MIN_RATE_DAYS` days."""
    if days < MIN_RATE_DAYS:
        return None
    return round_half_up(Fraction(days_with * 30, days))


def round_half_up(value: Fraction | int, digits: int = 1) -> float:
    """Round an exact value half up (away from zero for the positive values used here)."""
    scale = 10**digits
    return float(Fraction(math.floor(Fraction(value) * scale + Fraction(1, 2)), scale))


def pct(num: int, den: int) -> float | None:
    """``num / den`` in percent, one decimal, half up from the exact ratio; None if den 0."""
    if not den:
        return None
    return round_half_up(Fraction(100 * num, den))
