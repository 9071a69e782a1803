"""The core area in German and Spanish (issue 23): the command line's help, usage mistakes
and messages, import errors, storage and restore errors, and validation messages are in
the chosen language; and no user-visible text of the area is left unwrapped."""

from __future__ import annotations

import ast
import re
import sys
from datetime import datetime
from pathlib import Path

import pytest

from headache_diary import app, i18n
from headache_diary.domain.timeutil import zone_for

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import i18n_audit  # noqa: E402

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=zone_for("Europe/Berlin"))
GOOD = (
    "started_at,ended_at,time_zone,side,intensity,triggers,medications\r\n"
    "2026-03-01T08:15:00+01:00,2026-03-01T10:15:00+01:00,Europe/Berlin,left,6,"
    "neck_movement,Ibuprofen|nsaid|good\r\n"
    "2026-03-02T18:00:00+01:00,2026-03-02T20:00:00+01:00,Europe/Berlin,right,3,,\r\n"
)
BAD = GOOD + "2026-03-03T18:00:00+01:00,,Europe/Berlin,rihgt,3,,\r\n"

#: English words that German and Spanish text never has (function words and the area's
#: nouns); codes, options and paths are taken out before looking
ENGLISH = {
    "the", "of", "and", "is", "not", "or", "to", "with", "for", "this", "that", "from",
    "show", "help", "message", "exit", "usage", "options", "arguments", "argument",
    "required", "invalid", "choice", "days", "episode", "episodes", "file", "folder",
    "diary", "nothing", "imported", "saved", "changed", "when", "it", "now", "day",
    "print", "write", "make", "headache", "unknown", "column", "row", "wrote", "backed",
    "restored", "error", "after", "today", "ongoing", "positional",
}  # fmt: skip
#: German writes "Argument", Spanish "error" too
NOT_ENGLISH_IN = {"de": {"argument"}, "es": {"error"}}


def english_words(text: str, lang: str) -> set[str]:
    """The English words in ``text`` once the app's name, commands, options, codes,
    quoted values and paths are taken out."""
    text = re.sub(r"headache-diary|Headache Diary|\$HEADACHE_DIARY_DATA_DIR", " ", text)
    text = re.sub(
        r"\S*/\S*|--?[\w-]+|\w+_\w+|[\w-]+\.\w+[\w.-]*|(?<![A-Za-z])'[^']*'|`[^`]*`|\{[^}]*\}",
        " ",
        text,
    )
    words = {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", text)}
    return (words & ENGLISH) - NOT_ENGLISH_IN[lang]


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = app.main(argv, now=NOW)
    except SystemExit as exc:  # help and argparse's usage mistakes
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def diary_dir(tmp_path: Path, capsys) -> str:
    """A small real diary: two episodes imported from a CSV file."""
    data = str(tmp_path / "data")
    source = tmp_path / "in.csv"
    source.write_text(GOOD, "utf-8")
    assert run(capsys, ["import", str(source), "--data-dir", data])[0] == 0
    return data


def test_the_english_detector_finds_english(capsys, tmp_path) -> None:
    code, out, _err = run(capsys, ["--help"])
    assert code == 0 and english_words(out, "de") >= {"show", "help", "message", "exit"}
    assert english_words("Zeile 3, Spalte side: unbekannter Code 'x'", "de") == set()


@pytest.mark.parametrize("lang", ["de", "es"])
def test_every_commands_help_is_in_the_language(capsys, lang) -> None:
    commands = ["import", "export", "summary", "report", "backup", "restore", "log", "end"]
    for argv in [["--help"], *[[c, "--help"] for c in [*commands, "checkin"]]]:
        code, out, err = run(capsys, [*argv, "--language", lang])
        assert (code, err) == (0, ""), argv
        assert english_words(out, lang) == set(), (argv, out)
        assert out.startswith({"de": "Aufruf: ", "es": "uso: "}[lang])


@pytest.mark.parametrize("lang", ["de", "es"])
def test_the_summary_runs_and_the_areas_messages_are_in_the_language(
    capsys, tmp_path, diary_dir, lang
) -> None:
    # the summary's text itself is the analysis' wording (another area): it runs
    code, out, err = run(capsys, ["summary", "--data-dir", diary_dir, "--language", lang])
    assert code == 0 and err == "" and out.strip()
    lines = []
    # CLI usage mistakes, from argparse and from the app
    for argv in (
        ["summary", "--from", "2026-03-05", "--to", "2026-03-01"],
        ["summary", "--from", "2026-3-5"],
        ["summary", "--frm", "2026-03-05"],
        ["log"],
        ["log", "--side", "left", "--minutes", "ten"],
        ["checkin"],
        ["checkin", "--headache", "--date", "1.3.2026"],
        ["export", str(tmp_path / "x.csv"), "--format", "xml"],
    ):
        code, out, err = run(capsys, [*argv, "--data-dir", diary_dir, "--language", lang])
        assert code == 2 and out == "", argv
        lines.append(err)
    # import errors: nothing imported
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, "utf-8")
    for target in (bad, tmp_path / "missing.csv", tmp_path):
        code, out, err = run(
            capsys, ["import", str(target), "--data-dir", diary_dir, "--language", lang]
        )
        assert code == 1 and out == ""
        lines.append(err)
    # backup, restore
    code, out, err = run(capsys, ["backup", "--data-dir", diary_dir, "--language", lang])
    assert code == 0 and err == ""
    lines.append(out)
    backup = out.split()[-1]
    code, out, err = run(
        capsys, ["restore", str(tmp_path / "nope"), "--data-dir", diary_dir, "--language", lang]
    )
    assert code == 1
    lines.append(err)
    code, out, err = run(capsys, ["restore", backup, "--data-dir", diary_dir, "--language", lang])
    assert code == 0 and err == ""
    lines.append(out)
    # the quick log: saved, then the same again, then ending
    argv = ["log", "--side", "left", "--data-dir", diary_dir, "--language", lang]
    run(capsys, argv)
    code, out, err = run(capsys, argv)
    assert code == 1
    lines.append(err)
    text = "".join(lines)
    assert english_words(text, lang) == set(), text
    assert {"de": "Es wurde nichts importiert.", "es": "No se importó nada."}[lang] in text
    assert {"de": "Zeile 4, Spalte side", "es": "fila 4, columna side"}[lang] in text


