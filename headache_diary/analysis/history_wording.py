"""The neck history in words and table rows, shared by the GUI, the CLI and the PDF.

Descriptive only ("headache days per 30 days: 14.2 in the 90 days before, 6.1 in the 90
days after"), never a verdict on a treatment. Every figure says how many days it rests
on, and a window that is cut short or has days without an entry says so; a window of
fewer than 28 days gets no rate per 30 days, only its count ("3 in the 10 days before").

:data:`CANNOT_SHOW` and :data:`HISTORY_INFORMS` are DESIGN.md's one list of what a diary
cannot show (ICHD-3 11.2.1 B and C3) and what the history can inform (C1, C2, C4), in
the app's own words (docs/clinical.md "Sources": paraphrase, never quoted); nothing here is
ever called "met".
"""

from __future__ import annotations

from collections.abc import Sequence

from headache_diary.analysis.features import C3_TEXT
from headache_diary.analysis.results import EventEffect, WindowFigures
from headache_diary.domain.history import (
    HistoryEvent,
    describe,
    format_event_date,
    kind_label,
    where_text,
)
from headache_diary.domain.text import format_date
from headache_diary.i18n import N_, _, format_fixed, format_int, ngettext

#: what a diary cannot show: (criterion, what it asks, what the app can offer instead);
#: the texts are marked with N_ and translated where shown (:func:`limit_lines`)
CANNOT_SHOW: tuple[tuple[str, str, str], ...] = (
    (
        "ICHD-3 11.2.1 B",
        N_("clinical or imaging evidence of a disorder of the neck"),
        N_(
            "the history lists the examinations that were done and what their reports said; "
            "whether they show such a disorder is for the physician to judge"
        ),
    ),
    (
        "ICHD-3 11.2.1 C3",
        C3_TEXT,
        N_("self-reported neck stiffness or reduced neck motion is not an examination"),
    ),
)
#: what the neck history can inform: (criterion, what it asks, what in the record informs it)
HISTORY_INFORMS: tuple[tuple[str, str, str], ...] = (
    (
        "ICHD-3 11.2.1 C1",
        N_("headache that began in temporal relation to the onset of the neck disorder"),
        N_("when these headaches began, set beside the dates of the neck events"),
    ),
    (
        "ICHD-3 11.2.1 C2",
        N_("headache that improved in parallel with the neck disorder"),
        N_("the before/after figures around treatments"),
    ),
    (
        "ICHD-3 11.2.1 C4",
        N_("headache abolished after a diagnostic block of a neck structure or its nerve supply"),
        N_("a nerve block entry, its recorded outcome and the days after it"),
    ),
)
NOT_JUDGED = N_(
    "The app judges none of these criteria: it shows the record, and whether a criterion "
    "is met is for the physician to decide."
)
#: shown whenever the history holds a neck injury (docs/clinical.md, source 1.3)
NECK_INJURY_NOTE = N_(
    "ICHD-3 classifies headache caused by an injury to the neck, such as whiplash, under "
    "chapter 5 (headache attributed to trauma or injury to the head and/or neck), not as "
    "cervicogenic headache (11.2.1). A recorded neck injury is listed as history only."
)
DESCRIPTIVE_NOTE = N_(
    "Before and after: the 90 days before each event and the 90 days after it (the day "
    "itself in neither), within the period and the days from the first entry to today. "
    "These are counts from the diary, not a judgement of whether a treatment helped; "
    "other changes in the same weeks count too."
)

#: table headers (English source; :func:`event_columns` and :func:`effect_columns` translate)
EVENT_COLUMNS = (
    N_("Date"),
    N_("Event"),
    N_("Side / structure"),
    N_("Findings / details"),
    N_("Outcome"),
)
EFFECT_COLUMNS = (
    N_("Window"),
    N_("Days"),
    N_("Days with an entry"),
    N_("Episodes"),
    N_("Headache days"),
    N_("Per 30 days"),
    N_("Mean peak intensity"),
)
_WINDOW_NAMES = {
    "before": N_("90 days before"),
    "after": N_("90 days after"),
    "after_1": N_("first day after"),
    "after_7": N_("first 7 days after"),
    "after_30": N_("first 30 days after"),
}


