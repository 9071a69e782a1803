"""The quick log: "headache started" (only the side; ongoing from now) and "headache
ended", from the window's toolbar or from ``headache-diary log`` / ``end`` (a desktop
keyboard shortcut). Each is one short write unit of work (BEGIN IMMEDIATE with the busy
timeout), so it works while the window has the diary open; the window notices the change
(``ui.diary_actions``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from headache_diary.context import AppContext
from headache_diary.domain.episode import Episode, validate
from headache_diary.domain.errors import ValidationError
from headache_diary.domain.quick_log import (
    FORGOTTEN_AFTER,
    MAX_MINUTES,
    QuickLogError,
    check_side,
    check_triggers,
    describe_ongoing,
    when_text,
)
from headache_diary.domain.timeutil import after, now_utc, zone_for
from headache_diary.i18n import N_, _, format_datetime, ngettext
from headache_diary.storage import daily, repository

#: a second "headache started" for the same side within this time is a double press
DOUBLE_PRESS = timedelta(minutes=2)

#: side -> the sentence for a double press (English sources, translated where raised)
_ALREADY_ONGOING = {
    # Translators: {when} is the start of the ongoing headache: a time (14:05) today, else
    # a date and time
    "left": N_("A left-sided headache from {when} is already ongoing; nothing was saved twice."),
    "right": N_("A right-sided headache from {when} is already ongoing; nothing was saved twice."),
    "both": N_("A headache on both sides from {when} is already ongoing; nothing was saved twice."),
    "unsure": N_(
        "A headache (side unsure) from {when} is already ongoing; nothing was saved twice."
    ),
}


def _readable(exc: ValidationError) -> QuickLogError:
    # Translators: {problems} are the episode's problems (lower-case clauses, separated
    # by semicolons)
    return QuickLogError(
        _("Nothing was saved: {problems}.", problems="; ".join(exc.problems.values()))
    )


def ongoing_episodes(ctx: AppContext) -> list[Episode]:
    """Every episode still marked ongoing, oldest first."""
    with ctx.diary.read_session() as s:
        return daily.ongoing_episodes(s)


def forgotten_ongoing(ctx: AppContext, now: datetime | None = None) -> list[Episode]:
    """Ongoing episodes that started more than 24 hours ago (asked about at start-up)."""
    now = now or now_utc()
    return [
        ep
        for ep in ongoing_episodes(ctx)
        if now.timestamp() - ep.started_at.timestamp() > FORGOTTEN_AFTER.total_seconds()
    ]


def start_episode(
    ctx: AppContext,
    side: str,
    *,
    at: datetime | None = None,
    minutes: int | None = None,
    intensity: int | None = None,
    triggers: Sequence[str] | None = None,
    now: datetime | None = None,
) -> Episode:
    """Save a new episode of ``side`` starting ``at``, ongoing unless ``minutes`` says
    how long it lasted. Without ``at`` it starts now, or, with ``minutes``, it started that
    long ago and has just ended. ``triggers``: codes, or ``["none"]`` (no trigger noticed);
    None (the default) leaves them not recorded, never "no trigger". QuickLogError for bad
    input (nothing saved)."""
    now = now or now_utc()
    zone = zone_for(ctx.zone)
    if minutes is not None and minutes <= 0:
        raise QuickLogError(
            _(
                "--minutes {minutes}: give a positive number of minutes. Nothing was saved.",
                minutes=str(minutes),
            )
        )
    if minutes is not None and minutes > MAX_MINUTES:
        raise QuickLogError(
            _(
                "--minutes {minutes} is longer than ten years. Nothing was saved.",
                minutes=str(minutes),
            )
        )
    if at is None and minutes is not None:
        at = after(now, -minutes * 60)
    started = (at or now).astimezone(zone).replace(microsecond=0)
    ended = None if minutes is None else after(started, minutes * 60)
    if ended is not None and ended.timestamp() > now.timestamp() + 60:
        today = now.astimezone(zone).date()
        # Translators: {when} is a time (14:05) or a date and time
        raise QuickLogError(
            _(
                "It would end at {when}, which is still to come. Nothing was saved.",
                when=when_text(ended, today),
            )
        )
    if intensity is not None and not 0 <= intensity <= 10:
        raise QuickLogError(
            _(
                "Intensity {intensity} is not from 0 to 10. Nothing was saved.",
                intensity=str(intensity),
            )
        )
    ep = Episode(
        started_at=started,
        side=check_side(side),
        time_zone=ctx.zone,
        ended_at=ended,
        intensity=intensity,
        triggers=None if triggers is None else check_triggers(list(triggers)),
    ).normalized()
    try:
        validate(ep, now)
    except ValidationError as exc:
        raise _readable(exc) from None
    key = (int(ep.started_at.timestamp()), ep.side)
    with ctx.diary.session() as s:
        for other in daily.ongoing_episodes(s):
            gap = abs(other.started_at.timestamp() - ep.started_at.timestamp())
            if other.side == ep.side and gap < DOUBLE_PRESS.total_seconds():
                today = now.astimezone(other.started_at.tzinfo).date()
                when = when_text(other.started_at, today)
                raise QuickLogError(_(_ALREADY_ONGOING[ep.side], when=when))
        if key in repository.existing_keys(s):
            raise QuickLogError(
                _(
                    "An episode with this start time and side is already in the diary. "
                    "Nothing was saved."
                )
            )
        repository.save_episode(s, ep)
    return ep


def end_episode(
    ctx: AppContext,
    episode_id: str | None = None,
    *,
    at: datetime | None = None,
    now: datetime | None = None,
) -> Episode:
    """End an ongoing episode at ``at`` (default: now): the one with ``episode_id``, or
    the only ongoing one. QuickLogError when there is none, several (naming them), or
    the end is not after the start."""
    now = now or now_utc()
    with ctx.diary.session() as s:
        running = daily.ongoing_episodes(s)
        if episode_id is not None:
            running = [ep for ep in running if ep.id == episode_id]
            if not running:
                raise QuickLogError(_("That episode is no longer ongoing. Nothing was changed."))
        if not running:
            raise QuickLogError(_("No episode is ongoing, so there is nothing to end."))
        if len(running) > 1:
            # Translators: {episodes} describes the ongoing episodes (side and start)
            raise QuickLogError(
                ngettext(
                    "{count} episode is ongoing ({episodes}); end the right one in the "
                    "window. Nothing was changed.",
                    "{count} episodes are ongoing ({episodes}); end the right one in the "
                    "window. Nothing was changed.",
                    len(running),
                    episodes=describe_ongoing(running, now),
                )
            )
        ep = running[0]
        end = (at or now).astimezone(zone_for(ep.time_zone)).replace(microsecond=0)
        ep.ended_at = end
        if end.timestamp() <= ep.started_at.timestamp():
            raise QuickLogError(
                _(
                    "The end must be after the start ({start}). Nothing was changed.",
                    start=format_datetime(ep.started_at),
                )
            )
        if end.timestamp() > now.timestamp() + 60:
            raise QuickLogError(_("The end cannot be in the future. Nothing was changed."))
        try:
            validate(ep, now)
        except ValidationError as exc:
            raise _readable(exc) from None
        repository.save_episode(s, ep)
    return ep
