"""Shared fixtures: every test gets its own temporary data directory and a real diary.
A fixture used by more than one test module is defined here, once; shared helpers that are
not fixtures are in tests/support*.py.

Isolation comes first (:func:`_isolated_home`, autouse): before any test runs, the data
folder, HOME and the XDG folders point into that test's own ``tmp_path``, so a test (or a
process it starts) that forgets ``--data-dir`` still never reaches a real diary.
"""

from __future__ import annotations

import gc
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("HEADACHE_DIARY_DATA_DIR", None)

from collections.abc import Callable, Iterator  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from headache_diary.context import AppContext  # noqa: E402
from headache_diary.domain import timeutil  # noqa: E402
from headache_diary.domain.episode import Episode, Medication  # noqa: E402
from headache_diary.domain.timeutil import zone_for  # noqa: E402
from headache_diary.paths import Paths  # noqa: E402
from headache_diary.storage.db import Diary, open_diary  # noqa: E402
from headache_diary.storage.repository import insert_episodes  # noqa: E402
from tests.support import ZONE, MakeEpisode  # noqa: E402

# Hypothesis in CI (.ci/run sets HYPOTHESIS_PROFILE=ci): the same examples on every run, so
# a red build is the code's doing and not the draw's, and a failure prints the blob that
# replays it (@reproduce_failure); no deadline, since a shared machine's pauses are not the
# code's either (a hang is stopped by pytest-timeout). At a desk the default profile keeps
# drawing new examples.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

#: what :func:`_isolated_home` points at ``tmp_path / "home" / ...`` (HOME itself: "")
HOME_VARIABLES = {
    "HOME": "",
    "XDG_DATA_HOME": ".local/share",
    "XDG_CONFIG_HOME": ".config",
    "XDG_CACHE_HOME": ".cache",
    "XDG_STATE_HOME": ".local/state",
}


@pytest.fixture(autouse=True, scope="session")
def _collect_on_the_main_thread() -> Iterator[None]:
    """The window's collection policy (``app.process_state``, ``app.GuiCollector``) for the
    whole run: automatic collection off, so the collector never starts on a worker thread,
    where freeing a Qt object in a reference cycle crashes the process (seen once in a full
    run, in test_ui_editor). :func:`_collect_after_each_test` collects on the main thread."""
    collecting = gc.isenabled()
    gc.disable()
    yield
    if collecting:
        gc.enable()


_tests_run = 0


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    """Each test's garbage, collected on the main thread after it: the young generations
    every time, everything every 20 tests (a full collection after each would add minutes)."""
    global _tests_run
    yield
    _tests_run += 1
    gc.collect(2 if _tests_run % 20 == 0 else 1)


@pytest.fixture(scope="session")
def _matplotlib_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One matplotlib config/cache folder for the run (its font list is built once, not
    in every test's fresh HOME); nothing of the diary goes there."""
    return tmp_path_factory.mktemp("matplotlib")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _matplotlib_config: Path
) -> Path:
    """Every test runs as if on a fresh account whose home is ``tmp_path/home``.

    ``HEADACHE_DIARY_DATA_DIR`` is the test's data folder ``tmp_path/data`` (the folder of
    the :func:`paths` fixture), HOME and the XDG data/config/cache/state folders (which
    platformdirs and Qt read) lie under ``tmp_path/home``; subprocesses inherit all of it.
    A test that removes the variable still lands under the temporary HOME.
    """
    home = tmp_path / "home"  # created by whoever first writes there (nothing, so far)
    for name, sub in HOME_VARIABLES.items():
        monkeypatch.setenv(name, str(home / sub) if sub else str(home))
    monkeypatch.setenv("HEADACHE_DIARY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MPLCONFIGDIR", str(_matplotlib_config))
    return home


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English, whatever the machine's language (the tests of other
    languages choose theirs), and leaves the process' language as it found it: the
    language variables are cleared and LANG is C.UTF-8 for this test and what it starts."""
    from headache_diary import i18n

    for name in i18n.LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_default_language(i18n.SOURCE_LANGUAGE)
    yield
    i18n.set_default_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(tmp_path / "data")


@pytest.fixture
def diary(paths: Paths) -> Iterator[Diary]:
    d = open_diary(paths)
    yield d
    d.close()


@pytest.fixture
def ctx(paths: Paths, diary: Diary) -> AppContext:
    return AppContext(paths=paths, diary=diary, zone=ZONE)


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Diary]:
    """A second diary, in ``tmp_path/other``: where a round trip imports what it exported."""
    d = open_diary(Paths(tmp_path / "other"))
    yield d
    d.close()


@pytest.fixture(scope="module")
def shared_diary(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Diary]:
    """One diary for all the tests of a module (hypothesis examples refill it, instead of
    opening a diary for each)."""
    folder = tmp_path_factory.mktemp(request.module.__name__.rpartition(".")[2])
    d = open_diary(Paths(folder / "data"))
    yield d
    d.close()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A data folder for CLI runs (``--data-dir``), on a computer whose zone is Berlin's
    (modules that need another data folder define their own ``data_dir``)."""
    monkeypatch.setattr(timeutil, "local_zone_key", lambda: "Europe/Berlin")
    return str(tmp_path / "data")


