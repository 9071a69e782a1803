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
from headache_diary.domain.text import format_date, plural

#: what a diary cannot show: (criterion, what it asks, what the app can offer instead)
CANNOT_SHOW: tuple[tuple[str, str, str], ...] = (
    (
        "ICHD-3 11.2.1 B",
        "clinical or imaging evidence of a disorder of the neck",
        "the history lists the examinations that were done and what their reports said; "
        "whether they show such a disorder is for the physician to judge",
    ),
    (
        "ICHD-3 11.2.1 C3",
        C3_TEXT,
        "self-reported neck stiffness or reduced neck motion is not an examination",
    ),
)
#: what the neck history can inform: (criterion, what it asks, what in the record informs it)
HISTORY_INFORMS: tuple[tuple[str, str, str], ...] = (
    (
        "ICHD-3 11.2.1 C1",
        "headache that began in temporal relation to the onset of the neck disorder",
        "when these headaches began, set beside the dates of the neck events",
    ),
    (
        "ICHD-3 11.2.1 C2",
        "headache that improved in parallel with the neck disorder",
        "the before/after figures around treatments",
    ),
    (
        "ICHD-3 11.2.1 C4",
        "headache abolished after a diagnostic block of a neck structure or its nerve supply",
        "a nerve block entry, its recorded outcome and the days after it",
    ),
)
NOT_JUDGED = (
    "The app judges none of these criteria: it shows the record, and whether a criterion "
    "is met is for the physician to decide."
)
#: shown whenever the history holds a neck injury (docs/clinical.md, source 1.3)
NECK_INJURY_NOTE = (
    "ICHD-3 classifies headache caused by an injury to the neck, such as whiplash, under "
    "chapter 5 (headache attributed to trauma or injury to the head and/or neck), not as "
    "cervicogenic headache (11.2.1). A recorded neck injury is listed as history only."
)
DESCRIPTIVE_NOTE = (
    "Before and after: the 90 days before each event and the 90 days after it (the day "
    "itself in neither), within the period and the days from the first entry to today. "
    "These are counts from the diary, not a judgement of whether a treatment helped; "
    "other changes in the same weeks count too."
)

EVENT_COLUMNS = ("Date", "Event", "Side / structure", "Findings / details", "Outcome")
EFFECT_COLUMNS = (
    "Window",
    "Days",
    "Days with an entry",
    "Episodes",
    "Headache days",
    "Per 30 days",
    "Mean peak intensity",
)
_WINDOW_NAMES = {
    "before": "90 days before",
    "after": "90 days after",
    "after_1": "first day after",
    "after_7": "first 7 days after",
    "after_30": "first 30 days after",
}


def limit_lines() -> list[str]:
    """The one list as sentences (GUI, PDF)."""
    out = [
        f"{crit} ({asks}): a diary cannot show this; {instead}."
        for crit, asks, instead in CANNOT_SHOW
    ]
    out += [
        f"{crit} ({asks}): the history can inform this — {what}."
        for crit, asks, what in HISTORY_INFORMS
    ]
    out.append(NOT_JUDGED)
    return out


def has_neck_injury(events: Sequence[HistoryEvent]) -> bool:
    return any(e.kind == "neck_injury" for e in events)


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def window_label(w: WindowFigures) -> str:
    return _WINDOW_NAMES.get(w.name, w.name)


def _days_phrase(w: WindowFigures, side: str) -> str:
    """``the 90 days before`` or ``the 41 days after (of 90)``."""
    if w.days == w.nominal_days:
        return f"the {w.days} days {side}"
    return f"the {plural(w.days, 'day')} {side} (of {w.nominal_days})"


