"""The quick log's rules: a time typed on the command line, and the words it prints.

Pure functions (no database): ``services.quick_log`` stores what they build.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from headache_diary import i18n
from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.text import format_date, format_duration
from headache_diary.domain.timeutil import ZoneError, is_repeated, localize, zone_for

#: an episode ongoing for longer than this is asked about at the next start
FORGOTTEN_AFTER = timedelta(hours=24)
#: the years a typed time may have, as for an import (io.common.YEARS)
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999
#: the longest episode the quick log takes, as for an import (ten years)
MAX_MINUTES = 10 * 366 * 24 * 60

_CLOCK_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_STAMP_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$", re.ASCII
)
TIME_EXAMPLES = "14:05, 2026-03-01 14:05 or 2026-03-01T14:05+01:00"


class QuickLogError(DiaryError):
    """Bad input to the quick log (a time, a side, no ongoing episode...); nothing saved."""


def parse_time(text: str, zone: str, now: datetime) -> datetime:
    """The instant ``text`` means in ``zone`` (the computer's): ``HH:MM`` is today, a
    date and time is local wall time there, a time with an offset is that instant.

    QuickLogError for anything else, and for a wall time the clocks skipped (a DST gap)
    or repeated (the hour they went back: write the offset to say which).
    """
    raw = text.strip()
    today = now.astimezone(zone_for(zone)).date()
    m = _CLOCK_RE.match(raw)
    offset = None
    if m:
        day, hour, minute, second = today, int(m.group(1)), int(m.group(2)), 0
    else:
        s = _STAMP_RE.match(raw)
        if s is None:
            raise QuickLogError(f"{text!r} is not a time: use e.g. {TIME_EXAMPLES}.")
        try:
            day = date.fromisoformat(s.group(1))
        except ValueError:
            raise QuickLogError(f"{text!r} is not a real date. Nothing was saved.") from None
        hour, minute, second = int(s.group(2)), int(s.group(3)), int(s.group(4) or 0)
        offset = s.group(5)
    if hour > 23 or minute > 59 or second > 59:
        raise QuickLogError(f"{text!r} is not a real time of day. Nothing was saved.")
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise QuickLogError(
            f"{text!r} is outside the years {EARLIEST_YEAR} to {LATEST_YEAR}. Nothing was saved."
        )
    wall = datetime(day.year, day.month, day.day, hour, minute, second)
    if offset is not None:
        iso = wall.isoformat() + ("+00:00" if offset == "Z" else offset)
        try:
            return datetime.fromisoformat(iso).astimezone(zone_for(zone))
        except ValueError:  # e.g. +25:00
            raise QuickLogError(
                f"{text!r} has an offset that is not a real one (from -23:59 to +23:59). "
                "Nothing was saved."
            ) from None
    try:
        return localize(wall, zone)
    except ZoneError:
        when = f"{wall:%H:%M} on {format_date(wall.date())}"
        if is_repeated(wall, zone):
            raise QuickLogError(
                f"{when} happened twice in {zone} (the clocks went back): add the offset to "
                f"say which, e.g. {wall:%Y-%m-%dT%H:%M}+01:00 or +02:00. Nothing was saved."
            ) from None
        raise QuickLogError(
            f"{when} does not exist in {zone}: the clocks went forward over it. "
            "Give a time before or after the change. Nothing was saved."
        ) from None


def check_side(side: str) -> str:
    code = side.strip().lower()
    if code not in vocab.SIDES:
        raise QuickLogError(f"unknown side {side!r}: use one of {', '.join(vocab.SIDES)}.")
    return code


def check_triggers(codes: list[str]) -> list[str]:
    """The trigger codes typed, in vocabulary order; ``none`` alone (no trigger noticed)
    is the empty list. QuickLogError for an unknown code or ``none`` beside a code."""
    if vocab.NONE in codes:
        if any(c != vocab.NONE for c in codes):
            raise QuickLogError(
                "'none' (no trigger noticed) cannot go with trigger codes. Nothing was saved."
            )
        return []
    unknown = [c for c in codes if c not in vocab.TRIGGERS]
    if unknown:
        raise QuickLogError(
            f"unknown trigger {unknown[0]!r}: use one of {', '.join(vocab.TRIGGERS)}."
        )
    return vocab.ordered(codes, vocab.TRIGGERS)


def side_words(side: str) -> str:
    """``left-sided``, ``right-sided``, ``on both sides``, ``side unsure``."""
    return {
        "left": "left-sided",
        "right": "right-sided",
        "both": "on both sides",
        "unsure": "side unsure",
    }.get(side, side)


def headache_words(side: str) -> str:
    """``left-sided headache``, ``right-sided headache``, ``headache on both sides``,
    ``headache (side unsure)``: "on both sides headache" did not read."""
    return {
        "both": "headache on both sides",
        "unsure": "headache (side unsure)",
    }.get(side, f"{side_words(side)} headache")


def clock(dt: datetime) -> str:
    return i18n.format_time(dt)


def when_text(dt: datetime, today: date | None = None) -> str:
    """``14:05`` today, ``Mon, 2 Mar 2026, 14:05`` on another day (in ``dt``'s own zone)."""
    if today is not None and dt.date() == today:
        return clock(dt)
    return i18n.format_datetime(dt)


def ongoing_text(ep: Episode, now: datetime) -> str:
    """``ongoing since 14:05 (2 h 10 min)``: the state the window and the CLI show."""
    start = ep.started_at
    today = now.astimezone(start.tzinfo).date()
    elapsed = timedelta(seconds=max(0, int(now.timestamp() - start.timestamp())))
    return f"ongoing since {when_text(start, today)} ({elapsed_text(elapsed)})"


def elapsed_text(elapsed: timedelta) -> str:
    """``2 h 10 min``; from two days on ``9 d 6 h``."""
    hours = int(elapsed.total_seconds()) // 3600
    if hours >= 48:
        return f"{hours // 24} d {hours % 24} h"
    return format_duration(elapsed)


def saved_text(ep: Episode, now: datetime) -> str:
    """What ``log`` prints: the episode it saved, in one line."""
    today = now.astimezone(ep.started_at.tzinfo).date()
    head = headache_words(ep.side)
    when = when_text(ep.started_at, today)
    if ep.ended_at is None:
        text = f"saved: {head} from {when}, ongoing (end it with: headache-diary end)"
    else:
        text = f"saved: {head} from {when}, lasted {format_duration(ep.duration)}"
    extra = []
    if ep.intensity is not None:
        extra.append(f"intensity {ep.intensity}/10")
    if ep.triggers:
        extra.append("triggers: " + ", ".join(vocab.label(c).lower() for c in ep.triggers))
    if extra:
        text += "; " + "; ".join(extra)
    return text + f" [{ep.time_zone}]"


def ended_text(ep: Episode, now: datetime) -> str:
    """What ``end`` prints."""
    assert ep.ended_at is not None
    today = now.astimezone(ep.started_at.tzinfo).date()
    return (
        f"ended: {headache_words(ep.side)} from {when_text(ep.started_at, today)} "
        f"to {when_text(ep.ended_at, today)}, lasted {format_duration(ep.duration)}"
    )


def describe_ongoing(episodes: list[Episode], now: datetime) -> str:
    """``left-sided since 14:05, right-sided since Mon 2 Mar 2026 08:00``."""
    return ", ".join(
        f"{side_words(ep.side)} since "
        f"{when_text(ep.started_at, now.astimezone(ep.started_at.tzinfo).date())}"
        for ep in episodes
    )


def describe_episodes(episodes: list[Episode], now: datetime) -> str:
    """``left-sided from 08:00, ongoing; right-sided from Mon 2 Mar 2026 08:00 to 10:30``."""
    parts = []
    for ep in episodes:
        today = now.astimezone(ep.started_at.tzinfo).date()
        text = f"{side_words(ep.side)} from {when_text(ep.started_at, today)}"
        if ep.ended_at is None:
            text += ", ongoing"
        else:
            text += f" to {when_text(ep.ended_at, today)}"
        parts.append(text)
    return "; ".join(parts)
