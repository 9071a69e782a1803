"""``check_ins`` in the diary JSON (FORMAT.md): written and read whatever the file's
``format_version``; a file without the key has no check-ins.

``{"date": "YYYY-MM-DD", "headache_free": true | false, "neck_stiffness": 0-10 | null,
"note": ""}``, one per day, ordered by date. Pure functions, no database.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from headache_diary.domain.checkin import CheckIn, check_in_import_problems
from headache_diary.i18n import _
from headache_diary.io.common import ImportRowError, file_error

CHECK_IN_KEYS = ("date", "headache_free", "neck_stiffness", "note")
_KEY_SET = frozenset(CHECK_IN_KEYS)
UNIT = "check-in"


def check_in_object(ci: CheckIn) -> dict[str, Any]:
    return {
        "date": ci.day.isoformat(),
        "headache_free": ci.headache_free,
        "neck_stiffness": ci.neck_stiffness,
        "note": ci.note,
    }


def check_ins_json_lines(check_ins: list[CheckIn]) -> list[str]:
    return [
        json.dumps(check_in_object(ci), ensure_ascii=False)
        for ci in sorted(check_ins, key=lambda c: c.day)
    ]


def parse_check_ins(value: object, today: date) -> list[CheckIn]:
    """The ``check_ins`` array of a diary JSON file; ImportFileError on the first problem.

    A date after ``today`` + 1 (a file from a computer in a zone ahead may be a day on)
    is refused, as is a second check-in for a date in the same file.
    """
    if not isinstance(value, list):
        raise file_error(_("key check_ins: expected a list of check-ins"))
    out: list[CheckIn] = []
    seen: set[date] = set()
    latest = today + timedelta(days=1)
    for n, obj in enumerate(value, start=1):
        if not isinstance(obj, dict):
            raise ImportRowError(UNIT, n, None, _("expected an object"))
        for k in obj:
            if k not in _KEY_SET:
                raise ImportRowError(UNIT, n, k, _("unknown key"))
        for k in ("date", "headache_free"):
            if k not in obj:
                raise ImportRowError(UNIT, n, k, _("this key is required"))
        raw = obj["date"]
        try:
            if not isinstance(raw, str) or len(raw) != 10:
                raise ValueError
            day = date.fromisoformat(raw)
        except ValueError:
            raise ImportRowError(
                UNIT,
                n,
                "date",
                _("{value} is not a date like 2026-03-01", value=json.dumps(raw)),
            ) from None
        if day in seen:
            raise ImportRowError(
                UNIT, n, "date", _("a second check-in for {date} in this file", date=raw)
            )
        seen.add(day)
        free = obj["headache_free"]
        if not isinstance(free, bool):
            raise ImportRowError(
                UNIT,
                n,
                "headache_free",
                _("expected true or false, got {value}", value=json.dumps(free)),
            )
        stiffness = obj.get("neck_stiffness")
        if isinstance(stiffness, bool) or not isinstance(stiffness, int | None):
            raise ImportRowError(
                UNIT,
                n,
                "neck_stiffness",
                _("{value} is not a whole number 0-10", value=json.dumps(stiffness)),
            )
        note = obj.get("note", "")
        if not isinstance(note, str):
            raise ImportRowError(
                UNIT, n, "note", _("expected text, got {value}", value=json.dumps(note))
            )
        ci = CheckIn(day, free, stiffness, note)
        problems = check_in_import_problems(ci, latest)
        if problems:
            # the check-in editor's rules, each problem as a clause of the import's sentence
            key, message = next(iter(problems.items()))
            raise ImportRowError(UNIT, n, key, message)
        out.append(ci)
    return out