def effect_sentences(effect: EventEffect, *, counts: bool = True) -> list[str]:
    """What changed after the event, in plain sentences, with every caveat. ``counts``:
    also the episodes and (nerve blocks) the first days after, which the tables show."""
    ev = effect.event
    head = f"{format_event_date(ev)}, {describe(ev)}"
    if effect.date is not None and effect.has_figures:
        head += " —"
    if effect.date is None:
        return [f"{head}: dated to the year only, so there are no before/after figures."]
    before, after = effect.window("before"), effect.window("after")
    assert before is not None and after is not None
    if not effect.has_figures:
        return [
            f"{head}: no figures; the 90 days before and after it lie outside this period "
            "or the days the diary covers."
        ]
    parts = []
    rates = all(w.per_30 is not None for w in (before, after) if w.days)
    for w, side in ((before, "before"), (after, "after")):
        if not w.days:
            parts.append(f"no day {side} it in this period")
        elif rates:
            parts.append(f"{_num(w.per_30)} in {_days_phrase(w, side)}")
        elif w.per_30 is not None:
            parts.append(f"{_num(w.per_30)} per 30 days in {_days_phrase(w, side)}")
        else:  # too short for a rate (DESIGN.md): the count itself
            parts.append(f"{w.headache_days} in {_days_phrase(w, side)}")
    if rates:
        out = [f"{head} headache days per 30 days: {parts[0]}, {parts[1]}."]
    else:
        out = [f"{head} headache days: {parts[0]}; {parts[1]}."]
    episodes = []
    for w, side in ((before, "before"), (after, "after")):
        if w.days:
            text = f"{w.episodes} {side}"
            if w.mean_peak_intensity is not None:
                text += f" (mean peak intensity {_num(w.mean_peak_intensity)})"
            episodes.append(text)
    if episodes and counts:
        out.append("Episodes: " + "; ".join(episodes) + ".")
    if ev.kind == "nerve_block" and counts:
        firsts = [
            f"{window_label(w).removesuffix(' after')} {w.headache_days} of {w.days}"
            for w in effect.windows
            if w.name.startswith("after_") and w.days == w.nominal_days
        ]
        if firsts:
            out.append("Headache days after the block: " + "; ".join(firsts) + ".")
    out += effect_notes(effect)
    return out


def effect_notes(effect: EventEffect) -> list[str]:
    """The caveats: approximate date, short windows, days without an entry, nearby events."""
    ev = effect.event
    notes = []
    if ev.date_precision == "month" and effect.date is not None:
        notes.append(
            f"Dated to the month, so placed on {format_date(effect.date)}: the figures are "
            "approximate."
        )
    unrecorded = []
    for w in effect.windows[:2]:
        side = "before" if w.name == "before" else "after"
        if w.days and w.short:
            notes.append(
                f"The window {side} is short: {w.days} of its {w.nominal_days} days lie "
                "within the period and the days the diary covers."
            )
        if w.days and w.unrecorded_days:
            unrecorded.append(f"{w.unrecorded_days} of the {plural(w.days, 'day')} {side}")
    if unrecorded:
        notes.append(
            "Days without any entry are unknown, yet these figures count them as days "
            "without a headache: " + ", ".join(unrecorded) + "."
        )
    if effect.nearby:
        others = "; ".join(f"{describe(o)}, {format_event_date(o)}" for o in effect.nearby)
        notes.append(f"Also within 90 days: {others}. These figures cannot tell them apart.")
    return notes


def without_figures(effects: Sequence[EventEffect]) -> list[str]:
    """One sentence each for the events dated to the year only and for those whose
    windows lie outside the period or the record (they get no before/after figures)."""
    year = [e.event for e in effects if e.date is None]
    outside = [e.event for e in effects if e.date is not None and not e.has_figures]
    out = []
    if year:
        listed = "; ".join(f"{format_event_date(e)}, {describe(e)}" for e in year)
        out.append(f"Dated to the year only, so without before/after figures: {listed}.")
    if outside:
        listed = "; ".join(f"{format_event_date(e)}, {describe(e)}" for e in outside)
        out.append(
            "Without figures because the 90 days before and after lie outside this period "
            f"or the days the diary covers: {listed}."
        )
    return out


def event_rows(events: Sequence[HistoryEvent]) -> list[tuple[str, ...]]:
    """Rows of the event table (:data:`EVENT_COLUMNS`), in the order given."""
    rows: list[tuple[str, ...]] = []
    for ev in events:
        what = kind_label(ev.kind) + (f" – {ev.title}" if ev.title else "")
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
        name = f"{format_event_date(ev)}, {describe(ev)}"
        if ev.date_precision == "month" and effect.date is not None:
            name += f" (approximate: placed on {format_date(effect.date)})"
        rows: list[tuple[str, ...]] = []
        for w in effect.windows:
            if not w.days:
                days = "none in the period"
            elif w.short:
                days = f"{w.days} of {w.nominal_days}"
            else:
                days = str(w.days)
            rows.append(
                (
                    window_label(w),
                    days,
                    str(w.recorded_days) if w.days else "-",
                    str(w.episodes) if w.days else "-",
                    str(w.headache_days) if w.days else "-",
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
    lines = ["Neck history"]
    for effect in effects:
        sentences = effect_sentences(effect)
        lines.append(f"  {sentences[0]}")
        lines += [f"    {s}" for s in sentences[1:]]
    if has_neck_injury(events):
        lines.append(f"  {NECK_INJURY_NOTE}")
    lines.append(f"  {DESCRIPTIVE_NOTE}")
    return "\n".join(lines)
