"""The episode editor's form as a pure value: wall-clock times in, an Episode and problems out.

No widgets here (the dialog in ``ui.episode_editor`` only copies values between its
widgets and an :class:`EpisodeForm`), so the rules that matter are tested without Qt:

* times are wall-clock times in the episode's zone (``zone``), to the minute;
* while a time field still shows the stored value (``known_*``, compared to the minute),
  the stored instant is kept exactly, seconds and the side of a repeated hour included;
* a wall time the clocks skipped is a problem; one they repeated (the hour they went back)
  needs ``second_occurrence`` to say which, and :attr:`FormResult.repeated_time_shown`
  tells the dialog to show that choice;
* "lasted N minutes" is elapsed time (``timeutil.after``), also across a clock change;
* triggers and symptoms have three answers (DESIGN.md "Recorded is not absent"): codes,
  the explicit "none" (``no_triggers``/``no_symptoms``), or nothing ticked = not recorded;
  "none" together with a code is a problem, never silently resolved;
* every other rule is :func:`headache_diary.domain.episode.problems`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from headache_diary.domain import new_id
from headache_diary.domain.episode import Episode, Medication, problems
from headache_diary.domain.timeutil import ZoneError, after, is_repeated, localize, zone_for
from headache_diary.i18n import N_, _

EndMode = Literal["ongoing", "end", "duration"]


def wall(dt: datetime) -> datetime:
    """The naive wall-clock time a field shows for an instant in its own zone."""
    return dt.replace(tzinfo=None, second=0, microsecond=0)


def instant(shown: datetime, zone: str, known: datetime | None, fold: int) -> datetime:
    """The instant a field showing the wall time ``shown`` means, in ``zone``.

    While the field still shows ``known`` (the stored value, to the minute) the stored
    instant itself is returned; otherwise the wall time is localized, ``fold`` choosing the
    first (0) or second (1) of a repeated time. ZoneError for a time that does not exist.
    """
    if known is not None and wall(known) == shown:
        return known
    return localize(shown, zone, fold=fold)


@dataclass(frozen=True)
class MedicationForm:
    """One medication row. A new row has no class and no relief: both are chosen on
    purpose (a preset answer would be counted: the class towards ICHD-3 8.2, the relief
    in the CHISG V feature), and FORMAT.md has no "not recorded" relief for an episode's
    medication."""

    name: str = ""
    #: "" until chosen
    med_class: str = ""
    #: "" until chosen
    relief: str = ""
    #: wall time taken, or None when no time is recorded
    taken: datetime | None = None
    known_taken: datetime | None = None


@dataclass(frozen=True)
class EpisodeForm:
    zone: str
    start: datetime
    end_mode: EndMode = "ongoing"
    end: datetime | None = None
    duration_minutes: int = 0
    second_occurrence: bool = False
    side: str = ""
    intensity: int | None = None
    character: str | None = None
    neck_position: str | None = None
    pain_origin: str | None = None
    triggers: tuple[str, ...] = ()
    #: the explicit answer "no trigger noticed" (nothing ticked at all = not recorded)
    no_triggers: bool = False
    trigger_note: str = ""
    pain_locations: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    #: the explicit answer "no other symptom"
    no_symptoms: bool = False
    medications: tuple[MedicationForm, ...] = ()
    notes: str = ""
    episode_id: str = field(default_factory=new_id)
    known_start: datetime | None = None
    known_end: datetime | None = None

    @classmethod
    def new(cls, zone: str, now: datetime) -> EpisodeForm:
        """A new episode starting ``now`` (wall time in ``zone``), still ongoing."""
        here = wall(now.astimezone(zone_for(zone)))
        return cls(zone=zone, start=here, end=here)

    @classmethod
    def of(cls, ep: Episode) -> EpisodeForm:
        """The form showing a stored episode (times in its own zone)."""
        minutes = 0
        if ep.duration is not None:
            minutes = int(ep.duration.total_seconds()) // 60  # elapsed, across clock changes
        return cls(
            zone=ep.time_zone,
            start=wall(ep.started_at),
            end_mode="ongoing" if ep.ended_at is None else "end",
            end=wall(ep.ended_at if ep.ended_at is not None else ep.started_at),
            duration_minutes=minutes,
            side=ep.side,
            intensity=ep.intensity,
            character=ep.character,
            neck_position=ep.neck_position,
            pain_origin=ep.pain_origin,
            triggers=tuple(ep.triggers or ()),
            no_triggers=ep.triggers == [],
            trigger_note=ep.trigger_note,
            pain_locations=tuple(ep.pain_locations),
            symptoms=tuple(ep.symptoms or ()),
            no_symptoms=ep.symptoms == [],
            medications=tuple(
                MedicationForm(
                    m.name,
                    m.med_class,
                    m.relief,
                    None if m.taken_at is None else wall(m.taken_at),
                    m.taken_at,
                )
                for m in ep.medications
            ),
            notes=ep.notes,
            episode_id=ep.id,
            known_start=ep.started_at,
            known_end=ep.ended_at,
        )

    def build(self, now: datetime | None = None) -> FormResult:
        """The episode this form describes and every problem with it."""
        return build(self, now)


@dataclass(frozen=True)
class FormResult:
    #: None when the start time itself is not a valid time
    episode: Episode | None
    #: field -> message (``medications[N]`` for the N-th medication, from 1)
    problems: dict[str, str]
    #: a shown time falls in the hour the clocks went back: offer "the second one"
    repeated_time_shown: bool

    @property
    def ok(self) -> bool:
        return self.episode is not None and not self.problems


#: (English sources: translated where used)
NONE_WITH_CODES = {
    # Translators: 'No trigger noticed' and 'No other symptom' are the editor's check boxes
    "triggers": N_("'No trigger noticed' cannot be ticked together with a trigger"),
    "symptoms": N_("'No other symptom' cannot be ticked together with a symptom"),
}


def answer(codes: tuple[str, ...], none: bool) -> list[str] | None:
    """The Episode value of a three-way answer: codes, [] for "none", None = not recorded."""
    if codes:
        return list(codes)
    return [] if none else None


def build(form: EpisodeForm, now: datetime | None = None) -> FormResult:
    found: dict[str, str] = {}
    if form.no_triggers and form.triggers:
        found["triggers"] = _(NONE_WITH_CODES["triggers"])
    if form.no_symptoms and form.symptoms:
        found["symptoms"] = _(NONE_WITH_CODES["symptoms"])
    fold = int(form.second_occurrence)
    shown = [form.start]
    if form.end_mode == "end" and form.end is not None:
        shown.append(form.end)
    shown += [m.taken for m in form.medications if m.taken is not None]
    try:
        repeated = form.second_occurrence or any(is_repeated(t, form.zone) for t in shown)
    except ZoneError as exc:
        return FormResult(None, {"time_zone": str(exc)}, False)

    start: datetime | None
    try:
        start = instant(form.start, form.zone, form.known_start, fold)
    except ZoneError as exc:
        found["started_at"] = str(exc)
        start = None
    end: datetime | None = None
    if form.end_mode == "end":
        if form.end is None:
            found["ended_at"] = _("enter when it ended")
        else:
            try:
                end = instant(form.end, form.zone, form.known_end, fold)
            except ZoneError as exc:
                found["ended_at"] = str(exc)
    elif form.end_mode == "duration" and start is not None:
        minutes = form.duration_minutes
        if minutes <= 0:
            found["ended_at"] = _("enter how long it lasted (more than 0 minutes)")
        elif (
            form.known_end is not None
            and form.known_start == start
            and int(form.known_end.timestamp() - start.timestamp()) // 60 == minutes
        ):
            end = form.known_end  # the stored end, seconds and all
        else:
            end = after(start, minutes * 60)  # elapsed time, across clock changes
    meds: list[Medication] = []
    for i, m in enumerate(form.medications, start=1):
        taken = None
        if m.taken is not None:
            try:
                taken = instant(m.taken, form.zone, m.known_taken, fold)
            except ZoneError as exc:
                found[f"medications[{i}]"] = str(exc)
        name = m.name.strip()
        # Translators: {name} is the medication's name as the patient typed it
        if name and not m.med_class:
            found.setdefault(f"medications[{i}]", _("choose the class of {name}", name=name))
        elif name and not m.relief:
            found.setdefault(
                f"medications[{i}]",
                _("choose how much {name} helped (none, some, good, complete)", name=name),
            )
        meds.append(Medication(m.name.strip(), m.med_class, m.relief, taken))
    if start is None:
        return FormResult(None, found, repeated)
    ep = Episode(
        id=form.episode_id,
        started_at=start,
        ended_at=end,
        time_zone=form.zone,
        side=form.side,
        intensity=form.intensity,
        character=form.character,
        triggers=answer(form.triggers, form.no_triggers),
        trigger_note=form.trigger_note.strip(),
        neck_position=form.neck_position,
        pain_origin=form.pain_origin,
        pain_locations=list(form.pain_locations),
        symptoms=answer(form.symptoms, form.no_symptoms),
        medications=meds,
        notes=form.notes,
    )
    for key, msg in problems(ep, now).items():
        found.setdefault(key, msg)
    return FormResult(ep, found, repeated)