@pytest.mark.parametrize("lang", ["de", "es"])
def test_validation_and_storage_messages_are_in_the_language(lang, paths) -> None:
    from datetime import date

    from headache_diary.domain import history, medication
    from headache_diary.domain.episode import Episode, problems
    from headache_diary.storage.lock import LockHolder
    from headache_diary.storage.restore import restore_hint

    with i18n.using(lang):
        ep = Episode(
            started_at=datetime(2027, 1, 1, 8, 0, tzinfo=zone_for("UTC")),
            side="middle",
            time_zone="UTC",
            intensity=11,
        )
        texts = list(problems(ep, NOW).values())
        entry = medication.PlanEntry(name="", med_class="", started=date(1800, 1, 1))
        texts += medication.plan_problems(entry, date(2026, 4, 1)).values()
        _event, found = history.HistoryForm(year=2026, month=2, day=30).build(date(2026, 4, 1))
        texts += found.values()
        texts.append(LockHolder(4242, "laptop", NOW, "1.0").describe())
        texts.append(restore_hint(paths, None, readable=False))
    text = "\n".join(texts)
    assert english_words(text, lang) == set(), text
    assert {"de": "hat nur 28 Tage", "es": "solo tiene 28 días"}[lang] in text


class _FStrings(i18n_audit._Finder):
    """The audit, with f-strings whose text starts with words before a placeholder
    checked too (tests/i18n_audit.py takes "the date {x}" for a style sheet's rule)."""

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        if self._skip_depth:
            return
        shape = "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else " X "
            for v in node.values
        )
        literal = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
        if i18n_audit._is_prose(shape) and re.search(r"[A-Za-z]{2,}", literal):
            self._report(node, shape.strip())


AREA = [
    "headache_diary/domain/history.py",
    "headache_diary/domain/medication.py",
    "headache_diary/domain/episode.py",
    "headache_diary/domain/episode_form.py",
    "headache_diary/domain/text.py",
    "headache_diary/io",
    "headache_diary/storage",
    "headache_diary/services",
    "headache_diary/app.py",
    "headache_diary/cli_daily.py",
    "headache_diary/smoke.py",
    "headache_diary/logsetup.py",
    "headache_diary/i18n.py",
]


def test_the_area_has_no_unwrapped_text() -> None:
    found = []
    for name in AREA:
        path = ROOT / name
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        for file in files:
            if "migrations" in file.parts:
                continue
            source = file.read_text(encoding="utf-8")
            finder = _FStrings(source.splitlines())
            finder.visit(ast.parse(source, str(file)))
            found += [(str(file.relative_to(ROOT)), n, text) for n, text in finder.found]
    assert found == []
