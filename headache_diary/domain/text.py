"""Plain-English wording helpers shared by the window, the CLI and the PDF.

Day and month names are spelled out here rather than taken from ``strftime`` so the text
reads the same whatever C locale the process runs under. The analysis' own sentences are in
:mod:`headache_diary.analysis.wording`; they are built from these pieces.
"""

from __future__ import annotations

from datetime import date, timedelta

NOT_TEXT = "contains characters that are not text (unpaired surrogates)"


def is_text(text: str) -> bool:
    """True unless ``text`` holds unpaired surrogates (a JSON file can write them as
    ``\\ud800``): they are no characters, and SQLite cannot store them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def week_days(first_weekday: int = 1) -> tuple[str, ...]:
    """The short day names of a week that starts on ``first_weekday`` (ISO: 1 = Monday
    ... 7 = Sunday)."""
    k = (first_weekday - 1) % 7
    return DAYS[k:] + DAYS[:k]


def week_column(d: date, first_weekday: int = 1) -> int:
    """The column of ``d`` (0-6) in a week that starts on ``first_weekday``."""
    return (d.isoweekday() - first_weekday) % 7


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS = tuple(name[:3] for name in MONTH_NAMES)


def format_date(d: date | str) -> str:
    """``1 Sep 2026`` for a date or an ISO date string."""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def format_month(month: str) -> str:
    """``September 2026`` for ``2026-09``."""
    year, m = month.split("-")
    return f"{MONTH_NAMES[int(m) - 1]} {year}"


def format_period(date_from: date, date_to: date) -> str:
    """``1 Sep 2026 – 25 Nov 2026, 86 days`` (both days included)."""
    days = (date_to - date_from).days + 1
    return f"{format_date(date_from)} – {format_date(date_to)}, {plural(days, 'day')}"


def format_duration(duration: timedelta | None) -> str:
    """``2 h 30 min``, ``45 min``, ``3 h``; ``ongoing`` for None (elapsed time: pass a
    duration computed from instants, never from two wall-clock times)."""
    if duration is None:
        return "ongoing"
    minutes = int(duration.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"


def format_minutes(minutes: float) -> str:
    """``45 min``, ``3 h 20 min``, ``2 d 5 h``: for durations in sentences."""
    total = int(round(minutes))
    days, rest = divmod(total, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 day``, ``2 days``; ``words`` for an irregular plural."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def and_list(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def number(x: float) -> str:
    """``5`` for 5.0, ``5.5`` otherwise (one decimal)."""
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def lower_label(label: str) -> str:
    """``simple analgesic`` for ``Simple analgesic``; ``NSAID`` stays as it is."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


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
        return f"headache-diary-summary-{first.isoformat()}-to-{last.isoformat()}.{extension}"
    return f"headache-diary-{(today or date.today()).isoformat()}.{extension}"


def upper_first(text: str) -> str:
    """The text with its first letter in upper case, the rest as it is (``str.capitalize``
    would lower "ICHD-3" or a name)."""
    return text[:1].upper() + text[1:]
