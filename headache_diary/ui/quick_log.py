"""The quick log in the window: "Headache started" (only the side), the ongoing state
with "Headache ended" and "Add details", and the question about an episode left ongoing
for over 24 hours.

* :class:`QuickLogDialog`: four big buttons (keys L, R, B, U); choosing one saves an
  ongoing episode starting now (``services.quick_log``) and closes: with the toolbar
  button or Ctrl+Shift+N that is two actions in all.
* :class:`OngoingBar`: one line per ongoing episode, "Left-sided headache ongoing since
  14:05 (2 h 10 min)", with "Headache ended" (ends it now) and "Add details…" (opens the
  editor on it). The elapsed time is recomputed every 30 s from the values it holds.
* :class:`ForgottenDialog`: "still going on?" with "Yes, still" and "It ended at …".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, QTimeZone, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from headache_diary import i18n
from headache_diary.context import AppContext
from headache_diary.domain.episode import Episode
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.quick_log import clock, elapsed_text, when_text
from headache_diary.domain.timeutil import now_utc, zone_for
from headache_diary.i18n import N_, _
from headache_diary.ui.screen import fit_to_content
from headache_diary.ui.theme import error_style, mute
from headache_diary.ui.writing import DialogSave

#: (side code, button text with its mnemonic: the letter is also the plain key that
#: chooses it, in every language)
SIDE_BUTTONS = (
    # Translators: the quick log's side buttons; the letter after & is also the key that
    # chooses the side without Alt: the four letters must differ
    ("left", N_("&Left")),
    ("right", N_("&Right")),
    ("both", N_("&Both sides")),
    ("unsure", N_("&Unsure")),
)
REFRESH_MS = 30_000

# whole sentences for each side (translated where shown)
#: a side button's accessible name
STARTING = {
    "left": N_("Left-sided headache, starting now"),
    "right": N_("Right-sided headache, starting now"),
    "both": N_("Headache on both sides, starting now"),
    "unsure": N_("Headache (side unsure), starting now"),
}
#: the ongoing bar's line: {when} e.g. "14:05", {elapsed} e.g. "2 h 10 min"
ONGOING = {
    "left": N_("Left-sided headache ongoing since {when} ({elapsed})"),
    "right": N_("Right-sided headache ongoing since {when} ({elapsed})"),
    "both": N_("Headache on both sides ongoing since {when} ({elapsed})"),
    "unsure": N_("Headache (side unsure) ongoing since {when} ({elapsed})"),
}
#: the accessible names of the ongoing bar's buttons
END_NOW = {
    "left": N_("Headache ended: the left-sided headache, now"),
    "right": N_("Headache ended: the right-sided headache, now"),
    "both": N_("Headache ended: the headache on both sides, now"),
    "unsure": N_("Headache ended: the headache (side unsure), now"),
}
ADD_DETAILS = {
    "left": N_("Add details to the left-sided headache"),
    "right": N_("Add details to the right-sided headache"),
    "both": N_("Add details to the headache on both sides"),
    "unsure": N_("Add details to the headache (side unsure)"),
}
#: the question about an episode left ongoing for over 24 hours
STILL_GOING = {
    "left": N_(
        "Your left-sided headache has been marked as ongoing since {when} ({elapsed}). "
        "Is it still going on?"
    ),
    "right": N_(
        "Your right-sided headache has been marked as ongoing since {when} ({elapsed}). "
        "Is it still going on?"
    ),
    "both": N_(
        "Your headache on both sides has been marked as ongoing since {when} ({elapsed}). "
        "Is it still going on?"
    ),
    "unsure": N_(
        "Your headache (side unsure) has been marked as ongoing since {when} ({elapsed}). "
        "Is it still going on?"
    ),
}


def by_side(table: Mapping[str, str], side: str, **values: object) -> str:
    """The sentence of ``table`` for ``side`` in the current language."""
    return _(table.get(side, table["unsure"]), **values)


def mnemonic(text: str) -> str:
    """The letter after the ``&`` of a (translated) button text, lower-case ("" if none)."""
    m = re.search(r"&([^&])", text)
    return m.group(1).lower() if m else ""


class QuickLogDialog(QDialog):
    """Only the side; the episode starts now and stays ongoing. ``saved_episode`` after
    it was accepted."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        now: Callable[[], datetime] = now_utc,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("QuickLogDialog")
        self.setWindowTitle(_("Headache started"))
        self._ctx = ctx
        self._now = now
        self.saved_episode: Episode | None = None
        started = now().astimezone(zone_for(ctx.zone))
        title = QLabel(_("A headache started now ({time}). Which side?", time=clock(started)))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        #: the plain key of each side: its button's mnemonic in the current language
        self.side_keys = {code: mnemonic(_(text)) for code, text in SIDE_BUTTONS}
        keys = {code: key.upper() for code, key in self.side_keys.items()}
        hint = QLabel(
            # Translators: {left} ... {unsure} are the letters of the side buttons (the
            # letters after & in "&Left", "&Right", "&Both sides", "&Unsure")
            _(
                "Press {left}, {right}, {both} or {unsure}, or click. Details (intensity, "
                "triggers, medication) can be added later with “Add details”.",
                **keys,
            )
        )
        hint.setWordWrap(True)
        mute(hint)  # secondary text (ui.theme.mute)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.side_buttons: dict[str, QPushButton] = {}
        big = self.fontMetrics().height() * 4
        widest = max(
            self.fontMetrics().horizontalAdvance(_(t).replace("&", "")) for _c, t in SIDE_BUTTONS
        )
        for n, (code, text) in enumerate(SIDE_BUTTONS):
            b = QPushButton(_(text))
            b.setObjectName(f"side_{code}")
            b.setMinimumHeight(big)
            b.setMinimumWidth(widest * 2)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            bf = b.font()
            bf.setPointSizeF(bf.pointSizeF() * 1.35)
            bf.setBold(True)
            b.setFont(bf)
            b.setAutoDefault(False)
            b.setAccessibleName(by_side(STARTING, code))
            b.clicked.connect(lambda _c=False, side=code: self.choose(side))
            grid.addWidget(b, n // 2, n % 2)
            self.side_buttons[code] = b
        self.message = QLabel()
        self.message.setStyleSheet(error_style())
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addLayout(grid, 1)
        lay.addWidget(hint)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        #: the save on a worker (whoever opens the dialog may give it the window's runner)
        self.saving = DialogSave(self)
        fit_to_content(self, 72, min_height=self.fontMetrics().height() * 20)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() in (Qt.KeyboardModifier.NoModifier,) and event.text():
            for code, key in self.side_keys.items():
                if event.text().lower() == key:
                    self.choose(code)
                    return
        super().keyPressEvent(event)

    def choose(self, side: str) -> bool:
        """Save an ongoing episode of ``side`` starting now, on a worker (``ui.writing``;
        False when a save is running already): the dialog closes when it is saved and
        shows why when it is not (e.g. the diary is busy)."""
        from headache_diary.services.quick_log import start_episode

        ctx, now = self._ctx, self._now()
        return self.saving.start(
            lambda: start_episode(ctx, side, now=now),
            self._saved,
            self._failed,
            button=self.side_buttons[side],
        )

    def _saved(self, episode: Episode) -> None:
        self.saved_episode = episode
        self.accept()

    def _failed(self, exc: DiaryError) -> None:
        self.message.setText(str(exc))
        self.message.setVisible(True)

    def reject(self) -> None:
        if self.saving.busy:  # saving: it ends in a moment, closing or saying why not
            return
        super().reject()


class OngoingRow(QFrame):
    """One ongoing episode: its state and the two buttons."""

    def __init__(self, episode: Episode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.episode = episode
        self.label = QLabel()
        self.label.setObjectName("ongoingLabel")
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.end_button = QPushButton(_("Headache e&nded"))
        self.end_button.setObjectName("endButton")
        self.details_button = QPushButton(_("Add de&tails…"))
        self.details_button.setObjectName("detailsButton")
        for b in (self.end_button, self.details_button):
            b.setAutoDefault(False)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.end_button)
        lay.addWidget(self.details_button)

    def update_text(self, now: datetime) -> None:
        ep = self.episode
        start = ep.started_at
        today = now.astimezone(start.tzinfo).date()
        elapsed = timedelta(seconds=max(0, int(now.timestamp() - start.timestamp())))
        text = by_side(
            ONGOING, ep.side, when=when_text(start, today), elapsed=elapsed_text(elapsed)
        )
        self.label.setText(text)
        self.end_button.setAccessibleName(by_side(END_NOW, ep.side))
        self.details_button.setAccessibleName(by_side(ADD_DETAILS, ep.side))


class OngoingBar(QFrame):
    """The window's "ongoing" state: a line per ongoing episode, hidden when none is."""

    #: the patient pressed "Headache ended" / "Add details…" for an episode id
    end_requested = Signal(str)
    details_requested = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, now: Callable[[], datetime] = now_utc
    ) -> None:
        super().__init__(parent)
        self.setObjectName("OngoingBar")
        # palette roles only: the accent follows the light or dark theme
        self.setStyleSheet(
            "QFrame#OngoingBar { border: 1px solid palette(mid); "
            "border-left: 6px solid palette(highlight); background: palette(alternate-base); }"
        )
        self._now = now
        self.rows: list[OngoingRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(2, 2, 2, 2)
        self._layout.setSpacing(0)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.update_texts)
        self.setVisible(False)

    def set_episodes(self, episodes: list[Episode]) -> None:
        for row in self.rows:
            self._layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for ep in episodes:
            row = OngoingRow(ep, self)
            row.end_button.clicked.connect(lambda _c=False, i=ep.id: self.end_requested.emit(i))
            row.details_button.clicked.connect(
                lambda _c=False, i=ep.id: self.details_requested.emit(i)
            )
            self._layout.addWidget(row)
            self.rows.append(row)
        self.update_texts()
        self.setVisible(bool(episodes))
        if episodes:
            self.timer.start()
        else:
            self.timer.stop()

    def update_texts(self) -> None:
        now = self._now()
        for row in self.rows:
            row.update_text(now)

    def texts(self) -> list[str]:
        return [row.label.text() for row in self.rows]


