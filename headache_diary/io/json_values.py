"""Values of the diary JSON's ``history``, ``medication_plan`` and ``acute_doses``
objects: each check raises a FieldError that the caller turns into an ImportRowError
naming the object and the key."""

from __future__ import annotations

import json
import uuid
from datetime import date

from headache_diary.i18n import _
from headache_diary.io.common import FieldError


def text_value(value: object, what: str | None = None) -> str:
    """``value`` when it is a string; ``what``: what was expected, translated (default
    "text")."""
    if not isinstance(value, str):
        # Translators: {what} is what the key needs ("text", "a date like 2026-03-01"),
        # {value} the JSON value found
        raise FieldError(
            _("expected {what}, got {value}", what=what or _("text"), value=json.dumps(value))
        )
    return value


def choice_value(value: object, allowed: tuple[str, ...], what: str) -> str:
    codes = ", ".join(allowed)
    code = text_value(value, _("one of: {codes}", codes=codes))
    if code not in allowed:
        # Translators: {key} is the JSON key (kind, side, class: kept in English), {code}
        # the unknown value, {codes} the values the key takes
        raise FieldError(
            _("unknown {key} {code}; use one of: {codes}", key=what, code=repr(code), codes=codes)
        )
    return code


def date_value(value: object) -> date:
    raw = text_value(value, _("a date like 2026-03-01"))
    try:
        if len(raw) != 10:
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise FieldError(_("{value} is not a date like 2026-03-01", value=repr(raw))) from None


def uuid_value(value: object) -> str:
    """An id: a UUID, in its canonical spelling."""
    try:
        return str(uuid.UUID(text_value(value)))
    except ValueError:
        raise FieldError(_("{value} is not a UUID", value=repr(value))) from None
