"""Helpers the tests share (pytest fixtures are in conftest.py): the services called as the
CLI and the GUI call them, diaries filled directly, files to import, and disks that fill
up. Qt-free; the helpers that drive widgets are in support_ui.py, those that read PDFs in
support_report.py, and diaries at old schema revisions in support_storage.py."""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import text

from headache_diary.analysis.results import AnalysisSnapshot
from headache_diary.context import AppContext
from headache_diary.domain.episode import Episode, Medication
from headache_diary.domain.timeutil import zone_for
from headache_diary.services import transfer
from headache_diary.services.analysis import analysis_snapshot
from headache_diary.storage import repository
from headache_diary.storage.db import Diary

ZONE = "Europe/Berlin"

#: the project's folder (the repository)
ROOT = Path(__file__).resolve().parent.parent

#: the type of conftest.py's ``make_episode`` fixture
MakeEpisode = Callable[..., Episode]


def ctx_of(diary: Diary, zone: str = ZONE) -> AppContext:
    return AppContext(paths=diary.paths, diary=diary, zone=zone)


def snapshot(
    diary: Diary,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
) -> AnalysisSnapshot:
    return analysis_snapshot(ctx_of(diary), date_from, date_to, today)


def summary_json(
    diary: Diary,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The summary object of FORMAT.md, as ``summary --json`` prints it."""
    return snapshot(diary, date_from, date_to, today).to_json()


def import_file(diary: Diary, path: Any, zone: str = ZONE) -> Any:
    """``services.transfer.import_file`` with ``zone`` as the computer's zone."""
    return transfer.import_file(ctx_of(diary, zone), path)


def export_file(diary: Diary, path: Any, **kw: Any) -> int:
    """``services.transfer.export_file``; returns how many episodes were written."""
    return transfer.export_file(ctx_of(diary), path, **kw).episodes


# --- diaries filled directly, and what they hold ------------------------------------------


def add(diary: Diary, *episodes: Episode) -> None:
    """Insert ``episodes`` into ``diary`` as they are (the repository, one transaction)."""
    with diary.session() as s:
        repository.insert_episodes(s, episodes)


def refill(diary: Diary, episodes: list[Episode]) -> None:
    """``diary`` holding ``episodes`` only (a hypothesis example's diary, used again)."""
    with diary.session() as s:
        s.execute(text("DELETE FROM episode"))  # children go by ON DELETE CASCADE
        repository.insert_episodes(s, episodes)


def stored(diary: Diary) -> list[Episode]:
    """Every episode of ``diary``, read back through the repository."""
    with diary.session() as s:
        return list(repository.iter_episodes(s))


def med(cls: str, taken: str | None = None, zone: str = ZONE) -> Medication:
    """A medication of class ``cls`` with some relief, taken at ``taken`` (wall-clock
    ``YYYY-MM-DD HH:MM`` in ``zone``) or at the episode's start (None)."""
    at = None if taken is None else datetime.fromisoformat(taken).replace(tzinfo=zone_for(zone))
    return Medication(f"{cls} 1", cls, "some", at)


def nine_known_sides(make_episode: MakeEpisode) -> list[Episode]:
    """7 left, 2 both, 1 unsure; 4 of 9 with triggers recorded brought on by neck movement;
    2 starting in the neck; symptoms recorded for one."""
    eps = [make_episode(f"2026-03-{d:02d} 08:00", side="left", intensity=5) for d in range(1, 8)]
    eps += [make_episode(f"2026-03-{d:02d} 08:00", side="both") for d in (10, 11)]
    eps.append(make_episode("2026-03-12 08:00", side="unsure"))
    for e in eps[:4]:
        e.triggers = ["neck_movement"]
    for e in eps[4:9]:
        e.triggers = []  # no trigger noticed; the last episode: not recorded
    eps[0].pain_origin = "neck"
    eps[1].pain_origin = "occiput"
    eps[2].pain_origin = "temple"
    eps[3].symptoms = ["nausea", "light_sensitivity", "sound_sensitivity"]
    eps[8].character = "pressing"
    return eps


def write_json(tmp_path: Path, doc: object, name: str = "in.json") -> Path:
    """``doc`` as a JSON file to import (a string is written as it is)."""
    p = tmp_path / name
    p.write_text(doc if isinstance(doc, str) else json.dumps(doc), "utf-8")
    return p


def i18n_tool() -> ModuleType:
    """packaging/i18n.py, the catalog tool (not part of the installed package), loaded once
    for the run."""
    name = "hd_i18n_tool"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / "i18n.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


# --- mounts: a read-only folder and a small disk, for real (skipped where not allowed) --


def _mount(*args: str) -> None:
    if shutil.which("mount") is None:
        pytest.skip("no mount command on this machine")
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mounting is not permitted here: {done.stderr.strip()}")


def _unmount(target: Any) -> None:
    if subprocess.run(["umount", str(target)], capture_output=True).returncode != 0:
        # still busy (a test failed with files open): detach it, never leave it behind
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextmanager
def read_only_folder(folder: Any) -> Iterator[None]:
    """``folder`` read-only for the block (a read-only bind mount of itself), as on a
    read-only disk: root ignores file modes, not a read-only mount. Files opened before
    keep their access; Linux refuses (EBUSY) while one is open for writing through it."""
    _mount("--bind", str(folder), str(folder))
    try:
        done = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True, text=True
        )
        if done.returncode != 0:
            raise AssertionError(f"the folder could not be made read-only: {done.stderr}")
        yield
    finally:
        _unmount(folder)


@contextmanager
def small_disk(folder: Any, size: str = "4m") -> Iterator[None]:
    """A tmpfs of ``size`` on ``folder`` for the block: a disk that really fills up."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    try:
        yield
    finally:
        _unmount(folder)


def fill_disk(path: Any) -> None:
    """Write ``path`` until the disk is full (ENOSPC)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        try:  # the last partial block
            while True:
                os.write(fd, b"\0" * 512)
        except OSError:
            pass
    finally:
        os.close(fd)
