"""Render resources/icon.svg to the PNG sizes a Linux desktop looks for.

Usage (from the repository root, in the project's venv):

    .venv/bin/python packaging/render-icons.py

writes packaging/linux/icons/hicolor/NxN/apps/<APP_ID>.png for every size in SIZES, laid
out as under ~/.local/share/icons, so packaging/install-desktop.sh copies the tree as it
is. The renderer is Qt's QSvgRenderer, the one the app draws its window icon with.
Commit the PNGs; tests/test_packaging.py fails when they no longer match the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icon.svg"
ICONS = ROOT / "packaging" / "linux" / "icons" / "hicolor"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(size: int, svg: Path = SVG):  # -> QImage
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG file Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_path(size: int, app_id: str) -> Path:
    return ICONS / f"{size}x{size}" / "apps" / f"{app_id}.png"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtGui import QGuiApplication

    from headache_diary.ui.appinfo import APP_ID

    _app = QGuiApplication.instance() or QGuiApplication([])
    for size in SIZES:
        target = png_path(size, APP_ID)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
