"""Values of the diary JSON's ``history``, ``medication_plan`` and ``acute_doses``
objects: each check raises a FieldError that the caller turns into an ImportRowError
naming the object and the key."""

from __future__ import annotations

import json
import uuid
from datetime import date

from headache_diary.io.common import FieldError


def text_value(value: object, what: str = "text") -> str:
    if not isinstance(value, str):
        raise FieldError(f"expected {what}, got {json.dumps(value)}")
    return value


def choice_value(value: object, allowed: tuple[str, ...], what: str) -> str:
    code = text_value(value, f"one of: {', '.join(allowed)}")
    if code not in allowed:
        raise FieldError(f"unknown {what} {code!r}; use one of: {', '.join(allowed)}")
    return code


def date_value(value: object) -> date:
    raw = text_value(value, "a date like 2026-03-01")
    try:
        if len(raw) != 10:
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise FieldError(f"{raw!r} is not a date like 2026-03-01") from None


def uuid_value(value: object) -> str:
    """An id: a UUID, in its canonical spelling."""
    try:
        return str(uuid.UUID(text_value(value)))
    except ValueError:
        raise FieldError(f"{value!r} is not a UUID") from None
