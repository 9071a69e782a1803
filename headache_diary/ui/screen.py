"""Window sizes that fit the screen they open on (a 1366x768 laptop included)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def fit_to_screen(widget: QWidget, width: int, height: int, margin: int = 48) -> None:
    """Resize ``widget`` to ``width`` x ``height``, or less so that it fits the available
    area of its screen (leaving room for the title bar and panels)."""
    screen = widget.screen()
    if screen is not None:
        area = screen.availableGeometry()
        width = min(width, area.width() - margin // 2)
        height = min(height, area.height() - margin)
    widget.resize(max(width, 200), max(height, 200))
