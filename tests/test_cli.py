"""The command line (FORMAT.md): import/export through headache_diary.app.main([...])."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from headache_diary.app import main
from headache_diary.io.common import CSV_COLUMNS

HEADER = ",".join(CSV_COLUMNS)
GOOD = (
    "started_at,ended_at,time_zone,side,intensity,triggers\r\n"
    "2026-03-01T08:15:00+01:00,2026-03-01T10:15:00+01:00,Europe/Berlin,left,6,neck_movement\r\n"
    "2026-03-02T18:00:00+01:00,,Europe/Berlin,right,3,\r\n"
)


@pytest.fixture
def data_dir(tmp_path: Path) -> str:
    return str(tmp_path / "data")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def export_text(capsys, data_dir: str, tmp_path: Path) -> str:
    target = tmp_path / "check.csv"
    code, _, err = run(capsys, "export", str(target), "--data-dir", data_dir)
    assert code == 0, err
    text = target.read_text("utf-8")
    target.unlink()
    return text


def test_import_then_export(capsys, tmp_path, data_dir):
    src = tmp_path / "in.csv"
    src.write_text(GOOD, "utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "import", str(src))
    assert (code, err) == (0, "")
    assert out == "Added 2 episodes; skipped 0 already in the diary.\n"

    code, out, _ = run(capsys, "import", str(src), "--data-dir", data_dir)
    assert code == 0 and out == "Added 0 episodes; skipped 2 already in the diary.\n"

    target = tmp_path / "out.csv"
    code, out, err = run(capsys, "export", str(target), "--data-dir", data_dir)
    assert (code, err) == (0, "")
    assert out == f"Exported 2 episodes to {target}.\n"
    assert os.stat(target).st_mode & 0o777 == 0o600
    lines = target.read_bytes().split(b"\r\n")
    assert lines[0].decode() == HEADER
    assert lines[1].startswith(b"2026-03-01T08:15:00+01:00,2026-03-01T10:15:00+01:00,Europe/Berlin")


def test_env_var_selects_the_diary(capsys, tmp_path, monkeypatch, data_dir):
    monkeypatch.setenv("HEADACHE_DIARY_DATA_DIR", data_dir)
    src = tmp_path / "in.csv"
    src.write_text(GOOD, "utf-8")
    assert run(capsys, "import", str(src))[0] == 0
    assert (Path(data_dir) / "diary.sqlite3").exists()


def test_export_json_with_range_and_format(capsys, tmp_path, data_dir):
    src = tmp_path / "in.csv"
    src.write_text(GOOD, "utf-8")
    run(capsys, "import", str(src), "--data-dir", data_dir)
    target = tmp_path / "out.data"
    code, out, _ = run(
        capsys,
        "export",
        str(target),
        "--format",
        "json",
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-02",
        "--data-dir",
        data_dir,
    )
    assert code == 0 and out.startswith("Exported 1 episode ")
    doc = json.loads(target.read_text("utf-8"))
    assert [e["side"] for e in doc["episodes"]] == ["right"]


def one_line_error(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("headache-diary: error: ")
    return err


def test_bad_row_fails_with_one_line_and_changes_nothing(capsys, tmp_path, data_dir):
    src = tmp_path / "in.csv"
    src.write_text(GOOD, "utf-8")
    run(capsys, "import", str(src), "--data-dir", data_dir)
    before = export_text(capsys, data_dir, tmp_path)

    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD.replace("right", "rihgt") + GOOD, "utf-8")
    code, out, err = run(capsys, "import", str(bad), "--data-dir", data_dir)
    assert code != 0 and out == ""
    assert one_line_error(err) == (
        "headache-diary: error: row 3, column side: unknown code 'rihgt'; use one of: "
        "left, right, both, unsure. Nothing was imported.\n"
    )
    assert export_text(capsys, data_dir, tmp_path) == before


@pytest.mark.parametrize(
    ("content", "name", "fragment"),
    [
        ("", "in.csv", "The file is empty"),
        (HEADER + "\r\n", "in.csv", "header but no episodes"),
        (
            "started_at,side,colour\r\n2026-03-01T08:15:00Z,left,red\r\n",
            "in.csv",
            "row 1, column colour",
        ),
        ('{"format_version": 9, "episodes": []}', "in.json", "format_version 9"),
        ("started_at,side\r\n", "in.txt", "ends in one of .json, .csv"),
    ],
)
def test_bad_files_exit_non_zero(capsys, tmp_path, data_dir, content, name, fragment):
    src = tmp_path / name
    src.write_text(content, "utf-8")
    code, out, err = run(capsys, "import", str(src), "--data-dir", data_dir)
    assert code != 0 and out == ""
    assert fragment in one_line_error(err)


def test_missing_file(capsys, tmp_path, data_dir):
    code, _, err = run(capsys, "import", str(tmp_path / "nope.csv"), "--data-dir", data_dir)
    assert code != 0 and "does not exist" in one_line_error(err)


def test_from_after_to_is_an_error(capsys, tmp_path, data_dir):
    target = tmp_path / "out.csv"
    code, out, err = run(
        capsys,
        "export",
        str(target),
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-01",
        "--data-dir",
        data_dir,
    )
    assert code != 0 and out == ""
    assert "--from 2026-03-02 is after --to 2026-03-01" in one_line_error(err)
    assert not target.exists()
    assert not Path(data_dir).exists()  # refused before the diary was touched


def test_bad_date_is_an_error(capsys, tmp_path, data_dir):
    code, _, err = run(
        capsys, "export", str(tmp_path / "o.csv"), "--from", "1.3.2026", "--data-dir", data_dir
    )
    assert code != 0 and "bad date '1.3.2026'" in one_line_error(err)


def test_export_under_a_regular_file_fails_cleanly(capsys, tmp_path, data_dir):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = run(capsys, "export", str(blocker / "out.csv"), "--data-dir", data_dir)
    assert code != 0 and out == ""
    assert "Could not write" in one_line_error(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "file"]
    assert blocker.read_text() == "x"


def test_export_unknown_extension(capsys, tmp_path, data_dir):
    code, _, err = run(capsys, "export", str(tmp_path / "out.xlsx"), "--data-dir", data_dir)
    assert code != 0 and "one of .json, .csv" in one_line_error(err)
    assert not (tmp_path / "out.xlsx").exists()


def test_unknown_format_choice_is_a_usage_error(capsys, tmp_path, data_dir):
    with pytest.raises(SystemExit) as info:
        main(["export", str(tmp_path / "o.csv"), "--format", "xml", "--data-dir", data_dir])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_output_cut_short_by_a_pipe_ends_quietly(paths, make_episode) -> None:
    """`headache-diary summary | head -n 1`: no traceback, and the status says the output
    was cut (1)."""
    import subprocess
    import sys

    from headache_diary.context import AppContext
    from headache_diary.services import episodes as episode_service
    from headache_diary.storage.db import open_diary

    diary = open_diary(paths)
    ctx = AppContext(paths, diary, "Europe/Berlin")
    for day in range(1, 20):
        episode_service.save_episode(ctx, make_episode(f"2026-03-{day:02d} 08:00"))
    diary.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "headache_diary", "--data-dir", str(paths.data_dir), "summary"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the summary is written (it takes
    # the child a few hundred ms to start)
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception" not in err


def test_export_follows_a_link_and_refuses_a_device_or_a_pipe(paths, make_episode, tmp_path):
    """The atomic rename would put a regular file in place of /dev/null (as root) or a
    named pipe; a symbolic link is followed to the file it names, and stays a link."""
    import os

    from headache_diary.context import AppContext
    from headache_diary.domain.errors import ExportError
    from headache_diary.io.atomic import target_file
    from headache_diary.services import episodes as episode_service
    from headache_diary.services.report import write_report
    from headache_diary.services.transfer import export_file
    from headache_diary.storage.db import open_diary

    diary = open_diary(paths)
    ctx = AppContext(paths, diary, "Europe/Berlin")
    try:
        episode_service.save_episode(ctx, make_episode("2026-03-01 08:00"))
        real = tmp_path / "real.csv"
        real.write_text("old\n", encoding="utf-8")
        link = tmp_path / "link.csv"
        link.symlink_to(real)
        assert export_file(ctx, link).episodes == 1
        assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("started_at")

        fifo = tmp_path / "pipe.csv"
        os.mkfifo(fifo)
        with pytest.raises(ExportError, match="not a regular file"):
            export_file(ctx, fifo)
        with pytest.raises(ExportError, match="not a regular file"):
            write_report(ctx, fifo)
        assert fifo.is_fifo()
        with pytest.raises(ExportError, match="not a regular file"):
            target_file(os.devnull)  # checked only: nothing is written there
        folder = tmp_path / "folder.csv"
        folder.mkdir()
        with pytest.raises(ExportError, match="is a folder"):
            export_file(ctx, folder)
    finally:
        diary.close()


def test_report_file_names_end_in_pdf(capsys, tmp_path, data_dir):
    code = main(["report", str(tmp_path / "summary"), "--data-dir", data_dir])
    assert code == 0 and (tmp_path / "summary.pdf").read_bytes().startswith(b"%PDF")
    assert capsys.readouterr().out == f"wrote {tmp_path / 'summary.pdf'}\n"
    # another suffix is kept, .pdf added (as in the window): never a PDF under a .txt name
    code = main(["report", str(tmp_path / "summary.txt"), "--data-dir", data_dir])
    assert code == 0 and not (tmp_path / "summary.txt").exists()
    assert (tmp_path / "summary.txt.pdf").read_bytes().startswith(b"%PDF")
    assert capsys.readouterr().out == f"wrote {tmp_path / 'summary.txt.pdf'}\n"
    code = main(["report", str(tmp_path / "Summary.PDF"), "--data-dir", data_dir])
    assert code == 0 and (tmp_path / "Summary.PDF").read_bytes().startswith(b"%PDF")
