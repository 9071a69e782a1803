"""SQLAlchemy 2 typed models.

Episodes have an INTEGER primary key (``pk``, SQLite's rowid) that the child tables refer
to, and a public UUID ``id`` (exports, the UI, undo). Integer keys keep the per-episode
look-ups of the analysis cheap: 50,000 episodes joined to their triggers take about a
third of the time they take with text keys.

Instants are INTEGER seconds since the Unix epoch in UTC (exact, sortable, cheap to
aggregate); ``time_zone`` is the zone the episode was recorded in. The local start date and
the local date of the last second in progress are stored at write time (ISO text) so that
day-based counts stay in SQL. Multi-valued fields have their own indexed tables.

Derived columns, so that the analysis groups episodes in the order of an index, without a
look-up in a child table per episode (50,000 such look-ups cost about 100 ms a summary) and
without sorting: ``start_month`` (``YYYY-MM`` of ``start_local_date``), ``duration_s``
(``ended_utc - started_utc``, NULL while ongoing), ``trigger_flags`` (movement/posture and
pressure triggers, from ``episode_trigger``), ``symptom_bits`` (one bit per symptom
code, from ``episode_symptom``), ``location_bits`` (one bit per pain location, from
``episode_location``) and ``recorded_flags`` (whether triggers and symptoms were recorded
at all, migration 0004). The child tables stay the record (counts per code are aggregates
over them). ``storage.repository`` is the only writer of either and always writes both in
the same transaction (insert, bulk insert, edit); a test checks that they agree. A code's
bit is stored, so :data:`SYMPTOM_BITS` and :data:`LOCATION_BITS` only grow.

"Recorded is not absent" (DESIGN.md): the explicit answer "none" for triggers or symptoms
is stored as the child row ``code = 'none'`` (so the child tables stay the complete
record), "not recorded" as no child row at all. ``trigger_flags`` and ``symptom_bits`` are
0 for both; ``recorded_flags`` tells them apart.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from headache_diary.domain import vocab

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: ``episode.trigger_flags`` (DESIGN.md definitions): 1 = movement-triggered (a code of
#: ``vocab.MOVEMENT_TRIGGERS``), 2 = pressure-provoked (the other mechanical trigger,
#: ``neck_pressure``); mechanically provoked = either
FLAG_MOVEMENT = 1
FLAG_PRESSURE = 2
PRESSURE_TRIGGERS = tuple(c for c in vocab.MECHANICAL_TRIGGERS if c not in vocab.MOVEMENT_TRIGGERS)
#: bit of each symptom code in ``episode.symptom_bits`` (append only: stored values)
SYMPTOM_BITS: dict[str, int] = {
    code: 1 << i
    for i, code in enumerate(
        (
            "nausea",
            "vomiting",
            "light_sensitivity",
            "sound_sensitivity",
            "aura",
            "dizziness",
            "blurred_vision",
            "neck_stiffness",
            "reduced_neck_motion",
            "shoulder_arm_pain",
            "difficulty_swallowing",
            "eye_tearing_redness",
            "nasal_congestion",
            "drooping_eyelid",
            "restlessness",
            # migration 0004
            "eyelid_swelling",
            "forehead_sweating",
            "worse_with_activity",
        )
    )
}
#: bit of each pain location code in ``episode.location_bits`` (append only: stored values;
#: migration 0004 writes the same numbers)
LOCATION_BITS: dict[str, int] = {
    code: 1 << i
    for i, code in enumerate(
        ("neck", "occiput", "top", "temple", "forehead", "eye", "face_jaw", "whole_head")
    )
}
#: ``episode.recorded_flags``: the episode has triggers (codes or "none") / symptoms
#: (codes or "none") recorded
RECORDED_TRIGGERS = 1
RECORDED_SYMPTOMS = 2


_TRIGGER_FLAGS = {c: FLAG_MOVEMENT for c in vocab.MOVEMENT_TRIGGERS} | {
    c: FLAG_PRESSURE for c in PRESSURE_TRIGGERS
}


def trigger_flags(triggers: Iterable[str] | None) -> int:
    """``episode.trigger_flags`` for the trigger codes of an episode."""
    flags = 0
    for code in triggers or ():
        flags |= _TRIGGER_FLAGS.get(code, 0)
    return flags


def symptom_bits(symptoms: Iterable[str] | None) -> int:
    """``episode.symptom_bits`` for the (validated) symptom codes of an episode."""
    bits = 0
    for code in symptoms or ():
        bits |= SYMPTOM_BITS[code]
    return bits


def location_bits(locations: Iterable[str]) -> int:
    """``episode.location_bits`` for the (validated) pain location codes of an episode."""
    bits = 0
    for code in locations:
        bits |= LOCATION_BITS[code]
    return bits


def recorded_flags(triggers: object | None, symptoms: object | None) -> int:
    """``episode.recorded_flags`` of an episode's triggers and symptoms (None = not
    recorded; an empty list, the answer "none", is recorded)."""
    return (RECORDED_TRIGGERS if triggers is not None else 0) | (
        RECORDED_SYMPTOMS if symptoms is not None else 0
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class EpisodeRow(Base):
    __tablename__ = "episode"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    started_utc: Mapped[int] = mapped_column(Integer)
    ended_utc: Mapped[int | None] = mapped_column(Integer)
    time_zone: Mapped[str] = mapped_column(String(64))
    start_local_date: Mapped[str] = mapped_column(String(10))
    #: derived: ``YYYY-MM`` of ``start_local_date`` (monthly counts from one index)
    start_month: Mapped[str] = mapped_column(String(7))
    #: local date of the last second in progress; NULL while ongoing
    end_local_date: Mapped[str | None] = mapped_column(String(10))
    #: derived: ``ended_utc - started_utc`` (elapsed seconds); NULL while ongoing
    duration_s: Mapped[int | None] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(16))
    intensity: Mapped[int | None] = mapped_column(Integer)
    character: Mapped[str | None] = mapped_column(String(32))
    neck_position: Mapped[str | None] = mapped_column(String(32))
    pain_origin: Mapped[str | None] = mapped_column(String(32))
    trigger_note: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_utc: Mapped[int] = mapped_column(Integer)
    updated_utc: Mapped[int] = mapped_column(Integer)
    #: derived: :func:`trigger_flags` of the episode's ``episode_trigger`` codes
    trigger_flags: Mapped[int] = mapped_column(Integer, default=0)
    #: derived: :data:`SYMPTOM_BITS` of the episode's ``episode_symptom`` codes
    symptom_bits: Mapped[int] = mapped_column(Integer, default=0)
    #: derived (0004): :func:`recorded_flags`, i.e. whether the episode has any
    #: ``episode_trigger`` / ``episode_symptom`` row (a code or ``none``)
    recorded_flags: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    #: derived (0004): :data:`LOCATION_BITS` of the episode's ``episode_location`` codes
    location_bits: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))

    triggers: Mapped[list[EpisodeTrigger]] = relationship(
        cascade="all, delete-orphan",  # i18n: SQLAlchemy option
        passive_deletes=True,
    )
    symptoms: Mapped[list[EpisodeSymptom]] = relationship(
        cascade="all, delete-orphan",  # i18n: SQLAlchemy option
        passive_deletes=True,
    )
    locations: Mapped[list[EpisodeLocation]] = relationship(
        cascade="all, delete-orphan",  # i18n: SQLAlchemy option
        passive_deletes=True,
    )
    medications: Mapped[list[MedicationRow]] = relationship(
        cascade="all, delete-orphan",  # i18n: SQLAlchemy option
        passive_deletes=True,
        order_by="MedicationRow.position",
    )

    __table_args__ = (
        # list order, duplicate keys, side shifts (covering, also for a period)
        Index("ix_episode_started_side", "started_utc", "side", "start_local_date"),
        # period filters, headache days, daily peak intensity (covering)
        Index("ix_episode_day", "start_local_date", "end_local_date", "intensity"),
        # the analysis groups in index order (no sort) and reads no table row; with
        # recorded_flags since 0004 (shares are of the episodes with triggers recorded)
        Index(
            "ix_episode_month",
            "start_month",
            "side",
            "trigger_flags",
            "recorded_flags",
            "start_local_date",
            "ended_utc",
        ),
        Index("ix_episode_neck_intensity", "neck_position", "intensity", "start_local_date"),
        Index("ix_episode_duration", "duration_s", "start_local_date"),
    )


class EpisodeTrigger(Base):
    __tablename__ = "episode_trigger"
    episode_pk: Mapped[int] = mapped_column(
        ForeignKey("episode.pk", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class EpisodeSymptom(Base):
    __tablename__ = "episode_symptom"
    episode_pk: Mapped[int] = mapped_column(
        ForeignKey("episode.pk", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class EpisodeLocation(Base):
    __tablename__ = "episode_location"
    episode_pk: Mapped[int] = mapped_column(
        ForeignKey("episode.pk", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)


class MedicationRow(Base):
    __tablename__ = "medication"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    episode_pk: Mapped[int] = mapped_column(
        ForeignKey("episode.pk", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    med_class: Mapped[str] = mapped_column(String(32))
    relief: Mapped[str] = mapped_column(String(16))
    taken_utc: Mapped[int | None] = mapped_column(Integer)
    #: local date the dose counts on: date taken, else the episode's local start date
    taken_local_date: Mapped[str] = mapped_column(String(10))

    __table_args__ = (
        # medication days: the classes taken per local date, in date order (covering, 0004)
        Index("ix_medication_day_class", "taken_local_date", "med_class"),
        # relief by class, and per episode for a class (covering; 0004, replacing the index
        # on med_class alone)
        Index("ix_medication_class_relief", "med_class", "relief", "episode_pk"),
    )


class PersonalDetailsRow(Base):
    """Optional personal details printed on the PDF summary (migration 0002).

    At most one row (id 1); absent until the patient enters something. Kept in the diary
    database, never in QSettings.
    """

    __tablename__ = "personal_details"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, default="")
    #: ISO date (YYYY-MM-DD) or NULL
    date_of_birth: Mapped[str | None] = mapped_column(String(10))


class HistoryEventRow(Base):
    """An event of the neck history (migration 0003): what was done about the neck.

    ``event_date`` is an ISO date; for an event known only to the month or year it is the
    first day of that month or year (``date_precision`` says which). Validated in
    domain.history before it is written; ``storage.history`` is the only writer.
    """

    __tablename__ = "history_event"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    event_date: Mapped[str] = mapped_column(String(10), index=True)
    date_precision: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(32))
    side: Mapped[str | None] = mapped_column(String(16))
    structure: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    created_utc: Mapped[int] = mapped_column(Integer)
    updated_utc: Mapped[int] = mapped_column(Integer)


class CheckInRow(Base):
    """The daily check-in (migration 0005): at most one per local calendar day, so the
    day is the key and a second check-in replaces the first. A table of its own: episodes
    and their indexes are untouched."""

    __tablename__ = "check_in"
    #: ISO date (YYYY-MM-DD), the local calendar day the check-in is for
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    #: 1 = no headache that day, 0 = a headache (counted as a headache day)
    headache_free: Mapped[int] = mapped_column(Integer)
    #: 0-10, NULL when not recorded
    neck_stiffness: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_utc: Mapped[int] = mapped_column(Integer)
    updated_utc: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("headache_free IN (0, 1)", name="headache_free"),  # i18n: SQL
        CheckConstraint(
            "neck_stiffness IS NULL OR neck_stiffness BETWEEN 0 AND 10",  # i18n: SQL
            name="neck_stiffness",
        ),
    )


class MedicationPlanRow(Base):
    """An entry of the medication plan (migration 0006): regular medication from
    ``started`` to ``stopped`` (ISO dates, both included; ``stopped`` NULL while still
    taken). ``med_class`` is ``preventive`` or a medication class. ``for_headache``
    (migration 0007): 1 = taken to relieve headache, 0 = not, for classes
    ``muscle_relaxant`` and ``other`` only; NULL for every other class. Validated in
    domain.medication; ``storage.medication`` is the only writer.
    """

    __tablename__ = "medication_plan"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(Text)
    med_class: Mapped[str] = mapped_column(String(32))
    dose: Mapped[str] = mapped_column(Text, default="")
    started: Mapped[str] = mapped_column(String(10))
    stopped: Mapped[str | None] = mapped_column(String(10))
    created_utc: Mapped[int] = mapped_column(Integer)
    updated_utc: Mapped[int] = mapped_column(Integer)
    #: (0007) muscle relaxant / other: taken to relieve headache (ICHD-3 8.2.8); else NULL
    for_headache: Mapped[bool | None] = mapped_column(Boolean)

    __table_args__ = (
        # the plan's medication days: entries of a class by date (covering)
        Index("ix_medication_plan_class_dates", "med_class", "started", "stopped"),
    )


class AcuteDoseRow(Base):
    """A dose taken outside an episode (migration 0006): the instant (UTC seconds), the
    zone it was recorded in and the local date it counts on (stored at write time, as for
    episodes), name, class and relief (NULL when not recorded).
    """

    __tablename__ = "acute_dose"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    taken_utc: Mapped[int] = mapped_column(Integer)
    time_zone: Mapped[str] = mapped_column(String(64))
    taken_local_date: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(Text)
    med_class: Mapped[str] = mapped_column(String(32))
    relief: Mapped[str | None] = mapped_column(String(16))
    created_utc: Mapped[int] = mapped_column(Integer)
    updated_utc: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        # medication days: the classes taken per local date (covering, as for episodes)
        Index("ix_acute_dose_day_class", "taken_local_date", "med_class"),
        # the list, newest first; "recorded today" by the time it was entered
        Index("ix_acute_dose_taken", "taken_utc"),
        Index("ix_acute_dose_created", "created_utc"),
    )


class NerveBlockRow(Base):
    """A nerve block's response (migration 0008): what a block sheet records about a
    ``nerve_block`` history event, at most one per event, deleted with it. Validated in
    domain.workup; ``storage.workup`` is the only writer."""

    __tablename__ = "nerve_block"
    event_pk: Mapped[int] = mapped_column(
        ForeignKey("history_event.pk", ondelete="CASCADE"), primary_key=True
    )
    purpose: Mapped[str | None] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(Text, default="")
    anaesthetic: Mapped[str] = mapped_column(Text, default="")
    control: Mapped[str | None] = mapped_column(String(16))
    pain_before: Mapped[int | None] = mapped_column(Integer)
    relief_hours: Mapped[float | None] = mapped_column(Float)


class NerveBlockRatingRow(Base):
    """A timed pain rating after a block (migration 0008): minutes after it, pain 0-10."""

    __tablename__ = "nerve_block_rating"
    event_pk: Mapped[int] = mapped_column(
        ForeignKey("nerve_block.event_pk", ondelete="CASCADE"), primary_key=True
    )
    after_minutes: Mapped[int] = mapped_column(Integer, primary_key=True)
    pain: Mapped[int] = mapped_column(Integer)


class ScoreRow(Base):
    """A questionnaire total copied from a clinic's form (migration 0008): NDI, HIT-6,
    MIDAS or another named score. Validated in domain.workup; ``storage.workup`` is the
    only writer."""

    __tablename__ = "score"
    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    score_date: Mapped[str] = mapped_column(String(10))
    instrument: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text, default="")
    total: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    created_utc: Mapped[int] = mapped_column(Integer)
    updated_utc: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        # the period's scores in date order (summary, charts)
        Index("ix_score_date_instrument", "score_date", "instrument"),
    )
