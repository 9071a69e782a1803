"""Regenerate the README's generated blocks from the app itself, so that no figure or feature
id in the README is typed by hand.

Usage: python docs/gen_readme.py           rewrite the blocks in README.md
       python docs/gen_readme.py --check   exit 1 when README.md is out of date (a test runs this)

Blocks (between ``<!-- generated:NAME -->`` and ``<!-- end generated:NAME -->``):

* ``profile-ids``: every feature id of the profile with what ``count`` and ``of`` count and
  where the feature is described (``analysis.profile.SPECS``);
* ``example``: the key figures, the overuse sentences and an excerpt of ``summary --json``
  (format 2) of the demo diary of ``benchmarks/bench_summary.py`` on a fixed date.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
TODAY = date(2026, 11, 25)  # fixed, so the example never changes by itself


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


def example() -> str:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_summary import demo_episodes

    from headache_diary.analysis.snapshot import take_snapshot
    from headache_diary.analysis.wording import (
        criterion_a_sentence,
        key_figures,
        overuse_sentences,
    )
    from headache_diary.paths import Paths
    from headache_diary.storage.db import open_diary
    from headache_diary.storage.repository import insert_episodes

    with tempfile.TemporaryDirectory() as tmp:
        diary = open_diary(Paths(Path(tmp) / "demo"))
        try:
            with diary.session() as s:
                insert_episodes(s, demo_episodes(TODAY))
            with diary.session() as s:
                snap = take_snapshot(s, date(2026, 9, 1), TODAY, TODAY, with_charts=False)
        finally:
            diary.close()
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


BLOCKS = {"profile-ids": profile_ids, "example": example}


def render(text: str) -> str:
    for name, make in BLOCKS.items():
        begin, end = f"<!-- generated:{name} -->", f"<!-- end generated:{name} -->"
        head, sep, rest = text.partition(begin)
        if not sep:
            raise SystemExit(f"README.md has no {begin} block")
        _old, sep, tail = rest.partition(end)
        if not sep:
            raise SystemExit(f"README.md has no {end}")
        text = f"{head}{begin}\n{make()}\n{end}{tail}"
    return text


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    text = README.read_text("utf-8")
    new = render(text)
    if "--check" in sys.argv[1:]:
        if new != text:
            print("README.md is out of date: run python docs/gen_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
