"""A small page-layout engine over QPdfWriter + QPainter (QtGui only, no widgets).

(About 430 lines: the paint operations and the one Layout class that measures and flows
them belong together; splitting them would only add imports.)

:class:`Layout` measures every block (paragraphs, bullets, headings, boxed notes, SVG
charts, tables that split over pages and repeat their header) with the fonts the PDF will
embed, and cuts the content into pages of paint operations; painting is a second pass
(:func:`paint_pages`), so "Page 2 of 5" is known before anything is painted. It knows
nothing about headaches: :mod:`headache_diary.report.compose` decides what goes where.

Charts are matplotlib SVG (``svg.fonttype = "none"``: text stays text) drawn by
QSvgRenderer, so they stay vector graphics and their labels are extractable, set in the
same embedded DejaVu Sans as the rest of the page.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QMarginsF, QPointF, QRectF, Qt
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
from headache_diary.i18n import _

FAMILY = "DejaVu Sans"  # i18n: font family
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
                    _(
                        "The font {name} that ships with the app could not be loaded; "
                        "the PDF was not written.",
                        name=name,
                    )
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
            raise ExportError(_("A chart could not be drawn; the PDF was not written."))
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
        #: word widths and words cut to fit a column (tables repeat the same words)
        self._advances: dict[tuple, dict[str, float]] = {}
        self._cut: dict[tuple, str] = {}
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

        def cut(n: int, cells: tuple[str, ...]) -> list[tuple[float, float, str]]:
            if n in group_rows:
                out = [(xs[0], sum(cols[:-1]), cells[0])]
                if len(cells) > 1:
                    out.append((xs[-1], cols[-1], cells[-1]))
                return out
            return [(xs[i], cols[i], text) for i, text in enumerate(cells)]

        def spans(n: int, cells: tuple[str, ...]) -> list[tuple[float, float, str]]:
            f = head if n in group_rows else body
            return [(x, w, self._breakable(text, f, w - 2 * pad_x)) for x, w, text in cut(n, cells)]

        def height(cells: list[tuple[float, float, str]], f: QFont) -> float:
            h = self.fm(f).height()
            for _x, w, text in cells:
                if text:
                    h = max(h, self.text_height(text, f, w - 2 * pad_x))
            return h + 2 * pad_y

        head_cells = [
            (xs[i], cols[i], self._breakable(text, head, cols[i] - 2 * pad_x))
            for i, text in enumerate(headers)
        ]
        head_h = height(head_cells, head)

        def draw_header() -> None:
            self.page.append(RectOp(QRectF(self.left, self.y, self.width, head_h), HEADER_FILL))
            for x, w, text in head_cells:
                r = QRectF(x + pad_x, self.y + pad_y, w - 2 * pad_x, head_h)
                self.page.append(TextOp(r, head, text))
            self.y += head_h

        prepared: dict[int, list[tuple[float, float, str]]] = {}

        def row_cells(n: int) -> list[tuple[float, float, str]]:
            """The row's cells, made once for measuring and drawing."""
            cells = prepared.get(n)
            if cells is None:
                cells = prepared[n] = spans(n, rows[n])
            return cells

        def row_h(n: int) -> float:
            return height(row_cells(n), head if n in group_rows else body)

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
            for x, w, text in prepared.pop(n, None) or spans(n, rows[n]):
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
        # a flexible column is at least as wide as its longest word (German compounds such
        # as "Nackensteifigkeit" would be cut otherwise); the others share what is left
        free = [i for i, c in enumerate(cols) if c is None]
        least = {i: self._longest_word(headers, rows, i, fm_body, fm_head) + 2 * pad_x
                 for i in free}  # fmt: skip
        fixed: dict[int, float] = {}
        while True:
            share = rest - sum(fixed.values())
            weight = sum(widths[i] for i in free if i not in fixed)
            if weight <= 0:
                break
            narrow = [i for i in free if i not in fixed and widths[i] / weight * share < least[i]]
            if not narrow:
                break
            for i in narrow:
                fixed[i] = least[i]
        share = rest - sum(fixed.values())
        weight = sum(widths[i] for i in free if i not in fixed)
        if share < 0 or (weight > 0 and share <= 0):
            # the longest words cannot all fit: each flexible column gets the same part of
            # its longest word, and a word too long for its cell is broken (_breakable)
            total_least = sum(least.values())
            return [
                c if c is not None else least[i] / total_least * rest for i, c in enumerate(cols)
            ]
        return [
            c if c is not None else fixed.get(i, widths[i] / weight * share if weight else 0.0)
            for i, c in enumerate(cols)
        ]

    def _widths(self, f: QFont) -> dict[str, float]:
        """Word -> width in ``f``, filled as words are measured (tables repeat words)."""
        key = (f.pointSizeF(), f.bold(), f.italic())
        widths = self._advances.get(key)
        if widths is None:
            widths = self._advances[key] = {}
        return widths

    def _breakable(self, text: str, f: QFont, width: float) -> str:
        """``text`` with each word wider than ``width`` cut into pieces that fit, each but
        the last ending in a hyphen: word wrapping then puts them on lines of their own
        instead of cutting the word at the cell's edge."""
        known = self._widths(f)
        fm = self.fm(f)
        too_wide = False
        for word in text.split():
            w = known.get(word)
            if w is None:
                w = known[word] = fm.horizontalAdvance(word)
            if w > width:
                too_wide = True
                break
        if not too_wide:
            return text
        return "\n".join(
            " ".join(self._pieces(w, f, width) for w in ln.split(" ")) for ln in text.split("\n")
        )

    def _pieces(self, word: str, f: QFont, width: float) -> str:
        """``word`` cut into pieces narrower than ``width`` (see :meth:`_breakable`)."""
        known = self._widths(f)
        fm = self.fm(f)
        w = known.get(word)
        if w is None:
            w = known[word] = fm.horizontalAdvance(word)
        if w <= width:
            return word
        key = (f.pointSizeF(), f.bold(), f.italic(), word, width)
        cut = self._cut.get(key)
        if cut is not None:
            return cut
        out, piece = [], ""
        for ch in word:
            if piece and fm.horizontalAdvance(piece + ch + "-") > width:
                out.append(piece + "-")
                piece = ""
            piece += ch
        if out and len(piece) < 3:  # no piece of one or two letters at the end
            k = 3 - len(piece)
            head = out[-1][:-1]
            out[-1], piece = head[:-k] + "-", head[-k:] + piece
        cut = self._cut[key] = " ".join([*out, piece])
        return cut

    def _longest_word(
        self,
        headers: tuple[str, ...],
        rows: list[tuple[str, ...]],
        i: int,
        fm_body: QFontMetricsF,
        fm_head: QFontMetricsF,
    ) -> float:
        """The width of the longest word in column ``i`` (its header in bold)."""
        words = {w for r in rows if len(r) > i for w in r[i].split()}
        widest = max((fm_body.horizontalAdvance(w) for w in words), default=0.0)
        head_words = headers[i].split() if i < len(headers) else []
        return max([widest, *(fm_head.horizontalAdvance(w) for w in head_words)]) + 1 * PT


def new_writer(buffer: QBuffer, page_size: str, title: str) -> QPdfWriter:
    """A QPdfWriter on ``buffer`` for A4 or Letter, with only ``title`` and the creator as
    metadata: no author, no patient name, nothing from the computer."""
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
    writer.setTitle(title)
    writer.setCreator("Headache Diary")  # i18n: the app's name
    return writer


def paint_pages(
    writer: QPdfWriter,
    pages: Sequence[Sequence[Op]],
    frame: Callable[[QPainter, int, int], None],
    progress: Callable[[int, int], None],
) -> None:
    """Paint ``pages`` (``frame(painter, number, total)`` first on each) and call
    ``progress(number, total)`` after each page."""
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(_("The PDF could not be started; nothing was written."))
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        total = len(pages)
        for number, ops in enumerate(pages, start=1):
            if number > 1:
                writer.newPage()
            frame(painter, number, total)
            for op in ops:
                op.paint(painter)
            progress(number, total)
    finally:
        painter.end()
