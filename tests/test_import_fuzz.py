"""Whatever file is imported, the import ends cleanly or with a clear ImportFileError and
the diary unchanged; no other exception escapes (services.transfer.import_file, as the CLI
and the window call it). Files over the size cap, pipes and devices are refused before
anything is parsed.

Fuzzed: random bytes; CSV built from valid and broken cells (NUL, quotes left open, CR/LF,
huge fields, long digit strings, extreme dates, zone database folders as zones) in UTF-8,
UTF-8 with BOM, UTF-16, Latin-1 and cp1252; JSON documents with random values in every
key, deep nesting, unpaired surrogates, huge numbers; and byte-level mutations (flips,
cuts, insertions) of real exports.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from headache_diary.context import AppContext
from headache_diary.domain.errors import ImportFileError
from headache_diary.io import formats
from headache_diary.io.checkin_json import CHECK_IN_KEYS
from headache_diary.io.common import CSV_COLUMNS
from headache_diary.io.history_json import HISTORY_KEYS
from headache_diary.io.json_format import EPISODE_KEYS, episodes_to_json
from headache_diary.io.medication_json import DOSE_KEYS, PLAN_KEYS
from headache_diary.services.episodes import save_episode
from headache_diary.services.transfer import export_file, import_file, load_episodes

#: examples per fuzz test; ``FUZZ_EXAMPLES=5000`` for a longer hunt
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

GOOD_CSV = (
    b"started_at,ended_at,time_zone,side,intensity,triggers,medications,notes\r\n"
    b"2026-03-01T08:15:00+01:00,2026-03-01T10:15:00+01:00,Europe/Berlin,left,6,"
    b"neck_movement,Ibuprofen 400 mg|nsaid|good,secret note\r\n"
)

# --- what a cell may hold ------------------------------------------------------------------

VALID_CELLS: dict[str, list[str]] = {
    "started_at": [
        "2026-03-01T08:15:00+01:00",
        "2025-10-26T02:30",
        "2026-03-29T02:30",
        "2026-02-01T07:00Z",
    ],
    "ended_at": ["", "2026-03-01T10:15:00+01:00", "2026-03-01T07:00:00+01:00"],
    "time_zone": ["", "Europe/Berlin", "+05:30", "America/New_York", "Australia/Lord_Howe"],
    "duration_minutes": ["", "90", "0.5", "-3", "1e999999", "NaN", "sNaN", "Infinity"],
    "ongoing": ["", "true", "FALSE", "maybe"],
    "side": ["left", "right", "both", "unsure", "", "middle"],
    "intensity": ["", "0", "10", "11", "٣", "1" * 5000],
    "character": ["", "throbbing", "pressing", "sharp"],
    "triggers": ["", "none", "neck_movement;stress", "neck_movement;;", "none;stress"],
    "trigger_note": ["", "=cmd()", "'+1", "\t tab"],
    "neck_position": ["", "looking_down", "unknown", "upside_down"],
    "pain_origin": ["", "neck", "toe"],
    "pain_locations": ["", "neck;occiput", "neck;toe"],
    "symptoms": ["", "none", "nausea;aura"],
    "medications": [
        "",
        "Ibuprofen 400 mg|nsaid|good",
        "A|triptan|none|2026-03-01T09:00:00+01:00",
        "A|nsaid",
        "|nsaid|good",
        "A|nsaid|good|9999-12-31T23:59-23:59",
    ],
    "notes": ["", "secret note", "line\nbreak", "a\x00b", '"quoted"'],
}
EXTREMES = [
    "0001-01-01T00:00+23:59",
    "9999-12-31T23:59-23:59",
    "2026-02-30T10:00",
    "2026-03-01T08:15:00.5+01:00",
    "Europe",
    "Europe/",
    "../../etc/passwd",
    "posixrules",
    "\x00",
    '"',
    '"unterminated',
    "\r",
    "\ufeff",
]
HUGE = st.sampled_from(["x", "1", '"', ";", "|", "é"]).flatmap(
    lambda ch: st.integers(1_000, 200_000).map(lambda n: ch * n)
)


def cell(column: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(VALID_CELLS.get(column, [""])),
        st.sampled_from(EXTREMES),
        st.text(max_size=30),
        HUGE,
    )


# mostly UTF-8, so that most files get past decoding into the parsers
ENCODINGS = st.sampled_from(["utf-8"] * 5 + ["utf-8-sig", "utf-16", "latin-1", "cp1252"])


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    columns = draw(
        st.one_of(
            st.just(["started_at", "side"]),
            st.lists(st.sampled_from([*CSV_COLUMNS, "extra", ""]), min_size=1, max_size=18),
            st.permutations(CSV_COLUMNS),
        )
    )
    rows = draw(
        st.lists(st.tuples(*(cell(c) for c in columns)), max_size=4),
    )
    if draw(st.booleans()):  # well-formed CSV quoting
        out = io.StringIO(newline="")
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows(rows)
        text = out.getvalue()
    else:  # cells pasted as they are: quotes left open, stray CR/LF, wrong widths
        sep = draw(st.sampled_from(["\r\n", "\n", "\r"]))
        text = sep.join(",".join(r) for r in [list(columns), *rows])
    encoding = draw(ENCODINGS)
    return text.encode(encoding, errors="replace")


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["\ud800", "left", "nsaid", "2026-03-01T08:15:00+01:00", "Europe", "none"]),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@st.composite
def json_files(draw: st.DrawFn) -> bytes:
    base: dict[str, Any] = {
        "started_at": "2026-03-01T08:15:00+01:00",
        "side": "left",
        "notes": "secret note",
    }
    episodes = []
    for _ in range(draw(st.integers(0, 3))):
        ep = dict(base)
        for key in draw(st.lists(st.sampled_from([*EPISODE_KEYS, "unknown"]), max_size=4)):
            ep[key] = draw(JSON_VALUES)
        episodes.append(ep)
    doc: Any = {
        "format_version": draw(st.sampled_from([1, 1, 1, 2, 0, "1", True, 10**400 // 10**399])),
        "episodes": episodes,
    }
    # the arrays beside the episodes (format 2): a valid record with random values in keys
    for name, valid, keys in (
        ("check_ins", {"date": "2026-03-02", "headache_free": True, "note": "n"}, CHECK_IN_KEYS),
        ("history", {"date": "2026-02-10", "kind": "mri", "details": "d"}, HISTORY_KEYS),
        (
            "medication_plan",
            {"name": "Amitriptyline", "class": "preventive", "started": "2026-01-01"},
            PLAN_KEYS,
        ),
        (
            "acute_doses",
            {"taken_at": "2026-03-01T09:00:00+01:00", "name": "x", "class": "nsaid"},
            DOSE_KEYS,
        ),
    ):
        if draw(st.booleans()):
            records = []
            for _ in range(draw(st.integers(0, 3))):
                record = dict(valid)
                for key in draw(st.lists(st.sampled_from([*keys, "unknown"]), max_size=3)):
                    record[key] = draw(JSON_VALUES)
                records.append(record)
            doc[name] = draw(st.one_of(st.just(records), JSON_VALUES))
    shape = draw(st.sampled_from(["doc", "doc", "value", "deep", "cut", "deep_inside"]))
    if shape == "value":
        text = json.dumps(draw(JSON_VALUES))
    elif shape == "deep":
        text = nested(draw(st.integers(500, 200_000)))
    elif shape == "deep_inside":
        depth = draw(st.integers(100, 5_000))
        text = json.dumps(doc)[:-2] + ', "notes": ' + nested(depth) + "}"
    else:
        text = json.dumps(doc, allow_nan=True)
        if shape == "cut":
            text = text[: draw(st.integers(0, len(text)))]
    return text.encode(draw(ENCODINGS), errors="surrogatepass")


# --- the property ---------------------------------------------------------------------------


def fingerprint(ctx: AppContext) -> str:
    """The whole diary: episodes, check-ins and history, as a JSON export writes them."""
    path = ctx.paths.data_dir / "fingerprint.json"
    export_file(ctx, path)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    finally:
        path.unlink()


def imports_cleanly_or_changes_nothing(ctx: AppContext, path: Path, data: bytes) -> None:
    path.write_bytes(data)
    before = fingerprint(ctx)
    count = len(load_episodes(ctx))
    try:
        result = import_file(ctx, path)
    except ImportFileError as exc:
        message = str(exc)
        assert fingerprint(ctx) == before
        assert message.endswith("Nothing was imported."), message
        assert len(message) < 600 and "Traceback" not in message
        return
    assert len(load_episodes(ctx)) == count + result.added


@pytest.fixture
def ctx_with_an_episode(ctx: AppContext, make_episode: Callable[..., Any]) -> AppContext:
    save_episode(ctx, make_episode("2026-02-01 09:00", notes="was there before"))
    return ctx


def test_random_bytes(ctx_with_an_episode: AppContext, tmp_path: Path) -> None:
    @FUZZ
    @given(st.binary(max_size=3000), st.sampled_from([".csv", ".json"]))
    @example(b"", ".csv")
    @example(b"\xff\xfe" + "started_at,side".encode("utf-16-le"), ".csv")
    @example(GOOD_CSV, ".csv")
    def run(data: bytes, suffix: str) -> None:
        imports_cleanly_or_changes_nothing(ctx_with_an_episode, tmp_path / f"fuzz{suffix}", data)

    run()


def test_fuzzed_csv(ctx_with_an_episode: AppContext, tmp_path: Path) -> None:
    @FUZZ
    @given(csv_files())
    @example(GOOD_CSV)
    @example(GOOD_CSV.replace(b"secret note", b"\x00" + b"n" * 300_000))
    @example(GOOD_CSV.replace(b",6,", b",6" + b"1" * 5000 + b","))
    @example(GOOD_CSV.replace(b"Europe/Berlin", b"Europe"))
    @example(GOOD_CSV[:-20] + b'"unterminated')
    @example(GOOD_CSV.decode().encode("utf-16"))
    @example("started_at,side,notes\r\n2026-03-01T08:15+01:00,left,Grüße\r\n".encode("latin-1"))
    def run(data: bytes) -> None:
        imports_cleanly_or_changes_nothing(ctx_with_an_episode, tmp_path / "fuzz.csv", data)

    run()


def test_fuzzed_json(ctx_with_an_episode: AppContext, tmp_path: Path) -> None:
    good = json.dumps(
        {
            "format_version": 1,
            "episodes": [
                {"started_at": "2026-03-01T08:15:00+01:00", "side": "left", "notes": "secret note"}
            ],
        }
    )

    @FUZZ
    @given(json_files())
    @example(good.encode())
    @example(good.replace("secret note", "\\ud800").encode())
    @example(good.replace('"left"', nested(100_000)).encode())
    @example(good.replace('"secret note"', nested(900)).encode())
    @example(good.replace('"side"', '"side": 1e999, "x"').encode())
    @example(good.encode("utf-16"))
    @example(good.replace('"side"', '"id": false, "side"').encode())  # found by this test
    @example(
        good[:-1].encode() + b', "check_ins": [{"date": "2026-03-02", "headache_free": '
        b'true, "note": "\\ud800"}]}'
    )
    @example(
        good[:-1].encode() + b', "acute_doses": [{"taken_at": "2026-03-01T09:00:00+01:00", '
        b'"name": "\\ud800", "class": "nsaid"}]}'
    )
    @example(
        good[:-1].encode() + b', "medication_plan": [{"name": "A", "class": "nsaid", '
        b'"started": "2026-01-01", "dose": "\\udc00"}]}'
    )
    @example(
        good[:-1].encode() + b', "history": [{"date": "2026-02-10", "kind": "mri", '
        b'"details": "\\udfff"}]}'
    )
    def run(data: bytes) -> None:
        imports_cleanly_or_changes_nothing(ctx_with_an_episode, tmp_path / "fuzz.json", data)

    run()


def test_mutated_exports(ctx_with_an_episode: AppContext, tmp_path: Path, make_episode) -> None:
    from headache_diary.domain.episode import Medication
    from headache_diary.io.csv_format import episodes_to_csv

    sample = [
        make_episode(
            "2026-01-05 10:00",
            intensity=7,
            triggers=["neck_movement"],
            medications=[Medication("Secret med", "triptan", "some")],
            notes="secret note",
        ),
        make_episode("2026-01-06 23:30", hours=None, side="right", symptoms=["nausea"]),
    ]
    exports = {".csv": episodes_to_csv(sample), ".json": episodes_to_json(sample)}

    @FUZZ
    @given(
        st.sampled_from(sorted(exports)),
        st.lists(
            st.tuples(
                st.sampled_from(["flip", "cut", "insert", "delete"]),
                st.integers(0, 10**6),
                st.binary(min_size=1, max_size=8),
            ),
            min_size=1,
            max_size=5,
        ),
    )
    def run(suffix: str, edits: list[tuple[str, int, bytes]]) -> None:
        data = bytearray(exports[suffix])
        for kind, at, blob in edits:
            i = at % (len(data) + 1)
            if kind == "flip" and data:
                data[i % len(data)] ^= blob[0] or 1
            elif kind == "cut":
                del data[i:]
            elif kind == "insert":
                data[i:i] = blob
            else:
                del data[i : i + len(blob)]
        imports_cleanly_or_changes_nothing(
            ctx_with_an_episode, tmp_path / f"fuzz{suffix}", bytes(data)
        )

    run()


# --- refused before parsing -----------------------------------------------------------------


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was parsed")

    for f in formats.FORMATS:  # each format's reader, as io.formats calls it
        monkeypatch.setattr(f.codec(), "read", refuse)


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_file_over_the_cap_is_refused_before_it_is_read(
    ctx: AppContext, tmp_path: Path, no_parsing: None, suffix: str
) -> None:
    big = tmp_path / f"big{suffix}"
    with big.open("wb") as f:  # sparse: no disk space, no time
        f.truncate(formats.MAX_IMPORT_BYTES + 1)
    before = fingerprint(ctx)
    with pytest.raises(ImportFileError, match=r"files over 100 MB are not imported"):
        import_file(ctx, big)
    assert fingerprint(ctx) == before


def test_the_cap_is_inclusive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "MAX_IMPORT_BYTES", 1000)
    path = tmp_path / "at-cap.csv"
    path.write_bytes(b"x" * 1000)
    assert len(formats.read_file(path)) == 1000
    path.write_bytes(b"x" * 1001)
    with pytest.raises(ImportFileError, match="files over 0 MB"):
        formats.read_file(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX pipes")
def test_a_pipe_or_device_is_refused_without_waiting(
    ctx: AppContext, tmp_path: Path, no_parsing: None
) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)  # opening it for reading would wait for a writer forever
    with pytest.raises(ImportFileError, match="not a regular file"):
        import_file(ctx, pipe)
    device = tmp_path / "zero.json"
    device.symlink_to("/dev/zero")  # would never end
    with pytest.raises(ImportFileError, match="not a regular file"):
        import_file(ctx, device)
