"""The neck workup records (DESIGN.md "Neck workup records"): a nerve block's response and
the scores copied from a clinic's forms, as plain values with their rules.

A :class:`NerveBlock` is what a headache clinic's block sheet records about a
``nerve_block`` history event: purpose, target, anaesthetic, control, the pain before the
block and timed pain ratings after it (minutes after, pain 0-10), and how many hours the
relief lasted. It lives on the event (``HistoryEvent.block``).

A :class:`Score` is a questionnaire total the patient copies from the form their clinic
uses: NDI (0-50), HIT-6 (36-78), MIDAS (0-270) or another named score (>= 0). The app
ships no questionnaire text: their licences restrict it.

Every problem is a whole, translated sentence (field -> message); nothing here knows Qt
or the database.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace

from headache_diary.domain import new_id, vocab
from headache_diary.domain.errors import ValidationError
from headache_diary.domain.text import NOT_TEXT, is_text
from headache_diary.i18n import N_, _, ngettext

PURPOSES = vocab.BLOCK_PURPOSES
CONTROLS = vocab.BLOCK_CONTROLS
INSTRUMENTS = vocab.SCORE_INSTRUMENTS
PAIN_MAX = 10
#: the times after a block the editor offers (minutes): 15, 30, 60 min, 2, 4, 6, 8, 24 h
OFFERED_MINUTES = (15, 30, 60, 120, 240, 360, 480, 1440)
#: a rating later than 30 days after the block is not a block's response
MAX_MINUTES = 30 * 24 * 60
MAX_RELIEF_HOURS = 24 * 365
MAX_TEXT = 200
MAX_NOTE = 2000
EARLIEST_YEAR = 1900
#: the lowest and highest total of each instrument; None: no upper bound
RANGES: dict[str, tuple[int, int | None]] = {
    "ndi": (0, 50),
    "hit6": (36, 78),
    "midas": (0, 270),
    "other": (0, None),
}
#: the largest total of a named ("other") score
MAX_OTHER_TOTAL = 1_000_000
#: a common bar for a diagnostic block: at least this much relief (percent)
RELIEF_BAR_PCT = 80

#: the instruments' short names, as clinics write them (not translated: they are names)
INSTRUMENT_NAMES = {"ndi": "NDI", "hit6": "HIT-6", "midas": "MIDAS"}
#: the control of a block, "none" worded for this field
_CONTROL_NONE = N_("No control block")
_OTHER_INSTRUMENT = N_("Another score")


# --- nerve block --------------------------------------------------------------------------


@dataclass(frozen=True)
class BlockRating:
    """Pain (0-10) this many minutes after the block."""

    after_minutes: int
    pain: int


@dataclass(frozen=True)
class NerveBlock:
    purpose: str | None = None
    target: str = ""
    anaesthetic: str = ""
    control: str | None = None
    #: pain 0-10 just before the block; None when not recorded
    pain_before: int | None = None
    #: ascending, distinct minutes (normalized)
    ratings: tuple[BlockRating, ...] = ()
    #: how many hours the relief lasted; None when not recorded
    relief_hours: float | None = None

    def normalized(self) -> NerveBlock:
        """As stored: texts on one line, ratings by time, hours as an int when whole."""
        hours = self.relief_hours
        if isinstance(hours, float) and math.isfinite(hours) and hours.is_integer():
            hours = int(hours)
        return replace(
            self,
            target=" ".join(self.target.split()),
            anaesthetic=" ".join(self.anaesthetic.split()),
            ratings=tuple(sorted(self.ratings, key=lambda r: r.after_minutes)),
            relief_hours=hours,
        )

    @property
    def is_empty(self) -> bool:
        """Nothing recorded at all (the editor then stores no block)."""
        return self == NerveBlock()


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def pain_problem(value: object) -> str | None:
    """The sentence for a pain rating that is not a whole number 0-10 (None when fine)."""
    if _is_whole(value) and 0 <= value <= PAIN_MAX:  # type: ignore[operator]
        return None
    return _("Pain {value} is not a whole number from 0 to 10.", value=_shown(value))


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value) if isinstance(value, int | float) else repr(value)


def block_problems(block: NerveBlock) -> dict[str, str]:
    """Every rule ``block`` breaks, as field -> sentence (``block.ratings[2].pain``);
    empty when it is valid. ``block`` is taken as given (ratings in any order)."""
    out: dict[str, str] = {}
    if block.purpose is not None and block.purpose not in PURPOSES:
        out["block.purpose"] = _(
            "Unknown purpose {code}: use diagnostic or therapeutic.", code=repr(block.purpose)
        )
    if block.control is not None and block.control not in CONTROLS:
        out["block.control"] = _(
            "Unknown control {code}: use none, comparative or placebo.", code=repr(block.control)
        )
    for name in ("target", "anaesthetic"):
        text = getattr(block, name)
        if not is_text(text):
            out[f"block.{name}"] = NOT_TEXT
        elif len(text) > MAX_TEXT:
            out[f"block.{name}"] = ngettext(
                "At most {count} character.", "At most {count} characters.", MAX_TEXT
            )
    if block.pain_before is not None:
        problem = pain_problem(block.pain_before)
        if problem:
            out["block.pain_before"] = problem
    seen: set[int] = set()
    for n, rating in enumerate(block.ratings, start=1):
        key = f"block.ratings[{n}]"
        minutes = rating.after_minutes
        if not _is_whole(minutes) or not 0 <= minutes <= MAX_MINUTES:
            out[f"{key}.after_minutes"] = _(
                "{value} is not a whole number of minutes from 0 to {most} (30 days).",
                value=_shown(minutes),
                most=MAX_MINUTES,
            )
        elif minutes in seen:
            out[f"{key}.after_minutes"] = _(
                "There are two ratings {time} after the block: give each time once.",
                time=format_after(minutes),
            )
        else:
            seen.add(minutes)
        problem = pain_problem(rating.pain)
        if problem:
            out[f"{key}.pain"] = problem
    hours = block.relief_hours
    if hours is not None and (not _is_number(hours) or not 0 <= hours <= MAX_RELIEF_HOURS):
        out["block.relief_hours"] = _(
            "Hours of relief {value} is not a number from 0 to {most}.",
            value=_shown(hours),
            most=MAX_RELIEF_HOURS,
        )
    return out


def format_after(minutes: int) -> str:
    """``15 min``, ``60 min``, ``2 h``, ``1 h 30 min``, ``24 h``, ``3 d``: a time after a block."""
    if minutes <= 60:
        return _("{minutes} min", minutes=minutes)
    hours, rest = divmod(minutes, 60)
    if minutes % (24 * 60) == 0 and minutes > 24 * 60:
        return _("{days} d", days=minutes // (24 * 60))
    if rest:
        return _("{hours} h {minutes} min", hours=hours, minutes=rest)
    return _("{hours} h", hours=hours)


_AFTER_RE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(min|m|h|std|d|tg|t)?\.?\s*$", re.I)
_UNITS = {"min": 1, "m": 1, "h": 60, "std": 60, "d": 24 * 60, "tg": 24 * 60, "t": 24 * 60}


def after_text(minutes: int) -> str:
    """A time after a block as :func:`parse_after` reads it back, in any language:
    ``45 min``, ``3 h``, ``2 d``."""
    if minutes and minutes % (24 * 60) == 0 and minutes > 24 * 60:
        return f"{minutes // (24 * 60)} d"
    if minutes and minutes % 60 == 0 and minutes > 60:
        return f"{minutes // 60} h"
    return f"{minutes} min"


def parse_after(text: str) -> int | None:
    """Minutes from a typed time after the block: ``45``, ``45 min``, ``3 h``, ``1.5 h``,
    ``2 d`` (also German ``Std.`` and ``T``); None when it is not one."""
    m = _AFTER_RE.match(text)
    if not m:
        return None
    value = float(m.group(1).replace(",", "."))
    unit = (m.group(2) or "min").lower()
    factor = _UNITS[unit]
    minutes = value * factor
    if not minutes.is_integer():
        return None
    return int(minutes)


def purpose_label(code: str | None) -> str:
    return vocab.label(code)


def control_label(code: str | None) -> str:
    """``No control block``, ``Comparative``, ``Placebo`` ("" when not recorded)."""
    if code == "none":
        return _(_CONTROL_NONE)
    return vocab.label(code)


# --- scores --------------------------------------------------------------------------------


Total = int | float


@dataclass(frozen=True)
class Score:
    date: dt.date
    instrument: str
    total: Total
    #: the score's name (instrument ``other`` only)
    name: str = ""
    note: str = ""
    id: str = field(default_factory=new_id)

    def normalized(self) -> Score:
        total = self.total
        if isinstance(total, float) and math.isfinite(total) and total.is_integer():
            total = int(total)
        return replace(self, name=" ".join(self.name.split()), note=self.note.strip(), total=total)

    @property
    def series(self) -> tuple[str, str]:
        """What the score's chart and "latest values" group it by: (instrument, name)."""
        return (self.instrument, self.name if self.instrument == "other" else "")


