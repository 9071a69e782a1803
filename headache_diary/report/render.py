"""Lay out and paint the report with QPdfWriter + QPainter (QtGui only, no widgets).

Two passes: :class:`Layout` measures every block with the fonts the PDF will embed and
cuts the content into pages (so "Page 2 of 5" is known before anything is painted); then
:func:`render_pdf` paints the pages into an in-memory buffer. Nothing touches the disk
here: the caller writes the bytes atomically.

Charts are matplotlib SVG (``svg.fonttype = "none"``: text stays text) drawn by
QSvgRenderer, so they stay vector graphics and their labels are extractable, set in the
same embedded DejaVu Sans as the rest of the page.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgRenderer

from headache_diary.domain.errors import ExportError
from headache_diary.report.content import (
    CHART_WIDTH_IN,
    DEFINITIONS,
    EPISODE_COLUMNS,
    SELF_REPORTED,
    ReportContent,
    format_date,
)

FAMILY = "DejaVu Sans"
_FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
RESOLUTION = 1200  # device units per inch of QPdfWriter
PT = RESOLUTION / 72  # device units per typographic point
MM = RESOLUTION / 25.4

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}

INK = QColor(20, 20, 20)
MUTED = QColor(90, 90, 90)
ACCENT = QColor(31, 73, 125)
RULE = QColor(170, 170, 170)
HEADER_FILL = QColor(226, 232, 240)
ZEBRA = QColor(246, 247, 249)
NOTE_FILL = QColor(255, 244, 214)

_fonts_loaded = False
_app: QGuiApplication | None = None


def ensure_gui() -> None:
    """A QGuiApplication (offscreen when there is no display) and the bundled fonts."""
    global _fonts_loaded, _app
    if QGuiApplication.instance() is None:
        if (
            sys.platform.startswith("linux")
            and not os.environ.get("DISPLAY")
            and not os.environ.get("WAYLAND_DISPLAY")
        ):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication([sys.argv[0] if sys.argv else "headache-diary"])
    if not _fonts_loaded:
        import matplotlib

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
        for name in _FONT_FILES:
            if QFontDatabase.addApplicationFont(str(folder / name)) < 0:
                raise ExportError(
                    f"The font {name} that ships with the app could not be loaded; "
                    "the PDF was not written."
                )
        _fonts_loaded = True


def font(size: float, *, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont(FAMILY)
    f.setPointSizeF(size)
    f.setBold(bold)
    f.setItalic(italic)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    f.setKerning(True)
    # no "fi"/"fl" ligatures: text extraction would read "proﬁle" instead of "profile"
    if hasattr(QFont, "Tag"):  # Qt >= 6.7
        f.setFeature(QFont.Tag("liga"), 0)
        f.setFeature(QFont.Tag("clig"), 0)
    return f


# ---------------------------------------------------------------- page operations


@dataclass
class TextOp:
    rect: QRectF
    font: QFont
    text: str
    flags: int = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
        Qt.TextFlag.TextWordWrap
    )
    color: QColor = field(default_factory=lambda: QColor(INK))

    def paint(self, p: QPainter) -> None:
        p.setFont(self.font)
        p.setPen(self.color)
        p.drawText(self.rect, self.flags, self.text)


@dataclass
class RectOp:
    rect: QRectF
    fill: QColor | None = None
    stroke: QColor | None = None

    def paint(self, p: QPainter) -> None:
        p.setPen(QPen(self.stroke, 0.6 * PT) if self.stroke else Qt.PenStyle.NoPen)
        p.setBrush(self.fill if self.fill else Qt.BrushStyle.NoBrush)
        p.drawRect(self.rect)


@dataclass
class LineOp:
    x1: float
    y1: float
    x2: float
    y2: float
    color: QColor = field(default_factory=lambda: QColor(RULE))
    width: float = 0.5

    def paint(self, p: QPainter) -> None:
        p.setPen(QPen(self.color, self.width * PT))
        p.drawLine(QPointF(self.x1, self.y1), QPointF(self.x2, self.y2))


@dataclass
class SvgOp:
    rect: QRectF
    svg: bytes

    def paint(self, p: QPainter) -> None:
        renderer = QSvgRenderer(QByteArray(self.svg))
        if not renderer.isValid():
            raise ExportError("A chart could not be drawn; the PDF was not written.")
        # QtSvg starts from the painter's font and only overrides what the SVG sets
        # (family, size): reset weight and style, or a bold heading leaks into the chart
        p.save()
        p.setFont(font(10))
        p.setPen(QColor(INK))
        renderer.render(p, self.rect)
        p.restore()


Op = TextOp | RectOp | LineOp | SvgOp


# ---------------------------------------------------------------- layout


class Layout:
    """Flows blocks down the content area of A4/Letter pages."""

    def __init__(self, device: QPdfWriter, page_w: float, page_h: float) -> None:
        self.device = device
        self.page_w = page_w
        self.page_h = page_h
        self.left = 16 * MM
        self.right = page_w - 16 * MM
        self.top = 20 * MM
        self.bottom = page_h - 18 * MM
        self.width = self.right - self.left
        self.height = self.bottom - self.top
        self.pages: list[list[Op]] = [[]]
        self.y = self.top
        self._metrics: dict[tuple, QFontMetricsF] = {}
        #: called after every page break (e.g. to repeat a table header)
        self.on_new_page: Callable[[], None] | None = None

    # measuring
    def fm(self, f: QFont) -> QFontMetricsF:
        key = (f.pointSizeF(), f.bold(), f.italic())
        m = self._metrics.get(key)
        if m is None:
            m = self._metrics[key] = QFontMetricsF(f, self.device)
        return m

    def text_height(self, text: str, f: QFont, width: float) -> float:
        fm = self.fm(f)
        if "\n" not in text and fm.horizontalAdvance(text) <= width:
            return fm.height()
        r = fm.boundingRect(
            QRectF(0, 0, width, 1e9),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            | int(Qt.TextFlag.TextWordWrap),
            text,
        )
        return r.height()

    # flow
    @property
    def page(self) -> list[Op]:
        return self.pages[-1]

    def remaining(self) -> float:
        return self.bottom - self.y

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.top
        if self.on_new_page is not None:
            self.on_new_page()

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` fits below the current position."""
        if height > self.remaining() and self.y > self.top:
            self.new_page()

    def gap(self, points: float) -> None:
        self.y = min(self.y + points * PT, self.bottom)

    def paragraph(
        self,
        text: str,
        f: QFont,
        *,
        color: QColor = INK,
        indent: float = 0.0,
        after: float = 4.0,
        keep_with: float = 0.0,
    ) -> None:
        x = self.left + indent
        w = self.right - x
        h = self.text_height(text, f, w)
        self.need(h + keep_with)
        self.page.append(TextOp(QRectF(x, self.y, w, h + 1), f, text, color=QColor(color)))
        self.y += h + after * PT

    def bullets(self, items: list[str], f: QFont, *, after: float = 3.0) -> None:
        indent = 4 * MM
        for item in items:
            w = self.width - indent
            h = self.text_height(item, f, w)
            self.need(h)
            self.page.append(TextOp(QRectF(self.left + 1 * MM, self.y, indent, h), f, "•"))
            self.page.append(TextOp(QRectF(self.left + indent, self.y, w, h + 1), f, item))
            self.y += h + after * PT

    def heading(self, text: str, *, size: float = 13, keep_with: float = 60) -> None:
        self.gap(6)
        self.paragraph(text, font(size, bold=True), color=ACCENT, after=3, keep_with=keep_with * PT)
        self.page.append(LineOp(self.left, self.y - 2 * PT, self.right, self.y - 2 * PT, ACCENT))
        self.gap(3)

    def boxed(self, text: str, f: QFont, fill: QColor, *, after: float = 6.0) -> None:
        pad = 2.5 * MM
        h = self.text_height(text, f, self.width - 2 * pad)
        self.need(h + 2 * pad)
        self.page.append(RectOp(QRectF(self.left, self.y, self.width, h + 2 * pad), fill))
        self.page.append(
            TextOp(QRectF(self.left + pad, self.y + pad, self.width - 2 * pad, h + 1), f, text)
        )
        self.y += h + 2 * pad + after * PT

    def svg(self, data: bytes, aspect: float, *, max_w: float, max_h: float) -> None:
        w = min(self.width, max_w)
        h = w / aspect
        if h > max_h:
            h = max_h
            w = h * aspect
        self.need(h)
        x = self.left + (self.width - w) / 2
        self.page.append(SvgOp(QRectF(x, self.y, w, h), data))
        self.y += h

    def table(
        self,
        headers: tuple[str, ...],
        rows: list[tuple[str, ...]],
        widths: tuple[float, ...],
        *,
        size: float = 7.5,
        zebra: bool = True,
        group_rows: frozenset[int] = frozenset(),
        fit: tuple[bool, ...] = (),
        check: Callable[[], None] | None = None,
    ) -> None:
        """A table that splits over pages, repeating its header row on each page.

        Rows listed in ``group_rows`` are bold sub-headings: their first cell spans every
        column but the last. A row never splits; a group row stays with the row after it.
        Columns marked in ``fit`` are as wide as their widest cell (or header word); the
        others share the rest in proportion to ``widths``.
        """
        pad_x, pad_y = 1.0 * MM, 0.7 * MM
        body, head = font(size), font(size, bold=True)
        cols = self._column_widths(headers, rows, widths, fit, body, head, pad_x)
        xs = [self.left]
        for c in cols[:-1]:
            xs.append(xs[-1] + c)

        def spans(n: int, cells: tuple[str, ...]) -> list[tuple[float, float, str]]:
            if n in group_rows:
                out = [(xs[0], sum(cols[:-1]), cells[0])]
                if len(cells) > 1:
                    out.append((xs[-1], cols[-1], cells[-1]))
                return out
            return [(xs[i], cols[i], text) for i, text in enumerate(cells)]

        def height(cells: list[tuple[float, float, str]], f: QFont) -> float:
            h = self.fm(f).height()
            for _x, w, text in cells:
                if text:
                    h = max(h, self.text_height(text, f, w - 2 * pad_x))
            return h + 2 * pad_y

        head_cells = [(xs[i], cols[i], text) for i, text in enumerate(headers)]
        head_h = height(head_cells, head)

        def draw_header() -> None:
            self.page.append(RectOp(QRectF(self.left, self.y, self.width, head_h), HEADER_FILL))
            for x, w, text in head_cells:
                r = QRectF(x + pad_x, self.y + pad_y, w - 2 * pad_x, head_h)
                self.page.append(TextOp(r, head, text))
            self.y += head_h

        def row_h(n: int) -> float:
            return height(spans(n, rows[n]), head if n in group_rows else body)

        self.need(head_h + (row_h(0) if rows else 0))
        draw_header()
        next_h = row_h(0) if rows else 0.0
        for n in range(len(rows)):
            if check is not None and n % 200 == 0:
                check()
            h = next_h
            next_h = row_h(n + 1) if n + 1 < len(rows) else 0.0
            keep = next_h if n in group_rows else 0.0
            if h + keep > self.remaining():
                self.new_page()
                draw_header()
            group = n in group_rows
            f = head if group else body
            if group or (zebra and n % 2):
                self.page.append(RectOp(QRectF(self.left, self.y, self.width, h), ZEBRA))
            for x, w, text in spans(n, rows[n]):
                if text:
                    r = QRectF(x + pad_x, self.y + pad_y, w - 2 * pad_x, h - pad_y)
                    self.page.append(TextOp(r, f, text))
            self.y += h
            self.page.append(LineOp(self.left, self.y, self.right, self.y, RULE, 0.25))

    def _column_widths(
        self,
        headers: tuple[str, ...],
        rows: list[tuple[str, ...]],
        widths: tuple[float, ...],
        fit: tuple[bool, ...],
        body: QFont,
        head: QFont,
        pad_x: float,
    ) -> list[float]:
        cols: list[float | None] = [None] * len(widths)
        fm_body, fm_head = self.fm(body), self.fm(head)
        for i, fitted in enumerate(fit):
            if not fitted:
                continue
            widest = max(fm_head.horizontalAdvance(word) for word in headers[i].split())
            for text in {r[i] for r in rows if len(r) > i}:
                widest = max(widest, fm_body.horizontalAdvance(text))
            cols[i] = widest + 2 * pad_x + 1 * PT
        rest = self.width - sum(c for c in cols if c is not None)
        flex = sum(w for w, c in zip(widths, cols, strict=True) if c is None)
        if rest < self.width * 0.3 or flex <= 0:  # odd content: fall back to proportions
            total = sum(widths)
            return [w / total * self.width for w in widths]
        return [c if c is not None else w / flex * rest for w, c in zip(widths, cols, strict=True)]


