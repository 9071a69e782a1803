"""The daily check-in (DESIGN.md vocabulary, FORMAT.md ``check_ins``): one a day.

A check-in says whether the day was headache-free, with an optional neck stiffness 0-10
and a note. A second check-in for a day replaces the first. A day with an episode in
progress is a headache day whatever its check-in says ("the episode wins"); saving a
headache-free check-in for such a day is refused (``services.checkins``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from headache_diary.domain.errors import DiaryError, ValidationError
from headache_diary.domain.text import NOT_TEXT, format_date, is_text

#: longest note kept with a check-in (characters)
MAX_NOTE = 2000
#: the earliest year a check-in may have (as for episodes and the history)
EARLIEST_YEAR = 1900
STIFFNESS_MAX = 10


@dataclass(frozen=True)
class CheckIn:
    day: date
    headache_free: bool
    #: 0-10, None when not recorded
    neck_stiffness: int | None = None
    note: str = ""

    def describe(self) -> str:
        """``headache-free, neck stiffness 3``: what the check-in says, in words."""
        parts = ["headache-free" if self.headache_free else "headache"]
        if self.neck_stiffness is not None:
            parts.append(f"neck stiffness {self.neck_stiffness}/10")
        if self.note:
            parts.append("with a note")
        return ", ".join(parts)


class CheckInError(ValidationError):
    """A check-in that breaks a rule; ``str()`` is one readable sentence per problem."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(problems)
        self.args = (" ".join(problems.values()),)

    def __str__(self) -> str:
        return str(self.args[0])


class CheckInConflict(DiaryError):
    """A headache-free check-in for a day on which an episode was in progress."""


def check_in_problems(ci: CheckIn, today: date) -> dict[str, str]:
    """Every rule ``ci`` breaks, as field -> sentence (empty when it is valid)."""
    out: dict[str, str] = {}
    if ci.day.year < EARLIEST_YEAR:
        out["date"] = (
            f"{format_date(ci.day)} is before {EARLIEST_YEAR}: give a date of your diary. "
            "Nothing was saved."
        )
    elif ci.day > today:
        out["date"] = (
            f"{format_date(ci.day)} is in the future: a check-in is for today or an earlier "
            "day. Nothing was saved."
        )
    stiffness = ci.neck_stiffness
    if stiffness is not None and (
        isinstance(stiffness, bool)
        or not isinstance(stiffness, int)
        or not 0 <= stiffness <= STIFFNESS_MAX
    ):
        out["neck_stiffness"] = (
            f"Neck stiffness {stiffness!r} is not a whole number from 0 to 10. Nothing was saved."
        )
    if not isinstance(ci.headache_free, bool):
        out["headache_free"] = "Say whether the day was headache-free. Nothing was saved."
    if len(ci.note) > MAX_NOTE:
        out["note"] = f"The note is longer than {MAX_NOTE} characters. Nothing was saved."
    elif not is_text(ci.note):
        out["note"] = f"The note {NOT_TEXT}. Nothing was saved."
    return out


def validate_check_in(ci: CheckIn, today: date) -> CheckIn:
    """``ci`` with its note trimmed, or CheckInError."""
    clean = CheckIn(ci.day, ci.headache_free, ci.neck_stiffness, ci.note.strip())
    found = check_in_problems(clean, today)
    if found:
        raise CheckInError(found)
    return clean


def parse_stiffness(text: str) -> int:
    """A neck stiffness typed on the command line; CheckInError unless 0-10."""
    try:
        value = int(text.strip())
    except ValueError:
        value = None
    if value is None or not 0 <= value <= STIFFNESS_MAX:
        raise CheckInError(
            {
                "neck_stiffness": f"Neck stiffness {text!r} is not a whole number from 0 to 10. "
                "Nothing was saved."
            }
        )
    return value
