"""Shared fixtures: every test gets its own temporary data directory and a real diary."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("HEADACHE_DIARY_DATA_DIR", None)

from collections.abc import Callable, Iterator  # noqa: E402
from datetime import datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from headache_diary.context import AppContext  # noqa: E402
from headache_diary.domain.episode import Episode  # noqa: E402
from headache_diary.domain.timeutil import zone_for  # noqa: E402
from headache_diary.paths import Paths  # noqa: E402
from headache_diary.storage.db import Diary, open_diary  # noqa: E402

ZONE = "Europe/Berlin"


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
def make_episode() -> Callable[..., Episode]:
    """Episode factory: ``make_episode("2026-03-01 08:15", hours=2, side="left", ...)``."""

    def make(start: str, hours: float | None = 1.0, zone: str = ZONE, **fields) -> Episode:
        started = datetime.fromisoformat(start).replace(tzinfo=zone_for(zone))
        ended = None if hours is None else started + timedelta(hours=hours)
        fields.setdefault("side", "left")
        return Episode(started_at=started, ended_at=ended, time_zone=zone, **fields)

    return make


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
