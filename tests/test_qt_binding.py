"""Guard against a PySide6 release that corrupts the interpreter (see pyproject.toml).

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every Qt call that returns
nothing; a few thousand painter calls later the process aborts ("none_dealloc"). The test
runs the calls in a child process, so a bad binding fails this test instead of killing
the whole run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_void_qt_calls_keep_none_refcount():
    script = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtGui import QGuiApplication, QImage, QPainter
        app = QGuiApplication([])
        image = QImage(10, 10, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        before = sys.getrefcount(None)
        for _ in range(5000):
            painter.drawLine(0, 0, 5, 5)
        after = sys.getrefcount(None)
        painter.end()
        print(after - before)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-500:]
    assert abs(int(out.stdout.strip())) < 100
