"""The PDF summary (QPdfWriter, QPainter, QSvgRenderer).

Importing the package imports Qt and lightens its import hook
(:mod:`headache_diary.report.pyside_imports`) before matplotlib is imported for the
charts.
"""

import PySide6.QtCore  # noqa: F401  (loads the hook that lighten() replaces)

from headache_diary.report.pyside_imports import lighten

lighten()
