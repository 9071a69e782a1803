"""The ``medication_plan`` and ``acute_doses`` arrays of the diary JSON (FORMAT.md, formats
2 and 3): lossless, strict.

``medication_plan``: ``id``, ``name``, ``class`` (``preventive`` or a medication class),
``dose``, ``started`` and ``stopped`` (``YYYY-MM-DD``; ``stopped`` null while still
taken), and since format 3 ``for_headache``: true or false for classes ``muscle_relaxant``
and ``other`` (taken to relieve headache; absent = false), null for every other class (a
boolean there, or anything but a boolean or null, is refused); ``name``, ``class`` and
``started`` are required. ``acute_doses`` (doses taken
outside an episode): ``taken_at`` (a FORMAT.md time), ``time_zone`` (optional: without
it the zone follows the episodes' rule), ``name``, ``class`` (a medication class) and
``relief`` (null when not recorded); ``taken_at`` and ``class`` are required. A bad entry
names itself as ``medication_plan N, key K`` or ``acute_doses N, key K``.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from headache_diary.domain import vocab
from headache_diary.domain.medication import (
    DOSE_CLASSES,
    FOR_HEADACHE_CLASSES,
    PLAN_CLASSES,
    AcuteDose,
    PlanEntry,
    dose_problems,
    for_headache_problem,
    plan_problems,
)
from headache_diary.domain.timeutil import zone_for
from headache_diary.i18n import _
from headache_diary.io.common import (
    FieldError,
    ImportRowError,
    file_error,
    parse_stamp,
    stamp,
    start_and_zone,
    zone_key,
)
from headache_diary.io.json_values import choice_value, date_value, text_value, uuid_value

PLAN_KEYS = ("id", "name", "class", "dose", "started", "stopped", "for_headache")
DOSE_KEYS = ("taken_at", "time_zone", "name", "class", "relief")
PLAN_UNIT = "medication_plan"
DOSE_UNIT = "acute_doses"
_FIELD = {"med_class": "class", "taken_at": "taken_at", "time_zone": "time_zone"}


def plan_object(entry: PlanEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "name": entry.name,
        "class": entry.med_class,
        "dose": entry.dose,
        "started": entry.started.isoformat(),
        "stopped": None if entry.stopped is None else entry.stopped.isoformat(),
        "for_headache": entry.for_headache,
    }


def dose_object(dose: AcuteDose) -> dict[str, Any]:
    return {
        "taken_at": stamp(dose.taken_at, zone_for(dose.time_zone)),
        "time_zone": dose.time_zone,
        "name": dose.name,
        "class": dose.med_class,
        "relief": dose.relief,
    }


def _check_keys(
    obj: object, unit: str, number: int, keys: tuple[str, ...], required: tuple[str, ...]
) -> dict:
    if not isinstance(obj, dict):
        raise ImportRowError(unit, number, None, _("expected an object"))
    for k in obj:
        if k not in keys:
            raise ImportRowError(unit, number, k, _("unknown key"))
    for k in required:
        if obj.get(k) is None:
            raise ImportRowError(unit, number, k, _("this key is required"))
    return obj


def _first(found: dict[str, str], order: tuple[str, ...]) -> tuple[str, str]:
    field = next((f for f in order if f in found), next(iter(found)))
    return _FIELD.get(field, field), found[field]


def parse_plan_entry(obj: object, number: int, today: date, version: int = 3) -> PlanEntry:
    """One validated plan entry of a ``format_version`` ``version`` file."""
    if isinstance(obj, dict) and version < 3 and "for_headache" in obj:
        raise ImportRowError(
            PLAN_UNIT,
            number,
            "for_headache",
            _(
                "this key came with format_version 3; the file says format_version {version}",
                version=str(version),
            ),
        )
    o = _check_keys(obj, PLAN_UNIT, number, PLAN_KEYS, ("name", "class", "started"))
    key = "id"
    try:
        entry_id = None
        if o.get("id") is not None:
            entry_id = uuid_value(o["id"])
        key = "name"
        name = text_value(o["name"])
        key = "class"
        med_class = choice_value(o["class"], PLAN_CLASSES, "class")
        key = "dose"
        dose = text_value(o.get("dose", ""))
        key = "started"
        started = date_value(o["started"])
        key = "stopped"
        stopped = None if o.get("stopped") is None else date_value(o["stopped"])
        key = "for_headache"
        for_headache = o.get("for_headache")
        if for_headache is None and "for_headache" in o and med_class in FOR_HEADACHE_CLASSES:
            # Translators: {code} is the medication class as written in the file
            raise FieldError(
                _(
                    "expected true or false for class {code} (taken to relieve headache?), "
                    "got null",
                    code=med_class,
                )
            )
        problem = for_headache_problem(med_class, for_headache)
        if problem:
            raise FieldError(problem)
    except FieldError as exc:
        raise ImportRowError(PLAN_UNIT, number, key, str(exc)) from None
    entry = PlanEntry(
        name=name,
        med_class=med_class,
        dose=dose,
        started=started,
        stopped=stopped,
        for_headache=for_headache,
    )
    if entry_id is not None:
        entry = dataclasses.replace(entry, id=entry_id)
    entry = entry.normalized()
    found = plan_problems(entry, today)
    if found:
        order = ("name", "med_class", "dose", "for_headache", "started", "stopped")
        field, message = _first(found, order)
        raise ImportRowError(PLAN_UNIT, number, field, message)
    return entry


def parse_dose(obj: object, number: int, local_zone: str, now: datetime) -> AcuteDose:
    o = _check_keys(obj, DOSE_UNIT, number, DOSE_KEYS, ("taken_at", "class"))
    key = "time_zone"
    try:
        given = None if o.get("time_zone") is None else zone_key(text_value(o["time_zone"]))
        key = "taken_at"
        raw = parse_stamp(
            text_value(o["taken_at"], _("a date-time like 2026-03-01T08:15:00+01:00"))
        )
        taken, zone = start_and_zone(raw, given, local_zone)
        key = "name"
        name = text_value(o.get("name", ""))
        key = "class"
        med_class = choice_value(o["class"], DOSE_CLASSES, "class")
        key = "relief"
        relief = (
            None if o.get("relief") is None else choice_value(o["relief"], vocab.RELIEF, "relief")
        )
    except FieldError as exc:
        raise ImportRowError(DOSE_UNIT, number, key, str(exc)) from None
    dose = AcuteDose(taken, zone, name, med_class, relief)
    found = dose_problems(dose, now)
    if found:
        field, message = _first(found, ("taken_at", "time_zone", "name", "med_class", "relief"))
        raise ImportRowError(DOSE_UNIT, number, field, message)
    return dose.normalized()


def parse_plan(value: object, today: date, version: int = 3) -> list[PlanEntry]:
    if not isinstance(value, list):
        raise file_error(_("key medication_plan: expected a list of plan entries"))
    return [parse_plan_entry(obj, n, today, version) for n, obj in enumerate(value, start=1)]


def parse_doses(value: object, local_zone: str, now: datetime) -> list[AcuteDose]:
    if not isinstance(value, list):
        raise file_error(_("key acute_doses: expected a list of doses"))
    return [parse_dose(obj, n, local_zone, now) for n, obj in enumerate(value, start=1)]
