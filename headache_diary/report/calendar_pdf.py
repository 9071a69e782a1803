"""The PDF's headache calendar: one block per month of the period, two blocks a row.

Legible in black and white: each headache day carries its peak intensity (or ``H``), a
confirmed headache-free day a ``✓``, a medication day a letter per class taken (``T`` for
a triptan, ``SN`` for a simple analgesic and an NSAID, listed under the legend); a day
without any record is hatched; fills go from light to dark with the intensity. Days of a
block's month that lie outside the period are greyed and carry no mark. The data are the same
:class:`~headache_diary.analysis.calendar.MonthCalendar` values the window draws.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor

from headache_diary import i18n
from headache_diary.analysis.calendar import (
    DEFAULT_INK,
    FILLS,
    INK_ON,
    LEGEND,
    CalendarDay,
    MonthCalendar,
    class_key,
    day_mark,
    fill_key,
    medication_mark,
)
from headache_diary.domain.text import week_days
from headache_diary.i18n import _, ngettext
from headache_diary.report.layout import (
    MM,
    MUTED,
    PT,
    RULE,
    Layout,
    LineOp,
    Op,
    RectOp,
    TextOp,
    font,
)

_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_TOP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
_BOTTOM_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
OUTSIDE = QColor(185, 185, 185)
HATCH = QColor(150, 150, 150)


def hatch(rect: QRectF, spacing: float) -> list[LineOp]:
    """Diagonal lines (bottom-left to top-right) across ``rect``, ``spacing`` apart."""
    out = []
    x0, y0, w, h = rect.x(), rect.y(), rect.width(), rect.height()
    k = spacing
    while k < w + h:
        # the line x + (y0 + h - y) = x0 + k, clipped to the rectangle
        ax, ay = x0 + max(0.0, k - h), y0 + h - min(k, h)
        bx, by = x0 + min(k, w), y0 + h - max(0.0, k - w)
        out.append(LineOp(ax, ay, bx, by, HATCH, 0.35))
        k += spacing
    return out


def _cell(d: CalendarDay, r: QRectF) -> list[Op]:
    ops: list[Op] = []
    key = fill_key(d)
    if d.kind == "outside":  # not in the period: no frame, a faint number
        ops.append(
            TextOp(
                r.adjusted(0.8 * MM, 0.5 * MM, 0, 0),
                font(5.5),
                str(d.day.day),
                _TOP_LEFT,
                OUTSIDE,
            )
        )
        return ops
    ops.append(RectOp(r, QColor(FILLS[key]) if key else QColor("white"), RULE))
    if d.kind == "unrecorded":
        ops.extend(hatch(r, 1.6 * MM))
        ops.append(RectOp(r, None, RULE))
    ink = QColor(INK_ON.get(key or "", DEFAULT_INK))
    num = QRectF(r.x() + 0.8 * MM, r.y() + 0.5 * MM, r.width() * 0.5, r.height() * 0.4)
    if d.kind == "unrecorded":  # the number on a white patch, above the hatching
        ops.append(RectOp(QRectF(num.x() - 0.3 * MM, num.y(), 3.2 * MM, 2.4 * MM), QColor("white")))
    ops.append(TextOp(num, font(5.5), str(d.day.day), _TOP_LEFT, ink if key else QColor(MUTED)))
    mark = day_mark(d)
    if mark:
        ops.append(TextOp(r, font(9, bold=True), mark, _CENTER, ink))
    letters = medication_mark(d)
    if letters:  # a letter per class taken (the key is under the legend)
        ops.append(
            TextOp(
                r.adjusted(0, 0, -0.8 * MM, -0.3 * MM),
                font(6, bold=True),
                letters,
                _BOTTOM_RIGHT,
                ink,
            )
        )
    return ops


def _block(
    lay: Layout, month: MonthCalendar, x: float, y: float, w: float, first_weekday: int = 1
) -> float:
    """Draw one month at (x, y), ``w`` wide, its weeks starting on ``first_weekday``;
    returns its height."""
    cw = w / 7
    ch = cw * 0.68
    title = i18n.format_month(date(month.year, month.month, 1))
    known = month.known_days
    # Translators: beside a month of the PDF's calendar: on how many of its days (in the
    # period) something was recorded
    sub = (
        ngettext(
            "recorded {recorded} of {count} day",
            "recorded {recorded} of {count} days",
            known,
            recorded=month.recorded_days,
        )
        if known
        else ""
    )
    th = lay.fm(font(9, bold=True)).height()
    lay.page.append(TextOp(QRectF(x, y, w, th), font(9, bold=True), title, _LEFT))
    lay.page.append(
        TextOp(QRectF(x, y, w, th), font(7), sub, int(Qt.AlignmentFlag.AlignRight), QColor(MUTED))
    )
    y += th + 1 * PT
    hh = lay.fm(font(6.5)).height()
    for i, name in enumerate(week_days(first_weekday)):
        lay.page.append(
            TextOp(QRectF(x + i * cw, y, cw, hh), font(6.5), name, _CENTER, QColor(MUTED))
        )
    y += hh + 0.5 * PT
    top = y
    for week in month.weeks(first_weekday):
        for i, d in enumerate(week):
            if d is not None:
                lay.page.extend(_cell(d, QRectF(x + i * cw, y, cw, ch)))
        y += ch
    return th + 1 * PT + hh + 0.5 * PT + (y - top)


def block_height(lay: Layout, w: float) -> float:
    cw = w / 7
    return (
        lay.fm(font(9, bold=True)).height() + lay.fm(font(6.5)).height() + 1.5 * PT + 6 * cw * 0.68
    )


def _legend(lay: Layout) -> None:
    sw = 5 * MM
    sh = 3.6 * MM
    f = font(7)
    col_w = lay.width / 2
    rows = (len(LEGEND) + 1) // 2
    lay.need(rows * (sh + 1.2 * MM))
    for n, (key, mark, text) in enumerate(LEGEND):
        x = lay.left + (n % 2) * col_w
        y = lay.y + (n // 2) * (sh + 1.2 * MM)
        r = QRectF(x, y, sw, sh)
        fill = FILLS.get(key)
        lay.page.append(RectOp(r, QColor(fill) if fill else QColor("white"), RULE))
        if key == "unrecorded":
            lay.page.extend(hatch(r, 1.4 * MM))
            lay.page.append(RectOp(r, None, RULE))
        ink = QColor(INK_ON.get(key, DEFAULT_INK))
        if mark:
            lay.page.append(TextOp(r, font(7, bold=True), mark, _CENTER, ink))
        lay.page.append(TextOp(QRectF(x + sw + 2 * MM, y, col_w - sw - 3 * MM, sh), f, text, _LEFT))
    lay.y += rows * (sh + 1.2 * MM) + 2 * PT


def layout_calendar(
    lay: Layout, months: list[MonthCalendar], left_out: int, first_weekday: int = 1
) -> None:
    """The "Headache calendar" section: a legend, then the months two to a row, their
    weeks starting on ``first_weekday`` (the patient's choice in Settings)."""
    if not months:
        return
    gap = 6 * MM
    w = (lay.width - gap) / 2
    h = block_height(lay, w)
    lay.heading(_("Headache calendar"), keep_with=(h + 30 * MM) / PT)
    lay.paragraph(
        # Translators: "H" is the mark the calendar shows on a headache day without a
        # recorded intensity (analysis.calendar's day mark); keep the same letter here
        _(
            "Each day: its peak intensity, or H, on a day with a headache; ✓ on a day the "
            "patient confirmed headache-free; hatched when nothing was recorded (unknown, not "
            "headache-free); in the corner of a medication day a letter for each class taken "
            "(a dose in or outside an episode, or regular medication that counts as a "
            "medication day)."
        ),
        font(8),
        color=MUTED,
        after=2,
    )
    if left_out:
        lay.paragraph(
            ngettext(
                "The calendar shows the last {shown} months of the period; {count} earlier "
                "month is left out here (the figures include it).",
                "The calendar shows the last {shown} months of the period; {count} earlier "
                "months are left out here (the figures include them).",
                left_out,
                shown=len(months),
            ),
            font(8, bold=True),
            after=2,
        )
    _legend(lay)
    taken = {c for m in months for d in m.days if d.kind != "outside" for c in d.medication_classes}
    if taken:
        # Translators: {key} lists each letter with its class, e.g. "T = Triptan, N = NSAID"
        text = _("Medication letters: {key}.", key=class_key(taken))
    else:
        text = _("Medication letters: no medication day in these months.")
    lay.paragraph(text, font(8), after=3)
    for i in range(0, len(months), 2):
        lay.need(h)
        for j, month in enumerate(months[i : i + 2]):
            _block(lay, month, lay.left + j * (w + gap), lay.y, w, first_weekday)
        lay.y += h + 4 * MM
