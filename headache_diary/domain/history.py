"""The neck history: dated events (what was done about the neck) and their rules.

A :class:`HistoryEvent` is a plain value like an Episode. Its date is known to the day,
the month or the year (``date_precision``); the stored ``date`` is then the first day of
that month or year. The analysis places a month-precision event on the 15th and marks
it approximate; a year-precision one gets no before/after figures (FORMAT.md
``history_effects``).

:class:`HistoryForm` is the editor's form: what the patient typed (year, month and day
each optional) in, an event and its problems (field -> message) out, so the dialog holds
no rules and the rules are tested without Qt.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace

from headache_diary import i18n
from headache_diary.domain import new_id, vocab
from headache_diary.domain.errors import ValidationError
from headache_diary.domain.text import NOT_TEXT, format_date, is_text
from headache_diary.domain.workup import NerveBlock, block_problems
from headache_diary.i18n import N_, _, ngettext

KINDS = vocab.HISTORY_KINDS
PRECISIONS = ("day", "month", "year")
#: the side of an event (e.g. the side blocked); None when it has none
SIDES = ("left", "right", "both")
MAX_TITLE = 200
MAX_TEXT = 10_000
EARLIEST_YEAR = 1900

#: a few words per kind for the chart markers
#: (English sources: translated by :func:`short_label`)
# Translators: the next twelve are a few words on a chart marker (the kind of an event)
SHORT_LABELS = {
    "headaches_began": N_("Headaches began"),
    "neck_injury": N_("Neck injury"),
    "xray": N_("X-ray"),
    "mri": N_("MRI"),
    "ct": N_("CT"),
    "emg": N_("EMG"),
    "nerve_block": N_("Nerve block"),
    "physiotherapy": N_("Physio"),
    "manual_therapy": N_("Manual therapy"),
    "medication_change": N_("Medication"),
    "diagnosis": N_("Diagnosis"),
    "other": N_("Other"),
}


def first_day(day: dt.date, precision: str) -> dt.date:
    """The stored date of an event: the first day of its month or year when it is known
    only to the month or year."""
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


@dataclass(frozen=True)
class HistoryEvent:
    date: dt.date
    kind: str
    date_precision: str = "day"
    side: str | None = None
    #: the structure blocked (nerve blocks only), e.g. "C2/3 facet, left"
    structure: str = ""
    title: str = ""
    #: findings or details
    details: str = ""
    outcome: str = ""
    id: str = field(default_factory=new_id)
    #: what a block sheet records (nerve blocks only; domain.workup); None: not recorded
    block: NerveBlock | None = None

    def normalized(self) -> HistoryEvent:
        """As stored: the date cut to its precision, the title and structure on one line,
        texts without surrounding blanks, an empty side as None."""
        return replace(
            self,
            date=first_day(self.date, self.date_precision),
            side=self.side or None,
            structure=" ".join(self.structure.split()),
            title=" ".join(self.title.split()),
            details=self.details.strip(),
            outcome=self.outcome.strip(),
            block=None if self.block is None else self.block.normalized(),
        )

    @property
    def approximate(self) -> bool:
        return self.date_precision != "day"

    @property
    def placed_date(self) -> dt.date | None:
        """The day the before/after windows are around: the date itself, the 15th for an
        event dated to the month, None for one dated to the year (no windows)."""
        if self.date_precision == "day":
            return self.date
        if self.date_precision == "month":
            return self.date.replace(day=15)
        return None

    @property
    def sort_key(self) -> tuple[dt.date, int, str, str]:
        """Date order: by stored date, then day before month before year precision."""
        rank = PRECISIONS.index(self.date_precision) if self.date_precision in PRECISIONS else 3
        return (self.date, rank, self.title, self.id)

    @property
    def duplicate_key(self) -> tuple[str, str, str, str]:
        """Import skips an event whose date, precision, kind and title equal one already
        in the diary (or an earlier one of the file), as it does for episodes."""
        return (self.date.isoformat(), self.date_precision, self.kind, self.title)


# --- wording ---------------------------------------------------------------------------------


def format_event_date(event: HistoryEvent) -> str:
    """``14 Mar 2019``, ``March 2019`` or ``2019``, as precise as the event is dated."""
    d = event.date
    if event.date_precision == "year":
        return str(d.year)
    if event.date_precision == "month":
        return i18n.format_month(d)
    return format_date(d)


def kind_label(kind: str) -> str:
    return vocab.label(kind)


def short_label(event: HistoryEvent) -> str:
    """A few words for a chart marker: the kind, or the title for "other"."""
    if event.kind == "other" and event.title:
        return event.title if len(event.title) <= 18 else event.title[:17] + "…"
    if event.kind in SHORT_LABELS:
        return _(SHORT_LABELS[event.kind])
    return vocab.label(event.kind)


#: (English sources: translated by :func:`where_text`)
_SIDE_WORDS = {
    "left": N_("left side"),
    "right": N_("right side"),
    "both": N_("both sides"),
}


def where_text(event: HistoryEvent) -> str:
    """The structure and side, e.g. ``C2/3 facet, left side`` ("" when neither)."""
    side = _(_SIDE_WORDS[event.side]) if event.side in _SIDE_WORDS else ""
    if event.structure and side:
        # Translators: {structure} is the structure blocked, as the patient typed it
        # (C2/3 facet), {side} "left side", "right side" or "both sides"
        return _("{structure}, {side}", structure=event.structure, side=side)
    return event.structure or side


def describe(event: HistoryEvent) -> str:
    """``Nerve block – medial branch block (C2/3 facet, left side)``: kind, title, where."""
    kind = kind_label(event.kind)
    where = where_text(event)
    # Translators: {kind} is the kind of a history event (Nerve block), {title} the
    # patient's title for it, {where} the structure and side
    if event.title and where:
        return _("{kind} – {title} ({where})", kind=kind, title=event.title, where=where)
    if event.title:
        return _("{kind} – {title}", kind=kind, title=event.title)
    if where:
        return _("{kind} ({where})", kind=kind, where=where)
    return kind


# --- rules -----------------------------------------------------------------------------------


def _future(event: HistoryEvent, today: dt.date) -> bool:
    d = event.date
    if event.date_precision == "year":
        return d.year > today.year
    if event.date_precision == "month":
        return (d.year, d.month) > (today.year, today.month)
    return d > today


def event_problems(event: HistoryEvent, today: dt.date) -> dict[str, str]:
    """Every rule the event breaks, as field -> readable message (empty when valid)."""
    out: dict[str, str] = {}
    if event.kind not in KINDS:
        # Translators: {code} is the unknown value, {codes} the codes allowed (in English)
        out["kind"] = _(
            "unknown kind {code}; use one of: {codes}",
            code=repr(event.kind),
            codes=", ".join(KINDS),
        )
    if event.date_precision not in PRECISIONS:
        out["date_precision"] = _(
            "unknown precision {code}; use day, month or year", code=repr(event.date_precision)
        )
    elif event.date.year < EARLIEST_YEAR:
        out["date"] = _("the date must be in {year} or later", year=str(EARLIEST_YEAR))
    elif _future(event, today):
        out["date"] = _("the date cannot be in the future")
    if event.side is not None and event.side not in SIDES:
        out["side"] = _("the side is left, right or both, not {code}", code=repr(event.side))
    if event.structure and event.kind != "nerve_block":
        out["structure"] = _("only a nerve block has a structure blocked")
    if len(event.structure) > MAX_TITLE:
        out["structure"] = ngettext(
            "the structure can have at most {count} character",
            "the structure can have at most {count} characters",
            MAX_TITLE,
        )
    if len(event.title) > MAX_TITLE:
        out["title"] = ngettext(
            "the title can have at most {count} character",
            "the title can have at most {count} characters",
            MAX_TITLE,
        )
    for name in ("details", "outcome"):
        if len(getattr(event, name)) > MAX_TEXT:
            out[name] = ngettext(
                "at most {count} character", "at most {count} characters", MAX_TEXT
            )
    for name in ("structure", "title", "details", "outcome"):
        if name not in out and not is_text(getattr(event, name)):
            out[name] = _(NOT_TEXT)
    if event.block is not None:
        if event.kind != "nerve_block":
            out["block"] = _("Only a nerve block has a block response.")
        else:
            out.update(block_problems(event.block))
    return out


def validate_event(event: HistoryEvent, today: dt.date) -> HistoryEvent:
    """The normalized event; ValidationError listing every problem."""
    ev = event.normalized()
    found = event_problems(ev, today)
    if found:
        raise ValidationError(found)
    return ev


# --- the editor's form -----------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryForm:
    """What the history editor shows. The date is typed as year, month and day, each
    optional: the year alone dates the event to the year, year and month to the month."""

    kind: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    side: str | None = None
    structure: str = ""
    title: str = ""
    details: str = ""
    outcome: str = ""
    id: str = field(default_factory=new_id)
    #: the block response (kept for a nerve block only)
    block: NerveBlock | None = None

    @classmethod
    def of(cls, event: HistoryEvent) -> HistoryForm:
        d = event.date
        return cls(
            kind=event.kind,
            year=d.year,
            month=None if event.date_precision == "year" else d.month,
            day=d.day if event.date_precision == "day" else None,
            side=event.side,
            structure=event.structure,
            title=event.title,
            details=event.details,
            outcome=event.outcome,
            id=event.id,
            block=event.block,
        )

    def _date(self) -> tuple[dt.date | None, str, str]:
        """(date, precision, problem)."""
        if self.year is None:
            if self.month is not None or self.day is not None:
                return None, "day", _("enter the year too")
            return None, "day", _("enter the date: at least the year")
        if self.month is None:
            if self.day is not None:
                return None, "day", _("choose the month too, or clear the day")
            return dt.date(self.year, 1, 1), "year", ""
        if self.day is None:
            return dt.date(self.year, self.month, 1), "month", ""
        last = calendar.monthrange(self.year, self.month)[1]
        if self.day > last:
            month = dt.date(self.year, self.month, 1)
            # Translators: {month} is a month and year (February 2026)
            return (
                None,
                "day",
                ngettext(
                    "{month} has only {count} day",
                    "{month} has only {count} days",
                    last,
                    month=i18n.format_month(month),
                ),
            )
        return dt.date(self.year, self.month, self.day), "day", ""

    def build(self, today: dt.date) -> tuple[HistoryEvent | None, dict[str, str]]:
        """The event the form describes (None when it cannot be made) and its problems."""
        problems: dict[str, str] = {}
        if not self.kind:
            problems["kind"] = _("choose what happened")
        day, precision, date_problem = self._date()
        if date_problem:
            problems["date"] = date_problem
        structure = self.structure if self.kind == "nerve_block" else ""
        block = self.block if self.kind == "nerve_block" else None
        if block is not None and block.is_empty:
            block = None
        if day is None or not self.kind:
            return None, problems
        event = HistoryEvent(
            date=day,
            kind=self.kind,
            date_precision=precision,
            side=self.side,
            structure=structure,
            title=self.title,
            details=self.details,
            outcome=self.outcome,
            id=self.id,
            block=block,
        ).normalized()
        problems.update(event_problems(event, today))
        return (None if problems else event), problems
