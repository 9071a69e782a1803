"""Plain-English text for dates and durations, shared by the window, the CLI and the PDF.

Day and month names are spelled out here rather than taken from ``strftime`` so the text
reads the same whatever C locale the process runs under.
"""

from __future__ import annotations

from datetime import date, timedelta

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(d: date) -> str:
    """``1 Sep 2026``."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


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