def _qdatetime(dt: datetime) -> QDateTime:
    """A wall-clock time shown as is (UTC spec: Qt never shifts it)."""
    return QDateTime(QDate(dt.year, dt.month, dt.day), QTime(dt.hour, dt.minute), QTimeZone.utc())


class ForgottenDialog(QDialog):
    """An episode ongoing for over 24 hours: is it still going on?

    ``answer`` after it closes: ``"still"``, ``"ended"`` (``ended_episode`` is then the
    saved value) or ``None`` (closed without an answer: asked again at the next start).
    """

    def __init__(
        self,
        ctx: AppContext,
        episode: Episode,
        parent: QWidget | None = None,
        now: Callable[[], datetime] = now_utc,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ForgottenDialog")
        self.setWindowTitle(_("Still going on?"))
        self._ctx = ctx
        self._now = now
        self.episode = episode
        self.answer: str | None = None
        self.ended_episode: Episode | None = None
        zone = zone_for(episode.time_zone)
        start = episode.started_at
        current = now().astimezone(zone)
        elapsed = timedelta(seconds=max(0, int(current.timestamp() - start.timestamp())))
        question = QLabel(
            by_side(STILL_GOING, episode.side, when=when_text(start), elapsed=elapsed_text(elapsed))
        )
        question.setWordWrap(True)
        font = question.font()
        font.setBold(True)
        question.setFont(font)
        self.still_button = QPushButton(_("&Yes, still"))
        self.still_button.setObjectName("stillButton")
        self.still_button.clicked.connect(self.still)
        self.end_edit = QDateTimeEdit()
        self.end_edit.setObjectName("endEdit")
        self.end_edit.setTimeZone(QTimeZone.utc())
        self.end_edit.setDisplayFormat(i18n.qt_display_format("yMMMEd", with_time=True))
        self.end_edit.setCalendarPopup(True)
        self.end_edit.setAccessibleName(_("When the headache ended"))
        wall = (start + timedelta(hours=4)).astimezone(zone)
        if wall > current:
            wall = current
        self.end_edit.setDateTime(_qdatetime(wall))
        self.ended_button = QPushButton(_("It &ended at this time"))
        self.ended_button.setObjectName("endedButton")
        self.ended_button.clicked.connect(self.ended)
        self.message = QLabel()
        self.message.setStyleSheet(error_style())
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        ended_row = QHBoxLayout()
        ended_label = QLabel(_("It ended at:"))
        ended_label.setBuddy(self.end_edit)
        ended_row.addWidget(ended_label)
        ended_row.addWidget(self.end_edit, 1)
        ended_row.addWidget(self.ended_button)
        later = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        later.button(QDialogButtonBox.StandardButton.Close).setText(_("Ask me &later"))
        later.rejected.connect(self.reject)
        still_row = QHBoxLayout()
        still_row.addWidget(self.still_button)
        still_row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(question)
        lay.addLayout(still_row)
        lay.addLayout(ended_row)
        lay.addWidget(self.message)
        lay.addStretch(1)
        lay.addWidget(later)
        for b in (self.still_button, self.ended_button):
            b.setAutoDefault(False)
        #: the save on a worker (whoever opens the dialog may give it the window's runner)
        self.saving = DialogSave(self, button=self.ended_button)
        fit_to_content(self, 80)

    def still(self) -> None:
        self.answer = "still"
        self.accept()

    def ended(self) -> bool:
        """Save the end shown, on a worker (``ui.writing``; False when it cannot start):
        the dialog closes when it is saved and stays open with the reason when not."""
        from headache_diary.domain.timeutil import ZoneError, localize
        from headache_diary.services.quick_log import end_episode

        if self.saving.busy:
            return False
        qd, qt = self.end_edit.date(), self.end_edit.time()
        wall = datetime(qd.year(), qd.month(), qd.day(), qt.hour(), qt.minute())
        try:
            at = localize(wall, self.episode.time_zone, fold=0).astimezone(UTC)
        except ZoneError as exc:
            self._failed(exc)
            return False
        ctx, episode_id, now = self._ctx, self.episode.id, self._now()
        return self.saving.start(
            lambda: end_episode(ctx, episode_id, at=at, now=now), self._saved, self._failed
        )

    def _saved(self, episode: Episode) -> None:
        self.ended_episode = episode
        self.answer = "ended"
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.message.setText(str(exc))
        self.message.setVisible(True)

    def reject(self) -> None:
        if self.saving.busy:  # saving: it ends in a moment, closing or saying why not
            return
        super().reject()
