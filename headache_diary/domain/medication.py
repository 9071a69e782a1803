"""Regular medication (the medication plan) and acute doses taken outside an episode.

A :class:`PlanEntry` is medication taken regularly from a start date to a stop date (or
still taken): a preventive (amitriptyline, topiramate...) or one of the acute classes
taken every day (e.g. a daily NSAID). A dose change is a new entry from the day of the
change: the old entry stops the day before (``services.medication.change_dose``), so the
record shows what was taken when.

An :class:`AcuteDose` is one dose taken outside a logged episode: an instant in the zone
it was recorded in, a name, an acute class and the relief (optional).

Medication days (FORMAT.md): a plan entry of an analgesic class (:data:`ANALGESIC_CLASSES`)
counts on every day from its start to its stop (both included; one still taken up to
today), whatever it is taken for; one of class ``muscle_relaxant`` or ``other`` likewise
only when the patient marked it taken to relieve headache (``for_headache``, ICHD-3 8.2.8:
medication "taken for acute or symptomatic treatment of headache"), otherwise never; one
of class ``preventive`` never; an acute dose on the local date it was taken
(:func:`plan_days`).

:class:`PlanForm`, :class:`ChangeDoseForm`, :class:`StopForm` and :class:`DoseForm` are the
dialogs' pure form models: what the patient entered in, a value and its problems (field ->
message) out. ``services.medication`` builds the same forms, so each rule and its message
exist once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from headache_diary.domain import new_id, vocab
from headache_diary.domain.errors import ValidationError
from headache_diary.domain.text import is_text
from headache_diary.domain.timeutil import ZoneError, localize, now_utc, zone_for
from headache_diary.i18n import _, format_time, ngettext

PREVENTIVE = "preventive"
#: the classes a plan entry can have: preventive first (the usual case), then the acute ones
PLAN_CLASSES = (PREVENTIVE, *vocab.MEDICATION_CLASSES)
#: a dose outside an episode is acute medication: any medication class, never preventive
DOSE_CLASSES = vocab.MEDICATION_CLASSES
#: plan entries of these classes are asked whether they are taken to relieve headache
#: (``for_headache``): only then do they count, towards ICHD-3 8.2.8 (DESIGN.md)
FOR_HEADACHE_CLASSES = ("muscle_relaxant", "other")
#: the analgesic classes of ICHD-3 8.2.1-8.2.6: a plan entry of one counts on every day it
#: covers, whatever it is taken for (8.2 B: drugs that *can* be taken for headache)
ANALGESIC_CLASSES = tuple(c for c in vocab.MEDICATION_CLASSES if c not in FOR_HEADACHE_CLASSES)
MAX_NAME = 200
MAX_DOSE = 200
EARLIEST_YEAR = 1900
#: a plan entry may be entered ahead of time, but not further than this
MAX_AHEAD = timedelta(days=365)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- the plan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanEntry:
    name: str
    med_class: str
    started: date
    #: the last day it was taken (included); None while still taken
    stopped: date | None = None
    #: free text, e.g. "10 mg at night"
    dose: str = ""
    id: str = field(default_factory=new_id)
    #: classes :data:`FOR_HEADACHE_CLASSES`: taken to relieve headache (True) or for
    #: something else (False, the default); None for every other class
    for_headache: bool | None = None

    def normalized(self) -> PlanEntry:
        """Text on one line; ``for_headache`` False where the class asks and none was
        given (a boolean on another class is left for :func:`plan_problems` to refuse)."""
        asked = self.med_class in FOR_HEADACHE_CLASSES
        for_headache = False if asked and self.for_headache is None else self.for_headache
        return replace(
            self, name=_one_line(self.name), dose=_one_line(self.dose), for_headache=for_headache
        )

    @property
    def asks_for_headache(self) -> bool:
        """Its class is asked whether it is taken to relieve headache."""
        return self.med_class in FOR_HEADACHE_CLASSES

    @property
    def counts(self) -> bool:
        """True when its days are medication days: an analgesic class whatever it is
        taken for; a muscle relaxant or "other" only when taken to relieve headache;
        never a preventive."""
        if self.med_class in ANALGESIC_CLASSES:
            return True
        return self.asks_for_headache and self.for_headache is True

    @property
    def preventive(self) -> bool:
        return self.med_class == PREVENTIVE

    def last_day(self, today: date) -> date:
        """The last day it counts on: its stop date, or today while still taken (never
        after today: a planned stop in the future is not taken yet)."""
        return today if self.stopped is None else min(self.stopped, today)

    def overlaps(self, first: date, last: date, today: date) -> bool:
        """Taken on some day of ``first``..``last`` (an entry still taken runs to today;
        one that starts after today is shown from its start)."""
        end = self.stopped if self.stopped is not None else max(today, self.started)
        return self.started <= last and end >= first

    @property
    def duplicate_key(self) -> tuple[str, str, str, str]:
        """Import skips an entry with the name, class, dose and start of one already in
        the diary (or earlier in the file)."""
        return (
            self.name.casefold(),
            self.med_class,
            self.dose.casefold(),
            self.started.isoformat(),
        )

    @property
    def sort_key(self) -> tuple[date, str, str]:
        return (self.started, self.name.casefold(), self.id)


def plan_problems(entry: PlanEntry, today: date) -> dict[str, str]:
    """Every rule the entry breaks, as field -> readable message (empty when valid)."""
    out: dict[str, str] = {}
    if not entry.name.strip():
        out["name"] = _("enter the medication's name")
    elif len(entry.name) > MAX_NAME:
        out["name"] = _name_too_long()
    elif not is_text(entry.name):
        out["name"] = _("the name contains characters that are not text (unpaired surrogates)")
    if not entry.med_class:
        out["med_class"] = _("choose the class: preventive or a medication class")
    elif entry.med_class not in PLAN_CLASSES:
        out["med_class"] = _unknown_class(entry.med_class, PLAN_CLASSES)
    if len(entry.dose) > MAX_DOSE:
        out["dose"] = ngettext(
            "the dose can have at most {count} character",
            "the dose can have at most {count} characters",
            MAX_DOSE,
        )
    elif not is_text(entry.dose):
        out["dose"] = _("the dose contains characters that are not text (unpaired surrogates)")
    problem = for_headache_problem(entry.med_class, entry.for_headache)
    if problem:
        out["for_headache"] = problem
    if entry.started.year < EARLIEST_YEAR:
        out["started"] = _("the start must be in {year} or later", year=str(EARLIEST_YEAR))
    elif entry.started > today + MAX_AHEAD:
        out["started"] = _("the start can be at most a year from today")
    if entry.stopped is not None and entry.stopped < entry.started:
        out["stopped"] = _("the stop date cannot be before the start date")
    return out


def _name_too_long() -> str:
    return ngettext(
        "the name can have at most {count} character",
        "the name can have at most {count} characters",
        MAX_NAME,
    )


def _unknown_class(code: str, allowed: tuple[str, ...]) -> str:
    # Translators: {code} is the unknown value, {codes} the class codes (kept in English)
    return _("unknown class {code}; use one of: {codes}", code=repr(code), codes=", ".join(allowed))


def for_headache_problem(med_class: str, value: object) -> str:
    """Why ``value`` cannot be the ``for_headache`` of a plan entry of ``med_class``
    ("" when it can): true or false (or not given) for a muscle relaxant or "other",
    nothing for any other class."""
    if value is not None and not isinstance(value, bool):
        return _("expected true, false or null, got {value}", value=repr(value))
    if med_class in FOR_HEADACHE_CLASSES or value is None:
        return ""
    if med_class not in PLAN_CLASSES:
        return ""  # the class itself is reported
    if med_class == PREVENTIVE:
        return _(
            "only muscle relaxants and 'other' medication say whether they are taken for "
            "headache; for a preventive it must be null (analgesics count whatever they are "
            "taken for, preventives never)"
        )
    # Translators: {code} is the medication class as written in the file (nsaid)
    return _(
        "only muscle relaxants and 'other' medication say whether they are taken for "
        "headache; for class {code} it must be null (analgesics count whatever they are "
        "taken for, preventives never)",
        code=med_class,
    )


def validate_plan_entry(entry: PlanEntry, today: date) -> PlanEntry:
    """The normalized entry; ValidationError listing every problem."""
    e = entry.normalized()
    found = plan_problems(e, today)
    if found:
        raise ValidationError(found)
    return e


def plan_days(entries: list[PlanEntry], today: date) -> dict[str, set[str]]:
    """Local date (ISO) -> the classes of the plan taken that day (FORMAT.md "Medication
    days"): every day from start to stop, up to today, of an entry that
    :attr:`~PlanEntry.counts` (an analgesic class; a muscle relaxant or "other" taken to
    relieve headache); the others never count."""
    out: dict[str, set[str]] = {}
    for e in entries:
        if not e.counts:
            continue
        day, last = e.started, e.last_day(today)
        while day <= last:
            out.setdefault(day.isoformat(), set()).add(e.med_class)
            day += timedelta(days=1)
    return out


# --- doses outside an episode ----------------------------------------------------------------


@dataclass(frozen=True)
class AcuteDose:
    #: aware, in ``time_zone``, to the second
    taken_at: datetime
    time_zone: str
    name: str
    med_class: str
    #: none / some / good / complete, or None when not recorded
    relief: str | None = None
    id: str = field(default_factory=new_id)

    def normalized(self) -> AcuteDose:
        taken = self.taken_at.astimezone(zone_for(self.time_zone)).replace(microsecond=0)
        return replace(self, taken_at=taken, name=_one_line(self.name), relief=self.relief or None)

    @property
    def local_date(self) -> date:
        """The medication day it counts on: its local date where it was taken."""
        return self.taken_at.astimezone(zone_for(self.time_zone)).date()

    @property
    def duplicate_key(self) -> tuple[int, str, str]:
        """Import skips a dose taken at the same instant (to the second), of the same
        class and name as one already in the diary (or earlier in the file)."""
        return (int(self.taken_at.timestamp() // 1), self.med_class, self.name.casefold())


def dose_problems(dose: AcuteDose, now: datetime | None = None) -> dict[str, str]:
    out: dict[str, str] = {}
    now = now or now_utc()
    try:
        zone_for(dose.time_zone)
    except ZoneError as exc:
        out["time_zone"] = str(exc)
    if dose.taken_at.tzinfo is None:
        out["taken_at"] = _("the time taken has no time zone")
    elif dose.taken_at > now + timedelta(minutes=1):
        out["taken_at"] = _("the time taken cannot be in the future")
    elif dose.taken_at.year < EARLIEST_YEAR:
        out["taken_at"] = _("the time taken must be in {year} or later", year=str(EARLIEST_YEAR))
    if len(dose.name) > MAX_NAME:  # the name is optional: the class is what counts
        out["name"] = _name_too_long()
    elif not is_text(dose.name):
        out["name"] = _("the name contains characters that are not text (unpaired surrogates)")
    if not dose.med_class:
        out["med_class"] = _("choose the class of the medication")
    elif dose.med_class == PREVENTIVE:
        out["med_class"] = _(
            "a preventive is regular medication: add it to the plan, not as a single dose"
        )
    elif dose.med_class not in DOSE_CLASSES:
        out["med_class"] = _unknown_class(dose.med_class, DOSE_CLASSES)
    if dose.relief is not None and dose.relief not in vocab.RELIEF:
        out["relief"] = _(
            "unknown relief {code}; use one of: {codes}",
            code=repr(dose.relief),
            codes=", ".join(vocab.RELIEF),
        )
    return out


def validate_dose(dose: AcuteDose, now: datetime | None = None) -> AcuteDose:
    found = dose_problems(dose, now)
    if found:
        raise ValidationError(found)
    return dose.normalized()


# --- the editors' forms ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanForm:
    """What the plan editor shows. ``stopped`` is None while the medication is still
    taken; ``for_headache`` is the answer to "taken to relieve headache?" (default no),
    used only for the classes that ask it."""

    name: str = ""
    med_class: str | None = None
    dose: str = ""
    started: date | None = None
    stopped: date | None = None
    id: str = field(default_factory=new_id)
    for_headache: bool = False

    @classmethod
    def of(cls, entry: PlanEntry) -> PlanForm:
        return cls(
            entry.name,
            entry.med_class,
            entry.dose,
            entry.started,
            entry.stopped,
            entry.id,
            bool(entry.for_headache),
        )

    def build(self, today: date) -> tuple[PlanEntry | None, dict[str, str]]:
        problems: dict[str, str] = {}
        if self.started is None:
            problems["started"] = _("enter the day it was started")
        entry = PlanEntry(
            name=self.name,
            med_class=self.med_class or "",
            dose=self.dose,
            started=self.started or today,
            stopped=self.stopped,
            id=self.id,
            for_headache=self.for_headache if self.med_class in FOR_HEADACHE_CLASSES else None,
        ).normalized()
        problems.update({k: v for k, v in plan_problems(entry, today).items() if k not in problems})
        return (None if problems else entry), problems


@dataclass(frozen=True)
class ChangeDoseForm:
    """A new dose of ``entry`` from ``from_day`` ("Change dose…"): the entry stops the day
    before, and a new entry with the new dose (same name, class and stop date) starts that
    day. ``from_day`` must be after the entry's start (else the entry itself is edited)."""

    entry: PlanEntry
    dose: str
    from_day: date
    new_entry_id: str = field(default_factory=new_id)

    def build(self, today: date) -> tuple[tuple[PlanEntry, PlanEntry] | None, dict[str, str]]:
        """(the entry as stopped, the new entry), or None and the problems."""
        entry, day = self.entry, self.from_day
        problems: dict[str, str] = {}
        if _one_line(self.dose) == entry.dose:
            problems["dose"] = _("enter the new dose")
        if day <= entry.started:
            problems["from_day"] = _(
                "the new dose must start after {day}, the day it was started (to correct "
                "the entry itself, use Edit)",
                day=entry.started,
            )
        elif entry.stopped is not None and day > entry.stopped:
            problems["from_day"] = _("it was stopped on {day}", day=entry.stopped)
        elif day > today + MAX_AHEAD:
            problems["from_day"] = _("the new dose can start at most a year from today")
        new = replace(entry, dose=self.dose, started=day, id=self.new_entry_id).normalized()
        for key, message in plan_problems(new, today).items():  # e.g. a dose too long
            problems.setdefault("from_day" if key in ("started", "stopped") else key, message)
        if problems:
            return None, problems
        return (replace(entry, stopped=day - timedelta(days=1)), new), problems


@dataclass(frozen=True)
class StopForm:
    """``entry`` was last taken on ``last_day`` ("Stop…")."""

    entry: PlanEntry
    last_day: date

    def build(self, today: date) -> tuple[PlanEntry | None, dict[str, str]]:
        stopped = replace(self.entry, stopped=self.last_day).normalized()
        problems = plan_problems(stopped, today)
        return (None if problems else stopped), problems


@dataclass(frozen=True)
class DoseForm:
    """What the dose editor shows: the wall-clock time in ``time_zone``."""

    name: str = ""
    med_class: str | None = None
    when: datetime | None = None  # naive wall-clock time
    time_zone: str = "UTC"
    relief: str | None = None
    id: str = field(default_factory=new_id)
    #: a dose being edited keeps its stored instant while the time is left alone
    stored: datetime | None = None

    @classmethod
    def of(cls, dose: AcuteDose) -> DoseForm:
        local = dose.taken_at.astimezone(zone_for(dose.time_zone))
        return cls(
            dose.name,
            dose.med_class,
            local.replace(tzinfo=None, second=0),
            dose.time_zone,
            dose.relief,
            dose.id,
            dose.taken_at,
        )

    def build(self, now: datetime | None = None) -> tuple[AcuteDose | None, dict[str, str]]:
        problems: dict[str, str] = {}
        taken: datetime | None = None
        if self.when is None:
            problems["taken_at"] = _("enter when it was taken")
        elif self.stored is not None and _same_minute(self.stored, self.when, self.time_zone):
            taken = self.stored
        else:
            try:
                taken = localize(self.when, self.time_zone, fold=0)
            except ZoneError:
                # Translators: {time} and {date}: a wall-clock time skipped by a clock change
                problems["taken_at"] = _(
                    "{time} on {date} did not exist here (the clocks went forward)",
                    time=format_time(self.when),
                    date=self.when.date(),
                )
        dose = AcuteDose(
            taken_at=taken or datetime(2000, 1, 1, tzinfo=zone_for("UTC")),
            time_zone=self.time_zone,
            name=self.name,
            med_class=self.med_class or "",
            relief=self.relief,
            id=self.id,
        )
        found = dose_problems(dose, now)
        if taken is None:
            found.pop("taken_at", None)
        problems.update({k: v for k, v in found.items() if k not in problems})
        return (None if problems else dose.normalized()), problems


def _same_minute(stored: datetime, wall: datetime, zone: str) -> bool:
    local = stored.astimezone(zone_for(zone)).replace(tzinfo=None, second=0, microsecond=0)
    return local == wall.replace(second=0, microsecond=0)
