"""Time zones and instants.

An episode's times are aware datetimes in the zone the episode was recorded in. The zone
is an IANA key (``Europe/Berlin``) or a fixed offset written ``+HH:MM``. Instants are
kept to whole seconds.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from headache_diary.i18n import _

_OFFSET_RE = re.compile(r"^([+-])(\d{2}):(\d{2})$")


class ZoneError(ValueError):
    pass


@lru_cache(maxsize=256)
def zone_for(key: str) -> tzinfo:
    """The tzinfo for an IANA key or a ``+HH:MM`` offset; ZoneError if unknown."""
    m = _OFFSET_RE.match(key)
    if m:
        sign, hh, mm = m.groups()
        minutes = int(hh) * 60 + int(mm)
        if minutes >= 24 * 60 or int(mm) >= 60:
            # Translators: {offset} is a UTC offset as written (quoted), e.g. '+25:00'
            raise ZoneError(_("offset out of range: {offset}", offset=repr(key)))
        delta = timedelta(minutes=minutes if sign == "+" else -minutes)
        return timezone(delta)
    if not key or key.startswith(("/", ".")) or ".." in key:
        # Translators: {zone} is a time zone's name as written (quoted), e.g. 'Europe/Berln'
        raise ZoneError(_("unknown time zone {zone}", zone=repr(key[:40])))
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        # OSError: a key naming a folder of the zone database ("Europe")
        raise ZoneError(_("unknown time zone {zone}", zone=repr(key[:40]))) from exc


def format_offset(offset: timedelta | None) -> str:
    """``+HH:MM`` for a UTC offset."""
    total = int((offset or timedelta(0)).total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    total = abs(total)
    return f"{sign}{total // 60:02d}:{total % 60:02d}"


def local_zone_key() -> str:
    """The computer's IANA zone key (``UTC`` when it cannot be told)."""
    try:
        import tzlocal

        key = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises several kinds on odd systems
        key = None
    if key:
        try:
            zone_for(key)
            return key
        except ZoneError:
            pass
    return "UTC"


def to_epoch(dt: datetime) -> int:
    """Whole UTC seconds since the epoch of an aware datetime."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime")  # i18n: programming error
    return int(dt.timestamp() // 1)


def from_epoch(seconds: int, zone_key: str) -> datetime:
    """The aware datetime in ``zone_key`` for UTC epoch seconds."""
    return datetime.fromtimestamp(seconds, UTC).astimezone(zone_for(zone_key))


def local_date(seconds: int, zone_key: str) -> date:
    return from_epoch(seconds, zone_key).date()


def iso(dt: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS+HH:MM`` (the export format)."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + format_offset(dt.utcoffset())


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def after(dt: datetime, seconds: int) -> datetime:
    """``dt`` plus elapsed seconds, in ``dt``'s zone (not wall-clock arithmetic: an hour
    the clocks skip or repeat counts as what it is)."""
    return (dt.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(dt.tzinfo)


def is_repeated(naive: datetime, zone_key: str) -> bool:
    """True when the wall-clock time happened twice (the hour the clocks went back)."""
    zone = zone_for(zone_key)
    a = naive.replace(tzinfo=zone, fold=0)
    if a.utcoffset() == naive.replace(tzinfo=zone, fold=1).utcoffset():
        return False
    return datetime.fromtimestamp(a.timestamp(), zone).replace(tzinfo=None) == naive


def localize(naive: datetime, zone_key: str, fold: int | None = None) -> datetime:
    """Attach ``zone_key`` to a local wall-clock time.

    Raises ZoneError for a time that does not exist (DST gap). A time that exists twice
    (repeated hour) is also an error unless ``fold`` says which one was meant (0: the
    first, 1: the second, after the clocks went back).
    """
    zone = zone_for(zone_key)
    a = naive.replace(tzinfo=zone, fold=0)
    b = naive.replace(tzinfo=zone, fold=1)
    if a.utcoffset() != b.utcoffset():
        # Translators: {time} is a date and time as written in a file (2026-03-29 02:30),
        # {zone} a time zone (Europe/Berlin)
        if not is_repeated(naive, zone_key):
            raise ZoneError(
                _(
                    "{time} does not exist in {zone} (clock change)",
                    time=f"{naive:%Y-%m-%d %H:%M}",
                    zone=zone_key,
                )
            )
        if fold is None:
            raise ZoneError(
                _(
                    "{time} happened twice in {zone} (clock change)",
                    time=f"{naive:%Y-%m-%d %H:%M}",
                    zone=zone_key,
                )
            )
        return b if fold else a
    return a
