"""``headache-diary --smoke-test``: passes on a working install, fails loudly otherwise.

Each case runs in its own process, as CI runs it on the wheel and on the bundle.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def smoke(tmp_path: Path, patch: str = "") -> subprocess.CompletedProcess[str]:
    script = textwrap.dedent(patch) + textwrap.dedent(
        """
        from headache_diary.app import main
        raise SystemExit(main(["--smoke-test"]))
        """
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_smoke_test_passes(tmp_path: Path) -> None:
    out = smoke(tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    steps = [line.split(":")[0] for line in out.stdout.splitlines() if line.startswith("ok  ")]
    assert steps == [
        "ok  main window",
        "ok  episode",
        "ok  analysis",
        "ok  PDF report",
        "ok  migrations",
        "ok  passphrase",
    ]
    assert "smoke test passed" in out.stdout
    assert out.stderr == ""  # the offscreen platform's size-hint notice is not shown


@pytest.mark.parametrize(
    ("patch", "said"),
    [
        (
            """
            import headache_diary.services.report as report
            def broken(*args, **kwargs):
                raise RuntimeError("no PDF today")
            report.write_report = broken
            """,
            "smoke test FAILED: no PDF today",
        ),
        (
            """
            from PySide6.QtCore import qWarning
            from headache_diary.ui.main_window import MainWindow
            shown = MainWindow.show
            def show(self):
                qWarning("a plugin is missing")
                shown(self)
            MainWindow.show = show
            """,
            "smoke test FAILED: Qt warned: ['a plugin is missing']",
        ),
        (
            """
            import headache_diary.storage.schema as schema
            schema.known_revisions = lambda: (_ for _ in ()).throw(FileNotFoundError("versions"))
            """,
            "smoke test FAILED",
        ),
    ],
    ids=["pdf", "qt-warning", "migrations"],
)
def test_smoke_test_fails_when_something_is_broken(tmp_path: Path, patch: str, said: str) -> None:
    out = smoke(tmp_path, patch)
    assert out.returncode == 1, out.stdout + out.stderr
    assert said in out.stdout
    assert "Traceback" in out.stderr
