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
from headache_diary.domain.text import is_text
from headache_diary.i18n import N_, _, ngettext

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
        """``headache-free, neck stiffness 3/10``: what the check-in says, in words."""
        key = (self.headache_free, self.neck_stiffness is not None, bool(self.note))
        return _(_DESCRIBE[key], stiffness=self.neck_stiffness or 0)


#: what a check-in says, per (headache-free, neck stiffness given, note given): each whole
_DESCRIBE = {
    # Translators: what a check-in says, shown after "checked in for 2 Mar 2026:";
    # {stiffness} is a number 0-10
    (True, False, False): N_("headache-free"),
    (True, True, False): N_("headache-free, neck stiffness {stiffness}/10"),
    (True, False, True): N_("headache-free, with a note"),
    (True, True, True): N_("headache-free, neck stiffness {stiffness}/10, with a note"),
    (False, False, False): N_("headache"),
    (False, True, False): N_("headache, neck stiffness {stiffness}/10"),
    (False, False, True): N_("headache, with a note"),
    (False, True, True): N_("headache, neck stiffness {stiffness}/10, with a note"),
}


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
    """Every rule ``ci`` breaks, as field -> sentence (empty when it is valid): what the
    check-in editor and ``checkin`` say, each sentence ending in "Nothing was saved."."""
    return {field: _say(_SAVED[problem], values) for field, (problem, values) in _broken(ci, today)}


def check_in_import_problems(ci: CheckIn, latest: date) -> dict[str, str]:
    """The same rules as :func:`check_in_problems` (``latest``: the last date a file may
    have), as field -> the problem alone, a clause without a full stop or an ending: what
    an import says inside its own sentence ("check-in 3, key date: …. Nothing was
    imported.")."""
    return {
        field: _say(_IMPORTED[problem], values) for field, (problem, values) in _broken(ci, latest)
    }


def _say(text: str, values: dict[str, object]) -> str:
    """``text`` translated and filled; a note too long, by the count's plural."""
    if text == _LONG:
        count = values["count"]
        assert isinstance(count, int)
        return ngettext(
            "The note is longer than {count} character. Nothing was saved.",
            "The note is longer than {count} characters. Nothing was saved.",
            count,
        )
    if text == _LONG_IMPORTED:
        count = values["count"]
        assert isinstance(count, int)
        # Translators: part of an import's error "check-in 3, key note: … Nothing was
        # imported."
        return ngettext(
            "the note is longer than {count} character",
            "the note is longer than {count} characters",
            count,
        )
    return _(text, **values)


_LONG = "long"  # i18n: key
_LONG_IMPORTED = "long (imported)"  # i18n: key

#: each problem as a whole sentence of the editor and as a clause of an import (a note
#: too long: by its count's plural, in :func:`_say`)
_SAVED = {
    # Translators: {date} is a date, {year} a year (1900)
    "early": N_("{date} is before {year}: give a date of your diary. Nothing was saved."),
    # Translators: {date} is a date
    "future": N_(
        "{date} is in the future: a check-in is for today or an earlier day. Nothing was saved."
    ),
    # Translators: {value} is what was given (quoted)
    "stiffness": N_(
        "Neck stiffness {value} is not a whole number from 0 to 10. Nothing was saved."
    ),
    "free": N_("Say whether the day was headache-free. Nothing was saved."),
    "long": _LONG,
    "not_text": N_(
        "The note contains characters that are not text (unpaired surrogates). Nothing was saved."
    ),
}
_IMPORTED = {
    # Translators: part of an import's error "check-in 3, key date: … Nothing was
    # imported."; {date} is a date, {year} a year (1900)
    "early": N_("{date} is before {year}: give a date of your diary"),
    "future": N_("{date} is in the future: a check-in is for today or an earlier day"),
    "stiffness": N_("neck stiffness {value} is not a whole number from 0 to 10"),
    "free": N_("say whether the day was headache-free"),
    "long": _LONG_IMPORTED,
    "not_text": N_("the note contains characters that are not text (unpaired surrogates)"),
}


def _broken(ci: CheckIn, today: date) -> list[tuple[str, tuple[str, dict[str, object]]]]:
    """The rules ``ci`` breaks: (field, (problem, the values its sentence shows))."""
    out: list[tuple[str, tuple[str, dict[str, object]]]] = []
    if ci.day.year < EARLIEST_YEAR:
        out.append(("date", ("early", {"date": ci.day, "year": str(EARLIEST_YEAR)})))
    elif ci.day > today:
        out.append(("date", ("future", {"date": ci.day})))
    stiffness = ci.neck_stiffness
    if stiffness is not None and (
        isinstance(stiffness, bool)
        or not isinstance(stiffness, int)
        or not 0 <= stiffness <= STIFFNESS_MAX
    ):
        out.append(("neck_stiffness", ("stiffness", {"value": repr(stiffness)})))
    if not isinstance(ci.headache_free, bool):
        out.append(("headache_free", ("free", {})))
    if len(ci.note) > MAX_NOTE:
        out.append(("note", ("long", {"count": MAX_NOTE})))
    elif not is_text(ci.note):
        out.append(("note", ("not_text", {})))
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
                "neck_stiffness": _say(_SAVED["stiffness"], {"value": repr(text)}),
            }
        )
    return value
