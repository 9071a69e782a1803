"""Text for episode values as the list and dialogs show them (no Qt, easy to test)."""

from __future__ import annotations

from datetime import datetime

from headache_diary import i18n
from headache_diary.domain import vocab
from headache_diary.domain.text import format_duration

__all__ = ["format_codes", "format_duration", "format_intensity", "format_start", "zone_suffix"]


def format_start(dt: datetime) -> str:
    """``Wed, 25 Nov 2026, 08:15``: wall-clock time in the datetime's own zone."""
    return i18n.format_datetime(dt)


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
