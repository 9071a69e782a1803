"""Regenerate the generated blocks of the guides from the app itself, so that no code, key,
figure or feature id in them is typed by hand.

Usage: python docs/gen_docs.py           rewrite the blocks
       python docs/gen_docs.py --check   exit 1 when a guide is out of date (tests/test_docs.py
                                         runs this)

A block sits between ``<!-- generated:NAME -->`` and ``<!-- end generated:NAME -->``; the
text in between is replaced, everything around it is written by hand. The blocks, all in
``docs/formats.md``:

* ``codes``: every stored code of each field with its English label (``domain.vocab``);
* ``csv-header``: the header line a CSV export writes (``io.common.CSV_COLUMNS``);
* ``json-keys``: the keys of each object of the diary JSON, in the order they are written,
  and the ``format_version`` the app writes (``io.json_format`` and its neighbours);
* ``summary-keys``: the top-level keys of ``summary --json``, in order;
* ``example``: the key figures, the overuse sentences and an excerpt of ``summary --json``
  of the demo diary of ``benchmarks/bench_summary.py`` on a fixed date;
* ``profile-ids``: every feature id of the profile with what ``count`` and ``of`` count and
  where the feature is described (``analysis.features.SPECS``).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)  # fixed, so the example never changes by itself


def codes() -> str:
    from headache_diary.domain import vocab
    from headache_diary.domain.history import PRECISIONS
    from headache_diary.domain.medication import PLAN_CLASSES

    fields: list[tuple[str, tuple[str, ...]]] = [
        ("`side`", vocab.SIDES),
        ("`triggers` (any number, or `none` alone)", vocab.TRIGGERS),
        ("`neck_position`", vocab.NECK_POSITIONS),
        ("`pain_origin` (one), `pain_locations` (any number)", vocab.LOCATIONS),
        ("`character`", vocab.CHARACTERS),
        ("`symptoms` (any number, or `none` alone)", vocab.SYMPTOMS),
        ("medication `class` (in an episode, a dose outside one)", vocab.MEDICATION_CLASSES),
        ("`medication_plan` `class`", PLAN_CLASSES),
        ("`relief`", vocab.RELIEF),
        ("`history` `kind`", vocab.HISTORY_KINDS),
        ("`history` `date_precision`", PRECISIONS),
    ]
    lines = ["| field | code = English label |", "|---|---|"]
    for name, values in fields:
        shown = ", ".join(
            f"`{c}`" + (f" = {vocab.LABELS[c]}" if c in vocab.LABELS else "") for c in values
        )
        lines.append(f"| {name} | {shown} |")
    return "\n".join(lines)


def csv_header() -> str:
    from headache_diary.io.common import CSV_COLUMNS

    return "```\n" + ",".join(CSV_COLUMNS) + "\n```"


def json_keys() -> str:
    from headache_diary.io.checkin_json import CHECK_IN_KEYS
    from headache_diary.io.history_json import HISTORY_KEYS
    from headache_diary.io.json_format import (
        EPISODE_KEYS,
        FORMAT_VERSION,
        MEDICATION_KEYS,
        TOP_KEYS,
    )
    from headache_diary.io.medication_json import DOSE_KEYS, PLAN_KEYS

    objects = [
        ("the file", TOP_KEYS),
        ("an episode (`episodes[]`)", EPISODE_KEYS),
        ("a medication of an episode (`medications[]`)", MEDICATION_KEYS),
        ("a check-in (`check_ins[]`)", CHECK_IN_KEYS),
        ("a history event (`history[]`)", HISTORY_KEYS),
        ("a plan entry (`medication_plan[]`)", PLAN_KEYS),
        ("a dose outside an episode (`acute_doses[]`)", DOSE_KEYS),
    ]
    lines = [
        f"Written as `format_version` {FORMAT_VERSION}; formats 1 to {FORMAT_VERSION} are read.",
        "",
        "| object | keys, in the order written |",
        "|---|---|",
    ]
    lines += [f"| {name} | {', '.join(f'`{k}`' for k in keys)} |" for name, keys in objects]
    return "\n".join(lines)


@cache
def _demo_snapshot():  # noqa: ANN202
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_summary import demo_episodes

    from headache_diary.analysis.snapshot import take_snapshot
    from headache_diary.paths import Paths
    from headache_diary.storage.db import open_diary
    from headache_diary.storage.repository import insert_episodes

    with tempfile.TemporaryDirectory() as tmp:
        diary = open_diary(Paths(Path(tmp) / "demo"))
        try:
            with diary.session() as s:
                insert_episodes(s, demo_episodes(TODAY))
            with diary.session() as s:
                return take_snapshot(s, date(2026, 9, 1), TODAY, TODAY, with_charts=False)
        finally:
            diary.close()


def summary_keys() -> str:
    keys = list(_demo_snapshot().to_json())
    return ", ".join(f"`{k}`" for k in keys)


def example() -> str:
    from headache_diary.analysis.wording import (
        criterion_a_sentence,
        key_figures,
        overuse_sentences,
    )

    snap = _demo_snapshot()
    summary = snap.summary
    out = [
        f"The demo diary of `benchmarks/bench_summary.py`, {summary.period.start} to "
        f"{summary.period.end} (`summary --from 2026-09-01 --to 2026-11-25`):",
        "",
        "| key figure | value | of |",
        "|---|---|---|",
    ]
    out += [f"| {k.label} | {k.value} | {k.basis} |" for k in key_figures(summary)]
    out += [""] + [f"- {s}" for s in overuse_sentences(summary)]
    a = criterion_a_sentence(summary)
    if a:
        out.append(f"- {a}")
    j = snap.to_json()
    excerpt = {
        k: j[k]
        for k in (
            "format_version",
            "period",
            "episodes",
            "movement_triggered_pct",
            "recorded",
            "medication_overuse",
            "overuse_runs",
            "headache_15_days_months",
            "ongoing_episodes",
            "started_before_period",
        )
    }
    excerpt["triggers"] = {k: v for k, v in j["triggers"].items() if v}
    excerpt["profile"] = [
        {"group": g["group"], "features": g["features"][:1] + ["…"]} for g in j["profile"][:1]
    ]
    out += ["", "```json", json.dumps(excerpt, indent=1, ensure_ascii=False), "```"]
    return "\n".join(out)


def profile_ids() -> str:
    from headache_diary.analysis.features import GROUPS, SPECS

    lines = [
        "| group | id | `count`: episodes that were … | `of`: … | described in | note |",
        "|---|---|---|---|---|---|",
    ]
    for gid, _label, _criterion, _note in GROUPS:
        for spec in SPECS[gid]:
            label = spec.label[0].lower() + spec.label[1:]
            lines.append(
                f"| `{gid}` | `{spec.id}` | {label} | {spec.of_text} | {spec.criterion} "
                f"| {spec.note} |"
            )
    return "\n".join(lines)


#: file (relative to the repository) -> its blocks, in the order they appear
BLOCKS: dict[str, dict[str, Callable[[], str]]] = {
    "docs/formats.md": {
        "codes": codes,
        "csv-header": csv_header,
        "json-keys": json_keys,
        "summary-keys": summary_keys,
        "example": example,
        "profile-ids": profile_ids,
    },
}


def render(name: str, text: str) -> str:
    for block, make in BLOCKS[name].items():
        begin, end = f"<!-- generated:{block} -->", f"<!-- end generated:{block} -->"
        head, sep, rest = text.partition(begin)
        if not sep:
            raise SystemExit(f"{name} has no {begin} block")
        _old, sep, tail = rest.partition(end)
        if not sep:
            raise SystemExit(f"{name} has no {end}")
        text = f"{head}{begin}\n{make()}\n{end}{tail}"
    return text


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    stale = []
    for name in BLOCKS:
        path = ROOT / name
        text = path.read_text("utf-8")
        new = render(name, text)
        if new == text:
            continue
        if "--check" in sys.argv[1:]:
            stale.append(name)
        else:
            path.write_text(new, "utf-8")
            print(f"rewrote {name}")
    if stale:
        print(
            f"out of date: {', '.join(stale)}: run .venv/bin/python docs/gen_docs.py",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
