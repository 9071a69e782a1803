"""Wording helpers shared by the window, the CLI and the PDF, in the current language
(:mod:`headache_diary.i18n`: dates, numbers and names from CLDR, never from ``strftime`` or
the C locale). The analysis' own sentences are in :mod:`headache_diary.analysis.wording`.
"""

from __future__ import annotations

from datetime import date, timedelta

from headache_diary import i18n
from headache_diary.i18n import N_, _, ngettext

#: the problem of a text with unpaired surrogates (an English source: show it with ``_()``)
NOT_TEXT = N_("contains characters that are not text (unpaired surrogates)")


def is_text(text: str) -> bool:
    """True unless ``text`` holds unpaired surrogates (a JSON file can write them as
    ``\\ud800``): they are no characters, and SQLite cannot store them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def week_days(first_weekday: int = 1) -> tuple[str, ...]:
    """The short day names of a week that starts on ``first_weekday`` (ISO: 1 = Monday
    ... 7 = Sunday), in the current language."""
    return tuple(i18n.day_names(first_weekday))


def week_column(d: date, first_weekday: int = 1) -> int:
    """The column of ``d`` (0-6) in a week that starts on ``first_weekday``."""
    return (d.isoweekday() - first_weekday) % 7


#: ``1 Sept 2026`` / ``1. Sept. 2026`` for a date or an ISO date string
format_date = i18n.format_date
#: ``September 2026`` for ``2026-09``
format_month = i18n.format_month


def format_period(date_from: date, date_to: date) -> str:
    """``1 Sept 2026 – 25 Nov 2026, 86 days`` (both days included)."""
    days = (date_to - date_from).days + 1
    return ngettext(
        "{start} – {end}, {count} day",
        "{start} – {end}, {count} days",
        days,
        start=date_from,
        end=date_to,
    )


def format_duration(duration: timedelta | None) -> str:
    """``2 h 30 min``, ``45 min``, ``3 h``; ``ongoing`` for None (elapsed time: pass a
    duration computed from instants, never from two wall-clock times)."""
    if duration is None:
        return _("ongoing")
    hours, minutes = divmod(int(duration.total_seconds()) // 60, 60)
    return _hours_minutes(hours, minutes)


def _hours_minutes(hours: int, minutes: int) -> str:
    if hours and minutes:
        return _("{hours} h {minutes} min", hours=hours, minutes=minutes)
    if hours:
        return _("{hours} h", hours=hours)
    return _("{minutes} min", minutes=minutes)


def format_minutes(minutes: float) -> str:
    """``45 min``, ``3 h 20 min``, ``2 d 5 h``: for durations in sentences."""
    total = int(round(minutes))
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days and hours:
        return _("{days} d {hours} h", days=days, hours=hours)
    if days:
        return _("{days} d", days=days)
    return _hours_minutes(hours, mins)


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 day``, ``2 days``; ``words`` for an irregular plural."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


#: ``5`` for 5.0, ``5.5`` / ``5,5`` otherwise (one decimal, rounded half up)
number = i18n.format_number


def default_file_name(
    extension: str,
    *,
    today: date | None = None,
    period: tuple[date, date] | None = None,
) -> str:
    """The name offered when saving a file; never a patient's name.

    ``headache-diary-2026-11-25.csv`` for an export made today, or
    ``headache-diary-summary-2026-09-01-to-2026-11-25.pdf`` for a summary of a period.
    """
    if period is not None:
        first, last = period
        first_day, last_day = first.isoformat(), last.isoformat()
        return f"headache-diary-summary-{first_day}-to-{last_day}.{extension}"  # i18n: file name
    return f"headache-diary-{(today or date.today()).isoformat()}.{extension}"


def pdf_file_name(name: str) -> str:
    """The file a PDF summary is written to (the window and ``report`` alike): ``name``,
    with ``.pdf`` added unless it ends in .pdf (any case). ``summary`` and ``summary.txt``
    become ``summary.pdf`` and ``summary.txt.pdf``: a PDF never takes another file's name."""
    return name if name.lower().endswith(".pdf") else name + ".pdf"


def upper_first(text: str) -> str:
    """The text with its first letter in upper case, the rest as it is (``str.capitalize``
    would lower "ICHD-3" or a name)."""
    return text[:1].upper() + text[1:]
