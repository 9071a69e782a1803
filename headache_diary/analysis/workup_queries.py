"""The neck workup's reads for the snapshot (``analysis.workup`` computes from them): every
score, and the neck stiffness of the period's check-ins (a primary-key range of
``check_in``). One read-only unit of work, the caller's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from headache_diary.analysis.results import Period
from headache_diary.analysis.workup import Workup, in_period, neck_stiffness
from headache_diary.storage.workup import list_scores


def stiffness_ratings(session: Session, period: Period) -> list[tuple[date, int]]:
    """(day, neck stiffness) of the period's check-ins that rate it, by day."""
    if period.days == 0:
        return []
    rows = session.execute(
        text(
            "SELECT day, neck_stiffness FROM check_in WHERE day BETWEEN :f AND :t "
            "AND neck_stiffness IS NOT NULL ORDER BY day"
        ),
        period.params,
    )
    return [(date.fromisoformat(d), int(v)) for d, v in rows]


def workup_of(session: Session, period: Period) -> Workup:
    scores = list_scores(session)
    return Workup(
        scores=scores,
        period_scores=in_period(scores, period),
        neck_stiffness=neck_stiffness(period, stiffness_ratings(session, period)),
    )
