"""A small dialog with fields, a red message under each field, a Save button that is on
only while nothing is wrong, and Esc that asks before throwing entered data away: the
pattern of the history editor, shared by the medication editors and the settings.

A subclass builds its fields with :meth:`FormDialog.add_row`, returns its problems (field
-> message) from :meth:`problems`, its current values from :meth:`values` (compared with
the values it opened with), reads what to store in :meth:`prepare_save` (GUI thread) and
returns the function that stores it, which runs on a worker (``ui.writing.DialogSave``:
the dialog shows it is saving meanwhile; a DiaryError keeps it open, with everything
entered, for a retry); :meth:`after_save` gets the result. Nothing is stored while any
problem is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from headache_diary.domain.errors import DiaryError, ValidationError
from headache_diary.domain.text import upper_first
from headache_diary.ui.editor_sections import error_label
from headache_diary.ui.theme import error_style, mute
from headache_diary.ui.writing import DialogSave


def _error_style(widget: QWidget) -> str:
    """The problem red of the palette in use (ui.theme, as the other editors)."""
    return error_style(widget.palette())


@dataclass(frozen=True)
class SaveBar:
    """The bottom of an editor: the problem summary, then Save (the default) and Cancel."""

    buttons: QDialogButtonBox
    save_button: QPushButton
    cancel_button: QPushButton
    summary_label: QLabel


def add_save_bar(dialog: QDialog, outer: QBoxLayout) -> SaveBar:
    """Add the :class:`SaveBar` of ``dialog`` at the end of ``outer``; Save accepts the
    dialog, Cancel rejects it."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
    save_button.setDefault(True)
    save_button.setAutoDefault(True)
    cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel_button.setAutoDefault(False)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    summary_label = QLabel()
    summary_label.setObjectName("problemSummary")
    summary_label.setStyleSheet(_error_style(dialog))
    summary_label.setWordWrap(True)
    bottom = QHBoxLayout()
    bottom.addWidget(summary_label, 1)
    bottom.addWidget(buttons)
    outer.addLayout(bottom)
    return SaveBar(buttons, save_button, cancel_button, summary_label)


def discard_allowed(dialog: QWidget, entered: str = "What you entered") -> bool:
    """Esc, Cancel or closing an editor that has changes: ask before throwing them away
    (``entered``: what would be lost, e.g. "What you entered for this episode")."""
    answer = QMessageBox.question(
        dialog,
        "Discard changes?",
        f"Close without saving? {entered} will be lost.",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


class FormDialog(QDialog):
    #: field -> the words used in "To save, check: ..."
    FIELD_NAMES: Mapping[str, str] = {}
    #: the title of the message box when saving fails
    FAILED_TITLE = "Not saved"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.messages: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        self.form_layout = QFormLayout()
        outer.addLayout(self.form_layout)
        self.note_box = QVBoxLayout()
        outer.addLayout(self.note_box)
        outer.addStretch(1)
        bar = add_save_bar(self, outer)
        self.buttons, self.save_button = bar.buttons, bar.save_button
        self.cancel_button, self.summary_label = bar.cancel_button, bar.summary_label
        #: Save on a worker (whoever opens the dialog may give it the window's runner)
        self.saving = DialogSave(self, button=self.save_button)
        self._initial: object = None

    # -- building ----------------------------------------------------------------------------
    def add_row(
        self, text: str, field: QWidget | QLayout, *names: str, buddy: QWidget | None = None
    ) -> QLabel:
        """A labelled row with a message label under it for each of ``names``."""
        col = QVBoxLayout()
        col.setSpacing(2)
        if isinstance(field, QLayout):
            col.addLayout(field)
        else:
            col.addWidget(field)
        for name in names:
            self.messages[name] = error_label()
            self.messages[name].setStyleSheet(_error_style(self))
            self.messages[name].setObjectName(f"{name}Message")
            col.addWidget(self.messages[name])
        label = QLabel(text)
        target = buddy if buddy is not None else field if isinstance(field, QWidget) else None
        if target is not None:
            label.setBuddy(target)
        self.form_layout.addRow(label, col)
        return label

    def add_note(self, text: str) -> QLabel:
        note = QLabel(text)
        note.setWordWrap(True)
        mute(note)  # secondary text (ui.theme.mute)
        self.note_box.addWidget(note)
        return note

    def ready(self) -> None:
        """Call at the end of the subclass' constructor, once the fields are filled."""
        self._initial = self.values()
        self.revalidate()

    # -- to override -------------------------------------------------------------------------
    def problems(self) -> dict[str, str]:
        return {}

    def values(self) -> object:
        return None

    def prepare_save(self) -> Callable[[], object]:
        """Read what to store from the fields (GUI thread) and return the function that
        stores it (run on a worker; a DiaryError there keeps the dialog open)."""
        return lambda: None

    def after_save(self, result: object) -> None:
        """The stored result, in the GUI thread, before the dialog closes."""

    # -- validation --------------------------------------------------------------------------
    def revalidate(self) -> dict[str, str]:
        """Show the current problems next to their fields; Save only when there are none."""
        problems = self.problems()
        self.show_problems(problems)
        return problems

    def show_problems(self, problems: Mapping[str, str]) -> None:
        for name, lab in self.messages.items():
            text = problems.get(name, "")
            text = upper_first(text)
            lab.setText(text)
            lab.setVisible(bool(text))
        self.save_button.setEnabled(not problems)
        todo = dict.fromkeys(self.FIELD_NAMES.get(f, f.replace("_", " ")) for f in problems)
        self.summary_label.setText(f"To save, check: {', '.join(todo)}" if todo else "")

    # -- accept / reject ---------------------------------------------------------------------
    def has_changes(self) -> bool:
        return self.values() != self._initial

    def reject(self) -> None:
        if self.saving.busy:  # storing: it ends in a moment, closing or saying why not
            return
        if self.isVisible() and self.has_changes() and not discard_allowed(self):
            return
        super().reject()

    def discard(self) -> None:
        """Close without saving and without asking."""
        super().reject()

    def accept(self) -> None:
        """Save: refused while anything is wrong; else stored on a worker, and the dialog
        closes when it is stored or says why it was not."""
        if self.saving.busy or self.revalidate():
            return
        try:
            work = self.prepare_save()
        except DiaryError as exc:
            self._not_saved(exc)
            return
        self.saving.start(work, self._saved, self._not_saved)

    def _saved(self, result: object) -> None:
        self.after_save(result)
        super().accept()

    def _not_saved(self, exc: DiaryError) -> None:
        if isinstance(exc, ValidationError):  # a rule only the store knows: at its field
            self.show_problems(exc.problems)
        else:  # the entered values stay in the dialog for a retry
            QMessageBox.critical(self, self.FAILED_TITLE, str(exc))
