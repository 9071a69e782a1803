"""Open every dialog (and the main window) on a 1366x768 screen, at the normal font and at
150 %, in each language given as an argument (default: English, German, Spanish and the
pseudo-language, whose texts are accented and 40 % longer), and print what does not fit
as JSON lines. Run by tests/test_ui_screens.py in its
own process: the offscreen platform's screen size is fixed when Qt starts.

Checked for each: the window lies inside the screen's available area; every button of a
QDialogButtonBox (Save, Cancel, ...) and every other push button outside a scroll area is
inside the window and on the screen; nothing is narrower or shorter than its layout's minimum.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QDialogButtonBox,
    QScrollArea,
    QWidget,
)


def problems_of(name: str, window: QWidget, screen: QRect) -> list[str]:
    app = QApplication.instance()
    assert app is not None
    window.show()
    for _ in range(3):
        app.processEvents()
    out = []
    frame = window.frameGeometry()
    if not screen.contains(frame):
        out.append(f"{name}: window {frame.getRect()} is not inside the screen {screen.getRect()}")
    hint = window.minimumSizeHint()
    if hint.width() > screen.width() or hint.height() > screen.height():
        out.append(f"{name}: its minimum size {hint.toTuple()} is larger than the screen")
    for area in window.findChildren(QScrollArea):
        body = area.widget()
        if area.isVisibleTo(window) and area.widgetResizable() and body is not None:
            need, room = body.minimumSizeHint().width(), area.viewport().width()
            if need > room and window.width() < screen.width():
                out.append(f"{name}: scrolls sideways ({need} px of content in {room} px)")
    inside = QRect(window.mapToGlobal(window.rect().topLeft()), window.size())
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or button.window() is not window:
            continue
        boxed = isinstance(button.parentWidget(), QDialogButtonBox)
        if not boxed and button.metaObject().className() != "QPushButton":
            continue
        if _scrolled(button, window):
            continue  # reached by scrolling; the buttons outside scroll areas must show
        r = QRect(button.mapToGlobal(button.rect().topLeft()), button.size())
        if not (inside.contains(r) and screen.contains(r)):
            out.append(f"{name}: button {button.text()!r} at {r.getRect()} is outside")
    return out


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    screen = app.primaryScreen().availableGeometry()
    print(json.dumps({"screen": screen.getRect()}))

    from headache_diary import i18n
    from headache_diary.context import AppContext
    from headache_diary.domain.checkin import CheckIn
    from headache_diary.domain.episode import Episode, Medication
    from headache_diary.domain.personal import PersonalDetails
    from headache_diary.domain.preferences import Preferences
    from headache_diary.domain.timeutil import zone_for
    from headache_diary.paths import Paths
    from headache_diary.services import checkins, episodes, quick_log
    from headache_diary.storage.backup import BackupInfo
    from headache_diary.storage.db import open_diary
    from headache_diary.ui.checkin_dialog import CheckInDialog
    from headache_diary.ui.dose_editor import DoseEditor
    from headache_diary.ui.episode_editor import EpisodeEditor
    from headache_diary.ui.export_pdf import ExportPdfDialog
    from headache_diary.ui.history_editor import HistoryEditor
    from headache_diary.ui.language import install_qt_language
    from headache_diary.ui.main_window import MainWindow
    from headache_diary.ui.plan_editor import PlanEditor
    from headache_diary.ui.quick_log import ForgottenDialog, QuickLogDialog
    from headache_diary.ui.restore_dialog import RestoreDialog
    from headache_diary.ui.score_editor import ScoreEditor
    from headache_diary.ui.settings_dialog import SettingsDialog

    base = app.font()
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(Path(tmp) / "data")
        diary = open_diary(paths)
        ctx = AppContext(paths, diary, "Europe/Berlin")
        # a fixed moment, passed to everything that asks for one (not the wall clock)
        now = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
        berlin = zone_for("Europe/Berlin")
        today = now.astimezone(berlin).date()
        start = (now - timedelta(days=2)).astimezone(berlin).replace(microsecond=0)
        long_one = Episode(
            started_at=start,
            ended_at=start + timedelta(hours=5),
            side="left",
            time_zone="Europe/Berlin",
            intensity=6,
            triggers=["neck_movement", "stress"],
            medications=[
                Medication(f"Medication {n}", "nsaid", "some", start + timedelta(hours=n))
                for n in range(6)
            ],
            notes="a long note\n" * 20,
        )
        episodes.save_episode(ctx, long_one, now)
        ongoing = quick_log.start_episode(ctx, "right", at=now - timedelta(hours=30), now=now)
        checkins.save_check_in(ctx, CheckIn(today - timedelta(days=5), True, 3, "ok"), today)
        backups = [
            BackupInfo(Path(tmp) / f"b{n}", now - timedelta(days=n), "daily", None, 1, 10)
            for n in range(40)
        ]
        found: list[str] = []
        languages = sys.argv[1:] or [*i18n.LANGUAGES, i18n.PSEUDO]
        for lang, scale in [(lang, scale) for lang in languages for scale in (1.0, 1.5)]:
            i18n.set_default_language(lang)
            install_qt_language(app, lang)
            font = app.font()
            font.setPointSizeF(base.pointSizeF() * scale)
            app.setFont(font)
            tag = f"{int(scale * 100)}% {lang}"
            window = MainWindow(ctx)
            found.extend(problems_of(f"main window {tag}", window, screen))

            def check(name: str, dialog: QWidget, tag: str = tag) -> None:
                found.extend(problems_of(f"{name} {tag}", dialog, screen))
                dialog.hide()  # close() would ask whether to discard changes
                dialog.deleteLater()

            check("new episode editor", EpisodeEditor(ctx, None, window, now=lambda: now))
            check(
                "episode editor, 6 medications",
                EpisodeEditor(ctx, long_one, window, now=lambda: now),
            )
            check("quick log", QuickLogDialog(ctx, window, now=lambda: now))
            conflict = CheckInDialog(ctx, today, window, today=today)
            conflict._show_problem("A long problem message. " * 12)
            check("check-in with a problem", conflict)
            check("check-in offered", CheckInDialog(ctx, today, window, today=today, offered=True))
            check("still going on?", ForgottenDialog(ctx, ongoing, window, now=lambda: now))
            check("restore a backup", RestoreDialog(backups, window))
            block = HistoryEditor(ctx, None, window, today=lambda: today)
            block.kind_combo.setCurrentIndex(block.kind_combo.findData("nerve_block"))
            check("history event, a nerve block", block)
            plan = PlanEditor(ctx, None, window, today=lambda: today)
            plan.class_combo.setCurrentIndex(plan.class_combo.findData("muscle_relaxant"))
            check("regular medication, taken for headache?", plan)
            check("dose outside an episode", DoseEditor(ctx, None, window, now=lambda: now))
            check("score", ScoreEditor(ctx, None, window, today=lambda: today))
            settings = SettingsDialog(
                ctx, Preferences(), PersonalDetails(), lambda _p: None, window, today=lambda: today
            )
            check("settings", settings)
            check("export PDF", ExportPdfDialog(window, PersonalDetails(), today, "A4"))
            window.close()
            window.deleteLater()
            app.processEvents()
        diary.close()
    for line in found:
        print(json.dumps({"problem": line}))
    print(json.dumps({"done": True}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
