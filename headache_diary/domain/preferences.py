"""UI preferences (the Settings dialog): the daily reminder, the tray, the first day of the
week, the paper size, the languages of the app and of the PDF. Plain values and their
rules, no Qt.

They live in the preferences file (``paths.preferences``, ``services.preferences``),
never in the diary: they belong to this computer, not to the record. Personal details
(name, date of birth) are not preferences: they live in the diary (domain.personal).

The stored form is a flat mapping of the names in :data:`NAMES` to JSON values
(:func:`to_values`), read back by :func:`from_values`, which never fails: a value it
cannot read falls back to its default (a hand-edited file must not stop the app); it also
reads the plain text an older version kept in the window's settings file.
:func:`parse_time` is the strict rule the dialog applies to what the patient types.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import time

from headache_diary import i18n
from headache_diary.i18n import N_, _

#: what closing the window does: quit, or keep the app in the system tray (only where the
#: platform has a tray; without one the window always closes)
CLOSE_QUITS = "quit"
CLOSE_TO_TRAY = "tray"
CLOSE_CHOICES = (CLOSE_QUITS, CLOSE_TO_TRAY)
PAPER_SIZES = ("A4", "Letter")  # i18n: codes (shown through paper_size_label)
#: each paper size as shown (A4 is the same in every language)
_PAPER_SIZE_LABELS = {
    "A4": "A4",  # i18n: the standard's name
    # Translators: the US paper size (8.5 x 11 inches), as a choice beside "A4"
    "Letter": N_("Letter"),
}
DEFAULT_REMINDER = time(20, 0)

_TIME_RE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


@dataclass(frozen=True)
class Preferences:
    reminder_enabled: bool = False
    reminder_time: time = DEFAULT_REMINDER
    close_action: str = CLOSE_QUITS
    #: 1 = Monday ... 7 = Sunday (ISO); None = the language's (:attr:`week_start`)
    first_day_of_week: int | None = None
    #: "A4" or "Letter"; None = from the computer's locale
    paper_size: str | None = None
    #: the app's language (i18n.LANGUAGES); None = the system's
    language: str | None = None
    #: the PDF summary's language; None = the app's
    pdf_language: str | None = None

    @property
    def close_to_tray(self) -> bool:
        return self.close_action == CLOSE_TO_TRAY

    @property
    def week_start(self) -> int:
        """The first day of the week the calendars use: the chosen one, else the current
        language's (ISO: 1 = Monday ... 7 = Sunday)."""
        return self.first_day_of_week or i18n.first_weekday()

    def app_language(self, environ: Mapping[str, str] | None = None) -> str:
        """The language of the window and the commands: the chosen one, else the
        system's (i18n.system_language)."""
        return self.language or i18n.system_language(environ)

    def report_language(self, environ: Mapping[str, str] | None = None) -> str:
        """The PDF summary's language: the chosen one, else the app's."""
        return self.pdf_language or self.app_language(environ)


#: the name of each preference in the preferences file (and, in older versions, its key in
#: the ``[preferences]`` section of the window's settings file)
NAMES = tuple(f.name for f in fields(Preferences))


def parse_time(text: str) -> time:
    """``20:30`` (or ``8:05``, ``20.30``) as a time; ValueError with a readable message."""
    m = _TIME_RE.match(text)
    if m is None:
        # Translators: {text} is what was typed (quoted)
        raise ValueError(
            _(
                "{text} is not a time; write it as hours:minutes, e.g. 20:30",
                text=repr(text.strip()),
            )
        )
    hours, minutes = int(m.group(1)), int(m.group(2))
    if hours > 23 or minutes > 59:
        raise ValueError(_("{text} is not a time of day (00:00 to 23:59)", text=repr(text.strip())))
    return time(hours, minutes)


def paper_size_label(code: str) -> str:
    """A paper size (:data:`PAPER_SIZES`) as shown, in the current language."""
    label = _PAPER_SIZE_LABELS.get(code)
    return code if label is None else _(label)


def format_time(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def _bool(value: object, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    return default


def from_values(values: Mapping[str, object]) -> Preferences:
    """The preferences stored under :data:`NAMES` in ``values`` (JSON values, or text);
    missing or unreadable values are their defaults."""
    d = Preferences()

    def get(name: str) -> object | None:
        return values.get(name)

    enabled = get("reminder_enabled")
    reminder = d.reminder_time
    stored = get("reminder_time")
    if stored is not None:
        with contextlib.suppress(ValueError):
            reminder = parse_time(str(stored))
    close = str(get("close_action") or d.close_action)
    try:
        first: int | None = int(str(get("first_day_of_week") or ""))
    except ValueError:
        first = None
    paper = str(get("paper_size") or "")

    def language(name: str) -> str | None:
        code = str(get(name) or "")
        return code if code in i18n.LANGUAGES else None

    return Preferences(
        reminder_enabled=d.reminder_enabled if enabled is None else _bool(enabled, False),
        reminder_time=reminder,
        close_action=close if close in CLOSE_CHOICES else d.close_action,
        first_day_of_week=first if first is not None and 1 <= first <= 7 else None,
        paper_size=paper if paper in PAPER_SIZES else None,
        language=language("language"),
        pdf_language=language("pdf_language"),
    )


def to_values(prefs: Preferences) -> dict[str, object]:
    """The stored values of ``prefs``, by :data:`NAMES`; None for a value taken from
    elsewhere (the paper size and the first day of the week from the locale, the languages
    from the system)."""
    return {**asdict(prefs), "reminder_time": format_time(prefs.reminder_time)}
