"""The neck workup's reads for the snapshot (``analysis.workup`` computes from them): every
score, and the neck stiffness of the period's check-ins per month (a primary-key range of
``check_in``, added up in SQL). One read-only unit of work, the caller's."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from headache_diary.analysis.results import Period
from headache_diary.analysis.workup import Workup, in_period, stiffness_of_months
from headache_diary.storage.workup import list_scores


def stiffness_by_month(session: Session, period: Period) -> dict[str, tuple[int, int]]:
    """Month (``YYYY-MM``) -> (check-ins of the period rating the neck stiffness, the sum
    of their ratings): one primary-key range of ``check_in``, added up in SQL."""
    if period.days == 0:
        return {}
    rows = session.execute(
        text(
            "SELECT substr(day, 1, 7), count(*), sum(neck_stiffness) FROM check_in "
            "WHERE day BETWEEN :f AND :t AND neck_stiffness IS NOT NULL GROUP BY 1"
        ),
        period.params,
    )
    return {month: (int(n), int(total)) for month, n, total in rows}


def workup_of(session: Session, period: Period) -> Workup:
    scores = list_scores(session)
    return Workup(
        scores=scores,
        period_scores=in_period(scores, period),
        neck_stiffness=stiffness_of_months(period, stiffness_by_month(session, period)),
    )
