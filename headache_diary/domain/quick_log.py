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
from headache_diary.domain.text import format_duration
from headache_diary.domain.timeutil import ZoneError, is_repeated, localize, zone_for
from headache_diary.i18n import N_, _

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
#: the times the quick log takes (an English source: show it with ``_()``)
# Translators: examples of the times the quick log takes; keep the times as they are
TIME_EXAMPLES = N_("14:05, 2026-03-01 14:05 or 2026-03-01T14:05+01:00")


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
            # Translators: {text} is what was typed (quoted), {examples} the times it takes
            raise QuickLogError(
                _(
                    "{text} is not a time: use e.g. {examples}.",
                    text=repr(text),
                    examples=_(TIME_EXAMPLES),
                )
            )
        try:
            day = date.fromisoformat(s.group(1))
        except ValueError:
            raise QuickLogError(
                _("{text} is not a real date. Nothing was saved.", text=repr(text))
            ) from None
        hour, minute, second = int(s.group(2)), int(s.group(3)), int(s.group(4) or 0)
        offset = s.group(5)
    if hour > 23 or minute > 59 or second > 59:
        raise QuickLogError(
            _("{text} is not a real time of day. Nothing was saved.", text=repr(text))
        )
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise QuickLogError(
            _(
                "{text} is outside the years {first} to {last}. Nothing was saved.",
                text=repr(text),
                first=str(EARLIEST_YEAR),
                last=str(LATEST_YEAR),
            )
        )
    wall = datetime(day.year, day.month, day.day, hour, minute, second)
    if offset is not None:
        iso = wall.isoformat() + ("+00:00" if offset == "Z" else offset)
        try:
            return datetime.fromisoformat(iso).astimezone(zone_for(zone))
        except ValueError:  # e.g. +25:00
            raise QuickLogError(
                _(
                    "{text} has an offset that is not a real one (from -23:59 to +23:59). "
                    "Nothing was saved.",
                    text=repr(text),
                )
            ) from None
    try:
        return localize(wall, zone)
    except ZoneError:
        if is_repeated(wall, zone):
            # Translators: {time} and {date} are the wall time typed, {zone} a time zone
            # (Europe/Berlin), {example} the same time with an offset (2026-10-25T02:30)
            raise QuickLogError(
                _(
                    "{time} on {date} happened twice in {zone} (the clocks went back): add "
                    "the offset to say which, e.g. {example}+01:00 or +02:00. Nothing was "
                    "saved.",
                    time=i18n.format_time(wall),
                    date=wall.date(),
                    zone=zone,
                    example=f"{wall:%Y-%m-%dT%H:%M}",
                )
            ) from None
        # Translators: {time} and {date} are the wall time typed, {zone} a time zone
        raise QuickLogError(
            _(
                "{time} on {date} does not exist in {zone}: the clocks went forward over it. "
                "Give a time before or after the change. Nothing was saved.",
                time=i18n.format_time(wall),
                date=wall.date(),
                zone=zone,
            )
        ) from None


def check_side(side: str) -> str:
    code = side.strip().lower()
    if code not in vocab.SIDES:
        # Translators: {side} is what was typed (quoted); {choices} are the words the
        # command takes (left, right, both, unsure), kept as they are
        raise QuickLogError(
            _(
                "unknown side {side}: use one of {choices}.",
                side=repr(side),
                choices=", ".join(vocab.SIDES),  # i18n: the command's own words
            )
        )
    return code


def check_triggers(codes: list[str]) -> list[str]:
    """The trigger codes typed, in vocabulary order; ``none`` alone (no trigger noticed)
    is the empty list. QuickLogError for an unknown code or ``none`` beside a code."""
    if vocab.NONE in codes:
        if any(c != vocab.NONE for c in codes):
            # Translators: 'none' is the word the command takes (kept as it is)
            raise QuickLogError(
                _("'none' (no trigger noticed) cannot go with trigger codes. Nothing was saved.")
            )
        return []
    unknown = [c for c in codes if c not in vocab.TRIGGERS]
    if unknown:
        # Translators: {trigger} is what was typed (quoted); {choices} are the codes the
        # command takes (neck_movement, stress...), kept as they are
        raise QuickLogError(
            _(
                "unknown trigger {trigger}: use one of {choices}.",
                trigger=repr(unknown[0]),
                choices=", ".join(vocab.TRIGGERS),  # i18n: the command's own words
            )
        )
    return vocab.ordered(codes, vocab.TRIGGERS)


#: a side as a phrase of its own (``left-sided since 14:05``)
_SIDE_WORDS = {
    # Translators: a headache's side, before "since 14:05" or "from 08:00"
    "left": N_("left-sided"),
    "right": N_("right-sided"),
    "both": N_("on both sides"),
    "unsure": N_("side unsure"),
}

#: a headache with its side, a noun phrase (``saved: left-sided headache from 14:05``)
_HEADACHE_WORDS = {
    # Translators: a headache with its side, a noun phrase used inside sentences
    # ("saved: left-sided headache from 14:05"); lower case in English
    "left": N_("left-sided headache"),
    "right": N_("right-sided headache"),
    "both": N_("headache on both sides"),
    "unsure": N_("headache (side unsure)"),
}


def side_words(side: str) -> str:
    """``left-sided``, ``right-sided``, ``on both sides``, ``side unsure``."""
    words = _SIDE_WORDS.get(side)
    return side if words is None else _(words)


