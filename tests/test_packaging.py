"""Packaging facts that must agree with each other: the desktop entry, the AppStream data,
the icons and the version (packaging/README.md)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from headache_diary import __version__
from headache_diary.ui.appinfo import APP_ID, APP_NAME, LICENSE
from tests.support import i18n_tool

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"


def desktop_entry() -> dict[str, str]:
    lines = (LINUX / f"{APP_ID}.desktop").read_text("utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def test_desktop_entry_names_the_app_by_its_id() -> None:
    entry = desktop_entry()
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    # install-desktop.sh replaces Exec and TryExec with the bundle's executable
    assert entry["Exec"] == entry["TryExec"] == "headache-diary"
    # Qt's X11 window class is (executable name, application name); the console script
    # and the bundle's executable are both called headache-diary
    assert entry["StartupWMClass"] == "headache-diary"


def test_appstream_data_agrees_with_the_app() -> None:
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.findtext("launchable[@type='desktop-id']") == f"{APP_ID}.desktop"
    assert root.findtext("icon[@type='stock']") == APP_ID
    assert root.findtext("project_license") == LICENSE
    releases = root.findall("releases/release")
    assert releases[0].get("version") == __version__, "add a <release> for the new version"
    dates = [r.get("date") for r in releases]
    assert dates == sorted(dates, reverse=True), "newest release first"
    urls = [img.text or "" for img in root.iter("image")]
    assert urls and all(u.startswith("https://") for u in urls)
    assert root.find("content_rating[@type='oars-1.1']") is not None


def test_desktop_entry_and_appstream_data_speak_every_language() -> None:
    """Their texts are in the catalogs (headache_diary/desktop_texts.py), and the files
    carry every translation (``python packaging/i18n.py desktop`` writes them)."""
    tool = i18n_tool()
    assert (LINUX / f"{APP_ID}.desktop").read_text("utf-8") == tool.desktop_file_text()
    assert (LINUX / f"{APP_ID}.metainfo.xml").read_text("utf-8") == tool.metainfo_text()
    entry = desktop_entry()
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    from headache_diary.desktop_texts import METAINFO

    english = [e for e in root.iter() if not e.attrib and e.text in METAINFO]
    assert len(english) == len(METAINFO)
    for lang in ("de", "es"):
        for key in ("GenericName", "Comment", "Keywords"):
            assert entry.get(f"{key}[{lang}]"), (key, lang)
        lang_key = "{http://www.w3.org/XML/1998/namespace}lang"
        translated = [e for e in root.iter() if e.get(lang_key) == lang]
        assert len(translated) == len(english), lang


def test_version_is_kept_in_one_place() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert re.search(r'^dynamic = \["version"\]', pyproject, re.M)
    assert importlib.metadata.version("headache-diary") == __version__


@pytest.fixture(scope="module")
def render_icons():
    spec = importlib.util.spec_from_file_location(
        "render_icons", ROOT / "packaging" / "render-icons.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pixels(image: QImage) -> np.ndarray:
    # premultiplied: a fully transparent pixel has no colour to differ in
    image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    data = np.frombuffer(image.constBits(), dtype=np.uint8)  # valid while image lives: copy
    return data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4].astype(int)


def test_icon_pngs_are_made_from_the_svg(qapp, render_icons) -> None:
    for size in render_icons.SIZES:
        path = render_icons.png_path(size, APP_ID)
        committed = QImage(str(path))
        assert (committed.width(), committed.height()) == (size, size), path
        # the same Qt on another CPU may round a few levels differently; moving the ear by
        # 4/256 changes some pixels of the 16 px icon by 20 levels
        diff = np.abs(pixels(render_icons.render(size)) - pixels(committed))
        assert diff.max() <= 8, (
            f"{path} does not match resources/icon.svg: run packaging/render-icons.py"
        )


def test_the_bundle_collects_every_package_data_file() -> None:
    """A data file the wheel carries (pyproject's package-data) must be in the bundle too:
    the spec collects it, or the frozen app fails where a venv works."""
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    spec = (ROOT / "packaging" / "pyinstaller" / "headache-diary.spec").read_text(encoding="utf-8")
    for package in pyproject["tool"]["setuptools"]["package-data"]:
        assert f'collect_data_files("{package}"' in spec, package


def _venv_is_current(venv: Path) -> bool:
    """Whether the checkout's venv has the stamp packaging/setup-lib.sh's hd_venv writes for
    ``-e .`` with today's pin files (then run-app.sh starts the app without pip)."""
    import hashlib

    pins = (
        "pyproject.toml",
        "headache_diary/__init__.py",
        "constraints.txt",
        "packaging/build-constraints.txt",
        "packaging/pyinstaller/requirements.txt",
    )
    digest = hashlib.sha256(b"".join((ROOT / p).read_bytes() for p in pins)).hexdigest()
    stamp = venv / ".headache-diary-installed"
    return stamp.is_file() and f"{digest[:16]} -e ." in stamp.read_text().splitlines()


def test_the_launcher_takes_relative_paths_from_the_callers_directory(tmp_path: Path) -> None:
    """`bash ~/hd/packaging/run-app.sh import diary.csv --data-dir mydiary`, run in another
    folder, imports that folder's diary.csv into that folder's mydiary (the launcher once
    changed into the checkout, and the diary landed there)."""
    import os
    import subprocess

    if not _venv_is_current(ROOT / ".venv"):
        pytest.skip("the checkout's .venv is not current (run packaging/run-tests.sh first)")
    caller = tmp_path / "Downloads"
    caller.mkdir()
    (caller / "diary.csv").write_text(
        "started_at,side\n2026-03-01T08:15:00+01:00,left\n", encoding="utf-8"
    )
    # a linker cache that cannot be asked: the launcher then installs no system library
    # (the xcb ones the window needs are not part of the test set-up) and lets Qt say
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "ldconfig").write_text("#!/bin/sh\nexit 1\n")
    (tools / "ldconfig").chmod(0o755)
    env = {**os.environ, "PATH": f"{tools}:{os.environ['PATH']}"}
    env.pop("HEADACHE_DIARY_DATA_DIR")
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "run-app.sh"), "import", "diary.csv"]
        + ["--data-dir", "mydiary"],
        cwd=caller,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "installing" not in result.stderr  # the venv as it was: no pip run
    assert "1 episode" in result.stdout, result.stdout
    assert (caller / "mydiary" / "diary.sqlite3").is_file()
    assert not (ROOT / "mydiary").exists()
