"""The ``history`` array of the diary JSON (FORMAT.md, format 2; also read and written
beside format 1 episodes): lossless, strict.

Keys: ``id``, ``date`` (``YYYY-MM-DD``; for an event known to the month or year, any
day of it, stored as the first), ``date_precision`` (``day``/``month``/``year``, default
``day``), ``kind``, ``side`` (``left``/``right``/``both`` or null), ``structure`` (the
structure blocked, nerve blocks only; a key FORMAT.md does not list yet, see the
docs/formats.md), ``title``, ``details``, ``outcome``, and since format 3 ``block`` (a nerve block's
response, ``io.workup_json``; null or absent when none). ``date`` and ``kind`` are required; a bad
event names itself as ``history N, key K``.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from headache_diary.domain.history import (
    KINDS,
    PRECISIONS,
    SIDES,
    HistoryEvent,
    event_problems,
)
from headache_diary.i18n import _
from headache_diary.io.common import FieldError, ImportRowError, file_error
from headache_diary.io.json_values import choice_value, date_value, text_value, uuid_value
from headache_diary.io.workup_json import KeyedProblem, block_object, parse_block, problem_text

HISTORY_KEYS = (
    "id",
    "date",
    "date_precision",
    "kind",
    "side",
    "structure",
    "title",
    "details",
    "outcome",
    "block",
)
_KEY_SET = frozenset(HISTORY_KEYS)
#: the order problems are reported in when an event has several
_PROBLEM_ORDER = ("date", "date_precision", "kind", "side", "structure", "title")


def event_object(event: HistoryEvent) -> dict[str, Any]:
    """One event as its JSON object (keys in :data:`HISTORY_KEYS` order)."""
    return {
        "id": event.id,
        "date": event.date.isoformat(),
        "date_precision": event.date_precision,
        "kind": event.kind,
        "side": event.side,
        "structure": event.structure,
        "title": event.title,
        "details": event.details,
        "outcome": event.outcome,
        "block": block_object(event.block),
    }


def parse_event(obj: object, number: int, today: date, version: int = 3) -> HistoryEvent:
    """One validated event of the ``history`` array; ImportRowError names the event and
    the key (numbered from 1). ``block`` came with format 3."""
    if isinstance(obj, dict) and version < 3 and "block" in obj:
        raise ImportRowError(
            "history",
            number,
            "block",
            _(
                "this key came with format_version 3; the file says format_version {version}",
                version=str(version),
            ),
        )
    if not isinstance(obj, dict):
        raise ImportRowError("history", number, None, _("expected an object"))
    for k in obj:
        if k not in _KEY_SET:
            raise ImportRowError("history", number, k, _("unknown key"))
    for k in ("date", "kind"):
        if obj.get(k) is None:
            problem = (
                _("the date is required") if k == "date" else _("the kind of event is required")
            )
            raise ImportRowError("history", number, k, problem)
    key = "id"
    try:
        event_id = None
        if obj.get("id") is not None:
            event_id = uuid_value(obj["id"])
        key = "date"
        day = date_value(obj["date"])
        key = "date_precision"
        precision = choice_value(obj.get("date_precision", "day"), PRECISIONS, "precision")
        key = "kind"
        kind = choice_value(obj["kind"], KINDS, "kind")
        key = "side"
        side = None if obj.get("side") is None else choice_value(obj["side"], SIDES, "side")
        texts = {}
        for key in ("structure", "title", "details", "outcome"):
            texts[key] = text_value(obj.get(key, ""))
        block = parse_block(obj.get("block"))
    except FieldError as exc:
        raise ImportRowError("history", number, key, str(exc)) from None
    except KeyedProblem as exc:
        raise ImportRowError("history", number, exc.key, exc.message) from None
    event = HistoryEvent(
        date=day, kind=kind, date_precision=precision, side=side, block=block, **texts
    )
    if event_id is not None:
        event = dataclasses.replace(event, id=event_id)
    event = event.normalized()
    found = event_problems(event, today)
    if found:
        field = next((f for f in _PROBLEM_ORDER if f in found), next(iter(found)))
        raise ImportRowError("history", number, field, problem_text(found[field]))
    return event


def parse_history(value: object, today: date, version: int = 3) -> list[HistoryEvent]:
    """The validated events of a ``history`` array (file order)."""
    if not isinstance(value, list):
        raise file_error(_("key history: expected a list of events"))
    return [parse_event(obj, n, today, version) for n, obj in enumerate(value, start=1)]
