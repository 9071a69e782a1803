"""The neck workup in the diary JSON (FORMAT.md, format 3): a history event's ``block``
and the ``scores`` array. Lossless and strict: unknown keys are errors, and a bad value
names its place (``history 2, key block.ratings[1].pain``, ``scores 3, key total``).

``block``: ``purpose`` (``diagnostic``/``therapeutic`` or null), ``target``,
``anaesthetic`` (text), ``control`` (``none``/``comparative``/``placebo`` or null),
``pain_before`` (0-10 or null), ``ratings`` (a list of ``{"after_minutes": int >= 0,
"pain": 0-10}``, written ascending with distinct minutes) and ``relief_hours`` (a number
>= 0 or null); every key may be absent (its default). Only a ``nerve_block`` event may
carry one (domain.history).

``scores``: ``id``, ``date``, ``instrument`` (``ndi``/``hit6``/``midas``/``other``),
``name`` (required for ``other``), ``total`` (ndi 0-50, hit6 36-78, midas 0-270, whole
numbers; other >= 0) and ``note``; ``date``, ``instrument`` and ``total`` are required.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

from headache_diary.domain.workup import (
    CONTROLS,
    INSTRUMENTS,
    PURPOSES,
    BlockRating,
    NerveBlock,
    Score,
    score_problems,
)
from headache_diary.i18n import _
from headache_diary.io.common import FieldError, ImportRowError, file_error
from headache_diary.io.json_values import choice_value, date_value, text_value, uuid_value

BLOCK_KEYS = (
    "purpose",
    "target",
    "anaesthetic",
    "control",
    "pain_before",
    "ratings",
    "relief_hours",
)
RATING_KEYS = ("after_minutes", "pain")
SCORE_KEYS = ("id", "date", "instrument", "name", "total", "note")
SCORE_UNIT = "scores"
_PROBLEM_ORDER = ("date", "instrument", "total", "name", "note")


class KeyedProblem(Exception):
    """A problem at a key below the object (``block.ratings[2].pain``)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def problem_text(message: str) -> str:
    """A domain sentence as an import problem (ImportRowError adds the full stop)."""
    return message.rstrip(".")


# --- block --------------------------------------------------------------------------------


def block_object(block: NerveBlock | None) -> dict[str, Any] | None:
    if block is None:
        return None
    return {
        "purpose": block.purpose,
        "target": block.target,
        "anaesthetic": block.anaesthetic,
        "control": block.control,
        "pain_before": block.pain_before,
        "ratings": [{"after_minutes": r.after_minutes, "pain": r.pain} for r in block.ratings],
        "relief_hours": block.relief_hours,
    }


def _shown(value: object) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _whole(value: object, key: str) -> int:
    """A JSON whole number (``3``, also ``3.0``); the range is checked by the domain."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise KeyedProblem(key, _("expected a whole number, got {value}", value=_shown(value)))
    return value


def _number(value: object, key: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise KeyedProblem(key, _("expected a number, got {value}", value=_shown(value)))
    return value


def parse_block(value: object) -> NerveBlock | None:
    """The ``block`` of a history event (not yet checked against the domain's rules);
    KeyedProblem names the key below ``block``."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise KeyedProblem(
            "block", _("expected an object or null, got {value}", value=_shown(value))
        )
    for k in value:
        if k not in BLOCK_KEYS:
            raise KeyedProblem(f"block.{k}", _("unknown key"))
    key = "block.purpose"
    try:
        purpose = value.get("purpose")
        if purpose is not None:
            purpose = choice_value(purpose, PURPOSES, "purpose")
        key = "block.control"
        control = value.get("control")
        if control is not None:
            control = choice_value(control, CONTROLS, "control")
        key = "block.target"
        target = text_value(value.get("target", ""))
        key = "block.anaesthetic"
        anaesthetic = text_value(value.get("anaesthetic", ""))
    except FieldError as exc:
        raise KeyedProblem(key, str(exc)) from None
    pain_before = value.get("pain_before")
    if pain_before is not None:
        pain_before = _whole(pain_before, "block.pain_before")
    hours = value.get("relief_hours")
    if hours is not None:
        hours = _number(hours, "block.relief_hours")
    raw = value.get("ratings", [])
    if not isinstance(raw, list):
        raise KeyedProblem("block.ratings", _("expected a list of ratings"))
    ratings = []
    for n, obj in enumerate(raw, start=1):
        key = f"block.ratings[{n}]"
        if not isinstance(obj, dict):
            raise KeyedProblem(key, _("expected an object with after_minutes and pain"))
        for k in obj:
            if k not in RATING_KEYS:
                raise KeyedProblem(f"{key}.{k}", _("unknown key"))
        for k in RATING_KEYS:
            if obj.get(k) is None:
                raise KeyedProblem(f"{key}.{k}", _("this key is required"))
        ratings.append(
            BlockRating(
                _whole(obj["after_minutes"], f"{key}.after_minutes"),
                _whole(obj["pain"], f"{key}.pain"),
            )
        )
    return NerveBlock(
        purpose=purpose,
        target=target,
        anaesthetic=anaesthetic,
        control=control,
        pain_before=pain_before,
        ratings=tuple(ratings),
        relief_hours=hours,
    )


# --- scores -------------------------------------------------------------------------------


def score_object(score: Score) -> dict[str, Any]:
    return {
        "id": score.id,
        "date": score.date.isoformat(),
        "instrument": score.instrument,
        "name": score.name,
        "total": score.total,
        "note": score.note,
    }


def parse_score(obj: object, number: int, today: date) -> Score:
    """One validated score of the ``scores`` array (numbered from 1)."""
    if not isinstance(obj, dict):
        raise ImportRowError(SCORE_UNIT, number, None, _("expected an object"))
    for k in obj:
        if k not in SCORE_KEYS:
            raise ImportRowError(SCORE_UNIT, number, k, _("unknown key"))
    for k in ("date", "instrument", "total"):
        if obj.get(k) is None:
            raise ImportRowError(SCORE_UNIT, number, k, _("this key is required"))
    key = "id"
    try:
        score_id = None if obj.get("id") is None else uuid_value(obj["id"])
        key = "date"
        day = date_value(obj["date"])
        key = "instrument"
        instrument = choice_value(obj["instrument"], INSTRUMENTS, "instrument")
        key = "total"
        total = obj["total"]
        if isinstance(total, bool) or not isinstance(total, int | float):
            raise FieldError(_("expected a number, got {value}", value=_shown(total)))
        texts = {}
        for key in ("name", "note"):
            texts[key] = text_value(obj.get(key, ""))
    except FieldError as exc:
        raise ImportRowError(SCORE_UNIT, number, key, str(exc)) from None
    score = Score(day, instrument, total, texts["name"], texts["note"])
    if score_id is not None:
        score = dataclasses.replace(score, id=score_id)
    score = score.normalized()
    found = score_problems(score, today)
    if found:
        field = next((f for f in _PROBLEM_ORDER if f in found), next(iter(found)))
        raise ImportRowError(SCORE_UNIT, number, field, problem_text(found[field]))
    return score


def parse_scores(value: object, today: date) -> list[Score]:
    """The validated scores of a ``scores`` array (file order)."""
    if not isinstance(value, list):
        raise file_error(_("key scores: expected a list of scores"))
    return [parse_score(obj, n, today) for n, obj in enumerate(value, start=1)]
