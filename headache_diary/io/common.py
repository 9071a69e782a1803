"""Parsing helpers shared by the CSV and JSON formats (FORMAT.md).

Everything here is pure: no database, no files. Problems are raised as
:class:`FieldError` (a message about one value); the format modules add the row or
episode number and the column or key, and raise :class:`ImportRowError`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import ImportFileError
from headache_diary.domain.timeutil import (
    ZoneError,
    format_offset,
    iso,
    localize,
    zone_for,
)
from headache_diary.i18n import N_, _

#: CSV columns in export order (FORMAT.md).
CSV_COLUMNS: tuple[str, ...] = (
    "started_at",
    "ended_at",
    "time_zone",
    "duration_minutes",
    "ongoing",
    "side",
    "intensity",
    "character",
    "triggers",
    "trigger_note",
    "neck_position",
    "pain_origin",
    "pain_locations",
    "symptoms",
    "medications",
    "notes",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("started_at", "side")

NOTHING_IMPORTED = N_("Nothing was imported.")

if TYPE_CHECKING:  # a CSV file holds episodes only: its module need not load these
    from headache_diary.domain.checkin import CheckIn
    from headache_diary.domain.history import HistoryEvent
    from headache_diary.domain.medication import AcuteDose, PlanEntry
    from headache_diary.domain.workup import Score


@dataclass
class DiaryFile:
    """What a diary file holds (a CSV file holds episodes only): what a format reads and
    writes (``io.formats``)."""

    episodes: list[Episode]
    history: list[HistoryEvent] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    plan: list[PlanEntry] = field(default_factory=list)
    doses: list[AcuteDose] = field(default_factory=list)
    #: the scores copied from a clinic's forms (diary JSON format 3)
    scores: list[Score] = field(default_factory=list)


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}


def random_id() -> str:
    """A random (version 4) UUID string, like ``domain.episode.new_id`` but cheaper."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


