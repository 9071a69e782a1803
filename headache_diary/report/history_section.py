"""The PDF's "Neck history" section: the events in date order, the before/after table
with its caveats, and DESIGN.md's one list of what a diary cannot show and what the
history can inform. Content as plain data (:func:`neck_history_content`, no Qt) and its
layout (:func:`layout_neck_history`); the wording is ``analysis.history_wording``'s, the
same the GUI and the CLI use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from headache_diary.analysis.history_wording import (
    DESCRIPTIVE_NOTE,
    EFFECT_COLUMNS,
    EVENT_COLUMNS,
    NECK_INJURY_NOTE,
    effect_sentences,
    effect_table,
    event_rows,
    has_neck_injury,
    limit_lines,
    without_figures,
)
from headache_diary.analysis.results import AnalysisSnapshot
from headache_diary.i18n import N_, _

if TYPE_CHECKING:  # the content is made without Qt; only the layout needs it
    from headache_diary.report.layout import Layout

# the section's texts (translated where shown)
HEADING = N_("Neck history (self-reported)")
EFFECTS_HEADING = N_("Before and after each event")
LIMITS_HEADING = N_("What a diary cannot show, and what the history can inform (ICHD-3 11.2.1)")
NONE_RECORDED = N_(
    "No neck history is recorded in this diary (injuries, imaging, nerve blocks, "
    "physiotherapy and other treatments, or when these headaches began)."
)


@dataclass
class NeckHistory:
    """The section's content, already worded."""

    events: list[tuple[str, ...]] = field(default_factory=list)
    #: (event, one row per window)
    effects: list[tuple[str, list[tuple[str, ...]]]] = field(default_factory=list)
    #: per event with figures: its sentences (headline figure first, then the caveats)
    sentences: list[list[str]] = field(default_factory=list)
    #: the events without figures (dated to the year, or outside the period)
    notes: list[str] = field(default_factory=list)
    #: the neck-injury note (ICHD-3 codes post-traumatic headache under chapter 5)
    injury_note: str = ""
    limits: list[str] = field(default_factory=list)


def neck_history_content(snapshot: AnalysisSnapshot) -> NeckHistory:
    events = snapshot.history
    content = NeckHistory(limits=limit_lines())
    if not events:
        return content
    content.events = event_rows(events)
    content.effects = [(name, rows) for _e, name, rows in effect_table(snapshot.history_effects)]
    effects = snapshot.history_effects
    content.sentences = [effect_sentences(e, counts=False) for e in effects if e.has_figures]
    content.notes = without_figures(effects)
    if has_neck_injury(events):
        content.injury_note = _(NECK_INJURY_NOTE)
    return content


def layout_neck_history(lay: Layout, content: NeckHistory, check: Callable[[], None]) -> None:
    """Lay the section out on ``lay``."""
    from headache_diary.report.layout import MM, MUTED, NOTE_FILL, font

    lay.heading(_(HEADING))
    if not content.events:
        lay.paragraph(_(NONE_RECORDED), font(9.5))
    else:
        lay.table(
            tuple(_(c) for c in EVENT_COLUMNS),
            content.events,
            (1, 2.6, 1.9, 3.6, 2.6),
            size=7.5,
            fit=(True, False, False, False, False),
            check=check,
        )
        lay.gap(3)
        if content.injury_note:
            lay.boxed(content.injury_note, font(8.5), NOTE_FILL, after=3)
        lay.heading(_(EFFECTS_HEADING), size=10.5, keep_with=80)
        lay.paragraph(_(DESCRIPTIVE_NOTE), font(8.5), color=MUTED, after=3)
        if content.effects:
            rows: list[tuple[str, ...]] = []
            groups = set()
            for name, windows in content.effects:
                groups.add(len(rows))
                rows.append((name,))
                rows += windows
            lay.table(
                tuple(_(c) for c in EFFECT_COLUMNS),
                rows,
                (2.4, 1, 1, 1, 1, 1, 1),
                size=7.5,
                zebra=False,
                group_rows=frozenset(groups),
                check=check,
            )
            lay.gap(3)
        for sentences in content.sentences:
            lay.bullets(sentences[:1], font(8.5), after=1)
            if sentences[1:]:
                lay.paragraph(" ".join(sentences[1:]), font(8), indent=4 * MM, after=3)
        lay.bullets(content.notes, font(8.5), after=1)
    lay.heading(_(LIMITS_HEADING), size=10.5, keep_with=40)
    lay.bullets(content.limits, font(8.5), after=1.5)
