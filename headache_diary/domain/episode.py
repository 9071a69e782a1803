"""Episode values and their validation rules.

An :class:`Episode` is a plain value: widgets, importers and exporters pass these around,
never ORM objects. Times are aware datetimes in the episode's own zone (``time_zone``),
kept to whole seconds. An episode without ``ended_at`` is ongoing; a duration entered by
the patient is turned into ``ended_at`` before it gets here.

Triggers and symptoms tell three answers apart (DESIGN.md "Recorded is not absent"):
``None`` = not recorded, ``[]`` = explicitly none (CSV ``none``), else the codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from headache_diary.domain import new_id, vocab
from headache_diary.domain.errors import ValidationError
from headache_diary.domain.text import NOT_TEXT, is_text
from headache_diary.domain.timeutil import ZoneError, now_utc, zone_for
from headache_diary.i18n import _

#: Episodes longer than this need the patient's confirmation (issue: 72 h).
LONG_EPISODE = timedelta(hours=72)
#: the earliest year an episode may start in, and its longest duration (as for an import,
#: io.common: ten years)
EARLIEST_YEAR = 1900
MAX_SECONDS = 10 * 366 * 24 * 3600


@dataclass
class Medication:
    name: str
    med_class: str
    relief: str
    taken_at: datetime | None = None


@dataclass
class Episode:
    started_at: datetime
    side: str
    time_zone: str
    ended_at: datetime | None = None
    intensity: int | None = None
    character: str | None = None
    #: None = not recorded, [] = no trigger noticed ("none"), else codes
    triggers: list[str] | None = None
    trigger_note: str = ""
    neck_position: str | None = None
    pain_origin: str | None = None
    pain_locations: list[str] = field(default_factory=list)
    #: None = not recorded, [] = no other symptom ("none"), else codes
    symptoms: list[str] | None = None
    medications: list[Medication] = field(default_factory=list)
    notes: str = ""
    id: str = field(default_factory=new_id)

    @property
    def ongoing(self) -> bool:
        return self.ended_at is None

    @property
    def duration(self) -> timedelta | None:
        if self.ended_at is None:
            return None
        # elapsed time: same-tzinfo subtraction would give the wall-clock difference (DST)
        return timedelta(seconds=self.ended_at.timestamp() - self.started_at.timestamp())

    def normalized(self) -> Episode:
        """A copy with codes in vocabulary order, times to whole seconds in its zone."""
        zone = zone_for(self.time_zone)

        def fix(dt: datetime | None) -> datetime | None:
            return None if dt is None else dt.astimezone(zone).replace(microsecond=0)

        return Episode(
            id=self.id,
            started_at=fix(self.started_at),  # type: ignore[arg-type]
            ended_at=fix(self.ended_at),
            time_zone=self.time_zone,
            side=self.side,
            intensity=self.intensity,
            character=self.character or None,
            triggers=_ordered_answer(self.triggers, vocab.TRIGGERS),
            trigger_note=self.trigger_note or "",
            neck_position=self.neck_position or None,
            pain_origin=self.pain_origin or None,
            pain_locations=vocab.ordered(self.pain_locations, vocab.LOCATIONS),
            symptoms=_ordered_answer(self.symptoms, vocab.SYMPTOMS),
            medications=[
                Medication(m.name.strip(), m.med_class, m.relief, fix(m.taken_at))
                for m in self.medications
            ],
            notes=self.notes or "",
        )


def _ordered_answer(codes: list[str] | None, vocabulary: tuple[str, ...]) -> list[str] | None:
    return None if codes is None else vocab.ordered(codes, vocabulary)


def _check_codes(
    problems: dict[str, str], name: str, codes: list[str] | None, allowed: tuple
) -> None:
    if codes is None:
        return
    if vocab.NONE in codes:
        problems[name] = _(
            "'none' is the empty list, not a code; it cannot be combined with other codes"
        )
        return
    unknown = [c for c in codes if c not in allowed]
    if unknown:
        problems[name] = _unknown_code(unknown[0])


def _unknown_code(code: object) -> str:
    # Translators: {code} is a value that is not one of the app's codes, quoted
    return _("unknown code {code}", code=repr(code))


def problems(episode: Episode, now: datetime | None = None) -> dict[str, str]:
    """Every rule the episode breaks, as field -> readable message (empty when valid).

    The long-episode confirmation is not a problem; see :func:`needs_confirmation`.
    """
    now = now or now_utc()
    out: dict[str, str] = {}
    try:
        zone_for(episode.time_zone)
    except ZoneError as exc:
        out["time_zone"] = str(exc)
    if episode.started_at.tzinfo is None:
        out["started_at"] = _("the start time has no time zone")
    elif episode.started_at > now + timedelta(minutes=1):
        out["started_at"] = _("the start cannot be in the future")
    elif episode.started_at.year < EARLIEST_YEAR:
        out["started_at"] = _("the start must be in {year} or later", year=str(EARLIEST_YEAR))
    if episode.ended_at is not None:
        if episode.ended_at.tzinfo is None:
            out["ended_at"] = _("the end time has no time zone")
        elif episode.started_at.tzinfo is not None:
            # instants, not wall times: same-tzinfo datetimes compare ignoring fold (DST)
            lasted = episode.ended_at.timestamp() - episode.started_at.timestamp()
            if lasted <= 0:
                out["ended_at"] = _("the end must be after the start")
            elif lasted > MAX_SECONDS:
                out["ended_at"] = _("an episode cannot last longer than ten years")
    if episode.side not in vocab.SIDES:
        out["side"] = _("choose left, right, both sides or unsure")
    if episode.intensity is not None and (
        isinstance(episode.intensity, bool)
        or not isinstance(episode.intensity, int)
        or not 0 <= episode.intensity <= 10
    ):
        out["intensity"] = _("intensity is a whole number from 0 to 10")
    if episode.character is not None and episode.character not in vocab.CHARACTERS:
        out["character"] = _unknown_code(episode.character)
    if episode.neck_position is not None and episode.neck_position not in vocab.NECK_POSITIONS:
        out["neck_position"] = _unknown_code(episode.neck_position)
    if episode.pain_origin is not None and episode.pain_origin not in vocab.LOCATIONS:
        out["pain_origin"] = _unknown_code(episode.pain_origin)
    _check_codes(out, "triggers", episode.triggers, vocab.TRIGGERS)
    _check_codes(out, "pain_locations", episode.pain_locations, vocab.LOCATIONS)
    _check_codes(out, "symptoms", episode.symptoms, vocab.SYMPTOMS)
    for name in ("trigger_note", "notes"):
        if not is_text(getattr(episode, name)):
            out[name] = _(NOT_TEXT)
    for i, med in enumerate(episode.medications, start=1):
        key = f"medications[{i}]"
        if not is_text(med.name):
            out[key] = _("the name contains characters that are not text (unpaired surrogates)")
        elif not med.name.strip():
            out[key] = _("a medication needs a name")
        elif "|" in med.name or ";" in med.name:
            out[key] = _("a medication name cannot contain '|' or ';'")
        elif med.med_class not in vocab.MEDICATION_CLASSES:
            out[key] = _("unknown medication class {code}", code=repr(med.med_class))
        elif med.relief not in vocab.RELIEF:
            out[key] = _("unknown relief {code}", code=repr(med.relief))
        elif med.taken_at is not None and med.taken_at.tzinfo is None:
            out[key] = _("the time taken has no time zone")
    return out


def validate(episode: Episode, now: datetime | None = None) -> None:
    """Raise ValidationError listing every problem, or return when the episode is valid."""
    found = problems(episode, now)
    if found:
        raise ValidationError(found)


def needs_confirmation(episode: Episode) -> bool:
    """True for an episode longer than 72 hours (plausible, but worth asking)."""
    d = episode.duration
    return d is not None and d > LONG_EPISODE