def event_columns() -> tuple[str, ...]:
    return tuple(_(c) for c in EVENT_COLUMNS)


def effect_columns() -> tuple[str, ...]:
    return tuple(_(c) for c in EFFECT_COLUMNS)


def neck_injury_note() -> str:
    return _(NECK_INJURY_NOTE)


def descriptive_note() -> str:
    return _(DESCRIPTIVE_NOTE)


def limit_lines() -> list[str]:
    """The one list as sentences (GUI, PDF)."""
    # Translators: {criterion} e.g. "ICHD-3 11.2.1 B"; {asks} what the criterion asks;
    # {instead} what the app can offer instead
    out = [
        _(
            "{criterion} ({asks}): a diary cannot show this; {instead}.",
            criterion=crit,
            asks=_(asks),
            instead=_(instead),
        )
        for crit, asks, instead in CANNOT_SHOW
    ]
    # Translators: {criterion} e.g. "ICHD-3 11.2.1 C1"; {asks} what the criterion asks;
    # {what} what in the record informs it
    out += [
        _(
            "{criterion} ({asks}): the history can inform this — {what}.",
            criterion=crit,
            asks=_(asks),
            what=_(what),
        )
        for crit, asks, what in HISTORY_INFORMS
    ]
    out.append(_(NOT_JUDGED))
    return out


def has_neck_injury(events: Sequence[HistoryEvent]) -> bool:
    return any(e.kind == "neck_injury" for e in events)


def _num(value: float | None) -> str:
    return "-" if value is None else format_fixed(value)


def window_label(w: WindowFigures) -> str:
    name = _WINDOW_NAMES.get(w.name)
    return _(name) if name else w.name


def _window_phrase(w: WindowFigures, before: bool) -> str:
    """``the 90 days before`` or ``the 41 days after (of 90)``."""
    if w.days == w.nominal_days:
        if before:
            # Translators: put into "{rate} in {window}", e.g. "14.2 in the 90 days before"
            return ngettext("the {count} day before", "the {count} days before", w.days)
        return ngettext("the {count} day after", "the {count} days after", w.days)
    if before:
        return ngettext(
            "the {count} day before (of {nominal})",
            "the {count} days before (of {nominal})",
            w.days,
            nominal=w.nominal_days,
        )
    return ngettext(
        "the {count} day after (of {nominal})",
        "the {count} days after (of {nominal})",
        w.days,
        nominal=w.nominal_days,
    )


def _window_part(w: WindowFigures, before: bool, rates: bool) -> str:
    if not w.days:
        if before:
            return _("no day before it in this period")
        return _("no day after it in this period")
    window = _window_phrase(w, before)
    if rates:
        # Translators: {rate} headache days per 30 days; {window} e.g. "the 90 days before"
        return _("{rate} in {window}", rate=_num(w.per_30), window=window)
    if w.per_30 is not None:
        return _("{rate} per 30 days in {window}", rate=_num(w.per_30), window=window)
    # too short for a rate (DESIGN.md): the count itself
    # Translators: {count} headache days; {window} e.g. "the 10 days before"
    return _("{count} in {window}", count=w.headache_days, window=window)


