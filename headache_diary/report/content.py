"""What the PDF says, as plain data (no Qt): gathered from the analysis and the episodes.

Every figure on the report comes from :mod:`headache_diary.analysis` (the summary, the
feature profile, the headline sentences and the charts); this module only formats it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from headache_diary import __version__, i18n
from headache_diary.analysis.calendar import MonthCalendar
from headache_diary.analysis.results import ProfileGroup
from headache_diary.analysis.wording import KeyFigure, profile_value
from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode
from headache_diary.domain.text import format_duration, format_period
from headache_diary.i18n import N_, _, ngettext, pgettext

if TYPE_CHECKING:
    from headache_diary.report.history_section import NeckHistory
    from headache_diary.report.medication_section import MedicationSection
    from headache_diary.report.workup_section import WorkupReport

#: on page 1 and in every page's footer (translate where shown: ``_(SELF_REPORTED)``)
SELF_REPORTED = N_("Self-reported patient diary, not a diagnosis")
#: charts are drawn this wide (inches), at the size their fonts were set for
CHART_WIDTH_IN = 6.6
#: the episode table shows at most this many of the latest episodes (figures use them all)
TABLE_CAP = 2000

#: the episode table's column headers (translate where shown: :func:`episode_columns`)
EPISODE_COLUMNS = (
    # Translators: a column header of the PDF's episode table (the day the episode began)
    N_("Date"),
    # Translators: a column header of the PDF's episode table (the time the episode began)
    N_("Time"),
    N_("Duration"),
    # Translators: a column header of the PDF's episode table (left, right, both sides)
    N_("Side"),
    # Translators: a column header of the PDF's episode table: the peak intensity, 0-10
    N_("Peak"),
    # Translators: a column header of the PDF's episode table: the pain's character
    # (throbbing, pressing, ...)
    N_("Character"),
    # Translators: a column header: where the pain started / where it hurt
    N_("Origin / locations"),
    N_("Triggers"),
    # Translators: a column header: the position of the neck when the headache began
    N_("Neck position"),
    N_("Symptoms"),
    # Translators: a column header: each medication taken, with the relief it gave
    N_("Medication (relief)"),
)
#: the episode table's note under its heading: how to read its cells
TABLE_KEY = N_(
    "Times are local times where the episode was recorded. Peak: the peak intensity, 0-10. "
    "Origin / locations: where the pain started / where it hurt (– where one of them was not "
    'recorded). Triggers and symptoms: empty = not recorded, "none" = none noticed.'
)


def episode_columns() -> tuple[str, ...]:
    """The episode table's column headers in the current language."""
    return tuple(_(c) for c in EPISODE_COLUMNS)


def _answer(codes: list[str] | None) -> str:
    """Triggers or symptoms in a cell: empty = not recorded, "none" = none noticed."""
    if codes is None:
        return ""
    # Translators: a cell of the PDF's episode table: the patient noticed no trigger (or
    # no symptom); the table's key quotes this word ("none" = none noticed)
    return ", ".join(vocab.label(c) for c in codes) if codes else pgettext("answer", "none")


def _where(ep: Episode) -> str:
    """``Neck / Back of the head, Temple``: origin / locations, – for a part not recorded."""
    if ep.pain_origin is None and not ep.pain_locations:
        return ""
    origin = vocab.label(ep.pain_origin) if ep.pain_origin else "–"
    places = vocab.ordered(ep.pain_locations, vocab.LOCATIONS)
    where = ", ".join(vocab.label(c) for c in places) or "–"
    return f"{origin} / {where}"  # i18n: labels only


def episode_row(ep: Episode) -> tuple[str, ...]:
    """One row of the episode table; times are wall-clock in the zone recorded in."""
    start: datetime = ep.started_at
    meds = "; ".join(
        # Translators: a medication in the PDF's episode table: its name as the patient
        # wrote it, its class (e.g. Triptan) and the relief it gave (e.g. Good)
        _(
            "{name} ({med_class}), relief: {relief}",
            name=m.name,
            med_class=vocab.label(m.med_class),
            relief=vocab.label(m.relief),
        )
        for m in ep.medications
    )
    triggers = _answer(ep.triggers)
    if ep.trigger_note:
        triggers = f"{triggers}; {ep.trigger_note}" if triggers else ep.trigger_note
    symptoms = _answer(vocab.ordered(ep.symptoms, vocab.SYMPTOMS) if ep.symptoms else ep.symptoms)
    return (
        i18n.format_date(start.date()),
        i18n.format_time(start),
        format_duration(ep.duration),
        vocab.label(ep.side),
        # Translators: an intensity on the 0-10 scale, e.g. 7/10
        "" if ep.intensity is None else _("{value}/10", value=ep.intensity),
        vocab.label(ep.character),
        _where(ep),
        triggers,
        vocab.label(ep.neck_position),
        symptoms,
        meds,
    )


