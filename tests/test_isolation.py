"""No test can reach a real diary: the data folder, HOME and the XDG folders of every test
(and of the processes it starts) lie in its own temporary folder (conftest._isolated_home).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from headache_diary.app import main
from headache_diary.paths import ENV_VAR, resolve

# read at collection, outside any test: the account's real folders
REAL_HOME = Path(os.path.expanduser("~")).resolve()
REAL_ENV_DATA_DIR = os.environ.get(ENV_VAR)


def test_the_default_data_folder_is_the_tests_own(tmp_path: Path) -> None:
    assert REAL_ENV_DATA_DIR is None  # conftest drops a developer's setting at import
    assert resolve().data_dir == (tmp_path / "data").absolute()
    assert Path.home() == tmp_path / "home" != REAL_HOME


def test_without_the_variable_the_per_user_folder_is_under_the_temporary_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR)
    data = resolve().data_dir
    assert data == tmp_path / "home" / ".local" / "share" / "headache-diary"


def test_a_command_without_data_dir_writes_only_into_the_test_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = os.umask(0o022)
    try:
        assert main(["summary", "--json"]) == 0
    finally:
        os.umask(old)
    capsys.readouterr()
    assert (tmp_path / "data" / "diary.sqlite3").is_file()


def test_processes_a_test_starts_inherit_the_isolation(tmp_path: Path) -> None:
    script = (
        "import os, platformdirs; from pathlib import Path; from headache_diary.paths import "
        "resolve; print(resolve().data_dir); print(Path.home()); "
        "print(platformdirs.user_data_dir('headache-diary', appauthor=False))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[:3] == [
        str(tmp_path / "data"),
        str(tmp_path / "home"),
        str(tmp_path / "home" / ".local" / "share" / "headache-diary"),
    ]