# ---------------------------------------------------------------- the report


def _layout_report(
    lay: Layout,
    content: ReportContent,
    check: Callable[[], None],
) -> None:
    # page 1: who, when, what
    lay.paragraph("Headache diary summary", font(20, bold=True), color=ACCENT, after=2)
    lay.paragraph(content.period_text, font(12.5), after=6)
    lay.boxed(SELF_REPORTED, font(11, bold=True), NOTE_FILL, after=5)
    details = []
    if content.patient_name:
        details.append(f"Patient: {content.patient_name}")
    if content.date_of_birth is not None:
        details.append(f"Date of birth: {format_date(content.date_of_birth)}")
    if details:
        lay.paragraph("     ".join(details), font(10.5), after=4)
    lay.paragraph(content.generated_text, font(8.5), color=MUTED, after=2)

    lay.heading("Summary")
    if content.episodes == 0:
        lay.paragraph(
            "No episodes were recorded in this period, so there are no figures, charts or "
            "episode table.",
            font(10.5, bold=True),
        )
    lay.bullets(content.headline, font(10))

    lay.heading("Medication overuse check (ICHD-3 8.2)")
    if content.overuse:
        lay.bullets(content.overuse, font(9.5))
    elif content.episodes:
        lay.paragraph(
            "No month of the period reached a threshold for medication overuse.", font(9.5)
        )
    else:
        lay.paragraph("No medication was recorded in this period.", font(9.5))

    if content.profile:
        lay.heading("Feature profile (counts of episodes, not a diagnosis)")
        lay.table(
            ("Feature", "In this diary", "Reference"),
            [
                (r.text, r.reference) if r.is_group else (r.text, r.value, r.reference)
                for r in content.profile
            ],
            (5.0, 3.4, 2.1),
            size=7.5,
            zebra=False,
            group_rows=frozenset(i for i, r in enumerate(content.profile) if r.is_group),
        )

    lay.heading("Definitions used", size=10.5, keep_with=30)
    lay.bullets(list(DEFINITIONS), font(8), after=1.5)

    # charts
    if content.charts:
        first_h = lay.width / content.charts[0][2]
        lay.heading("Charts", keep_with=first_h / PT + 10)
        for _title, svg, aspect in content.charts:  # every figure carries its own title
            check()
            lay.svg(svg, aspect, max_w=CHART_WIDTH_IN * RESOLUTION, max_h=lay.height * 0.45)
            lay.gap(8)

    # episodes
    if content.episode_rows:
        lay.heading("Episodes", keep_with=120)
        lay.paragraph(
            "Times are local times where the episode was recorded. Intensity is the peak, 0-10.",
            font(8.5),
            color=MUTED,
        )
        if content.table_note:
            lay.boxed(content.table_note, font(9, bold=True), NOTE_FILL, after=4)
        lay.table(
            EPISODE_COLUMNS,
            content.episode_rows,
            (1, 1, 1, 1, 1, 45, 1, 55),
            size=7.5,
            fit=(True, True, True, True, True, False, True, False),
            check=check,
        )

    # medical history: a hook only; the diary has no history table yet
    if content.history:
        lay.heading("Medical history")
        lay.table(("Date", "Event", "Details"), content.history, (1.5, 2.5, 6))


