"""Screens that fit: every dialog and the main window on a 1366x768 screen, at the normal
font and at 150 %, in English, German, Spanish and the pseudo-language (accented, 40 %
longer), with its buttons inside the window and on the screen.

The offscreen platform's screen is 800x800 unless told otherwise when Qt starts, so the
check runs in its own process with a 1366x768 screen (tests/screen_check.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_every_dialog_fits_a_1366x768_screen_at_100_and_150_percent(tmp_path):
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": 1366,
                        "height": 768,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        "utf-8",
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "HEADACHE_DIARY_DATA_DIR": str(tmp_path / "unused"),
        "PYTHONPATH": str(HERE.parent),
    }
    out = subprocess.run(
        [sys.executable, str(HERE / "screen_check.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert lines[0] == {"screen": [0, 0, 1366, 768]}
    assert lines[-1] == {"done": True}
    problems = [line["problem"] for line in lines if "problem" in line]
    assert problems == []


def test_secondary_text_is_readable_and_not_disabled(qtbot):
    """Muted text (hints, notes) in the palette's placeholder colour, at 4.5:1 or more on
    the window (WCAG AA); a disabled label was 1.7:1 on Fusion's light palette."""
    from PySide6.QtWidgets import QLabel

    from headache_diary.ui.theme import mute

    label = QLabel("██████")
    qtbot.addWidget(label)
    mute(label)
    label.resize(90, 30)
    label.show()
    qtbot.waitExposed(label)
    image = label.grab().toImage()
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    ink = min(pixels, key=lambda c: c.lightnessF())
    ground = label.palette().color(label.backgroundRole())

    def luminance(c) -> float:
        def lin(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())

    hi, lo = sorted((luminance(ink), luminance(ground)), reverse=True)
    assert (hi + 0.05) / (lo + 0.05) >= 4.5
    assert label.isEnabled()
