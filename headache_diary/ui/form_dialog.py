"""The editors (episode, history, medication, settings): fields, a red message under
each, Save on only while nothing is wrong, and Esc that asks before throwing entered data
away.

:class:`EditorDialog` is the flow: a subclass puts its fields in ``body`` (a scroll area's
with ``scroll=True``) and the save bar after them (:meth:`~EditorDialog.add_save_bar`),
returns its problems (field -> message) from ``problems()``, its values from ``values()``
(compared with those it opened with), reads what to store in ``prepare_save()`` (GUI
thread) and returns the function that stores it on a worker (``ui.writing.DialogSave``; a
DiaryError keeps the dialog open, with everything entered); ``after_save()`` gets the
result. :class:`FormDialog` adds labelled rows and notes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from headache_diary.domain.errors import DiaryError, ValidationError
from headache_diary.domain.text import upper_first
from headache_diary.i18n import N_, _
from headache_diary.ui.editor_sections import error_label, plain
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


#: the question Esc asks in an editor with changes (translated where asked)
DISCARD_QUESTION = N_("Close without saving? What you entered will be lost.")

#: the names of the fields in "To save, check: ..." (each editor may name its own in
#: ``FIELD_NAMES``); translated where shown
FIELD_LABELS: Mapping[str, str] = {
    "side": N_("side"),
    "started_at": N_("start"),
    "ended_at": N_("end"),
    "time_zone": N_("time zone"),
    "intensity": N_("intensity"),
    "triggers": N_("triggers"),
    "symptoms": N_("symptoms"),
    "medications": N_("medications"),
    "neck_position": N_("neck position"),
    "character": N_("character"),
    "pain_origin": N_("where it started"),
    "pain_locations": N_("where it hurt"),
    "notes": N_("notes"),
    "name": N_("name"),
    "date_of_birth": N_("date of birth"),
    "reminder_time": N_("reminder time"),
    "kind": N_("what happened"),
    "date": N_("date"),
    "date_precision": N_("date"),
    "med_class": N_("class"),
    "relief": N_("relief"),
    "started": N_("start"),
    "stopped": N_("stop date"),
    "dose": N_("dose"),
    "from_day": N_("from"),
    "taken_at": N_("time taken"),
}


def discard_allowed(dialog: QWidget, question: str = DISCARD_QUESTION) -> bool:
    """Esc, Cancel or closing an editor that has changes: ask before throwing them away
    (``question``: the whole question, marked with N_, e.g. "Close without saving? What
    you entered for this episode will be lost.")."""
    answer = QMessageBox.question(
        dialog,
        _("Discard changes?"),
        _(question),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


class EditorDialog(QDialog):
    #: field -> the words used in "To save, check: ..." (marked with N_), where they differ
    #: from :data:`FIELD_LABELS`
    FIELD_NAMES: Mapping[str, str] = {}
    #: the title of the message box when saving fails (marked with N_)
    FAILED_TITLE = N_("Not saved")
    #: the question Esc asks when closing would lose what was entered (marked with N_)
    DISCARD = DISCARD_QUESTION

    def __init__(self, parent: QWidget | None = None, *, scroll: bool = False) -> None:
        super().__init__(parent)
        #: field -> the label that shows its problem
        self.messages: dict[str, QLabel] = {}
        #: what the store returned, once saved (e.g. ``services.medication.Saved``)
        self.saved: Any = None
        self._outer = QVBoxLayout(self)
        #: where the fields go: the dialog's column, or the scroll area's
        self.body = self._outer
        if scroll:
            self.scroll_area = QScrollArea()
            self.scroll_area.setWidgetResizable(True)
            self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
            content = QWidget()
            self.scroll_area.setWidget(content)
            self.body = QVBoxLayout(content)
            self._outer.addWidget(self.scroll_area, 1)
        self._initial: object = None

    def add_save_bar(self) -> None:
        """The problem summary, Save and Cancel, below the fields (made after them: Tab
        follows the order widgets are made in)."""
        bar = add_save_bar(self, self._outer)
        self.buttons, self.save_button = bar.buttons, bar.save_button
        self.cancel_button, self.summary_label = bar.cancel_button, bar.summary_label
        #: Save on a worker (whoever opens the dialog may give it the window's runner)
        self.saving = DialogSave(self, button=self.save_button)

    def ready(self) -> None:
        """Call at the end of the subclass' constructor, once the fields are filled."""
        self._initial = self.values()
        self.revalidate()

    # -- to override -------------------------------------------------------------------------
    def problems(self) -> dict[str, str]:
        return {}

    def values(self) -> object:
        return None

    def prepare_save(self) -> Callable[[], object] | None:
        """Read what to store from the fields (GUI thread) and return the function that
        stores it (run on a worker; a DiaryError there keeps the dialog open); None when
        nothing is to be stored after all (the patient said no to a question)."""
        return lambda: None

    def after_save(self, result: object) -> None:
        """The stored result, in the GUI thread, before the dialog closes (a DiaryError
        here keeps it open)."""

    def placed(self, key: str, message: str) -> tuple[str, str]:
        """Where the problem ``key`` shows: (the field whose label shows it, the message)."""
        return key, message

    # -- validation --------------------------------------------------------------------------
    def revalidate(self) -> dict[str, str]:
        """Show the current problems next to their fields; Save only when there are none."""
        problems = self.problems()
        self.show_problems(problems)
        return problems

    def show_problems(self, problems: Mapping[str, str]) -> None:
        shown: dict[str, list[str]] = {}
        for key, message in problems.items():
            field, text = self.placed(key, message)
            # the domain's problem messages are phrases that also stand inside sentences
            # ("Medication 2: choose its class"); shown alone, they start a sentence
            shown.setdefault(field, []).append(upper_first(text))
        for name, lab in self.messages.items():
            text = "\n".join(shown.get(name, []))
            lab.setText(text)
            lab.setVisible(bool(text))
        self.save_button.setEnabled(not problems)
        todo = dict.fromkeys(_(self._field_name(f)) for f in shown)
        # Translators: under an editor's fields, e.g. "To save, check: start, intensity"
        text = _("To save, check: {fields}", fields=", ".join(todo)) if todo else ""
        self.summary_label.setText(text)

    def _field_name(self, field: str) -> str:
        """The untranslated name of ``field`` in "To save, check: ..."."""
        if field in self.FIELD_NAMES:
            return self.FIELD_NAMES[field]
        return FIELD_LABELS.get(field, N_("the fields marked in red"))

    # -- accept / reject ---------------------------------------------------------------------
    def has_changes(self) -> bool:
        """True when the fields differ from what they showed when the dialog opened."""
        return self.values() != self._initial

    def reject(self) -> None:
        """Esc, Cancel or closing the window: ask before throwing entered data away."""
        if self.saving.busy:  # storing: it ends in a moment, closing or saying why not
            return
        if self.isVisible() and self.has_changes() and not discard_allowed(self, self.DISCARD):
            return
        super().reject()

    def discard(self) -> None:
        """Close without saving and without asking."""
        super().reject()

    def accept(self) -> None:
        """Save: refused while anything is wrong; else stored on a worker, and the dialog
        closes when it is stored or says why it was not, with everything entered kept for
        a retry."""
        if self.saving.busy or self.revalidate():
            return
        try:
            work = self.prepare_save()
        except DiaryError as exc:
            self._not_saved(exc)
            return
        if work is not None:
            self.saving.start(work, self._saved, self._not_saved)

    def _saved(self, result: object) -> None:
        try:
            self.after_save(result)
        except DiaryError as exc:
            self._not_saved(exc)
            return
        self.saved = result
        super().accept()

    def _not_saved(self, exc: DiaryError) -> None:
        if isinstance(exc, ValidationError):  # a rule only the store knows: at its field
            self.show_problems(exc.problems)
        else:  # the entered values stay in the dialog for a retry
            QMessageBox.critical(self, _(self.FAILED_TITLE), str(exc))


class FormDialog(EditorDialog):
    """An editor whose fields are labelled rows (:meth:`add_row`), with notes below them."""

    def __init__(self, parent: QWidget | None = None, *, scroll: bool = False) -> None:
        super().__init__(parent, scroll=scroll)
        self.form_layout = QFormLayout()
        self.body.addLayout(self.form_layout)
        self.note_box = QVBoxLayout()
        self.body.addLayout(self.note_box)
        self.body.addStretch(1)  # spare height below the fields, never between them
        self.add_save_bar()

    def add_row(
        self,
        text: str,
        field: QWidget | QLayout,
        *names: str,
        buddy: QWidget | None = None,
        hint: str = "",
    ) -> QLabel:
        """A labelled row with ``hint`` (secondary text) under the field, then a message
        label for each of ``names``."""
        col = QVBoxLayout()
        col.setSpacing(2)
        if isinstance(field, QLayout):
            col.addLayout(field)
        else:
            col.addWidget(field)
        if hint:
            note = QLabel(hint)
            mute(note)  # secondary text (ui.theme.mute)
            col.addWidget(note)
        for name in names:
            self.messages[name] = error_label()
            self.messages[name].setStyleSheet(_error_style(self))
            self.messages[name].setObjectName(f"{name}Message")
            col.addWidget(self.messages[name])
        label = QLabel(text)
        target = buddy if buddy is not None else field if isinstance(field, QWidget) else None
        if target is not None:
            label.setBuddy(target)
            if not target.accessibleName():  # the label's words, for screen readers
                target.setAccessibleName(plain(text))
        self.form_layout.addRow(label, col)
        return label

    def add_note(self, text: str) -> QLabel:
        note = QLabel(text)
        note.setWordWrap(True)
        mute(note)  # secondary text (ui.theme.mute)
        self.note_box.addWidget(note)
        return note