def shown(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message, cut after ``limit`` characters: a message names the
    value, it does not repeat a 10 MB cell."""
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit])[:-1] + "…" + repr(text)[-1]


#: the longest problem an import error states (the rest is cut), a safety net behind
#: :func:`shown`
MAX_PROBLEM = 300


class FieldError(ValueError):
    """One value is wrong; the message says what (no row or column in it)."""


class ImportRowError(ImportFileError):
    """A bad row (CSV) or episode (JSON); ``number`` is the row/episode, ``field`` the
    column/key (None when the whole row is wrong)."""

    def __init__(self, unit: str, number: int, field: str | None, problem: str) -> None:
        self.unit = unit
        self.number = number
        self.field = field
        if len(problem) > MAX_PROBLEM:
            problem = problem[: MAX_PROBLEM - 1] + "…"
        self.problem = problem
        with_key, without_key = _WHERE.get(unit, _WHERE["episode"])
        if field:
            message = _(with_key, number=str(number), key=field, problem=problem)
        else:
            message = _(without_key, number=str(number), problem=problem)
        super().__init__(message)


#: where a bad value is, per unit (a CSV row, or one entry of a JSON list), with and
#: without the column or key; each a whole sentence ending in "Nothing was imported."
_WHERE = {
    # Translators: {number} is the CSV file's row number, {key} a column name as written in
    # the file (started_at), {problem} one of the import problems (a lower-case clause)
    "row": (
        N_("row {number}, column {key}: {problem}. Nothing was imported."),
        N_("row {number}: {problem}. Nothing was imported."),
    ),
    # Translators: {number}: the number of the episode in the JSON file; {key}: a JSON key
    "episode": (
        N_("episode {number}, key {key}: {problem}. Nothing was imported."),
        N_("episode {number}: {problem}. Nothing was imported."),
    ),
    "check-in": (
        N_("check-in {number}, key {key}: {problem}. Nothing was imported."),
        N_("check-in {number}: {problem}. Nothing was imported."),
    ),
    # Translators: "history", "medication_plan" and "acute_doses" are the names of lists in
    # the JSON file (keep them as they are); {number}: the entry's number in that list
    "history": (
        N_("history {number}, key {key}: {problem}. Nothing was imported."),
        N_("history {number}: {problem}. Nothing was imported."),
    ),
    "medication_plan": (
        N_("medication_plan {number}, key {key}: {problem}. Nothing was imported."),
        N_("medication_plan {number}: {problem}. Nothing was imported."),
    ),
    "acute_doses": (
        N_("acute_doses {number}, key {key}: {problem}. Nothing was imported."),
        N_("acute_doses {number}: {problem}. Nothing was imported."),
    ),
    "scores": (
        N_("scores {number}, key {key}: {problem}. Nothing was imported."),
        N_("scores {number}: {problem}. Nothing was imported."),
    ),
}


def file_error(problem: str) -> ImportFileError:
    """An error about the whole file, as a complete sentence."""
    if len(problem) > MAX_PROBLEM:
        problem = problem[: MAX_PROBLEM - 1] + "…"
    # Translators: {problem} is a whole sentence about the file, without its full stop
    return ImportFileError(_("{problem}. Nothing was imported.", problem=problem))


def decode(data: bytes) -> str:
    """UTF-8 text of ``data`` (a leading BOM is dropped); ImportFileError otherwise."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise file_error(
            _(
                "The file is not UTF-8 text (line {line} has a byte that is not UTF-8); "
                "save it as UTF-8, e.g. 'CSV UTF-8' in a spreadsheet",
                line=line,
            )
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise file_error(_("The file is empty"))
    return text


# --- formula-injection protection --------------------------------------------------------

_FORMULA_START = frozenset("=+-@'")


def needs_protection(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (FORMAT.md rule)."""
    if not text:
        return False
    if text[0] in "\t\r":
        return True
    stripped = text.lstrip(" ")
    return bool(stripped) and stripped[0] in _FORMULA_START


def protect(text: str) -> str:
    return "'" + text if needs_protection(text) else text


def unprotect(text: str) -> str:
    """Exact inverse of :func:`protect` on everything :func:`protect` can produce."""
    if text[:1] == "'" and needs_protection(text[1:]):
        return text[1:]
    return text


# --- codes --------------------------------------------------------------------------------


def _unknown(code: str, vocabulary: tuple[str, ...]) -> FieldError:
    # Translators: {code} is the unknown value as written in the file, {codes} the codes
    # the file may use (kept in English: they are the file format's words)
    return FieldError(
        _("unknown code {code}; use one of: {codes}", code=shown(code), codes=", ".join(vocabulary))
    )


def parse_code(text: str, vocabulary: tuple[str, ...]) -> str | None:
    if text in vocabulary:  # the usual case
        return text
    code = text.strip()
    if not code:
        return None
    if code not in vocabulary:
        raise _unknown(code, vocabulary)
    return code


def parse_codes(text: str, vocabulary: tuple[str, ...]) -> list[str]:
    """Codes separated by ``;`` (empty pieces ignored), returned in vocabulary order."""
    if not text:
        return []
    return list(_parse_codes(text, vocabulary))


@lru_cache(maxsize=4096)
def _parse_codes(text: str, vocabulary: tuple[str, ...]) -> tuple[str, ...]:
    codes = [c.strip() for c in text.split(";")]
    for code in codes:
        if code and code not in vocabulary:
            raise _unknown(code, vocabulary)
    return tuple(vocab.ordered(codes, vocabulary))


def parse_answer(text: str, vocabulary: tuple[str, ...]) -> list[str] | None:
    """A three-way CSV answer (FORMAT.md ``triggers``/``symptoms``): empty = not recorded
    (None), ``none`` alone = explicitly none ([]), else codes in vocabulary order."""
    if not text.strip():
        return None
    pieces = {c.strip() for c in text.split(";")} - {""}
    if vocab.NONE in pieces:
        if len(pieces) > 1:
            raise FieldError(
                _(
                    "{value} mixes 'none' with other codes; 'none' (alone) means none at all",
                    value=repr(text.strip()),
                )
            )
        return []
    return parse_codes(text, vocabulary)


def answer_cell(codes: list[str] | None, vocabulary: tuple[str, ...]) -> str:
    """The CSV cell of a three-way answer: empty, ``none`` or codes in vocabulary order."""
    if codes is None:
        return ""
    return ";".join(vocab.ordered(codes, vocabulary)) or vocab.NONE


def check_code_list(value: object, vocabulary: tuple[str, ...]) -> list[str]:
    """A JSON list of codes."""
    if not isinstance(value, list):
        raise FieldError(_("expected a list of codes"))
    for code in value:
        if not isinstance(code, str):
            raise FieldError(_("expected codes as text, got {type}", type=type(code).__name__))
        if code == vocab.NONE:
            raise FieldError(
                _("'none' is not a code; write [] for none at all, null if not recorded")
            )
        if code not in vocabulary:
            raise _unknown(code, vocabulary)
    return vocab.ordered(value, vocabulary)


# --- times --------------------------------------------------------------------------------

_TIME_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?", re.ASCII
)
_FRACTION_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[.,]\d+.*", re.ASCII)
_EXAMPLE = "2026-03-01T08:15:00+01:00"


#: years a time may have: every real record, and far from datetime's limits (the years 1
#: and 9999 overflow when moved into another zone)
YEARS = (1900, 2999)


def parse_stamp(text: str) -> datetime:
    """A FORMAT.md time: naive when it has no offset, else aware with a fixed offset."""
    if _TIME_RE.fullmatch(text) is None:
        if _FRACTION_RE.fullmatch(text):
            raise FieldError(
                _(
                    "{value} has fractional seconds; use whole seconds, e.g. {example}",
                    value=shown(text),
                    example=_EXAMPLE,
                )
            )
        raise FieldError(
            _(
                "{value} is not a date-time like {example} or 2026-03-01T08:15",
                value=shown(text),
                example=_EXAMPLE,
            )
        )
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise FieldError(_("{value} is not a real date and time", value=shown(text))) from None
    if not YEARS[0] <= dt.year <= YEARS[1]:
        raise FieldError(
            _(
                "{value} is outside the years {first} to {last}",
                value=shown(text),
                first=str(YEARS[0]),
                last=str(YEARS[1]),
            )
        )
    return dt


def stamp(dt: datetime, zone: tzinfo) -> str:
    """The export form of an instant in ``zone``: ``YYYY-MM-DDTHH:MM:SS+HH:MM``.

    Goes through UTC so that a wall time made by arithmetic in the same zone (which
    Python leaves unnormalized, e.g. inside a DST gap) is written as the real instant.
    """
    local = dt.astimezone(UTC).astimezone(zone)
    offset = local.utcoffset()
    if offset is not None and offset.seconds % 60 == 0:
        return local.isoformat(timespec="seconds")  # same text as iso(), much faster
    return iso(local)  # a historical offset with seconds: iso() writes whole minutes


@lru_cache(maxsize=256)
def zone_key(text: str) -> str:
    """A ``time_zone`` value: IANA key or ``+HH:MM``."""
    key = text.strip()
    try:
        zone_for(key)
    except ZoneError:
        raise FieldError(
            _(
                "unknown time zone {zone}; use a name such as Europe/Berlin or an offset "
                "such as +01:00",
                zone=shown(key),
            )
        ) from None
    return key


def _localize(naive: datetime, key: str) -> datetime:
    try:
        return localize(naive, key)
    except ZoneError as exc:
        # Translators: {problem} says why the local time is not a real time (a clock change)
        raise FieldError(
            _(
                "{problem}; write the time with its offset, e.g. {example}",
                problem=str(exc),
                example=_EXAMPLE,
            )
        ) from None


def start_and_zone(
    stamp: datetime, given_zone: str | None, local_zone: str
) -> tuple[datetime, str]:
    """The start instant in the episode's zone, and that zone's key (FORMAT.md rule).

    ``time_zone`` when given (a time without offset is then wall time in that zone);
    else for a time with an offset the computer's zone if it has that offset at that
    instant, otherwise the fixed offset; a time without offset is the computer's local time.
    """
    if given_zone is not None:
        return in_zone(stamp, given_zone), given_zone
    if stamp.tzinfo is None:
        return _localize(stamp, local_zone), local_zone
    local = stamp.astimezone(zone_for(local_zone))
    offset = stamp.utcoffset()
    if local.utcoffset() == offset:
        return local, local_zone
    key = _offset_key(offset)
    return stamp.astimezone(zone_for(key)), key


@lru_cache(maxsize=64)
def _offset_key(offset: timedelta | None) -> str:
    return format_offset(offset)


def in_zone(stamp: datetime, key: str) -> datetime:
    """An end or medication time in the episode's zone (naive = wall time there)."""
    if stamp.tzinfo is None:
        return _localize(stamp, key)
    return stamp.astimezone(zone_for(key))


_TEN_YEARS_MINUTES = 10 * 366 * 24 * 60


def duration_seconds(text: str) -> int:
    """``duration_minutes`` as whole seconds (> 0)."""
    try:
        minutes = Decimal(text.strip())
    except InvalidOperation:
        raise FieldError(_("{value} is not a number of minutes", value=shown(text))) from None
    if not minutes.is_finite() or minutes <= 0:
        raise FieldError(_("{value} is not a positive number of minutes", value=shown(text)))
    # compared before any arithmetic: 1e999999 minutes must not become a number of seconds
    if minutes > _TEN_YEARS_MINUTES:
        raise FieldError(_("{value} minutes is longer than ten years", value=shown(text)))
    seconds = int((minutes * 60).to_integral_value(ROUND_HALF_UP))
    if seconds <= 0:
        raise FieldError(_("{value} minutes is shorter than one second", value=shown(text)))
    return seconds


def parse_bool(text: str) -> bool | None:
    value = text.strip().lower()
    if not value:
        return None
    if value == "true":
        return True
    if value == "false":
        return False
    raise FieldError(_("{value} is not true or false", value=shown(text)))


def ongoing_problem(ongoing: bool | None, has_end: bool, end_name: str) -> str | None:
    """The message when ``ongoing`` contradicts the end, else None."""
    if ongoing is True and has_end:
        # Translators: {name} is a column or key of the file (ended_at), kept as it is
        return _("ongoing is true, but the episode has an end ({name})", name=end_name)
    if ongoing is False and not has_end:
        return _("ongoing is false, but there is no end ({name} is empty)", name=end_name)
    return None


def first_problem(problems: dict[str, str], order: tuple[str, ...]) -> tuple[str, str]:
    """The first (field, message) of ``problems`` in ``order`` (unknown fields last)."""
    for name in order:
        if name in problems:
            return name, problems[name]
    name = next(iter(problems))
    return name, problems[name]


def episode_key(ep: Episode) -> tuple[int, str]:
    """The duplicate key of FORMAT.md: (start instant in whole UTC seconds, side)."""
    return int(ep.started_at.timestamp() // 1), ep.side