def headache_words(side: str) -> str:
    """``left-sided headache``, ``right-sided headache``, ``headache on both sides``,
    ``headache (side unsure)``: "on both sides headache" did not read."""
    words = _HEADACHE_WORDS.get(side)
    return _("headache") if words is None else _(words)


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
    # Translators: {when} is a time or a date and time, {elapsed} a duration (2 h 10 min)
    return _(
        "ongoing since {when} ({elapsed})",
        when=when_text(start, today),
        elapsed=elapsed_text(elapsed),
    )


def elapsed_text(elapsed: timedelta) -> str:
    """``2 h 10 min``; from two days on ``9 d 6 h``."""
    hours = int(elapsed.total_seconds()) // 3600
    if hours >= 48:
        return _("{days} d {hours} h", days=hours // 24, hours=hours % 24)
    return format_duration(elapsed)


#: what ``log`` prints, per (ongoing, intensity given, triggers given): each a whole line
_SAVED = {
    # Translators: what the `log` command prints. {headache} is e.g. "left-sided
    # headache", {when} a time or a date and time, {duration} e.g. "1 h 30 min",
    # {intensity} a number 0-10, {triggers} a list of trigger names, {zone} a time zone
    # (Europe/Berlin). "headache-diary end" is a command: keep it as it is.
    (True, False, False): N_(
        "saved: {headache} from {when}, ongoing (end it with: headache-diary end) [{zone}]"
    ),
    (True, True, False): N_(
        "saved: {headache} from {when}, ongoing (end it with: headache-diary end); "
        "intensity {intensity}/10 [{zone}]"
    ),
    (True, False, True): N_(
        "saved: {headache} from {when}, ongoing (end it with: headache-diary end); "
        "triggers: {triggers} [{zone}]"
    ),
    (True, True, True): N_(
        "saved: {headache} from {when}, ongoing (end it with: headache-diary end); "
        "intensity {intensity}/10; triggers: {triggers} [{zone}]"
    ),
    (False, False, False): N_("saved: {headache} from {when}, lasted {duration} [{zone}]"),
    (False, True, False): N_(
        "saved: {headache} from {when}, lasted {duration}; intensity {intensity}/10 [{zone}]"
    ),
    (False, False, True): N_(
        "saved: {headache} from {when}, lasted {duration}; triggers: {triggers} [{zone}]"
    ),
    (False, True, True): N_(
        "saved: {headache} from {when}, lasted {duration}; intensity {intensity}/10; "
        "triggers: {triggers} [{zone}]"
    ),
}


def saved_text(ep: Episode, now: datetime) -> str:
    """What ``log`` prints: the episode it saved, in one line."""
    today = now.astimezone(ep.started_at.tzinfo).date()
    key = (ep.ended_at is None, ep.intensity is not None, bool(ep.triggers))
    return _(
        _SAVED[key],
        headache=headache_words(ep.side),
        when=when_text(ep.started_at, today),
        duration=format_duration(ep.duration),
        intensity=ep.intensity if ep.intensity is not None else 0,
        triggers=i18n.format_list([vocab.label(c) for c in ep.triggers or ()]),
        zone=ep.time_zone,
    )


def ended_text(ep: Episode, now: datetime) -> str:
    """What ``end`` prints."""
    assert ep.ended_at is not None
    today = now.astimezone(ep.started_at.tzinfo).date()
    # Translators: what the `end` command prints. {headache} is e.g. "left-sided
    # headache", {start} and {end} times or dates and times, {duration} e.g. "1 h 30 min"
    return _(
        "ended: {headache} from {start} to {end}, lasted {duration}",
        headache=headache_words(ep.side),
        start=when_text(ep.started_at, today),
        end=when_text(ep.ended_at, today),
        duration=format_duration(ep.duration),
    )


def describe_ongoing(episodes: list[Episode], now: datetime) -> str:
    """``left-sided since 14:05, right-sided since Mon 2 Mar 2026 08:00``."""
    # Translators: one ongoing episode: {side} is e.g. "left-sided", {when} a time or a
    # date and time; several are listed with commas
    return ", ".join(  # i18n: a list of whole phrases
        _(
            "{side} since {when}",
            side=side_words(ep.side),
            when=when_text(ep.started_at, now.astimezone(ep.started_at.tzinfo).date()),
        )
        for ep in episodes
    )


def describe_episodes(episodes: list[Episode], now: datetime) -> str:
    """``left-sided from 08:00, ongoing; right-sided from Mon 2 Mar 2026 08:00 to 10:30``."""
    parts = []
    for ep in episodes:
        today = now.astimezone(ep.started_at.tzinfo).date()
        if ep.ended_at is None:
            # Translators: one episode: {side} is e.g. "left-sided", {start} a time or a
            # date and time; several are listed with semicolons
            text = _(
                "{side} from {start}, ongoing",
                side=side_words(ep.side),
                start=when_text(ep.started_at, today),
            )
        else:
            # Translators: one episode: {side} is e.g. "left-sided", {start} and {end}
            # times or dates and times; several are listed with semicolons
            text = _(
                "{side} from {start} to {end}",
                side=side_words(ep.side),
                start=when_text(ep.started_at, today),
                end=when_text(ep.ended_at, today),
            )
        parts.append(text)
    return "; ".join(parts)  # i18n: a list of whole phrases
