"""Screens that fit: every dialog and the main window on a 1366x768 screen, at the normal
font and at 150 %, with its buttons inside the window and on the screen.

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
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert lines[0] == {"screen": [0, 0, 1366, 768]}
    assert lines[-1] == {"done": True}
    problems = [line["problem"] for line in lines if "problem" in line]
    assert problems == []
