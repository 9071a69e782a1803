"""The calendar's month grid and its legend swatches (the Calendar tab is
``ui.calendar_view``).

:class:`MonthGrid` paints seven columns (Monday first) from a
:class:`~headache_diary.analysis.calendar.MonthCalendar`: each day's fill by its kind and
peak intensity, its mark (intensity, ``H``, ``✓``, ``M``) and hatching for a day without a
record, so colour is never the only cue. Text colours come from the palette, or are set
together with the fill they sit on. Keyboard: arrows move the day, Page Up / Page Down the
month, Home / End to the month's first and last day, Enter or Space (or a double-click)
activates the day.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from headache_diary import i18n
from headache_diary.analysis.calendar import (
    DEFAULT_INK,
    FILLS,
    INK_ON,
    CalendarDay,
    MonthCalendar,
    day_mark,
    fill_key,
    medication_mark,
)
from headache_diary.domain import vocab
from headache_diary.domain.text import week_column, week_days
from headache_diary.i18n import _, ngettext
from headache_diary.ui.theme import muted_color


def long_day_title(d: date) -> str:
    """``Tuesday, 3 November 2026`` / ``Dienstag, 3. November 2026`` / ``martes, 3 de
    noviembre de 2026``: a day in full, in the current language (Qt's CLDR long date of
    the language's locale), for screen readers."""
    locale = QLocale(i18n.CLDR_LOCALES[i18n.current_language()])
    return locale.toString(QDate(d.year, d.month, d.day), QLocale.FormatType.LongFormat)


def _headache_state(d: CalendarDay) -> str:
    """A headache day in words: its peak intensity, its episodes or the check-in."""
    if d.peak_intensity is not None:
        if d.episodes:
            return ngettext(
                "Headache, peak intensity {intensity}, {count} episode",
                "Headache, peak intensity {intensity}, {count} episodes",
                d.episodes,
                intensity=d.peak_intensity,
            )
        if d.check_in:
            return _(
                "Headache, peak intensity {intensity} (from the check-in)",
                intensity=d.peak_intensity,
            )
        return _("Headache, peak intensity {intensity}", intensity=d.peak_intensity)
    if d.episodes:
        return ngettext("Headache, {count} episode", "Headache, {count} episodes", d.episodes)
    if d.check_in:
        return _("Headache (from the check-in)")
    return _("Headache")


def day_state(d: CalendarDay) -> str:
    """What is recorded for the day, in words (without the date): ``Headache, peak
    intensity 6, 1 episode``."""
    if d.kind == "headache":
        text = _headache_state(d)
        if d.ongoing:
            # Translators: {state} is e.g. "Headache, peak intensity 6, 1 episode"
            text = _("{state}, still ongoing", state=text)
    elif d.kind == "headache_free":
        text = _("Confirmed headache-free")
    elif d.kind == "unrecorded":
        text = _("No record (neither headache nor headache-free)")
    elif d.kind == "future":
        text = _("Still to come")
    else:
        text = ""
    if d.medication:
        classes = [vocab.label(c) for c in d.medication_classes]
        if classes:
            # Translators: {state} is what the day was, {classes} the medication classes
            text = _(
                "{state}; a medication day ({classes})", state=text, classes=", ".join(classes)
            )
        else:
            text = _("{state}; a medication day", state=text)
    return text


def describe_day(d: CalendarDay) -> str:
    """The day in words, for the side panel and screen readers: ``Tuesday, 3 November
    2026: Headache, intensity 6``."""
    # Translators: {day} is a date in full, {state} what was recorded that day
    return _("{day}: {state}", day=long_day_title(d.day), state=day_state(d))


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def paint_cell(
    p: QPainter,
    r: QRectF,
    d: CalendarDay,
    pal: QPalette,
    fonts: tuple[QFont, QFont, QFont],
    number: bool = True,
) -> None:
    """One day's cell (also the legend's swatches, without the day number): fill or
    hatching, number, mark."""
    small, big, tiny = fonts
    key = fill_key(d)
    grid = pal.color(QPalette.ColorRole.Mid)
    if key:
        p.fillRect(r, QColor(FILLS[key]))
        ink = QColor(INK_ON.get(key, DEFAULT_INK))
    else:
        p.fillRect(r, pal.color(QPalette.ColorRole.Base))
        ink = pal.color(QPalette.ColorRole.Text)
        if d.kind == "unrecorded":
            hatch = QColor(pal.color(QPalette.ColorRole.Text))
            hatch.setAlphaF(0.22)
            p.fillRect(r, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
    p.setPen(QPen(grid, 1))
    p.drawRect(r.adjusted(0, 0, -1, -1))
    pad = max(2.0, r.width() * 0.05)
    num_ink = ink if key else muted_color(pal)
    if d.kind == "future":
        num_ink.setAlphaF(0.6)
    if number:
        p.setFont(small)
        p.setPen(num_ink)
        p.drawText(
            r.adjusted(pad, pad * 0.6, -pad, -pad), Qt.AlignmentFlag.AlignLeft, str(d.day.day)
        )
    mark = day_mark(d)
    if mark:
        p.setFont(big)
        p.setPen(ink)
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, mark)
    letters = medication_mark(d)
    if letters:  # a letter per class taken
        p.setFont(tiny)
        p.setPen(ink)
        p.drawText(
            r.adjusted(pad, pad, -pad, -pad * 0.6),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
            letters,
        )


class MonthGrid(QWidget):
    """Seven columns, Monday first; the selected day has a focus frame."""

    day_selected = Signal(object)  # date
    day_activated = Signal(object)  # date: Enter, Space or double-click
    #: keyboard navigation left the month shown: (year, month)
    month_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("Headache calendar"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.calendar: MonthCalendar | None = None
        #: the first column's day (ISO: 1 = Monday ... 7 = Sunday; Settings)
        self.first_weekday = i18n.first_weekday()
        self.year, self.month = date.today().year, date.today().month
        self.selected = date.today()

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(self._widest_day() * 7 * 3, fm.height() * 24)

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(self._widest_day() * 7 * 2, fm.height() * 14)

    def _widest_day(self) -> int:
        """The width of the widest short day name in the header."""
        fm = self.fontMetrics()
        return max(fm.horizontalAdvance(name) for name in week_days(self.first_weekday))

    # -- data ----------------------------------------------------------------------------
    def set_month(self, year: int, month: int, calendar: MonthCalendar | None) -> None:
        self.year, self.month = year, month
        self.calendar = calendar
        if (self.selected.year, self.selected.month) != (year, month):
            self.selected = date(year, month, 1)
        self._describe()
        self.update()

    def set_first_weekday(self, first_weekday: int) -> None:
        self.first_weekday = first_weekday
        self.update()

    def day(self, d: date) -> CalendarDay | None:
        if self.calendar is None or (d.year, d.month) != (self.calendar.year, self.calendar.month):
            return None
        return self.calendar.days[d.day - 1]

    def _describe(self) -> None:
        found = self.day(self.selected)
        self.setAccessibleDescription(
            describe_day(found) if found else long_day_title(self.selected)
        )

    # -- geometry --------------------------------------------------------------------------
    def _header_h(self) -> int:
        return self.fontMetrics().height() + 6

    def _cell_rect(self, row: int, col: int) -> QRectF:
        w = (self.width() - 1) / 7
        h = (self.height() - self._header_h() - 1) / 6
        return QRectF(col * w, self._header_h() + row * h, w, h)

    def _position(self, d: date) -> tuple[int, int]:
        first = date(self.year, self.month, 1)
        index = week_column(first, self.first_weekday) + d.day - 1
        return index // 7, index % 7

    def date_at(self, x: float, y: float) -> date | None:
        if y < self._header_h():
            return None
        w = (self.width() - 1) / 7
        h = (self.height() - self._header_h() - 1) / 6
        col, row = int(x // w), int((y - self._header_h()) // h)
        first = date(self.year, self.month, 1)
        index = row * 7 + col - week_column(first, self.first_weekday)
        found = first + timedelta(days=index)
        return found if (found.year, found.month) == (self.year, self.month) else None

    def cell_center(self, d: date) -> QPointF:
        return self._cell_rect(*self._position(d)).center()

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        base = self.font()
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.85)
        h = (self.height() - self._header_h()) / 6
        big = QFont(base)
        big.setBold(True)
        big.setPointSizeF(max(base.pointSizeF(), min(base.pointSizeF() * 1.6, h * 0.3)))
        tiny = QFont(base)
        tiny.setBold(True)
        tiny.setPointSizeF(base.pointSizeF() * 0.8)
        p.setFont(base)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        w = (self.width() - 1) / 7
        for i, name in enumerate(week_days(self.first_weekday)):
            p.drawText(QRectF(i * w, 0, w, self._header_h()), Qt.AlignmentFlag.AlignCenter, name)
        today = date.today()
        if self.calendar is not None:
            for d in self.calendar.days:
                r = self._cell_rect(*self._position(d.day))
                paint_cell(p, r, d, pal, (small, big, tiny))
                if d.day == today:
                    p.setPen(QPen(pal.color(QPalette.ColorRole.WindowText), 2))
                    p.drawRect(r.adjusted(2, 2, -3, -3))
        if (self.selected.year, self.selected.month) == (self.year, self.month):
            r = self._cell_rect(*self._position(self.selected))
            width = 4 if self.hasFocus() else 3
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), width))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(r.adjusted(width / 2, width / 2, -width / 2 - 1, -width / 2 - 1))
        p.end()

    # -- input -----------------------------------------------------------------------------
    def select(self, d: date) -> None:
        if (d.year, d.month) != (self.year, self.month):
            self.selected = d
            self.month_requested.emit(d.year, d.month)
        else:
            self.selected = d
        self._describe()
        self.update()
        self.day_selected.emit(d)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.date_at(event.position().x(), event.position().y())
        if found is not None:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.select(found)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        found = self.date_at(event.position().x(), event.position().y())
        if found is not None:
            self.day_activated.emit(found)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        d = self.selected
        steps = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -7,
            Qt.Key.Key_Down: 7,
        }
        if key in steps:
            self.select(d + timedelta(days=steps[Qt.Key(key)]))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            y, m = add_months(d.year, d.month, -1 if key == Qt.Key.Key_PageUp else 1)
            last = (date(*add_months(y, m, 1), 1) - timedelta(days=1)).day
            self.select(date(y, m, min(d.day, last)))
        elif key == Qt.Key.Key_Home:
            self.select(d.replace(day=1))
        elif key == Qt.Key.Key_End:
            y, m = add_months(d.year, d.month, 1)
            self.select(date(y, m, 1) - timedelta(days=1))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.day_activated.emit(d)
        else:
            super().keyPressEvent(event)


class Swatch(QWidget):
    """A legend entry's cell, painted like the grid's."""

    def __init__(self, day: CalendarDay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sample = day
        fm = self.fontMetrics()
        self.setFixedSize(fm.height() * 2, int(fm.height() * 1.6))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        f = self.font()
        big = QFont(f)
        big.setBold(True)
        tiny = QFont(f)
        tiny.setPointSizeF(f.pointSizeF() * 0.7)
        tiny.setBold(True)
        rect = QRectF(self.rect())
        paint_cell(p, rect, self.sample, self.palette(), (tiny, big, big), number=False)
        p.end()


def legend_sample(key: str, mark: str) -> CalendarDay:
    sample = date(2000, 1, 1)  # not drawn
    if key in ("mild", "moderate", "severe"):
        return CalendarDay(sample, "headache", int(mark), 1)
    if key == "headache":
        return CalendarDay(sample, "headache", None, 1)
    if key == "headache_free":
        return CalendarDay(sample, "headache_free", check_in=True)
    if key == "medication":
        return CalendarDay(sample, "future", medication=True, medication_classes=("triptan",))
    return CalendarDay(sample, "unrecorded")
