"""The CSV format of FORMAT.md: one row per episode, byte-exact export, strict import.

Pure functions over bytes and Episode values; no database, no files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo

from headache_diary.domain import vocab
from headache_diary.domain.episode import Episode, Medication, problems
from headache_diary.domain.timeutil import after, now_utc, zone_for
from headache_diary.i18n import _, ngettext
from headache_diary.io.common import (
    CSV_COLUMNS,
    REQUIRED_COLUMNS,
    DiaryFile,
    FieldError,
    ImportRowError,
    answer_cell,
    decode,
    duration_seconds,
    file_error,
    first_problem,
    in_zone,
    ongoing_problem,
    parse_answer,
    parse_bool,
    parse_code,
    parse_codes,
    parse_stamp,
    protect,
    random_id,
    shown,
    stamp,
    start_and_zone,
    unprotect,
    zone_key,
)

_KNOWN = frozenset(CSV_COLUMNS)
#: rows between two progress reports while parsing
PROGRESS_EVERY = 500


# --- export ---------------------------------------------------------------------------------


def _medications_cell(meds: list[Medication], zone: tzinfo) -> str:
    parts = []
    for m in meds:
        entry = f"{protect(m.name)}|{m.med_class}|{m.relief}"
        if m.taken_at is not None:
            entry += "|" + stamp(m.taken_at, zone)
        parts.append(entry)
    return ";".join(parts)


def episode_row(ep: Episode) -> list[str]:
    """The CSV cells of one episode, in :data:`CSV_COLUMNS` order (times in its zone)."""
    zone = zone_for(ep.time_zone)
    return [
        stamp(ep.started_at, zone),
        "" if ep.ended_at is None else stamp(ep.ended_at, zone),
        ep.time_zone,
        "",
        "true" if ep.ended_at is None else "false",
        ep.side,
        "" if ep.intensity is None else str(ep.intensity),
        ep.character or "",
        answer_cell(ep.triggers, vocab.TRIGGERS),
        protect(ep.trigger_note),
        ep.neck_position or "",
        ep.pain_origin or "",
        ";".join(vocab.ordered(ep.pain_locations, vocab.LOCATIONS)),
        answer_cell(ep.symptoms, vocab.SYMPTOMS),
        _medications_cell(ep.medications, zone),
        protect(ep.notes),
    ]


def episodes_to_csv(episodes: Iterable[Episode]) -> bytes:
    """The export file, byte for byte: UTF-8, no BOM, CRLF, minimal quoting.

    Episodes are written in the order given (the repository yields (start, side) order).
    Times are written in each episode's own zone, so they must be aware datetimes.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # excel dialect: "\r\n", QUOTE_MINIMAL
    writer.writerow(CSV_COLUMNS)
    writer.writerows(episode_row(ep) for ep in episodes)
    return out.getvalue().encode("utf-8")


# --- import ---------------------------------------------------------------------------------

#: problems() field -> CSV column, for the final domain check
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


def _parse_medications(text: str, zone: str) -> list[Medication]:
    meds: list[Medication] = []
    if not text.strip():
        return meds
    for number, entry in enumerate(text.split(";"), start=1):
        if not entry.strip():
            continue
        parts = [p.strip() for p in entry.split("|")]
        if len(parts) not in (3, 4):
            raise FieldError(
                _(
                    "medication {number} ({value}) is not name|class|relief "
                    "or name|class|relief|taken_at",
                    number=str(number),
                    value=shown(entry.strip()),
                )
            )
        name = unprotect(parts[0])
        if not name.strip():
            raise FieldError(_("medication {number} has no name", number=str(number)))
        try:
            med_class = parse_code(parts[1], vocab.MEDICATION_CLASSES)
            relief = parse_code(parts[2], vocab.RELIEF)
        except FieldError as exc:
            # Translators: {number}: the medication's place in the cell; {problem}: a clause
            raise FieldError(
                _("medication {number}: {problem}", number=str(number), problem=str(exc))
            ) from None
        if med_class is None:
            raise FieldError(_("medication {number} has no class", number=str(number)))
        if relief is None:
            raise FieldError(_("medication {number} has no relief", number=str(number)))
        taken = None
        if len(parts) == 4 and parts[3]:
            try:
                taken = in_zone(parse_stamp(parts[3]), zone)
            except FieldError as exc:
                raise FieldError(
                    _(
                        "medication {number}, time taken: {problem}",
                        number=str(number),
                        problem=str(exc),
                    )
                ) from None
        meds.append(Medication(name, med_class, relief, taken))
    return meds


