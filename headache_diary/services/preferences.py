"""The UI preferences, read without Qt (e.g. by the Calendar for the first day of the
week, or by a command).

The window writes them with QSettings into ``paths.ui_settings`` (an INI file); this
reads the same file with ``configparser``: QSettings keeps ``group/key`` as the INI
section ``[group]`` and key ``key``, and the preferences are stored as plain text
(domain.preferences.to_settings), so both read the same values.
"""

from __future__ import annotations

import configparser

from headache_diary.domain.preferences import Preferences, from_settings
from headache_diary.paths import Paths


def read_preferences(paths: Paths) -> Preferences:
    """The stored preferences; defaults for anything missing or unreadable (also when
    the file does not exist or is not an INI file)."""
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys keep their case
    try:
        parser.read(paths.ui_settings, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return Preferences()
    values: dict[str, object] = {}
    for section in parser.sections():
        for key, value in parser.items(section):
            values[f"{section}/{key}"] = value
    return from_settings(values)


def first_day_of_week(paths: Paths) -> int:
    """The first day of the week the patient chose: 1 = Monday ... 7 = Sunday."""
    return read_preferences(paths).week_start
