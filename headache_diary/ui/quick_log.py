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

from collections.abc import Callable
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
from headache_diary.domain.quick_log import (
    clock,
    elapsed_text,
    headache_words,
    ongoing_text,
    when_text,
)
from headache_diary.domain.text import upper_first
from headache_diary.domain.timeutil import now_utc, zone_for
from headache_diary.ui.screen import fit_to_content
from headache_diary.ui.theme import error_style, mute
from headache_diary.ui.writing import DialogSave

#: (side code, button text with its mnemonic, plain key)
SIDE_BUTTONS = (
    ("left", "&Left", Qt.Key.Key_L),
    ("right", "&Right", Qt.Key.Key_R),
    ("both", "&Both sides", Qt.Key.Key_B),
    ("unsure", "&Unsure", Qt.Key.Key_U),
)
REFRESH_MS = 30_000


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
        self.setWindowTitle("Headache started")
        self._ctx = ctx
        self._now = now
        self.saved_episode: Episode | None = None
        started = now().astimezone(zone_for(ctx.zone))
        title = QLabel(f"A headache started now ({clock(started)}). Which side?")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        hint = QLabel(
            "Press L, R, B or U, or click. Details (intensity, triggers, medication) can be "
            "added later with “Add details”."
        )
        hint.setWordWrap(True)
        mute(hint)  # secondary text (ui.theme.mute)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.side_buttons: dict[str, QPushButton] = {}
        big = self.fontMetrics().height() * 4
        for n, (code, text, _key) in enumerate(SIDE_BUTTONS):
            b = QPushButton(text)
            b.setObjectName(f"side_{code}")
            b.setMinimumHeight(big)
            b.setMinimumWidth(self.fontMetrics().horizontalAdvance("Both sides") * 2)
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            bf = b.font()
            bf.setPointSizeF(bf.pointSizeF() * 1.35)
            bf.setBold(True)
            b.setFont(bf)
            b.setAutoDefault(False)
            b.setAccessibleName(f"{upper_first(headache_words(code))}, starting now")
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
        if event.modifiers() in (Qt.KeyboardModifier.NoModifier,):
            for code, _text, key in SIDE_BUTTONS:
                if event.key() == key:
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
        self.end_button = QPushButton("Headache e&nded")
        self.end_button.setObjectName("endButton")
        self.details_button = QPushButton("Add de&tails…")
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
        text = f"{upper_first(headache_words(ep.side))} {ongoing_text(ep, now)}"
        self.label.setText(text)
        self.end_button.setAccessibleName(f"Headache ended: the {headache_words(ep.side)}, now")
        self.details_button.setAccessibleName(f"Add details to the {headache_words(ep.side)}")


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
        self.setWindowTitle("Still going on?")
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
            f"Your {headache_words(episode.side)} has been marked as ongoing since "
            f"{when_text(start)} ({elapsed_text(elapsed)}). Is it still going on?"
        )
        question.setWordWrap(True)
        font = question.font()
        font.setBold(True)
        question.setFont(font)
        self.still_button = QPushButton("&Yes, still")
        self.still_button.setObjectName("stillButton")
        self.still_button.clicked.connect(self.still)
        self.end_edit = QDateTimeEdit()
        self.end_edit.setObjectName("endEdit")
        self.end_edit.setTimeZone(QTimeZone.utc())
        self.end_edit.setDisplayFormat(i18n.qt_display_format("yMMMEd", with_time=True))
        self.end_edit.setCalendarPopup(True)
        self.end_edit.setAccessibleName("When the headache ended")
        wall = (start + timedelta(hours=4)).astimezone(zone)
        if wall > current:
            wall = current
        self.end_edit.setDateTime(_qdatetime(wall))
        self.ended_button = QPushButton("It &ended at this time")
        self.ended_button.setObjectName("endedButton")
        self.ended_button.clicked.connect(self.ended)
        self.message = QLabel()
        self.message.setStyleSheet(error_style())
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        ended_row = QHBoxLayout()
        ended_row.addWidget(QLabel("It ended at:"))
        ended_row.addWidget(self.end_edit, 1)
        ended_row.addWidget(self.ended_button)
        later = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        later.button(QDialogButtonBox.StandardButton.Close).setText("Ask me &later")
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
