"""The Analysis tab: period selector, key figures, headline sentences, feature profile,
how complete the record is, regular medication, medication overuse, neck history and
charts.

(About 500 lines: one view whose sections share the period, the busy state and the
snapshot; their HTML is built in ``ui.analysis_html`` and the neck history in
``ui.history_effects_view``.)

The work happens on a worker thread (``ui.tasks``): the snapshot is computed by
``services.analysis`` (one read-only unit of work) and the charts are drawn there into
QImages (``ui.chart_images``, which is where matplotlib is imported: never in the GUI
thread). The tab shows a busy note in place while it works and keeps what it showed; a
change of the period controls computes once, after they have been still for a moment; a
result for a period that is no longer selected is dropped. All figures come from one
:class:`~headache_diary.analysis.snapshot.AnalysisSnapshot`; the sentences are the PDF's
and the CLI's (``analysis.wording``): key figures with their denominators, any episode
still marked ongoing, the profile with its notes and what a diary cannot show, the overuse
check with its complete definition. A result is shown a section per event-loop turn, so
laying out its rich text never holds the window for long.

(About 450 lines: the tab's layout, its scheduling on workers and the filling of its
sections are one widget; the profile table and the history section are their own modules.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from headache_diary import i18n
from headache_diary.analysis.completeness import completeness_sentence
from headache_diary.analysis.results import AnalysisSnapshot, ProfileGroup, Summary
from headache_diary.analysis.wording import (
    DISCLAIMER,
    disclosure_sentences,
    headline_sentences,
)
from headache_diary.context import AppContext
from headache_diary.domain.errors import DiaryError
from headache_diary.domain.jobs import Job
from headache_diary.i18n import _, pgettext
from headache_diary.services.analysis import analysis_snapshot
from headache_diary.ui.analysis_html import (
    bullets,
    definitions_html,
    disclosures_html,
    key_figures_html,
    medication_html,
    overuse_html,
    profile_notes_html,
)
from headache_diary.ui.history_effects_view import NeckHistorySection
from headache_diary.ui.periods import ANALYSIS_START, CUSTOM, PERIODS, custom_start, period_range
from headache_diary.ui.profile_table import ProfileTable
from headache_diary.ui.tasks import TaskRunner, Work
from headache_diary.ui.theme import heading
from headache_diary.ui.workup_view import WorkupSection

if TYPE_CHECKING:
    from headache_diary.ui.chart_images import ChartImage

#: the period controls must be still this long before the analysis is computed
DEBOUNCE_MS = 300


class AnalysisView(QWidget):
    """What the diary shows, in words, a table and charts, for a chosen period."""

    #: the view shows a new result (or a message); for tests and the benchmark
    updated = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AnalysisView")
        # the Qt enums the chart worker uses, made here in the GUI thread before any
        # worker touches them (PySide6 makes a Qt enum's Python type when it is first
        # used, which is not safe from two threads at once)
        QImage.Format.Format_RGBA8888, QImage.Format.Format_RGB32  # noqa: B018
        self.ctx = ctx
        self.runner = runner or TaskRunner(self)
        self.snapshot: AnalysisSnapshot | None = None
        self.chart_labels: list[QLabel] = []
        self._chart_width = 0
        #: counts shown results: a result's later sections stop when a newer one comes
        self._delivery = 0
        self._dirty = False
        self._today = date.today
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._rerender = QTimer(self)
        self._rerender.setSingleShot(True)
        self._rerender.setInterval(DEBOUNCE_MS)
        self._rerender.timeout.connect(self._render_again)

        # -- period bar ------------------------------------------------------------------
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("periodCombo")
        for label, _days in PERIODS:
            self.period_combo.addItem(_(label))
        self.period_combo.setAccessibleName(_("Period"))
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit, name in ((self.from_edit, "fromEdit"), (self.to_edit, "toEdit")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(i18n.date_entry_format())
        first, last = custom_start(self._today())
        self.from_edit.setDate(QDate(first.year, first.month, first.day))
        self.to_edit.setDate(QDate(last.year, last.month, last.day))
        bar = QHBoxLayout()
        period_label = QLabel(_("Pe&riod:"))
        period_label.setBuddy(self.period_combo)
        bar.addWidget(period_label)
        bar.addWidget(self.period_combo)
        # Translators: between the period's choice and its first day: "from [date] to [date]"
        self.from_label = QLabel(pgettext("period", "from"))
        # Translators: between the period's first and last day: "from [date] to [date]"
        self.to_label = QLabel(pgettext("period", "to"))
        self.from_edit.setAccessibleName(_("First day of the period"))
        self.to_edit.setAccessibleName(_("Last day of the period"))
        bar.addWidget(self.from_label)
        bar.addWidget(self.from_edit)
        bar.addWidget(self.to_label)
        bar.addWidget(self.to_edit)
        self.busy = QProgressBar()
        self.busy.setObjectName("analysisBusy")
        self.busy.setRange(0, 0)  # indeterminate
        self.busy.setMaximumWidth(120)
        self.busy.setAccessibleName(_("Computing the analysis"))
        self.busy.setVisible(False)
        self.busy_label = QLabel(_("Updating…"))
        self.busy_label.setVisible(False)
        bar.addWidget(self.busy)
        bar.addWidget(self.busy_label)
        bar.addStretch(1)
        note = QLabel(_(DISCLAIMER))  # in the text colour: it is read, not decoration
        note.setObjectName("disclaimer")
        bar.addWidget(note)

        # -- scrolled content ------------------------------------------------------------
        self.key_label = QLabel()
        self.key_label.setObjectName("keyFigures")
        self.key_label.setTextFormat(Qt.TextFormat.RichText)
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.disclosure_label = QLabel()
        self.disclosure_label.setObjectName("disclosureLabel")
        self.disclosure_label.setWordWrap(True)
        self.disclosure_label.setTextFormat(Qt.TextFormat.RichText)
        self.disclosure_label.setStyleSheet(
            "QLabel { background: #fff4d6; color: #222; padding: 6px; border-radius: 3px; }"
        )
        self.headline = QLabel()
        self.headline.setObjectName("headlineLabel")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        #: how complete the record is (FORMAT.md completeness): never read a day without a
        #: record as headache-free
        self.completeness_label = QLabel()
        self.completeness_label.setObjectName("completenessLabel")
        self.completeness_label.setWordWrap(True)
        self.completeness_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.completeness_label.setStyleSheet(
            "QLabel#completenessLabel { border-left: 4px solid palette(highlight); "
            "background: palette(alternate-base); padding: 4px 8px; }"
        )
        self.completeness_label.setVisible(False)

        self.profile_heading = heading(_("How the record lines up with published features"))
        self.profile_table = ProfileTable()
        self.profile_note = QLabel()
        self.profile_note.setObjectName("profileNote")
        self.profile_note.setWordWrap(True)
        self.profile_note.setTextFormat(Qt.TextFormat.RichText)

        self.medication_heading = heading(_("Regular medication and doses outside episodes"))
        self.medication_label = QLabel()
        self.medication_label.setObjectName("medicationLabel")
        self.medication_label.setWordWrap(True)
        self.medication_label.setTextFormat(Qt.TextFormat.RichText)

        self.overuse_heading = heading(_("Medication days and overuse thresholds (ICHD-3 8.2)"))
        self.overuse_label = QLabel()
        self.overuse_label.setObjectName("overuseLabel")
        self.overuse_label.setWordWrap(True)
        self.overuse_label.setTextFormat(Qt.TextFormat.RichText)

        self.definitions_heading = heading(_("Definitions used"))
        self.definitions_label = QLabel(definitions_html())
        self.definitions_label.setObjectName("definitionsLabel")
        self.definitions_label.setWordWrap(True)
        self.definitions_label.setTextFormat(Qt.TextFormat.RichText)

        self.charts_heading = heading(_("Charts"))
        self.charts_box = QVBoxLayout()
        self.charts_box.setSpacing(12)

        content = QWidget()
        content.setObjectName("analysisContent")
        lay = QVBoxLayout(content)
        lay.setContentsMargins(12, 8, 12, 12)
        lay.addWidget(self.key_label)
        lay.addWidget(self.disclosure_label)
        lay.addWidget(self.completeness_label)
        lay.addWidget(self.headline)
        self.neck_history = NeckHistorySection()  # what changed after each history event
        lay.addWidget(self.neck_history)
        self.workup = WorkupSection()  # nerve-block response, scores, neck stiffness
        lay.addWidget(self.workup)
        #: the sections below the headline, hidden when there is nothing to analyse
        self._sections = (
            self.profile_heading,
            self.profile_table,
            self.profile_note,
            self.medication_heading,
            self.medication_label,
            self.overuse_heading,
            self.overuse_label,
            self.definitions_heading,
            self.definitions_label,
            self.charts_heading,
        )
        for w in self._sections:
            lay.addWidget(w)
        lay.addLayout(self.charts_box)
        lay.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        # the content follows the width; charts are drawn again for a new width
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(content)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 0)
        outer.addLayout(bar)
        outer.addWidget(self.scroll_area, 1)

        self.period_combo.setCurrentIndex(ANALYSIS_START)
        self._update_custom_enabled()
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.from_edit.dateChanged.connect(self._custom_changed)
        self.to_edit.dateChanged.connect(self._custom_changed)
        for w in self._sections:
            w.setVisible(False)
        computing = _("Computing the analysis…")
        self.headline.setText(f"<p>{escape(computing)}</p>")
        self._dirty = True  # computed when first shown, at the width it is shown at

    # -- period --------------------------------------------------------------------------
    def period(self) -> tuple[date | None, date | None]:
        """(from, to) of the selected period; None means the summary's default."""
        return period_range(
            self.period_combo.currentIndex(),
            self._today(),
            self.from_edit.date().toPython(),  # type: ignore[arg-type]
            self.to_edit.date().toPython(),  # type: ignore[arg-type]
        )

    def set_period(self, index: int) -> None:
        self.period_combo.setCurrentIndex(index)

    def set_custom_period(self, d_from: date, d_to: date) -> None:
        self.from_edit.blockSignals(True)
        self.to_edit.blockSignals(True)
        self.from_edit.setDate(QDate(d_from.year, d_from.month, d_from.day))
        self.to_edit.setDate(QDate(d_to.year, d_to.month, d_to.day))
        self.from_edit.blockSignals(False)
        self.to_edit.blockSignals(False)
        if self.period_combo.currentIndex() != CUSTOM:
            self.period_combo.setCurrentIndex(CUSTOM)
        else:
            self._debounce.start()

    def _update_custom_enabled(self) -> None:
        custom = self.period_combo.currentIndex() == CUSTOM
        for w in (self.from_edit, self.to_edit, self.from_label, self.to_label):
            w.setVisible(custom)

    def _period_changed(self, _index: int) -> None:
        self._update_custom_enabled()
        self._debounce.start()

    def _custom_changed(self, _qdate: QDate) -> None:
        self.to_edit.setMinimumDate(self.from_edit.date())
        if self.period_combo.currentIndex() == CUSTOM:
            self._debounce.start()

    # -- refresh -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute everything (the main window calls this when episodes change).

        While the view is hidden the work waits until it is shown again.
        """
        if not self.isVisible() and self.snapshot is not None:
            self._dirty = True
            return
        self._compute()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._dirty = False
            # once the layout has given the view its size (the charts are drawn to fit)
            QTimer.singleShot(0, self, self._compute)

    @property
    def summary(self) -> Summary | None:
        return None if self.snapshot is None else self.snapshot.summary

    def _compute(self) -> None:
        """Start computing the selected period on a worker (replacing any computation
        still running for another period)."""
        self._dirty = False
        self._debounce.stop()
        d_from, d_to = self.period()
        today = self._today()
        ctx = self.ctx
        width, ratio = self._chart_size()
        lang = i18n.current_language()  # the charts' words in the window's language

        def work(job: Job) -> tuple[AnalysisSnapshot, list[ChartImage]]:
            from headache_diary.ui.chart_images import render_charts  # matplotlib

            with i18n.using(lang):
                snapshot = analysis_snapshot(ctx, d_from, d_to, today, job=job)
                return snapshot, render_charts(snapshot, width, ratio, job)

        self._run(work)

    def _render_again(self) -> None:
        """Draw the charts of the shown snapshot again for a new width (no database)."""
        snapshot = self.snapshot
        if snapshot is None:
            return
        if self.runner.busy_on("analysis"):  # still computing: perhaps at the old width
            self._rerender.start()
            return
        width, ratio = self._chart_size()
        lang = i18n.current_language()

        def work(job: Job) -> tuple[AnalysisSnapshot, list[ChartImage]]:
            from headache_diary.ui.chart_images import render_charts

            with i18n.using(lang):
                return snapshot, render_charts(snapshot, width, ratio, job)

        self._run(work)

    def _run(self, work: Work) -> None:
        task = self.runner.run(work, channel="analysis")
        self._set_busy(True)
        task.finished.connect(self._finished)
        task.failed.connect(self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)

    def _finished(self, result: tuple[AnalysisSnapshot, list[ChartImage]]) -> None:
        """Show a result section by section, one event-loop turn each: laying out all the
        rich text and the charts at once kept the window from painting for about 100 ms
        on a large diary (bench_gui ``open_analysis``); a section takes 10-40 ms."""
        self._set_busy(False)
        snapshot, charts = result
        self._delivery += 1
        delivery = self._delivery
        steps = iter(self._show_steps(snapshot, charts))

        def next_step() -> None:
            if delivery != self._delivery:  # a newer result (or a message) took over
                return
            step = next(steps, None)
            if step is not None:
                step()
                QTimer.singleShot(0, self, next_step)

        next_step()

    def _failed(self, exc: DiaryError) -> None:
        self._delivery += 1  # the sections of an earlier result stop
        self._set_busy(False)
        self.snapshot = None
        self._show_message(_("The analysis could not be computed: {error}", error=str(exc)))

    def _chart_size(self) -> tuple[int, float]:
        """Logical width for the charts (the scroll area's, less the margins) and the
        screen's pixel ratio."""
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        width = self.scroll_area.width() - bar - 28  # room for the scroll bar, always
        return max(360, min(width, 1400)), self.devicePixelRatioF()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width, _ratio = self._chart_size()
        if self.chart_labels and abs(width - self._chart_width) > 40:
            self._rerender.start()

    def show_snapshot(self, snapshot: AnalysisSnapshot, charts: list[ChartImage]) -> None:
        """Show a computed snapshot and its charts (drawn by ``ui.chart_images``) at once."""
        self._delivery += 1
        for step in self._show_steps(snapshot, charts):
            step()

    def _show_steps(
        self, snapshot: AnalysisSnapshot, charts: list[ChartImage]
    ) -> list[Callable[[], None]]:
        """The sections of :meth:`show_snapshot`, in order; the last emits ``updated``."""
        summary = snapshot.summary
        has_episodes = summary.episodes > 0

        def top() -> None:
            self.snapshot = snapshot
            self._show_key_figures(summary)
            self._show_headline(summary)
            complete = completeness_sentence(summary.completeness)
            self.completeness_label.setText(complete)
            self.completeness_label.setVisible(bool(complete))
            for w in (
                self.profile_heading,
                self.profile_table,
                self.profile_note,
                self.definitions_heading,
                self.definitions_label,
            ):
                w.setVisible(has_episodes)

        def profile() -> None:
            if has_episodes:
                self._fill_profile(snapshot.profile, len(snapshot.history))

        def medication() -> None:
            self._show_medication(snapshot)
            self._show_overuse(summary)

        def charts_and_history() -> None:
            rest = self.workup.show_snapshot(snapshot, charts)  # takes the relief curves
            self.charts_heading.setVisible(bool(rest))
            self._set_charts(rest)

        def neck_history() -> None:
            self.neck_history.show_snapshot(snapshot)
            self.updated.emit()

        return [top, profile, medication, charts_and_history, neck_history]

    def _show_message(self, text: str) -> None:
        self._delivery += 1  # the sections of an earlier result stop
        self.key_label.setVisible(False)
        self.disclosure_label.setVisible(False)
        self.headline.setText(f"<p>{escape(text)}</p>")
        self.neck_history.setVisible(False)
        self.workup.setVisible(False)
        self.completeness_label.setVisible(False)
        for w in self._sections:
            w.setVisible(False)
        self._set_charts([])
        self.updated.emit()

    def _show_key_figures(self, summary: Summary) -> None:
        """The key figures, as on page 1 of the PDF, and the disclosures in a box."""
        html = key_figures_html(summary)
        self.key_label.setText(html)
        self.key_label.setVisible(bool(html))
        notes = disclosures_html(summary)
        self.disclosure_label.setText(notes)
        self.disclosure_label.setVisible(bool(notes))

    def _show_headline(self, summary: Summary) -> None:
        disclosed = set(disclosure_sentences(summary))
        sentences = [s for s in headline_sentences(summary) if s not in disclosed]
        if summary.episodes == 0:
            empty_diary = self.period() == (None, None)
            if empty_diary:
                sentences = [
                    _(
                        "No episodes recorded yet. Once you add episodes, this page shows how "
                        "often they are one-sided, what brings them on, and how that changes "
                        "over time."
                    )
                ]
            else:
                sentences.append(_("No episode started in this period; choose a longer period."))
        self.headline.setText(bullets(sentences))

    def _fill_profile(self, groups: list[ProfileGroup], history_events: int) -> None:
        self.profile_table.fill(groups)
        self.profile_note.setText(profile_notes_html(groups, history_events))

    def _show_medication(self, snapshot: AnalysisSnapshot) -> None:
        """The plan of the period and the doses outside episodes (hidden when neither)."""
        html = medication_html(snapshot)
        self.medication_heading.setVisible(bool(html))
        self.medication_label.setVisible(bool(html))
        self.medication_label.setText(html)

    def _show_overuse(self, summary: Summary) -> None:
        self.overuse_heading.setVisible(True)
        self.overuse_label.setVisible(True)
        self.overuse_label.setText(overuse_html(summary))

    def _set_charts(self, charts: list[ChartImage]) -> None:
        for old in self.chart_labels:
            self.charts_box.removeWidget(old)
            old.deleteLater()
        self.chart_labels = []
        for chart in charts:
            label = QLabel()
            label.setObjectName("chart")
            label.setPixmap(QPixmap.fromImage(chart.image))  # in the GUI thread
            label.setToolTip(chart.title)
            label.setAccessibleName(chart.title)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            # a narrower window clips the chart until it is drawn again at the new width
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            label.setFixedHeight(round(chart.image.height() / chart.image.devicePixelRatio()))
            self.charts_box.addWidget(label)
            self.chart_labels.append(label)
        if charts:
            self._chart_width = round(charts[0].image.width() / charts[0].image.devicePixelRatio())

    def chart_titles(self) -> list[str]:
        return [c.toolTip() for c in self.chart_labels]
