"""The daily check-in: save (a second one for a day replaces the first), read a day, and
whether to offer one at the start of a day. One unit of work each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from headache_diary.context import AppContext
from headache_diary.domain.checkin import CheckIn, CheckInConflict, validate_check_in
from headache_diary.domain.quick_log import describe_episodes
from headache_diary.domain.timeutil import now_utc
from headache_diary.i18n import _, ngettext
from headache_diary.storage import daily
from headache_diary.storage.daily import DayRecord

__all__ = [
    "CheckInSaved",
    "DayRecord",
    "check_in_offer",
    "day_record",
    "delete_check_in",
    "get_check_in",
    "save_check_in",
]


@dataclass(frozen=True)
class CheckInSaved:
    saved: CheckIn
    #: the check-in it replaced (None for the day's first)
    replaced: CheckIn | None

    def text(self) -> str:
        """What ``checkin`` prints and the window's status bar says."""
        # Translators: {date} is the day, {checkin} and {earlier} describe a check-in
        # ("headache-free, neck stiffness 2/10")
        if self.replaced is not None:
            return _(
                "checked in for {date}: {checkin} (replaces the earlier check-in: {earlier})",
                date=self.saved.day,
                checkin=self.saved.describe(),
                earlier=self.replaced.describe(),
            )
        return _(
            "checked in for {date}: {checkin}", date=self.saved.day, checkin=self.saved.describe()
        )


def save_check_in(ctx: AppContext, ci: CheckIn, today: date | None = None) -> CheckInSaved:
    """Validate and store the day's check-in, replacing an earlier one for that day.

    CheckInError for a day in the future, a neck stiffness outside 0-10 or a note that is
    too long; CheckInConflict for a headache-free check-in on a day with an episode in
    progress. Nothing is saved then.
    """
    today = today or date.today()
    clean = validate_check_in(ci, today)
    with ctx.diary.session() as s:
        if clean.headache_free:
            on_day = daily.episodes_on(s, clean.day, today)
            if on_day:
                # Translators: {date} is the day, {episodes} describes its episodes
                raise CheckInConflict(
                    ngettext(
                        "{date} has {count} headache episode recorded ({episodes}), so it "
                        "cannot be checked in as headache-free. Check in with a headache, or "
                        "correct the episode first. Nothing was saved.",
                        "{date} has {count} headache episodes recorded ({episodes}), so it "
                        "cannot be checked in as headache-free. Check in with a headache, or "
                        "correct the episode first. Nothing was saved.",
                        len(on_day),
                        date=clean.day,
                        episodes=describe_episodes(on_day, now_utc()),
                    )
                )
        replaced = daily.save_check_in(s, clean)
    return CheckInSaved(clean, replaced)


def get_check_in(ctx: AppContext, day: date) -> CheckIn | None:
    with ctx.diary.read_session() as s:
        return daily.get_check_in(s, day)


def delete_check_in(ctx: AppContext, day: date) -> CheckIn | None:
    with ctx.diary.session() as s:
        return daily.delete_check_in(s, day)


def day_record(ctx: AppContext, day: date, today: date | None = None) -> DayRecord:
    """The day's check-in and the episodes in progress on it."""
    with ctx.diary.read_session() as s:
        return daily.day_record(s, day, today or date.today())


def check_in_offer(ctx: AppContext, today: date | None = None) -> date | None:
    """The day to offer a check-in for at the first start of ``today``: yesterday, when
    it has no record (no episode in progress, no check-in) in a diary that already holds
    something; else None."""
    today = today or date.today()
    yesterday = today - timedelta(days=1)
    with ctx.diary.read_session() as s:
        if not daily.any_record(s):
            return None
        if daily.get_check_in(s, yesterday) is not None:
            return None
        if daily.has_episode_on(s, yesterday, today):
            return None
    return yesterday