def instrument_label(code: str) -> str:
    """``Neck Disability Index (NDI)``, ... or ``Another score``: the choice in a list."""
    if code == "other":
        return _(_OTHER_INSTRUMENT)
    return vocab.label(code)


def score_title(instrument: str, name: str = "") -> str:
    """What a score is called where it is shown: the instrument, or the other score's name."""
    if instrument == "other":
        return name or _(_OTHER_INSTRUMENT)
    return INSTRUMENT_NAMES.get(instrument) or vocab.label(instrument)


def ndi_percent(total: Total) -> float:
    """The NDI as a percentage (total x 2, DESIGN.md)."""
    return float(total) * 2


def format_total(score_or_total: Score | Total, instrument: str | None = None) -> str:
    """``24 (48%)`` for an NDI, else the total in the locale's digits."""
    from headache_diary import i18n

    if isinstance(score_or_total, Score):
        total, instrument = score_or_total.total, score_or_total.instrument
    else:
        total = score_or_total
    text = i18n.format_number(total) if isinstance(total, float) else i18n.format_int(total)
    if instrument == "ndi":
        return _("{total} ({percent})", total=text, percent=i18n.format_percent(ndi_percent(total)))
    return text


def range_text(instrument: str) -> str:
    low, high = RANGES[instrument]
    if high is None:
        return _("{low} or more", low=low)
    return _("{low} to {high}", low=low, high=high)


