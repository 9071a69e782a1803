"""The lighter PySide6 import hook (report.pyside_imports): the same answer as PySide6's
own check, without keeping every imported module's source in memory."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest

import headache_diary.ui  # noqa: F401  (applies the lighter check)
from headache_diary.report.pyside_imports import lighten


def test_modules_imported_after_qt_are_judged_without_keeping_their_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert getattr(feature._mod_uses_pyside, "_headache_diary_light", False)
    assert lighten() is False  # once is enough
    (tmp_path / "hd_probe_qt.py").write_text("from PySide6 import QtCore\nX = 1\n")
    (tmp_path / "hd_probe_plain.py").write_text("X = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        __import__("hd_probe_qt")  # through builtins.__import__, which PySide6 wraps
        __import__("hd_probe_plain")
        # PySide6's meaning: 0 = a module that uses PySide (no feature), -1 = ignore it
        assert feature.pyside_feature_dict["hd_probe_qt"] == 0
        assert feature.pyside_feature_dict["hd_probe_plain"] == -1
        assert not any(name.startswith(str(tmp_path)) for name in linecache.cache)
    finally:
        for name in ("hd_probe_qt", "hd_probe_plain"):
            sys.modules.pop(name, None)
            feature.pyside_feature_dict.pop(name, None)