@pytest.fixture
def make_episode() -> MakeEpisode:
    """Episode factory: ``make_episode("2026-03-01 08:15", hours=2, side="left", ...)``."""

    def make(start: str, hours: float | None = 1.0, zone: str = ZONE, **fields) -> Episode:
        started = datetime.fromisoformat(start).replace(tzinfo=zone_for(zone))
        ended = None if hours is None else started + timedelta(hours=hours)
        fields.setdefault("side", "left")
        return Episode(started_at=started, ended_at=ended, time_zone=zone, **fields)

    return make


@pytest.fixture
def known_diary(diary: Diary, make_episode: MakeEpisode) -> Diary:
    """18 episodes, Sep-Nov 2026: mostly left, movement-triggered, some NSAIDs (its period
    and "today" are tests/support_report.py's ``FROM``, ``TO`` and ``TODAY``)."""
    eps = []
    for i in range(18):
        day = 1 + (i * 5) % 24
        month = 9 + i % 3
        eps.append(
            make_episode(
                f"2026-{month:02d}-{day:02d} {7 + i % 10:02d}:15",
                hours=1.5 + (i % 4),
                side="right" if i % 6 == 5 else "left",
                intensity=4 + i % 5,
                character="pressing" if i % 2 else "dull",
                triggers=["neck_movement", "sustained_posture"] if i % 3 else ["neck_pressure"],
                neck_position="looking_down" if i % 2 else "turned_left",
                pain_origin="occiput",
                symptoms=["neck_stiffness"] + (["nausea"] if i % 7 == 0 else []),
                medications=[Medication("Ibuprofen 400 mg", "nsaid", "good")] if i % 2 else [],
            )
        )
    with diary.session() as s:
        insert_episodes(s, eps)
    return diary


@pytest.fixture(autouse=True)
def _keep_umask() -> Iterator[None]:
    """Every test leaves the process' umask as it found it (``app.main`` sets 077)."""
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


@pytest.fixture(autouse=True)
def _gui_switch_interval(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test with Qt (qtbot or qapp) runs with the window process's switch interval
    (app.SWITCH_INTERVAL_S, set by app.process_state), so its threads hand over the GIL
    as they do in the app; other tests keep Python's, as the commands do."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    from headache_diary.app import SWITCH_INTERVAL_S

    before = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog nobody answers would hang the run: fail the test instead.

    Tests that expect a dialog patch the static call themselves (their patch wins).
    """
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    def refuse(name: str) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            raise AssertionError(f"unexpected blocking dialog {name}{args[1:3]!r}")

        return call

    for name in ("question", "critical", "information", "warning", "about"):
        monkeypatch.setattr(QMessageBox, name, refuse(f"QMessageBox.{name}"))
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, refuse(f"QFileDialog.{name}"))