def table_rows(episodes: Iterable[Episode]) -> list[tuple[str, ...]]:
    """Rows of the episode table, in the order given (oldest first)."""
    return [episode_row(ep) for ep in episodes]


@dataclass(frozen=True)
class ProfileRow:
    """A line of the feature-profile table: a group title (``value`` empty) or a feature."""

    text: str
    value: str = ""
    reference: str = ""
    is_group: bool = False
    #: what the diary cannot assess next to the feature, or the app's own reading
    note: str = ""


@dataclass
class ReportContent:
    """Everything the PDF shows, already worded; the renderer only lays it out."""

    date_from: date
    date_to: date
    episodes: int
    headline: list[str]
    #: the key figures of page 1, each with what it is of
    key_figures: list[KeyFigure] = field(default_factory=list)
    #: episodes still marked ongoing, episodes from before the period (page 1, boxed)
    disclosures: list[str] = field(default_factory=list)
    profile: list[ProfileRow] = field(default_factory=list)
    #: notes under the profile table: each group's note, then what a diary cannot show
    profile_notes: list[str] = field(default_factory=list)
    overuse: list[str] = field(default_factory=list)
    #: said instead of ``overuse`` when it is empty (analysis.wording.overuse_status)
    overuse_status: str = ""
    #: the overuse check in one line, on page 1 under the key figures
    overuse_line: str = ""
    #: ICHD-3 8.2 criterion A, on its own ("" when no month had 15 headache days)
    criterion_a: str = ""
    #: relief recorded by class ("" when none)
    relief: str = ""
    #: (chart title, SVG bytes of the chart, width / height)
    charts: list[tuple[str, bytes, float]] = field(default_factory=list)
    episode_rows: list[tuple[str, ...]] = field(default_factory=list)
    patient_name: str = ""
    date_of_birth: date | None = None
    generated_on: date | None = None
    #: the "Neck history" section after page 1's key figures (report.history_section)
    neck_history: NeckHistory | None = None
    #: days recorded / headache-free / without a record, in one sentence (page 1)
    completeness: str = ""
    #: the headache calendar: the period's months (the latest ones), and how many earlier
    #: months were left out
    calendar: list[MonthCalendar] = field(default_factory=list)
    calendar_left_out: int = 0
    #: the calendar's first column (ISO: 1 = Monday ... 7 = Sunday; the patient's setting)
    calendar_first_weekday: int = 1
    #: the "Regular medication and doses outside episodes" section
    #: (report.medication_section), before the overuse check
    medication: MedicationSection | None = None
    #: the neck workup (report.workup_section): scores and stiffness after the summary,
    #: the nerve-block responses after the neck history; None when there is none
    workup: WorkupReport | None = None

    @property
    def period_text(self) -> str:
        return format_period(self.date_from, self.date_to)

    @property
    def title(self) -> str:
        # Translators: the PDF's title (its metadata), with the first and last day covered
        return _("Headache diary summary {start} – {end}", start=self.date_from, end=self.date_to)

    @property
    def rows_left_out(self) -> int:
        return max(0, self.episodes - len(self.episode_rows))

    @property
    def table_note(self) -> str:
        """The visible note when the table does not list every episode."""
        if not self.rows_left_out:
            return ""
        return ngettext(
            "The table lists the latest {shown} of {total} episodes; {count} earlier episode "
            "is left out of the table (all figures and charts above include it).",
            "The table lists the latest {shown} of {total} episodes; {count} earlier episodes "
            "are left out of the table (all figures and charts above include them).",
            self.rows_left_out,
            shown=len(self.episode_rows),
            total=self.episodes,
        )

    @property
    def generated_text(self) -> str:
        if self.generated_on:
            return _(
                "Generated on {date} by Headache Diary {version}.",
                date=self.generated_on,
                version=__version__,
            )
        return _("Generated by Headache Diary {version}.", version=__version__)


def profile_rows(groups: Iterable[ProfileGroup]) -> list[ProfileRow]:
    """The analysis' feature profile (ProfileGroup values) as table rows, unchanged."""
    rows: list[ProfileRow] = []
    for group in groups:
        rows.append(ProfileRow(group.label, "", group.criterion, is_group=True))
        for feat in group.features:
            rows.append(ProfileRow(feat.label, profile_value(feat), feat.criterion, note=feat.note))
    return rows
