"""The dialogs and editors in English, German and Spanish: every visible control has an
accessible name, no two visible buttons or labels of a dialog share an accelerator letter,
and the dialogs' own texts (titles, labels, buttons, hints, accessible names) carry no
English in German and Spanish; their files have no unwrapped text (tests/i18n_audit.py)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain.checkin import CheckIn
from headache_diary.domain.episode import Episode, Medication
from headache_diary.domain.medication import PlanEntry
from headache_diary.domain.personal import PersonalDetails
from headache_diary.domain.preferences import Preferences
from headache_diary.domain.timeutil import zone_for
from headache_diary.services import checkins, episodes, medication, quick_log
from headache_diary.storage.backup import BackupInfo
from headache_diary.ui.checkin_dialog import CheckInDialog
from headache_diary.ui.dose_editor import DoseEditor
from headache_diary.ui.episode_editor import EpisodeEditor
from headache_diary.ui.export_pdf import ExportPdfDialog
from headache_diary.ui.form_dialog import EditorDialog
from headache_diary.ui.history_editor import HistoryEditor
from headache_diary.ui.language import install_qt_language
from headache_diary.ui.plan_editor import ChangeDoseDialog, PlanEditor, StopDialog
from headache_diary.ui.quick_log import ForgottenDialog, QuickLogDialog
from headache_diary.ui.restore_dialog import RestoreDialog
from headache_diary.ui.settings_dialog import SettingsDialog
from tests.i18n_audit import unwrapped

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
TODAY = date(2026, 6, 15)
#: the files of this area (the PDF report and these dialogs)
FILES = [
    ROOT / "headache_diary" / "report",
    *(
        ROOT / "headache_diary" / "ui" / f"{name}.py"
        for name in (
            "editor_sections",
            "episode_editor",
            "history_editor",
            "plan_editor",
            "dose_editor",
            "checkin_dialog",
            "quick_log",
            "form_dialog",
            "settings_dialog",
            "restore_dialog",
            "export_pdf",
            "about",
        )
    ),
]
#: words that are English and neither German nor Spanish (case matters: "Episode" is German)
ENGLISH = re.compile(
    r"\b(the|of|and|with|when|what|What|your|Your|not|recorded|headache|Headache|this|"
    r"to|Save|Choose|episode|Edit|New|Add|taken|day|days)\b"
)


@pytest.fixture
def dialogs(ctx: AppContext, paths) -> dict[str, Callable[[], QDialog]]:
    """Each dialog of the area, made in the language current when it is called."""
    berlin = zone_for(ctx.zone)
    start = (NOW - timedelta(days=2)).astimezone(berlin).replace(microsecond=0)
    ep = Episode(
        started_at=start,
        ended_at=start + timedelta(hours=5),
        side="left",
        time_zone=ctx.zone,
        intensity=6,
        triggers=["neck_movement"],
        medications=[Medication("Ibuprofen 400 mg", "nsaid", "some", start)],
    )
    episodes.save_episode(ctx, ep, NOW)
    ongoing = quick_log.start_episode(ctx, "right", at=NOW - timedelta(hours=30), now=NOW)
    checkins.save_check_in(ctx, CheckIn(TODAY - timedelta(days=5), True, 3, "ok"), TODAY)
    entry = PlanEntry("Amitriptyline", "preventive", date(2026, 2, 1), dose="10 mg")
    medication.save_plan_entry(ctx, entry, TODAY)
    backups = [
        BackupInfo(paths.data_dir / f"b{n}", NOW - timedelta(days=n), kind, None, 1, 10)
        for n, kind in enumerate(("daily", "manual", "before-restore", "before-upgrade"))
    ]

    def plan_asking() -> QDialog:  # the "for headache?" question shows for this class
        editor = PlanEditor(ctx, today=lambda: TODAY)
        editor.class_combo.setCurrentIndex(editor.class_combo.findData("muscle_relaxant"))
        return editor

    def episode_with_two_medications() -> QDialog:
        editor = EpisodeEditor(ctx, ep, now=lambda: NOW)
        editor.medications.add_row()
        return editor

    return {
        "new episode": lambda: EpisodeEditor(ctx, None, now=lambda: NOW),
        "episode": episode_with_two_medications,
        "history event": lambda: HistoryEditor(ctx, today=lambda: TODAY),
        "regular medication": plan_asking,
        "change dose": lambda: ChangeDoseDialog(ctx, entry, today=lambda: TODAY),
        "stop": lambda: StopDialog(ctx, entry, today=lambda: TODAY),
        "dose": lambda: DoseEditor(ctx, now=lambda: NOW),
        "check-in": lambda: CheckInDialog(ctx, TODAY - timedelta(days=5), today=TODAY),
        "check-in offered": lambda: CheckInDialog(
            ctx, TODAY - timedelta(days=1), today=TODAY, offered=True
        ),
        "quick log": lambda: QuickLogDialog(ctx, now=lambda: NOW),
        "still going on": lambda: ForgottenDialog(ctx, ongoing, now=lambda: NOW),
        "settings": lambda: SettingsDialog(
            ctx, Preferences(), PersonalDetails(), lambda _p: None, today=lambda: TODAY
        ),
        "restore": lambda: RestoreDialog(backups),
        "export PDF": lambda: ExportPdfDialog(None, PersonalDetails(), TODAY, "A4"),
    }


@pytest.fixture
def language(qapp) -> Iterator[Callable[[str], None]]:
    """Switch the app's texts and Qt's own (Save, Cancel) to a language; English after."""

    def switch(code: str) -> None:
        i18n.set_default_language(code)
        install_qt_language(qapp, code)

    yield switch
    i18n.set_default_language("en")
    install_qt_language(qapp, "en")


def visible(dialog: QDialog, kind: type[QWidget]) -> list:
    return [w for w in dialog.findChildren(kind) if w.isVisibleTo(dialog) and w.window() is dialog]


def mnemonic(text: str) -> str | None:
    m = re.search(r"&([^&\s])", text.replace("&&", ""))
    return m.group(1).lower() if m else None


def accelerators(dialog: QDialog) -> list[tuple[str, str]]:
    """(letter, text) of every visible button and label with an accelerator."""
    texts = [b.text() for b in visible(dialog, QAbstractButton)]
    texts += [lab.text() for lab in visible(dialog, QLabel)]
    return [(m, t) for t in texts if (m := mnemonic(t))]


def unnamed_controls(dialog: QDialog) -> list[str]:
    """Visible controls a screen reader would announce without a name."""
    controls = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QTableWidget)
    inner = (QAbstractSpinBox, QComboBox)  # their own line edit is part of them
    out = []
    for kind in controls:
        for w in visible(dialog, kind):
            if isinstance(w.parentWidget(), inner) or w.accessibleName():
                continue
            out.append(f"{type(w).__name__} {w.objectName()!r}")
    for b in visible(dialog, QAbstractButton):
        if b.objectName().startswith("qt_"):  # Qt's own parts (a table's corner button)
            continue
        if not b.text().replace("&", "").strip() and not b.accessibleName():
            out.append(f"{type(b).__name__} {b.objectName()!r} (no text)")
    return out


def own_texts(dialog: QDialog) -> list[str]:
    """The dialog's own words: title, group titles, buttons, labels that name a field,
    placeholders, tooltips and accessible names (not the data or the problem messages)."""
    out = [dialog.windowTitle()]
    out += [g.title() for g in visible(dialog, QGroupBox)]
    for b in visible(dialog, QAbstractButton):
        out += [b.text(), b.accessibleName(), b.toolTip()]
    out += [lab.text() for lab in visible(dialog, QLabel) if lab.buddy() is not None]
    for w in visible(dialog, QLineEdit) + visible(dialog, QPlainTextEdit):
        if not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox):
            out += [w.placeholderText(), w.accessibleName()]
    for w in visible(dialog, QComboBox) + visible(dialog, QAbstractSpinBox):
        out.append(w.accessibleName())
    return [t for t in out if t]


def close(dialog: QDialog) -> None:
    if isinstance(dialog, EditorDialog):
        dialog.discard()  # without the "discard changes?" question
    else:
        dialog.done(0)
    dialog.deleteLater()


@pytest.mark.parametrize("code", ["en", "de", "es"])
def test_every_control_is_named_and_accelerators_are_unique(qtbot, dialogs, language, code) -> None:
    language(code)
    for name, make in dialogs.items():
        dialog = make()
        qtbot.addWidget(dialog)
        letters = accelerators(dialog)
        seen: dict[str, str] = {}
        for letter, text in letters:
            assert letter not in seen, f"{name} ({code}): {text!r} and {seen[letter]!r}"
            seen[letter] = text
        assert unnamed_controls(dialog) == [], f"{name} ({code})"
        close(dialog)
    # the dialogs that take typing have accelerators at all (the test can fail)
    assert len(accelerators(dialogs["history event"]())) >= 6


@pytest.mark.parametrize("code", ["de", "es"])
def test_the_dialogs_own_words_are_translated(qtbot, dialogs, language, code) -> None:
    english = {}
    for name, make in dialogs.items():
        dialog = make()
        qtbot.addWidget(dialog)
        english[name] = own_texts(dialog)
        close(dialog)
    language(code)
    for name, make in dialogs.items():
        dialog = make()
        qtbot.addWidget(dialog)
        texts = own_texts(dialog)
        assert len(texts) == len(english[name]), name
        leftovers = [
            t for t in texts if ENGLISH.search(t.replace("&", "").replace("Headache Diary", ""))
        ]  # the app's name is the same in every language
        assert leftovers == [], f"{name} ({code})"
        # and most of them differ from the English (names and numbers may not)
        same = [t for t, e in zip(texts, english[name], strict=True) if t == e]
        assert len(same) <= len(texts) // 3, f"{name} ({code}): {same}"
        close(dialog)


def test_the_area_has_no_unwrapped_text() -> None:
    assert [(str(f), line, text) for path in FILES for f, line, text in unwrapped(path)] == []


@pytest.mark.parametrize(
    ("code", "keys"),
    [("en", "lrbu"), ("de", "lrbu"), ("es", "idan")],
)
def test_the_quick_log_keys_are_the_buttons_letters(qtbot, ctx, language, code, keys) -> None:
    from PySide6.QtCore import Qt

    language(code)
    dialog = QuickLogDialog(ctx, now=lambda: NOW)
    qtbot.addWidget(dialog)
    chosen: list[str] = []
    dialog.choose = chosen.append  # type: ignore[method-assign]
    for key in keys:
        qtbot.keyClick(dialog, getattr(Qt.Key, f"Key_{key.upper()}"))
    assert chosen == ["left", "right", "both", "unsure"]
    hint = " ".join(lab.text() for lab in dialog.findChildren(QLabel))
    assert ", ".join(k.upper() for k in keys[:3]) in hint