def effect_sentences(effect: EventEffect, *, counts: bool = True) -> list[str]:
    """What changed after the event, in plain sentences, with every caveat. ``counts``:
    also the episodes and (nerve blocks) the first days after, which the tables show."""
    ev = effect.event
    # Translators: an event of the neck history: its date and what it was
    head = _("{date}, {event}", date=format_event_date(ev), event=describe(ev))
    if effect.date is None:
        return [
            _("{event}: dated to the year only, so there are no before/after figures.", event=head)
        ]
    before, after = effect.window("before"), effect.window("after")
    assert before is not None and after is not None
    if not effect.has_figures:
        return [
            _(
                "{event}: no figures; the 90 days before and after it lie outside this period "
                "or the days the diary covers.",
                event=head,
            )
        ]
    rates = all(w.per_30 is not None for w in (before, after) if w.days)
    first = _window_part(before, True, rates)
    second = _window_part(after, False, rates)
    if rates:
        # Translators: {before} and {after} e.g. "14.2 in the 90 days before"
        out = [
            _(
                "{event} — headache days per 30 days: {before}, {after}.",
                event=head,
                before=first,
                after=second,
            )
        ]
    else:
        out = [
            _(
                "{event} — headache days: {before}; {after}.",
                event=head,
                before=first,
                after=second,
            )
        ]
    episodes = []
    for w, is_before in ((before, True), (after, False)):
        if w.days:
            if w.mean_peak_intensity is not None:
                mean = _num(w.mean_peak_intensity)
                text = (
                    _("{count} before (mean peak intensity {mean})", count=w.episodes, mean=mean)
                    if is_before
                    else _(
                        "{count} after (mean peak intensity {mean})", count=w.episodes, mean=mean
                    )
                )
            else:
                text = (
                    _("{count} before", count=w.episodes)
                    if is_before
                    else _("{count} after", count=w.episodes)
                )
            episodes.append(text)
    if episodes and counts:
        # Translators: {list} e.g. "3 before (mean peak intensity 6.0); 1 after"
        out.append(_("Episodes: {list}.", list="; ".join(episodes)))
    if ev.kind == "nerve_block" and counts:
        firsts = [
            _first_days(w.name, w.headache_days, w.days)
            for w in effect.windows
            if w.name.startswith("after_") and w.days == w.nominal_days
        ]
        if firsts:
            # Translators: {list} e.g. "first day 0 of 1; first 7 days 1 of 7"
            out.append(_("Headache days after the block: {list}.", list="; ".join(firsts)))
    out += effect_notes(effect)
    return out


def _first_days(name: str, headache_days: int, days: int) -> str:
    if name == "after_1":
        return _("first day {n} of {count}", n=headache_days, count=days)
    if name == "after_7":
        return _("first 7 days {n} of {count}", n=headache_days, count=days)
    return _("first 30 days {n} of {count}", n=headache_days, count=days)


def effect_notes(effect: EventEffect) -> list[str]:
    """The caveats: approximate date, short windows, days without an entry, nearby events."""
    ev = effect.event
    notes = []
    if ev.date_precision == "month" and effect.date is not None:
        notes.append(
            _(
                "Dated to the month, so placed on {date}: the figures are approximate.",
                date=format_date(effect.date),
            )
        )
    unrecorded = []
    for w in effect.windows[:2]:
        before = w.name == "before"
        if w.days and w.short:
            if before:
                text = _(
                    "The window before is short: {days} of its {count} days lie within the "
                    "period and the days the diary covers.",
                    days=w.days,
                    count=w.nominal_days,
                )
            else:
                text = _(
                    "The window after is short: {days} of its {count} days lie within the "
                    "period and the days the diary covers.",
                    days=w.days,
                    count=w.nominal_days,
                )
            notes.append(text)
        if w.days and w.unrecorded_days:
            if before:
                part = ngettext(
                    "{unrecorded} of the {count} day before",
                    "{unrecorded} of the {count} days before",
                    w.days,
                    unrecorded=w.unrecorded_days,
                )
            else:
                part = ngettext(
                    "{unrecorded} of the {count} day after",
                    "{unrecorded} of the {count} days after",
                    w.days,
                    unrecorded=w.unrecorded_days,
                )
            unrecorded.append(part)
    if unrecorded:
        # Translators: {list} e.g. "3 of the 90 days before, 5 of the 90 days after"
        notes.append(
            _(
                "Days without any entry are unknown, yet these figures count them as days "
                "without a headache: {list}.",
                list=", ".join(unrecorded),
            )
        )
    if effect.nearby:
        others = "; ".join(
            _("{event}, {date}", event=describe(o), date=format_event_date(o))
            for o in effect.nearby
        )
        notes.append(
            _(
                "Also within 90 days: {events}. These figures cannot tell them apart.",
                events=others,
            )
        )
    return notes


