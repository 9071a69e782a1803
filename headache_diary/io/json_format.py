"""The diary JSON format of FORMAT.md: lossless, strict import.

Writes ``format_version`` 3: ``triggers`` and ``symptoms`` are ``null`` when not recorded
and ``[]`` when explicitly none (since format 2), and a plan entry has ``for_headache``
(format 3: true/false for a muscle relaxant or "other", null for every other class), a
history event has ``block`` and the file a ``scores`` array (format 3, ``io.workup_json``). Reads
3, 2 and 1 (in a format 1 file an empty list, or a missing key, means "not recorded":
format 1 could not say "none"; in a format 1 or 2 file a plan entry has no
``for_headache``, which then defaults as FORMAT.md says). Beside ``episodes`` the file
carries the other arrays: ``check_ins`` (``io.checkin_json``), ``history``
(``io.history_json``), ``medication_plan`` and ``acute_doses`` (``io.medication_json``):
written always, read when present, whatever the ``format_version``.

(About 430 lines: the strict reader of the episode object is most of it.)

Pure functions over bytes and Episode values; no database, no files.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from headache_diary.domain import vocab
from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.episode import Episode, Medication, problems
from headache_diary.domain.history import HistoryEvent
from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.domain.timeutil import now_utc, zone_for
from headache_diary.domain.workup import Score
from headache_diary.i18n import _
from headache_diary.io.checkin_json import check_ins_json_lines, parse_check_ins
from headache_diary.io.common import (
    DiaryFile,
    FieldError,
    ImportRowError,
    check_code_list,
    decode,
    file_error,
    first_problem,
    in_zone,
    ongoing_problem,
    parse_stamp,
    shown,
    stamp,
    start_and_zone,
    zone_key,
)
from headache_diary.io.history_json import event_object, parse_history
from headache_diary.io.medication_json import dose_object, parse_doses, parse_plan, plan_object
from headache_diary.io.workup_json import parse_scores, score_object

FORMAT_VERSION = 3
TOP_KEYS = (
    "format_version",
    "episodes",
    "check_ins",
    "history",
    "medication_plan",
    "acute_doses",
    "scores",
)
EPISODE_KEYS = (
    "id",
    "started_at",
    "ended_at",
    "time_zone",
    "ongoing",
    "side",
    "intensity",
    "character",
    "triggers",
    "trigger_note",
    "neck_position",
    "pain_origin",
    "pain_locations",
    "symptoms",
    "medications",
    "notes",
)
MEDICATION_KEYS = ("name", "class", "relief", "taken_at")
_EPISODE_KEY_SET = frozenset(EPISODE_KEYS)
_MEDICATION_KEY_SET = frozenset(MEDICATION_KEYS)


# --- export ---------------------------------------------------------------------------------


def episode_object(ep: Episode) -> dict[str, Any]:
    """One episode as the JSON object of FORMAT.md (keys in documented order)."""
    zone = zone_for(ep.time_zone)
    return {
        "id": ep.id,
        "started_at": stamp(ep.started_at, zone),
        "ended_at": None if ep.ended_at is None else stamp(ep.ended_at, zone),
        "time_zone": ep.time_zone,
        "ongoing": ep.ended_at is None,
        "side": ep.side,
        "intensity": ep.intensity,
        "character": ep.character,
        "triggers": None if ep.triggers is None else vocab.ordered(ep.triggers, vocab.TRIGGERS),
        "trigger_note": ep.trigger_note,
        "neck_position": ep.neck_position,
        "pain_origin": ep.pain_origin,
        "pain_locations": vocab.ordered(ep.pain_locations, vocab.LOCATIONS),
        "symptoms": None if ep.symptoms is None else vocab.ordered(ep.symptoms, vocab.SYMPTOMS),
        "medications": [
            {
                "name": m.name,
                "class": m.med_class,
                "relief": m.relief,
                "taken_at": None if m.taken_at is None else stamp(m.taken_at, zone),
            }
            for m in ep.medications
        ],
        "notes": ep.notes,
    }


def episodes_to_json(
    episodes: Iterable[Episode],
    history: Iterable[HistoryEvent] = (),
    check_ins: Iterable[CheckIn] = (),
    plan: Iterable[PlanEntry] = (),
    doses: Iterable[AcuteDose] = (),
    scores: Iterable[Score] = (),
) -> bytes:
    """The JSON export: UTF-8 without BOM, one episode (then one check-in, history event,
    plan entry, dose outside an episode) per line, ``\n`` line ends.

    Deterministic (export -> import -> export gives the same bytes). One compact line per
    episode keeps the file readable and diffable, and lets the C encoder do the work
    (``indent`` would switch json to its pure-Python encoder, ~3x slower).
    """
    head = f'{{"format_version": {FORMAT_VERSION}, "episodes": ['  # i18n: JSON data
    lines = [json.dumps(episode_object(e), ensure_ascii=False) for e in episodes]
    check_in_lines = check_ins_json_lines(list(check_ins))
    events = [json.dumps(event_object(e), ensure_ascii=False) for e in history]
    entries = [json.dumps(plan_object(e), ensure_ascii=False) for e in plan]
    taken = [json.dumps(dose_object(d), ensure_ascii=False) for d in doses]
    totals = [json.dumps(score_object(v), ensure_ascii=False) for v in scores]

    def array(items: list[str]) -> str:
        return "[\n" + ",\n".join(items) + "\n]" if items else "[]"

    return (
        head
        + array(lines)[1:]
        + ', "check_ins": '
        + array(check_in_lines)
        + ', "history": '
        + array(events)
        + ', "medication_plan": '
        + array(entries)
        + ', "acute_doses": '
        + array(taken)
        + ', "scores": '
        + array(totals)
        + "}\n"
    ).encode("utf-8")


# --- import ---------------------------------------------------------------------------------


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _shown(value: object) -> str:
    """A JSON value for a message, short (a list or an object is only named: it may be
    nested a thousand deep or hold megabytes)."""
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, str) and len(value) > 40:
        return json.dumps(value[:40])[:-1] + '…"'
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _text(value: object, what: str | None = None) -> str:
    """``value`` when it is a string; ``what``: what was expected, translated (default
    "text")."""
    if not isinstance(value, str):
        raise FieldError(
            _("expected {what}, got {value}", what=what or _("text"), value=_shown(value))
        )
    return value


def _optional_code(value: object, vocabulary: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    code = _text(value, _("a code or null"))
    if code not in vocabulary:
        raise FieldError(
            _(
                "unknown code {code}; use one of: {codes}",
                code=shown(code),
                codes=", ".join(vocabulary),
            )
        )
    return code


def _time(value: object) -> datetime:
    return parse_stamp(_text(value, _("a date-time like 2026-03-01T08:15:00+01:00")))


def _medications(value: object, zone: str) -> list[Medication]:
    if not isinstance(value, list):
        raise FieldError(_("expected a list of medications"))
    meds = []
    for number, obj in enumerate(value, start=1):
        key = f"medications[{number}]"
        if not isinstance(obj, dict):
            raise _Keyed(key, _("expected an object with name, class, relief and taken_at"))
        for k in obj:
            if k not in _MEDICATION_KEY_SET:
                raise _Keyed(f"{key}.{k}", _("unknown key"))
        for k in ("name", "class", "relief"):
            if k not in obj:
                raise _Keyed(f"{key}.{k}", _("this key is required"))
        try:
            sub = f"{key}.name"
            name = _text(obj["name"]).strip()  # as the editor and CSV import do
            sub = f"{key}.class"
            med_class = _optional_code(_text(obj["class"]), vocab.MEDICATION_CLASSES)
            sub = f"{key}.relief"
            relief = _optional_code(_text(obj["relief"]), vocab.RELIEF)
            sub = f"{key}.taken_at"
            taken_value = obj.get("taken_at")
            taken = None if taken_value is None else in_zone(_time(taken_value), zone)
        except FieldError as exc:
            raise _Keyed(sub, str(exc)) from None
        meds.append(Medication(name, med_class or "", relief or "", taken))
    return meds


class _Keyed(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


_PROBLEM_ORDER = (
    "time_zone",
    "started_at",
    "ended_at",
    "side",
    "intensity",
    "character",
    "triggers",
    "neck_position",
    "pain_origin",
    "pain_locations",
    "symptoms",
)


def _answer(value: object, vocabulary: tuple[str, ...], version: int) -> list[str] | None:
    """``triggers``/``symptoms``: null = not recorded, [] = none (format 1: [] = not
    recorded), else codes."""
    if value is None:
        return None
    codes = check_code_list(value, vocabulary)
    if not codes and version < 2:
        return None
    return codes


def _episode(
    obj: object, number: int, local_zone: str, now: datetime, version: int = FORMAT_VERSION
) -> Episode:
    if not isinstance(obj, dict):
        raise ImportRowError("episode", number, None, _("expected an object"))
    for k in obj:
        if k not in _EPISODE_KEY_SET:
            raise ImportRowError("episode", number, k, _("unknown key"))
    for k in ("started_at", "side"):
        if k not in obj:
            raise ImportRowError("episode", number, k, _("this key is required"))
    key = "id"
    try:
        ep_id = None
        if obj.get("id") is not None:
            text = _text(obj["id"], _("a UUID"))
            try:
                ep_id = str(uuid.UUID(text))
            except ValueError:
                raise FieldError(_("{value} is not a UUID", value=shown(text))) from None

        key = "time_zone"
        tz_value = obj.get("time_zone")
        given = None if tz_value is None else zone_key(_text(tz_value, _("a time zone or null")))

        key = "started_at"
        started, zone = start_and_zone(_time(obj["started_at"]), given, local_zone)

        key = "ended_at"
        ended = None
        if obj.get("ended_at") is not None:
            ended = in_zone(_time(obj["ended_at"]), zone)
            if ended.timestamp() <= started.timestamp():
                raise FieldError(_("the end must be after the start"))

        key = "ongoing"
        ongoing = obj.get("ongoing")
        if ongoing is not None and not isinstance(ongoing, bool):
            raise FieldError(_("expected true or false, got {value}", value=_shown(ongoing)))
        contradiction = ongoing_problem(ongoing, ended is not None, "ended_at")
        if contradiction:
            raise FieldError(contradiction)

        key = "side"
        side = _optional_code(obj["side"], vocab.SIDES)
        if side is None:
            raise FieldError(_("the side is required: left, right, both or unsure"))

        key = "intensity"
        intensity = obj.get("intensity")
        if intensity is not None and (
            isinstance(intensity, bool)
            or not isinstance(intensity, int)
            or not 0 <= intensity <= 10
        ):
            raise FieldError(
                _("{value} is not a whole number from 0 to 10", value=_shown(intensity))
            )

        key = "character"
        character = _optional_code(obj.get("character"), vocab.CHARACTERS)
        key = "triggers"
        triggers = _answer(obj.get("triggers"), vocab.TRIGGERS, version)
        key = "trigger_note"
        trigger_note = _text(obj.get("trigger_note", ""))
        key = "neck_position"
        neck_position = _optional_code(obj.get("neck_position"), vocab.NECK_POSITIONS)
        key = "pain_origin"
        pain_origin = _optional_code(obj.get("pain_origin"), vocab.LOCATIONS)
        key = "pain_locations"
        pain_locations = check_code_list(obj.get("pain_locations", []), vocab.LOCATIONS)
        key = "symptoms"
        symptoms = _answer(obj.get("symptoms"), vocab.SYMPTOMS, version)
        key = "medications"
        medications = _medications(obj.get("medications", []), zone)
        key = "notes"
        notes = _text(obj.get("notes", ""))
    except FieldError as exc:
        raise ImportRowError("episode", number, key, str(exc)) from None
    except _Keyed as exc:
        raise ImportRowError("episode", number, exc.key, exc.message) from None

    ep = Episode(
        started_at=started,
        side=side,
        time_zone=zone,
        ended_at=ended,
        intensity=intensity,
        character=character,
        triggers=triggers,
        trigger_note=trigger_note,
        neck_position=neck_position,
        pain_origin=pain_origin,
        pain_locations=pain_locations,
        symptoms=symptoms,
        medications=medications,
        notes=notes,
    )
    if ep_id is not None:
        ep.id = ep_id
    found = problems(ep, now)
    if found:
        field, message = first_problem(found, _PROBLEM_ORDER)
        raise ImportRowError("episode", number, field, message)
    return ep


def parse_json(
    data: bytes,
    local_zone: str,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Episode]:
    """The episodes of a diary JSON file (see :func:`read`)."""
    return read(data, local_zone, now, progress).episodes


def write(diary: DiaryFile) -> bytes:
    """The diary JSON of everything ``diary`` holds (``io.formats``)."""
    return episodes_to_json(
        diary.episodes, diary.history, diary.check_ins, diary.plan, diary.doses, diary.scores
    )


def read(
    data: bytes,
    local_zone: str,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DiaryFile:
    """Every episode, check-in, history event, plan entry and dose outside an episode of a
    diary JSON file, validated; ImportFileError on the first problem.

    Episodes are numbered from 1 in file order. Unknown keys are errors; a higher
    ``format_version`` is refused. Ids are kept (the import replaces one that is
    already taken). An empty ``episodes`` list is allowed (an export of an empty range).
    The other arrays are optional in any version.
    """
    text = decode(data)
    now = now or now_utc()
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates)
    except _DuplicateKey as exc:
        raise file_error(
            _("The key {key} appears twice in one object", key=shown(exc.args[0]))
        ) from None
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            # Translators: {problem} is Python's JSON parser's own message (in English)
            raise file_error(
                _(
                    "The file is not valid JSON (line {line}, column {column}: {problem})",
                    line=exc.lineno,
                    column=exc.colno,
                    problem=exc.msg,
                )
            ) from None
        raise file_error(_("The file is not valid JSON")) from None
    if not isinstance(doc, dict) or "format_version" not in doc:
        raise file_error(
            _(
                "The file is not a Headache Diary export: expected an object with "
                "format_version and episodes"
            )
        )
    version = doc["format_version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise file_error(
            _("format_version {version} is not a valid version", version=_shown(version))
        )
    if version > FORMAT_VERSION:
        raise file_error(
            _(
                "The file was written by a newer version of Headache Diary (format_version "
                "{version}; this version reads up to {newest}). Please update the app",
                version=str(version),
                newest=str(FORMAT_VERSION),
            )
        )
    for k in doc:
        if k not in TOP_KEYS or (k == "scores" and version < 3):  # scores: format 3
            raise file_error(
                _(
                    "key {key}: unknown key in a format_version {version} file",
                    key=k,
                    version=str(version),
                )
            )
    if not isinstance(doc.get("episodes"), list):
        raise file_error(_("key episodes: expected a list of episodes"))
    objects = doc["episodes"]
    out = []
    for n, obj in enumerate(objects, start=1):
        if progress is not None and not n % 500:
            progress(n, len(objects))
        out.append(_episode(obj, n, local_zone, now, version))
    today = now.astimezone(zone_for(local_zone)).date()
    check_ins = parse_check_ins(doc["check_ins"], today) if "check_ins" in doc else []
    return DiaryFile(
        out,
        history=parse_history(doc.get("history", []), today, version),
        check_ins=check_ins,
        plan=parse_plan(doc.get("medication_plan", []), today, version),
        doses=parse_doses(doc.get("acute_doses", []), local_zone, now),
        scores=parse_scores(doc.get("scores", []), today),
    )