def render_pdf(
    content: ReportContent,
    page_size: str,
    *,
    progress: Callable[[int | None], None] | None = None,
) -> bytes:
    """The report as PDF bytes.

    ``progress(percent)`` is called as pages are laid out and painted (``None``: no new
    percentage, just a chance to cancel); it cancels by raising (pdf.ExportCancelled).
    """
    ensure_gui()
    report = progress or (lambda _pct: None)

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(PAGE_SIZES[page_size]),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Point,
        )
    )
    # metadata set deliberately: no author, no patient name, nothing from the computer
    writer.setTitle(content.title)
    writer.setCreator("Headache Diary")
    rect = writer.pageLayout().fullRectPixels(RESOLUTION)
    page_w, page_h = float(rect.width()), float(rect.height())

    lay = Layout(writer, page_w, page_h)
    _layout_report(lay, content, check=lambda: report(None))
    if not lay.pages[-1]:
        lay.pages.pop()
    report(55)

    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError("The PDF could not be started; nothing was written.")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        total = len(lay.pages)
        small = font(7.5)
        for number, ops in enumerate(lay.pages, start=1):
            if number > 1:
                writer.newPage()
            _paint_frame(painter, lay, content, number, total, small)
            for op in ops:
                op.paint(painter)
            report(55 + 45 * number // total)
    finally:
        painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def _paint_frame(
    p: QPainter, lay: Layout, content: ReportContent, number: int, total: int, f: QFont
) -> None:
    """Running header and footer: period and page number on every page."""
    h = lay.fm(f).height()
    y_head = 10 * MM
    y_foot = lay.page_h - 10 * MM - h
    ops: list[Op] = [
        TextOp(
            QRectF(lay.left, y_head, lay.width, h + 1),
            f,
            f"Headache diary summary  ·  {content.period_text}",
            flags=int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            color=QColor(MUTED),
        ),
        LineOp(lay.left, y_head + h + 1.5 * PT, lay.right, y_head + h + 1.5 * PT, RULE, 0.4),
        LineOp(lay.left, y_foot - 2 * PT, lay.right, y_foot - 2 * PT, RULE, 0.4),
        TextOp(
            QRectF(lay.left, y_foot, lay.width, h + 1),
            f,
            SELF_REPORTED,
            flags=int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            color=QColor(MUTED),
        ),
        TextOp(
            QRectF(lay.left, y_foot, lay.width, h + 1),
            f,
            f"Page {number} of {total}",
            flags=int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
            color=QColor(MUTED),
        ),
    ]
    for op in ops:
        op.paint(p)