def score_problems(score: Score, today: dt.date) -> dict[str, str]:
    """Every rule ``score`` breaks (field -> sentence); empty when valid."""
    out: dict[str, str] = {}
    if score.date.year < EARLIEST_YEAR:
        out["date"] = _("The date must be in {year} or later.", year=str(EARLIEST_YEAR))
    elif score.date > today:
        out["date"] = _("The date cannot be in the future.")
    if score.instrument not in INSTRUMENTS:
        out["instrument"] = _(
            "Unknown instrument {code}: use ndi, hit6, midas or other.",
            code=repr(score.instrument),
        )
    else:
        total = score.total
        low, high = RANGES[score.instrument]
        title = score_title(score.instrument, score.name)
        if not _is_number(total):
            out["total"] = _("The total {value} is not a number.", value=_shown(total))
        elif score.instrument != "other" and not float(total).is_integer():
            out["total"] = _(
                "{instrument} totals are whole numbers, not {value}.",
                instrument=title,
                value=_shown(total),
            )
        elif high is not None and not low <= total <= high:
            out["total"] = _(
                "The {instrument} total is from {low} to {high}, not {value}.",
                instrument=title,
                low=low,
                high=high,
                value=_shown(total),
            )
        elif total < low:
            out["total"] = _("A score's total is 0 or more, not {value}.", value=_shown(total))
        elif high is None and total > MAX_OTHER_TOTAL:
            out["total"] = _(
                "A score's total is at most {most}, not {value}.",
                most=MAX_OTHER_TOTAL,
                value=_shown(total),
            )
        if score.instrument == "other" and not score.name.strip():
            out["name"] = _("Give the score's name (another score needs one).")
        if score.instrument != "other" and score.name:
            out["name"] = _("Only another score has a name.")
    if len(score.name) > MAX_TEXT:
        out["name"] = ngettext(
            "At most {count} character.", "At most {count} characters.", MAX_TEXT
        )
    if len(score.note) > MAX_NOTE:
        out["note"] = ngettext(
            "At most {count} character.", "At most {count} characters.", MAX_NOTE
        )
    for name in ("name", "note"):
        if name not in out and not is_text(getattr(score, name)):
            out[name] = NOT_TEXT
    return out


def validate_score(score: Score, today: dt.date) -> Score:
    """The normalized score; ValidationError listing every problem."""
    value = score.normalized()
    found = score_problems(value, today)
    if found:
        raise ValidationError(found)
    return value


_NUMBER_RE = re.compile(r"^\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)\s*$")


def parse_total(text: str) -> Total | None:
    """A total as typed (``24``, ``12.5``, ``12,5``); None when it is not a number."""
    if not _NUMBER_RE.match(text):
        return None
    value = float(text.strip().replace(",", "."))
    return int(value) if value.is_integer() else value


@dataclass(frozen=True)
class ScoreForm:
    """What the score dialog shows: the total as typed."""

    instrument: str = "ndi"
    date: dt.date | None = None
    total: str = ""
    name: str = ""
    note: str = ""
    id: str = field(default_factory=new_id)

    @classmethod
    def of(cls, score: Score) -> ScoreForm:
        from headache_diary import i18n

        total = score.total
        text = i18n.format_number(total, 3) if isinstance(total, float) else str(total)
        return cls(score.instrument, score.date, text, score.name, score.note, score.id)

    def build(self, today: dt.date) -> tuple[Score | None, dict[str, str]]:
        problems: dict[str, str] = {}
        if self.date is None:
            problems["date"] = _("Enter the date of the form.")
        total = parse_total(self.total)
        if not self.total.strip():
            problems["total"] = _("Enter the total from the form.")
        elif total is None:
            problems["total"] = _(
                "The total {value} is not a number.", value=repr(self.total.strip())
            )
        if problems or self.date is None or total is None:
            return None, problems
        name = self.name if self.instrument == "other" else ""
        score = Score(self.date, self.instrument, total, name, self.note, self.id).normalized()
        problems.update(score_problems(score, today))
        return (None if problems else score), problems
