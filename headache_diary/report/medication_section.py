"""The PDF's "Regular medication and doses outside episodes" section: the plan entries
taken in the period (a table: what, class, dose, from, to, whether they count as
medication days), how they count for ICHD-3 8.2, and the doses taken outside an episode
(a sentence by class, then a table of the latest of them). Content as plain data
(:func:`medication_content`, no Qt) and its layout (:func:`layout_medication`); the
wording is ``analysis.medication_wording``'s, the same the GUI and the CLI use. The plan
also appears as bars under the monthly headache days chart (analysis.plan_chart)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from headache_diary.analysis.medication_wording import (
    COUNTING_NOTE,
    DOSE_COLUMNS,
    NO_DOSES,
    NO_PLAN,
    PLAN_COLUMNS,
    dose_row,
    doses_sentence,
    plan_row,
)
from headache_diary.analysis.results import AnalysisSnapshot
from headache_diary.domain.medication import AcuteDose
from headache_diary.i18n import N_, _, ngettext

if TYPE_CHECKING:  # the content is made without Qt; only the layout needs it
    from headache_diary.report.layout import Layout

HEADING = N_("Regular medication and doses outside episodes (self-reported)")
#: the doses table lists at most this many of the latest doses of the period
DOSE_TABLE_CAP = 300


@dataclass
class MedicationSection:
    plan: list[tuple[str, ...]] = field(default_factory=list)
    #: the doses outside episodes by class ("" when there were none)
    doses: str = ""
    dose_rows: list[tuple[str, ...]] = field(default_factory=list)
    #: doses of the period left out of the table
    doses_left_out: int = 0


def medication_content(
    snapshot: AnalysisSnapshot, doses: Sequence[AcuteDose] = ()
) -> MedicationSection:
    """The section's content; ``doses``: the doses outside episodes of the period, oldest
    first (the latest :data:`DOSE_TABLE_CAP` are listed)."""
    today = snapshot.today or snapshot.period.end
    shown = list(doses)[-DOSE_TABLE_CAP:]
    return MedicationSection(
        plan=[plan_row(e, today) for e in snapshot.plan_in_period()],
        doses=doses_sentence(snapshot.doses_outside_episodes),
        dose_rows=[dose_row(d) for d in shown],
        doses_left_out=max(0, len(doses) - len(shown)),
    )


def layout_medication(lay: Layout, content: MedicationSection, check: Callable[[], None]) -> None:
    from headache_diary.report.layout import MUTED, font

    lay.heading(_(HEADING))
    if content.plan:
        lay.table(
            tuple(_(c) for c in PLAN_COLUMNS),
            content.plan,
            (3.2, 1.6, 2.6, 1.2, 1.4, 1.4),
            size=7.5,
            fit=(False, True, False, True, True, True),
            check=check,
        )
        lay.gap(3)
    else:
        lay.paragraph(_(NO_PLAN), font(9.5))
    lay.paragraph(_(COUNTING_NOTE), font(8), color=MUTED, after=3)
    if not content.dose_rows:
        lay.paragraph(_(NO_DOSES), font(9.5))
        return
    lay.paragraph(content.doses, font(9.5), after=3)
    if content.doses_left_out:
        lay.paragraph(
            ngettext(
                "The table lists the latest {shown} doses; {count} earlier one is counted "
                "above but not listed.",
                "The table lists the latest {shown} doses; {count} earlier ones are counted "
                "above but not listed.",
                content.doses_left_out,
                shown=len(content.dose_rows),
            ),
            font(8.5),
            color=MUTED,
        )
    lay.table(
        tuple(_(c) for c in DOSE_COLUMNS),
        content.dose_rows,
        (1, 1, 4, 2, 1.5),
        size=7.5,
        fit=(True, True, False, True, True),
        check=check,
    )
    lay.gap(3)
