"""What the daily reminder asks the diary: has anything been recorded today?"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from headache_diary.context import AppContext
from headache_diary.domain.timeutil import localize, now_utc, to_epoch, zone_for
from headache_diary.storage import daily
from headache_diary.storage.medication import recorded_between


def nothing_recorded_today(ctx: AppContext, now: datetime | None = None) -> bool:
    """True when nothing was recorded on the computer's local date of ``now``: no
    check-in for today, no episode in progress today, none entered or changed today, and
    no dose outside an episode taken or entered today. The daily reminder fires only then.

    One unit of work (a read; index look-ups but for the episodes changed today).
    """
    now = now or now_utc()
    zone = zone_for(ctx.zone)
    today = now.astimezone(zone).date()
    start = localize(datetime.combine(today, time()), ctx.zone, fold=0)
    end = localize(datetime.combine(today + timedelta(days=1), time()), ctx.zone, fold=0)
    with ctx.diary.read_session() as s:
        return not (
            daily.get_check_in(s, today) is not None
            or daily.has_episode_on(s, today, today)
            or recorded_between(s, today, to_epoch(start), to_epoch(end))
        )
