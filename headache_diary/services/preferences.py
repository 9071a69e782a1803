"""The preferences of File > Settings… (domain.preferences) in a file of their own,
``preferences.json`` (``paths.preferences``), written here alone (atomically, 0600) and read
by the window and the commands alike. Older versions kept them in the window's QSettings
file (``[preferences]`` of ``ui-settings.ini``): they are read from there until the window
carries them over once (:func:`carry_over`).
"""

from __future__ import annotations

import configparser
import json
from pathlib import Path

from headache_diary.domain.preferences import NAMES, Preferences, from_values, to_values
from headache_diary.io.atomic import write_atomic
from headache_diary.paths import Paths

#: the section of the window's settings file where older versions kept the preferences
OLD_SECTION = "preferences"


def read_preferences(paths: Paths) -> Preferences:
    """The stored preferences; defaults for anything missing or unreadable."""
    try:
        raw = paths.preferences.read_bytes()
    except FileNotFoundError:
        return from_values(_old_values(paths.ui_settings))
    except OSError:
        return Preferences()
    try:
        values = json.loads(raw)
    except ValueError:  # not JSON, or not UTF-8
        return Preferences()
    return from_values(values if isinstance(values, dict) else {})


def write_preferences(paths: Paths, prefs: Preferences) -> None:
    """Store ``prefs`` (atomically, mode 0600); ExportError, a readable sentence, when the
    file cannot be written (nothing was changed then)."""
    text = json.dumps(to_values(prefs), indent=2, ensure_ascii=False) + "\n"
    write_atomic(paths.preferences, text.encode("utf-8"))


def carry_over(paths: Paths) -> bool:
    """Write ``preferences.json`` from an older version's values unless it exists; True
    when it exists now (the old values may go). ExportError when it cannot be written."""
    if paths.preferences.exists():
        return True
    values = _old_values(paths.ui_settings)
    if not values:
        return False
    write_preferences(paths, from_values(values))
    return True


def _old_values(ui_settings: Path) -> dict[str, object]:
    """The ``[preferences]`` an older version wrote as plain text ({}: none, unreadable)."""
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys keep their case
    try:
        parser.read(ui_settings, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return {}
    if not parser.has_section(OLD_SECTION):
        return {}
    return {k: v for k, v in parser.items(OLD_SECTION) if k in NAMES}


def first_day_of_week(paths: Paths) -> int:
    """The first day of the week the patient chose: 1 = Monday ... 7 = Sunday."""
    return read_preferences(paths).week_start
