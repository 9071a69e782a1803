"""The window (PySide6 widgets).

Importing the package imports Qt and lightens its import hook
(:mod:`headache_diary.report.pyside_imports`) before the window's other imports.
"""

import PySide6.QtCore  # noqa: F401  (loads the hook that lighten() replaces)

from headache_diary.report.pyside_imports import lighten

lighten()
