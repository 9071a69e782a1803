"""What the daily reminder asks the diary: has anything been recorded today?"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from headache_diary.context import AppContext
from headache_diary.domain.timeutil import localize, now_utc, to_epoch, zone_for
from headache_diary.storage.medication import recorded_between


def nothing_recorded_today(ctx: AppContext, now: datetime | None = None) -> bool:
    """True when nothing was recorded on the computer's local date of ``now``: no episode
    was in progress that day, none was entered or changed that day, and no dose outside
    an episode was taken or entered that day. The daily reminder fires only then.

    One unit of work (a read). The daily check-ins (issue 11, on another branch) join
    this rule when the branches are merged: a check-in for today counts as recorded.
    """
    now = now or now_utc()
    zone = zone_for(ctx.zone)
    today = now.astimezone(zone).date()
    start = localize(datetime.combine(today, time()), ctx.zone, fold=0)
    end = localize(datetime.combine(today + timedelta(days=1), time()), ctx.zone, fold=0)
    with ctx.diary.read_session() as s:
        return not recorded_between(s, today, to_epoch(start), to_epoch(end))
