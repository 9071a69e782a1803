"""Text for episode values as the list and dialogs show them (no Qt, easy to test).

Day and month names are spelled out here rather than taken from ``strftime`` so the list
reads the same whatever C locale the process runs under.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from headache_diary.domain import vocab

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_start(dt: datetime) -> str:
    """``Wed 25 Nov 2026 08:15``: wall-clock time in the datetime's own zone."""
    return (
        f"{_DAYS[dt.weekday()]} {dt.day} {_MONTHS[dt.month - 1]} {dt.year} "
        f"{dt.hour:02d}:{dt.minute:02d}"
    )


def format_duration(duration: timedelta | None) -> str:
    """``2 h 30 min``, ``45 min``, ``3 h``; ``ongoing`` for None."""
    if duration is None:
        return "ongoing"
    minutes = int(duration.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"


def format_intensity(intensity: int | None) -> str:
    return "" if intensity is None else f"{intensity}/10"


def format_codes(codes: tuple[str, ...] | list[str]) -> str:
    return ", ".join(vocab.label(c) for c in codes)


def zone_suffix(dt: datetime, zone_key: str, home_zone: str) -> str:
    """`` (EST)`` when the episode was recorded in another zone than the computer's."""
    if zone_key == home_zone:
        return ""
    name = dt.tzname() or zone_key
    return f" ({name})"
