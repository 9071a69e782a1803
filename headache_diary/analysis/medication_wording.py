"""The medication plan and the doses outside episodes in words and table rows, shared by
the GUI (Medication and Analysis tabs), the CLI and the PDF.

Descriptive only ("Amitriptyline (preventive), 10 mg at night: from 1 Mar 2026, still
taken"), never a judgement of a treatment. Whether an entry counts as medication days
(ICHD-3 8.2) is said next to it: analgesic classes count on every day they cover, whatever
they are taken for; a muscle relaxant or "other" only when taken to relieve headache;
preventive medication never.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from headache_diary import i18n
from headache_diary.domain import vocab
from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.domain.text import format_date
from headache_diary.domain.timeutil import zone_for
from headache_diary.i18n import N_, _, format_list

if TYPE_CHECKING:  # the Medication tab uses this module before SQLAlchemy is loaded
    from headache_diary.analysis.results import AnalysisSnapshot

#: table headers (English source; :func:`plan_columns` and :func:`dose_columns` translate)
PLAN_COLUMNS = (
    N_("Medication"),
    N_("Class"),
    N_("Dose"),
    N_("From"),
    N_("To"),
    N_("Medication days"),
)
DOSE_COLUMNS = (N_("Date"), N_("Time"), N_("Medication"), N_("Class"), N_("Relief"))
COUNTING_NOTE = N_(
    "Regular medication of an analgesic class (e.g. a daily painkiller) counts as a "
    "medication day on every day from its start to its stop, for the ICHD-3 8.2 thresholds, "
    "whatever it is taken for; a muscle relaxant or other medication counts (towards 8.2.8) "
    "only when the patient marked it as taken to relieve headache; preventive medication "
    "never counts. A dose taken outside an episode counts on the day it was taken."
)
NO_PLAN = N_("No regular medication is recorded for this period.")
NO_DOSES = N_("No dose was recorded outside an episode in this period.")


def plan_columns() -> tuple[str, ...]:
    return tuple(_(c) for c in PLAN_COLUMNS)


def dose_columns() -> tuple[str, ...]:
    return tuple(_(c) for c in DOSE_COLUMNS)


def counting_note() -> str:
    return _(COUNTING_NOTE)


def class_label(code: str) -> str:
    return vocab.label(code)


def until_text(entry: PlanEntry, today: date) -> str:
    """``12 Jun 2026``, ``still taken`` or ``planned to 30 Jun 2026`` (a stop ahead)."""
    if entry.stopped is None:
        return _("still taken") if entry.started <= today else _("not started yet")
    if entry.stopped > today:
        return _("planned to {date}", date=format_date(entry.stopped))
    return format_date(entry.stopped)


def counts_text(entry: PlanEntry) -> str:
    if entry.counts:
        if entry.asks_for_headache:
            return _("yes, every day (taken for headache)")
        return _("yes, every day")
    return _("no (preventive)") if entry.preventive else _("no (not taken for headache)")


def plan_row(entry: PlanEntry, today: date) -> tuple[str, ...]:
    """One row of the plan table (:data:`PLAN_COLUMNS`)."""
    return (
        entry.name,
        class_label(entry.med_class),
        entry.dose,
        format_date(entry.started),
        until_text(entry, today),
        counts_text(entry),
    )


def plan_line(entry: PlanEntry, today: date) -> str:
    """``Amitriptyline (Preventive), 10 mg at night: from 1 Mar 2026, still taken``."""
    values = {
        "name": entry.name,
        "medication_class": class_label(entry.med_class),
        "dose": entry.dose,
        "start": format_date(entry.started),
    }
    if entry.stopped is not None and entry.stopped <= today:
        values["end"] = format_date(entry.stopped)
        if entry.dose:
            # Translators: {name} the medication as the patient wrote it, {medication_class}
            # its class, {dose} the dose as written
            return _("{name} ({medication_class}), {dose}: from {start} to {end}", **values)
        return _("{name} ({medication_class}): from {start} to {end}", **values)
    if entry.stopped is not None:
        values["end"] = format_date(entry.stopped)
        if entry.dose:
            return _(
                "{name} ({medication_class}), {dose}: from {start}, planned to {end}", **values
            )
        return _("{name} ({medication_class}): from {start}, planned to {end}", **values)
    if entry.started <= today:
        if entry.dose:
            return _("{name} ({medication_class}), {dose}: from {start}, still taken", **values)
        return _("{name} ({medication_class}): from {start}, still taken", **values)
    if entry.dose:
        return _("{name} ({medication_class}), {dose}: from {start}, not started yet", **values)
    return _("{name} ({medication_class}): from {start}, not started yet", **values)


def dose_row(dose: AcuteDose) -> tuple[str, ...]:
    """One row of the doses table (:data:`DOSE_COLUMNS`), in the zone it was recorded in."""
    local = dose.taken_at.astimezone(zone_for(dose.time_zone))
    return (
        format_date(local.date()),
        i18n.format_time(local),
        dose.name,
        class_label(dose.med_class),
        _("Not recorded") if dose.relief is None else vocab.label(dose.relief),
    )


def doses_sentence(counts: Mapping[str, int]) -> str:
    """``Doses taken outside an episode: 7 (Triptan 5, NSAID 2); each counts as a
    medication day on its own date.`` ("" when there were none)."""
    shown = [(c, n) for c, n in counts.items() if n]
    total = sum(n for _c, n in shown)
    if not total:
        return ""
    # Translators: a medication class and its count of doses, e.g. "Triptan 5"
    listed = format_list(
        [
            _("{medication_class} {count}", medication_class=class_label(c), count=n)
            for c, n in shown
        ]
    )
    # Translators: {listed} is e.g. "Triptan 5 and NSAID 2"
    return _(
        "Doses taken outside an episode in this period: {total} ({listed}); each counts as "
        "a medication day on the day it was taken.",
        total=total,
        listed=listed,
    )


def plan_sentences(snapshot: AnalysisSnapshot) -> list[str]:
    """The plan entries of the period in date order, then how they count."""
    today = snapshot.today or snapshot.period.end
    entries = snapshot.plan_in_period()
    if not entries:
        return []
    lines = [plan_line(e, today) + "." for e in entries]
    counting = [e for e in entries if e.counts]
    if counting:
        names = format_list(sorted({e.name for e in counting}))
        # Translators: {names} lists medications as the patient wrote them
        lines.append(
            _(
                "Counted as medication days on every day taken (an analgesic class, or taken "
                "to relieve headache): {names}; preventive medication is never counted.",
                names=names,
            )
        )
    not_for_headache = [e for e in entries if e.asks_for_headache and not e.counts]
    if not_for_headache:
        names = format_list(sorted({e.name for e in not_for_headache}))
        lines.append(
            _(
                "Not counted, marked as not taken for headache: {names} (ICHD-3 8.2.8 counts "
                "other medication only when it is taken for headache).",
                names=names,
            )
        )
    return lines


def medication_summary(snapshot: AnalysisSnapshot) -> list[str]:
    """Every sentence about the plan and the doses outside episodes for the period."""
    out = plan_sentences(snapshot)
    doses = doses_sentence(snapshot.doses_outside_episodes)
    if doses:
        out.append(doses)
    return out


def medication_text(snapshot: AnalysisSnapshot) -> str:
    """The CLI's section ("" when the diary has no plan and no dose outside an episode)."""
    lines = medication_summary(snapshot)
    if not lines:
        return ""
    title = _("Regular medication and doses outside episodes")
    return "\n".join([title, *(f"  {s}" for s in lines)])