def without_figures(effects: Sequence[EventEffect]) -> list[str]:
    """One sentence each for the events dated to the year only and for those whose
    windows lie outside the period or the record (they get no before/after figures)."""
    year = [e.event for e in effects if e.date is None]
    outside = [e.event for e in effects if e.date is not None and not e.has_figures]
    out = []
    if year:
        listed = "; ".join(
            _("{date}, {event}", date=format_event_date(e), event=describe(e)) for e in year
        )
        out.append(
            _("Dated to the year only, so without before/after figures: {events}.", events=listed)
        )
    if outside:
        listed = "; ".join(
            _("{date}, {event}", date=format_event_date(e), event=describe(e)) for e in outside
        )
        out.append(
            _(
                "Without figures because the 90 days before and after lie outside this period "
                "or the days the diary covers: {events}.",
                events=listed,
            )
        )
    return out


def event_rows(events: Sequence[HistoryEvent]) -> list[tuple[str, ...]]:
    """Rows of the event table (:data:`EVENT_COLUMNS`), in the order given."""
    rows: list[tuple[str, ...]] = []
    for ev in events:
        if ev.title:
            # Translators: a kind of neck event and the title the patient gave it
            what = _("{kind} – {title}", kind=kind_label(ev.kind), title=ev.title)
        else:
            what = kind_label(ev.kind)
        rows.append((format_event_date(ev), what, where_text(ev), ev.details, ev.outcome))
    return rows


EffectTable = list[tuple[EventEffect, str, list[tuple[str, ...]]]]


def effect_table(effects: Sequence[EventEffect]) -> EffectTable:
    """The before/after table: for each event with figures, the effect, the event's name
    and one row per window (:data:`EFFECT_COLUMNS`)."""
    out: EffectTable = []
    for effect in effects:
        if not effect.has_figures:
            continue
        ev = effect.event
        if ev.date_precision == "month" and effect.date is not None:
            name = _(
                "{date}, {event} (approximate: placed on {placed})",
                date=format_event_date(ev),
                event=describe(ev),
                placed=format_date(effect.date),
            )
        else:
            name = _("{date}, {event}", date=format_event_date(ev), event=describe(ev))
        rows: list[tuple[str, ...]] = []
        for w in effect.windows:
            if not w.days:
                days = _("none in the period")
            elif w.short:
                days = _("{n} of {count}", n=w.days, count=w.nominal_days)
            else:
                days = format_int(w.days)
            rows.append(
                (
                    window_label(w),
                    days,
                    format_int(w.recorded_days) if w.days else "-",
                    format_int(w.episodes) if w.days else "-",
                    format_int(w.headache_days) if w.days else "-",
                    _num(w.per_30),
                    _num(w.mean_peak_intensity),
                )
            )
        out.append((effect, name, rows))
    return out


def history_text(events: Sequence[HistoryEvent], effects: Sequence[EventEffect]) -> str:
    """The neck history for ``headache-diary summary`` (text)."""
    if not events:
        return ""
    lines = [_("Neck history")]
    for effect in effects:
        sentences = effect_sentences(effect)
        lines.append(f"  {sentences[0]}")
        lines += [f"    {s}" for s in sentences[1:]]
    if has_neck_injury(events):
        lines.append(f"  {neck_injury_note()}")
    lines.append(f"  {descriptive_note()}")
    return "\n".join(lines)