def _episode(r: dict[str, str], row: int, local_zone: str, now: datetime) -> Episode:
    col = "time_zone"
    try:
        tz_text = r.get("time_zone", "")
        given = zone_key(tz_text) if tz_text.strip() else None

        col = "started_at"
        text = r["started_at"].strip()
        if not text:
            raise FieldError(_("the start date-time is missing"))
        started, zone = start_and_zone(parse_stamp(text), given, local_zone)

        col = "ended_at"
        ended = None
        text = r.get("ended_at", "").strip()
        if text:
            ended = in_zone(parse_stamp(text), zone)  # end > start: checked by problems()

        col = "duration_minutes"
        text = r.get("duration_minutes", "").strip()
        if text:
            by_duration = after(started, duration_seconds(text))
            if ended is None:
                ended = by_duration
            elif ended.timestamp() != by_duration.timestamp():
                raise FieldError(_("does not match ended_at; give only one of the two"))

        col = "ongoing"
        ongoing = parse_bool(r.get("ongoing", ""))
        contradiction = ongoing_problem(
            ongoing, ended is not None, _("ended_at or duration_minutes")
        )
        if contradiction:
            raise FieldError(contradiction)

        col = "side"
        side = parse_code(r["side"], vocab.SIDES)
        if side is None:
            raise FieldError(_("the side is missing; use left, right, both or unsure"))

        col = "intensity"
        text = r.get("intensity", "").strip()
        intensity = None
        if text:
            if not (len(text) <= 2 and text.isascii() and text.isdigit()) or int(text) > 10:
                raise FieldError(_("{value} is not a whole number from 0 to 10", value=shown(text)))
            intensity = int(text)

        col = "character"
        character = parse_code(r.get("character", ""), vocab.CHARACTERS)
        col = "triggers"
        triggers = parse_answer(r.get("triggers", ""), vocab.TRIGGERS)
        col = "trigger_note"
        trigger_note = unprotect(r.get("trigger_note", ""))
        col = "neck_position"
        neck_position = parse_code(r.get("neck_position", ""), vocab.NECK_POSITIONS)
        col = "pain_origin"
        pain_origin = parse_code(r.get("pain_origin", ""), vocab.LOCATIONS)
        col = "pain_locations"
        pain_locations = parse_codes(r.get("pain_locations", ""), vocab.LOCATIONS)
        col = "symptoms"
        symptoms = parse_answer(r.get("symptoms", ""), vocab.SYMPTOMS)
        col = "medications"
        text = r.get("medications", "")
        medications = _parse_medications(text, zone) if text else []
        col = "notes"
        notes = unprotect(r.get("notes", ""))
    except FieldError as exc:
        raise ImportRowError("row", row, col, str(exc)) from None

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
        id="",  # set by parse_csv
    )
    found = problems(ep, now)
    if found:
        field, message = first_problem(found, _PROBLEM_ORDER)
        if field == "ended_at" and not r.get("ended_at", "").strip():
            field = "duration_minutes"
        elif field.startswith("medications["):
            message = _("medication {number}: {problem}", number=field[12:-1], problem=message)
            field = "medications"
        raise ImportRowError("row", row, field, message)
    return ep


def _header(record: list[str]) -> list[str]:
    if not any(cell.strip() for cell in record):
        raise ImportRowError(
            "row",
            1,
            None,
            _("the first row must be the header ({columns})", columns=", ".join(CSV_COLUMNS)),
        )
    seen: set[str] = set()
    for number, name in enumerate(record, start=1):
        if not name.strip():
            raise ImportRowError("row", 1, str(number), _("this column has no name"))
        if name not in _KNOWN:
            raise ImportRowError(
                "row",
                1,
                name,
                _("unknown column; the columns are {columns}", columns=", ".join(CSV_COLUMNS)),
            )
        if name in seen:
            raise ImportRowError("row", 1, name, _("the column appears twice"))
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            raise ImportRowError(
                "row", 1, None, _("the required column {name} is missing", name=repr(name))
            )
    return record


def parse_csv(
    data: bytes,
    local_zone: str,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Episode]:
    """Every episode of a CSV file, validated; ImportFileError on the first problem.

    ``local_zone`` is the computer's IANA zone (for times without an offset); ``now``
    (default: the current time) is the limit for start times. Rows are numbered as in
    a spreadsheet (header = row 1); blank rows are ignored. Duplicates are not removed
    here (see ``services.transfer``). ``progress(row, rows)`` is called every few hundred
    rows (it may raise to stop).
    """
    text = decode(data)
    lines = text.count("\n") + 1
    now = now or now_utc()
    if len(text) >= csv.field_size_limit():
        csv.field_size_limit(len(text) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    episodes: list[Episode] = []
    row = 0
    try:
        header: list[str] | None = None
        width = 0
        for row, record in enumerate(reader, start=1):
            if header is None:
                header = _header(record)
                width = len(header)
                continue
            if progress is not None and not row % PROGRESS_EVERY:
                progress(row, lines)
            if not "".join(record).strip():
                continue  # a blank row
            if len(record) != width:
                raise ImportRowError(
                    "row",
                    row,
                    None,
                    ngettext(
                        "it has {count} value but the header has {width}",
                        "it has {count} values but the header has {width}",
                        len(record),
                        width=width,
                    ),
                )
            episodes.append(_episode(dict(zip(header, record, strict=True)), row, local_zone, now))
    except csv.Error as exc:
        raise ImportRowError(
            "row", row + 1, None, _("the CSV is malformed ({problem})", problem=str(exc))
        ) from None
    if not episodes:
        raise file_error(_("The file has a header but no episodes"))
    # fresh random ids, handed out in sorted order: the database's id indexes are then
    # filled in order, which makes a large import about a third faster
    for ep, ep_id in zip(episodes, sorted(random_id() for _ep in episodes), strict=True):
        ep.id = ep_id
    return episodes


def read(
    data: bytes,
    local_zone: str,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DiaryFile:
    """The episodes of a CSV file (``io.formats``; see :func:`parse_csv`)."""
    return DiaryFile(parse_csv(data, local_zone, now, progress))


def write(diary: DiaryFile) -> bytes:
    """The CSV of ``diary``'s episodes; nothing else goes into a CSV file (``io.formats``)."""
    return episodes_to_csv(diary.episodes)
