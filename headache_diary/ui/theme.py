"""Colours that follow the system's light or dark palette.

Text colours are never hard-coded on their own: a widget either uses the palette's roles
(``WindowText``, ``PlaceholderText``, a disabled label for muted text) or sets a text
colour together with the background it sits on (the calendar's cells, the toggle
buttons). The one accent that has no palette role, the colour of a problem message, is
picked here for the palette in use: a deep red on a light window, a light red on a dark
one, both readable (contrast above 4.5:1 on the window colour).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

ERROR_LIGHT = "#b00020"
ERROR_DARK = "#ff8a80"


def palette_of(widget: QWidget | None = None) -> QPalette:
    if widget is not None:
        return widget.palette()
    return QApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window background is darker than its text (a dark theme)."""
    pal = palette or QApplication.palette()
    window = pal.color(QPalette.ColorRole.Window)
    text = pal.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


def error_color(palette: QPalette | None = None) -> QColor:
    return QColor(ERROR_DARK if is_dark(palette) else ERROR_LIGHT)


def error_style(palette: QPalette | None = None) -> str:
    """A style sheet for a problem message in the palette in use."""
    return f"color: {error_color(palette).name()};"


def muted_color(palette: QPalette | None = None) -> QColor:
    """The palette's placeholder text colour: for secondary text and day numbers."""
    pal = palette or QApplication.palette()
    return pal.color(QPalette.ColorRole.PlaceholderText)


#: secondary text: the palette's placeholder colour, through a style sheet so that it
#: follows the palette in use. A disabled label (how muted text was shown first) is drawn
#: in the disabled colour, 1.7:1 on Fusion's light window; this is 5.2:1 there, and a
#: screen reader does not call it unavailable.
MUTED_STYLE = "color: palette(placeholder-text);"  # i18n: style sheet


def mute(widget: QWidget) -> None:
    """Show ``widget``'s text as secondary text (see :data:`MUTED_STYLE`)."""
    own = widget.styleSheet().strip()
    widget.setStyleSheet(f"{own} {MUTED_STYLE}".strip() if own else MUTED_STYLE)


def heading(text: str) -> QLabel:
    """A section heading of the Analysis tab: bold, 15 % larger, space above it."""
    lab = QLabel(text)
    font = lab.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    lab.setFont(font)
    lab.setContentsMargins(0, 10, 0, 2)
    return lab
