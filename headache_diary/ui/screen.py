"""Window sizes that fit the screen they open on (a 1366x768 laptop included)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QWidget


def fit_to_screen(widget: QWidget, width: int, height: int, margin: int = 48) -> None:
    """Resize ``widget`` to ``width`` x ``height``, or less so that it fits the available
    area of its screen (leaving room for the title bar and panels)."""
    screen = widget.screen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, area.width() - margin // 2)
        height = min(height, area.height() - margin)
    widget.resize(max(width, 200), max(height, 200))


def fit_to_content(
    dialog: QWidget,
    width_chars: int,
    scrolled: QWidget | None = None,
    min_height: int = 0,
) -> None:
    """Size ``dialog`` to its content at the current font: ``width_chars`` average
    characters wide and as tall as its layout wants (with ``scrolled``, the widget inside
    its scroll area, at full height), then shrink it to the screen as
    :func:`fit_to_screen` does. The scroll area takes what does not fit; the buttons
    below it stay visible."""
    fm = dialog.fontMetrics()
    width = fm.averageCharWidth() * width_chars
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    if scrolled is not None:
        # never narrower than the content's minimum: a longer translation would scroll
        width = max(width, scrolled.minimumSizeHint().width() + 40)
    height = dialog.sizeHint().height()
    if scrolled is not None:
        inner = width - 40
        body = (
            scrolled.heightForWidth(inner)
            if scrolled.hasHeightForWidth()
            else scrolled.sizeHint().height()
        )
        scroll = scrolled.parentWidget()
        while scroll is not None and not isinstance(scroll, QAbstractScrollArea):
            scroll = scroll.parentWidget()
        shown = scroll.sizeHint().height() if scroll is not None else 0
        height += body - shown + 8
    fit_to_screen(dialog, width, max(height, min_height))
