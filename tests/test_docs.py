"""The guides (README.md, CONTRIBUTING.md, docs/*.md) say what the app does today.

Their generated blocks are what docs/gen_docs.py makes from the code, never edited by
hand; every relative link and anchor resolves; every command, CSV column, JSON key,
summary key and feature-profile id is described; the README stays short and shows CI's
set-up command; every screenshot is the app on a 1366x768 screen and is shown somewhere."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"
FORMATS = DOCS / "formats.md"
CLINICAL = DOCS / "clinical.md"


def guides() -> list[Path]:
    return [README, ROOT / "CONTRIBUTING.md", *sorted(DOCS.glob("*.md"))]


# -- reading Markdown ---------------------------------------------------------------------
def prose_lines(text: str) -> list[str]:
    """The lines outside fenced and indented code blocks, without inline code spans."""
    out, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith("    "):
            continue
        out.append(re.sub(r"`[^`]*`", "", line))
    return out


def anchors(text: str) -> set[str]:
    """The anchors GitHub makes of the headings: lower case, punctuation dropped (letters,
    digits, '_', '-' and spaces kept), spaces as '-'; a repeated one gets -1, -2, ..."""
    seen: dict[str, int] = {}
    out = set()
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if fenced or not re.match(r"#{1,6} ", line):
            continue
        slug = re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def broken_links(path: Path) -> list[str]:
    """Each relative link of ``path`` whose file or heading does not exist."""
    problems = []
    for line in prose_lines(path.read_text("utf-8")):
        for target in LINK.findall(line):
            if re.match(r"[a-z]+:", target):  # https:, mailto:
                continue
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            if not dest.exists():
                problems.append(f"{path.name}: {target}: no such file")
            elif anchor and anchor not in anchors(dest.read_text("utf-8")):
                problems.append(f"{path.name}: {target}: no such heading")
    return problems


def table_rows(text: str, heading: str) -> list[str]:
    """The table rows written by hand (generated blocks left out) of the section that
    starts with the heading ``heading``."""
    text = re.sub(r"<!-- generated:.*?<!-- end generated:[^>]*>", "", text, flags=re.S)
    _, found, rest = text.partition(f"\n{heading}\n")
    assert found, heading
    level = heading.split(" ")[0]
    section = re.split(rf"\n{level} ", rest)[0]
    return [line for line in section.splitlines() if line.startswith("| ")]


def first_cells(rows: list[str]) -> str:
    return "\n".join(row.split(" | ")[0] for row in rows)


# -- generated blocks ---------------------------------------------------------------------
def test_generated_blocks_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(DOCS / "gen_docs.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr + "\nrun: .venv/bin/python docs/gen_docs.py"


def profile_ids() -> set[str]:
    from headache_diary.analysis.features import SPECS

    return {spec.id for specs in SPECS.values() for spec in specs}


def test_every_profile_id_is_listed_in_the_formats_guide() -> None:
    text = FORMATS.read_text("utf-8")
    for spec_id in profile_ids():
        assert f"| `{spec_id}` |" in text, spec_id


def test_every_profile_id_and_no_other_is_cited_in_the_clinical_sources() -> None:
    rows = table_rows(CLINICAL.read_text("utf-8"), "### 9. Feature id → citation and quotable text")
    cited = [m.group(1) for row in rows if (m := re.match(r"\| \w+ \| `(\w+)` \|", row))]
    assert sorted(cited) == sorted(profile_ids())


# -- links ----------------------------------------------------------------------------------
def test_every_relative_link_and_anchor_resolves() -> None:
    problems = [p for path in guides() for p in broken_links(path)]
    assert problems == []


def test_the_link_check_finds_a_missing_file_and_a_missing_heading(tmp_path: Path) -> None:
    (tmp_path / "there.md").write_text("# Here it is\n\ntext\n", "utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n[ok](there.md#here-it-is) [ok](#page) `[code](gone.md)`\n"
        "[gone](gone.md) [no heading](there.md#elsewhere) ![picture](gone.png)\n"
        "```\n[in a code block](gone.md)\n```\n",
        "utf-8",
    )
    assert broken_links(page) == [
        "page.md: gone.md: no such file",
        "page.md: there.md#elsewhere: no such heading",
        "page.md: gone.png: no such file",
    ]


def test_anchors_are_made_as_github_makes_them() -> None:
    text = (
        "# Medication overuse (ICHD-3 8.2)\n## 5.5 13.4 Occipital — verbatim\n## Notes\n## Notes\n"
    )
    assert anchors(text) == {
        "medication-overuse-ichd-3-82",
        "55-134-occipital--verbatim",
        "notes",
        "notes-1",
    }


# -- the README ------------------------------------------------------------------------------
def test_the_readme_is_at_most_250_lines() -> None:
    lines = README.read_text("utf-8").splitlines()
    assert len(lines) <= 250, f"README.md has {len(lines)} lines: move details into a guide"


def test_the_readme_shows_the_set_up_commands_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    readme = README.read_text("utf-8").splitlines()
    assert "bash packaging/run-tests.sh" in ci  # CI runs the README's test command verbatim
    for command in ("bash packaging/run-app.sh", "bash packaging/run-tests.sh"):
        at = readme.index(command)  # a line of its own ...
        assert readme[at - 1] == "```" and readme[at + 1] == "```", command  # ... in a code block


def test_every_command_and_global_option_is_in_the_readme_table() -> None:
    import argparse

    from headache_diary.app import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    rows = "\n".join(row for row in README.read_text("utf-8").splitlines() if row.startswith("| `"))
    for command in sub.choices:
        assert f"| `headache-diary {command}" in rows, command
    for option in ("--version", "--smoke-test"):
        assert f"| `headache-diary {option}" in rows, option
    readme = README.read_text("utf-8")
    for option in ("--data-dir DIR", "--language CODE"):
        assert f"`{option}`" in readme, option


# -- the formats ------------------------------------------------------------------------------
def test_every_csv_column_is_described() -> None:
    from headache_diary.io.common import CSV_COLUMNS

    cells = first_cells(table_rows(FORMATS.read_text("utf-8"), "## CSV"))
    for column in CSV_COLUMNS:
        assert f"| `{column}`" in cells, column


def test_every_diary_json_key_is_described() -> None:
    from headache_diary.io.checkin_json import CHECK_IN_KEYS
    from headache_diary.io.history_json import HISTORY_KEYS
    from headache_diary.io.json_format import EPISODE_KEYS, MEDICATION_KEYS, TOP_KEYS
    from headache_diary.io.medication_json import DOSE_KEYS, PLAN_KEYS

    cells = first_cells(table_rows(FORMATS.read_text("utf-8"), "## Diary JSON"))
    keys = {*TOP_KEYS, *EPISODE_KEYS, *MEDICATION_KEYS, *CHECK_IN_KEYS, *HISTORY_KEYS}
    for key in keys | {*PLAN_KEYS, *DOSE_KEYS}:
        assert f"`{key}`" in cells, key


def test_every_summary_key_is_described() -> None:
    text = FORMATS.read_text("utf-8")
    block = text.split("<!-- generated:summary-keys -->")[1].split("<!-- end generated")[0]
    keys = re.findall(r"`(\w+)`", block)
    assert "format_version" in keys and "history_effects" in keys
    cells = first_cells(table_rows(text, "## Summary JSON"))
    for key in keys:
        assert f"`{key}`" in cells, key


# -- screenshots ------------------------------------------------------------------------------
def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("png", sorted(DOCS.glob("*.png")), ids=lambda p: p.name)
def test_every_screenshot_is_the_whole_1366x768_screen_and_shown_in_a_guide(png: Path) -> None:
    assert png_size(png) == (1366, 768), "retake it: .venv/bin/python docs/screenshots.py"
    shown = "\n".join(path.read_text("utf-8") for path in guides())
    assert re.search(rf"\]\((docs/)?{re.escape(png.name)}\)", shown), f"{png.name} is shown nowhere"
